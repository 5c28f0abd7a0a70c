import type { Command } from 'commander';

const readers = new WeakSet<Command>();

/**
 * Marks a command that reads the command clock from `PPRD_NOW` without a `--now` option (`serve`'s clock,
 * `config check`'s today, `init`'s date): its help gets the "Dates and instants (PPRD_NOW)" footer, since a
 * bad value stops it (found by a tester: `pprd serve --help` had lost the footer). Returns `cmd`.
 */
export function readsPprdNow(cmd: Command): Command {
  readers.add(cmd);
  return cmd;
}

/** Whether {@link readsPprdNow} marked `cmd`. */
export function isPprdNowReader(cmd: Command): boolean {
  return readers.has(cmd);
}
