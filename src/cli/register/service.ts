import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
// The date forms without the planner or a date library: the options are checked as commander parses them.
import { DATE_FORM, dateProblem } from '../../schedule/inputForms.ts';
// The columns of its table, with no simulation code: `pprd simulate --help` explains each.
import { SIMULATION_COLUMNS } from '../../service/simulateColumns.ts';
import { lazyAction } from '../lazyAction.ts';
import { readsPprdNow } from './commandClock.ts';

const load = () => import('../commands/service.ts');

function dateArg(value: string): string {
  const problem = dateProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem} — fix: write ${DATE_FORM}`);
  return value;
}

function rateArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

/**
 * Declares `pprd serve` and `pprd simulate` (issue 6); their actions are in src/cli/commands/service.ts.
 * `pprd serve` (`npm start`): the long-running service. Environment: `PPRD_DB`, `PPRD_CONFIG`,
 * `PPRD_NOW` (start the clock at that instant), `PORT`, `SMTP_URL`, `MAIL_FROM`, `SMTP_NAME`, `PPRD_OUTBOX`,
 * `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, `SLACK_API_URL`, `LOG_LEVEL`.
 * Exits 0 on SIGTERM or SIGINT after a clean stop; 2 when the document or the config is invalid.
 */
export function register(program: Command): void {
  readsPprdNow(program.command('serve'))
    .description('run the reminder service: import, validate config, tick every minute, serve HTTP and Slack')
    .option('--port <port>', 'HTTP port (default PORT or 3000)')
    .action(lazyAction(load, 'serve'));

  program
    .command('simulate')
    .description(
      'replay the real planner and delivery on a virtual clock into a memory channel, and check the guarantees',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dateArg)
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD', dateArg)
    .option('--submit-rate <rate>', 'share of reports submitted, 0..1', rateArg, 0.8)
    .option('--seed <n>', 'seed of the random submissions', '1')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `\nColumns of the table (one row per period):\n${SIMULATION_COLUMNS.map((c) => `  ${c.name.padEnd(16)} ${c.meaning}`).join('\n')}`,
    )
    .action(lazyAction(load, 'simulate'));
}
