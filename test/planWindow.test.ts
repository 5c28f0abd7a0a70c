import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/catalog/index.ts';
import { loadDirectory, parseConfig } from '../src/config/index.ts';
import { buildAgencyDigest, buildCoordinatorDigest, buildStatus } from '../src/digest/index.ts';
import { createCalendar, NO_RECORDS, type Plan, planSchedule, type Reminder } from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { realCatalog } from './helpers/catalogFixture.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';

const { directory } = loadDirectory('config/agencies.yaml');
const catalog = parseDocument(readFileSync('seeds/yuefu-2017-8-pprd-implementation-opinions.txt', 'utf8'), directory);
const config = parseConfig(configFrom2017(), { catalog, env: {} });
const ms = (iso: string) => Date.parse(iso);

/** What the windowed query must equal: the whole plan filtered by send instant, lower bound excluded. */
const filtered = (plan: Plan, afterMs: number, upToMs: number): Reminder[] =>
  plan.reminders.filter((r) => afterMs < ms(r.at) && ms(r.at) <= upToMs);

/**
 * The 2020 programme on the real document (63 agencies, half-yearly from 2017H1 and the targets), with
 * 省交通运输厅 submitting 2020H1 on Wednesday 2020-06-24 10:00 and 省水利厅's 2020H1 extended to 2020-07-10.
 * 2020's Dragon Boat holiday is Thursday 06-25 to Saturday 06-27, with Sunday 06-28 a make-up working day.
 */
const plan2020 = (now = '2020-06-01T09:00:00+08:00') =>
  planSchedule({
    catalog,
    config,
    calendar: createCalendar(config.holidays, config.timezone),
    now,
    from: '2020-01-01',
    to: '2020-12-31',
    records: {
      ...NO_RECORDS,
      submissions: [
        {
          cycle: 'half-yearly',
          period: '2020H1',
          agency: '省交通运输厅',
          at: '2020-06-24T10:00:00+08:00',
          by: 'test',
          recordedAt: '2020-06-24T10:00:00+08:00',
        },
      ],
      extensions: [
        {
          cycle: 'half-yearly',
          period: '2020H1',
          agency: '省水利厅',
          to: '2020-07-10',
          by: 'test',
          recordedAt: '2020-06-20T10:00:00+08:00',
        },
      ],
    },
  });

