import { join } from 'node:path';

/**
 * Node arguments that run the CLI from source (`src/cli/main.ts` through tsx's loader, resolved here so
 * any working directory works): every test that needs a real `pprd` process spawns
 * `[process.execPath, ...PPRD_SOURCE, ...args]`, so it tests the code as edited, not a stale `dist/`.
 * test/build.test.ts is the one that runs the compiled `bin/pprd.js`. A command that needs no process
 * of its own runs in the test's process (test/helpers/runCli.ts); several commands that need one
 * between them share it (test/helpers/cliStream.ts).
 */
export const PPRD_SOURCE: readonly string[] = [
  '--import',
  import.meta.resolve('tsx'),
  join(import.meta.dirname, '../../src/cli/main.ts'),
];

/** What one `pprd` command did (test/helpers/cliStream.ts reports one per command). */
export interface PprdRun {
  args: string[];
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
}
