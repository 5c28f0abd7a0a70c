import { DateTime } from 'luxon';
import type { Calendar, DigestConfig, Occurrence, Reminder } from '../schedule/index.ts';
import type { DeliveryKey } from './deliveryKey.ts';
import { latestCronMatch } from './latestCronMatch.ts';

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

/**
 * How far back a digest's cron match is looked for: one that fell on a day off is sent on the next
 * working day, and China's longest breaks (Spring Festival, National Day) last 8-9 days.
 */
export const DIGEST_DEFER_DAYS = 12;

/**
 * Who a decision goes to: an agency's contacts (and its group robots), the coordinators (and theirs),
 * or the coordinators' digest (which goes to `slack.digestChannel` instead of their Slack DMs when set).
 */
export type Audience = { to: 'agency'; agency: string } | { to: 'coordinators' } | { to: 'coordinator-digest' };

/**
 * Why a decision records a key without sending it:
 * `catch-up` (a later reminder of the occurrence is sent instead), `too-old` (before the catch-up
 * window), `submitted` (the occurrence is submitted or excused), `no-contact` (nobody to reach; a
 * reminder then waits for a contact).
 */
export type SkipReason = 'catch-up' | 'too-old' | 'submitted' | 'no-contact';

/** One decision of a tick. Instants are ISO with offset; keys are structured ({@link DeliveryKey}). */
export type Action =
  /**
   * Send `key` to `audience` on every channel that reaches it. `late`: caught up after an outage
   * (「补发」). `covers`: of a folded escalation, the reminder keys it stands for.
   */
  | {
      act: 'send';
      key: DeliveryKey;
      audience: Audience;
      plannedAt: string;
      late: boolean;
      occurrenceKey?: string;
      agency?: string;
      covers?: string[];
    }
  /** Record `key` as decided, not sent, for `reason` (a folded escalation nobody can get still `covers` its reminders). */
  | {
      act: 'skip';
      key: DeliveryKey;
      reason: SkipReason;
      plannedAt: string;
      late?: boolean;
      occurrenceKey?: string;
      agency?: string;
      covers?: string[];
    }
  /**
   * A reminder recorded `no-contact` stops waiting: `contact-added` (it is sent now), `superseded` (a
   * later reminder of its occurrence is sent), `submitted` (its occurrence is closed).
   */
  | { act: 'resolve'; reminder: string; reason: 'contact-added' | 'superseded' | 'submitted' };

/** What the store already holds, as {@link decideTick} needs it (the tick reads it; tests give sets). */
export interface Recorded {
  /** Reminder keys (of those looked at) with a row of any status, or covered by a folded escalation. */
  decided: ReadonlySet<string>;
  /** Reminder keys recorded `no-contact` and still waiting for a contact (they count as undecided). */
  waiting: ReadonlySet<string>;
  /** Whether a folded escalation or a digest key already has a row. */
  has(key: DeliveryKey): boolean;
  /** The last tick's instant (ms since the epoch), or undefined before the first tick. */
  lastTickMs: number | undefined;
}

/** Input of {@link decideTick}. */
export interface DecideInput {
  /** The tick's instant, ms since the epoch. */
  now: number;
  /** IANA zone of dates and digest schedules (`Asia/Shanghai`). */
  zone: string;
  /** `delivery.catchUpDays`: after an outage, reminders and digests are caught up this many days back. */
  catchUpDays: number;
  /** Reminders to decide: those planned at or before `now` not known decided (the plan's prefix, or its tail after `decidedBefore`, plus those waiting). */
  reminders: Iterable<Reminder>;
  /** The plan's occurrence of a key (its state: submitted and excused ones get nothing). */
  occurrence(key: string): Occurrence | undefined;
  recorded: Recorded;
  /** The configured digests (cron expressions in `zone`). */
  digests: readonly DigestConfig[];
  /** Agencies that get an agency digest (those with an entry in contacts.yaml). */
  digestAgencies: readonly string[];
  /** Working days, for a digest whose day is a day off (sent on the next working day). */
  calendar: Pick<Calendar, 'isWorkingDay' | 'addWorkingDays'>;
  /** Whether anyone of `audience` is reachable on the tick's channels (else: `no-contact`). */
  reachable(audience: Audience): boolean;
}

