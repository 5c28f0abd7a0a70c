import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/catalog/index.ts';
import { loadDirectory, readYamlFile, validatePprd } from '../src/config/index.ts';
import type { CycleConfig } from '../src/config/types.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';

/**
 * Issue 14 item 3 on the 2024 National Day week: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12
 * make-up working days (State Council notice for 2024). A yearly report stated due Thursday 2024-10-03.
 */
const nationalDay = (dueOnDayOff: CycleConfig['dueOnDayOff'], extra: Partial<CycleConfig> = {}): CycleConfig => ({
  ...halfYearly,
  id: 'national-day',
  due: { dates: ['10-03'] },
  start: '2024',
  reminders: [7, 1, 0],
  reminderWorkingDays: [3],
  ...(dueOnDayOff ? { dueOnDayOff } : {}),
  ...extra,
});
const plan = (c: CycleConfig) =>
  planSchedule({
    catalog: smallCatalog,
    config: planConfig([c]),
    calendar: createCalendar(),
    now: '2024-09-01T09:00:00+08:00',
    from: '2024-01-01',
    to: '2024-12-31',
    agency: '省交通运输厅',
  });
const rows = (c: CycleConfig) =>
  plan(c).reminders.map((r) => `${r.date} ${r.kind} ${r.key.split('/').slice(-2).join('/')}`);

describe('dueOnDayOff and reminders in working days (2024-10-03, National Day week)', () => {
  it('keep (default): due stays Thursday 10-03; the first overdue reminder is Tuesday 10-08; 3wd before is Friday 09-27', () => {
    const p = plan(nationalDay(undefined));
    expect([p.occurrences[0].due, p.occurrences[0].originalDue, p.occurrences[0].statedDue]).toEqual([
      '2024-10-03',
      '2024-10-03',
      undefined,
    ]);
    expect(rows(nationalDay(undefined))).toEqual([
      '2024-09-26 before before/7',
      '2024-09-27 before before/3wd', // 09-30, Sunday 09-29 (make-up working day), 09-27
      '2024-09-30 due due/0', // 10-03 and 10-02 (1 day before) are days off: Monday 09-30
      '2024-10-08 overdue overdue/-1',
      '2024-10-10 overdue overdue/-3',
      '2024-10-12 overdue overdue/-5', // Saturday 10-12, a make-up working day
      '2024-10-12 escalation escalation/-5',
    ]);
    expect(rows(nationalDay('keep'))).toEqual(rows(nationalDay(undefined)));
  });

  it('next-working-day: due Tuesday 10-08 with the stated 10-03 kept on the occurrence; reminders count from 10-08', () => {
    const p = plan(nationalDay('next-working-day'));
    expect(p.occurrences.map((o) => [o.due, o.originalDue, o.statedDue, o.state])).toEqual([
      ['2024-10-08', '2024-10-08', '2024-10-03', 'open'],
    ]);
    expect(rows(nationalDay('next-working-day'))).toEqual([
      '2024-09-27 before before/3wd',
      '2024-09-30 before before/1', // 7 days before is 10-01, 1 day before 10-07: both back to Monday 09-30, the nearer kept
      '2024-10-08 due due/0',
      '2024-10-09 overdue overdue/-1',
      '2024-10-11 overdue overdue/-3',
      '2024-10-14 overdue overdue/-5',
      '2024-10-14 escalation escalation/-5',
    ]);
    expect(p.reminders.find((r) => r.workingDays === 3)).toMatchObject({
      date: '2024-09-27',
      offset: 11,
      due: '2024-10-08',
    });
  });

  it('next-working-day leaves a stated date that is a working day alone (2024-06-28, a Friday)', () => {
    const p = plan(nationalDay('next-working-day', { due: { dates: ['06-28'] } }));
    expect(p.occurrences.map((o) => [o.due, o.statedDue])).toEqual([['2024-06-28', undefined]]);
  });
});

describe('config: dueOnDayOff and 3wd reminders in pprd.yaml', () => {
  const { directory } = loadDirectory('config/agencies.yaml');
  const catalog = parseDocument(readFileSync('seeds/yuefu-2017-8-pprd-implementation-opinions.txt', 'utf8'), directory);
  const yaml = (cycleLines: string[]) =>
    validatePprd(
      readYamlFile(
        'config/pprd.yaml',
        [
          'cycles:',
          '  - id: national-day',
          '    name: 国庆报送',
          '    source: 三(一)',
          '    due: [10-03]',
          '    submitTo: 省泛珠办',
          '    start: 2024',
          ...cycleLines,
        ].join('\n'),
      ),
      { catalog, directory },
    );

  it('reads reminders [7, -3wd, 1, 0] and dueOnDayOff: next-working-day', () => {
    const r = yaml(['    reminders: [7, -3wd, 1, 0]', '    dueOnDayOff: next-working-day']);
    expect(r.problems).toEqual([]);
    const c = r.value!.cycles[0];
    expect([c.reminders, c.reminderWorkingDays, c.dueOnDayOff]).toEqual([[7, 1, 0], [3], 'next-working-day']);
  });

  it('refuses 3days, 3wd listed twice and dueOnDayOff: later, naming line and field', () => {
    const r = yaml(['    reminders: [7, 3days, 3wd, -3wd]', '    dueOnDayOff: later']);
    expect(r.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '8 cycles[0].reminders[1]: a reminder in working days is written like 3wd (or -3wd): 3 working days before the due date',
      '8 cycles[0].reminders[3]: reminder -3wd is listed twice',
      '9 cycles[0].dueOnDayOff: dueOnDayOff must be keep or next-working-day',
    ]);
    const dup = yaml(['    reminders: [7, 3wd, -3wd]']);
    expect(dup.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '8 cycles[0].reminders[2]: reminder -3wd is listed twice',
    ]);
  });
});
