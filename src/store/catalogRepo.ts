import {
  type AgencyMatch,
  type Catalog,
  type CatalogChanges,
  diffCatalogs,
  findAgency,
  isUnchanged,
} from '../catalog/index.ts';
import { type Db, writeTransaction } from './openStore.ts';

/** Where the imported text came from. */
export interface CatalogSource {
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Path as given to `pprd import` (for display). */
  file: string;
  /** Import instant, ISO UTC; default `new Date().toISOString()` (the store is shell, not core). */
  importedAt?: string;
}

/** Result of {@link importCatalog}. */
export interface ImportResult {
  /** False when the same document (same bytes, same catalog) was already imported: nothing was written. */
  changed: boolean;
  /** True when the database held no catalog before. */
  first: boolean;
  /** Differences from the previous catalog (everything `added` on the first import). */
  changes: CatalogChanges;
  /** The previous import's source, when there was one. */
  previous: { sha256: string; file: string; importedAt: string; number: string } | null;
}

/** The stored document row with its source. */
export interface StoredDocumentSource {
  sha256: string;
  file: string;
  importedAt: string;
  number: string;
}

/**
 * Stores `catalog` as the one current catalog, in ONE transaction (all or nothing).
 *
 * Same bytes (sha256) and same catalog as stored: nothing is written, `changed: false`. Otherwise
 * the stored catalog is replaced: tasks, agencies, targets and obligations are upserted by key and
 * removed keys deleted (so other tables can reference them); their child rows (paragraphs,
 * assignments, aliases, responsible, who) are rewritten. `changes` says what differs.
 *
 * @throws SqliteError when the database refuses the write (e.g. another table still references a
 *   removed target); the transaction is rolled back and the stored catalog stays as it was.
 */
export function importCatalog(db: Db, catalog: Catalog, source: CatalogSource): ImportResult {
  // BEGIN IMMEDIATE: the comparison and the write see the same catalog.
  return writeTransaction(db, (): ImportResult => {
    const previous = storedSource(db);
    const before = previous ? loadCatalog(db) : null;
    const changes = diffCatalogs(before, catalog);
    const same =
      previous !== null &&
      previous.sha256 === source.sha256 &&
      isUnchanged(changes) &&
      sameWarnings(db, catalog.warnings);
    if (same) return { changed: false, first: false, changes, previous };
    writeCatalog(db, catalog, source);
    return { changed: true, first: previous === null, changes, previous };
  });
}

function sameWarnings(db: Db, warnings: string[]): boolean {
  const stored = (db.prepare('SELECT name FROM catalog_warnings ORDER BY position').all() as { name: string }[]).map(
    (r) => r.name,
  );
  return JSON.stringify(stored) === JSON.stringify(warnings);
}

/** The stored document's source (sha256, file, import instant, number), or null before any import. */
export function storedSource(db: Db): StoredDocumentSource | null {
  const row = db
    .prepare(
      'SELECT source_sha256 AS sha256, source_file AS file, imported_at AS importedAt, number FROM catalog_document WHERE id = 1',
    )
    .get() as StoredDocumentSource | undefined;
  return row ?? null;
}

