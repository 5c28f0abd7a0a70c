/**
 * A child process for the concurrency test: one `pprd` user typing commands one after another.
 * Run as `node --import tsx test/helpers/cliStream.ts` with env PPRD_STREAM (a JSON array of argument
 * lists) and the commands' environment (PPRD_DB, PPRD_CONFIG...). Each command runs in this process as
 * `pprd ARGS` would (test/helpers/cliInProcess.ts: the same program, its own store connection per
 * command), so a stream of six commands costs one start-up, not six. Prints one JSON line at the end:
 * `[{ args, code, stdout, stderr }]`, one entry per command, in order (the shape of runPprd's PprdRun).
 */
import { runCliInProcess } from './cliInProcess.ts';

const stream = JSON.parse(process.env.PPRD_STREAM ?? '[]') as string[][];
const runs = [];
for (const args of stream) {
  const r = await runCliInProcess(args);
  runs.push({ args, code: r.code, stdout: r.out, stderr: r.err });
}
process.stdout.write(`${JSON.stringify(runs)}\n`);
