import { DateTime } from 'luxon';
import seedrandom from 'seedrandom';
import type { Catalog } from '../catalog/index.ts';
import { type OutgoingMessage, robotChannelName } from '../channels/index.ts';
import type { Config } from '../config/index.ts';
import { createDelivery, simulationChannels } from '../main.ts';
import {
  createCalendar,
  dateOfEpochDay,
  epochDay,
  isTargetCycle,
  type Occurrence,
  type Plan,
  planSchedule,
  type Reminder,
  type ReminderKind,
  type ScheduleRecords,
  type SubmissionRecord,
  sendInstant,
  weekdayOfEpochDay,
} from '../schedule/index.ts';
import {
  createRobotSendRepo,
  createScheduleRepo,
  type DeliveryRow,
  deliveryRepoFor,
  importCatalog,
  openStore,
} from '../store/index.ts';
import { SIMULATION_COLUMNS } from './simulateColumns.ts';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  catalog: Catalog;
  config: Readonly<Config>;
  /** First simulated day, `YYYY-MM-DD` (local, in `config.timezone`). */
  from: string;
  /** Last simulated day, `YYYY-MM-DD`, inclusive. */
  to: string;
  /** Share of occurrences that get submitted (0..1), default 0.8. */
  submitRate?: number;
  /** Seed of the pseudo-random submissions (seedrandom); the same seed gives the same run. */
  seed?: string | number;
  /** Told after each simulated tick day: `done` of `total` days, that day (`YYYY-MM-DD`). For a progress line. */
  onDay?: (done: number, total: number, day: string) => void;
}

/** Figures of one period (e.g. `2020H1`, or `target:T1 2020` rolled into `2020`). */
export interface PeriodFigures {
  period: string;
  /** Occurrences of the period (cycle rounds and target progress requests). */
  occurrences: number;
  /**
   * Messages delivered, by kind: one per reminder, recipient and channel; for `escalation`, one per
   * coordinator and channel for all the occurrences of the period escalated that day (folded).
   */
  reminders: Record<ReminderKind, number>;
  submissions: number;
  /** Occurrences escalated to the coordinators (each once, whatever the number of coordinators). */
  escalations: number;
}

/** A broken delivery guarantee seen during the run. */
export interface Violation {
  rule: 'sent-twice' | 'after-submission' | 'not-working-day' | 'before-after-due' | 'lost';
  key: string;
  at: string;
}

/** How many messages each recipient got per channel and day (an email address, a Slack id or a group robot). */
export interface MessagesPerDay {
  /** (recipient, channel, day) with at least one message. */
  recipientDays: number;
  /** Messages in all. */
  messages: number;
  /** The most one recipient got on one channel in one day (1: never more than one). */
  maxPerChannel: number;
  /** The first (recipient, channel, day) with that many, or null when no message was sent. */
  busiest: { recipient: string; channel: string; day: string; messages: number } | null;
}

/** What {@link simulate} returns. */
export interface SimulationReport {
  from: string;
  to: string;
  ticks: number;
  periods: PeriodFigures[];
  digests: number;
  /**
   * Messages accepted by each group robot of `config.robots`, by channel name (`wecom:office`): the
   * reminder or digest key of each (the delivery key before `|`, e.g. `half-yearly/2020H1/省交通运输厅/due`),
   * in the order sent; an escalation folded for a round is one. Empty when no robots.
   */
  robots: Record<string, string[]>;
  /** Messages per recipient, channel and local day (issue 14 item 2: one with `delivery.bundle`). */
  messagesPerDay: MessagesPerDay;
  /** Every guarantee broken; empty when all held. */
  violations: Violation[];
  /** Wall-clock ms the run took. */
  elapsedMs: number;
}

const KINDS: ReminderKind[] = ['before', 'due', 'overdue', 'escalation'];

