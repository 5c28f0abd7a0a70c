import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/index.ts';
import { type Channel, DeliveryError, type OutgoingMessage, type Recipient } from '../channels/index.ts';
import type { Config, Contact } from '../config/index.ts';
import {
  buildAgencyDigest,
  buildCoordinatorDigest,
  type Lang,
  renderAgencyDigest,
  escapeSlack,
  renderNotice,
  renderCoordinatorDigest,
  renderDigestBlocks,
  renderEscalationSummary,
  renderEscalationSummarySlack,
  renderReminder,
  renderReminderSlack,
  type RenderedMessage,
  type StatusInput,
} from '../digest/index.ts';
import { createCalendar, type Plan, planSchedule, type Reminder, type ScheduleRecords } from '../schedule/index.ts';
import { createScheduleRepo, type Db, deliveryRepoFor, type DeliveryOutcome, type DeliveryRepo, type DeliveryRow, type NewDelivery } from '../store/index.ts';
import { claimOwner, isClaimStale } from './claimOwner.ts';
import { latestCronMatch } from './cronMatch.ts';
import { collectStatusInput } from './statusInput.ts';
import { ROBOT_RECIPIENT_PREFIX, robotRecipient, robotTargets } from './robotRecipients.ts';
import type { Log } from './logger.ts';

/**
 * A reminder sent more than this long after its planned instant says it is late (「补发」), but only
 * when that instant fell in an outage: see {@link isLate}.
 */
export const LATE_AFTER_MS = 60 * 60_000;

/**
 * Whether a delivery planned at `plannedMs` and decided at `nowMs` is late (「补发」, "因提醒服务中断，现补发"):
 * its instant fell while the service was down — after the last recorded tick (`lastTickMs`) — and more
 * than {@link LATE_AFTER_MS} ago. A first start (no tick recorded, `lastTickMs` undefined) is no outage,
 * and neither is a reminder whose instant passed while ticks ran (planned afresh after an undo or a
 * config edit): neither is labelled late (README "Delivery guarantees").
 * All values are ms since the Unix epoch.
 */
export function isLate(plannedMs: number, nowMs: number, lastTickMs: number | undefined): boolean {
  return lastTickMs !== undefined && plannedMs > lastTickMs && nowMs - plannedMs > LATE_AFTER_MS;
}
/** Default claim lease: a `sending` row whose claimant is silent this long (wall clock) may be taken over. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
/**
 * Key prefix of a folded escalation: `escalation:<cycle>/<period>/<date>[#n]` (one message per
 * coordinator and channel for every escalation of that round falling due that day).
 */
export const ESCALATION_PREFIX = 'escalation:';
/**
 * How far back a digest's cron match is looked for: one that fell on a day off is sent on the next
 * working day, and China's longest breaks (Spring Festival, National Day) last 8-9 days.
 */
export const DIGEST_DEFER_DAYS = 12;
/** Sends in flight at once on a channel that does not say (`Channel.concurrency`). */
export const DEFAULT_CHANNEL_CONCURRENCY = 5;
/** `meta` key of the last tick's instant (UTC ISO). */
export const LAST_TICK_KEY = 'last_tick';

/** Input of {@link runTick}. */
export interface TickInput {
  db: Db;
  catalog: Catalog;
  config: Config;
  /** Channels to send on (email, Slack, memory); each reachable recipient gets one delivery per channel. */
  channels: readonly Channel[];
  /** The tick's instant (business time: ISO with offset, Date, or ms). */
  now: string | Date | number;
  log?: Log;
  /** Submissions, extensions, excusals, target outcomes. Default: the store's (`createScheduleRepo(db).records()`). */
  records?: ScheduleRecords;
  /** A plan already computed for `now`'s day with the same records and config (the service's cache, simulation); default: `planSchedule`. */
  plan?: Plan;
  /**
   * Instant (ms since the epoch) up to which every reminder of `plan` is known to be decided: the
   * caller ticked this very plan object at or after it (the service passes its last tick on the
   * same plan, less the catch-up window). Only reminders planned after it, and those waiting for a
   * contact, are then looked at (issue 11: the tick's cost follows what is due). Default: none, every
   * reminder due by `now` is checked against the store.
   */
  decidedBefore?: number;
  /**
   * The signed board link for an email reminder's recipient to its occurrence (issue 12), or undefined
   * for none (no `PPRD_PUBLIC_URL` / `PPRD_LINK_SECRET`: the email keeps its text without a link).
   * `audience` is `coordinator` for escalations, else `contact`; a folded escalation (one round) passes no
   * agency, a coordinators' digest no occurrence (null: the board). Group robots get one too, as `meta.link`
   * (their last line): an agency's robot its occurrence's page (where 已报送 is pressed: robots take no
   * button clicks), a coordinators' robot the board on digests and escalation summaries.
   */
  reminderLink?: (to: Recipient, occurrence: { cycle: string; period: string; agency?: string } | null, audience: 'contact' | 'coordinator') => string | undefined;
  /**
   * The signed address of an agency's calendar feed for an email reminder's contact (issue 15), or undefined
   * for none (no links set up): shown in before/due/overdue reminders. See `calendarLinks` (links.ts).
   */
  calendarLink?: (to: Recipient, agency: string) => string | undefined;
  /** Claim token of this tick; default {@link claimOwner}() (`host|pid|instance|startTicks|random`). */
  owner?: string;
  /** Claim lease in wall-clock ms (default {@link DEFAULT_LEASE_MS}). */
  leaseMs?: number;
  /** Wall clock for leases only (default `Date.now`): a claim's liveness is real time, not business time. */
  wallClock?: () => number;
  /** Rows claimed per transaction (default 50). */
  batchSize?: number;
  /**
   * Sends in flight at once on EACH channel (each channel has its own lane); default the channel's own
   * `concurrency`, else {@link DEFAULT_CHANNEL_CONCURRENCY}.
   */
  concurrency?: number;
}

