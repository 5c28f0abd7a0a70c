import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.ts';

const load = () => import('../commands/delivery.ts');

/** Declares `pprd tick`, `pprd status` (issue 4) and `pprd backup`; their actions are in src/cli/commands/delivery.ts. */
export function register(program: Command): void {
  program
    .command('tick')
    .description(
      'send the reminders and digests due by now (once each; retries failed ones; catches up after downtime); refuses (exit 2) to run with fewer channels than the service (no SLACK_BOT_TOKEN or SMTP_URL where the service has them); exits 1 when a delivery went dead or every send failed',
    )
    .option('--now <iso>', 'the tick instant (default: PPRD_NOW, else now)')
    .option('--json', 'print the counts as JSON')
    .option('--log', 'log each delivery as a JSON line on stderr')
    .action(lazyAction(load, 'tick'));

  program
    .command('status')
    .description(
      'the current round of each cycle (submitted n of m, missing, overdue, escalated), overdue reports, targets, failed deliveries, provisional years',
    )
    .option('--now <iso>', 'the instant to compute the board for (default: PPRD_NOW, else now)')
    .option('--period <label>', 'a period (e.g. 2020H1) instead of each cycle’s current round')
    .option('--agency <name>', 'only this canonical agency')
    .option('--lang <lang>', 'table language: zh-CN or en (default: language of config/pprd.yaml)')
    .option('--json', 'print the board as JSON')
    .option(
      '--xlsx <file>',
      'also write the 报送情况统计表 (Excel: agencies by the last 8 rounds, summary, overdue details with contacts) to FILE',
    )
    .action(lazyAction(load, 'status'));

  program
    .command('backup')
    .description(
      'copy the database (PPRD_DB) to FILE while the service runs (SQLite online backup: submissions, excusals, extensions, outcomes, deliveries), checked before it is put in place',
    )
    .argument('<file>', 'the backup file to write (its folder must exist)')
    .option('--force', 'replace FILE if it exists (only by a complete, checked copy)')
    .option('--json', 'print what the backup holds as JSON')
    .action(lazyAction(load, 'backup'));
}
