import type { Catalog } from './types.ts';

/** Added, removed and changed keys of one kind of catalog item, in document order. */
export interface KindChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** What differs between two catalogs. */
export interface CatalogChanges {
  /** Header fields that differ (`number`, `issuer`, `issued`, `title`). */
  document: string[];
  /** Tasks by id (`"7"`, `"G1"`): changed = title, section or any paragraph or assignment differs. */
  tasks: KindChanges;
  /** Agencies by name: changed = group flag, full name or aliases differ. */
  agencies: KindChanges;
  /** Targets by id (`T1`…): changed = text, deadline, task or responsible differ. */
  targets: KindChanges;
  /** Obligations by id (`O1`…). */
  obligations: KindChanges;
}

/**
 * Compares two catalogs item by item (pure). `before` null means nothing was imported yet: every
 * item is added.
 */
export function diffCatalogs(before: Catalog | null, after: Catalog): CatalogChanges {
  const doc = (['number', 'issuer', 'issued', 'title'] as const).filter(
    (k) => before?.document[k] !== after.document[k],
  );
  return {
    document: before ? doc : [],
    tasks: diffBy(before?.tasks ?? [], after.tasks, (t) => t.id),
    agencies: diffBy(before?.agencies ?? [], after.agencies, (a) => a.name),
    targets: diffBy(before?.targets ?? [], after.targets, (t) => t.id),
    obligations: diffBy(before?.obligations ?? [], after.obligations, (o) => o.id),
  };
}

/** True when {@link diffCatalogs} found nothing. */
export function isUnchanged(c: CatalogChanges): boolean {
  return (
    c.document.length === 0 &&
    [c.tasks, c.agencies, c.targets, c.obligations].every(
      (k) => k.added.length + k.removed.length + k.changed.length === 0,
    )
  );
}

function diffBy<T>(before: readonly T[], after: readonly T[], id: (x: T) => string): KindChanges {
  const old = new Map(before.map((x) => [id(x), x]));
  const now = new Map(after.map((x) => [id(x), x]));
  return {
    added: after.map(id).filter((k) => !old.has(k)),
    removed: before.map(id).filter((k) => !now.has(k)),
    changed: after.filter((x) => old.has(id(x)) && stable(old.get(id(x))) !== stable(x)).map(id),
  };
}

/** JSON with sorted keys, so that field order does not count as a change. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val)
            .sort(([a], [b]) => a.localeCompare(b))
            .filter(([, x]) => x !== undefined),
        )
      : val,
  );
}
