import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import type { ScheduledTask } from 'node-cron';
import { type Catalog, findAgency, withSuccessors } from '../catalog/index.ts';
import {
  type Channel,
  checkSmtpUrl,
  createSlackApp,
  createSlackServices,
  type DeliveryError,
  parseMailFrom,
  type RobotSendLog,
  robotChannelName,
  type SlackApp,
  slackFromEnv,
} from '../channels/index.ts';
import {
  type Config,
  ConfigError,
  type ConfigFiles,
  type ConfigProblem,
  configWarnings,
  droppedRecipients,
  formatProblem,
  loadConfig,
  readConfigFiles,
  removalsAccepted,
  robotsEdited,
} from '../config/index.ts';
import { cycleDisplayName, DEFAULT_SUBMIT_TO, renderCalendarFeed } from '../digest/index.ts';
import { StartError } from '../errors.ts';
import { lazyRequire } from '../lazyRequire.ts';
import { clockFromEnv, createDelivery, emailFromEnv, linksFromEnv, robotsOf } from '../main.ts';
import { createCalendar, type Plan, planSchedule, type ScheduleRecords, targetCycleId } from '../schedule/index.ts';
import {
  createDeliveryRepo,
  createRobotSendRepo,
  createScheduleRepo,
  type Db,
  explainStoreError,
  loadCatalog,
  openStore,
} from '../store/index.ts';
import type { Clock } from './clock.ts';
import { recordContactsInForce } from './contactsInForce.ts';
import { decidedBeforeOf, type TickedPlan } from './decidedBeforeOf.ts';
import type { TickResult } from './deliver.ts';
import { createRouter, serviceRoutes, startHttpServer } from './http.ts';
import type { LinkSettings } from './links.ts';
import type { Log } from './logger.ts';
import { createServiceMetrics } from './metrics.ts';
import { recordServiceChannels } from './serviceChannels.ts';
import { failedDeliveryLines } from './statusInput.ts';
import { calendarAccess, linkViewer, webRoutes } from './web.ts';

/** node-cron's CommonJS build: the one copy config validation and the digest matcher load too. */
const nodeCron = lazyRequire<typeof import('node-cron')>('node-cron');

/** What {@link startService} needs. Every default is applied by the caller (the CLI's `serve`). */
export interface ServiceOptions {
  /** SQLite path (`PPRD_DB`). */
  dbPath: string;
  /** Config folder (`PPRD_CONFIG`, default `config`). */
  configDir: string;
  /** Environment: SMTP_URL, MAIL_FROM, PPRD_OUTBOX, SLACK_*, PORT. Secrets are read here only. */
  env: NodeJS.ProcessEnv;
  /**
   * The service clock. Default: `PPRD_NOW` from `env` (read strictly, local in the configured
   * timezone when it has no offset; a bad value refuses the start) running on from there, else the host clock.
   */
  clock?: Clock;
  log: Log;
  /**
   * Imports the policy document when the database has none or the file changed (the CLI passes
   * `importDocumentFile`); returns whether the stored catalog changed. `configFiles`: `configDir` as the
   * start read it (once, issue 11), for the import's directory and its check of the config against the document.
   * @throws a catalogued error (src/errors.ts; exit 2) on a bad document (the service then does not start).
   */
  importDocument(configFiles: ConfigFiles): { changed: boolean; summary: string[] };
  /** HTTP port for /healthz, /readyz, /calendar and Bolt (HTTP mode); default `PORT` or 3000. */
  port?: number;
  /** Interface to listen on (default all). */
  host?: string;
  /** Ms to let sends in flight finish on stop (default 10 000). */
  drainMs?: number;
  /**
   * Wall-clock ms a tick may run before `/readyz` reports it (503 with the reason); default
   * {@link DEFAULT_TICK_BUDGET_MS}. Each channel's sends are bounded on their own (SMTP timeouts,
   * Slack's request timeout); a tick past this budget means one of them is not answering.
   */
  tickBudgetMs?: number;
  /**
   * Wall-clock ms with no finished tick (counted from the start, then from each tick's end) after which
   * `/healthz` answers 503 `ticksStalled` (default {@link DEFAULT_STALL_AFTER_MS}).
   */
  stallAfterMs?: number;
  /** The wall clock (ms since the epoch) for tick durations and the liveness check; default `Date.now`. */
  wallNow?: () => number;
  /**
   * Wall-clock ms the config folder must stay quiet after a change before it is read again (default
   * {@link DEFAULT_RELOAD_DEBOUNCE_MS}): an editor's save in several writes is read once. Tests that
   * write a file in one synchronous call in this process set it low instead of waiting.
   */
  reloadDebounceMs?: number;
}

