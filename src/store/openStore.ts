import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The open SQLite database. All SQL of the project lives under `src/store/`. */
export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Default database path, relative to the working directory, when `PPRD_DB` is unset. */
export const DEFAULT_DB_PATH = 'data/pprd.sqlite';

/**
 * Opens (creating if needed) the SQLite database at `path` (`:memory:` allowed), switches on WAL
 * and foreign keys, and applies every numbered migration in `src/store/migrations/NNN_name.sql`
 * not yet applied, each in its own transaction, recording it in `schema_migrations`.
 *
 * @param path file path or `:memory:`; parent folders are created.
 * @throws Error with code `PPRD_DB_OPEN` naming the path when the file cannot be opened.
 */
export function openStore(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (cause) {
    throw Object.assign(new Error(`cannot open database ${path}: ${(cause as Error).message}; check PPRD_DB and the folder's permissions`), {
      code: 'PPRD_DB_OPEN',
      cause,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Resolves the database path from the environment (`PPRD_DB`) or the default. */
export function dbPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.PPRD_DB || DEFAULT_DB_PATH;
}

/** Applies pending migrations; returns the names applied. */
export function migrate(db: Db): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(file, new Date().toISOString());
    })();
    applied.push(file);
  }
  return applied;
}
