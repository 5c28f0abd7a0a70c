import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on the first call of the returned getter, by `require` (its CommonJS build), not at
 * import: `pprd --help` and commands that never touch YAML, SQLite, cron or iCalendar do not pay for
 * loading them (issue 11: a CLI start near `node -e 0`). Every reader of a package goes through one
 * getter of its own (or all through `require`), so a package is never loaded as two module copies.
 * @param id the package (or package subpath) as `require` resolves it from this project.
 * @throws the package's own load error on the first call.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) loaded = require(id) as T;
    return loaded;
  };
}
