import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  agencyDuties,
  agencySuggestions,
  type Catalog,
  type CatalogChanges,
  CatalogParseError,
  createSuccession,
  type DocumentReading,
  decodeText,
  didYouMean,
  diffCatalogs,
  findAgency,
  type KindChanges,
  readDocument,
  type Task,
  withSuccessors,
} from '../../catalog/index.ts';
import {
  CONFIG_SCHEMA_DIR,
  type ConfigFiles,
  formatProblem,
  loadConfig,
  loadDirectory,
  writeConfigSchemas,
} from '../../config/index.ts';
import type { DirectoryEntry } from '../../config/types.ts';
import {
  type Db,
  type ImportResult,
  importCatalog,
  loadCatalog,
  openStore,
  readStoredCatalog,
} from '../../store/index.ts';
import { action, CliError, noCatalog } from '../errors.ts';
import { commandNow } from '../instant.ts';
import { createProgress } from '../progress.ts';
import { cliSettings } from '../settings.ts';
import { starterConfig } from './starterConfig.ts';

/** The project's copy of 粤府〔2017〕8号, resolved from this file (not from the working directory). */
export const DEFAULT_DOCUMENT = fileURLToPath(
  new URL('../../../seeds/yuefu-2017-8-pprd-implementation-opinions.txt', import.meta.url),
);

/**
 * The directory of the config folder (`agencies.yaml`) and the successor note shown beside a document's
 * agency name (issue 14 item 1): ` → 省市场监管局 (since 2018-10-22)`; an empty directory and '' when it
 * cannot be read (the catalog still shows; `pprd config check` reports a broken directory).
 */
function directoryView(): {
  directory: DirectoryEntry[];
  successorOf: (agency: string) => { successor: string; since: string } | undefined;
  note: (agency: string) => string;
} {
  const { directory } = loadDirectory(join(cliSettings().configDir, 'agencies.yaml'));
  const succession = createSuccession(directory);
  return {
    directory,
    successorOf: (agency) => succession.successorOf(agency),
    note: (agency) => {
      const s = succession.successorOf(agency);
      return s ? ` → ${s.successor} (since ${s.since})` : '';
    },
  };
}

/** What `pprd import` needs; defaults as the CLI applies them. */
export interface ImportOptions {
  /** Policy text to import; default {@link DEFAULT_DOCUMENT}. */
  file?: string;
  /** SQLite path; default `PPRD_DB` or `data/pprd.sqlite`. */
  dbPath?: string;
  /** Folder holding `agencies.yaml`; default `PPRD_CONFIG` or `config`. */
  configDir?: string;
  /**
   * Allow a document that drops tasks of the stored catalog (`pprd import FILE --replace`). Without it,
   * such an import is refused: a file cut short would otherwise wipe most of the catalog.
   */
  replace?: boolean;
  /**
   * `configDir`'s files as already read (`readConfigFiles`: the service's start reads `config/` once);
   * default: read them from `configDir`.
   */
  configFiles?: ConfigFiles;
  /** Told after each step (read and parsed, checked against the config, stored): `done` of `total`, and the next step. */
  onStep?: (done: number, total: number, next: string) => void;
}

/** Result of {@link importDocumentFile}: the parsed catalog, the store's answer, the file shown to users. */
export interface ImportOutcome {
  file: string;
  catalog: Catalog;
  result: ImportResult;
}

/**
 * Reads, parses and stores a policy document (the work of `pprd import`). Everything is checked
 * before the database is opened for writing; the write is one transaction.
 *
 * @throws CliError exit 2 with a one-line message naming the file (and line) and the fix: missing or
 *   unreadable file, bytes not UTF-8, empty file, no numbered tasks, an agency clause that does not
 *   close, a bad `agencies.yaml`; a document that would drop tasks of the stored catalog (unless
 *   `replace`), or with which the config in `configDir` would be invalid (e.g. `leadsOf: [G4]` and no G4).
 */
