import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import * as catalogCommands from './commands/catalog.ts';
import * as deliveryCommands from './commands/delivery.ts';
import * as scheduleCommands from './commands/schedule.ts';
import * as serviceCommands from './commands/service.ts';
import { INSTANT_FORMS } from '../schedule/index.ts';

/**
 * `pprd` CLI: argv -> commands. Each command module exports `register(program)`;
 * this file is the only list of them. No business logic here.
 * Exit codes: 0 ok (also `--help`, `--version`), 1 runtime failure, 2 bad input: an unknown
 * command or option, a missing or invalid argument (commander's usage errors), a bad file or config.
 */
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const program = new Command('pprd').description('Reminder bot for 粤府〔2017〕8号 reporting cycles and 2020 targets').version(version);
program.showHelpAfterError();
// Shown under every command's help: the one reader of dates and instants (src/schedule/parseInstant.ts).
program.addHelpText(
  'afterAll',
  `\nDates and instants (--now, --at, PPRD_NOW; --from, --to take dates only):\n  ${INSTANT_FORMS.replace('; without', '.\n  Without')}.\n  Dates must exist (2024-02-30 is refused); anything else exits 2 and changes nothing.`,
);

const modules: { register(p: Command): void }[] = [
  // catalog (issue 2): import, catalog, task, agency, agencies
  catalogCommands,
  // schedule (issue 3): config check, preview, deadlines, submit, extend, excuse, target, targets
  scheduleCommands,
  // delivery (issue 4): tick, status
  deliveryCommands,
  // service (issue 6): serve, simulate
  serviceCommands,
];
for (const m of modules) m.register(program);

// Usage errors exit 2, like every other bad input; help and version exit 0.
const exitOnUsage = (cmd: Command) => {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOnUsage(sub);
};
exitOnUsage(program);

// `pprd deadlines | head`: the reader went away; stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' || err.exitCode === 0;
  process.exitCode = ok ? 0 : 2;
}
