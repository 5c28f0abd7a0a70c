import { existsSync } from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { loadCatalog } from './catalogRepo.ts';
import { sqlite } from './openStore.ts';

/**
 * The catalog stored in the database at `path`, read without writing anything: the file is opened
 * read-only, no migration is applied and no header is touched (`pprd import --dry-run`, issue 16).
 *
 * @returns null when the file does not exist or holds no catalog (no tables yet)
 * @throws SqliteError when the file exists but cannot be read as a database
 */
export function readStoredCatalog(path: string): Catalog | null {
  if (path === ':memory:' || !existsSync(path)) return null;
  const db = new (sqlite())(path, { readonly: true, fileMustExist: true });
  try {
    const hasCatalog = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'catalog_document'")
      .get();
    return hasCatalog ? loadCatalog(db) : null;
  } finally {
    db.close();
  }
}
