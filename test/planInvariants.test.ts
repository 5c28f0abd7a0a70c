import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/catalog/index.ts';
import { loadDirectory, parseConfig } from '../src/config/index.ts';
import {
  createCalendar,
  NO_RECORDS,
  planSchedule,
  type Reminder,
  type ScheduleRecords,
} from '../src/schedule/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';

const { directory } = loadDirectory('config/agencies.yaml');
const catalog = parseDocument(readFileSync('seeds/yuefu-2017-8-pprd-implementation-opinions.txt', 'utf8'), directory);
const config = parseConfig(configFrom2017(), { catalog, env: {} });

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = '2026-11-29T09:00:00+08:00';
const base = { catalog, config, now: NOW, from: '2017-01-01', to: '2030-12-31' };

describe('plan invariants, real catalog, 2017-2030', () => {
  it('plans every non-group agency of the document for every half-year 2017H1-2030H2', () => {
    const plan = planSchedule({ ...base, calendar: createCalendar(config.holidays, config.timezone) });
    const agencies = catalog.agencies.filter((a) => !a.group).map((a) => a.name);
    expect(agencies.length).toBe(63);
    const half = plan.occurrences.filter((o) => o.cycle === 'half-yearly');
    expect(half.length).toBe(63 * 28);
    expect(new Set(half.map((o) => o.period)).size).toBe(28);
    expect(plan.unscheduled.map((c) => c.id)).toEqual(['progress-report']);
    expect(plan.provisionalYears).toEqual([2027, 2028, 2029, 2030, 2031]);
    // T5 (task 7) names two agencies: yearly progress requests 2017-2020.
    expect(plan.occurrences.filter((o) => o.cycle === 'target:T5').map((o) => `${o.period} ${o.agency}`)).toEqual(
      ['2017', '2018', '2019', '2020'].flatMap((y) => [`${y} 省发展改革委`, `${y} 省交通运输厅`]),
    );
  });

  for (const seed of [1, 2, 3]) {
    it(`holds with random submissions, excusals and extensions (seed ${seed})`, () => {
      const rnd = random(seed);
      const calendar = createCalendar(
        seed === 3
          ? [{ year: 2027, holidays: ['2027-01-01', '2027-10-01', '2027-10-04'], workdays: ['2027-10-09'] }]
          : [],
        config.timezone,
      );
      const plain = planSchedule({ ...base, calendar });
      const records: ScheduleRecords = { ...NO_RECORDS, submissions: [], excusals: [], extensions: [] };
      const closed = new Map<string, number>();
      const extendedTo = new Map<string, string>();
      for (const o of plain.occurrences) {
        const r = rnd();
        const dueMs = DateTime.fromISO(`${o.due}T12:00:00`, { zone: 'Asia/Shanghai' }).toMillis();
        if (r < 0.3) {
          const at = DateTime.fromMillis(dueMs + Math.round((rnd() * 60 - 40) * 86_400_000), {
            zone: 'Asia/Shanghai',
          }).toISO()!;
          (records.submissions as unknown[]).push({
            cycle: o.cycle,
            period: o.period,
            agency: o.agency,
            at,
            by: 'test',
            recordedAt: at,
          });
          closed.set(o.key, DateTime.fromISO(at).toMillis());
        } else if (r < 0.35) {
          const at = DateTime.fromMillis(dueMs - Math.round(rnd() * 20 * 86_400_000), { zone: 'UTC' }).toISO()!;
          (records.excusals as unknown[]).push({
            cycle: o.cycle,
            period: o.period,
            agency: o.agency,
            at,
            by: 'test',
            recordedAt: at,
          });
          closed.set(o.key, DateTime.fromISO(at).toMillis());
        } else if (r < 0.4) {
          const to = DateTime.fromISO(o.due, { zone: 'UTC' })
            .plus({ days: 1 + Math.floor(rnd() * 40) })
            .toISODate()!;
          (records.extensions as unknown[]).push({
            cycle: o.cycle,
            period: o.period,
            agency: o.agency,
            to,
            by: 'test',
            recordedAt: NOW,
          });
          extendedTo.set(o.key, to);
        }
      }
      const plan = planSchedule({ ...base, calendar, records });
      expect(plan.occurrences.length).toBe(plain.occurrences.length);
      const dueOf = new Map(plan.occurrences.map((o) => [o.key, o.due]));
      const agencyDays = new Set<string>();
      const keys = new Set<string>();
      const violations: string[] = [];
      const fail = (why: string, r: Reminder) => violations.push(`${why}: ${r.key} on ${r.date}`);
      let prev = '';
      let checked = 0;
      const byOcc = new Map<string, Reminder[]>();
      for (const r of plan.reminders) {
        checked++;
        if (!calendar.isWorkingDay(r.date)) fail('not a working day', r);
        if (r.date < prev) fail('out of send order', r);
        prev = r.date;
        if (keys.has(r.key)) fail('duplicate key', r);
        keys.add(r.key);
        const due = dueOf.get(r.occurrenceKey)!;
        if (r.due !== due) fail(`due ${r.due} is not the occurrence's ${due}`, r);
        if (extendedTo.has(r.occurrenceKey) && due !== extendedTo.get(r.occurrenceKey))
          fail('extension not applied', r);
        if ((r.kind === 'before' || r.kind === 'due') && r.date > due) fail(`after due ${due}`, r);
        if ((r.kind === 'overdue' || r.kind === 'escalation') && r.date <= due) fail(`not after due ${due}`, r);
        if (r.kind !== 'escalation') {
          const day = `${r.occurrenceKey}@${r.date}`;
          if (agencyDays.has(day)) fail('second agency reminder of the occurrence that day', r);
          agencyDays.add(day);
        }
        const closedAt = closed.get(r.occurrenceKey);
        if (closedAt !== undefined && DateTime.fromISO(r.at).toMillis() >= closedAt)
          fail('after the submission or excusal', r);
        if (r.at !== `${r.date}T09:00:00.000+08:00`) fail(`send instant ${r.at}`, r);
        const list = byOcc.get(r.occurrenceKey) ?? [];
        list.push(r);
        byOcc.set(r.occurrenceKey, list);
      }
      expect(violations).toEqual([]);
      expect(checked).toBeGreaterThan(10_000);
      // Every open occurrence keeps its full plan: 6 before/due at most, 3 overdue and 1 escalation.
      const counts: string[] = [];
      for (const o of plan.occurrences) {
        const rs = byOcc.get(o.key) ?? [];
        const n = (k: Reminder['kind']) => rs.filter((r) => r.kind === k).length;
        if (n('escalation') > 1) counts.push(`${o.key}: ${n('escalation')} escalations`);
        if (!closed.has(o.key) && (n('overdue') !== 3 || n('escalation') !== 1 || n('due') !== 1))
          counts.push(`${o.key}: ${n('due')} due, ${n('overdue')} overdue, ${n('escalation')} escalation`);
        if (closed.has(o.key) && o.state !== 'submitted' && o.state !== 'excused')
          counts.push(`${o.key}: state ${o.state}`);
      }
      expect(counts).toEqual([]);
    });
  }
});