function writeCatalog(db: Db, c: Catalog, source: CatalogSource): void {
  const importedAt = source.importedAt ?? new Date().toISOString();
  // Child rows first: they are rewritten whole.
  for (const t of [
    'assignments',
    'task_paragraphs',
    'agency_aliases',
    'target_responsible',
    'obligation_who',
    'catalog_warnings',
  ])
    db.prepare(`DELETE FROM ${t}`).run();

  db.prepare(
    `INSERT INTO catalog_document (id, number, issuer, issued, title, source_file, source_sha256, imported_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET number = excluded.number, issuer = excluded.issuer, issued = excluded.issued, title = excluded.title,
       source_file = excluded.source_file, source_sha256 = excluded.source_sha256, imported_at = excluded.imported_at`,
  ).run(
    c.document.number,
    c.document.issuer,
    c.document.issued,
    c.document.title,
    source.file,
    source.sha256,
    importedAt,
  );

  const upsertAgency = db.prepare(
    `INSERT INTO agencies (name, position, is_group, full_name) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, is_group = excluded.is_group, full_name = excluded.full_name`,
  );
  const insAlias = db.prepare('INSERT INTO agency_aliases (agency, position, alias) VALUES (?, ?, ?)');
  c.agencies.forEach((a, i) => {
    upsertAgency.run(a.name, i + 1, a.group ? 1 : 0, a.fullName ?? null);
    (a.aliases ?? []).forEach((alias, j) => {
      insAlias.run(a.name, j + 1, alias);
    });
  });

  const upsertTask = db.prepare(
    `INSERT INTO tasks (id, position, section, section_title, title) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, section = excluded.section, section_title = excluded.section_title, title = excluded.title`,
  );
  const insPara = db.prepare(
    'INSERT INTO task_paragraphs (task_id, paragraph, line, text, has_clause) VALUES (?, ?, ?, ?, ?)',
  );
  const insAssign = db.prepare(
    'INSERT INTO assignments (task_id, paragraph, role, position, agency) VALUES (?, ?, ?, ?, ?)',
  );
  c.tasks.forEach((t, i) => {
    upsertTask.run(t.id, i + 1, t.section, t.sectionTitle, t.title);
    const byParagraph = new Map(t.assignments.map((a) => [a.paragraph, a]));
    t.paragraphs.forEach((text, j) => {
      const a = byParagraph.get(j + 1);
      // A paragraph without a clause has no assignment; its line is then unknown to the catalog (0).
      insPara.run(t.id, j + 1, a?.line ?? 0, text, a ? 1 : 0);
      if (!a) return;
      a.lead.forEach((name, k) => {
        insAssign.run(t.id, a.paragraph, 'lead', k + 1, name);
      });
      a.support.forEach((name, k) => {
        insAssign.run(t.id, a.paragraph, 'support', k + 1, name);
      });
    });
  });

  const upsertTarget = db.prepare(
    `INSERT INTO targets (id, position, text, deadline, task_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text, deadline = excluded.deadline, task_id = excluded.task_id`,
  );
  const insResp = db.prepare('INSERT INTO target_responsible (target_id, position, agency) VALUES (?, ?, ?)');
  c.targets.forEach((t, i) => {
    upsertTarget.run(t.id, i + 1, t.text, t.deadline, t.task);
    t.responsible.forEach((name, k) => {
      insResp.run(t.id, k + 1, name);
    });
  });

  const upsertObligation = db.prepare(
    `INSERT INTO obligations (id, position, text, to_name, due, task_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text, to_name = excluded.to_name, due = excluded.due, task_id = excluded.task_id`,
  );
  const insWho = db.prepare('INSERT INTO obligation_who (obligation_id, position, name) VALUES (?, ?, ?)');
  c.obligations.forEach((o, i) => {
    upsertObligation.run(o.id, i + 1, o.text, o.to, o.due ? JSON.stringify(o.due) : null, o.task);
    o.who.forEach((name, k) => {
      insWho.run(o.id, k + 1, name);
    });
  });

  const insWarn = db.prepare('INSERT INTO catalog_warnings (position, name) VALUES (?, ?)');
  c.warnings.forEach((w, i) => {
    insWarn.run(i + 1, w);
  });

  // Remove keys the new catalog no longer has (after their children are gone).
  deleteMissing(
    db,
    'targets',
    'id',
    c.targets.map((t) => t.id),
  );
  deleteMissing(
    db,
    'obligations',
    'id',
    c.obligations.map((o) => o.id),
  );
  deleteMissing(
    db,
    'tasks',
    'id',
    c.tasks.map((t) => t.id),
  );
  deleteMissing(
    db,
    'agencies',
    'name',
    c.agencies.map((a) => a.name),
  );
}

