import { spawn } from 'node:child_process';

/** What one `pprd` command did. */
export interface PprdRun {
  args: string[];
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pprd ARGS` as a user runs it (`node bin/pprd.js`, the project root as working directory),
 * with `env` over the test's environment. The one place the concurrency tests spawn the CLI: change it
 * here if the CLI moves to a compiled build.
 */
export function runPprd(args: string[], env: Record<string, string>): Promise<PprdRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pprd.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
