import { describe, expect, it } from 'vitest';
import { PAGE_CACHE_KIB } from '../src/store/openStore.ts';
import { tempDb } from './helpers/tempDb.ts';

// Issue 11 (service RSS): better-sqlite3 builds SQLite with a 16 MB page cache per connection
// (SQLITE_DEFAULT_CACHE_SIZE=-16000); every connection the project opens keeps SQLite's own 2 MB.
describe('SQLite page cache of a store', () => {
  it('a database file opened by openStore caches 2,048 KiB of pages and maps none', () => {
    const t = tempDb();
    try {
      expect(t.db.pragma('cache_size', { simple: true })).toBe(-2048);
      expect(PAGE_CACHE_KIB).toBe(-2048);
      expect(t.db.pragma('mmap_size', { simple: true })).toBe(0);
      // A second connection to the same file (another command, another process) is opened alike.
      const other = t.open();
      expect(other.pragma('cache_size', { simple: true })).toBe(-2048);
    } finally {
      t.cleanup();
    }
  });
});