export function importDocumentFile(options: ImportOptions = {}): ImportOutcome {
  const step = options.onStep ?? (() => {});
  step(0, 3, 'reading');
  const read = readDocumentFile(options);
  const { file, catalog, sha256, configDir } = read;
  refuseUnread(read);
  step(1, 3, 'checking the config');
  const db = openStore(options.dbPath ?? cliSettings().dbPath);
  try {
    const refusal = importRefusal(file, loadCatalog(db), catalog, configDir, options.replace, options.configFiles);
    if (refusal) throw refusal;
    step(2, 3, 'storing');
    const result = importCatalog(db, catalog, { sha256, file });
    step(3, 3, 'done');
    return { file, catalog, result };
  } finally {
    db.close();
  }
}

/** A document file as read for `pprd import` and `pprd init`: nothing stored yet. */
export interface DocumentFileReading extends DocumentReading {
  /** The path as shown to users. */
  file: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  /** The config folder whose `agencies.yaml` was used. */
  configDir: string;
}

/**
 * Reads and parses a document file with the directory of the config folder, collecting the clauses
 * it cannot read (`readDocument`); writes nothing.
 *
 * @throws CliError exit 2: missing or unreadable file, bytes not UTF-8, empty file, no numbered
 *   tasks, a task number used twice, a bad `agencies.yaml`
 */
export function readDocumentFile(
  options: Pick<ImportOptions, 'file' | 'configDir' | 'configFiles'> & { directory?: DirectoryEntry[] } = {},
): DocumentFileReading {
  const path = options.file ?? DEFAULT_DOCUMENT;
  const file = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (cause as Error).message;
    throw new CliError(
      'DOCUMENT_UNREADABLE',
      `${file}: cannot read the document (${why}) — fix: give the path of the policy text, or run \`pprd import\` with no argument for the document in seeds/`,
      2,
      { cause },
    );
  }
  const configDir = options.configDir ?? cliSettings().configDir;
  let directory = options.directory;
  if (!directory) {
    const loaded = loadDirectory(join(configDir, 'agencies.yaml'), options.configFiles?.agencies);
    if (loaded.problems.length > 0) {
      const more =
        loaded.problems.length > 1
          ? ` (and ${loaded.problems.length - 1} more problem${loaded.problems.length > 2 ? 's' : ''})`
          : '';
      throw new CliError('DIRECTORY_INVALID', `${formatProblem(loaded.problems[0])}${more}`, 2);
    }
    directory = loaded.directory;
  }
  try {
    const reading = readDocument(decodeText(bytes, file), directory, { file });
    return { ...reading, file, sha256: createHash('sha256').update(bytes).digest('hex'), configDir };
  } catch (err) {
    if (err instanceof CatalogParseError) throw new CliError(err.code, err.message, 2, { cause: err });
    throw err;
  }
}

/** Refuses a document with clauses the reader cannot read: the first one's message, and how many more. */
function refuseUnread(r: DocumentFileReading): void {
  if (r.unread.length === 0) return;
  const first = r.unread[0];
  const more =
    r.unread.length > 1
      ? ` (and ${r.unread.length - 1} more clause${r.unread.length > 2 ? 's' : ''} it cannot read: run \`pprd import ${r.file} --dry-run\` to see every one)`
      : '';
  throw new CliError(first.code, `${first.message}${more}`, 2);
}

/**
 * Why storing `catalog` over `stored` would be refused, or null: it would drop tasks (unless
 * `replace`), or the config in `configDir` would be invalid with it (e.g. `leadsOf: [G4]` and no G4).
 */
