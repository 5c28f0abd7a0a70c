import { DateTime, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createMemoryChannel } from '../src/channels/index.ts';
import type { CycleConfig } from '../src/config/types.ts';
import { latestCronMatch } from '../src/decide/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { formatSimulation, lostReminders, simulate } from '../src/service/simulate.ts';
import { createDeliveryRepo, openStore } from '../src/store/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { realCatalog } from './helpers/catalogFixture.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const iso = (d: DateTime | null) => d?.toISO() ?? null;

describe('digest cron times across daylight saving, on any host (issue 9 item 7)', () => {
  it('a time in the spring-forward gap matches once, at the first valid instant after it', () => {
    // America/New_York, 2024-03-10: 02:00 EST -> 03:00 EDT; 02:30 does not exist.
    const m = latestCronMatch(
      '30 2 * * *',
      'America/New_York',
      ms('2024-03-10T00:00:00-05:00'),
      ms('2024-03-10T12:00:00-04:00'),
    );
    expect(iso(m)).toBe('2024-03-10T03:00:00.000-04:00');
    expect(
      latestCronMatch('30 2 * * *', 'America/New_York', m!.toMillis(), ms('2024-03-10T23:59:00-04:00')),
    ).toBeNull();
    // Europe/Berlin, 2024-03-31: 02:00 CET -> 03:00 CEST.
    expect(
      iso(
        latestCronMatch('0 2 * * *', 'Europe/Berlin', ms('2024-03-31T00:00:00+01:00'), ms('2024-03-31T12:00:00+02:00')),
      ),
    ).toBe('2024-03-31T03:00:00.000+02:00');
  });

  it('a time in the repeated fall-back hour matches once, at the first of the two', () => {
    // America/New_York, 2024-11-03: 01:00-02:00 happens twice (EDT, then EST).
    const first = latestCronMatch(
      '30 1 * * *',
      'America/New_York',
      ms('2024-11-03T00:00:00-04:00'),
      ms('2024-11-03T12:00:00-05:00'),
    );
    expect(iso(first)).toBe('2024-11-03T01:30:00.000-04:00');
    // After the first 01:30, the second one (06:30 UTC) is not a new match.
    expect(
      latestCronMatch('30 1 * * *', 'America/New_York', first!.toMillis(), ms('2024-11-03T12:00:00-05:00')),
    ).toBeNull();
    expect(
      iso(
        latestCronMatch(
          '30 2 * * *',
          'Europe/Berlin',
          ms('2024-10-27T00:00:00+02:00'),
          ms('2024-10-27T12:00:00+01:00'),
        ),
      ),
    ).toBe('2024-10-27T02:30:00.000+02:00');
  });
});

/** A half-yearly cycle due on Cairo's daylight-saving days: Friday 2024-04-26 (00:00 -> 01:00) and Thursday 2024-10-31 (24:00 -> 23:00). */
const cairoCycle: CycleConfig = { ...halfYearly, due: { dates: ['04-26', '10-31'] }, start: '2024H1' };

describe('reminder send instants in a zone with daylight saving (planSchedule, issue 9 item 7)', () => {
  const plan = (sendAt: string) =>
    planSchedule({
      catalog: realCatalog(),
      config: { ...planConfig([cairoCycle]), timezone: 'Africa/Cairo', sendAt },
      calendar: createCalendar([], 'Africa/Cairo'),
      now: '2024-04-01T09:00:00+02:00',
      agency: '省水利厅',
      from: '2024-01-01',
      to: '2024-12-31',
    }).reminders;

  it('sendAt in the gap: the due-day reminder goes at the first valid instant after it (01:00 EEST), once', () => {
    const due = plan('00:30').filter((r) => r.kind === 'due');
    expect(due.map((r) => [r.date, r.time, r.at])).toEqual([
      ['2024-04-26', '00:30', '2024-04-26T01:00:00.000+03:00'],
      ['2024-10-31', '00:30', '2024-10-31T00:30:00.000+03:00'],
    ]);
  });

  it('sendAt in the repeated hour: the first of the two 23:30s (EEST, +03:00), whatever the host date', () => {
    const saved = Settings.now;
    try {
      // luxon guesses an ambiguous wall time's offset from the host's current date: pin it to winter, then summer.
      for (const hostNow of ['2026-12-01T12:00:00Z', '2026-07-01T12:00:00Z']) {
        Settings.now = () => Date.parse(hostNow);
        const due = plan('23:30').filter((r) => r.kind === 'due');
        expect(
          due.map((r) => r.at),
          hostNow,
        ).toEqual(['2024-04-26T23:30:00.000+03:00', '2024-10-31T23:30:00.000+03:00']);
      }
    } finally {
      Settings.now = saved;
    }
  });
});

