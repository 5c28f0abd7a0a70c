import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, previewReminders } from '../src/schedule/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const t = tempDir('pprd-cli-schedule-');
const env = {
  PPRD_DB: join(t.dir, 'pprd.sqlite'),
  PPRD_CONFIG: configFrom2017(),
  TZ: 'America/Los_Angeles',
  PPRD_NOW: '',
};
/** `pprd ARGS` in this process (runCli), with the suite's environment and `extra` over it. */
const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });

beforeAll(async () => {
  const imp = await cli(['import']);
  expect(imp.code).toBe(0);
});
afterAll(() => t.cleanup());

describe('pprd preview / submit / deadlines / config check (in process through runCli, host TZ America/Los_Angeles)', () => {
  it('preview --json prints the issue-3 shape, in date order', async () => {
    const r = await cli([
      'preview',
      '--from',
      '2024-11-25',
      '--to',
      '2025-01-10',
      '--agency',
      '交通运输厅',
      '--cycle',
      'half-yearly',
      '--json',
      '--now',
      '2024-11-25T09:00:00+08:00',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    const row = (date: string, kind: string, offset: number) => ({
      date,
      time: '09:00',
      agency: '省交通运输厅',
      cycle: 'half-yearly',
      period: '2024H2',
      due: '2024-12-31',
      kind,
      offset,
      provisional: false,
    });
    expect(rows).toEqual([
      row('2024-11-29', 'before', 30),
      row('2024-12-17', 'before', 14),
      row('2024-12-24', 'before', 7),
      row('2024-12-27', 'before', 3),
      row('2024-12-30', 'before', 1),
      row('2024-12-31', 'due', 0),
      row('2025-01-02', 'overdue', -1),
      row('2025-01-06', 'overdue', -3),
      row('2025-01-08', 'overdue', -5),
      row('2025-01-08', 'escalation', -5),
    ]);
  });

  it('submit stops the reminders after it', async () => {
    const sub = await cli([
      'submit',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--at',
      '2024-12-20T10:00:00+08:00',
      '--by',
      '王五',
    ]);
    expect(sub.out).toBe(
      'recorded: half-yearly 2024H2 submitted at 2024-12-20T10:00:00.000+08:00 by 王五 — 1 new (省水利厅)\n',
    );
    expect(sub.code).toBe(0);
    const preview = async () =>
      JSON.parse(
        (await cli(['preview', '--from', '2024-11-01', '--to', '2025-01-31', '--agency', '省水利厅', '--json'])).out,
      ) as { date: string }[];
    expect((await preview()).map((x) => x.date)).toEqual(['2024-11-29', '2024-12-17']);
  });

  it('refuses bad input with exit 2 and the fix', async () => {
    const bad = await cli(['submit', '--agency', '省水利厅', '--cycle', 'half-yearly', '--period', '2024Q3']);
    expect([bad.code, bad.err]).toEqual([
      2,
      'pprd: period "2024Q3" is not a period of half-yearly — fix: write it like 2024H2\n',
    ]);
  });

  it('deadlines --json lists overdue rounds and the next one', async () => {
    const r = await cli(['deadlines', '--agency', '省水利厅', '--json', '--now', '2018-01-03T09:00:00+08:00']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.today).toBe('2018-01-03');
    expect(
      out.occurrences.map(
        (o: { period: string; state: string; daysLeft: number }) => `${o.period} ${o.state} ${o.daysLeft}`,
      ),
    ).toEqual(['2017H1 overdue -187', '2017H2 overdue -3', '2018H1 open 178']);
    expect(out.unscheduled).toEqual([{ cycle: 'progress-report', name: '定期向省政府报告进展情况', source: '三(四)' }]);
  });

  it('config check prints every problem, one line each, and exits 2; other commands refuse to run', async () => {
    const cfg = join(t.dir, 'config');
    cpSync(configFrom2017(), cfg, { recursive: true });
    writeFileSync(
      join(cfg, 'pprd.yaml'),
      [
        'cycles:',
        '  - id: half-yearly',
        '    name: x',
        '    source: 三(一)',
        '    due: [06-30, 02-30]',
        '    submitTo: 省泛珠办',
        '    reminders: [30, -1]',
        '    agencies: {leadsOf: [G7]}',
        '    start: 2017H1',
        '',
      ].join('\n'),
    );
    const r = await cli(['config', 'check'], { PPRD_CONFIG: cfg });
    expect(r.code).toBe(2);
    expect(r.out.split('\n')).toEqual([
      `${cfg}/pprd.yaml:5:18 cycles[0].due[1]: invalid date "02-30": February has 29 days at most — fix: write due as a list of MM-DD dates in order (e.g. [06-30, 12-31]), {every: month|quarter, day: N|last}, or null`,
      `${cfg}/pprd.yaml:7:21 cycles[0].reminders[1]: reminder must be 0 or more (a negative offset is not allowed) — fix: list whole days before the due date, 0 or more, e.g. [30, 14, 7, 3, 1, 0] (a cycle may also list working days as 3wd)`,
      '',
    ]);
    expect(r.err).toBe(`pprd: 2 problems in ${cfg}/\n`);
    const p = await cli(['preview', '--from', '2024-11-01', '--to', '2024-11-30'], { PPRD_CONFIG: cfg });
    expect(p.code).toBe(2);
    expect(p.err).toContain(`${cfg}/pprd.yaml:5:18 cycles[0].due[1]: invalid date "02-30"`);
  });

  it('config check passes on the shipped config', async () => {
    const r = await cli(['config', 'check'], { PPRD_CONFIG: 'config' });
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'config/pprd.yaml, config/agencies.yaml, config/contacts.yaml: OK — 2 cycles (no schedule set: progress-report)',
    );
    expect(r.out).toContain('checked against 粤府〔2017〕8号');
  });
});

describe('previewReminders (in process)', () => {
  const input = {
    catalog: smallCatalog,
    config: planConfig(),
    calendar: createCalendar(),
    now: '2024-11-01T09:00:00+08:00',
  };
  it('includes overdue reminders of earlier rounds and before-reminders moved back from later due dates', async () => {
    const late = previewReminders({ ...input, from: '2025-01-08', to: '2025-01-08' });
    expect(late.rows.map((r) => `${r.date} ${r.kind} ${r.offset} ${r.period} ${r.agency}`)).toEqual([
      ...['省发展改革委', '省交通运输厅', '省环境保护厅', '省水利厅'].map((a) => `2025-01-08 overdue -5 2024H2 ${a}`),
      ...['省发展改革委', '省交通运输厅', '省环境保护厅', '省水利厅'].map(
        (a) => `2025-01-08 escalation -5 2024H2 ${a}`,
      ),
    ]);
    const early = previewReminders({ ...input, from: '2024-11-29', to: '2024-11-29', agency: '省水利厅' });
    expect(early.rows).toEqual([
      {
        date: '2024-11-29',
        time: '09:00',
        agency: '省水利厅',
        cycle: 'half-yearly',
        period: '2024H2',
        due: '2024-12-31',
        kind: 'before',
        offset: 30,
        provisional: false,
      },
    ]);
    expect(early.provisionalYears).toEqual([]);
  });
});
