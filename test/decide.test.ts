import { describe, expect, test } from 'vitest';
import type { Config } from '../src/config/types.ts';
import {
  type Action,
  type DeliveryKey,
  decideRetry,
  decideRow,
  decideTick,
  keyText,
  readKey,
} from '../src/decide/index.ts';
import { createCalendar, NO_RECORDS, type Plan, planSchedule, type ScheduleRecords } from '../src/schedule/index.ts';
import { realCatalog } from './helpers/catalogFixture.ts';
import { contact, deliveryConfig } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';

// The decide step with no database: the real document parsed in memory, the real planner, and what
// "the store holds" given as sets. Every instant is named in Asia/Shanghai.
const JTT = '省交通运输厅';
const FGW = '省发展改革委';
const catalog = realCatalog();
const config: Config = deliveryConfig({
  agencies: {
    [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')],
    [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
  },
  coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org')],
  digests: [{ id: 'weekly', audience: 'coordinators', schedule: '0 9 * * 1' }],
});
const calendar = createCalendar(config.holidays, config.timezone);
const ms = (local: string) => Date.parse(shanghai(local));

function planAt(now: string, records: ScheduleRecords = NO_RECORDS): Plan {
  return planSchedule({ catalog, config, calendar, records, now: shanghai(now), from: '2020-01-01', to: '2020-12-31' });
}

/** decideTick over the plan's reminders due by `now` (of JTT and FGW), with what the store holds. */
function decideAt(
  now: string,
  opts: {
    lastTick?: string;
    decided?: string[];
    waiting?: string[];
    has?: string[];
    records?: ScheduleRecords;
    reachable?: boolean;
  } = {},
): Action[] {
  const plan = planAt(now, opts.records);
  const occ = new Map(plan.occurrences.map((o) => [o.key, o]));
  const nowMs = ms(now);
  return decideTick({
    now: nowMs,
    zone: config.timezone,
    catchUpDays: config.delivery.catchUpDays,
    reminders: plan.reminders.filter((r) => Date.parse(r.at) <= nowMs && (r.agency === JTT || r.agency === FGW)),
    occurrence: (k) => occ.get(k),
    recorded: {
      decided: new Set(opts.decided ?? []),
      waiting: new Set(opts.waiting ?? []),
      has: (k: DeliveryKey) => (opts.has ?? []).includes(keyText(k)),
      lastTickMs: opts.lastTick ? ms(opts.lastTick) : undefined,
    },
    digests: config.digests,
    digestAgencies: [JTT, FGW],
    calendar,
    reachable: () => opts.reachable ?? true,
  });
}

/** One line per action: `send KEY [late]`, `skip KEY reason`, `resolve KEY reason`. */
const lines = (actions: Action[]) =>
  actions.map((a) =>
    a.act === 'resolve'
      ? `resolve ${a.reminder} ${a.reason}`
      : a.act === 'send'
        ? `send ${keyText(a.key)}${a.late ? ' 补发' : ''}`
        : `skip ${keyText(a.key)} ${a.reason}`,
  );

describe('decideTick: reminders', () => {
  test('first tick on Tuesday 2020-06-23 09:00: the 7-day reminder of 2020H1 is sent, the 30- and 14-day ones are too old', () => {
    expect(lines(decideAt('2020-06-23T09:00'))).toEqual([
      'skip half-yearly/2020H1/省发展改革委/before/30 too-old',
      'skip half-yearly/2020H1/省发展改革委/before/14 too-old',
      'send half-yearly/2020H1/省发展改革委/before/7',
      'skip half-yearly/2020H1/省交通运输厅/before/30 too-old',
      'skip half-yearly/2020H1/省交通运输厅/before/14 too-old',
      'send half-yearly/2020H1/省交通运输厅/before/7',
    ]);
  });

  test('after an outage since Monday 06-22 09:00, Tuesday 10:30 catches up the 7-day reminder once, marked 补发; at 09:00:30 it is not late', () => {
    const decided = ['30', '14'].flatMap((d) => [
      `half-yearly/2020H1/${JTT}/before/${d}`,
      `half-yearly/2020H1/${FGW}/before/${d}`,
    ]);
    expect(lines(decideAt('2020-06-23T10:30', { lastTick: '2020-06-22T09:00', decided }))).toEqual([
      'send half-yearly/2020H1/省发展改革委/before/7 补发',
      'send half-yearly/2020H1/省交通运输厅/before/7 补发',
    ]);
    expect(lines(decideAt('2020-06-23T09:00:30', { lastTick: '2020-06-23T08:59', decided }))).toEqual([
      'send half-yearly/2020H1/省发展改革委/before/7',
      'send half-yearly/2020H1/省交通运输厅/before/7',
    ]);
  });

  test('a submitted occurrence: its undecided reminders are skipped `submitted`, nothing is sent', () => {
    const records: ScheduleRecords = {
      ...NO_RECORDS,
      submissions: [
        {
          cycle: 'half-yearly',
          period: '2020H1',
          agency: JTT,
          at: shanghai('2020-06-22T15:00'),
          by: '省泛珠办',
          recordedAt: shanghai('2020-06-22T15:00'),
        },
      ],
    };
    const decided = ['30', '14'].flatMap((d) => [
      `half-yearly/2020H1/${JTT}/before/${d}`,
      `half-yearly/2020H1/${FGW}/before/${d}`,
    ]);
    const plan = planAt('2020-06-23T09:00', records);
    // The planner drops a closed occurrence's later reminders: nothing of JTT is due, FGW's goes.
    expect(plan.reminders.filter((r) => r.agency === JTT && r.period === '2020H1').map((r) => r.key)).toEqual([
      `half-yearly/2020H1/${JTT}/before/30`,
      `half-yearly/2020H1/${JTT}/before/14`,
    ]);
    expect(lines(decideAt('2020-06-23T09:00', { lastTick: '2020-06-22T09:00', decided, records }))).toEqual([
      'send half-yearly/2020H1/省发展改革委/before/7',
    ]);
    // Undecided reminders of a closed occurrence are recorded skipped, `submitted`.
    expect(
      lines(
        decideAt('2020-06-23T09:00', {
          lastTick: '2020-06-22T09:00',
          decided: decided.filter((k) => !k.includes(JTT)),
          records,
        }),
      ),
    ).toEqual([
      'send half-yearly/2020H1/省发展改革委/before/7',
      'skip half-yearly/2020H1/省交通运输厅/before/30 submitted',
      'skip half-yearly/2020H1/省交通运输厅/before/14 submitted',
    ]);
  });

  test('nobody to reach: skipped `no-contact` and waiting; once a contact is there it is sent (`contact-added`), and an older waiting one is `superseded`', () => {
    const k7 = (a: string) => `half-yearly/2020H1/${a}/before/7`;
    const k14 = (a: string) => `half-yearly/2020H1/${a}/before/14`;
    const k30 = (a: string) => `half-yearly/2020H1/${a}/before/30`;
    const decided = [k30(JTT), k30(FGW), k14(JTT), k14(FGW)];
    expect(lines(decideAt('2020-06-23T09:00', { lastTick: '2020-06-23T08:59', decided, reachable: false }))).toEqual([
      `skip ${k7(FGW)} no-contact`,
      `skip ${k7(JTT)} no-contact`,
    ]);
    // Still nobody: a waiting reminder is not recorded twice.
    expect(
      decideAt('2020-06-23T09:05', {
        lastTick: '2020-06-23T09:04',
        decided: [...decided, k7(FGW), k7(JTT)],
        waiting: [k7(FGW), k7(JTT)],
        reachable: false,
      }),
    ).toEqual([]);
    // JTT's 14-day reminder waited too; the contact added at 15:00 gets the 7-day one.
    const waiting = [k14(JTT), k7(JTT)];
    const later = { decided: [...decided, k7(FGW), k7(JTT)], waiting };
    expect(lines(decideAt('2020-06-23T15:00', { lastTick: '2020-06-23T14:59', ...later }))).toEqual([
      `send ${k7(JTT)}`,
      `resolve ${k14(JTT)} superseded`,
      `resolve ${k7(JTT)} contact-added`,
    ]);
    // Added only on Wednesday 06-24: the 3-day reminder (Saturday 06-27, moved before 端午 06-25..27 to 06-24) goes, both waiting ones are superseded.
    expect(lines(decideAt('2020-06-24T10:00', { lastTick: '2020-06-24T09:59', ...later }))).toEqual([
      'send half-yearly/2020H1/省发展改革委/before/3',
      'send half-yearly/2020H1/省交通运输厅/before/3',
      `resolve ${k14(JTT)} superseded`,
      `resolve ${k7(JTT)} superseded`,
    ]);
  });
});

describe('decideTick: escalations and digests', () => {
  // 2020H1 is due Tuesday 06-30; the escalation is 5 working days after: Tuesday 2020-07-07 09:00.
  const before = (a: string) => ['30', '14', '7', '3', '1'].map((d) => `half-yearly/2020H1/${a}/before/${d}`);
  const after = (a: string) => [
    `half-yearly/2020H1/${a}/due/0`,
    ...['-1', '-3', '-5'].map((d) => `half-yearly/2020H1/${a}/overdue/${d}`),
  ];
  const decided = [JTT, FGW].flatMap((a) => [...before(a), ...after(a)]);

  test('escalation day 2020-07-07: one fold for the round covering both agencies; a second fold that day is #2', () => {
    const actions = decideAt('2020-07-07T09:00', { lastTick: '2020-07-07T08:59', decided });
    expect(actions).toEqual([
      {
        act: 'send',
        key: { type: 'escalation', cycle: 'half-yearly', period: '2020H1', date: '2020-07-07', n: 1 },
        audience: { to: 'coordinators' },
        plannedAt: '2020-07-07T09:00:00.000+08:00',
        late: false,
        covers: [`half-yearly/2020H1/${FGW}/escalation/-5`, `half-yearly/2020H1/${JTT}/escalation/-5`],
      },
    ]);
    expect(
      lines(
        decideAt('2020-07-07T09:00', {
          lastTick: '2020-07-07T08:59',
          decided,
          has: ['escalation:half-yearly/2020H1/2020-07-07'],
        }),
      ),
    ).toEqual(['send escalation:half-yearly/2020H1/2020-07-07#2']);
  });

  test('the weekly digest of Monday 2025-02-03 (Spring Festival) is due Wednesday 02-05 09:00, keyed by its own minute; once', () => {
    const noReminders = { decided: [] as string[] };
    expect(
      decideAt('2025-02-05T08:59', { ...noReminders, lastTick: '2025-02-05T08:58' }).filter(
        (a) => a.act === 'send' && a.key.type === 'digest',
      ),
    ).toEqual([]);
    const at9 = decideAt('2025-02-05T09:00', { lastTick: '2025-02-05T08:59' }).filter(
      (a) => a.act === 'send' && a.key.type === 'digest',
    );
    expect(at9).toEqual([
      {
        act: 'send',
        key: { type: 'digest', digest: 'weekly', stamp: '2025-02-03T09:00', agency: null },
        audience: { to: 'coordinator-digest' },
        plannedAt: '2025-02-05T09:00:00.000+08:00',
        late: false,
      },
    ]);
    expect(
      decideAt('2025-02-05T09:00', { lastTick: '2025-02-05T08:59', has: ['digest/weekly/2025-02-03T09:00'] }).filter(
        (a) => a.act === 'send' && a.key.type === 'digest',
      ),
    ).toEqual([]);
  });
});

describe('decideRow: at send time, on the sending tick’s plan', () => {
  test('a fold lists only the occurrences still open; all closed: skipped `submitted`', () => {
    const covers = [`half-yearly/2020H1/${FGW}/escalation/-5`, `half-yearly/2020H1/${JTT}/escalation/-5`];
    const key: DeliveryKey = { type: 'escalation', cycle: 'half-yearly', period: '2020H1', date: '2020-07-07', n: 1 };
    const sub = (agency: string) => ({
      cycle: 'half-yearly',
      period: '2020H1',
      agency,
      at: shanghai('2020-07-07T08:30'),
      by: '省泛珠办',
      recordedAt: shanghai('2020-07-07T08:30'),
    });
    const lookups = (records: ScheduleRecords) => {
      const plan = planAt('2020-07-07T09:00', records);
      const r = new Map(plan.reminders.map((x) => [x.key, x]));
      const o = new Map(plan.occurrences.map((x) => [x.key, x]));
      return { reminder: (k: string) => r.get(k), occurrence: (k: string) => o.get(k), digest: () => undefined };
    };
    const one = decideRow(key, covers, lookups({ ...NO_RECORDS, submissions: [sub(JTT)] }));
    expect('fold' in one && one.fold.map((r) => r.agency)).toEqual([FGW]);
    expect(decideRow(key, covers, lookups({ ...NO_RECORDS, submissions: [sub(JTT), sub(FGW)] }))).toEqual({
      skip: 'submitted',
    });
    expect(
      decideRow(
        { type: 'reminder', reminder: `half-yearly/2020H1/${JTT}/before/7@2020-07-15` },
        null,
        lookups(NO_RECORDS),
      ),
    ).toEqual({ skip: 'not-planned' });
    expect(
      decideRow({ type: 'digest', digest: 'gone', stamp: '2020-07-06T09:00', agency: null }, null, lookups(NO_RECORDS)),
    ).toEqual({ skip: 'not-planned' });
  });
});

describe('decideRetry', () => {
  const delivery = { giveUpAfterHours: 48, retryBaseMinutes: 2 };
  const at = (ms: number) => new Date(ms).toISOString();
  test('temporary: 2, 4, 8 minutes on whole minutes; a rate limit at its first free minute; permanent and past 48 h: dead', () => {
    const now = ms('2020-06-23T09:00:20');
    const next = (attempts: number) => {
      const d = decideRetry({ kind: 'temporary' }, attempts, now, now, delivery);
      return d.status === 'failed' ? at(d.nextAttemptMs) : d;
    };
    expect([next(1), next(2), next(3)]).toEqual([
      '2020-06-23T01:02:00.000Z',
      '2020-06-23T01:04:00.000Z',
      '2020-06-23T01:08:00.000Z',
    ]);
    const limited = decideRetry({ kind: 'temporary', retryAfterMs: 90_000 }, 1, now, now, delivery);
    expect(limited.status === 'failed' && at(limited.nextAttemptMs)).toBe('2020-06-23T01:02:00.000Z');
    expect(decideRetry({ kind: 'permanent' }, 1, now, now, delivery)).toEqual({ status: 'dead', reason: 'permanent' });
    expect(decideRetry({ kind: 'temporary' }, 9, ms('2020-06-21T09:00:20'), now, delivery)).toEqual({
      status: 'dead',
      reason: 'gave-up',
    });
    // The last retry falls no later than 48 h after the first attempt.
    const last = decideRetry({ kind: 'temporary' }, 12, ms('2020-06-21T09:30'), now, delivery);
    expect(last.status === 'failed' && at(last.nextAttemptMs)).toBe('2020-06-23T01:30:00.000Z');
  });
});

describe('delivery keys are values; their text is written and read in one place', () => {
  test('round trip of each form, and a hand-written text read as a reminder key', () => {
    const keys: [DeliveryKey, 'reminder' | 'digest', string][] = [
      [
        { type: 'reminder', reminder: `target:T5/2020/${JTT}/overdue/-3` },
        'reminder',
        `target:T5/2020/${JTT}/overdue/-3`,
      ],
      [
        { type: 'escalation', cycle: 'target:T5', period: '2020', date: '2021-01-08', n: 1 },
        'reminder',
        'escalation:target:T5/2020/2021-01-08',
      ],
      [
        { type: 'escalation', cycle: 'half-yearly', period: '2020H1', date: '2020-07-07', n: 2 },
        'reminder',
        'escalation:half-yearly/2020H1/2020-07-07#2',
      ],
      [
        { type: 'digest', digest: 'weekly', stamp: '2020-06-22T09:00', agency: null },
        'digest',
        'digest/weekly/2020-06-22T09:00',
      ],
      [
        { type: 'digest', digest: 'monthly', stamp: '2020-07-01T09:00', agency: JTT },
        'digest',
        `digest/monthly/2020-07-01T09:00/${JTT}`,
      ],
    ];
    for (const [key, source, text] of keys) {
      expect(keyText(key)).toBe(text);
      expect(readKey(text, source)).toEqual(key);
    }
    expect(readKey('escalation:oops', 'reminder')).toEqual({ type: 'reminder', reminder: 'escalation:oops' });
  });
});
