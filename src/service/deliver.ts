import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/index.ts';
import { type Channel, DeliveryError, type OutgoingMessage, type Recipient } from '../channels/index.ts';
import { type Config, type Contact, officeOf } from '../config/index.ts';
import {
  type Action,
  type Audience,
  type DeliveryKey,
  decideRetry,
  decideRow,
  decideTick,
  keyText,
  readKey,
  sourceOf,
} from '../decide/index.ts';
import {
  type AgencyDigestView,
  buildAgencyDigest,
  buildCoordinatorDigest,
  createDeadlineIcsMemo,
  type DigestView,
  type StatusInput,
} from '../digest/index.ts';
import { DateInputError } from '../errors.ts';
import {
  composeAgencyDigest,
  composeBundle,
  composeCoordinatorDigest,
  composeEscalation,
  composeReminder,
  formatEmail,
  langOf,
  type Message,
  type RenderedMessage,
  reminderEmail,
  say,
} from '../messages/index.ts';
import { createCalendar, type Plan, planSchedule, type Reminder, type ScheduleRecords } from '../schedule/index.ts';
import {
  createScheduleRepo,
  type Db,
  type DeliveryOutcome,
  type DeliveryRepo,
  type DeliveryRow,
  deliveryRepoFor,
  type NewDelivery,
} from '../store/index.ts';
import { claimOwner, isClaimStale } from './claimOwner.ts';
import type { Log } from './logger.ts';
import { ROBOT_RECIPIENT_PREFIX, robotRecipient, robotTargets } from './robotRecipients.ts';
import { collectStatusInput } from './statusInput.ts';

/** Default claim lease: a `sending` row whose claimant is silent this long (wall clock) may be taken over. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
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
   * same plan, less the catch-up window), or a plan of the same config whose records differ only by
   * submissions recorded since (a submission only takes reminders away: the simulation). Only reminders
   * planned after it, and those waiting for a contact, are then looked at (issue 11: the tick's cost
   * follows what is due). Default: none, every reminder due by `now` is checked against the store.
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
  reminderLink?: (
    to: Recipient,
    occurrence: { cycle: string; period: string; agency?: string } | null,
    audience: 'contact' | 'coordinator',
  ) => string | undefined;
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

/**
 * A claimed row's message, ready to send: `listed` (a fold) the occurrence keys it lists; `urgency` sorts
 * the parts of a bundle, most urgent first: escalation, overdue, due, before, digest, then the earlier due date.
 */
interface Built {
  message: OutgoingMessage;
  listed?: string[];
  urgency: string;
}
const URGENCY = { escalation: 0, overdue: 1, due: 2, before: 3, digest: 4 } as const;
const urgencyOf = (kind: keyof typeof URGENCY, due: string): string => `${URGENCY[kind]}|${due}`;

/**
 * An outgoing message whose email form — `text`, `html` and `attachments` (a reminder's `.ics`) — is made by
 * `render` when first read, once: the email channel reads it (and tests, from a memory channel); Slack and
 * the group robots format `content` and never do, nor does `pprd simulate`, which reads keys and `meta`
 * (issue 11: the simulation made the HTML of ~5,000 messages nobody read). `subject` is `content`'s own,
 * as in the email form. The same values as a message rendered at once, whoever reads them.
 */
function withEmailForm(
  head: Pick<OutgoingMessage, 'key' | 'messageId' | 'date' | 'to' | 'replyTo'>,
  content: Message,
  render: () => RenderedMessage,
  meta: Record<string, unknown>,
): OutgoingMessage {
  let form: RenderedMessage | undefined;
  const email = () => {
    form ??= render();
    return form;
  };
  return {
    ...head,
    subject: content.subject,
    get text() {
      return email().text;
    },
    get html() {
      return email().html;
    },
    get attachments() {
      return email().attachments;
    },
    content,
    meta,
  };
}

/**
 * One message for the parts of a bundle (same recipient and channel; issue 14 item 2), composed by
 * `composeBundle` (src/messages) from the parts' composed messages: the most urgent part's recipient, thread (`meta.occurrence`) and link, with `meta.items`
 * the parts' own `meta` (what each covers), `meta.keys` their delivery keys, and `meta.bundle` true. Its key (`bundle:<date>/<hash>|channel|recipient`)
 * and Message-ID follow the parts' keys, so a resend of the same bundle has the same Message-ID.
 */