/**
 * Decides what a tick at `input.now` does, with no database and no clock (issue 10: the tick is
 * claim → send → record around it). DESIGN.md "Delivery guarantees"; README "Delivery guarantees".
 *
 * - Reminders are grouped by occurrence and audience (the agency; the coordinators for escalations).
 *   Of a group's undecided reminders only the latest is sent, and only when it is later than any already
 *   decided, its occurrence is open, and it is within the catch-up window: `catchUpDays` back after an
 *   outage, since the local midnight on a first tick (a first start sends today's, never old ones). It is
 *   `late` ({@link isLate}) when its instant fell after the last tick and over an hour ago. The others are
 *   skipped: `catch-up`, `too-old` (before the window) or `submitted`. A reminder with nobody to reach
 *   is skipped `no-contact` and waits: once reachable within the window it is sent (`contact-added`); a
 *   later one sent `supersedes` it; a closed occurrence resolves it (`submitted`).
 * - Escalations to send are folded per (cycle, period, send date): one key
 *   `{type: 'escalation', cycle, period, date, n}` covering their reminder keys, `n` the first number
 *   of that day not recorded yet.
 * - Digests: the latest cron match within {@link DIGEST_DEFER_DAYS}, moved to the next working day when
 *   its day is off (keeping its own minute in the key), is due when that instant is after the last tick
 *   (a first tick: the last minute), within the catch-up window and not after `now`; once per key.
 *   A coordinators' digest with nobody to reach is skipped `no-contact`; an agency's is not recorded.
 *
 * Actions come in the order the rows are written: each reminder group's skips then its send, the
 * folds, then the digests.
 */