/**
 * Replays the real planner (`planSchedule`) and delivery engine (`runTick`) over [`from`, `to`] on a
 * virtual clock, into a memory channel (no mail, no Slack), on an in-memory SQLite database with the
 * real migrations. Each group robot of `config.robots` is the real robot channel (`createRobotChannel`:
 * rendering, signing, the rate limit counted in the same database) on the simulation's clock, with a memory
 * transport that answers the platform's "ok" (no network, no environment variables). Agencies submit at random, seeded instants: each occurrence is submitted with
 * probability `submitRate`, at a uniformly drawn instant from 30 days before to 15 days after its due
 * date. The clock ticks at the configured `sendAt` of every day that has a reminder or a digest due
 * (digests falling on a day off are due on the next working day).
 *
 * Checks the delivery guarantees as it goes (DESIGN.md): no delivery sent twice; nothing sent for an
 * occurrence after its submission; reminders sent on working days only; `before` reminders never after
 * the due date; and no reminder lost: every reminder planned and due by the last tick was sent or
 * recorded with a reason ({@link lostReminders}). Violations are returned, not thrown.
 * @throws RangeError when `from`/`to` are not dates or `from` is after `to`.
 */
export async function simulate(opts: SimulateOptions): Promise<SimulationReport> {
  const started = performance.now();
  const zone = opts.config.timezone;
  const from = DateTime.fromISO(opts.from, { zone });
  const to = DateTime.fromISO(opts.to, { zone });
  if (!from.isValid || !to.isValid || from > to)
    throw new RangeError(`simulate: --from ${opts.from} and --to ${opts.to} must be dates YYYY-MM-DD with from <= to`);
  const rate = opts.submitRate ?? 0.8;
  const rng = seedrandom(String(opts.seed ?? 1));
  const config = opts.config;
  const calendar = createCalendar(config.holidays, zone);

  const db = openStore(':memory:');
  importCatalog(db, opts.catalog, { sha256: 'simulation', file: 'simulation', importedAt: from.toUTC().toISO()! });
  const schedules = createScheduleRepo(db);
  let simNow = from.toMillis();
  const {
    email: channel,
    robots: robotChannels,
    robotSent,
  } = simulationChannels(config, createRobotSendRepo(db), () => simNow);
  const delivery = createDelivery({
    db,
    catalog: opts.catalog,
    channels: [channel, ...robotChannels],
    wallClock: () => simNow,
  });
  const robotKeys: Record<string, string[]> = Object.fromEntries(
    (config.robots ?? []).map((r) => [robotChannelName(r), []]),
  );

  // Every occurrence of the span, planned once with no records: submissions only remove reminders.
  const full = planSchedule({
    catalog: opts.catalog,
    config,
    calendar,
    now: to.endOf('day').toISO()!,
    from: from.toISODate()!,
    to: to.toISODate()!,
  });
  const occurrences: Occurrence[] = full.occurrences;
  // The instant a submission's window opens, 30 days before the due date at local midnight, read once per
  // due date (a round's agencies share it); the instant itself is that plus whole ms (exact time).
  const windowStart = new Map<string, number>();
  const submissions = occurrences
    .filter(() => rng() < rate)
    .map((o) => {
      let start = windowStart.get(o.due);
      if (start === undefined) {
        start = DateTime.fromISO(o.due, { zone }).minus({ days: 30 }).toMillis();
        windowStart.set(o.due, start);
      }
      return { o, atMs: start + Math.floor(rng() * 45 * 86_400_000) };
    })
    .sort((a, b) => a.atMs - b.atMs);
  const submittedAt = new Map<string, number>();
  const dueOf = new Map(occurrences.map((o) => [o.key, o.due]));
  let records: ScheduleRecords = schedules.records();
  /** The last tick's plan, the records it was made with and its day. */
  let planned: { plan: Plan; records: ScheduleRecords; day: string } | undefined;
  /** Messages by `recipient|channel|day`. */
  const perDay = new Map<string, number>();

  // Tick days: every reminder date of the full plan, and every day a digest's cron may match.
  const firstDay = from.toISODate()!;
  const lastDay = to.toISODate()!;
  const days = new Set(full.reminders.map((r) => r.date));
  for (let n = epochDay(firstDay); n <= epochDay(lastDay); n++) {
    const day = dateOfEpochDay(n);
    if (weekdayOfEpochDay(n) === 1 || day.endsWith('-01')) {
      // A digest whose day is off goes out on the next working day (runTick).
      days.add(calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1));
    }
  }
  const tickDays = [...days].filter((d) => d >= firstDay && d <= lastDay).sort();

  const violations: Violation[] = [];
  const seen = new Set<string>();
  const escalated = new Set<string>();
  let next = 0;
  let ticks = 0;
  let lastTickMs: number | null = null;
  let digests = 0;
  const figures = new Map<string, PeriodFigures>();
  const periodOf = (o: { cycle: string; period: string }) => (isTargetCycle(o.cycle) ? o.period.slice(0, 4) : o.period);
  const fig = (period: string): PeriodFigures => {
    let f = figures.get(period);
    if (!f) {
      f = {
        period,
        occurrences: 0,
        reminders: { before: 0, due: 0, overdue: 0, escalation: 0 },
        submissions: 0,
        escalations: 0,
      };
      figures.set(period, f);
    }
    return f;
  };
  for (const o of occurrences) fig(periodOf(o)).occurrences++;

  for (const day of tickDays) {
    // The planner's own instant for `sendAt` on that day (daylight saving included), so the tick is at the
    // reminders' instant: `nowIso` ISO with the zone's offset, `nowMs` ms.
    const { at: nowIso, atMs: nowMs } = sendInstant(zone, config.sendAt, day);
    // Submissions made since the last tick are recorded before it, as a coordinator would.
    const recorded: SubmissionRecord[] = [];
    while (next < submissions.length && submissions[next].atMs <= nowMs) {
      const s = submissions[next++];
      const at = DateTime.fromMillis(s.atMs, { zone }).toISO()!;
      const { record, created } = schedules.recordSubmission({
        cycle: s.o.cycle,
        period: s.o.period,
        agency: s.o.agency,
        at,
        by: 'simulation',
        via: 'cli',
        recordedAt: at,
      });
      if (created) recorded.push(record);
      submittedAt.set(s.o.key, s.atMs);
      fig(periodOf(s.o)).submissions++;
    }
    simNow = nowMs;
    // The tick's plan on the simulation's one calendar; the records grow only by submissions, so every
    // reminder up to the last tick (less the catch-up window, as the service does) is known decided:
    // the tick looks at what fell due since, and its cost does not grow with the years replayed (issue 11).
    // The records are the store's as first read, plus each submission as the store recorded it (they are
    // the only writes, each a new live row, so this is what `records()` would read, in its order), not
    // every submission read back from the store after each one (issue 11).
    if (recorded.length) records = { ...records, submissions: [...records.submissions, ...recorded] };
    // The plan depends on the day only through which occurrences are overdue (a due date passed) and the
    // year it plans to: with the same records, no due date passed since and the same year, the last tick's
    // plan is this day's too, and is not made again (issue 11).
    const reusable =
      planned !== undefined &&
      planned.records === records &&
      planned.day.slice(0, 4) === day.slice(0, 4) &&
      !planned.plan.occurrences.some((o) => planned!.day <= o.due && o.due < day);
    if (!reusable)
      planned = {
        records,
        day,
        plan: planSchedule({ catalog: opts.catalog, config, calendar, records, now: nowIso }),
      };
    const { plan } = planned!;
    const decidedBefore = lastTickMs === null ? undefined : lastTickMs - config.delivery.catchUpDays * 86_400_000;
    await delivery.tick({ config, now: nowMs, plan, records, decidedBefore });
    ticks++;
    opts.onDay?.(ticks, tickDays.length, day);
    lastTickMs = nowMs;
    // This tick's messages are taken out of the channels (not kept for the whole run: the heap, and the
    // garbage collector's work on every tick, would grow with the years replayed; issue 11).
    const emailNew = channel.sent.splice(0);
    channel.attempts.length = 0;
    const robotNew = robotSent.splice(0);
    type Ref = { cycle: string; period: string; agency: string };
    type Meta = {
      source?: string;
      kind?: ReminderKind;
      occurrence?: Ref;
      occurrences?: Ref[];
      bundle?: boolean;
      items?: Meta[];
      keys?: string[];
    };
    /** A bundle (config `delivery.bundle`) stands for each of its items. */
    const itemsOf = (m: OutgoingMessage): { meta: Meta | undefined; key: string }[] => {
      const meta = m.meta as Meta | undefined;
      return meta?.bundle && meta.items && meta.keys
        ? meta.items.map((x, i) => ({ meta: x, key: (meta.keys as string[])[i] }))
        : [{ meta, key: m.key }];
    };
    for (const m of robotNew) {
      robotKeys[m.to.robot!] ??= [];
      for (const x of itemsOf(m)) robotKeys[m.to.robot!].push(x.key.split('|')[0]);
    }
    for (const m of [...emailNew, ...robotNew]) {
      if (seen.has(m.key)) violations.push({ rule: 'sent-twice', key: m.key, at: nowIso });
      seen.add(m.key);
      const perDayKey = `${m.to.robot ?? m.to.email ?? m.to.slackId}|${m.to.robot ?? channel.name}|${day}`;
      perDay.set(perDayKey, (perDay.get(perDayKey) ?? 0) + 1);
      for (const { meta } of itemsOf(m)) {
        if (meta?.source === 'reminder' && meta.kind === 'escalation' && meta.occurrences?.length) {
          // A folded escalation: one message for every occurrence of the round escalated that day.
          fig(periodOf(meta.occurrences[0])).reminders.escalation++;
          if (!calendar.isWorkingDay(day)) violations.push({ rule: 'not-working-day', key: m.key, at: nowIso });
          for (const occ of meta.occurrences) {
            const occKey = `${occ.cycle}/${occ.period}/${occ.agency}`;
            if (!escalated.has(occKey)) {
              escalated.add(occKey);
              fig(periodOf(occ)).escalations++;
            }
            const sub = submittedAt.get(occKey);
            if (sub !== undefined && sub <= nowMs)
              violations.push({ rule: 'after-submission', key: `${m.key} ${occKey}`, at: nowIso });
          }
          continue;
        }
        if (meta?.source !== 'reminder' || !meta.kind || !meta.occurrence) {
          digests++;
          continue;
        }
        const occ = meta.occurrence;
        const occKey = `${occ.cycle}/${occ.period}/${occ.agency}`;
        const f = fig(periodOf(occ));
        f.reminders[meta.kind]++;
        if (meta.kind === 'escalation' && !escalated.has(occKey)) {
          escalated.add(occKey);
          f.escalations++;
        }
        const sub = submittedAt.get(occKey);
        if (sub !== undefined && sub <= nowMs) violations.push({ rule: 'after-submission', key: m.key, at: nowIso });
        if (!calendar.isWorkingDay(day)) violations.push({ rule: 'not-working-day', key: m.key, at: nowIso });
        const due = dueOf.get(occKey);
        if (meta.kind === 'before' && due && day > due)
          violations.push({ rule: 'before-after-due', key: m.key, at: nowIso });
      }
    }
  }
  // Every reminder planned (with the records as they ended) and due by the last tick must have been
  // decided: sent, or recorded with a reason (skipped, dead…). One with no record at all was lost.
  if (lastTickMs !== null) {
    const planned = planSchedule({
      catalog: opts.catalog,
      config,
      calendar,
      records: schedules.records(),
      now: DateTime.fromMillis(lastTickMs, { zone }).toISO()!,
      from: from.toISODate()!,
      to: to.toISODate()!,
    });
    violations.push(...lostReminders(planned.reminders, deliveryRepoFor(db).decisions(), lastTickMs));
  }
  db.close();
  const periods = [...figures.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  let busiest: MessagesPerDay['busiest'] = null;
  for (const [k, n] of perDay) {
    if (busiest && n <= busiest.messages) continue;
    const [recipient, ch, d] = k.split('|');
    busiest = { recipient, channel: ch, day: d, messages: n };
  }
  const messagesPerDay: MessagesPerDay = {
    recipientDays: perDay.size,
    messages: [...perDay.values()].reduce((a, b) => a + b, 0),
    maxPerChannel: busiest?.messages ?? 0,
    busiest,
  };
  return {
    from: opts.from,
    to: opts.to,
    ticks,
    periods,
    digests,
    robots: robotKeys,
    messagesPerDay,
    violations,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Reminders planned at or before `upToMs` (ms since the epoch) that no delivery row accounts for: not
 * sent, not recorded skipped/dead/failed with a reason, and not covered by a folded escalation. Each is a
 * `lost` violation (issue 9 item 7: "planned and neither sent nor skipped with a reason"). Pure.
 * @param reminders the plan's reminders (with the records in force, so those after a submission are absent).
 * @param rows the key and `covers` of every delivery row of the store (`DeliveryRepo.decisions()`).
 */
export function lostReminders(
  reminders: readonly Reminder[],
  rows: readonly Pick<DeliveryRow, 'key' | 'covers'>[],
  upToMs: number,
): Violation[] {
  const decided = new Set<string>();
  for (const r of rows) {
    decided.add(r.key);
    for (const k of r.covers ?? []) decided.add(k);
  }
  return reminders
    .filter((r) => Date.parse(r.at) <= upToMs && !decided.has(r.key))
    .map((r) => ({ rule: 'lost' as const, key: r.key, at: r.at }));
}

/** `messages per recipient and day: 8,190 messages on 7,912 recipient-days, at most 1 per channel` (else the busiest named). */
function perDayLine(d: MessagesPerDay): string {
  const head = `messages per recipient and day: ${d.messages} messages on ${d.recipientDays} recipient-days, at most ${d.maxPerChannel} per channel`;
  return d.busiest && d.maxPerChannel > 1
    ? `${head} (${d.busiest.recipient} on ${d.busiest.channel}, ${d.busiest.day})`
    : head;
}

/** The report as a table (one row per period, columns {@link SIMULATION_COLUMNS} with a legend line), the group robots' message counts (when any) and a verdict line. */
export function formatSimulation(r: SimulationReport): string[] {
  const head = SIMULATION_COLUMNS.map((c) => c.name);
  const rows = r.periods.map((p) =>
    [p.period, p.occurrences, ...KINDS.map((k) => p.reminders[k]), p.submissions, p.escalations].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const halfYears = r.periods.filter((p) => /^\d{4}H[12]$/.test(p.period)).length;
  return [
    `simulation ${r.from} .. ${r.to}: ${r.ticks} ticks, ${halfYears} half-yearly rounds, ${r.digests} digests, ${(r.elapsedMs / 1000).toFixed(1)} s`,
    line(head),
    ...rows.map(line),
    // what sent:escalation and escalated count, under the table (each column: `pprd simulate --help`)
    'sent:KIND = messages of that kind (sent:escalation: to the coordinators, one per coordinator, channel and day); escalated = reports escalated, each once',
    ...(Object.keys(r.robots).length
      ? [
          `group robots (memory): ${Object.entries(r.robots)
            .map(([name, keys]) => `${name} ${keys.length}`)
            .join(', ')} items`,
        ]
      : []),
    perDayLine(r.messagesPerDay),
    r.violations.length === 0
      ? 'guarantees: all held (no delivery twice, none after a submission, working days only, no before-reminder after its due date, none lost)'
      : `guarantees: ${r.violations.length} VIOLATED, first: ${r.violations[0].rule} ${r.violations[0].key} at ${r.violations[0].at}`,
  ];
}
