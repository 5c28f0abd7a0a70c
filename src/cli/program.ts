import { readFileSync } from 'node:fs';
import { Command, CommanderError, type OutputConfiguration } from 'commander';
// The typed forms only (no planner, no date library): building the program imports no command's code.
import { INSTANT_FORMS } from '../schedule/inputForms.ts';
import * as catalogCommands from './register/catalog.ts';
import * as deliveryCommands from './register/delivery.ts';
import * as scheduleCommands from './register/schedule.ts';
import * as serviceCommands from './register/service.ts';
import * as webCommands from './register/web.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The `pprd` program: every command module's `register(program)` on a fresh commander program; this
 * function is the only list of them. No business logic here. Registering declares names, arguments,
 * options and descriptions only (src/cli/register/); a command's code (src/cli/commands/) is imported
 * when it runs, so `--help` and each command load only what they use (issue 11). `output` (commander's output settings)
 * applies to every command; a test passes it to write as a process with piped output does.
 */
export function createProgram(output?: OutputConfiguration): Command {
  const program = new Command('pprd')
    .description('Reminder bot for 粤府〔2017〕8号 reporting cycles and 2020 targets')
    .version(version);
  if (output) program.configureOutput(output);
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
    // web board (issue 12): link
    webCommands,
  ];
  for (const m of modules) m.register(program);

  // Usage errors exit 2, like every other bad input; help and version exit 0.
  const exitOnUsage = (cmd: Command) => {
    cmd.exitOverride();
    for (const sub of cmd.commands) exitOnUsage(sub);
  };
  exitOnUsage(program);
  return program;
}

/**
 * Runs one `pprd` command line on `program` and sets `process.exitCode`:
 * 0 ok (also `--help`, `--version`), 1 runtime failure, 2 bad input: an unknown command or option,
 * a missing or invalid argument (commander's usage errors), a bad file or config.
 * `from: 'node'` takes `process.argv` as is; `'user'` takes only the arguments.
 * Errors other than commander's propagate (the process prints them and exits 1).
 */
export async function runProgram(program: Command, argv: readonly string[], from: 'node' | 'user'): Promise<void> {
  try {
    await program.parseAsync([...argv], { from });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    const ok =
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help' ||
      err.exitCode === 0;
    process.exitCode = ok ? 0 : 2;
  }
}
