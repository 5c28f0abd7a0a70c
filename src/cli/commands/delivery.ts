import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Channel } from '../../channels/index.ts';
import type { Config } from '../../config/index.ts';
import type { TickResult } from '../../service/index.ts';
import { backupStore, createRobotSendRepo, openStore } from '../../store/index.ts';
import { action, CliError } from '../errors.ts';
import { commandNow } from '../instant.ts';
import { cliSettings } from '../settings.ts';
import { requireCatalog, requireConfig, tableLang } from './schedule.ts';

/** `tick …: sent 63 (late 0), retried 0, dead 0, skipped 5922, no contact 0, digests 0`. */
export function formatTickResult(r: TickResult): string {
  return `tick ${r.now}: sent ${r.sent} (late ${r.late}), retried ${r.retried}, dead ${r.dead}, skipped ${r.skipped}, no contact ${r.noContact}, digests ${r.digests}`;
}

/** The actions of `pprd tick` and `pprd status`, by command name (declared in src/cli/register/delivery.ts). */
export const actions = {
  tick: action(async (opts: { now?: string; json?: boolean; log?: boolean }) => {
    const { createLogger, fewerChannelsThanService, silentLog } = await import('../../service/index.ts');
    const { channelsFromEnv, createDelivery, linksFromEnv } = await import('../../main.ts');
    const settings = cliSettings({ now: opts.now });
    const links = linksFromEnv(settings.env);
    const db = openStore(cliSettings().dbPath);
    const channels: Channel[] = [];
    try {
      const catalog = requireCatalog(db);
      const config: Config = requireConfig({ catalog });
      // Group robots as the service has them (their sends counted in the same store).
      const built = await channelsFromEnv(settings.env, config, createRobotSendRepo(db));
      const { email, robots } = built;
      channels.push(...built.channels);
      const now = commandNow(opts.now, config.timezone);
      const fewer = fewerChannelsThanService(db, {
        email: email.mode,
        slack: channels.some((c) => c.name === 'slack'),
        robots,
      });
      if (fewer.length) {
        throw new CliError(
          'FEWER_CHANNELS',
          `not ticking: this shell would deliver on fewer channels than the service, nothing was sent or changed:\n- ${fewer.join('\n- ')}\nfix: run \`pprd tick\` with the service's environment (SMTP_URL, MAIL_FROM, SLACK_BOT_TOKEN, SLACK_API_URL as the service has them), or leave the sending to the service, which ticks every minute`,
          2,
        );
      }
      const log = opts.log ? createLogger({ level: settings.logLevel, destination: process.stderr }) : silentLog;
      const result = await createDelivery({ db, catalog, channels, log, links }).tick({ config, now });
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(`${formatTickResult(result)}\n`);
        if (email.mode === 'outbox' && result.sent)
          process.stdout.write(`email written to ${email.outboxDir}/ (set SMTP_URL to send by SMTP)\n`);
      }
      // A tick whose every send failed (all retried later, e.g. an SMTP server that is down) is a
      // failure for cron and scripts even though nothing is dead yet.
      const allFailed = result.sent === 0 && result.retried + result.dead > 0;
      if (allFailed)
        process.stderr.write(
          `pprd: every send of this tick failed (${result.retried} to retry, ${result.dead} dead) — fix: see \`pprd status\` for the errors (SMTP_URL, SLACK_BOT_TOKEN, a robot's webhook) and run \`pprd tick\` again\n`,
        );
      if (result.dead || allFailed) process.exitCode = 1;
    } finally {
      for (const c of channels) await c.close();
      db.close();
    }
  }),

  status: action(
    async (opts: { now?: string; period?: string; agency?: string; lang?: string; json?: boolean; xlsx?: string }) => {
      // statusInput.ts, not the service's index: the board needs no mail, HTTP, Slack or logger code.
      const { collectStatusInput } = await import('../../service/statusInput.ts');
      const { buildStatus, openTargetLines } = await import('../../digest/index.ts');
      const { renderStatusText, say } = await import('../../messages/index.ts');
      const db = openStore(cliSettings().dbPath);
      try {
        const catalog = requireCatalog(db);
        const config: Config = requireConfig({ catalog });
        const now = commandNow(opts.now, config.timezone);
        if (opts.agency && !catalog.agencies.some((a) => a.name === opts.agency)) {
          throw new CliError(
            'UNKNOWN_AGENCY',
            `no agency "${opts.agency}" in the catalog — fix: use a canonical name as \`pprd agencies\` lists it`,
            2,
          );
        }
        // Checked before any work: a bad --lang changes nothing.
        const lang = tableLang(opts.lang, config);
        const input = collectStatusInput(db, catalog, config, now);
        const view = buildStatus({ ...input, scope: opts.agency ? [opts.agency] : 'all', period: opts.period });
        if (opts.period && !view.rounds.length) {
          throw new CliError(
            'UNKNOWN_PERIOD',
            `no round "${opts.period}" in any cycle — fix: write a period label such as 2020H1`,
            2,
          );
        }
        const today = view.asOf;
        const targets = openTargetLines(
          (input.targets ?? []).filter((t) => !opts.agency || t.responsible.includes(opts.agency)),
          today,
        );
        if (opts.xlsx) {
          const { collectBoardInput } = await import('../../service/statusInput.ts');
          const { buildBoard } = await import('../../digest/index.ts');
          const { statusWorkbook } = await import('../../service/exportStatus.ts');
          const board = buildBoard({
            ...collectBoardInput(db, catalog, config, now),
            scope: opts.agency ? [opts.agency] : 'all',
            recent: 8,
            filter: {
              ...(opts.period ? { period: opts.period } : {}),
              ...(opts.agency ? { agency: opts.agency } : {}),
            },
          });
          try {
            writeFileSync(opts.xlsx, await statusWorkbook(board, config.contacts.agencies, lang));
          } catch (err) {
            throw new CliError(
              'XLSX_WRITE',
              `cannot write ${opts.xlsx}: ${(err as Error).message} — fix: give a path in a folder you can write to`,
              1,
              { cause: err },
            );
          }
          const cells = board.rounds.reduce((n, r) => n + r.cells.length, 0);
          process.stderr.write(`${say(lang).xlsxWritten(opts.xlsx, board.rounds.length, cells)}\n`);
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...view, targets }, null, 2)}\n`);
          return;
        }
        let text = renderStatusText(view, lang);
        if (targets.length) {
          const w = say(lang);
          const title = w.counted(w.openTargetsHeading(), targets.length);
          const lines = targets.map((t) => w.targetOpenLine(t.id, t.deadline, w.days(t.daysLeft), t.text));
          text += `\n${title}\n${lines.join('\n')}\n`;
        }
        process.stdout.write(text);
      } finally {
        db.close();
      }
    },
  ),

  backup: action(async (file: string, opts: { force?: boolean; json?: boolean }) => {
    const { dbPath } = cliSettings();
    const target = resolve(file);
    if (dbPath !== ':memory:' && resolve(dbPath) === target) {
      throw new CliError('BACKUP_TARGET', `${file} is the database itself (PPRD_DB) — fix: name another file`, 2);
    }
    if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) {
      throw new CliError(
        'BACKUP_TARGET',
        `folder ${dirname(target)} does not exist — fix: create it (mkdir -p ${dirname(target)}) or name a file in an existing folder`,
        2,
      );
    }
    if (existsSync(target) && !opts.force) {
      throw new CliError(
        'BACKUP_TARGET',
        `${file} already exists; nothing was written — fix: name a new file, or add --force to replace it with this backup`,
        2,
      );
    }
    if (dbPath === ':memory:' || !existsSync(dbPath)) {
      throw new CliError(
        'BACKUP_NO_DATABASE',
        `no database at ${dbPath} — fix: set PPRD_DB to the service's database (default data/pprd.sqlite)`,
        2,
      );
    }
    const db = openStore(dbPath);
    try {
      const b = await backupStore(db, target);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...b, file: target, database: dbPath })}\n`);
        return;
      }
      const r = b.records;
      process.stdout.write(
        `backed up ${dbPath} to ${target}: ${b.bytes} bytes, integrity ${b.integrity}; ${r.submissions} submissions, ${r.excusals} excusals, ${r.extensions} extensions, ${r.targetOutcomes} target outcomes, ${b.deliveries} delivery rows\n`,
      );
    } finally {
      db.close();
    }
  }),
};
