import { CliError, exitStatusOf } from '../errors.ts';
import { explainStoreError } from '../store/index.ts';
import { cliSettings } from './settings.ts';

/** A command's bad input or refusal, with its code; catalogued in src/errors.ts with the others. */
export { CliError };

/**
 * Nothing imported into the database yet (`NO_CATALOG`, exit 2): the one message of every command that needs the catalog.
 * @param dbPath the database path (`PPRD_DB`).
 */
export function noCatalog(dbPath: string): CliError {
  return new CliError(
    'NO_CATALOG',
    `no document imported in ${dbPath} yet — fix: run \`pprd import\` first (or set PPRD_DB to the database you imported into)`,
    2,
  );
}

/**
 * Wraps a command action: the one place a failure becomes `pprd: <message>` on stderr and the exit
 * status. A catalogued error (src/errors.ts: `CliError`, `SmtpUrlError`, `LinkConfigError`,
 * `DateInputError`, …) exits with its own status (2 bad input, 1 runtime failure); any other error is
 * unexpected: exit 1. A SQLite error about the database file (read-only, disk full) is first turned by
 * `explainStoreError` into its catalogued error naming the path (`PPRD_DB`) and the fix.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const e = explainStoreError(err, cliSettings().dbPath);
      process.stderr.write(`pprd: ${e.message}\n`);
      process.exitCode = exitStatusOf(e);
    }
  };
}
