import { Command } from 'commander';
import { vi } from 'vitest';

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
