import { join } from 'node:path';

/**
 * Node arguments that run the CLI as a process (`bin/pprd.js`, the compiled `dist/`, resolved here so any
 * working directory works): every test that needs a real `pprd` process spawns
 * `[process.execPath, ...PPRD_BIN, ...args]`. It runs the code as edited: vitest's global setup
 * (test/helpers/globalSetup.ts) rebuilds `dist/` from `src/` before any test file when `src/` is newer,
 * in a whole run and in a single file's run alike. Without tsx's loader a process starts with ~0.8 s
 * less CPU (issue 11: `npm test` time). A command that needs no process of its own runs in the test's
 * process (test/helpers/runCli.ts); several commands that need one between them share it
 * (test/helpers/cliStream.ts).
 */
export const PPRD_BIN: readonly string[] = [join(import.meta.dirname, '../../bin/pprd.js')];

/** What one `pprd` command did (test/helpers/cliStream.ts reports one per command). */
export interface PprdRun {
  args: string[];
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
}
