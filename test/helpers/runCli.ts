import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, vi } from 'vitest';
import * as catalogCommands from '../../src/cli/commands/catalog.ts';
import { tempDir } from './tempDb.ts';

/**
 * Runs one pprd command in this process on a fresh commander program with the given command modules
 * (`register(program)` of src/cli/commands/*), capturing stdout and stderr.
 * @returns the exit code the command set (0 when none), and what it wrote.
 */
export async function runCli(modules: readonly { register(p: Command): void }[], args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('pprd').exitOverride();
  for (const m of modules) m.register(program);
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
  try {
    await program.parseAsync([...args], { from: 'user' });
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, out, err };
}

/**
 * For the enclosing suite: a fresh database in a temp folder with the real document imported
 * (`PPRD_DB`), the shipped `config/` (`PPRD_CONFIG`), `env` set (undefined deletes a variable,
 * `PPRD_NOW` is deleted unless given); everything restored and removed after the suite.
 * @returns the temp folder (its `dir` is known once the suite starts).
 */
export function useCliStore(prefix: string, env: Record<string, string | undefined> = {}): { dir: string } {
  const t = tempDir(prefix);
  const all: Record<string, string | undefined> = { PPRD_DB: join(t.dir, 'pprd.sqlite'), PPRD_CONFIG: 'config', PPRD_NOW: undefined, ...env };
  const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  beforeAll(async () => {
    apply(all);
    const imported = await runCli([catalogCommands], ['import']);
    if (imported.code !== 0) throw new Error(`pprd import failed: ${imported.err}`);
  });
  afterAll(() => {
    apply(saved);
    t.cleanup();
  });
  return t;
}