/** Counts of one tick. */
export interface TickResult {
  /** The tick's instant, ISO with offset in the configured zone. */
  now: string;
  /** Deliveries created (pending) by this tick, reminders and digests. */
  planned: number;
  /** Accepted by the channel. */
  sent: number;
  /** Of `sent`, caught-up reminders marked late. */
  late: number;
  /** Temporary failures that will be retried later. */
  retried: number;
  /** Permanent failures, or temporary ones past `giveUpAfterHours`. */
  dead: number;
  /** Reminders and digests recorded as skipped (missed before the catch-up window, superseded, submitted, empty). */
  skipped: number;
  /** Reminders recorded with no contact to send to. */
  noContact: number;
  /** Digest deliveries created. */
  digests: number;
  /** Claims taken over by another tick before this one could record them (stale lease). */
  lostClaims: number;
  /** `sent`, `retried` and `dead` by channel name (`email`, `slack`, `wecom:office` …), for metrics. */
  byChannel: Record<string, { sent: number; retried: number; dead: number }>;
}

/** `<sha256(deliveryKey)@pprd-reminder>`: the same for every resend of one delivery (RFC 5322 §3.6.4). */
export function messageIdFor(deliveryKey: string): string {
  return `<${createHash('sha256').update(deliveryKey).digest('hex')}@pprd-reminder>`;
}

/** `${key}|${channel}|${recipient}`: the delivery key (channels' `OutgoingMessage.key`). */
export function deliveryKey(key: string, channel: string, recipient: string): string {
  return `${key}|${channel}|${recipient}`;
}

/** Recipient id stored in `deliveries.recipient`: the lower-case email, else the Slack id. */
export function recipientIdOf(c: { email?: string; slackId?: string }): string {
  return c.email ? c.email.toLowerCase() : `slack:${c.slackId ?? ''}`;
}

function toRecipient(c: Contact): Recipient {
  const r: Recipient = { name: c.name, email: c.email, language: c.language ?? 'zh-CN' };
  if (c.slackId) r.slackId = c.slackId;
  return r;
}

/** A recipient of one decision, and the channels it may be sent on (all when absent). */
interface Target {
  id: string;
  to: Recipient;
  only?: string;
}

