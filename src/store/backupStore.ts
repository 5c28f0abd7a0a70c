import { existsSync, renameSync, rmSync } from 'node:fs';
import { type Db, sqlite } from './openStore.ts';

/** What a backup holds, read back from the copy itself (not from the live database). */
export interface BackupSummary {
  /** Absolute or relative path of the copy, as given. */
  file: string;
  /** Size of the copy, bytes. */
  bytes: number;
  /** `PRAGMA integrity_check` of the copy: `ok`, else SQLite's first problem. */
  integrity: string;
  /** Rows of the records a coordinator cannot re-create: submissions, excusals, extensions, target outcomes. */
  records: { submissions: number; excusals: number; extensions: number; targetOutcomes: number };
  /** Delivery rows (sent, failed, skipped …): what makes reminders exactly-once after a restore. */
  deliveries: number;
}

/**
 * Copies the open database `db` to `file` with SQLite's online backup API (better-sqlite3 `db.backup`,
 * https://www.sqlite.org/backup.html): a consistent snapshot while the service keeps ticking, WAL
 * content included. The copy is written to `file.partial` and renamed into place only once complete and
 * checked (`PRAGMA integrity_check`), so a failed or interrupted backup never leaves a half file under
 * the name asked for, and an existing `file` is replaced only by a complete copy.
 *
 * @param db the open store (src/store/openStore.ts).
 * @param file destination path; its folder must exist (the caller checks and names it).
 * @returns what the copy holds, read from the copy.
 * @throws Error from SQLite when the copy cannot be written (disk full, read-only folder), or when the
 *   copy fails its integrity check; `file` is then left as it was and `file.partial` removed.
 */
export async function backupStore(db: Db, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const { totalPages } = await db.backup(partial);
    const copy = new (sqlite())(partial, { readonly: true, fileMustExist: true });
    let summary: Omit<BackupSummary, 'file'>;
    try {
      const integrity = String(copy.pragma('integrity_check', { simple: true }));
      const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      summary = {
        bytes: totalPages * Number(copy.pragma('page_size', { simple: true })),
        integrity,
        records: {
          submissions: count('submissions'),
          excusals: count('excusals'),
          extensions: count('extensions'),
          targetOutcomes: count('target_outcomes'),
        },
        deliveries: count('deliveries'),
      };
    } finally {
      copy.close();
    }
    if (summary.integrity !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${summary.integrity}`);
    renameSync(partial, file);
    return { file, ...summary };
  } catch (err) {
    if (existsSync(partial)) rmSync(partial, { force: true });
    throw err;
  }
}
