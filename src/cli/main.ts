import { createProgram, runProgram } from './program.ts';

/**
 * `pprd` CLI process entry: argv -> the program of src/cli/program.ts (the list of commands and the
 * exit codes are there). Exit codes: 0 ok (also `--help`, `--version`), 1 runtime failure, 2 bad input.
 */

// `pprd deadlines | head`: the reader went away; stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

await runProgram(createProgram(), process.argv, 'node');
