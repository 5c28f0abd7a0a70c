import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CatalogParseError, decodeText, parseDocument } from '../../catalog/index.ts';
import { loadDirectory } from '../../config/index.ts';
import { DATE_FORM, dateProblem } from '../../schedule/index.ts';
import { action, CliError } from '../errors.ts';
import { createProgress } from '../progress.ts';
import { cliSettings } from '../settings.ts';
import { DEFAULT_DOCUMENT, formatImport, importDocumentFile } from './catalog.ts';
import { requireConfig } from './schedule.ts';

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
 * `pprd serve` (`npm start`): the long-running service. Environment: `PPRD_DB`, `PPRD_CONFIG`,
 * `PPRD_NOW` (start the clock at that instant), `PORT`, `SMTP_URL`, `MAIL_FROM`, `SMTP_NAME`, `PPRD_OUTBOX`,
 * `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN`, `SLACK_API_URL`, `LOG_LEVEL`.
 * Exits 0 on SIGTERM or SIGINT after a clean stop; 2 when the document or the config is invalid.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('run the reminder service: import, validate config, tick every minute, serve HTTP and Slack')
    .option('--port <port>', 'HTTP port (default PORT or 3000)')
    .action(
      action(async (opts: { port?: string }) => {
        // The service's modules (Slack, SMTP, HTTP) load when a command needs them, not at every start.
        const { createLogger } = await import('../../service/index.ts');
        const { startService } = await import('../../service/serve.ts');
        const settings = cliSettings();
        const { env, configDir, dbPath } = settings;
        const log = createLogger({ level: settings.logLevel });
        const service = await startService({
          dbPath,
          configDir,
          env,
          log,
          port: opts.port !== undefined ? Number(opts.port) : undefined,
          importDocument: () => {
            const outcome = importDocumentFile({ dbPath, configDir });
            return { changed: outcome.result.changed, summary: formatImport(outcome) };
          },
        });
        process.stderr.write(`pprd-reminder is running\n${service.summary.map((l) => `  ${l}`).join('\n')}\n`);
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info({ event: 'signal', signal }, `received ${signal}, stopping`);
          service.stop().then(
            () => process.exit(0),
            (err) => {
              log.error({ event: 'stop_failed', error: (err as Error).message }, 'stop failed');
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      }),
    );

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
    .action(
      action(async (opts: { from: string; to: string; submitRate: number; seed: string; json?: boolean }) => {
        if (opts.from > opts.to)
          throw new CliError(
            'SIMULATE_RANGE',
            `--from ${opts.from} is after --to ${opts.to}: give the earlier date first`,
            2,
          );
        const configDir = cliSettings().configDir;
        const { directory, problems } = loadDirectory(join(configDir, 'agencies.yaml'));
        if (problems.length)
          throw new CliError('DIRECTORY_INVALID', 'config/agencies.yaml is invalid: run `pprd config check`', 2);
        let catalog: ReturnType<typeof parseDocument>;
        try {
          catalog = parseDocument(decodeText(readFileSync(DEFAULT_DOCUMENT), DEFAULT_DOCUMENT), directory, {
            file: DEFAULT_DOCUMENT,
          });
        } catch (err) {
          if (err instanceof CatalogParseError) throw new CliError(err.code, err.message, 2, { cause: err });
          throw err;
        }
        const config = requireConfig({ catalog, dir: configDir });
        const { formatSimulation, simulate } = await import('../../service/simulate.ts');
        const progress = createProgress('simulate');
        let report: Awaited<ReturnType<typeof simulate>>;
        try {
          report = await simulate({
            catalog,
            config,
            from: opts.from,
            to: opts.to,
            submitRate: opts.submitRate,
            seed: opts.seed,
            onDay: progress.update,
          });
        } finally {
          progress.end();
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${formatSimulation(report).join('\n')}\n`);
        if (report.violations.length) process.exitCode = 1;
      }),
    );
}
