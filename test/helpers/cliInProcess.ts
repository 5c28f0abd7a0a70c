import { createProgram, runProgram } from '../../src/cli/program.ts';

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
 * captured (`process.stdout.write` / `process.stderr.write` replaced for the command, then restored).
 * `env` is set for the command (undefined deletes a variable) and restored after it.
 * Needs no test runner: test/helpers/runCli.ts uses it inside vitest, test/helpers/cliStream.ts in a
 * child process of its own. Not for what needs a process per command (signals, kill, `serve`).
 */
export async function runCliInProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  setEnv(env);
  let out = '';
  let err = '';
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => {
    out += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    err += String(s);
    return true;
  }) as typeof process.stderr.write;
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
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = undefined;
    setEnv(saved);
  }
  return { code, out, err };
}

/** Sets each variable of `values`; undefined deletes it. */
export function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
