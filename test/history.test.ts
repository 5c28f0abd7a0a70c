import { describe, expect, it } from 'vitest';
import { renderStatusBlocks, renderStatusText, type StatusView } from '../src/digest/index.ts';
import { createCalendar, NO_RECORDS, planSchedule, type ScheduleRecords } from '../src/schedule/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';

const pprd = (...args: string[]) => runCli(args);
const NOW = '2026-12-01T10:00:00+08:00';

interface StatusJson extends StatusView {
  targets: unknown[];
}
const statusJson = async (...extra: string[]) => {
  const r = await pprd('status', '--now', NOW, '--json', ...extra);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as StatusJson;
};

describe('a first deployment in 2026H2 with the shipped config (start: 2026H2, targets.start: 2026)', () => {
  useCliStore('pprd-first-deployment-', { PPRD_CONFIG: 'config' });

  it('status on 2026-12-01 shows the 2026H2 round of 57 agencies (63 bodies of 2017, merged by the 2018 reform) and no overdue round of 2017H1-2026H1', async () => {
    const v = await statusJson();
    expect(v.overdue).toEqual([]);
    expect(
      v.rounds.map(
        (r) =>
          `${r.cycle} ${r.period} ${r.due} ${r.submitted}/${r.total} missing ${r.missing.length} overdue ${r.overdue.length}`,
      ),
    ).toEqual(['half-yearly 2026H2 2026-12-31 0/57 missing 57 overdue 0']);
    expect(v.beforeDeployment).toBeUndefined();
  });

  it('deadlines on 2026-12-01 list 57 open, none overdue', async () => {
    const r = await pprd('deadlines', '--now', NOW);
    expect(r.code).toBe(0);
    expect(r.out).toContain('\n截至 2026-12-01：待报送 57 项（已逾期 0 项）\n');
  });

  it('history --until 2026H1 records nothing and says so (every cycle starts later); --undo then finds nothing, twice', async () => {
    const why =
      "half-yearly starts at 2026H2, target:T5 starts at 2026; rounds before a cycle's start are not tracked, so they need no record";
    expect(await pprd('history', '--until', '2026H1', '--now', NOW)).toEqual({
      code: 2,
      out: '',
      err: `pprd: nothing recorded: no tracked round is due on or before 2026-06-30 (2026H1) — ${why}\n`,
    });
    // The year form is read under --cycle too (README: a year covers the rounds due that year).
    expect(await pprd('history', '--until', '2025', '--cycle', 'half-yearly', '--now', NOW)).toEqual({
      code: 2,
      out: '',
      err: "pprd: nothing recorded: no tracked round is due on or before 2025-12-31 (2025) — half-yearly starts at 2026H2; rounds before a cycle's start are not tracked, so they need no record\n",
    });
    for (let i = 0; i < 2; i++)
      expect(await pprd('history', '--until', '2026H1', '--undo', '--now', NOW)).toEqual({
        code: 2,
        out: '',
        err: 'pprd: no rounds recorded as before deployment for half-yearly, target:T5 — nothing undone\n',
      });
    expect((await statusJson()).rounds.map((r) => `${r.cycle} ${r.period} ${r.total}`)).toEqual([
      'half-yearly 2026H2 57',
    ]);
  });
});

