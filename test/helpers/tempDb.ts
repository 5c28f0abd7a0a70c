import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openStore } from '../../src/store/index.ts';

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(prefix = 'pprd-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh SQLite file with the real migrations, in its own temporary folder.
 * `open()` opens another connection to the same file (a second process's view).
 */
export function tempDb(): { path: string; db: Db; open(): Db; cleanup(): void } {
  const t = tempDir('pprd-db-');
  const path = join(t.dir, 'pprd.sqlite');
  const db = openStore(path);
  const opened: Db[] = [db];
  return {
    path,
    db,
    open() {
      const d = openStore(path);
      opened.push(d);
      return d;
    },
    cleanup() {
      for (const d of opened) if (d.open) d.close();
      t.cleanup();
    },
  };
}
