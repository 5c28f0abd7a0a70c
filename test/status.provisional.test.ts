import { describe, expect, it } from 'vitest';
import { buildCoordinatorDigest } from '../src/digest/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { realCatalog } from './helpers/catalogFixture.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';

describe('board lines: provisional is about the due date itself', () => {
  const config = planConfig();
  const digestAt = (now: string) => {
    const plan = planSchedule({
      catalog: realCatalog(),
      config,
      calendar: createCalendar([], config.timezone),
      now,
      agency: '省水利厅',
    });
    return {
      plan,
      view: buildCoordinatorDigest({ plan, cycles: config.cycles, now, timezone: config.timezone, targets: [] }),
    };
  };

  it('a 2026-12-31 deadline is not provisional because its overdue reminders fall in 2027; a 2027 one is', () => {
    const { plan, view } = digestAt('2026-12-20T10:00:00+08:00');
    expect(plan.occurrences.find((o) => o.period === '2026H2')?.provisional).toBe(false); // its own date is in 2026; only its overdue reminders are in 2027
    expect(plan.provisionalYears).toContain(2027);
    const soon = view!.dueSoon.filter((l) => l.period === '2026H2');
    expect(soon.map((l) => [l.agency, l.due, l.provisional])).toEqual([['省水利厅', '2026-12-31', false]]);

    const later = digestAt('2027-06-20T10:00:00+08:00').view!.dueSoon.filter((l) => l.period === '2027H1');
    expect(later.map((l) => [l.agency, l.due, l.provisional])).toEqual([['省水利厅', '2027-06-30', true]]);
  });
});

describe('status and deadlines with the clock in December 2026: 2026H2 (due 2026-12-31) is not 暂定 (issue 9 item 5)', () => {
  useCliStore('pprd-provisional-');
  const pprd = (...args: string[]) => runCli(args);
  const NOW = '2026-12-20T10:00:00+08:00';

  it('status --json: the round header is not provisional; 2027 and 2028 are still listed as provisional years', async () => {
    const r = await pprd('status', '--json', '--now', NOW);
    expect(r.code).toBe(0);
    const board = JSON.parse(r.out) as {
      rounds: { period: string; due: string; provisional: boolean }[];
      provisionalYears: number[];
    };
    expect(board.rounds.map((x) => [x.period, x.due, x.provisional])).toEqual([['2026H2', '2026-12-31', false]]);
    // The plan reaches the end of next year: 2027's deadlines and 2027H2's overdue reminders in 2028.
    expect(board.provisionalYears).toEqual([2027, 2028]);
  });

  it('status text: the round header carries no 暂定', async () => {
    const r = await pprd('status', '--now', NOW);
    const header = r.out.split('\n').find((l) => l.includes('2026H2'))!;
    expect(header).toContain('2026-12-31');
    expect(header).not.toContain('暂定');
  });

  it('deadlines --json: the 2026-12-31 deadlines are not provisional, the 2027-06-30 ones are', async () => {
    const r = await pprd('deadlines', '--json', '--agency', '省水利厅', '--now', NOW);
    const d = JSON.parse(r.out) as { occurrences: { period: string; due: string; provisional: boolean }[] };
    const rows = d.occurrences
      .filter((o) => o.period === '2026H2' || o.period === '2027H1')
      .map((o) => [o.period, o.due, o.provisional]);
    expect(rows).toEqual([['2026H2', '2026-12-31', false]]);
    const later = JSON.parse(
      (await pprd('deadlines', '--json', '--agency', '省水利厅', '--now', '2027-01-05T10:00:00+08:00')).out,
    ) as typeof d;
    expect(later.occurrences.filter((o) => o.period === '2027H1').map((o) => [o.due, o.provisional])).toEqual([
      ['2027-06-30', true],
    ]);
  });
});