function importRefusal(
  file: string,
  stored: Catalog | null,
  catalog: Catalog,
  configDir: string,
  replace?: boolean,
  files?: ConfigFiles,
): CliError | null {
  const removed = diffCatalogs(stored, catalog).tasks.removed;
  if (removed.length > 0 && !replace) {
    const list = removed.length > 8 ? `${removed.slice(0, 8).join(', ')}, …` : removed.join(', ');
    return new CliError(
      'IMPORT_REMOVES_TASKS',
      `${file}: not imported, it would remove ${removed.length} task${removed.length === 1 ? '' : 's'} of the stored catalog (${list}) — fix: check that the file is complete (not cut short); if the document really dropped them, run \`pprd import ${file} --replace\``,
      2,
    );
  }
  // The config must stay valid with the new catalog (task ids of `leadsOf`, agency names): check
  // before writing, so that a refused import leaves the database and the running service as they were.
  const { problems } = loadConfig(configDir, { catalog, env: cliSettings().env, files });
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; run \`pprd config check\`)` : '';
    return new CliError(
      'CONFIG_INVALID_FOR_DOCUMENT',
      `${file}: not imported, the configuration would be invalid with this document: ${formatProblem(problems[0])}${more}`,
      2,
    );
  }
  return null;
}

/** What `pprd import FILE --dry-run` found: the reading, the stored catalog, and why a real import would be refused. */
export interface DryRun {
  reading: DocumentFileReading;
  stored: Catalog | null;
  /** The refusal a real import would meet (unread clauses first), or null when it would be stored. */
  refusal: CliError | null;
}

/**
 * `pprd import FILE --dry-run` (issue 16): reads the document and compares it with the stored
 * catalog, opening the database read-only; nothing is written anywhere.
 *
 * @throws CliError exit 2 for the file errors of {@link readDocumentFile}
 */
export function dryRunImport(options: ImportOptions = {}): DryRun {
  const reading = readDocumentFile(options);
  const stored = readStoredCatalog(options.dbPath ?? cliSettings().dbPath);
  let refusal: CliError | null = null;
  try {
    refuseUnread(reading);
  } catch (err) {
    refusal = err as CliError;
  }
  refusal ??= importRefusal(reading.file, stored, reading.catalog, reading.configDir, options.replace);
  return { reading, stored, refusal };
}

/** Lines `pprd import FILE --dry-run` prints: what would be stored, every clause it cannot read, the verdict. */
export function formatDryRun(d: DryRun): string[] {
  const { reading: r, stored } = d;
  const c = r.catalog;
  const doc = c.document;
  const lines = [
    `dry run of ${r.file}: nothing is written`,
    `document: ${r.identity}${doc.number ? ` ${doc.title}` : ''} (${doc.issuer || 'issuer not stated'}, ${doc.issued || 'date not stated'})`,
  ];
  for (const w of r.headerWarnings) lines.push(`warning: ${w}`);
  lines.push(
    `would store: ${c.tasks.length} tasks, ${c.agencies.length} agencies (${c.agencies.filter((a) => a.group).length} groups), ${c.targets.length} targets, ${c.obligations.length} obligations`,
  );
  for (const t of c.tasks) {
    lines.push(`  ${taskHeadline(t)}`);
    for (const a of t.assignments)
      lines.push(
        `      ¶${a.paragraph} (line ${a.line}): ${clauseText(a.lead, a.support) || '(no agencies)'}${a.lead.length ? '' : ' — no lead'}`,
      );
    if (t.assignments.length === 0) lines.push('      no agency clause');
  }
  for (const x of c.targets)
    lines.push(`  target ${x.id} ${x.deadline} ${x.task ? `task ${x.task}` : 'general'}: ${short(x.text)}`);
  for (const o of c.obligations)
    lines.push(`  obligation ${o.id} ${o.who.join('、')} -> ${o.to}, due ${o.due ? o.due.join(', ') : 'not stated'}`);
  for (const w of c.warnings) lines.push(`warning: ${missingAgencyWarning(w)}`);
  if (r.unread.length > 0) {
    lines.push(`cannot read ${r.unread.length} clause${r.unread.length === 1 ? '' : 's'}:`);
    for (const u of r.unread) lines.push(`  ${u.message}`, `    line ${u.line}: ${u.text.replace(/\n/g, ' / ')}`);
  }
  if (stored)
    lines.push(
      `compared with the stored ${stored.document.number || stored.document.title}:`,
      ...formatChanges(diffCatalogs(stored, c)),
    );
  else lines.push('no catalog stored yet');
  lines.push(
    d.refusal
      ? `result: would NOT be imported: ${d.refusal.message}`
      : 'result: would be imported (run the command again without --dry-run)',
  );
  return lines;
}

