import type { Agency, Catalog, DirectoryEntry } from './types.ts';

/**
 * Successors of merged or renamed bodies (issue 14 item 1): `config/agencies.yaml` gives an entry
 * `successor` (the canonical name of the body that took its duties over) and `since` (`YYYY-MM-DD`, the
 * first day the successor holds them). A report due on or after `since` is owed by the successor — one
 * report however many predecessors it absorbed (省工商局, 省质监局, 省食品药品监管局 → 省市场监管局);
 * one due before it by the body the document names. Chains are followed (A → B → C, each from its date).
 */
export interface Succession {
  /** The body that owes a report due on `date` (`YYYY-MM-DD`) in place of `agency`: its successor on that date, else itself. */
  at(agency: string, date: string): string;
  /** `agencies` on `date`, each replaced by {@link at}, first occurrence kept (order of `agencies`); the same array when nothing changes. */
  allAt(agencies: readonly string[], date: string): readonly string[];
  /**
   * The bodies whose duties `agency` took over, directly or down a chain (省工商局, 省质监局, 省食品药品监管局
   * for 省市场监管局), in directory order; with `date` (`YYYY-MM-DD`) only those whose duties had passed to
   * `agency` by then (every link's `since` ≤ `date`). Empty for a body that replaced none.
   */
  predecessorsOf(agency: string, date?: string): string[];
  /** The entry's direct successor and its date, if any. */
  successorOf(agency: string): { successor: string; since: string } | undefined;
  /** Number of entries with a successor (0: the directory names none). */
  readonly size: number;
}

/** Builds the succession of a directory (entries without `successor` are ignored). Pure. */
export function createSuccession(
  directory: readonly Pick<DirectoryEntry, 'name' | 'successor' | 'since'>[],
): Succession {
  const next = new Map<string, { successor: string; since: string }>();
  for (const e of directory) if (e.successor && e.since) next.set(e.name, { successor: e.successor, since: e.since });
  const at = (agency: string, date: string): string => {
    let a = agency;
    // A chain is at most as long as the directory (config validation refuses cycles).
    for (let i = 0; i <= next.size; i++) {
      const s = next.get(a);
      if (!s || s.since > date) return a;
      a = s.successor;
    }
    return a;
  };
  return {
    at,
    allAt(agencies, date) {
      if (!next.size || !agencies.some((a) => next.has(a))) return agencies;
      return [...new Set(agencies.map((a) => at(a, date)))];
    },
    predecessorsOf(agency, date) {
      const out: string[] = [];
      for (const name of next.keys()) {
        if (name === agency) continue;
        let a = name;
        for (let i = 0; i <= next.size && a !== agency; i++) {
          const s = next.get(a);
          if (!s || (date !== undefined && s.since > date)) break;
          a = s.successor;
        }
        if (a === agency) out.push(name);
      }
      return out;
    },
    successorOf: (agency) => next.get(agency),
    size: next.size,
  };
}

/** One list of agencies per (catalog agencies, directory) pair, so that `findAgency` keeps its cached index. */
const WITH_SUCCESSORS = new WeakMap<readonly Agency[], WeakMap<readonly DirectoryEntry[], Agency[]>>();

/**
 * The catalog's agencies plus every directory entry the document does not name (the successors 省市场监管局,
 * 省自然资源厅… among them): the bodies a user may name when recording or asking about a report
 * (`findAgency({ agencies: withSuccessors(catalog, directory) }, name)`; one rule for the CLI, Slack, the
 * board and the calendar feed). Catalog order, then directory order.
 */
export function withSuccessors(catalog: Pick<Catalog, 'agencies'>, directory: readonly DirectoryEntry[]): Agency[] {
  let byDirectory = WITH_SUCCESSORS.get(catalog.agencies);
  if (!byDirectory) {
    byDirectory = new WeakMap();
    WITH_SUCCESSORS.set(catalog.agencies, byDirectory);
  }
  let out = byDirectory.get(directory);
  if (!out) {
    const known = new Set(catalog.agencies.map((a) => a.name));
    const extra = directory
      .filter((e) => !known.has(e.name))
      .map(
        (e): Agency => ({
          name: e.name,
          group: false,
          ...(e.fullName ? { fullName: e.fullName } : {}),
          ...(e.aliases.length ? { aliases: [...e.aliases] } : {}),
        }),
      );
    out = [...catalog.agencies, ...extra];
    byDirectory.set(directory, out);
  }
  return out;
}
