import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { configFrom2017 } from './configFrom2017.ts';
import { tempDir } from './tempDb.ts';

/** What one in-process `pprd` command did: the same fields a spawned process gives. */
export interface CliRun {
  /** The exit code the process would have had: `process.exitCode` as the command left it (0 when unset), 1 on an uncaught error. */
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `pprd ARGS` in this process as `node bin/pprd.js ARGS` runs it with piped output: the same program
 * (src/cli/program.ts, every command), the same exit codes (usage errors 2, help 0, `CliError`s theirs,
 * an uncaught error 1 with its stack on stderr), help at 80 columns without colour, stdout and stderr
 * captured. `env` is set for the command (undefined deletes a variable) and restored after it.
 * Not for what needs a process of its own (signals, kill, concurrency, `serve`).
 */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  setEnv(env);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  process.exitCode = undefined;
  let code: number;
  try {
    // A piped process: not a TTY, so commander wraps help at 80 columns and writes no colour.
    const program = createProgram({
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
    await runProgram(program, args, 'user');
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (thrown) {
    err += `${thrown instanceof Error ? thrown.stack : String(thrown)}\n`;
    code = 1;
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
    setEnv(saved);
  }
  return { code, out, err };
}

/** Sets each variable of `values`; undefined deletes it. */
function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/**
 * For the enclosing suite: a fresh database in a temp folder with the real document imported
 * (`PPRD_DB`), the shipped `config/` (`PPRD_CONFIG`), `env` set (undefined deletes a variable,
 * `PPRD_NOW` is deleted unless given); everything restored and removed after the suite.
 * @returns the temp folder (its `dir` is known once the suite starts).
 */
export function useCliStore(prefix: string, env: Record<string, string | undefined> = {}): { dir: string } {
  const t = tempDir(prefix);
  const all: Record<string, string | undefined> = {
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    PPRD_CONFIG: configFrom2017(),
    PPRD_NOW: undefined,
    ...env,
  };
  const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    setEnv(all);
    const imported = await runCli(['import']);
    if (imported.code !== 0) throw new Error(`pprd import failed: ${imported.err}`);
  });
  afterAll(() => {
    setEnv(saved);
    t.cleanup();
  });
  return t;
}