/** What `pprd init` did. */
export interface InitOutcome {
  dir: string;
  files: string[];
  imported: ImportOutcome;
}

/**
 * `pprd init FILE [--dir DIR]` (issue 16): reads a document, writes a starting config for it to
 * `dir` (`starterConfig`: its agencies as the directory, its reporting duties as cycles, placeholder
 * contacts), then imports it with that config. The config is checked before anything is written.
 *
 * @throws CliError exit 2: the file errors of {@link readDocumentFile}; clauses it cannot read; a
 *   config file already in `dir` (unless `force`); an import refusal (e.g. another document is stored)
 */
export function initFromDocument(options: {
  file: string;
  dir: string;
  dbPath?: string;
  force?: boolean;
  replace?: boolean;
  /** The command's date `YYYY-MM-DD` (Asia/Shanghai): cycles start at the period in progress then. */
  today: string;
}): InitOutcome {
  const current = loadDirectory(join(cliSettings().configDir, 'agencies.yaml'));
  const reading = readDocumentFile({ file: options.file, directory: current.problems.length ? [] : current.directory });
  refuseUnread(reading);
  const files = starterConfig(reading.catalog, options.today);
  const names = Object.keys(files) as (keyof typeof files)[];
  const existing = names.filter((n) => existsSync(join(options.dir, n)));
  if (existing.length > 0 && !options.force) {
    throw new CliError(
      'CONFIG_EXISTS',
      `${options.dir}: already holds ${existing.join(', ')}; nothing written — fix: give another folder with --dir, or add --force to overwrite them`,
      2,
    );
  }
  mkdirSync(options.dir, { recursive: true });
  for (const n of names) writeFileSync(join(options.dir, n), files[n]);
  // Each file names its schema on its first line: editors check it as it is filled in.
  writeConfigSchemas(join(options.dir, CONFIG_SCHEMA_DIR));
  const imported = importDocumentFile({
    file: options.file,
    dbPath: options.dbPath,
    configDir: options.dir,
    replace: options.replace,
  });
  return { dir: options.dir, files: names.map((n) => join(options.dir, n)), imported };
}

function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Lines `pprd import` prints for an outcome. */
export function formatImport(o: ImportOutcome): string[] {
  const { catalog: c, result: r, file } = o;
  const doc = `${c.document.number} ${c.document.title}`;
  const lines: string[] = [];
  const counts = `${c.tasks.length} tasks, ${c.agencies.length} agencies (${c.agencies.filter((a) => a.group).length} groups), ${c.targets.length} targets, ${c.obligations.length} obligations`;
  if (!r.changed) {
    lines.push(
      `unchanged: ${doc} is already imported from the same text (sha256 ${r.previous?.sha256.slice(0, 12)}…); nothing written`,
    );
  } else if (r.first) {
    lines.push(`imported ${doc} (${c.document.issuer}, ${c.document.issued}) from ${file}: ${counts}`);
  } else {
    lines.push(`updated ${doc} from ${file}: ${counts}`);
    lines.push(...formatChanges(r.changes));
  }
  for (const w of c.warnings)
    lines.push(
      `warning: "${w}" is used by the text but missing from agencies.yaml — fix: add it with its full name (or as an alias of an existing agency)`,
    );
  return lines;
}

/** The document and counts of a catalog, as the JSON of `pprd import --json` gives them. */
function catalogSummary(c: Catalog) {
  return {
    document: {
      number: c.document.number,
      title: c.document.title,
      issuer: c.document.issuer,
      issued: c.document.issued,
    },
    counts: {
      tasks: c.tasks.length,
      agencies: c.agencies.length,
      groups: c.agencies.filter((a) => a.group).length,
      targets: c.targets.length,
      obligations: c.obligations.length,
    },
  };
}

