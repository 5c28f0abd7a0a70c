import { describe, expect, it } from 'vitest';
import { buildCoordinatorDigest } from '../src/digest/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { realCatalog } from './helpers/catalogFixture.ts';

describe('board lines: provisional is about the due date itself', () => {
  const config = planConfig();
  const digestAt = (now: string) => {
    const plan = planSchedule({ catalog: realCatalog(), config, calendar: createCalendar([], config.timezone), now, agency: '省水利厅' });
    return { plan, view: buildCoordinatorDigest({ plan, cycles: config.cycles, now, timezone: config.timezone, targets: [] }) };
  };

  it('a 2026-12-31 deadline is not provisional because its overdue reminders fall in 2027; a 2027 one is', () => {
    const { plan, view } = digestAt('2026-12-20T10:00:00+08:00');
    expect(plan.occurrences.find((o) => o.period === '2026H2')?.provisional).toBe(true); // some of its dates (2027) are
    expect(plan.provisionalYears).toContain(2027);
    const soon = view!.dueSoon.filter((l) => l.period === '2026H2');
    expect(soon.map((l) => [l.agency, l.due, l.provisional])).toEqual([['省水利厅', '2026-12-31', false]]);

    const later = digestAt('2027-06-20T10:00:00+08:00').view!.dueSoon.filter((l) => l.period === '2027H1');
    expect(later.map((l) => [l.agency, l.due, l.provisional])).toEqual([['省水利厅', '2027-06-30', true]]);
  });
});
