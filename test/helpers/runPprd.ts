import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Node arguments that run the CLI from source (`src/cli/main.ts` through tsx's loader, resolved here so
 * any working directory works): every test that needs a real `pprd` process spawns
 * `[process.execPath, ...PPRD_SOURCE, ...args]`, so it tests the code as edited, not a stale `dist/`.
 * test/build.test.ts is the one that runs the compiled `bin/pprd.js`.
 */
export const PPRD_SOURCE: readonly string[] = [
  '--import',
  import.meta.resolve('tsx'),
  join(import.meta.dirname, '../../src/cli/main.ts'),
];

/** What one `pprd` command did. */
export interface PprdRun {
  args: string[];
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pprd ARGS` in its own process from source (PPRD_SOURCE, the project root as working directory),
 * with `env` over the test's environment, for tests where the process matters (concurrency, kill).
 */
export function runPprd(args: string[], env: Record<string, string>): Promise<PprdRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...PPRD_SOURCE, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ args, code, stdout, stderr }));
  });
}