/** Default quiet time (ms) after a change in the config folder before it is read again. */
export const DEFAULT_RELOAD_DEBOUNCE_MS = 300;

/** Default tick budget (ms): two minute ticks; a tick that takes longer delays the next ones. */
export const DEFAULT_TICK_BUDGET_MS = 120_000;

/**
 * Default silence (ms) before `/healthz` says ticks have stopped: 5 minutes — five missed minute ticks,
 * more than a tick's budget ({@link DEFAULT_TICK_BUDGET_MS}) plus the next minute.
 */
export const DEFAULT_STALL_AFTER_MS = 5 * 60_000;

/** A running service. */
export interface RunningService {
  /** The HTTP port actually bound. */
  readonly port: number;
  /** The one-line-per-fact start summary (also logged as event `started`). */
  readonly summary: string[];
  /** Runs one tick now (tests); ticks never overlap. */
  tick(): Promise<TickResult | null>;
  /** Re-reads `config/` as the file watcher does; returns the problems (empty when applied). */
  reloadConfig(): ConfigProblem[];
  /** Stops the schedule, lets the tick in flight finish (bounded by `drainMs`), closes Slack, HTTP, channels and the database. */
  stop(): Promise<void>;
}

/** A channel whose server refuses the credentials of an environment variable (shown in `/readyz`). */
export interface ChannelFault {
  channel: string;
  /** The variable to correct: `SMTP_URL` or `SLACK_BOT_TOKEN`. */
  variable: string;
  /** The server's answer, e.g. `Slack refused the bot token: token_revoked — fix: …`. */
  error: string;
  /** Service-clock instant of the first refusal in a row (ISO). */
  since: string;
}

/**
 * Wraps a channel so that a send refused for its credentials (`DeliveryError.credentials`) is recorded
 * in `faults` under the channel's name, and a successful send clears it. The send's outcome is passed on
 * unchanged (the delivery engine retries it).
 */
function watchCredentials<C extends Channel>(channel: C, faults: Map<string, ChannelFault>, now: () => string): C {
  const send = channel.send.bind(channel);
  return Object.assign(Object.create(Object.getPrototypeOf(channel)) as C, channel, {
    async send(message: Parameters<Channel['send']>[0]) {
      try {
        await send(message);
        faults.delete(channel.name);
      } catch (err) {
        const variable = (err as DeliveryError).credentials;
        if (variable && !faults.has(channel.name))
          faults.set(channel.name, { channel: channel.name, variable, error: (err as Error).message, since: now() });
        throw err;
      }
    },
  });
}

/** Thrown when the service cannot start on bad input (config, environment): every problem, one line each (catalogued in src/errors.ts). */
export { StartError };

function invalidConfig(problems: readonly ConfigProblem[]): ConfigError {
  return new ConfigError(
    problems,
    `invalid configuration, not starting (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`,
  );
}