describe('simulate notices a lost reminder (issue 9 item 7)', () => {
  it('lostReminders: a reminder due by the last tick with no delivery row is reported; once decided, none', async () => {
    const db = openStore(':memory:');
    try {
      const catalog = importRealCatalog(db);
      const config = deliveryConfig({ agencies: { 省交通运输厅: [contact('交通联络人', 'sjtt@pprd.example.org')] } });
      const mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
      const calendar = createCalendar([], config.timezone);
      await runTick({ db, catalog, config, channels: [mem], now: shanghai('2020-06-23T09:00'), log: silentLog });
      // 06-24 09:00 came (the 3-day reminder of 2020H1, due Tuesday 06-30) but no tick ran.
      const at24 = shanghai('2020-06-24T09:00');
      const planned = planSchedule({ catalog, config, calendar, now: at24 }).reminders;
      const lost = lostReminders(planned, createDeliveryRepo(db).list({}), ms(at24));
      expect(lost.length).toBe(63);
      expect(
        lost.every(
          (v) =>
            v.rule === 'lost' &&
            v.key.endsWith('/2020H1/' + v.key.split('/')[2] + '/before/3') &&
            v.at === '2020-06-24T09:00:00.000+08:00',
        ),
      ).toBe(true);
      expect(lost.map((v) => v.key)).toContain('half-yearly/2020H1/省交通运输厅/before/3');
      await runTick({ db, catalog, config, channels: [mem], now: at24, log: silentLog });
      expect(lostReminders(planned, createDeliveryRepo(db).list({}), ms(at24))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a run ending on the fall-back day (Cairo, sendAt 23:30) sends the due-day reminder at the first 23:30 and holds every guarantee, whatever the host date', async () => {
    const saved = Settings.now;
    Settings.now = () => Date.parse('2026-12-01T12:00:00Z');
    try {
      const agencies = { 省水利厅: [contact('水利联络人', 'sslt@pprd.example.org')] };
      const config = {
        ...deliveryConfig({ agencies }),
        cycles: [cairoCycle],
        timezone: 'Africa/Cairo',
        sendAt: '23:30',
      };
      const report = await simulate({
        catalog: realCatalog(),
        config,
        from: '2024-10-01',
        to: '2024-10-31',
        seed: 3,
        submitRate: 0,
      });
      expect(report.violations).toEqual([]);
      // The 30-day reminder (10-01, National Day, moved to 09-30) is before the run; 14, 7, 3, 1 days and the due day are in it.
      expect(report.periods.find((p) => p.period === '2024H2')!.reminders).toEqual({
        before: 4,
        due: 1,
        overdue: 0,
        escalation: 0,
      });
    } finally {
      Settings.now = saved;
    }
  }, 60_000);

  it('a run in Africa/Cairo with sendAt in the gap sends 2024-04-26’s due-day reminders on the day and holds every guarantee', async () => {
    const catalog = realCatalog();
    const agencies = { 省水利厅: [contact('水利联络人', 'sslt@pprd.example.org')] };
    const config = { ...deliveryConfig({ agencies }), cycles: [cairoCycle], timezone: 'Africa/Cairo', sendAt: '00:30' };
    // Nobody submits: 省水利厅 gets every reminder of 2024H1, the due-day one included.
    const report = await simulate({ catalog, config, from: '2024-03-20', to: '2024-05-10', seed: 3, submitRate: 0 });
    expect(report.violations).toEqual([]);
    const h1 = report.periods.find((p) => p.period === '2024H1')!;
    expect(h1.occurrences).toBe(63);
    expect(h1.reminders).toEqual({ before: 5, due: 1, overdue: 3, escalation: 0 });
    expect(formatSimulation(report).at(-1)).toBe(
      'guarantees: all held (no delivery twice, none after a submission, working days only, no before-reminder after its due date, none lost)',
    );
  }, 60_000);
});