/** The warning of a name the text uses that the directory lacks (`pprd import`, text and JSON). */
function missingAgencyWarning(name: string): string {
  return `"${name}" is used by the text but missing from agencies.yaml — fix: add it with its full name (or as an alias of an existing agency)`;
}

/**
 * `pprd import --json` (issue 15): `{result: imported|updated|unchanged, file, sha256?, document: {number,
 * title, issuer, issued}, counts: {tasks, agencies, groups, targets, obligations}, changes, warnings}`;
 * `changes` is `diffCatalogs`' (everything added on a first import), `warnings` the lines also printed on stderr.
 */
export function importJson(o: ImportOutcome) {
  const r = o.result;
  return {
    result: !r.changed ? 'unchanged' : r.first ? 'imported' : 'updated',
    file: o.file,
    ...catalogSummary(o.catalog),
    changes: r.changes,
    warnings: o.catalog.warnings.map(missingAgencyWarning),
  };
}

/**
 * `pprd import FILE --dry-run --json`: `{dryRun: true, file, sha256, document, counts, unread: [{line, code,
 * message}], changes (against the stored catalog, or null when none is stored), refusal: {code, message} | null}`.
 */
export function dryRunJson(d: DryRun) {
  const r = d.reading;
  return {
    dryRun: true,
    file: r.file,
    sha256: r.sha256,
    ...catalogSummary(r.catalog),
    unread: r.unread.map((u) => ({ line: u.line, code: u.code, message: u.message })),
    changes: d.stored ? diffCatalogs(d.stored, r.catalog) : null,
    warnings: [...r.headerWarnings, ...r.catalog.warnings.map(missingAgencyWarning)],
    refusal: d.refusal ? { code: d.refusal.code, message: d.refusal.message } : null,
  };
}

/** One line per kind that changed: `tasks: 1 added (31), 2 changed (7, 8)`; a line saying nothing differs when so. */
export function formatChanges(ch: CatalogChanges): string[] {
  const out: string[] = [];
  if (ch.document.length) out.push(`  document: ${ch.document.join(', ')} changed`);
  const kind = (label: string, k: KindChanges) => {
    const parts = (['added', 'removed', 'changed'] as const)
      .filter((p) => k[p].length > 0)
      .map((p) => `${k[p].length} ${p} (${k[p].join(', ')})`);
    if (parts.length) out.push(`  ${label}: ${parts.join(', ')}`);
  };
  kind('tasks', ch.tasks);
  kind('agencies', ch.agencies);
  kind('targets', ch.targets);
  kind('obligations', ch.obligations);
  if (out.length === 0) out.push('  the text changed but the catalog is the same');
  return out;
}

/** `pprd catalog --json`: the shape fixed by issue 2. */
export function catalogJson(c: Catalog) {
  return {
    document: {
      number: c.document.number,
      issuer: c.document.issuer,
      issued: c.document.issued,
      title: c.document.title,
    },
    tasks: c.tasks.map((t) => ({
      id: t.id,
      section: t.section,
      title: t.title,
      assignments: t.assignments.map((a) => ({ lead: a.lead, support: a.support })),
    })),
    agencies: c.agencies.map((a) => ({
      name: a.name,
      group: a.group,
      ...(a.fullName ? { fullName: a.fullName } : {}),
    })),
    targets: c.targets.map((t) => ({
      id: t.id,
      text: t.text,
      deadline: t.deadline,
      task: t.task,
      responsible: t.responsible,
    })),
    obligations: c.obligations.map((o) => ({ id: o.id, text: o.text, who: o.who, to: o.to, due: o.due })),
  };
}

function withCatalog<T>(fn: (c: Catalog, db: Db) => T): T {
  const db = openStore(cliSettings().dbPath);
  try {
    const c = loadCatalog(db);
    if (!c) throw noCatalog(cliSettings().dbPath);
    return fn(c, db);
  } finally {
    db.close();
  }
}