export function decideTick(input: DecideInput): Action[] {
  const { now, zone, recorded } = input;
  const catchUpMs = input.catchUpDays * 86_400_000;
  const { lastTickMs } = recorded;
  const catchUpFrom =
    lastTickMs === undefined ? DateTime.fromMillis(now, { zone }).startOf('day').toMillis() : now - catchUpMs;
  const actions: Action[] = [];
  const atMs = new Map<string, number>();
  const msOf = (r: Reminder) => {
    let v = atMs.get(r.key);
    if (v === undefined) {
      v = Date.parse(r.at);
      atMs.set(r.key, v);
    }
    return v;
  };
  const isDecided = (key: string) => recorded.decided.has(key) && !recorded.waiting.has(key);
  const isClosed = (occKey: string) => {
    const state = input.occurrence(occKey)?.state;
    return state === 'submitted' || state === 'excused';
  };

  const groups = new Map<string, Reminder[]>();
  for (const r of input.reminders) {
    const g = `${r.occurrenceKey}\u0000${r.kind === 'escalation' ? 'coordinators' : 'agency'}`;
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }

  /** Escalations to send, by (cycle, period, send date): one message per coordinator and channel. */
  const folds = new Map<string, Reminder[]>();
  for (const list of groups.values()) {
    list.sort((a, b) => msOf(a) - msOf(b));
    let latestDecided = Number.NEGATIVE_INFINITY;
    for (const r of list) if (isDecided(r.key)) latestDecided = Math.max(latestDecided, msOf(r));
    const open = list.filter((r) => !isDecided(r.key));
    if (!open.length) continue;
    const latest = open[open.length - 1];
    const closed = isClosed(latest.occurrenceKey);
    const sendIt = !closed && msOf(latest) > latestDecided && msOf(latest) >= catchUpFrom;
    for (const r of open) {
      if (r === latest && sendIt) continue;
      if (recorded.waiting.has(r.key)) {
        if (closed) actions.push({ act: 'resolve', reminder: r.key, reason: 'submitted' });
        continue;
      }
      const reason = closed ? 'submitted' : msOf(r) < catchUpFrom ? 'too-old' : 'catch-up';
      actions.push({
        act: 'skip',
        key: { type: 'reminder', reminder: r.key },
        reason,
        plannedAt: r.at,
        occurrenceKey: r.occurrenceKey,
        agency: r.agency,
      });
    }
    if (!sendIt) continue;
    if (latest.kind === 'escalation') {
      const f = `${latest.cycle}/${latest.period}/${latest.date}`;
      const fold = folds.get(f);
      if (fold) fold.push(latest);
      else folds.set(f, [latest]);
      continue;
    }
    const audience: Audience = { to: 'agency', agency: latest.agency };
    const at = {
      plannedAt: latest.at,
      late: isLate(msOf(latest), now, lastTickMs),
      occurrenceKey: latest.occurrenceKey,
      agency: latest.agency,
    };
    const key: DeliveryKey = { type: 'reminder', reminder: latest.key };
    if (input.reachable(audience)) {
      actions.push({ act: 'send', key, audience, ...at });
      for (const r of open)
        if (recorded.waiting.has(r.key))
          actions.push({ act: 'resolve', reminder: r.key, reason: r === latest ? 'contact-added' : 'superseded' });
    } else if (!recorded.waiting.has(latest.key)) {
      actions.push({ act: 'skip', key, reason: 'no-contact', ...at });
    }
  }

  // A second fold of one day (an occurrence due again later that day, e.g. after an undone submission) gets `#2`, `#3`.
  for (const list of folds.values()) {
    const { cycle, period, date } = list[0];
    let n = 1;
    while (recorded.has({ type: 'escalation', cycle, period, date, n })) n++;
    const key: DeliveryKey = { type: 'escalation', cycle, period, date, n };
    const first = list.reduce((a, b) => (msOf(b) < msOf(a) ? b : a));
    const audience: Audience = { to: 'coordinators' };
    const at = { plannedAt: first.at, late: isLate(msOf(first), now, lastTickMs), covers: list.map((r) => r.key) };
    if (input.reachable(audience)) actions.push({ act: 'send', key, audience, ...at });
    else actions.push({ act: 'skip', key, reason: 'no-contact', ...at });
  }

  const after = Math.max(lastTickMs ?? now - 60_000, now - catchUpMs);
  for (const d of input.digests) {
    const match = latestCronMatch(d.schedule, zone, now - DIGEST_DEFER_DAYS * 86_400_000, now);
    if (!match) continue;
    const matchDay = match.toISODate()!;
    const workDay = input.calendar.isWorkingDay(matchDay) ? matchDay : input.calendar.addWorkingDays(matchDay, 1);
    const at = workDay === matchDay ? match : DateTime.fromISO(`${workDay}T${match.toFormat('HH:mm')}`, { zone });
    if (at.toMillis() <= after || at.toMillis() > now) continue;
    const stamp = match.toFormat("yyyy-MM-dd'T'HH:mm");
    const plannedAt = at.toISO()!;
    const late = isLate(at.toMillis(), now, lastTickMs);
    if (d.audience === 'coordinators') {
      const key: DeliveryKey = { type: 'digest', digest: d.id, stamp, agency: null };
      if (recorded.has(key)) continue;
      const audience: Audience = { to: 'coordinator-digest' };
      if (input.reachable(audience)) actions.push({ act: 'send', key, audience, plannedAt, late });
      else actions.push({ act: 'skip', key, reason: 'no-contact', plannedAt });
    } else {
      for (const agency of input.digestAgencies) {
        const key: DeliveryKey = { type: 'digest', digest: d.id, stamp, agency };
        if (recorded.has(key)) continue;
        const audience: Audience = { to: 'agency', agency };
        if (input.reachable(audience)) actions.push({ act: 'send', key, audience, plannedAt, late, agency });
      }
    }
  }
  return actions;
}