describe('pprd history --until PERIOD with every round tracked from 2017H1', () => {
  useCliStore('pprd-history-');

  it('before it: 1,205 overdue reports on 2026-12-01 (19 half-yearly rounds of 63 agencies, T5 2017-2020 of 2 agencies)', async () => {
    expect((await statusJson()).overdue).toHaveLength(19 * 63 + 4 * 2);
  });

  it('refuses a round not yet past and a label of no cycle, recording nothing (exit 2)', async () => {
    expect(await pprd('history', '--until', '2026H2', '--now', NOW)).toEqual({
      code: 2,
      out: '',
      err: 'pprd: --until 2026H2 is due 2026-12-31, not before today 2026-12-01: only past rounds can be before deployment — fix: name the last round due before today\n',
    });
    expect(await pprd('history', '--until', '2026Q1', '--now', NOW)).toEqual({
      code: 2,
      out: '',
      err: 'pprd: --until "2026Q1" is not a period of any scheduled cycle — fix: write it like 2024H2\n',
    });
    expect((await statusJson()).overdue).toHaveLength(1205);
  });

  it('records 2017H1-2026H1 in one command: no overdue left, a submitted round stays submitted', async () => {
    expect(
      (
        await pprd(
          'submit',
          '--agency',
          '省交通运输厅',
          '--cycle',
          'half-yearly',
          '--period',
          '2020H2',
          '--at',
          '2021-01-05T10:00',
          '--now',
          '2021-01-05T10:00',
        )
      ).code,
    ).toBe(0);
    const r = await pprd('history', '--until', '2026H1', '--by', '省泛珠办', '--now', NOW);
    expect(r).toEqual({
      code: 0,
      out:
        'recorded: rounds due on or before 2026-06-30 (2026H1) are before deployment (by 省泛珠办)\n' +
        '  half-yearly 2017H1–2026H1: 19 rounds, 1196 reports not tracked\n' +
        '  target:T5 2017–2020: 4 rounds, 8 reports not tracked\n' +
        '  1 already submitted or excused: kept as recorded\n',
      err: '',
    });
    const v = await statusJson();
    expect(v.overdue).toEqual([]);
    expect(v.beforeDeployment).toEqual([
      {
        cycle: 'half-yearly',
        cycleName: '泛珠合作事项半年报送',
        first: '2017H1',
        last: '2026H1',
        rounds: 19,
        occurrences: 1196,
      },
      {
        cycle: 'target:T5',
        cycleName: '2020年目标（T5）进展报告',
        first: '2017',
        last: '2020',
        rounds: 4,
        occurrences: 8,
      },
    ]);
    const round = (await statusJson('--period', '2020H2')).rounds[0];
    expect([round.submitted, round.total, round.missing.length, round.overdue.length, round.beforeDeployment]).toEqual([
      1, 63, 0, 0, 62,
    ]);
  });

  it('shows them as before deployment in status text, deadlines and Slack', async () => {
    const text = (await pprd('status', '--now', NOW)).out;
    expect(text).toContain(
      '部署前的轮次\n  泛珠合作事项半年报送 2017H1–2026H1：19 轮为部署前（1196 项不跟踪、不计逾期）\n  2020年目标（T5）进展报告 2017–2020：4 轮为部署前（8 项不跟踪、不计逾期）\n',
    );
    const d = await pprd('deadlines', '--now', NOW, '--lang', 'en');
    expect(d.out).toContain('\n63 open (0 overdue) as of 2026-12-01\n');
    expect(d.out).toContain(
      '\nhalf-yearly: 泛珠合作事项半年报送 2017H1–2026H1: 19 rounds before deployment (1196 reports not tracked, not overdue)\n',
    );
    const v = await statusJson();
    const slack = JSON.stringify(renderStatusBlocks(v, 'en'));
    expect(slack).toContain(
      '泛珠合作事项半年报送 2017H1–2026H1: 19 rounds before deployment (1196 reports not tracked, not overdue)',
    );
    expect(renderStatusText(v, 'en')).toContain(
      'Before deployment\n  泛珠合作事项半年报送 2017H1–2026H1: 19 rounds before deployment',
    );
  });

  it('--undo makes them overdue again', async () => {
    expect(await pprd('history', '--until', '2026H1', '--undo', '--now', NOW)).toEqual({
      code: 0,
      out: 'undone: rounds before deployment of half-yearly, target:T5 (they are tracked again)\n',
      err: '',
    });
    expect((await statusJson()).overdue).toHaveLength(1204);
  });

  it('--json prints the record as data (issue 15), the same figures as the text', async () => {
    const r = await pprd('history', '--until', '2026H1', '--by', '省泛珠办', '--now', NOW, '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toEqual({
      undone: false,
      until: '2026H1',
      through: '2026-06-30',
      cycles: [
        { cycle: 'half-yearly', first: '2017H1', last: '2026H1', rounds: 19, occurrences: 1196 },
        { cycle: 'target:T5', first: '2017', last: '2020', rounds: 4, occurrences: 8 },
      ],
      untouched: [],
      notStarted: [],
      kept: 1,
      by: '省泛珠办',
      recordedAt: '2026-12-01T10:00:00.000+08:00',
    });
    const undo = JSON.parse((await pprd('history', '--until', '2026H1', '--undo', '--now', NOW, '--json')).out);
    expect(undo).toEqual({
      undone: true,
      cycles: ['half-yearly', 'target:T5'],
      trackedAgain: ['half-yearly', 'target:T5'],
      by: expect.any(String),
      recordedAt: '2026-12-01T10:00:00.000+08:00',
    });
  });
});

describe('pprd history --until YEAR --cycle C: a year covers the rounds due in it', () => {
  useCliStore('pprd-history-year-');

  it('--until 2025 --cycle half-yearly records 2017H1-2025H2 of half-yearly only', async () => {
    const r = await pprd('history', '--until', '2025', '--cycle', 'half-yearly', '--by', '省泛珠办', '--now', NOW);
    expect(r).toEqual({
      code: 0,
      out:
        'recorded: rounds due on or before 2025-12-31 (2025) are before deployment (by 省泛珠办)\n' +
        '  half-yearly 2017H1–2025H2: 18 rounds, 1134 reports not tracked\n',
      err: '',
    });
  });
});

describe('planSchedule: a round before deployment', () => {
  const records: ScheduleRecords = {
    ...NO_RECORDS,
    beforeDeployment: [
      {
        cycle: 'half-yearly',
        until: '2024H1',
        through: '2024-06-30',
        by: 'cli',
        recordedAt: '2024-07-01T08:00:00+08:00',
      },
    ],
  };
  const plan = planSchedule({
    catalog: smallCatalog,
    config: planConfig(),
    calendar: createCalendar(),
    records,
    now: '2024-07-01T10:00:00+08:00',
    from: '2024-01-01',
    to: '2024-12-31',
  });

  it('is neither overdue nor open and gets no reminder (its overdue reminders of 2024-07-01..05 are gone); 2024H2 is planned as before', () => {
    const h1 = plan.occurrences.filter((o) => o.cycle === 'half-yearly' && o.period === '2024H1');
    expect(h1.length).toBeGreaterThan(0);
    expect(new Set(h1.map((o) => o.state))).toEqual(new Set(['before-deployment']));
    expect(plan.reminders.filter((r) => r.cycle === 'half-yearly' && r.period === '2024H1')).toEqual([]);
    const h2 = plan.occurrences.filter((o) => o.cycle === 'half-yearly' && o.period === '2024H2');
    expect(new Set(h2.map((o) => o.state))).toEqual(new Set(['open']));
    expect(plan.reminders.filter((r) => r.cycle === 'half-yearly' && r.period === '2024H2').length).toBe(
      h2.length * 10,
    );
  });
});
