import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, type OutputConfiguration } from 'commander';
// The typed forms only (no planner, no date library): building the program imports no command's code.
import { DATE_FORM, INSTANT_FORMS } from '../schedule/inputForms.ts';
import * as catalogCommands from './register/catalog.ts';
import { isPprdNowReader } from './register/commandClock.ts';
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
  // Under the command list: the one reader of dates and instants (src/schedule/parseInstant.ts).
  program.addHelpText('after', datesHelp(['--now', '--at', 'PPRD_NOW'], ['--from', '--to']));

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
  // Under a command's own help only when it takes a date or an instant (found by a new-user trial: the
  // footer was on every command, `pprd agency` among them), naming its own options; PPRD_NOW also on the
  // commands that read it without a --now (readsPprdNow: serve, config check, init).
  const footers = (cmd: Command) => {
    for (const sub of cmd.commands) {
      const instants = sub.options.filter((o) => o.flags.endsWith('<iso>')).map((o) => o.long!);
      const dates = sub.options.filter((o) => o.flags.endsWith('<date>')).map((o) => o.long!);
      if (instants.includes('--now') || isPprdNowReader(sub)) instants.push('PPRD_NOW');
      if (instants.length || dates.length) sub.addHelpText('after', datesHelp(instants, dates));
      footers(sub);
    }
  };
  footers(program);

  refuseBlankAgency(program);

  // Usage errors exit 2, like every other bad input; help and version exit 0.
  const exitOnUsage = (cmd: Command) => {
    cmd.exitOverride();
    for (const sub of cmd.commands) exitOnUsage(sub);
  };
  exitOnUsage(program);
  return program;
}

/**
 * The help footer on dates and instants for the options given: `instants` (`--now`, `--at`, `PPRD_NOW`)
 * take {@link INSTANT_FORMS}, `dates` (`--from`, `--to`) {@link DATE_FORM} only.
 */
function datesHelp(instants: readonly string[], dates: readonly string[]): string {
  let only = '';
  if (dates.length === 1) only = `${dates[0]} takes a date only`;
  else if (dates.length) only = `${dates.join(', ')} take dates only`;
  const lines = instants.length
    ? [
        `Dates and instants (${[instants.join(', '), only].filter(Boolean).join('; ')}):`,
        `  ${INSTANT_FORMS.replace('; without', '.\n  Without')}.`,
      ]
    : [`Dates (${dates.join(', ')}):`, `  ${DATE_FORM}.`];
  return `\n${lines.join('\n')}\n  Dates must exist (2024-02-30 is refused); anything else exits 2 and changes nothing.`;
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

/**
 * The one check of a typed agency, on every option and argument that names one (`--agency`, `--calendar`,
 * `pprd agency NAME`): an empty or blank name is a usage error (exit 2, nothing changed). Found by a tester:
 * `pprd deadlines --agency ""` and `pprd status --agency ""` listed every agency, while `agency ""` and
 * `submit --agency ""` refused. A `--calendar` given without a value is not checked (the contact's own agency).
 */
function refuseBlankAgency(cmd: Command): void {
  const check = (value: string): string => {
    if (!value.trim())
      throw new InvalidArgumentError('the agency name is empty — fix: name an agency as `pprd agencies` lists it');
    return value;
  };
  for (const sub of cmd.commands) {
    for (const o of sub.options) if (o.long === '--agency' || o.long === '--calendar') o.argParser(check);
    if (sub.name() === 'agency') for (const a of sub.registeredArguments) a.argParser(check);
    refuseBlankAgency(sub);
  }
}
