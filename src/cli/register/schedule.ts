import type { Command } from 'commander';
// The schema folder's name only, not the schemas: declaring the commands imports no config code.
import { CONFIG_SCHEMA_DIR } from '../../config/schemaFiles.ts';
import { lazyAction } from '../lazyAction.ts';
import { readsPprdNow } from './commandClock.ts';

const load = () => import('../commands/schedule.ts');

/**
 * Declares the schedule commands (issue 3): `config check`, `config schema`, `preview`, `deadlines`, `submit`,
 * `extend`, `excuse`, `history`, `target`, `targets`; their actions are in src/cli/commands/schedule.ts.
 */
export function register(program: Command): void {
  const config = program.command('config').description('Configuration in config/ (PPRD_CONFIG)');
  readsPprdNow(config.command('check'))
    .description(
      'Validate every file in config/ and print every problem (file:line:column field: message — fix); warnings on stderr',
    )
    .option(
      '--accept-removals',
      'confirm this version of config/ for the running service even though it drops contacts of agencies that owe reports (writes config/.accept-removals)',
    )
    .option(
      '--json',
      'print one JSON object: {ok, dir, problems, warnings (each {file, line, column, path, message, fix}), summary}',
    )
    .action(lazyAction(load, 'config check'));

  config
    .command('schema')
    .description(
      `write the JSON Schema of each config file (generated from the validation rules) to DIR (default: <config>/${CONFIG_SCHEMA_DIR}), for editors; each shipped file names its schema on its first line`,
    )
    .argument('[dir]', 'output folder')
    .action(lazyAction(load, 'config schema'));

  program
    .command('preview')
    .description('List the reminders planned in a date window, in date order')
    .requiredOption('--from <date>', 'first send date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last send date, YYYY-MM-DD')
    .option('--agency <name>', 'only this agency')
    .option('--cycle <id>', 'only this cycle (e.g. half-yearly, target:T5)')
    .option('--json', 'print JSON: [{date, time, agency, cycle, period, due, kind, offset, workingDays?, provisional}]')
    .option('--lang <lang>', 'table language: zh-CN or en (default: language of config/pprd.yaml)')
    .option('--now <iso>', 'reference instant (default: now)')
    .action(lazyAction(load, 'preview'));

  program
    .command('deadlines')
    .description('List open occurrences: every overdue one and the next one of each cycle and agency')
    .option('--agency <name>', 'only this agency')
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'table language: zh-CN or en (default: language of config/pprd.yaml)')
    .option('--now <iso>', 'reference instant (default: now)')
    .action(lazyAction(load, 'deadlines'));

  /**
   * A record command (`submit`, `extend`, `excuse`): the options they share, then `extra`'s own.
   */
  const recordCommand = (name: 'submit' | 'extend' | 'excuse', description: string, extra: (c: Command) => Command) => {
    const c = program
      .command(name)
      .description(description)
      .option('--agency <name>', 'the agency (canonical, full or alias name)')
      .option('--all', 'every agency of that period')
      .requiredOption('--cycle <id>', 'cycle id, e.g. half-yearly or target:T5')
      .requiredOption('--period <label>', 'period, e.g. 2024H2')
      .option('--by <who>', 'who records it (default: $PPRD_USER, $USER or cli)')
      .option('--undo', 'undo the latest record instead')
      .option('--now <iso>', 'the instant recorded as "recorded at" (default: now)')
      .option(
        '--json',
        'print the record as one JSON object: {command, cycle, period, undone, agencies, by, recordedAt, …}',
      );
    extra(c).action(lazyAction(load, name));
  };
  recordCommand('submit', 'Record that a report was submitted (no more reminders for it)', (c) =>
    c.option('--at <iso>', 'when it was submitted (default: now)'),
  );
  recordCommand('extend', 'Move the due date of an occurrence (its reminders move with it)', (c) =>
    c.option('--to <date>', 'new due date, YYYY-MM-DD (required unless --undo)').option('--note <text>', 'why'),
  );
  recordCommand('excuse', 'Excuse an occurrence from reporting (no more reminders for it)', (c) =>
    c.option('--at <iso>', 'from when (default: now)').option('--note <text>', 'why'),
  );

  program
    .command('history')
    .description(
      'Record the rounds up to PERIOD as before deployment: not submitted, not overdue, never reminded (every cycle, or --cycle)',
    )
    .requiredOption(
      '--until <period>',
      'the last round before deployment, e.g. 2026H1 (a year such as 2025 for target progress requests)',
    )
    .option('--cycle <id>', 'only this cycle (default: every scheduled cycle and target progress request)')
    .option('--by <who>', 'who records it (default: $PPRD_USER, $USER or cli)')
    .option('--undo', 'undo the latest record of each cycle instead')
    .option('--now <iso>', 'the instant recorded as "recorded at" (default: now)')
    .option(
      '--json',
      'print the record as one JSON object: {undone, until, through, cycles: [{cycle, first, last, rounds, occurrences}], untouched, kept, by, recordedAt}',
    )
    .action(lazyAction(load, 'history'));

  program
    .command('target')
    .description('Record progress or the outcome of a 2020 target')
    .argument('<id>', 'target id, e.g. T5 (see `pprd targets`)')
    .option('--progress [text]', 'a progress note')
    .option('--outcome [outcome]', 'achieved, partly or missed')
    .option('--note <text>', 'a note on the outcome')
    .option('--by <who>', 'who records it (default: $PPRD_USER, $USER or cli)')
    .option('--undo', 'undo the latest progress note (with --progress) or outcome (with --outcome)')
    .option('--now <iso>', 'the instant recorded as "recorded at" (default: now)')
    .action(lazyAction(load, 'target'));

  program
    .command('targets')
    .description(
      'List every 2020 target: deadline, responsible agencies, days left or overdue, latest progress, outcome',
    )
    .option('--json', 'print JSON')
    .option('--now <iso>', 'reference instant (default: now)')
    .action(lazyAction(load, 'targets'));
}
