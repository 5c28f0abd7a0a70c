import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { DbFullError, DbIoError, DbReadonlyError } from '../errors.ts';
import { lazyRequire } from '../lazyRequire.ts';

/** better-sqlite3 (and its native addon), loaded on the first database opened (issue 11: CLI start). */
export const sqlite = lazyRequire<typeof Database>('better-sqlite3');

/** The open SQLite database. All SQL of the project lives under `src/store/`. */
export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Default database path (`PPRD_DB`): the settings' default (src/settings.ts). */
export { DEFAULT_DB as DEFAULT_DB_PATH } from '../settings.ts';

/**
 * How long (ms) a statement waits for another process's write lock before failing with
 * `database is locked` (SQLite `busy_timeout`). The service's write transactions last milliseconds.
 */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite page cache per connection, as `PRAGMA cache_size` (negative: KiB): 2,048 KiB, SQLite's own
 * default. better-sqlite3 builds SQLite with `SQLITE_DEFAULT_CACHE_SIZE=-16000` (16 MB per connection,
 * deps/defines.gypi), which the service's RSS kept once the first tick had read the history (issue 11:
 * service RSS < 100 MB); every query of a tick is an indexed lookup, and pages not cached are read
 * from the OS's file cache. No memory mapping (`mmap_size` stays 0). Database files only: an in-memory
 * database (`:memory:`, `pprd simulate`) holds every page in that cache whatever its size.
 */
export const PAGE_CACHE_KIB = -2048;

/**
 * Runs `fn` in one write transaction that takes SQLite's write lock at its start (`BEGIN IMMEDIATE`),
 * waiting up to {@link BUSY_TIMEOUT_MS} for another writer (a ticking service, a CLI command).
 * Every transaction that writes must use it: a deferred transaction that reads first and then writes
 * cannot wait (SQLite does not call its busy handler to upgrade a read snapshot another process has
 * since written past) and fails at once with `database is locked` (issue 9 item 1). Called inside
 * another transaction it becomes a savepoint of that one.
 *
 * @returns what `fn` returns; rolls back and rethrows when `fn` throws.
 * @throws SqliteError `SQLITE_BUSY` only when the lock stayed taken for the whole busy timeout.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  // One transaction function per connection, made once (better-sqlite3 builds a wrapper for every
  // `db.transaction(fn)`: tens of µs each, twice or more per tick and per send; issue 11).
  let run = RUNNERS.get(db);
  if (!run) {
    run = db.transaction((f: () => unknown) => f());
    RUNNERS.set(db, run);
  }
  return run.immediate(fn) as T;
}

const RUNNERS = new WeakMap<Db, Database.Transaction<(f: () => unknown) => unknown>>();

/**
 * Opens (creating if needed) the SQLite database at `path` (`:memory:` allowed), switches on WAL
 * and foreign keys, and applies every numbered migration in `src/store/migrations/NNN_name.sql`
 * not yet applied, each in its own transaction, recording it in `schema_migrations`.
 *
 * Then checks that the database can be written (a write to its header under the write lock,
 * `PRAGMA user_version` set to its own value): a read-only file, folder or mount is refused here,
 * naming the path, instead of failing every tick later with "attempt to write a readonly database".
 *
 * @param path file path or `:memory:`; parent folders are created.
 * @throws Error with code `PPRD_DB_OPEN` naming the path when the file cannot be opened, and
 *   `PPRD_DB_READONLY` (see {@link explainStoreError}) when it cannot be written.
 */
export function openStore(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new (sqlite())(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw Object.assign(
      new Error(
        `cannot open database ${path}: ${(cause as Error).message}; check PPRD_DB and the folder's permissions`,
      ),
      {
        code: 'PPRD_DB_OPEN',
        cause,
      },
    );
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // An in-memory database (simulate) is its page cache: it keeps SQLite's setting as built.
    if (path !== ':memory:') db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    migrate(db);
    if (path !== ':memory:') db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true })) || 0}`);
  } catch (cause) {
    db.close();
    throw explainStoreError(cause, path);
  }
  return db;
}

const READONLY_FIX =
  "give the service's user write access to the file, its -wal and -shm files and its folder (e.g. `chown -R node data/` or `chmod u+w`), remount the volume read-write, or point PPRD_DB at a writable path";

/**
 * Turns a SQLite error about the database file itself into one that names the file, the variable
 * (`PPRD_DB`) and the fix; other errors are returned unchanged.
 * - `SQLITE_READONLY*` (read-only file, folder, mount, or an immutable file) → `DbReadonlyError` (`PPRD_DB_READONLY`);
 * - `SQLITE_FULL` (disk full) → `DbFullError` (`PPRD_DB_FULL`);
 * - `SQLITE_CANTOPEN*`, `SQLITE_IOERR*` → `DbIoError` (`PPRD_DB_IO`).
 * The result keeps the original as `cause`; each exits 1 (a runtime failure, not bad input).
 * @param path the database path (`PPRD_DB`).
 */
export function explainStoreError(err: unknown, path: string): Error {
  const e = err as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const what = e?.message ?? String(err);
  if (code.startsWith('SQLITE_READONLY'))
    return new DbReadonlyError(`database ${path} (PPRD_DB) cannot be written: ${what} — fix: ${READONLY_FIX}`, {
      cause: err,
    });
  if (code === 'SQLITE_FULL')
    return new DbFullError(
      `database ${path} (PPRD_DB): the disk is full — fix: free space on that disk or point PPRD_DB at another one`,
      { cause: err },
    );
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR'))
    return new DbIoError(
      `database ${path} (PPRD_DB): ${what} — fix: check that the folder exists and is writable, and the disk is healthy`,
      { cause: err },
    );
  return err instanceof Error ? err : new Error(what);
}

/**
 * Applies pending migrations; returns the names applied. Each runs in its own write transaction that
 * checks again whether it is applied, so two processes opening a new database at once apply it once.
 */
export function migrate(db: Db): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  const done = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name),
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    const ran = writeTransaction(db, () => {
      if (isApplied.get(file)) return false;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(file, new Date().toISOString());
      return true;
    });
    if (ran) applied.push(file);
  }
  return applied;
}