/** Whether `err` is SQLite's "database is locked" (`SQLITE_BUSY…`, `SQLITE_LOCKED…`): another writer held the lock past the busy timeout. */
function isLocked(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** Pauses between tries of a write that found the database locked: 100 ms, doubling up to 2 s. */
const LOCKED_PAUSE_MS = [100, 200, 400, 800, 1600, 2000];

/**
 * Runs the store write `fn` (a claim, the record of a send). When another process holds SQLite's
 * write lock past the busy timeout, tries again after a pause, until the wall clock reaches
 * `deadline`; then throws the last error. The first try runs at once: when it succeeds the value is
 * returned synchronously (a tick decides and claims in its caller's turn).
 */
function persist<T>(fn: () => T, deadline: number, wall: () => number, onLocked: (tries: number) => void): T | Promise<T> {
  try {
    return fn();
  } catch (err) {
    if (!isLocked(err)) throw err;
    onLocked(1);
  }
  return (async () => {
    for (let tries = 1; ; tries++) {
      await new Promise((r) => setTimeout(r, LOCKED_PAUSE_MS[Math.min(tries - 1, LOCKED_PAUSE_MS.length - 1)]));
      try {
        return fn();
      } catch (err) {
        if (!isLocked(err) || wall() >= deadline) throw err;
        onLocked(tries + 1);
      }
    }
  })();
}

/** `ms` down to its whole minute. */
function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/**
 * Per-channel send queues: each channel's rows go through its own pool of at most `limitOf(channel)`
 * sends at once, so a channel that hangs (an SMTP server that never greets) or waits (Slack's 429
 * `Retry-After`) holds up only its own rows. After the first error thrown by `fn` (a store error, not
 * a failed send: those are recorded outcomes) no new row is started; `drain` waits for the sends in
 * flight and rethrows it.
 */
function createLanes(limitOf: (channel: string) => number, fn: (row: DeliveryRow) => Promise<void>) {
  const lanes = new Map<string, { queue: DeliveryRow[]; active: number }>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const pump = (channel: string) => {
    const lane = lanes.get(channel)!;
    const limit = Math.max(1, limitOf(channel));
    while (!failure && lane.active < limit && lane.queue.length) {
      const row = lane.queue.shift()!;
      lane.active++;
      const p: Promise<void> = fn(row)
        .catch((error) => {
          failure ??= { error };
        })
        .finally(() => {
          lane.active--;
          inFlight.delete(p);
          pump(channel);
        });
      inFlight.add(p);
    }
  };
  return {
    push(row: DeliveryRow) {
      const lane = lanes.get(row.channel) ?? { queue: [], active: 0 };
      lanes.set(row.channel, lane);
      lane.queue.push(row);
      pump(row.channel);
    },
    async drain(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
      if (failure) throw failure.error;
    },
  };
}

/** Per plan object: its reminders and occurrences by key, and each reminder's instant (ms), built once. */
interface PlanIndex {
  reminderByKey: Map<string, Reminder>;
  occByKey: Map<string, Plan['occurrences'][number]>;
  /** `Date.parse(reminders[i].at)`, in the plan's (send) order. */
  atMs: Float64Array;
}
const PLAN_INDEX = new WeakMap<Plan, PlanIndex>();
function indexPlan(plan: Plan): PlanIndex {
  let ix = PLAN_INDEX.get(plan);
  if (!ix) {
    const atMs = new Float64Array(plan.reminders.length);
    // Date.parse reads ISO-8601 with an offset exactly, far faster than luxon on thousands of reminders.
    for (let i = 0; i < atMs.length; i++) atMs[i] = Date.parse(plan.reminders[i].at);
    ix = { reminderByKey: new Map(plan.reminders.map((r) => [r.key, r])), occByKey: new Map(plan.occurrences.map((o) => [o.key, o])), atMs };
    PLAN_INDEX.set(plan, ix);
  }
  return ix;
}

/** First index of `atMs` (ascending) whose value is greater than `ms`. */
function firstAfter(atMs: Float64Array, ms: number): number {
  let lo = 0;
  let hi = atMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atMs[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One working-day calendar per config object (digests' day-off rule). */
const CALENDARS = new WeakMap<Config, ReturnType<typeof createCalendar>>();

function toMillis(now: string | Date | number): number {
  if (typeof now === 'number') return now;
  if (now instanceof Date) return now.getTime();
  const dt = DateTime.fromISO(now, { setZone: true });
  if (!dt.isValid) throw Object.assign(new Error(`invalid instant "${now}": write it like 2020-06-23T09:00:00+08:00`), { exitCode: 2 });
  return dt.toMillis();
}

/**
 * One delivery tick at instant `now` (DESIGN.md "Delivery guarantees"; issue 4 "Delivery"):
 *
 * 1. Plans (`planSchedule`) and, in one `BEGIN IMMEDIATE` transaction, decides what is due by `now`:
 *    - reminders are grouped by occurrence and audience (the agency's contacts; coordinators for
 *      `escalation`). Of a group's reminders due by `now` with no row yet, only the latest is sent, and
 *      only if it is later than any already decided and due within `delivery.catchUpDays`; it is marked
 *      late ({@link isLate}) when its instant fell after the last tick and over an hour ago. The others are recorded `skipped`
 *      (`catch-up`, or `too-old` beyond the window), never sent. A first start mid-programme therefore
 *      sends today's reminders, not years of old ones. A reminder with no contact to go to is recorded
 *      `skipped` with reason `no-contact` (shown in status and the digest) and waits: while it is within
 *      the catch-up window it is sent once a contact appears (reason then `contact-added`); a later
 *      reminder of the occurrence that is sent resolves it (`superseded`), so does a submission.
 *    - digests are due when their cron expression matched a minute after the last tick (`meta.last_tick`;
 *      on a first tick, within the last minute), at most `catchUpDays` back; only the latest match counts.
 *      An empty digest is recorded `skipped` (`empty`), not sent.
 *    - escalations are decided per occurrence as above, then folded: those of one (cycle, period) due
 *      on the same day become ONE delivery per coordinator and channel, key
 *      `escalation:<cycle>/<period>/<date>` (`#2`… for a later fold of that day), whose `covers` lists the
 *      per-occurrence reminder keys (decided once, like any row). At send time it lists only the
 *      occurrences still open (submitted or excused ones are dropped; none left: `skipped`,
 *      `submitted`), and records the occurrence keys it listed (`listed`: "escalated" in status).
 *    Each decision inserts one row per (key, channel, recipient) — UNIQUE in SQLite, so a second tick or
 *    a second process deciding the same instant inserts nothing.
 * 2. Claims due rows (pending, failed whose retry time has come, and `sending` rows whose claimant is not
 *    a live process or whose wall-clock lease ran out: {@link isClaimStale}) in `BEGIN IMMEDIATE`
 *    transactions, counts an attempt just before each send, sends, and records each outcome: `sent`;
 *    `failed` with exponential backoff (`retryBaseMinutes` × 2^(attempts−1), attempts = sends tried, due
 *    on the whole minute so the tick of that minute takes it, the last retry no later than
 *    `giveUpAfterHours` after the first attempt); `dead` when permanent or given up.
 *    A row whose occurrence was submitted since it was planned is recorded `skipped` (`submitted`).
 *    Each channel's rows are sent on their own lane (`Channel.concurrency` sends at once), so a channel
 *    that hangs or waits out a rate limit delays none of the others (issue 17 item 4).
 *
 * Exactly once: a row is claimed before it is sent; if the process dies after the server accepted the
 * message but before the record, the next tick takes over the claim and resends it with the same
 * Message-ID (derived from the delivery key), which mail clients fold. Nothing else can send twice.
 *
 * @returns counts; logs one line per sent/retried/dead delivery (keys and codes, never bodies).
 * A database locked past SQLite's busy timeout (another process writing) delays the tick: its decision,
 * claims and records are tried again after pauses, up to `leaseMs` (issue 17 item 3).
 *
 * @throws Error with `exitCode: 2` for an invalid `now`; SQLite errors propagate (nothing half-recorded),
 *   `SQLITE_BUSY` only after the lock stayed taken for `leaseMs`, and only once every send the tick
 *   started has finished and been recorded.
 */
export async function runTick(input: TickInput): Promise<TickResult> {
  const { db, catalog, config } = input;
  const log = input.log ?? { info() {}, warn() {}, error() {} };
  const zone = config.timezone;
  const nowMs = toMillis(input.now);
  const nowDt = DateTime.fromMillis(nowMs, { zone });
  const nowIso = nowDt.toISO()!;
  const nowUtc = nowDt.toUTC().toISO()!;
  const wall = input.wallClock ?? Date.now;
  const owner = input.owner ?? claimOwner();
  const leaseMs = input.leaseMs ?? DEFAULT_LEASE_MS;
  const repo: DeliveryRepo = deliveryRepoFor(db);
  const records = input.records ?? createScheduleRepo(db).records();
  const plan =
    input.plan ?? planSchedule({ catalog, config, calendar: createCalendar(config.holidays, zone), records, now: nowIso });
  let digestCalendar = CALENDARS.get(config);
  if (!digestCalendar) {
    digestCalendar = createCalendar(config.holidays, zone);
    CALENDARS.set(config, digestCalendar);
  }
  const catchUpMs = config.delivery.catchUpDays * 86_400_000;
  const result: TickResult = { now: nowIso, planned: 0, sent: 0, late: 0, retried: 0, dead: 0, skipped: 0, noContact: 0, digests: 0, lostClaims: 0, byChannel: {} };
  const perChannel = (name: string) => (result.byChannel[name] ??= { sent: 0, retried: 0, dead: 0 });

  const { reminderByKey, occByKey, atMs: planAtMs } = indexPlan(plan);
  const cycleById = new Map(config.cycles.map((c) => [c.id, c]));
  const channelsByName = new Map(input.channels.map((c) => [c.name, c]));
  const atMs = new Map<string, number>();
  const msOf = (r: Reminder) => {
    let v = atMs.get(r.key);
    if (v === undefined) {
      v = Date.parse(r.at);
      atMs.set(r.key, v);
    }
    return v;
  };

  // Group robots (WeCom, DingTalk, Feishu) are one more recipient of the audience, on their own channel.
  const coordinatorTargets = (): Target[] => [...config.contacts.coordinators.map((c) => ({ id: recipientIdOf(c), to: toRecipient(c) })), ...robotTargets(config, null)];
  const agencyTargets = (agency: string): Target[] => [...(config.contacts.agencies[agency] ?? []).map((c) => ({ id: recipientIdOf(c), to: toRecipient(c) })), ...robotTargets(config, agency)];
  const digestTargets = (): Target[] => {
    const chan = config.slack.digestChannel;
    const slack = channelsByName.get('slack');
    if (!chan || !slack) return coordinatorTargets();
    // A digest channel replaces the coordinators' Slack DMs; email still goes to each coordinator.
    const email = coordinatorTargets().map((t) => ({ ...t, to: { ...t.to, slackId: undefined } }));
    return [...email, { id: `slack:${chan}`, to: { name: chan, slackId: chan, language: config.language }, only: 'slack' }];
  };

  /** Rows for one decision to send `key` to `targets` on every channel that reaches them. */
  const rowsFor = (key: string, source: 'reminder' | 'digest', targets: Target[], base: Omit<NewDelivery, 'key' | 'channel' | 'recipient' | 'source' | 'status' | 'messageId'>): NewDelivery[] => {
    const rows: NewDelivery[] = [];
    for (const t of targets) {
      for (const ch of input.channels) {
        if (t.only && t.only !== ch.name) continue;
        if (!ch.canReach(t.to)) continue;
        rows.push({ ...base, key, source, channel: ch.name, recipient: t.id, status: 'pending', messageId: messageIdFor(deliveryKey(key, ch.name, t.id)) });
      }
    }
    return rows;
  };

  /** Logs a write that found the database locked past the busy timeout (it is tried again): tries 1, 2, 4, 8 … */
  const lockedLog = (what: string, key?: string) => (tries: number) => {
    if ((tries & (tries - 1)) === 0) log.warn({ event: 'db-locked', what, key, tries }, `database locked past the busy timeout (${what}); trying again`);
  };

  // ---- 1. decide, in one write transaction (tried again, from scratch, while another writer holds the lock)
  const decide = (): void => {
    result.planned = 0;
    result.skipped = 0;
    result.noContact = 0;
    result.digests = 0;
    // Catch-up reaches back `catchUpDays` after downtime; on the very first tick (no tick recorded)
    // there was no downtime, only a start: reminders planned earlier today still go, older ones never.
    const lastTick = repo.getMeta(LAST_TICK_KEY);
    const lastTickMs = lastTick ? DateTime.fromISO(lastTick).toMillis() : undefined;
    const firstTick = lastTick === undefined;
    const catchUpFrom = firstTick ? nowDt.startOf('day').toMillis() : nowMs - catchUpMs;
    const groups = new Map<string, Reminder[]>();
    const due: Reminder[] = [];
    // Reminders recorded `no-contact` wait for a contact (issue 17 item 1): they count as undecided, so the
    // one still within the catch-up window is sent once a contact appears; they stay waiting (shown in
    // status) until sent, superseded by a later reminder that is sent, or the occurrence is closed.
    const waiting = repo.waitingForContact();
    const add = (r: Reminder) => {
      due.push(r);
      const g = `${r.occurrenceKey}\u0000${r.kind === 'escalation' ? 'coordinators' : 'agency'}`;
      const list = groups.get(g);
      if (list) list.push(r);
      else groups.set(g, [r]);
    };
    // The plan is in send order: the reminders due by now are a prefix of it. With `decidedBefore`
    // (and a tick recorded) only its tail after that instant is looked at, plus those waiting.
    const end = firstAfter(planAtMs, nowMs);
    const start = input.decidedBefore !== undefined && !firstTick ? Math.min(end, firstAfter(planAtMs, input.decidedBefore)) : 0;
    for (let i = start; i < end; i++) add(plan.reminders[i]);
    if (start > 0) {
      for (const key of waiting.keys()) {
        const r = reminderByKey.get(key);
        if (r && msOf(r) <= nowMs && !(msOf(r) > (input.decidedBefore as number))) add(r);
      }
    }
    // Only the keys due by now are looked up (by index), not every row ever stored.
    const decided = repo.decidedAmong('reminder', due.map((r) => r.key));
    const rows: NewDelivery[] = [];
    const resolved: [key: string, reason: string][] = [];
    const isDecided = (key: string) => decided.has(key) && !waiting.has(key);
    /** Escalations to send, folded by (cycle, period, escalation date): one message per coordinator and channel. */
    const folds = new Map<string, Reminder[]>();
    for (const list of groups.values()) {
      list.sort((a, b) => msOf(a) - msOf(b));
      let latestDecided = Number.NEGATIVE_INFINITY;
      for (const r of list) if (isDecided(r.key)) latestDecided = Math.max(latestDecided, msOf(r));
      const open = list.filter((r) => !isDecided(r.key));
      if (!open.length) continue;
      const latest = open[open.length - 1];
      const occ = occByKey.get(latest.occurrenceKey);
      const closed = occ && (occ.state === 'submitted' || occ.state === 'excused');
      const sendIt = !closed && msOf(latest) > latestDecided && msOf(latest) >= catchUpFrom;
      for (const r of open) {
        if (r === latest && sendIt) continue;
        if (waiting.has(r.key)) {
          if (closed) resolved.push([r.key, 'submitted']);
          continue;
        }
        const reason = closed ? 'submitted' : msOf(r) < catchUpFrom ? 'too-old' : 'catch-up';
        rows.push({ key: r.key, channel: '*', recipient: '*', source: 'reminder', occurrenceKey: r.occurrenceKey, agency: r.agency, plannedAt: r.at, status: 'skipped', reason, messageId: messageIdFor(r.key) });
        result.skipped++;
      }
      if (!sendIt) continue;
      if (latest.kind === 'escalation') {
        const f = `${latest.cycle}/${latest.period}/${latest.date}`;
        const fold = folds.get(f);
        if (fold) fold.push(latest);
        else folds.set(f, [latest]);
        continue;
      }
      const late = isLate(msOf(latest), nowMs, lastTickMs);
      const targets = agencyTargets(latest.agency);
      const base = { occurrenceKey: latest.occurrenceKey, agency: latest.agency, plannedAt: latest.at, late };
      const sends = rowsFor(latest.key, 'reminder', targets, base);
      if (sends.length) {
        rows.push(...sends);
        result.planned += sends.length;
        for (const r of open) if (waiting.has(r.key)) resolved.push([r.key, r === latest ? 'contact-added' : 'superseded']);
      } else if (!waiting.has(latest.key)) {
        rows.push({ ...base, key: latest.key, channel: '*', recipient: '*', source: 'reminder', status: 'skipped', reason: 'no-contact', messageId: messageIdFor(latest.key) });
        result.noContact++;
      }
    }

    // Folded escalations: `escalation:<cycle>/<period>/<date>`, or `…#2`, `#3` when that day already had
    // a fold (an occurrence that became due again later that day, e.g. after an undone submission).
    for (const [f, list] of folds) {
      let key = `${ESCALATION_PREFIX}${f}`;
      for (let n = 2; repo.list({ key }).length; n++) key = `${ESCALATION_PREFIX}${f}#${n}`;
      const first = list.reduce((a, b) => (msOf(b) < msOf(a) ? b : a));
      const late = isLate(msOf(first), nowMs, lastTickMs);
      const base = { plannedAt: first.at, late, covers: list.map((r) => r.key) };
      const sends = rowsFor(key, 'reminder', coordinatorTargets(), base);
      if (sends.length) {
        rows.push(...sends);
        result.planned += sends.length;
      } else {
        rows.push({ ...base, key, channel: '*', recipient: '*', source: 'reminder', status: 'skipped', reason: 'no-contact', messageId: messageIdFor(key) });
        result.noContact++;
      }
    }

    // Digests: the latest cron match, moved to the next working day when it falls on a day off (a
    // Monday of the National Day week waits for the first working day), due when that instant is
    // since the last tick and within the catch-up window. The key keeps the cron match's own minute.
    const lastMs = lastTickMs ?? nowMs - 60_000;
    const after = Math.max(lastMs, nowMs - catchUpMs);
    for (const d of config.digests) {
      const match = latestCronMatch(d.schedule, zone, nowMs - DIGEST_DEFER_DAYS * 86_400_000, nowMs);
      if (!match) continue;
      const matchDay = match.toISODate()!;
      const workDay = digestCalendar.isWorkingDay(matchDay) ? matchDay : digestCalendar.addWorkingDays(matchDay, 1);
      const at = workDay === matchDay ? match : DateTime.fromISO(`${workDay}T${match.toFormat('HH:mm')}`, { zone });
      if (at.toMillis() <= after || at.toMillis() > nowMs) continue;
      const stamp = match.toFormat("yyyy-MM-dd'T'HH:mm");
      const plannedAt = at.toISO()!;
      const late = isLate(at.toMillis(), nowMs, lastTickMs);
      if (d.audience === 'coordinators') {
        const key = `digest/${d.id}/${stamp}`;
        if (repo.list({ key }).length) continue;
        const sends = rowsFor(key, 'digest', digestTargets(), { plannedAt, late });
        if (sends.length) {
          rows.push(...sends);
          result.digests += sends.length;
        } else {
          rows.push({ key, channel: '*', recipient: '*', source: 'digest', plannedAt, status: 'skipped', reason: 'no-contact', messageId: messageIdFor(key) });
        }
      } else {
        for (const agency of Object.keys(config.contacts.agencies)) {
          const key = `digest/${d.id}/${stamp}/${agency}`;
          if (repo.list({ key }).length) continue;
          const sends = rowsFor(key, 'digest', agencyTargets(agency), { plannedAt, late, agency });
          rows.push(...sends);
          result.digests += sends.length;
        }
      }
    }
    repo.insert(rows, nowUtc);
    for (const [key, reason] of resolved) repo.resolveNoContact(key, reason, nowUtc);
    if (!lastTick || DateTime.fromISO(lastTick).toMillis() < nowMs) repo.setMeta(LAST_TICK_KEY, nowUtc);
  };
  const decision = persist(() => repo.immediate(decide), wall() + leaseMs, wall, lockedLog('decide'));
  if (decision instanceof Promise) await decision;
  result.planned += result.digests;

  // ---- 2. claim, send, record
  const statusInput = (): StatusInput => collectStatusInput(db, catalog, config, nowIso, { plan, records });
  let cachedStatus: StatusInput | undefined;

  const findRecipient = (row: DeliveryRow, agency: string | null, coordinators: boolean): Recipient | undefined => {
    if (row.recipient.startsWith('slack:') && row.recipient.slice(6) === config.slack.digestChannel) {
      return { name: config.slack.digestChannel!, slackId: config.slack.digestChannel, language: config.language };
    }
    if (row.recipient.startsWith(ROBOT_RECIPIENT_PREFIX)) return robotRecipient(config, row.recipient, agency, coordinators);
    const pool = coordinators ? config.contacts.coordinators : (config.contacts.agencies[agency ?? ''] ?? []);
    const c = pool.find((x) => recipientIdOf(x) === row.recipient);
    return c ? toRecipient(c) : undefined;
  };

  /** A group robot's `meta.link` (see `reminderLink`): the occurrence's page, a round's board, or the board for `null`. */
  const robotLink = (to: Recipient, occurrence: { cycle: string; period: string; agency?: string } | null, audience: 'contact' | 'coordinator'): { link: { text: string; url: string } } | undefined => {
    const url = to.robot ? input.reminderLink?.(to, occurrence, audience) : undefined;
    if (!url) return undefined;
    const en = to.language === 'en';
    return { link: { url, text: occurrence?.agency ? (en ? 'Open the report; once sent, press "Mark submitted"' : '打开报送页面，报送后点“已报送”') : en ? 'Open the reporting board' : '打开报送看板' } };
  };

  const build = (row: DeliveryRow): { message: OutgoingMessage; listed?: string[] } | { skip: string } => {
    const base = { key: deliveryKey(row.key, row.channel, row.recipient), messageId: row.messageId, date: nowIso };
    if (row.source === 'reminder' && row.key.startsWith(ESCALATION_PREFIX)) return buildFolded(row, base);
    if (row.source === 'reminder') {
      const r = reminderByKey.get(row.key);
      if (!r) return { skip: 'not-planned' };
      const occ = occByKey.get(r.occurrenceKey);
      if (occ && (occ.state === 'submitted' || occ.state === 'excused')) return { skip: 'submitted' };
      const to = findRecipient(row, r.agency, r.kind === 'escalation');
      if (!to) return { skip: 'no-contact' };
      const cycle = cycleById.get(r.cycle);
      const renderInput = {
        reminder: r,
        catalog,
        cycle,
        to,
        now: nowIso,
        timezone: zone,
        sendAt: config.sendAt,
        late: row.late,
        agencyContacts: (config.contacts.agencies[r.agency] ?? []).map((c) => ({ name: c.name, email: c.email })),
        withCalendar: row.channel === 'email',
        sequence: occ?.revision,
        slackButton: channelsByName.has('slack') && Boolean(to.slackId),
        link: row.channel === 'email' ? input.reminderLink?.(to, r, r.kind === 'escalation' ? 'coordinator' : 'contact') : undefined,
        calendarLink: row.channel === 'email' && r.kind !== 'escalation' ? input.calendarLink?.(to, r.agency) : undefined,
      };
      const rendered = renderReminder(renderInput);
      // Block Kit only where it is used (an email channel ignores blocks).
      const slack = row.channel === 'email' ? undefined : renderReminderSlack(renderInput);
      return {
        message: {
          ...base,
          to,
          ...rendered,
          ...(slack ? { blocks: slack.blocks } : {}),
          meta: {
            source: 'reminder',
            kind: r.kind,
            occurrence: { cycle: r.cycle, period: r.period, agency: r.agency },
            late: row.late,
            ...(slack ? { slackText: slack.text } : {}),
            ...robotLink(to, r, r.kind === 'escalation' ? 'coordinator' : 'contact'),
          },
        },
      };
    }
    // digest/<id>/<stamp>[/<agency>]
    const [, id, , ...rest] = row.key.split('/');
    const agency = rest.length ? rest.join('/') : null;
    const d = config.digests.find((x) => x.id === id);
    if (!d) return { skip: 'not-planned' };
    const to = findRecipient(row, agency, d.audience === 'coordinators');
    if (!to) return { skip: 'no-contact' };
    const lang: Lang = to.language === 'en' ? 'en' : 'zh-CN';
    cachedStatus ??= statusInput();
    let rendered: RenderedMessage;
    let blocks: unknown[] | undefined;
    if (d.audience === 'coordinators') {
      const view = buildCoordinatorDigest(cachedStatus);
      if (!view) return { skip: 'empty' };
      rendered = renderCoordinatorDigest(view, lang);
      if (row.channel !== 'email') blocks = renderDigestBlocks(view, lang).blocks;
    } else {
      const view = buildAgencyDigest({ ...cachedStatus, agency: agency ?? '' });
      if (!view) return { skip: 'empty' };
      rendered = renderAgencyDigest(view, lang);
      if (row.channel !== 'email') blocks = renderNotice(escapeSlack(rendered.text), lang).blocks;
    }
    return { message: { ...base, to, ...rendered, blocks, meta: { source: 'digest', digest: d.id, agency, ...(agency === null ? robotLink(to, null, 'coordinator') : {}) } } };
  };

  /**
   * A folded escalation for one coordinator: the covered occurrences still open now (submitted or
   * excused ones, and any no longer planned, are dropped); `skip: 'submitted'` when none is left.
   */
  const reminderLink = input.reminderLink;
  function buildFolded(row: DeliveryRow, base: { key: string; messageId: string }): { message: OutgoingMessage; listed: string[] } | { skip: string } {
    const open: Reminder[] = [];
    let closed = 0;
    for (const k of row.covers ?? []) {
      // `cycle/period/agency/escalation/-5` → `cycle/period/agency`; the planner drops a closed occurrence's later reminders.
      const occ = occByKey.get(k.replace(/\/escalation\/[^/]+$/, ''));
      const r = reminderByKey.get(k);
      if (occ && (occ.state === 'submitted' || occ.state === 'excused')) closed++;
      else if (occ && r) open.push(r);
    }
    if (!open.length) return { skip: closed ? 'submitted' : 'not-planned' };
    const to = findRecipient(row, null, true);
    if (!to) return { skip: 'no-contact' };
    open.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const r0 = open[0];
    const input = {
      cycle: r0.cycle,
      cycleConfig: cycleById.get(r0.cycle),
      period: r0.period,
      entries: open.map((r) => ({ reminder: r, contacts: (config.contacts.agencies[r.agency] ?? []).map((c) => ({ name: c.name, email: c.email })) })),
      to,
      now: nowIso,
      timezone: zone,
      late: row.late,
      link: row.channel === 'email' ? reminderLink?.(to, { cycle: r0.cycle, period: r0.period }, 'coordinator') : undefined,
    };
    const rendered = renderEscalationSummary(input);
    const slack = row.channel === 'email' ? undefined : renderEscalationSummarySlack(input);
    return {
      listed: open.map((r) => r.occurrenceKey),
      message: {
        ...base,
        to,
        ...rendered,
        ...(slack ? { blocks: slack.blocks } : {}),
        meta: {
          source: 'reminder',
          kind: 'escalation',
          folded: true,
          occurrences: open.map((r) => ({ cycle: r.cycle, period: r.period, agency: r.agency })),
          late: row.late,
          ...(slack ? { slackText: slack.text } : {}),
          ...robotLink(to, { cycle: r0.cycle, period: r0.period }, 'coordinator'),
        },
      },
    };
  }

  const backoff = (row: DeliveryRow, err: DeliveryError): DeliveryOutcome => {
    const error = `${err.detail ?? ''} ${err.message}`.trim();
    if (err.kind === 'permanent') return { status: 'dead', error, reason: 'permanent' };
    const first = row.firstAttemptAt ? DateTime.fromISO(row.firstAttemptAt).toMillis() : nowMs;
    const giveUpAt = first + config.delivery.giveUpAfterHours * 3_600_000;
    if (nowMs >= giveUpAt) return { status: 'dead', error, reason: 'gave-up' };
    if (err.retryAfterMs !== undefined) {
      // A rate limit (a group robot's window, or the platform's lock-out): retry at the first whole
      // minute at which the slot is free, not on the exponential backoff.
      const at = Math.max(minuteOf(nowMs) + 60_000, Math.ceil((nowMs + err.retryAfterMs) / 60_000) * 60_000);
      return { status: 'failed', error, nextAttemptAt: DateTime.fromMillis(Math.min(at, Math.max(giveUpAt, nowMs + 60_000)), { zone: 'utc' }).toISO()! };
    }
    // `row.attempts` counts the send just tried. The service ticks on whole minutes, a little after
    // each: a retry due on a whole minute is taken by that minute's tick, not the next one (issue 17
    // item 7). At least the next minute, so a retry is never due again within the same tick.
    const delay = config.delivery.retryBaseMinutes * 60_000 * 2 ** Math.max(0, row.attempts - 1);
    let next = minuteOf(Math.min(nowMs + delay, giveUpAt));
    if (next <= nowMs) next = minuteOf(nowMs) + 60_000;
    return { status: 'failed', error, nextAttemptAt: DateTime.fromMillis(next, { zone: 'utc' }).toISO()! };
  };

  const sendRow = async (claimed: DeliveryRow): Promise<void> => {
    let row = claimed;
    let outcome: DeliveryOutcome;
    const channel = channelsByName.get(row.channel);
    const built = channel ? build(row) : undefined;
    if (!channel || !built) {
      outcome = { status: 'dead', error: `channel ${row.channel} is not configured`, reason: 'no-channel' };
    } else if ('skip' in built) {
      outcome = { status: 'skipped', reason: built.skip };
    } else {
      // The send is about to be tried: extend our claim and count the attempt.
      const begun = persist(() => repo.beginAttempt(row.id, owner, wall() + leaseMs, nowUtc), wall() + leaseMs, wall, lockedLog('begin', row.key));
      const tried = begun instanceof Promise ? await begun : begun;
      if (!tried) {
        // Another tick took this row over (our lease ran out while the batch waited): it is theirs to send.
        result.lostClaims++;
        log.warn({ event: 'claim-lost', key: row.key, channel: row.channel, recipient: row.recipient }, 'delivery claim taken over before sending; not sent here');
        return;
      }
      row = tried;
      try {
        await channel.send(built.message);
        outcome = built.listed ? { status: 'sent', listed: built.listed } : { status: 'sent' };
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError('temporary', (err as Error)?.message ?? String(err), undefined, { cause: err });
        outcome = backoff(row, e);
      }
    }
    // The send happened (or was decided against): its record waits its turn for the lock, up to a
    // lease, so a message the server accepted is not left `sending` to be sent again (issue 17 item 3).
    const recorded = persist(() => repo.finish(row.id, owner, outcome, nowUtc), wall() + leaseMs, wall, lockedLog('record', row.key));
    const ok = recorded instanceof Promise ? await recorded : recorded;
    const fields = { event: outcome.status, key: row.key, channel: row.channel, recipient: row.recipient, attempts: row.attempts, messageId: row.messageId };
    if (!ok) {
      result.lostClaims++;
      log.warn({ ...fields, event: 'claim-lost' }, 'delivery claim taken over by another tick; its outcome is theirs');
      return;
    }
    switch (outcome.status) {
      case 'sent':
        result.sent++;
        perChannel(row.channel).sent++;
        if (row.late) result.late++;
        log.info({ ...fields, late: row.late }, 'delivery sent');
        break;
      case 'failed':
        result.retried++;
        perChannel(row.channel).retried++;
        log.warn({ ...fields, event: 'retried', error: outcome.error, nextAttemptAt: outcome.nextAttemptAt }, 'delivery failed, will retry');
        break;
      case 'dead':
        result.dead++;
        perChannel(row.channel).dead++;
        log.error({ ...fields, error: outcome.error, reason: outcome.reason }, 'delivery dead');
        break;
      case 'skipped':
        result.skipped++;
        log.info({ ...fields, reason: outcome.reason }, 'delivery skipped');
        break;
    }
  };

  const isStale = (claimant: string | null, leaseUntil: number | null): boolean => claimant !== owner && isClaimStale(claimant, leaseUntil, wall());

  // Every due row is claimed now, batch by batch, and queued on its channel's lane: a lane never waits
  // for another channel's sends, nor for a later claim (issue 17 item 4). Rows wait in their lane under
  // our claim; `renew` extends it just before each send.
  const limitOf = (name: string) => input.concurrency ?? channelsByName.get(name)?.concurrency ?? DEFAULT_CHANNEL_CONCURRENCY;
  const lanes = createLanes(limitOf, sendRow);
  let claimFailure: { error: unknown } | undefined;
  try {
    for (;;) {
      const claimed = persist(
        () => repo.claim({ now: nowUtc, owner, leaseUntil: wall() + leaseMs, isStale, limit: input.batchSize ?? 50 }),
        wall() + leaseMs,
        wall,
        lockedLog('claim'),
      );
      const batch = claimed instanceof Promise ? await claimed : claimed;
      if (!batch.length) break;
      for (const row of batch) lanes.push(row);
      // Let the sends just started get going before the next claim transaction.
      await new Promise((r) => setImmediate(r));
    }
  } catch (error) {
    claimFailure = { error };
  }
  // The sends already started are finished and recorded before the tick reports anything, failure included.
  const drained = await lanes.drain().then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  const failure = claimFailure ?? drained;
  if (failure) throw failure.error;
  log.info({ event: 'tick', ...result }, 'tick done');
  return result;
}