function bundleMessage(
  parts: readonly Built[],
  date: string,
  to: { channel: string; recipient: string },
): OutgoingMessage {
  // Most urgent first; equally urgent ones in the order of their keys (the same order on every resend).
  const rank = (p: Built) => `${p.urgency}|${p.message.key}`;
  const sorted = [...parts].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  const first = sorted[0].message;
  const content = composeBundle(sorted.map((p) => p.message.content as Message));
  const hash = createHash('sha256')
    .update(
      sorted
        .map((p) => p.message.key)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  const key = deliveryKey(`bundle:${date}/${hash}`, to.channel, to.recipient);
  const meta = {
    ...first.meta,
    bundle: true,
    items: sorted.map((p) => p.message.meta),
    keys: sorted.map((p) => p.message.key),
  };
  return withEmailForm(
    {
      key,
      messageId: messageIdFor(key),
      date: first.date,
      to: first.to,
      ...(first.replyTo ? { replyTo: first.replyTo } : {}),
    },
    content,
    () => ({ ...formatEmail(content), attachments: sorted.flatMap((p) => p.message.attachments ?? []) }),
    meta,
  );
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
function persist<T>(
  fn: () => T,
  deadline: number,
  wall: () => number,
  onLocked: (tries: number) => void,
): T | Promise<T> {
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

/**
 * Per-channel send queues: each channel's units (a row, or a bundle's rows) go through its own pool of at most `limitOf(channel)`
 * sends at once, so a channel that hangs (an SMTP server that never greets) or waits (Slack's 429
 * `Retry-After`) holds up only its own rows. `fn` resolves when its unit's send is over and its records are
 * queued, with the records' promise (`recorded`): the lane takes its next unit at once (its begin is then written in
 * the same transaction as those records, see {@link createWriteQueue}) and `drain` waits for the records.
 * After the first error thrown by `fn` or a record (a store error, not a failed send: those are recorded
 * outcomes) no new row is started; `drain` waits for the sends in flight and their records, and rethrows it.
 */
function createLanes(
  limitOf: (channel: string) => number,
  fn: (unit: DeliveryRow[]) => Promise<{ recorded: Promise<void> }>,
) {
  const lanes = new Map<string, { queue: DeliveryRow[][]; active: number }>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const track = (work: Promise<void>, after?: () => void): void => {
    const p: Promise<void> = work
      .catch((error) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlight.delete(p);
        after?.();
      });
    inFlight.add(p);
  };
  const pump = (channel: string) => {
    const lane = lanes.get(channel)!;
    const limit = Math.max(1, limitOf(channel));
    while (!failure && lane.active < limit && lane.queue.length) {
      const unit = lane.queue.shift()!;
      lane.active++;
      track(
        fn(unit).then((sent) => track(sent.recorded)),
        () => {
          lane.active--;
          pump(channel);
        },
      );
    }
  };
  return {
    /** Queues a unit: rows of one channel sent together (a row alone, or a bundle's rows). */
    push(unit: DeliveryRow[]) {
      const channel = unit[0].channel;
      const lane = lanes.get(channel) ?? { queue: [], active: 0 };
      lanes.set(channel, lane);
      lane.queue.push(unit);
      pump(channel);
    },
    async drain(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
      if (failure) throw failure.error;
    },
  };
}

/**
 * The store writes of the sends in flight, written together: the begin of a send (claim extended, attempt
 * counted, just before it) and the record of an outcome (just after it). Every write waits for the end of
 * the turn of the event loop (`setImmediate`: after the I/O callbacks of that turn); the writes asked for
 * in one turn — the records of the sends that ended in it and the begins of the sends that follow them —
 * go in ONE `BEGIN IMMEDIATE` transaction, committed once (issue 11: a transaction per write, and then a
 * commit per begin, were a third of a tick's time; each commit of a file database waits for the disk
 * (`fsync`, SQLite's default `synchronous = FULL`), so the sends that end in the same turn share one).
 * Each write keeps its own condition (the claim is still ours) and its own result; a send starts only
 * once its begin is committed, and a record is committed at most one turn after its send ended. The
 * transaction is tried again while another process holds the lock ({@link persist}, up to `patience()`
 * from its start; the writes asked for meanwhile wait behind it); an error fails every write of that
 * transaction (nothing half-written).
 */
function createWriteQueue(
  transaction: <T>(fn: () => T) => T,
  patience: () => number,
  wall: () => number,
  onLocked: (tries: number) => void,
) {
  type Op = { run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let queue: Op[] = [];
  let scheduled = false;
  let previous: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> | undefined => {
    const ops = queue;
    queue = [];
    scheduled = false;
    if (!ops.length) return;
    const settle = (results: unknown[]) => {
      ops.forEach((op, i) => {
        op.resolve(results[i]);
      });
    };
    const fail = (error: unknown) => {
      for (const op of ops) op.reject(error);
    };
    let done: unknown[] | Promise<unknown[]>;
    try {
      done = persist(() => transaction(() => ops.map((op) => op.run())), patience(), wall, onLocked);
    } catch (error) {
      fail(error);
      return;
    }
    if (!(done instanceof Promise)) {
      settle(done);
      return;
    }
    return done.then(settle, fail);
  };
  return {
    /**
     * Queues the write `run` (synchronous, a statement or two); resolves with its result once committed,
     * with every write queued in the same turn of the event loop.
     */
    write<T>(run: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        // One transaction at a time: a batch waiting out a lock keeps the next one behind it.
        setImmediate(() => {
          previous = previous.then(flush);
        });
      });
    },
  };
}

/** One working-day calendar per config object (digests' day-off rule). */
const CALENDARS = new WeakMap<Config, ReturnType<typeof createCalendar>>();

function toMillis(now: string | Date | number): number {
  if (typeof now === 'number') return now;
  if (now instanceof Date) return now.getTime();
  const dt = DateTime.fromISO(now, { setZone: true });
  if (!dt.isValid)
    throw new DateInputError(
      'BAD_INSTANT',
      'the tick instant',
      now,
      dt.invalidExplanation ?? 'not an ISO instant',
      `the tick instant "${now}" is not an instant — fix: write it like 2020-06-23T09:00:00+08:00`,
    );
  return dt.toMillis();
}

/**
 * One delivery tick at instant `now` (DESIGN.md "Delivery guarantees"; issue 4 "Delivery"):
 *
 * 1. Plans (`planSchedule`) and, in one `BEGIN IMMEDIATE` transaction, reads what the store holds
 *    (the last tick, the reminder keys decided, those waiting for a contact), calls the pure
 *    `decideTick` (src/decide: the catch-up rule, 补发, escalation folding, the digest day, skips with
 *    their reasons) and records its actions: a send is one `pending` row per (key, channel, recipient)
 *    that a channel reaches — UNIQUE in SQLite, so a second tick or a second process deciding the same
 *    instant inserts nothing —, a skip one whole-key row (`*`), a resolution updates a waiting
 *    `no-contact` row. A folded escalation's row `covers` its reminder keys.
 * 2. Claims due rows (pending, failed whose retry time has come, and `sending` rows whose claimant is not
 *    a live process or whose wall-clock lease ran out: {@link isClaimStale}) in `BEGIN IMMEDIATE`
 *    transactions, counts an attempt just before each send, sends, and records each outcome: `sent`;
 *    `failed` with exponential backoff (`retryBaseMinutes` × 2^(attempts−1), attempts = sends tried, due
 *    on the whole minute so the tick of that minute takes it, the last retry no later than
 *    `giveUpAfterHours` after the first attempt); `dead` when permanent or given up.
 *    What a row becomes is decided by `decideRow` (a row whose occurrence was submitted since is
 *    recorded `skipped`, `submitted`; a fold lists the occurrences still open) and a failure by
 *    `decideRetry`.
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
 * @throws DateInputError (`BAD_INSTANT`, exit 2) for an invalid `now`; SQLite errors propagate (nothing half-recorded),
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
  const today = nowDt.toISODate()!;
  const wall = input.wallClock ?? Date.now;
  const owner = input.owner ?? claimOwner();
  const leaseMs = input.leaseMs ?? DEFAULT_LEASE_MS;
  const repo: DeliveryRepo = deliveryRepoFor(db);
  const records = input.records ?? createScheduleRepo(db).records();
  const plan =
    input.plan ??
    planSchedule({ catalog, config, calendar: createCalendar(config.holidays, zone), records, now: nowIso });
  let digestCalendar = CALENDARS.get(config);
  if (!digestCalendar) {
    digestCalendar = createCalendar(config.holidays, zone);
    CALENDARS.set(config, digestCalendar);
  }
  const result: TickResult = {
    now: nowIso,
    planned: 0,
    sent: 0,
    late: 0,
    retried: 0,
    dead: 0,
    skipped: 0,
    noContact: 0,
    digests: 0,
    lostClaims: 0,
    byChannel: {},
  };
  const perChannel = (name: string) => (result.byChannel[name] ??= { sent: 0, retried: 0, dead: 0 });

  const cycleById = new Map(config.cycles.map((c) => [c.id, c]));
  // The contacts of one agency (one language) get the same `.ics` of a deadline: rendered once a tick.
  const deadlineIcs = createDeadlineIcsMemo();
  // Every email's Reply-To and closing line: the coordinators' office (pprd.yaml `office`, else contacts.yaml's coordinators).
  const office = officeOf(config);
  const channelsByName = new Map(input.channels.map((c) => [c.name, c]));

  // Group robots (WeCom, DingTalk, Feishu) are one more recipient of the audience, on their own channel.
  const coordinatorTargets = (): Target[] => [
    ...config.contacts.coordinators.map((c) => ({ id: recipientIdOf(c), to: toRecipient(c) })),
    ...robotTargets(config, null),
  ];
  const agencyTargets = (agency: string): Target[] => [
    ...(config.contacts.agencies[agency] ?? []).map((c) => ({ id: recipientIdOf(c), to: toRecipient(c) })),
    ...robotTargets(config, agency),
  ];
  const digestTargets = (): Target[] => {
    const chan = config.slack.digestChannel;
    const slack = channelsByName.get('slack');
    if (!chan || !slack) return coordinatorTargets();
    // A digest channel replaces the coordinators' Slack DMs; email still goes to each coordinator.
    const email = coordinatorTargets().map((t) => ({ ...t, to: { ...t.to, slackId: undefined } }));
    return [
      ...email,
      { id: `slack:${chan}`, to: { name: chan, slackId: chan, language: config.language }, only: 'slack' },
    ];
  };

  /** Each (target, channel) pair that reaches the target: a target limited to one channel (`only`) is tried on that one alone. */
  function* reached(targets: Target[]): Generator<[Target, Channel]> {
    for (const t of targets) {
      for (const ch of input.channels) {
        if (t.only && t.only !== ch.name) continue;
        if (ch.canReach(t.to)) yield [t, ch];
      }
    }
  }
  /**
   * One row of decision `a`, every field of {@link NewDelivery} set (absent ones null): rows share one
   * object shape. Built by spreading optional fields (`{ ...base, ...(x ? { x } : {}), … }`) a row
   * took ~2.7 KB of heap instead of ~0.3 KB (issue 11, service RSS: the first tick on a history writes
   * one row per reminder since the start, 11,164 for 2017-2026).
   */
  const rowOf = (
    a: Exclude<Action, { act: 'resolve' }>,
    key: string,
    channel: string,
    recipient: string,
    messageId: string,
    bundle: string | null,
  ): NewDelivery => ({
    key,
    channel,
    recipient,
    source: sourceOf(a.key),
    occurrenceKey: a.occurrenceKey || null,
    agency: a.agency || null,
    plannedAt: a.plannedAt,
    status: a.act === 'send' ? 'pending' : 'skipped',
    reason: a.act === 'skip' ? a.reason : null,
    late: a.late ?? false,
    messageId,
    covers: a.covers ?? null,
    bundle,
  });

  /** Logs a write that found the database locked past the busy timeout (it is tried again): tries 1, 2, 4, 8 … */
  const lockedLog = (what: string, key?: string) => (tries: number) => {
    if ((tries & (tries - 1)) === 0)
      log.warn(
        { event: 'db-locked', what, key, tries },
        `database locked past the busy timeout (${what}); trying again`,
      );
  };

  /** Who an audience's rows go to (contacts, group robots; the digest channel for the coordinators' digest). */
  const targetsOf = (a: Audience): Target[] =>
    a.to === 'agency' ? agencyTargets(a.agency) : a.to === 'coordinators' ? coordinatorTargets() : digestTargets();

  /** The rows recording one decision: a send's row per (channel, recipient), or one whole-key `*` row. */
  const rowsOf = (a: Exclude<Action, { act: 'resolve' }>): NewDelivery[] => {
    const key = keyText(a.key);
    if (a.act === 'skip') return [rowOf(a, key, '*', '*', messageIdFor(key), null)];
    // One message per recipient, channel and day (issue 14 item 2): the rows of that day go in one bundle.
    const bundled = config.delivery.bundle;
    return [...reached(targetsOf(a.audience))].map(([t, ch]) =>
      rowOf(
        a,
        key,
        ch.name,
        t.id,
        messageIdFor(deliveryKey(key, ch.name, t.id)),
        bundled ? `${today}|${ch.name}|${t.id}` : null,
      ),
    );
  };

  // ---- 1. decide (src/decide, pure) and record, in one write transaction (tried again, from scratch,
  // while another writer holds the lock)
  const decide = (): void => {
    result.planned = 0;
    result.skipped = 0;
    result.noContact = 0;
    result.digests = 0;
    const lastTick = repo.getMeta(LAST_TICK_KEY);
    const lastTickMs = lastTick ? DateTime.fromISO(lastTick).toMillis() : undefined;
    // Reminders recorded `no-contact` wait for a contact (issue 17 item 1): they count as undecided.
    const waiting = repo.waitingForContact();
    // The reminders due by now; with `decidedBefore` (and a tick recorded) only those after that
    // instant (the plan's windowed query), plus those waiting.
    const windowed = input.decidedBefore !== undefined && lastTick !== undefined;
    const due = plan.remindersBetween(windowed ? (input.decidedBefore as number) : Number.NEGATIVE_INFINITY, nowMs);
    if (windowed) {
      for (const key of waiting.keys()) {
        const r = plan.reminder(key);
        const at = r ? Date.parse(r.at) : Number.NaN;
        if (r && at <= nowMs && !(at > (input.decidedBefore as number))) due.push(r);
      }
    }
    const actions = decideTick({
      now: nowMs,
      zone,
      catchUpDays: config.delivery.catchUpDays,
      reminders: due,
      occurrence: (k) => plan.occurrence(k),
      recorded: {
        // Only the keys due by now are looked up (by index), not every row ever stored.
        decided: repo.decidedAmong(
          'reminder',
          due.map((r) => r.key),
        ),
        waiting: new Set(waiting.keys()),
        has: (k: DeliveryKey) => repo.hasKey(keyText(k)),
        lastTickMs,
      },
      digests: config.digests,
      digestAgencies: Object.keys(config.contacts.agencies),
      calendar: digestCalendar,
      reachable: (a) => !reached(targetsOf(a)).next().done,
    });
    const rows: NewDelivery[] = [];
    const resolved: [key: string, reason: string][] = [];
    for (const a of actions) {
      if (a.act === 'resolve') {
        resolved.push([a.reminder, a.reason]);
        continue;
      }
      const made = rowsOf(a);
      rows.push(...made);
      if (a.act === 'send' && a.key.type === 'digest') result.digests += made.length;
      else if (a.act === 'send') result.planned += made.length;
      else if (a.reason === 'no-contact') result.noContact += a.key.type === 'digest' ? 0 : 1;
      else result.skipped++;
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
  // The digest views of this tick, made from its one status: one per audience, not one per recipient and
  // channel (issue 11: every coordinator, contact and group robot got the same board built again).
  let coordinatorView: DigestView | null | undefined;
  const agencyViews = new Map<string, AgencyDigestView | null>();

  const findRecipient = (row: DeliveryRow, agency: string | null, coordinators: boolean): Recipient | undefined => {
    if (row.recipient.startsWith('slack:') && row.recipient.slice(6) === config.slack.digestChannel) {
      return { name: config.slack.digestChannel!, slackId: config.slack.digestChannel, language: config.language };
    }
    if (row.recipient.startsWith(ROBOT_RECIPIENT_PREFIX))
      return robotRecipient(config, row.recipient, agency, coordinators);
    const pool = coordinators ? config.contacts.coordinators : (config.contacts.agencies[agency ?? ''] ?? []);
    const c = pool.find((x) => recipientIdOf(x) === row.recipient);
    return c ? toRecipient(c) : undefined;
  };

  /** A group robot's `meta.link` (see `reminderLink`): the occurrence's page, a round's board, or the board for `null`. */
  const robotLink = (
    to: Recipient,
    occurrence: { cycle: string; period: string; agency?: string } | null,
    audience: 'contact' | 'coordinator',
  ): { link: { text: string; url: string } } | undefined => {
    const url = to.robot ? input.reminderLink?.(to, occurrence, audience) : undefined;
    if (!url) return undefined;
    const w = say(langOf(to.language));
    return { link: { url, text: occurrence?.agency ? w.robotOccurrenceLink() : w.openReportingBoard() } };
  };

  /**
   * A message from its composed `content` and that content's email form (`render`, made when first read:
   * {@link withEmailForm}): the one place a reminder's, a folded escalation's and a digest's parts are put together.
   */
  const assemble = (
    base: { key: string; messageId: string; date: string },
    to: Recipient,
    render: () => RenderedMessage,
    content: Message,
    meta: Record<string, unknown>,
  ): OutgoingMessage =>
    withEmailForm(
      { ...base, to, ...(office.replyTo.length ? { replyTo: office.replyTo } : {}) },
      content,
      render,
      meta,
    );

  const build = (row: DeliveryRow): Built | { skip: string } => {
    const base = { key: deliveryKey(row.key, row.channel, row.recipient), messageId: row.messageId, date: nowIso };
    const planned = decideRow(readKey(row.key, row.source), row.covers, {
      reminder: (k) => plan.reminder(k),
      occurrence: (k) => plan.occurrence(k),
      digest: (id) => config.digests.find((d) => d.id === id),
    });
    if ('skip' in planned) return planned;
    if ('fold' in planned) return buildFolded(row, base, planned.fold);
    if ('reminder' in planned) {
      const { reminder: r, occurrence: occ } = planned;
      const to = findRecipient(row, r.agency, r.kind === 'escalation');
      if (!to) return { skip: 'no-contact' };
      const audience = r.kind === 'escalation' ? 'coordinator' : 'contact';
      const renderInput = {
        reminder: r,
        catalog,
        cycle: cycleById.get(r.cycle),
        to,
        now: nowIso,
        timezone: zone,
        sendAt: config.sendAt,
        late: row.late,
        agencyContacts: (config.contacts.agencies[r.agency] ?? []).map((c) => ({ name: c.name, email: c.email })),
        withCalendar: row.channel === 'email',
        deadlineIcs,
        sequence: occ?.revision,
        calendarAlarmSeconds: config.calendar?.alarmSeconds,
        slackButton: channelsByName.has('slack') && Boolean(to.slackId),
        link: row.channel === 'email' ? input.reminderLink?.(to, r, audience) : undefined,
        calendarLink:
          row.channel === 'email' && r.kind !== 'escalation' ? input.calendarLink?.(to, r.agency) : undefined,
        office,
        directory: config.directory,
      };
      // One composed message: its email form here; Slack and robots format `content` for their medium.
      const content = composeReminder(renderInput);
      const meta = {
        source: 'reminder',
        kind: r.kind,
        occurrence: { cycle: r.cycle, period: r.period, agency: r.agency },
        late: row.late,
        ...robotLink(to, r, audience),
      };
      return {
        message: assemble(base, to, () => reminderEmail(content, renderInput), content, meta),
        urgency: urgencyOf(r.kind, r.due),
      };
    }
    const { digest: d, agency } = planned;
    const to = findRecipient(row, agency, d.audience === 'coordinators');
    if (!to) return { skip: 'no-contact' };
    const lang = langOf(to.language);
    cachedStatus ??= statusInput();
    // A caught-up digest is dated by the day it was due and says so (【补发】); its instant is read (luxon,
    // ~0.1 ms) only then, not for every digest (issue 11: a third of the simulation's messages are digests).
    const due = row.late ? DateTime.fromISO(row.plannedAt, { setZone: true }).setZone(zone) : undefined;
    const opts = { office, ...(due ? { late: { date: due.toISODate()!, time: due.toFormat('HH:mm') } } : {}) };
    let content: Message;
    if (d.audience === 'coordinators') {
      if (coordinatorView === undefined) coordinatorView = buildCoordinatorDigest(cachedStatus);
      const view = coordinatorView;
      if (!view) return { skip: 'empty' };
      content = composeCoordinatorDigest(view, lang, opts);
    } else {
      let view = agencyViews.get(agency ?? '');
      if (view === undefined) {
        view = buildAgencyDigest({ ...cachedStatus, agency: agency ?? '' });
        agencyViews.set(agency ?? '', view);
      }
      if (!view) return { skip: 'empty' };
      content = composeAgencyDigest(view, lang, opts);
    }
    return {
      message: assemble(base, to, () => formatEmail(content), content, {
        source: 'digest',
        digest: d.id,
        agency,
        ...(agency === null ? robotLink(to, null, 'coordinator') : {}),
      }),
      urgency: urgencyOf('digest', ''),
    };
  };

  /** A folded escalation for one coordinator, listing `open` (its occurrences still open now, earliest due first). */
  const reminderLink = input.reminderLink;
  function buildFolded(
    row: DeliveryRow,
    base: { key: string; messageId: string; date: string },
    open: Reminder[],
  ): Built | { skip: string } {
    const to = findRecipient(row, null, true);
    if (!to) return { skip: 'no-contact' };
    const r0 = open[0];
    const round = { cycle: r0.cycle, period: r0.period };
    const input = {
      ...round,
      cycleConfig: cycleById.get(r0.cycle),
      entries: open.map((r) => ({
        reminder: r,
        contacts: (config.contacts.agencies[r.agency] ?? []).map((c) => ({ name: c.name, email: c.email })),
      })),
      to,
      now: nowIso,
      timezone: zone,
      late: row.late,
      link: row.channel === 'email' ? reminderLink?.(to, round, 'coordinator') : undefined,
    };
    const content = composeEscalation(input);
    const meta = {
      source: 'reminder',
      kind: 'escalation',
      folded: true,
      occurrences: open.map((r) => ({ cycle: r.cycle, period: r.period, agency: r.agency })),
      late: row.late,
      ...robotLink(to, round, 'coordinator'),
    };
    return {
      listed: open.map((r) => r.occurrenceKey),
      message: assemble(base, to, () => ({ ...formatEmail(content), attachments: [] }), content, meta),
      urgency: urgencyOf('escalation', r0.due),
    };
  }

  const backoff = (row: DeliveryRow, err: DeliveryError): DeliveryOutcome => {
    const error = `${err.detail ?? ''} ${err.message}`.trim();
    const d = decideRetry(
      err,
      row.attempts,
      row.firstAttemptAt ? DateTime.fromISO(row.firstAttemptAt).toMillis() : undefined,
      nowMs,
      config.delivery,
    );
    if (d.status === 'dead') return { status: 'dead', error, reason: d.reason };
    return { status: 'failed', error, nextAttemptAt: DateTime.fromMillis(d.nextAttemptMs, { zone: 'utc' }).toISO()! };
  };

  // Begins and records of the sends in flight: a begin and the records queued before it in one transaction.
  const writes = createWriteQueue(repo.immediate, () => wall() + leaseMs, wall, lockedLog('send records'));

  /** Extends our claim on `row` and counts the attempt just before its send; null (logged) when another tick took it over. */
  const begin = async (row: DeliveryRow): Promise<DeliveryRow | null> => {
    const tried = await writes.write(() => repo.beginAttempt(row, owner, wall() + leaseMs, nowUtc));
    if (!tried) {
      // Another tick took this row over (our lease ran out while the batch waited): it is theirs to send.
      result.lostClaims++;
      log.warn(
        { event: 'claim-lost', key: row.key, channel: row.channel, recipient: row.recipient },
        'delivery claim taken over before sending; not sent here',
      );
    }
    return tried;
  };

  /** Sends `message` on `channel`: undefined when accepted, else the failure as a `DeliveryError` (any other error is temporary). */
  const trySend = async (channel: Channel, message: OutgoingMessage): Promise<DeliveryError | undefined> => {
    try {
      await channel.send(message);
      return undefined;
    } catch (err) {
      return err instanceof DeliveryError
        ? err
        : new DeliveryError('temporary', (err as Error)?.message ?? String(err), undefined, { cause: err });
    }
  };
  /** A row's outcome after its send: sent (a fold keeps the occurrences it listed), or the retry rule of the row on `error`. */
  const outcomeOf = (
    row: DeliveryRow,
    built: { listed?: string[] },
    error: DeliveryError | undefined,
  ): DeliveryOutcome =>
    error ? backoff(row, error) : built.listed ? { status: 'sent', listed: built.listed } : { status: 'sent' };

  /** Records `outcome` of a claimed row (waiting its turn for the lock, up to a lease) and counts and logs it. */
  const record = async (row: DeliveryRow, outcome: DeliveryOutcome): Promise<void> => {
    // The send happened (or was decided against): its record waits its turn for the lock, up to a
    // lease, so a message the server accepted is not left `sending` to be sent again (issue 17 item 3).
    const ok = await writes.write(() => repo.finish(row.id, owner, outcome, nowUtc));
    const fields = {
      event: outcome.status,
      key: row.key,
      channel: row.channel,
      recipient: row.recipient,
      attempts: row.attempts,
      messageId: row.messageId,
    };
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
        log.warn(
          { ...fields, event: 'retried', error: outcome.error, nextAttemptAt: outcome.nextAttemptAt },
          'delivery failed, will retry',
        );
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

  /**
   * Sends one unit of claimed rows on one channel to one recipient: a row alone, or the rows of a bundle
   * (config `delivery.bundle`). Each row is decided on its own (`skipped` when its occurrence was
   * submitted since, `dead` without its channel); those left go as ONE message when two or more
   * ({@link bundleMessage}), and each records the outcome of that one send. Resolves once the send is over,
   * with the promise of its records (`recorded`: queued, see {@link createWriteQueue}).
   */
  const sendUnit = async (unit: DeliveryRow[]): Promise<{ recorded: Promise<void> }> => {
    const channel = channelsByName.get(unit[0].channel);
    const parts: { row: DeliveryRow; built: Built }[] = [];
    const records: Promise<void>[] = [];
    const recordLater = (row: DeliveryRow, outcome: DeliveryOutcome) => {
      const p = record(row, outcome);
      // Awaited by `done`; a store error is not left unhandled meanwhile (the unit may fail first).
      p.catch(() => {});
      records.push(p);
    };
    for (const row of unit) {
      const built = channel ? build(row) : undefined;
      if (!channel || !built)
        recordLater(row, { status: 'dead', error: `channel ${row.channel} is not configured`, reason: 'no-channel' });
      else if ('skip' in built) recordLater(row, { status: 'skipped', reason: built.skip });
      else parts.push({ row, built });
    }
    const done = () => ({ recorded: Promise.all(records).then(() => undefined) });
    if (!channel || !parts.length) return done();
    const begun: { row: DeliveryRow; built: Built }[] = [];
    for (const [i, row] of (await Promise.all(parts.map((p) => begin(p.row)))).entries())
      if (row) begun.push({ row, built: parts[i].built });
    if (!begun.length) return done();
    // One row alone keeps its own message; two or more go as one (each records that one send's outcome).
    const message =
      begun.length === 1
        ? begun[0].built.message
        : bundleMessage(
            begun.map((p) => p.built),
            nowDt.toISODate()!,
            begun[0].row,
          );
    const error = await trySend(channel, message);
    for (const { row, built } of begun) recordLater(row, outcomeOf(row, built, error));
    return done();
  };

  const isStale = (claimant: string | null, leaseUntil: number | null): boolean =>
    claimant !== owner && isClaimStale(claimant, leaseUntil, wall());

  // Every due row is claimed now, batch by batch, and queued on its channel's lane: a lane never waits
  // for another channel's sends, nor for a later claim (issue 17 item 4). Rows wait in their lane under
  // our claim; `renew` extends it just before each send.
  const limitOf = (name: string) =>
    input.concurrency ?? channelsByName.get(name)?.concurrency ?? DEFAULT_CHANNEL_CONCURRENCY;
  const lanes = createLanes(limitOf, sendUnit);
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
      // A bundle's rows (claimed together) go as one unit; every other row alone.
      const units = new Map<string, DeliveryRow[]>();
      for (const row of batch) {
        const unit = row.bundle === null ? undefined : units.get(row.bundle);
        if (unit) unit.push(row);
        else units.set(row.bundle ?? `#${row.id}`, [row]);
      }
      for (const unit of units.values()) lanes.push(unit);
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