function deleteMissing(db: Db, table: string, key: string, keep: string[]): void {
  const rows = db.prepare(`SELECT ${key} AS k FROM ${table}`).all() as { k: string }[];
  const keepSet = new Set(keep);
  const del = db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`);
  for (const r of rows) if (!keepSet.has(r.k)) del.run(r.k);
}

/**
 * Reads the stored catalog back, exactly as it was imported (same order, same fields), or null when
 * nothing was imported yet. Planner, delivery and Slack read the catalog through this.
 */
export function loadCatalog(db: Db): Catalog | null {
  const doc = db.prepare('SELECT number, issuer, issued, title FROM catalog_document WHERE id = 1').get() as
    | Catalog['document']
    | undefined;
  if (!doc) return null;

  const aliasRows = db.prepare('SELECT agency, alias FROM agency_aliases ORDER BY agency, position').all() as {
    agency: string;
    alias: string;
  }[];
  const aliases = new Map<string, string[]>();
  for (const r of aliasRows) aliases.set(r.agency, [...(aliases.get(r.agency) ?? []), r.alias]);
  const agencies = (
    db.prepare('SELECT name, is_group, full_name FROM agencies ORDER BY position').all() as {
      name: string;
      is_group: number;
      full_name: string | null;
    }[]
  ).map((r) => ({
    name: r.name,
    group: r.is_group === 1,
    ...(r.full_name !== null ? { fullName: r.full_name } : {}),
    ...(aliases.has(r.name) ? { aliases: aliases.get(r.name)! } : {}),
  }));

  const paraRows = db
    .prepare('SELECT task_id, paragraph, line, text, has_clause FROM task_paragraphs ORDER BY task_id, paragraph')
    .all() as {
    task_id: string;
    paragraph: number;
    line: number;
    text: string;
    has_clause: number;
  }[];
  const assignRows = db
    .prepare('SELECT task_id, paragraph, role, agency FROM assignments ORDER BY task_id, paragraph, role, position')
    .all() as {
    task_id: string;
    paragraph: number;
    role: 'lead' | 'support';
    agency: string;
  }[];
  const tasks = (
    db.prepare('SELECT id, section, section_title, title FROM tasks ORDER BY position').all() as {
      id: string;
      section: string;
      section_title: string;
      title: string;
    }[]
  ).map((t) => ({
    id: t.id,
    section: t.section,
    sectionTitle: t.section_title,
    title: t.title,
    paragraphs: [] as string[],
    assignments: [] as Catalog['tasks'][number]['assignments'],
  }));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  for (const p of paraRows) {
    const t = taskById.get(p.task_id)!;
    t.paragraphs.push(p.text);
    if (p.has_clause) t.assignments.push({ paragraph: p.paragraph, line: p.line, lead: [], support: [] });
  }
  for (const a of assignRows) {
    const t = taskById.get(a.task_id)!;
    t.assignments.find((x) => x.paragraph === a.paragraph)![a.role].push(a.agency);
  }

  const respRows = db
    .prepare('SELECT target_id, agency FROM target_responsible ORDER BY target_id, position')
    .all() as { target_id: string; agency: string }[];
  const targets = (
    db.prepare('SELECT id, text, deadline, task_id FROM targets ORDER BY position').all() as {
      id: string;
      text: string;
      deadline: string;
      task_id: string | null;
    }[]
  ).map((t) => ({
    id: t.id,
    text: t.text,
    deadline: t.deadline,
    task: t.task_id,
    responsible: respRows.filter((r) => r.target_id === t.id).map((r) => r.agency),
  }));

  const whoRows = db
    .prepare('SELECT obligation_id, name FROM obligation_who ORDER BY obligation_id, position')
    .all() as { obligation_id: string; name: string }[];
  const obligations = (
    db.prepare('SELECT id, text, to_name, due, task_id FROM obligations ORDER BY position').all() as {
      id: string;
      text: string;
      to_name: string;
      due: string | null;
      task_id: string | null;
    }[]
  ).map((o) => ({
    id: o.id,
    text: o.text,
    who: whoRows.filter((w) => w.obligation_id === o.id).map((w) => w.name),
    to: o.to_name,
    due: o.due === null ? null : (JSON.parse(o.due) as string[]),
    task: o.task_id,
  }));

  const warnings = (db.prepare('SELECT name FROM catalog_warnings ORDER BY position').all() as { name: string }[]).map(
    (r) => r.name,
  );
  return {
    document: { number: doc.number, issuer: doc.issuer, issued: doc.issued, title: doc.title },
    tasks,
    agencies,
    targets,
    obligations,
    warnings,
  };
}

/**
 * Finds an agency of the stored catalog by canonical, full or alias name (see catalog's
 * `findAgency` for the matching rules and suggestions). Null when nothing was imported yet.
 */
export function findAgencyInStore(db: Db, name: string, limit?: number): AgencyMatch | null {
  const catalog = loadCatalog(db);
  return catalog ? findAgency(catalog, name, limit) : null;
}
