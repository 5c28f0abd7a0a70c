import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type CliRun, runCliInProcess, setEnv } from './cliInProcess.ts';
import { configFrom2017 } from './configFrom2017.ts';
import { tempDir } from './tempDb.ts';

export type { CliRun } from './cliInProcess.ts';

/**
 * Runs `pprd ARGS` in this process as `node bin/pprd.js ARGS` runs it with piped output
 * (test/helpers/cliInProcess.ts: the same program, exit codes, 80-column help without colour, stdout and
 * stderr captured). `env` is set for the command (undefined deletes a variable) and restored after it.
 * Not for what needs a process of its own (signals, kill, concurrency, `serve`).
 */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runCliInProcess(args, env);
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