/** Prints a command's report: `warning: …` lines on stderr (issue 15: warnings apart from the data), the rest on stdout. */
function out(lines: string[]): void {
  const warnings = lines.filter((l) => l.startsWith('warning: '));
  const rest = lines.filter((l) => !l.startsWith('warning: '));
  if (rest.length) process.stdout.write(`${rest.join('\n')}\n`);
  if (warnings.length) process.stderr.write(`${warnings.join('\n')}\n`);
}

/** `--json`: one JSON object on one line of stdout. */
function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function clauseText(lead: string[], support: string[]): string {
  const parts: string[] = [];
  if (lead.length) parts.push(`lead ${lead.join('、')}`);
  if (support.length) parts.push(`support ${support.join('、')}`);
  return parts.join('; ');
}

function taskHeadline(t: Task): string {
  return `${t.id.padEnd(3)} ${t.section.padEnd(6)} ${t.title}`;
}

/**
 * The catalog commands' actions, by command name (declared in src/cli/register/catalog.ts, which imports
 * this module when one of them runs).
 */
export const actions = {
  import: action((file: string | undefined, opts: { replace?: boolean; dryRun?: boolean; json?: boolean }) => {
    if (opts.dryRun) {
      const d = dryRunImport({ file, replace: opts.replace });
      if (opts.json) outJson(dryRunJson(d));
      else out(formatDryRun(d));
      if (d.refusal) process.exitCode = 2;
      return;
    }
    const progress = createProgress('import');
    let o: ImportOutcome;
    try {
      o = importDocumentFile({ file, replace: opts.replace, onStep: progress.update });
    } finally {
      progress.end();
    }
    if (opts.json) {
      outJson(importJson(o));
      // Warnings stay on stderr too: a script reading stdout still shows them to its user.
      out(importJson(o).warnings.map((w) => `warning: ${w}`));
      return;
    }
    out(formatImport(o));
  }),

  init: action((file: string, opts: { dir?: string; force?: boolean; replace?: boolean }) => {
    const dir = opts.dir ?? cliSettings().configDir;
    const o = initFromDocument({
      file,
      dir,
      force: opts.force,
      replace: opts.replace,
      // The command's clock in the time zone init writes (Asia/Shanghai), as other commands read it.
      today: commandNow(undefined, 'Asia/Shanghai').slice(0, 10),
    });
    out([
      ...formatImport(o.imported),
      `wrote ${o.files.join(', ')}`,
      `next: put real contacts in ${join(dir, 'contacts.yaml')}, then \`${dir === 'config' ? '' : `PPRD_CONFIG=${dir} `}pprd config check\``,
    ]);
  }),

  catalog: catalogView({ pretty: true }, (c) => ({
    json: () => catalogJson(c),
    text: () => {
      const lines = [`${c.document.number} ${c.document.title} (${c.document.issuer}, ${c.document.issued})`, ''];
      lines.push(`tasks (${c.tasks.length}):`);
      for (const t of c.tasks) {
        const leads = [...new Set(t.assignments.flatMap((a) => a.lead))];
        lines.push(`  ${taskHeadline(t)}${leads.length ? `  — lead ${leads.join('、')}` : '  — no lead'}`);
      }
      lines.push(
        '',
        `agencies: ${c.agencies.length} (${c.agencies.filter((a) => a.group).length} groups) — see \`pprd agencies\``,
      );
      lines.push('', `targets (${c.targets.length}):`);
      for (const t of c.targets)
        lines.push(`  ${t.id} ${t.deadline} ${t.task ? `task ${t.task}` : 'general'}: ${short(t.text)}`);
      lines.push('', `obligations (${c.obligations.length}):`);
      for (const o of c.obligations)
        lines.push(
          `  ${o.id} ${o.who.join('、')} -> ${o.to}, due ${o.due ? o.due.join(', ') : 'not stated'}${o.task ? ` (${o.task})` : ''}`,
        );
      if (c.warnings.length) lines.push('', `not in the directory: ${c.warnings.join('、')}`);
      return lines;
    },
  })),

  task: catalogView({ argument: true }, (c, id) => {
    const t = c.tasks.find((x) => x.id.toLowerCase() === id.trim().toLowerCase());
    if (!t)
      throw new CliError(
        'UNKNOWN_TASK',
        `no task "${id}" — fix: use one of ${c.tasks[0]?.id}…${c.tasks[c.tasks.length - 1]?.id} (\`pprd catalog\` lists them)`,
        2,
      );
    const targets = c.targets.filter((x) => x.task === t.id);
    const obligations = c.obligations.filter((x) => x.task === t.id);
    return {
      json: () => {
        const paragraphs = t.paragraphs.map((text, i) => {
          const a = t.assignments.find((x) => x.paragraph === i + 1);
          return { n: i + 1, text, line: a?.line ?? null, lead: a?.lead ?? [], support: a?.support ?? [] };
        });
        return {
          id: t.id,
          title: t.title,
          section: t.section,
          sectionTitle: t.sectionTitle,
          paragraphs,
          targets,
          obligations,
        };
      },
      text: () => {
        const lines = [`task ${t.id} — ${t.title}`, `section ${t.section} ${t.sectionTitle}`];
        t.paragraphs.forEach((p, i) => {
          const a = t.assignments.find((x) => x.paragraph === i + 1);
          lines.push('', `¶${i + 1}${a ? ` (line ${a.line})` : ''}: ${short(p, 60)}`);
          if (a)
            lines.push(`    ${clauseText(a.lead, a.support) || '(no agencies)'}${a.lead.length ? '' : ' — no lead'}`);
        });
        if (targets.length)
          lines.push(
            '',
            'targets:',
            ...targets.map(
              (x) => `  ${x.id} ${x.deadline}: ${short(x.text)} — ${x.responsible.join('、') || 'no agency named'}`,
            ),
          );
        if (obligations.length)
          lines.push(
            '',
            'obligations:',
            ...obligations.map(
              (o) =>
                `  ${o.id} ${o.who.join('、')} -> ${o.to}, due ${o.due ? o.due.join(', ') : 'not stated'}: ${o.text}`,
            ),
          );
        return lines;
      },
    };
  }),

  agency: catalogView({ argument: true }, (c, name) => {
    // every directory entry resolves (a successor the document does not name among them); its duties
    // are its own and those of the bodies it replaced (agencyDuties with the directory)
    const dir = directoryView();
    const m = findAgency({ agencies: withSuccessors(c, dir.directory) }, name);
    if (!m.agency) {
      const hint =
        didYouMean(agencySuggestions([c.agencies, dir.directory], name)) ?? 'see `pprd agencies` for every name';
      throw new CliError('UNKNOWN_AGENCY', `no agency "${name}" in ${c.document.number} — fix: ${hint}`, 2);
    }
    const d = agencyDuties(c, m.agency.name, dir.directory)!;
    const a = d.agency;
    const successor = dir.successorOf(a.name);
    const replaces = createSuccession(dir.directory).predecessorsOf(a.name);
    return {
      json: () => {
        const roles = (rs: typeof d.led) =>
          rs.map((r) => ({
            task: r.task.id,
            title: r.task.title,
            paragraphs: r.paragraphs,
            ...(r.alsoSupports ? { alsoSupports: r.alsoSupports } : {}),
          }));
        return {
          name: a.name,
          fullName: a.fullName ?? null,
          aliases: a.aliases ?? [],
          group: a.group,
          successor: successor?.successor ?? null,
          since: successor?.since ?? null,
          replaces,
          leads: roles(d.led),
          supports: roles(d.supported),
          targets: d.targets,
          obligations: d.obligations,
          receives: d.receives,
        };
      },
      text: () => {
        const lines = [
          `${a.name}${a.fullName ? ` (${a.fullName})` : ''}${a.group ? ' — group, names no single body' : ''}`,
        ];
        const note = dir.note(a.name);
        if (note) lines.push(`successor:${note.slice(2)}: reports due from then are its`);
        if (replaces.length)
          lines.push(`replaces: ${replaces.join('、')} (their tasks, targets and obligations are its)`);
        if (a.aliases?.length) lines.push(`aliases: ${a.aliases.join('、')}`);
        const role = (label: string, rs: typeof d.led) => {
          lines.push('', `${label} (${rs.length} task${rs.length === 1 ? '' : 's'}):`);
          for (const r of rs)
            lines.push(
              `  ${taskHeadline(r.task)}  ¶${r.paragraphs.join(', ¶')}${r.alsoSupports ? ` (supports ¶${r.alsoSupports.join(', ¶')})` : ''}`,
            );
          if (rs.length === 0) lines.push('  none');
        };
        role('leads', d.led);
        role('supports', d.supported);
        lines.push('', `targets (${d.targets.length}):`);
        for (const t of d.targets) lines.push(`  ${t.id} ${t.deadline} task ${t.task ?? '-'}: ${short(t.text)}`);
        if (d.targets.length === 0) lines.push('  none');
        lines.push('', `obligations (${d.obligations.length}):`);
        for (const o of d.obligations)
          lines.push(
            `  ${o.id} reports to ${o.to}, due ${o.due ? o.due.join(', ') : 'not stated'} (${o.task ?? 'general'}; ${o.who.join('、')}): ${short(o.text)}`,
          );
        if (d.obligations.length === 0) lines.push('  none');
        if (d.receives.length)
          lines.push('', 'receives:', ...d.receives.map((o) => `  ${o.id} from ${o.who.join('、')}: ${short(o.text)}`));
        return lines;
      },
    };
  }),

  agencies: catalogView({}, (c) => ({
    json: () => {
      const dir = directoryView();
      const agencies = c.agencies.map((a) => {
        const d = agencyDuties(c, a.name)!;
        const s = dir.successorOf(a.name);
        return {
          name: a.name,
          fullName: a.fullName ?? null,
          aliases: a.aliases ?? [],
          group: a.group,
          successor: s?.successor ?? null,
          since: s?.since ?? null,
          lead: d.led.length,
          support: d.supported.length,
        };
      });
      return { document: c.document.number, agencies, notInDirectory: c.warnings };
    },
    text: () => {
      const { note } = directoryView();
      const lines = [
        `${c.agencies.length} agencies in ${c.document.number} (lead / support = number of tasks; → successor since a date):`,
      ];
      for (const a of c.agencies) {
        const d = agencyDuties(c, a.name)!;
        lines.push(
          `  ${a.name}${a.group ? ' [group]' : ''}${a.fullName ? ` — ${a.fullName}` : ''}  lead ${d.led.length} / support ${d.supported.length}${note(a.name)}`,
        );
      }
      if (c.warnings.length) lines.push(`not in the directory: ${c.warnings.join('、')}`);
      return lines;
    },
  })),
};

/**
 * The action of a command that shows the stored catalog (`pprd catalog`, `agencies`, `task ID`, `agency NAME`):
 * `view(catalog, argument)` checks the argument (throwing its `CliError`) and gives the text lines and,
 * for `--json`, one JSON object (indented when `pretty`). `argument`: the command takes one operand.
 */
function catalogView(
  spec: { argument?: boolean; pretty?: boolean },
  view: (c: Catalog, arg: string) => { json: () => unknown; text: () => string[] },
): (...args: unknown[]) => Promise<void> {
  return action((...args: unknown[]) =>
    withCatalog((c) => {
      const arg = spec.argument ? String(args[0]) : '';
      const opts = args[spec.argument ? 1 : 0] as { json?: boolean };
      const v = view(c, arg);
      if (!opts.json) return out(v.text());
      if (spec.pretty)
        process.stdout.write(`${JSON.stringify(v.json(), null, 2)}
`);
      else outJson(v.json());
    }),
  );
}

function short(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
