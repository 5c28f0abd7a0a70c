import type { Command } from 'commander';
import { createLogger, createOffsetClock, systemClock } from '../../service/index.ts';
import { startService } from '../../service/serve.ts';
import { dbPathFromEnv } from '../../store/index.ts';
import { action } from '../errors.ts';
import { configDirFromEnv, formatImport, importDocumentFile } from './catalog.ts';

/**
 * `pprd serve` (`npm start`): the long-running service. Environment: `PPRD_DB`, `PPRD_CONFIG`,
 * `PPRD_NOW` (start the clock at that instant), `PORT`, `SMTP_URL`, `MAIL_FROM`, `PPRD_OUTBOX`,
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
        const env = process.env;
        const log = createLogger();
        const clock = env.PPRD_NOW ? createOffsetClock(env.PPRD_NOW) : systemClock;
        const configDir = configDirFromEnv(env);
        const dbPath = dbPathFromEnv(env);
        const service = await startService({
          dbPath,
          configDir,
          env,
          clock,
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
}
