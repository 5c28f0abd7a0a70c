import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CycleConfig } from '../src/config/types.ts';
import {
  createCalendar,
  NO_RECORDS,
  type PlanInput,
  planSchedule,
  type Reminder,
  type ScheduleRecords,
} from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';

const cal = createCalendar();
const base: PlanInput = {
  catalog: smallCatalog,
  config: planConfig(),
  calendar: cal,
  now: '2024-11-01T09:00:00+08:00',
  from: '2024-01-01',
  to: '2025-12-31',
};
const rows = (rs: Reminder[]) => rs.map((r) => `${r.date} ${r.kind} ${r.offset}`);
const of = (rs: Reminder[], agency: string, period: string, cycle = 'half-yearly') =>
  rs.filter((r) => r.agency === agency && r.period === period && r.cycle === cycle);
const records = (r: Partial<ScheduleRecords>): ScheduleRecords => ({ ...NO_RECORDS, ...r });

describe('planSchedule: the half-yearly report of 三(一)', () => {
  it('plans 2024H2 (due Tuesday 2024-12-31) with the 30-day reminder on Friday 2024-11-29', () => {
    const plan = planSchedule(base);
    const rs = of(plan.reminders, '省发展改革委', '2024H2');
    expect(rows(rs)).toEqual([
      '2024-11-29 before 30', // Sunday 12-01 moved back to Friday
      '2024-12-17 before 14',
      '2024-12-24 before 7',
      '2024-12-27 before 3', // Saturday 12-28 moved back
      '2024-12-30 before 1',
      '2024-12-31 due 0',
      '2025-01-02 overdue -1', // 01-01 is New Year's Day
      '2025-01-06 overdue -3',
      '2025-01-08 overdue -5',
      '2025-01-08 escalation -5', // to coordinators, not the agency
    ]);
    expect(rs[0]).toEqual({
      key: 'half-yearly/2024H2/省发展改革委/before/30',
      occurrenceKey: 'half-yearly/2024H2/省发展改革委',
      date: '2024-11-29',
      time: '09:00',
      at: '2024-11-29T09:00:00.000+08:00',
      agency: '省发展改革委',
      cycle: 'half-yearly',
      period: '2024H2',
      due: '2024-12-31',
      kind: 'before',
      offset: 30,
      provisional: false,
      dueProvisional: false,
    });
  });

  it('plans one occurrence per non-group agency and period, none for groups', () => {
    const plan = planSchedule(base);
    const h2 = plan.occurrences.filter((o) => o.period === '2024H2');
    expect(h2.map((o) => o.agency)).toEqual(['省发展改革委', '省交通运输厅', '省环境保护厅', '省水利厅']);
    expect(h2[0]).toEqual({
      key: 'half-yearly/2024H2/省发展改革委',
      cycle: 'half-yearly',
      period: '2024H2',
      agency: '省发展改革委',
      due: '2024-12-31',
      originalDue: '2024-12-31',
      state: 'open',
      provisional: false,
    });
    expect(plan.occurrences.filter((o) => o.cycle === 'half-yearly').map((o) => o.period)).toEqual([
      ...Array(4).fill('2024H1'),
      ...Array(4).fill('2024H2'),
      ...Array(4).fill('2025H1'),
      ...Array(4).fill('2025H2'),
    ]);
    // 2024H1 is past its due date at now (2024-11-01) and was never submitted.
    expect(plan.occurrences.find((o) => o.period === '2024H1')!.state).toBe('overdue');
  });

  it('keeps a reminder that lands on a make-up working Saturday (2024-10-12)', () => {
    const cycle: CycleConfig = {
      ...halfYearly,
      id: 'mid-october',
      due: { dates: ['10-15'] },
      reminders: [3, 0],
      start: '2017',
      overdue: [],
      escalateAfter: 0,
    };
    const plan = planSchedule({ ...base, config: planConfig([cycle]), agency: '省水利厅' });
    expect(rows(of(plan.reminders, '省水利厅', '2024', 'mid-october'))).toEqual([
      '2024-10-12 before 3',
      '2024-10-15 due 0',
    ]);
  });

  it('merges two reminders moved onto one day into the one nearer the deadline', () => {
    // Due Tuesday 2024-10-08: 10-01 (7 days), 10-05 (3) and 10-07 (1) are days off and all move back
    // to Monday 09-30, where only the 1-day reminder stays.
    const cycle: CycleConfig = {
      ...halfYearly,
      id: 'after-national-day',
      due: { dates: ['10-08'] },
      reminders: [7, 3, 1, 0],
      overdue: [1],
      escalateAfter: 0,
      start: '2017',
    };
    const plan = planSchedule({ ...base, config: planConfig([cycle]), agency: '省水利厅' });
    expect(rows(of(plan.reminders, '省水利厅', '2024', 'after-national-day'))).toEqual([
      '2024-09-30 before 1',
      '2024-10-08 due 0',
      '2024-10-09 overdue -1',
    ]);
  });

  it('stops reminders after a submission and marks the occurrence submitted', () => {
    const plan = planSchedule({
      ...base,
      now: '2024-12-25T12:00:00+08:00',
      records: records({
        submissions: [
          {
            cycle: 'half-yearly',
            period: '2024H2',
            agency: '省发展改革委',
            at: '2024-12-24T08:30:00+08:00',
            by: 'coordinator',
            recordedAt: '2024-12-24T08:31:00+08:00',
          },
        ],
      }),
    });
    expect(rows(of(plan.reminders, '省发展改革委', '2024H2'))).toEqual([
      '2024-11-29 before 30',
      '2024-12-17 before 14',
    ]);
    const occ = plan.occurrences.find((o) => o.key === 'half-yearly/2024H2/省发展改革委')!;
    expect(occ.state).toBe('submitted');
    expect(occ.closedAt).toBe('2024-12-24T08:30:00+08:00');
    // Others still get all ten.
    expect(of(plan.reminders, '省水利厅', '2024H2')).toHaveLength(10);
  });

  it('an excusal stops reminders the same way', () => {
    const plan = planSchedule({
      ...base,
      records: records({
        excusals: [
          {
            cycle: 'half-yearly',
            period: '2024H2',
            agency: '省水利厅',
            at: '2024-12-30T09:00:00+08:00',
            by: 'coordinator',
            recordedAt: '2024-12-30T10:00:00+08:00',
          },
        ],
      }),
    });
    expect(rows(of(plan.reminders, '省水利厅', '2024H2'))).toEqual([
      '2024-11-29 before 30',
      '2024-12-17 before 14',
      '2024-12-24 before 7',
      '2024-12-27 before 3',
    ]);
    expect(plan.occurrences.find((o) => o.key === 'half-yearly/2024H2/省水利厅')!.state).toBe('excused');
  });

  it('an extension moves the due date and every reminder', () => {
    const plan = planSchedule({
      ...base,
      now: '2025-01-03T09:00:00+08:00',
      records: records({
        extensions: [
          {
            cycle: 'half-yearly',
            period: '2024H2',
            agency: '省水利厅',
            to: '2025-01-15',
            by: 'coordinator',
            recordedAt: '2024-12-20T10:00:00+08:00',
          },
        ],
      }),
    });
    const rs = of(plan.reminders, '省水利厅', '2024H2');
    expect(rows(rs)).toEqual([
      '2024-12-16 before 30',
      '2024-12-31 before 14', // 01-01 holiday moved back
      '2025-01-08 before 7',
      '2025-01-10 before 3', // Sunday 01-12 moved back
      '2025-01-14 before 1',
      '2025-01-15 due 0',
      '2025-01-16 overdue -1',
      '2025-01-20 overdue -3',
      '2025-01-22 overdue -5',
      '2025-01-22 escalation -5',
    ]);
    expect(rs.every((r) => r.due === '2025-01-15')).toBe(true);
    const occ = plan.occurrences.find((o) => o.key === 'half-yearly/2024H2/省水利厅')!;
    expect([occ.due, occ.originalDue, occ.state]).toEqual(['2025-01-15', '2024-12-31', 'open']);
    expect(plan.occurrences.find((o) => o.key === 'half-yearly/2024H2/省发展改革委')!.state).toBe('overdue');
  });

  it('plans 2027 Monday-Friday, provisional, until config adds 2027 holidays; then it moves', () => {
    const input: PlanInput = { ...base, from: '2027-01-01', to: '2027-06-30', agency: '省水利厅' };
    const before = planSchedule(input);
    expect(before.provisionalYears).toEqual([2027]);
    const rs = of(before.reminders, '省水利厅', '2027H1');
    expect(rows(rs).slice(0, 6)).toEqual([
      '2027-05-31 before 30',
      '2027-06-16 before 14',
      '2027-06-23 before 7',
      '2027-06-25 before 3', // Sunday 06-27 -> Friday
      '2027-06-29 before 1',
      '2027-06-30 due 0',
    ]);
    expect(rs.every((r) => r.provisional)).toBe(true);
    expect(before.occurrences[0].provisional).toBe(true);

    // Hypothetical 2027 data (as an admin would add it once published): 06-14..16 off, Saturday 06-26 worked.
    const after = planSchedule({
      ...input,
      calendar: createCalendar([
        { year: 2027, holidays: ['2027-06-14', '2027-06-15', '2027-06-16'], workdays: ['2027-06-26'] },
      ]),
    });
    const moved = of(after.reminders, '省水利厅', '2027H1');
    expect(rows(moved).slice(0, 6)).toEqual([
      '2027-05-31 before 30',
      '2027-06-11 before 14',
      '2027-06-23 before 7',
      '2027-06-26 before 3',
      '2027-06-29 before 1',
      '2027-06-30 due 0',
    ]);
    expect(moved.every((r) => !r.provisional)).toBe(true);
    expect(after.provisionalYears).toEqual([]);
  });

  it('marks provisional only the dates whose own year has no data: 2026H2’s 2027 reminders, not its 2026-12-31 deadline (issue 9 item 5)', () => {
    const plan = planSchedule({ ...base, from: '2026-12-31', to: '2026-12-31', agency: '省水利厅' });
    expect(plan.reminders.map((r) => `${r.date} ${r.kind} ${r.offset} ${r.provisional}`)).toEqual([
      '2026-12-01 before 30 false',
      '2026-12-17 before 14 false',
      '2026-12-24 before 7 false',
      '2026-12-28 before 3 false', // Monday; 2026-12-28 is 3 days before
      '2026-12-30 before 1 false',
      '2026-12-31 due 0 false',
      '2027-01-04 overdue -1 true', // 2027 has no data: Monday-Friday, New Year's Day (fixed by law) off
      '2027-01-06 overdue -3 true',
      '2027-01-08 overdue -5 true',
      '2027-01-08 escalation -5 true',
    ]);
    expect(plan.reminders.every((r) => r.dueProvisional === false)).toBe(true);
    expect(plan.occurrences[0].provisional).toBe(false);
    expect(plan.provisionalYears).toEqual([2027]);
  });

  it('lists a cycle with no due date as unscheduled and plans nothing for it', () => {
    const progress: CycleConfig = {
      ...halfYearly,
      id: 'progress-report',
      due: null,
      agencies: { leadsOf: ['G4'] },
      submitTo: '省政府',
    };
    const plan = planSchedule({ ...base, config: planConfig([halfYearly, progress]) });
    expect(plan.unscheduled.map((c) => c.id)).toEqual(['progress-report']);
    expect(plan.occurrences.some((o) => o.cycle === 'progress-report')).toBe(false);
  });

  it('selects the leads of listed tasks, never groups', () => {
    const leads: CycleConfig = { ...halfYearly, id: 'leads', agencies: { leadsOf: ['22', 'G4'] } };
    const plan = planSchedule({ ...base, config: planConfig([leads]), from: '2024-12-01', to: '2024-12-31' });
    expect(plan.occurrences.map((o) => o.agency)).toEqual(['省环境保护厅', '省发展改革委']);
  });

  it('labels quarterly and monthly periods', () => {
    const q: CycleConfig = {
      ...halfYearly,
      id: 'q',
      due: { every: 'quarter', day: 'last' },
      start: '2026Q3',
      agencies: { names: ['省水利厅'] },
    };
    const m: CycleConfig = {
      ...halfYearly,
      id: 'm',
      due: { every: 'month', day: 10 },
      start: '2026-07',
      end: '2026-08',
      agencies: { names: ['省水利厅'] },
    };
    const plan = planSchedule({ ...base, config: planConfig([q, m]), from: '2026-01-01', to: '2026-12-31' });
    expect(plan.occurrences.map((o) => `${o.cycle} ${o.period} ${o.due}`)).toEqual([
      'm 2026-07 2026-07-10',
      'm 2026-08 2026-08-10',
      'q 2026Q3 2026-09-30',
      'q 2026Q4 2026-12-31',
    ]);
  });

  it('asks for target progress yearly up to the deadline year; an outcome ends it', () => {
    const plan = planSchedule({
      ...base,
      config: planConfig([]),
      from: '2017-01-01',
      to: '2030-12-31',
      now: '2021-03-01T09:00:00+08:00',
    });
    const t1 = plan.occurrences.filter((o) => o.cycle === 'target:T1');
    expect(t1.map((o) => `${o.period} ${o.due} ${o.agency} ${o.state}`)).toEqual(
      ['2017', '2018', '2019', '2020'].flatMap((y) => [
        `${y} ${y}-12-31 省环境保护厅 overdue`,
        `${y} ${y}-12-31 省水利厅 overdue`,
      ]),
    );
    // T2 has no responsible agency: nobody to ask.
    expect(plan.occurrences.some((o) => o.cycle === 'target:T2')).toBe(false);
    const closed = planSchedule({
      ...base,
      config: planConfig([]),
      from: '2020-01-01',
      to: '2020-12-31',
      records: records({
        targetOutcomes: [
          { target: 'T1', outcome: 'achieved', by: 'coordinator', recordedAt: '2020-12-01T10:00:00+08:00' },
        ],
      }),
    });
    expect(closed.occurrences.map((o) => o.state)).toEqual(['excused', 'excused']);
    expect(rows(of(closed.reminders, '省水利厅', '2020', 'target:T1'))).toEqual(['2020-12-01 before 30']);
  });

  it('does not depend on the host time zone', () => {
    const run = (tz: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', 'test/helpers/printPlan.ts'], {
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
        }),
      ) as { tz: string; hostOffsetMinutes: number; plan: ReturnType<typeof planSchedule> };
    const la = run('America/Los_Angeles');
    const sh = run('Asia/Shanghai');
    expect(la.hostOffsetMinutes).toBe(480); // the child really ran at UTC-8
    expect(sh.hostOffsetMinutes).toBe(-480);
    expect(la.plan).toEqual(sh.plan);
    expect(la.plan).toEqual(JSON.parse(JSON.stringify(planSchedule({ ...base, now: '2024-12-31T20:00:00-08:00' }))));
    const r = la.plan.reminders.find((x) => x.key === 'half-yearly/2024H2/省发展改革委/before/30')!;
    expect([r.date, r.at]).toEqual(['2024-11-29', '2024-11-29T09:00:00.000+08:00']);
    // now = 2024-12-31 20:00 in Los Angeles is 2025-01-01 in Shanghai: 2024H2 is overdue.
    expect(la.plan.occurrences.find((o) => o.key === 'half-yearly/2024H2/省发展改革委')!.state).toBe('overdue');
  });
});
