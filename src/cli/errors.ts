import { dbPathFromEnv, explainStoreError } from '../store/index.ts';

/**
 * Errors a command reports to the user: one line on stderr and an exit code.
 * Exit codes: 1 = runtime failure, 2 = bad input (file, config, arguments).
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;
  constructor(code: string, message: string, exitCode = 2, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/**
 * Wraps a command action: a thrown `CliError` (or any error carrying `exitCode`) prints
 * `pprd: <message>` on stderr and sets `process.exitCode`; other errors print their message, exit 1.
 * A SQLite error about the database file (read-only, disk full) is first given the path (`PPRD_DB`)
 * and the fix by `explainStoreError`.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const e = explainStoreError(err, dbPathFromEnv()) as Error & { exitCode?: number };
      process.stderr.write(`pprd: ${e.message}\n`);
      process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
    }
  };
}