describe('the plan’s windowed query (issue 11: reminders between two instants)', () => {
  it('gives the reminders after one instant and up to another over the 2020 Dragon Boat holiday, as filtering the whole plan does', () => {
    const plan = plan2020();
    const window = plan.remindersBetween(ms('2020-06-16T09:00:00+08:00'), ms('2020-07-01T09:00:00+08:00'));
    const byDay = new Map<string, number>();
    for (const r of window)
      byDay.set(`${r.date} ${r.kind} ${r.offset}`, (byDay.get(`${r.date} ${r.kind} ${r.offset}`) ?? 0) + 1);
    // 14 days before (06-16 09:00) is the lower bound itself: excluded. 3 days before, Saturday 06-27 (a
    // holiday), moves to Wednesday 06-24; 1 day before is Monday 06-29. 省水利厅 has its own dates
    // (14 days before 07-10 is 06-26, a holiday: 06-24); 省交通运输厅 has nothing after its submission.
    expect([...byDay]).toEqual([
      ['2020-06-23 before 7', 62],
      ['2020-06-24 before 14', 1],
      ['2020-06-24 before 3', 62],
      ['2020-06-29 before 1', 61],
      ['2020-06-30 due 0', 61],
      ['2020-07-01 overdue -1', 61],
    ]);
    expect(
      window.filter((r) => r.agency === '省交通运输厅' || r.agency === '省水利厅').map((r) => `${r.key} ${r.at}`),
    ).toEqual([
      'half-yearly/2020H1/省交通运输厅/before/7 2020-06-23T09:00:00.000+08:00',
      'half-yearly/2020H1/省水利厅/before/14@2020-07-10 2020-06-24T09:00:00.000+08:00',
      'half-yearly/2020H1/省交通运输厅/before/3 2020-06-24T09:00:00.000+08:00',
    ]);
    expect(window).toEqual(filtered(plan, ms('2020-06-16T09:00:00+08:00'), ms('2020-07-01T09:00:00+08:00')));
  });

  it('equals the filtered plan for windows on and around send instants, empty ones and the whole year', () => {
    const plan = plan2020();
    expect(plan.reminderCount).toBe(plan.reminders.length);
    const windows: [string, string][] = [
      ['2020-06-23T08:59:59.999+08:00', '2020-06-23T09:00:00+08:00'], // exactly one send instant
      ['2020-06-23T09:00:00+08:00', '2020-06-24T08:59:59.999+08:00'], // between two: empty
      ['2020-06-25T00:00:00+08:00', '2020-06-28T23:59:59+08:00'], // the holiday and the make-up Sunday: none planned
      ['2020-06-24T09:00:00+08:00', '2020-06-29T09:00:00+08:00'],
      ['2020-09-30T09:00:00+08:00', '2020-10-12T09:00:00+08:00'], // National Day week
      ['2020-12-20T00:00:00+08:00', '2021-01-15T00:00:00+08:00'], // the year's end, overdue reminders in January
      ['2019-01-01T00:00:00+08:00', '2022-01-01T00:00:00+08:00'],
    ];
    for (const [a, b] of windows)
      expect(plan.remindersBetween(ms(a), ms(b)), `${a} .. ${b}`).toEqual(filtered(plan, ms(a), ms(b)));
    expect(plan.remindersBetween(ms('2020-06-25T00:00:00+08:00'), ms('2020-06-28T23:59:59+08:00'))).toEqual([]);
    expect(plan.remindersBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual(plan.reminders);
  });

  it('finds each reminder by its key, and none for one a submission or an extension removed', () => {
    const plan = plan2020();
    for (const r of plan.reminders) expect(plan.reminder(r.key)).toEqual(r);
    for (const o of plan.occurrences) expect(plan.occurrence(o.key)).toBe(o);
    // Submitted 06-24 10:00: the 06-29 reminder is gone; extended: the period's own keys are gone, the new date's are there.
    expect(plan.reminder('half-yearly/2020H1/省交通运输厅/before/1')).toBeUndefined();
    expect(plan.reminder('half-yearly/2020H1/省交通运输厅/before/3')?.at).toBe('2020-06-24T09:00:00.000+08:00');
    expect(plan.reminder('half-yearly/2020H1/省水利厅/due/0')).toBeUndefined();
    expect(plan.reminder('half-yearly/2020H1/省水利厅/due/0@2020-07-10')?.date).toBe('2020-07-10');
    expect(plan.reminder('half-yearly/2020H1/省水利厅/due/0@2020-07-11')).toBeUndefined();
    expect(plan.reminder('half-yearly/2020H1/省财政厅/due/5')).toBeUndefined();
    expect(plan.occurrence('half-yearly/2016H1/省财政厅')).toBeUndefined();
  });

  it('counts the send instant, not the local time, across a daylight-saving gap (Africa/Cairo, sendAt 00:30 on 2024-04-26)', () => {
    const plan = planSchedule({
      catalog: realCatalog(),
      config: {
        ...planConfig([{ ...halfYearly, due: { dates: ['04-26', '10-31'] }, start: '2024H1' }]),
        timezone: 'Africa/Cairo',
        sendAt: '00:30',
      },
      calendar: createCalendar([], 'Africa/Cairo'),
      now: '2024-04-01T09:00:00+02:00',
      agency: '省水利厅',
      from: '2024-01-01',
      to: '2024-12-31',
    });
    // 00:30 does not exist on 2024-04-26 (00:00 EET -> 01:00 EEST): the due-day reminder goes at 01:00 +03:00.
    expect(plan.remindersBetween(ms('2024-04-25T23:00:00+02:00'), ms('2024-04-26T00:59:59.999+03:00'))).toEqual([]);
    expect(
      plan
        .remindersBetween(ms('2024-04-25T23:00:00+02:00'), ms('2024-04-26T01:00:00+03:00'))
        .map((r) => `${r.key} ${r.date} ${r.time} ${r.at}`),
    ).toEqual(['half-yearly/2024H1/省水利厅/due/0 2024-04-26 00:30 2024-04-26T01:00:00.000+03:00']);
    for (const [a, b] of [
      ['2024-04-20T00:00:00+02:00', '2024-05-10T00:00:00+03:00'],
      ['2024-10-30T00:00:00+03:00', '2024-11-10T00:00:00+02:00'],
    ]) {
      expect(plan.remindersBetween(ms(a), ms(b))).toEqual(filtered(plan, ms(a), ms(b)));
    }
  });
});

describe('views that know the delivered escalations do not read every reminder (issue 11: no plan materialised per digest)', () => {
  it('status, the coordinators’ digest and an agency digest on 2020-07-08 use the occurrences and the escalations given', () => {
    const plan = plan2020('2020-07-08T09:00:00+08:00');
    // The plan as the views see it, whose reminders may not be read: every reminder of the years planned.
    const view = {
      occurrences: plan.occurrences,
      unscheduled: plan.unscheduled,
      provisionalYears: plan.provisionalYears,
      get reminders(): Reminder[] {
        throw new Error('the view read every reminder of the plan');
      },
    };
    const input = {
      plan: view,
      cycles: config.cycles,
      now: '2020-07-08T09:00:00+08:00',
      timezone: config.timezone,
      escalated: ['half-yearly/2020H1/省财政厅'],
    };
    expect(buildStatus(input).rounds.map((r) => `${r.period} ${r.submitted}/${r.total}`)).toEqual(['2020H1 1/63']);
    // 63 less 省交通运输厅 (submitted) and 省水利厅 (extended to 07-10).
    expect(buildCoordinatorDigest(input)?.overdue.length).toBe(61);
    expect(buildAgencyDigest({ ...input, agency: '省财政厅' })?.open[0]).toMatchObject({
      period: '2020H1',
      state: 'overdue',
      daysLeft: -8,
      escalated: true,
    });
  });
});
