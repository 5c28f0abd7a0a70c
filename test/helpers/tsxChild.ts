import { type ChildProcess, spawn } from 'node:child_process';

/** A helper script run by {@link tsxChild}: the process, its output so far and its end. */
export interface TsxChild {
  child: ChildProcess;
  /** Resolves on 'close' (not 'exit'): the child is reaped and its stdout and stderr drained. Rejects if it cannot start. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  out: () => string;
  err: () => string;
}

/**
 * Runs `script` (a TypeScript helper, path from the project's root) with node and tsx's loader as a child
 * process, with `env` over this process's environment; stdout and stderr are collected as text.
 * `stdin: 'pipe'` keeps stdin open for the helper to watch (closing it stops a ticking loop).
 */
export function tsxChild(script: string, env: Record<string, string>, stdin: 'pipe' | 'ignore' = 'ignore'): TsxChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, out: () => out, err: () => err };
}