/**
 * `pprd serve` (`npm start`), built from the pieces of the composition root (src/main.ts: email, robots, links, clock, delivery):
 * 1. imports the document in `seeds/` if the database has none or the file changed;
 * 2. opens the database, loads and validates `config/` (refusing to start with every problem listed);
 * 3. builds the channels: email (SMTP when `SMTP_URL` is set, else `.eml` files in the outbox) and
 *    Slack (when `SLACK_*` are set; otherwise says once that it runs without Slack);
 * 4. serves `/healthz`, `/readyz`, `/calendar/AGENCY.ics` on `port` (on Bolt's receiver in HTTP mode);
 * 5. ticks every minute of the service clock (node-cron checks each second whether the clock entered
 *    a new minute, so a `PPRD_NOW` clock ticks on its own minute boundaries), never overlapping;
 * 6. reloads `config/` when its files change: a valid edit takes effect and is logged with what
 *    changed in the plan; an invalid one is refused with its problems, the last good config stays. So is
 *    a valid one that drops recipients (`droppedRecipients`: fewer contacts for an agency that owes
 *    reports, fewer coordinators, a file not ending with a line break) until the admin confirms it
 *    (`pprd config check --accept-removals` writes `config/.accept-removals`, which the watcher sees).
 *    An edit of `robots:` is refused too (`robotsEdited`): robots' channels are built at start, so it
 *    needs a restart.
 * @throws StartError (exit 2) on an invalid config or `PPRD_NOW`; the import's own errors on a bad document.
 */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const { log, env } = opts;
  // Environment first: a bad SMTP_URL or a partial Slack setup stops the start before anything is written.
  if (env.SMTP_URL) checkSmtpUrl(env.SMTP_URL);
  if (env.MAIL_FROM) parseMailFrom(env.MAIL_FROM);
  const slackSettings = slackFromEnv(env, log);
  // Each setting's own catalogued error (src/errors.ts), as the CLI reports it: one failure, one code.
  const links: LinkSettings | null = linksFromEnv(env);
  const port = opts.port ?? (env.PORT ? Number(env.PORT) : 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartError(
      `PORT="${env.PORT}" is not a port number — fix: set PORT to a number from 1 to 65535 (default 3000)`,
    );
  }
  // Config next, all problems at once (the import then checks it again against the new catalog). Read
  // and parsed once: the import and the check against the stored catalog validate the same reading.
  const configFiles = readConfigFiles(opts.configDir);
  const precheck = loadConfig(opts.configDir, { env, files: configFiles });
  if (precheck.problems.length) throw invalidConfig(precheck.problems);
  // Group robots' webhook variables, before anything is written (built for real once the store is open).
  const robotsAt = (sendLog: RobotSendLog) => robotsOf(precheck.config, env, sendLog);
  robotsAt({ reserve: () => ({ ok: true }) });
  const clock: Clock = opts.clock ?? clockFromEnv(env, precheck.config.timezone);
  const imported = opts.importDocument(configFiles);
  log.info({ event: 'imported', changed: imported.changed }, imported.summary.join('; '));

  const db: Db = openStore(opts.dbPath);
  let dbOpen = true;
  const catalog = loadCatalog(db) as Catalog;
  const loaded = loadConfig(opts.configDir, { catalog, env, files: configFiles });
  if (loaded.problems.length) {
    db.close();
    throw invalidConfig(loaded.problems);
  }
  let config: Readonly<Config> = loaded.config;
  // What `pprd config check` warns about (placeholder addresses, no coordinators…), once at start.
  for (const w of configWarnings(opts.configDir, config, { files: configFiles }))
    log.warn({ event: 'config_warning', path: w.path }, `warning: ${formatProblem(w)}`);
  let refusedEdit: ConfigProblem[] = [];
  const schedules = createScheduleRepo(db);
  const deliveries = createDeliveryRepo(db);
  const nowIso = () => DateTime.fromMillis(clock.now(), { zone: config.timezone }).toISO()!;
  const calendarFor = (c: Readonly<Config>) => createCalendar(c.holidays, c.timezone);
  let calendar = calendarFor(config);
  const planAt = (extra: { agency?: string } = {}): Plan =>
    planSchedule({ catalog, config, calendar, records: schedules.records(), now: nowIso(), ...extra });
  /**
   * The tick's plan, kept while it cannot differ (issue 11): same config object (a reload replaces
   * it), same records (`records_version`, bumped by every write of any process) and same local day
   * (the day decides open vs overdue, and the year the horizon). Otherwise planned afresh.
   */
  let planCache: (TickedPlan & { records: ScheduleRecords }) | null = null;
  const tickPlan = (now: string) => {
    const version = schedules.version();
    const day = now.slice(0, 10);
    if (planCache?.config !== config || planCache.version !== version || planCache.day !== day) {
      const records = schedules.records();
      planCache = { config, version, day, records, plan: planSchedule({ catalog, config, calendar, records, now }) };
    }
    return planCache;
  };
  /** The plan the last successful tick decided everything of, and that tick's instant (ms). */
  let decidedThrough: { ticked: TickedPlan; nowMs: number } | null = null;

  // ---- channels
  const email = emailFromEnv(env);
  /** Channels whose server refuses our credentials (SMTP 535, Slack `token_revoked` …), until a send on them succeeds. */
  const credentialFaults = new Map<string, ChannelFault>();
  const channels: Channel[] = [watchCredentials(email, credentialFaults, nowIso)];
  // Robots (WeCom, DingTalk, Feishu): their sends are counted in SQLite, so the rate limit survives a restart.
  for (const robot of robotsAt(createRobotSendRepo(db)))
    channels.push(watchCredentials(robot, credentialFaults, nowIso));
  let slack: SlackApp | null = null;

  let lastTick: string | null = null;
  /** Calendar feeds by canonical agency name, with the version (config, records, day) they were rendered for. */
  const feedCache = new Map<string, { version: string; feed: string }>();
  /** Bumped by each applied config edit (part of a cached feed's version). */
  let configGeneration = 0;
  /** The tick in flight: its instant and when it started (wall clock, for the readiness budget). */
  let running: { now: string; startedMs: number } | null = null;
  const tickBudgetMs = opts.tickBudgetMs ?? DEFAULT_TICK_BUDGET_MS;
  /** The last tick's failure (cleared by a tick that finishes), and how many ticks in a row failed. */
  let tickError: { at: string; error: string; inARow: number } | null = null;
  const wallNow = opts.wallNow ?? Date.now;
  const stallAfterMs = opts.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  /** When the last tick ended (failed or not), or the service started (wall-clock ms). */
  let lastTickEndedMs: number | null = null;
  const startedMs = wallNow();
  const metrics = createServiceMetrics(() => {
    const n = deliveries.counts();
    return n.pending + n.failed;
  });
  const routes = serviceRoutes({
    metrics: () => metrics.render(),
    ticksStalled: () => {
      const silentMs = wallNow() - (lastTickEndedMs ?? startedMs);
      return silentMs > stallAfterMs
        ? { lastTickEndedAt: lastTickEndedMs === null ? null : new Date(lastTickEndedMs).toISOString(), silentMs }
        : null;
    },
    dbOpen: () => dbOpen,
    tickError: () => tickError,
    channelFaults: () => [...credentialFaults.values()],
    refusedEdit: () => (refusedEdit.length ? refusedEdit.map(formatProblem) : null),
    lastTick: () => lastTick,
    tickInFlight: () =>
      running ? { now: running.now, runningMs: Date.now() - running.startedMs, budgetMs: tickBudgetMs } : null,
    calendarFeed: (name, token) => {
      // The link first: without one, the answer says nothing about which names exist.
      if (!linkViewer(token, links?.secret, wallNow(), config)) return { status: 401 };
      const match = findAgency({ agencies: withSuccessors(catalog, config.directory) }, name);
      if (!match.agency) return { status: 404 };
      const agency = match.agency.name;
      const access = calendarAccess(token, agency, { secret: links?.secret, config, nowMs: wallNow() });
      if (access !== 200) return { status: access };
      // Planning is synchronous CPU work: a flood of feed requests would hold Slack's acks past 3 s. A
      // feed changes only with the config, the records (submissions, extensions…) and the day.
      const version = `${configGeneration}|${createHash('sha256').update(JSON.stringify(schedules.records())).digest('hex')}|${nowIso().slice(0, 10)}`;
      const cached = feedCache.get(agency);
      if (cached?.version === version) return { status: 200, feed: cached.feed };
      const plan = planAt({ agency });
      const feed = renderCalendarFeed({
        agency,
        occurrences: plan.occurrences,
        cycleNames: Object.fromEntries([
          ...config.cycles.map((c) => [c.id, c.name]),
          ...catalog.targets.map((t) => [targetCycleId(t.id), cycleDisplayName(targetCycleId(t.id), new Map())]),
        ]),
        submitTo: Object.fromEntries([
          ...config.cycles.map((c) => [c.id, c.submitTo]),
          ...catalog.targets.map((t) => [targetCycleId(t.id), DEFAULT_SUBMIT_TO]),
        ]),
        stamp: nowIso(),
        alarmSeconds: config.calendar?.alarmSeconds,
      });
      feedCache.set(agency, { version, feed });
      return { status: 200, feed };
    },
  });

  const web = webRoutes({
    db,
    catalog: () => catalog,
    config: () => config,
    secret: links?.secret,
    publicUrl: links?.publicUrl,
    now: nowIso,
    log,
  });
  const app = createRouter([routes, web], log);
  let server: Server | null = null;
  let boundPort = port;
  if (slackSettings) {
    const services = createSlackServices({
      catalog: () => catalog,
      config: () => config,
      calendar: () => calendar,
      records: () => schedules.records(),
      recordSubmission: (s) => {
        const r = schedules.recordSubmission({ ...s, via: 'slack', recordedAt: new Date(clock.now()).toISOString() });
        return { recorded: r.created, at: r.record.at };
      },
      failedDeliveries: () => failedDeliveryLines(db),
      escalated: () => deliveries.escalatedOccurrences(),
      now: nowIso,
    });
    slack = createSlackApp({
      botToken: slackSettings.botToken,
      signingSecret: slackSettings.signingSecret,
      appToken: slackSettings.appToken,
      apiUrl: slackSettings.apiUrl,
      port,
      host: opts.host,
      services,
      logger: log,
      timezone: config.timezone,
      fallback: app,
    });
    try {
      const started = await slack.start();
      if (started.port !== undefined) boundPort = started.port;
      channels.push(watchCredentials(slack.channel, credentialFaults, nowIso));
    } catch (err) {
      const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
      await slack.stop().catch(() => {});
      slack = null;
      if (cause?.code === 'EADDRINUSE' || cause?.code === 'EACCES') {
        db.close();
        throw new StartError(
          `port ${port} is ${cause.code === 'EADDRINUSE' ? 'already in use' : 'not allowed'} — fix: stop the other process on it or set PORT to a free port`,
        );
      }
      // Slack being down or refusing the token must not stop the email reminders.
      log.error(
        { event: 'slack_unavailable', error: (err as Error).message },
        'Slack could not start; running on email only until the next restart',
      );
    }
  }
  if (!slack?.servesRoutes) {
    try {
      const http = await startHttpServer(app, port, opts.host);
      server = http.server;
      boundPort = http.port;
    } catch (err) {
      db.close();
      await slack?.stop();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new StartError(
          `port ${port} is ${code === 'EADDRINUSE' ? 'already in use' : 'not allowed'} — fix: stop the other process on it or set PORT to a free port`,
        );
      }
      throw err;
    }
  }

  // Commands that deliver (`pprd tick`) compare their channels with these and refuse with fewer.
  recordServiceChannels(
    db,
    { email: email.mode, slack: slackSettings !== null, robots: (config.robots ?? []).map(robotChannelName) },
    new Date(clock.now()).toISOString(),
  );
  // `pprd config check` compares an edit with these and says when a reload would refuse it.
  recordContactsInForce(db, opts.configDir, config.contacts, new Date(clock.now()).toISOString());

  // ---- ticks
  const delivery = createDelivery({ db, catalog, channels, log, links });
  let inFlight: Promise<TickResult | null> | null = null;
  const tick = (): Promise<TickResult | null> => {
    if (inFlight) return inFlight;
    const now = nowIso();
    running = { now, startedMs: Date.now() };
    const tickStartedMs = wallNow();
    inFlight = (async () => {
      try {
        const cached = tickPlan(now);
        // Every reminder of this plan (or of the last tick's, planned for another day from the same
        // config and records) due by the last tick was decided then: only the ones after it (less the
        // catch-up window, as a margin) are looked at.
        const decidedBefore = decidedBeforeOf(decidedThrough, cached, config.delivery.catchUpDays);
        const result = await delivery.tick({ config, now, records: cached.records, plan: cached.plan, decidedBefore });
        decidedThrough = { ticked: cached, nowMs: Date.parse(now) };
        metrics.recordTick(result, wallNow() - tickStartedMs, wallNow());
        lastTick = now;
        tickError = null;
        return result;
      } catch (err) {
        // A read-only or full database fails every tick: say which file and what to do, in the log and /readyz.
        const error = explainStoreError(err, opts.dbPath).message;
        tickError = { at: now, error, inARow: (tickError?.inARow ?? 0) + 1 };
        log.error({ event: 'tick_failed', error, inARow: tickError.inARow }, 'tick failed');
        return null;
      } finally {
        lastTickEndedMs = wallNow();
        inFlight = null;
        running = null;
      }
    })();
    return inFlight;
  };
  let lastMinute = Math.floor(clock.now() / 60_000);
  const task: ScheduledTask = nodeCron().schedule(
    '* * * * * *',
    () => {
      const minute = Math.floor(clock.now() / 60_000);
      if (minute === lastMinute) return;
      lastMinute = minute;
      void tick();
    },
    { timezone: config.timezone, name: 'pprd-tick', noOverlap: true, suppressMissedWarning: true },
  );

  // ---- config reload
  const reloadConfig = (): ConfigProblem[] => {
    const next = loadConfig(opts.configDir, { catalog, env });
    if (next.problems.length) {
      refusedEdit = next.problems;
      log.warn(
        { event: 'reload_refused', problems: next.problems.map(formatProblem) },
        'config edit refused; the last good config stays in force',
      );
      return next.problems;
    }
    // Robots' channels are built at start (issue 13): an edit of `robots:` needs a restart.
    const robotEdit = robotsEdited(opts.configDir, config.robots, next.config.robots);
    if (robotEdit.length) {
      refusedEdit = robotEdit;
      log.warn(
        { event: 'reload_refused', problems: robotEdit.map(formatProblem) },
        'config edit changes the group robots; restart to apply it; the last good config stays in force',
      );
      return robotEdit;
    }
    // A valid edit may still be a damaged one (a file emptied or cut short): held until confirmed.
    const owing = new Set(
      planAt()
        .occurrences.filter((o) => o.state === 'open' || o.state === 'overdue')
        .map((o) => o.agency),
    );
    const dropped = droppedRecipients(opts.configDir, config.contacts, next.config.contacts, owing);
    if (dropped.length && !removalsAccepted(opts.configDir)) {
      refusedEdit = dropped;
      log.warn(
        { event: 'reload_refused', problems: dropped.map(formatProblem) },
        'config edit drops recipients; refused until confirmed (pprd config check --accept-removals); the last good config stays in force',
      );
      return dropped;
    }
    if (dropped.length)
      log.warn(
        { event: 'removals_accepted', problems: dropped.map(formatProblem) },
        'config edit drops recipients; applied as confirmed',
      );
    const before = planAt();
    const previous = config;
    config = next.config;
    recordContactsInForce(db, opts.configDir, config.contacts, new Date(clock.now()).toISOString());
    configGeneration++;
    calendar = calendarFor(config);
    refusedEdit = [];
    const after = planAt();
    const keys = (p: Plan) => new Set(p.reminders.map((r) => `${r.key}@${r.at}`));
    const a = keys(before);
    const b = keys(after);
    const added = [...b].filter((k) => !a.has(k)).length;
    const removed = [...a].filter((k) => !b.has(k)).length;
    log.info(
      {
        event: 'reloaded',
        cycles: config.cycles.map((c) => c.id),
        cyclesBefore: previous.cycles.map((c) => c.id),
        occurrences: { before: before.occurrences.length, after: after.occurrences.length },
        reminders: { before: before.reminders.length, after: after.reminders.length, added, removed },
      },
      `config reloaded: ${added} reminders added, ${removed} removed`,
    );
    return [];
  };
  let debounce: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(opts.configDir, () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        reloadConfig();
      }, opts.reloadDebounceMs ?? DEFAULT_RELOAD_DEBOUNCE_MS);
    });
  } catch (err) {
    log.warn(
      { event: 'watch_failed', error: (err as Error).message },
      'cannot watch the config folder; restart to apply edits',
    );
  }

  // ---- summary
  // The first tick's plan (same config, records and day): planned once for the summary and that tick.
  const { plan } = tickPlan(nowIso());
  const today = DateTime.fromMillis(clock.now(), { zone: config.timezone }).toISODate()!;
  const nextDue = plan.occurrences
    .filter((o) => o.state === 'open' && o.due >= today)
    .sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0))[0];
  const nowMs = clock.now();
  // The window's first reminder (send order), without materialising or parsing the plan's history.
  const nextReminder = plan.remindersBetween(nowMs - 1, Number.POSITIVE_INFINITY)[0];
  const agencies = catalog.agencies.filter((a) => !a.group).length;
  const groups = catalog.agencies.length - agencies;
  const summary = [
    `document: ${catalog.document.number} ${catalog.document.title} (${catalog.document.issuer}, ${catalog.document.issued})`,
    `catalog: ${catalog.tasks.length} tasks, ${catalog.agencies.length} agencies (${groups} groups), ${catalog.targets.length} targets`,
    `clock: ${nowIso()} (${config.timezone})`,
    nextDue
      ? `next deadline: ${nextDue.due} ${nextDue.cycle} ${nextDue.period} (${plan.occurrences.filter((o) => o.due === nextDue.due && o.cycle === nextDue.cycle && o.state === 'open').length} agencies)`
      : 'next deadline: none planned',
    nextReminder
      ? `next reminder: ${nextReminder.date} ${nextReminder.time} ${nextReminder.kind} ${nextReminder.cycle} ${nextReminder.period}`
      : 'next reminder: none planned',
    `email: ${email.mode === 'smtp' ? 'SMTP' : `outbox ${email.outboxDir}`}; slack: ${slack ? slack.mode : 'off'}; http: port ${boundPort}`,
  ];
  log.info(
    {
      event: 'started',
      port: boundPort,
      tasks: catalog.tasks.length,
      agencies: catalog.agencies.length,
      groups,
      targets: catalog.targets.length,
      nextDeadline: nextDue?.due ?? null,
      nextReminder: nextReminder?.at ?? null,
    },
    summary.join('; '),
  );

  // A first tick at start: catch-up after downtime happens here, not a minute later.
  void tick();

  let stopped = false;
  return {
    port: boundPort,
    summary,
    tick,
    reloadConfig,
    async stop() {
      if (stopped) return;
      stopped = true;
      await task.stop();
      await task.destroy();
      watcher?.close();
      if (debounce) clearTimeout(debounce);
      if (inFlight) {
        const drain = opts.drainMs ?? 10_000;
        await Promise.race([inFlight, new Promise((r) => setTimeout(r, drain).unref())]);
      }
      await slack?.stop();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      for (const ch of channels) await ch.close().catch(() => {});
      dbOpen = false;
      db.close();
      log.info({ event: 'stopped' }, 'stopped');
    },
  };
}
