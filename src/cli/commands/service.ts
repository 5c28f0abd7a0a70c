import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { CatalogParseError, decodeText, parseDocument } from '../../catalog/index.ts';
import { loadDirectory } from '../../config/index.ts';
import { action, CliError } from '../errors.ts';
import { createProgress } from '../progress.ts';
import { cliSettings } from '../settings.ts';
import { DEFAULT_DOCUMENT, formatImport, importDocumentFile } from './catalog.ts';
import { requireConfig } from './schedule.ts';

/**
 * The actions of `pprd serve` and `pprd simulate`, by command name (declared, with their environment and
 * exit codes, in src/cli/register/service.ts).
 */
export const actions = {
  serve: action(async (opts: { port?: string }) => {
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
      importDocument: (configFiles) => {
        const outcome = importDocumentFile({ dbPath, configDir, configFiles });
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

  simulate: action(async (opts: { from: string; to: string; submitRate: number; seed: string; json?: boolean }) => {
    if (opts.from > opts.to)
      throw new CliError(
        'SIMULATE_RANGE',
        `--from ${opts.from} is after --to ${opts.to}: give the earlier date first`,
        2,
      );
    // The process is this one batch of seconds: V8's optimizing compiler (TurboFan) compiled some 350 of
    // its functions and did not pay back within it (issue 11: 2017-01-20..2021-01-01 took 6.3 s of CPU cold,
    // 4.0 s without it; the interpreter and the baseline compiler still run). As `npm start` runs the service.
    setFlagsFromString('--no-opt');
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
};
