import { describe, expect, it } from 'vitest';
import { agencyDuties } from '../src/catalog/index.ts';
import { createSlackServices } from '../src/channels/slack/index.ts';
import {
  agencyTasks,
  buildAgencyDigest,
  buildStatus,
  cycleDisplayName,
  dueLines,
  targetReportName,
} from '../src/digest/index.ts';
import {
  createCalendar,
  isTargetCycle,
  planSchedule,
  previewReminders,
  targetCycleId,
  targetIdOf,
} from '../src/schedule/index.ts';
import { halfYearly } from './fixtures/planConfig.ts';
import { slackTestConfig, slackWorld } from './helpers/slackWorld.ts';

/** 2021-01-08 10:00 in Shanghai: 2020H2 and T5's 2020 progress report (due 2020-12-31) are overdue. */
const NOW = '2021-01-08T10:00:00+08:00';

describe('one facts layer: Slack, pprd status and the agency digest read the same lines (issue 10)', () => {
  // Tracked from 2020H2 (targets from 2020), so that only the last round is overdue.
  const base = slackTestConfig();
  const config = { ...base, cycles: [{ ...halfYearly, start: '2020H2' }], targets: { ...base.targets, start: 2020 } };
  const { deps, catalog } = slackWorld(NOW);
  const services = createSlackServices({ ...deps, config: () => config });
  const calendar = createCalendar([], config.timezone);
  const plan = planSchedule({ catalog, config, calendar, now: NOW });
  const statusInput = { plan, cycles: config.cycles, now: NOW, timezone: config.timezone };

  it("/pprd overdue is the status board's overdue list: same lines, the target report named once (not raw target:T5)", async () => {
    const slack = await services.overdue('all');
    const board = buildStatus(statusInput).overdue;
    expect(slack).toEqual(board);
    // 63 agencies overdue for 2020H2 (due 2020-12-31, Thursday) and the two agencies responsible for T5.
    expect(slack).toHaveLength(65);
    const t5 = slack.filter((l) => l.cycle === 'target:T5');
    expect(t5.map((l) => [l.agency, l.cycleName, l.period, l.due, l.daysLeft])).toEqual([
      ['省发展改革委', '2020年目标（T5）进展报告', '2020', '2020-12-31', -8],
      ['省交通运输厅', '2020年目标（T5）进展报告', '2020', '2020-12-31', -8],
    ]);
    // escalated 5 working days after 12-31 (01-01 is a holiday): 2021-01-08 09:00, passed at 10:00.
    expect(t5.every((l) => l.escalated === true)).toBe(true);
  });

  it("/pprd agency lists the agency digest's open deadlines: every overdue one and the next of each cycle", async () => {
    const answer = await services.agency('省交通运输厅');
    if (!answer.found) throw new Error('省交通运输厅 not found');
    const digest = buildAgencyDigest({ ...statusInput, agency: '省交通运输厅' });
    expect(answer.view.open).toEqual(digest?.open);
    expect(answer.view.open.map((l) => `${l.cycle} ${l.period} ${l.state}`)).toEqual([
      'half-yearly 2020H2 overdue',
      'target:T5 2020 overdue',
      'half-yearly 2021H1 open',
    ]);
  });

  it("/pprd due keeps the window and order of the coordinators' digest", async () => {
    const lines = await services.due('all', 180);
    expect(lines).toHaveLength(63);
    expect(new Set(lines.map((l) => `${l.period} ${l.due} ${l.daysLeft}`))).toEqual(new Set(['2021H1 2021-06-30 173']));
    expect(lines.slice(0, 3).map((l) => l.agency)).toEqual([...lines.map((l) => l.agency)].sort().slice(0, 3));
  });
});

describe('one role rule: a task counts once per agency, lead if any paragraph names it 牵头 (issue 10)', () => {
  const { catalog, services } = slackWorld(NOW);

  it('the six pairs that are both lead and support in 粤府〔2017〕8号 are led tasks, with the supporting paragraphs', () => {
    const both: string[] = [];
    for (const a of catalog.agencies) {
      const d = agencyDuties(catalog, a.name)!;
      const led = new Set(d.led.map((r) => r.task.id));
      expect(d.supported.filter((r) => led.has(r.task.id))).toEqual([]);
      for (const r of d.led)
        if (r.alsoSupports)
          both.push(`${r.task.id} ${a.name} lead ¶${r.paragraphs.join(',')} support ¶${r.alsoSupports.join(',')}`);
    }
    // by agency in catalog order; paragraphs 1-based (checked against the seeds/ file)
    expect(both).toEqual([
      '3 省发展改革委 lead ¶2 support ¶1',
      '7 省发展改革委 lead ¶1,2 support ¶3,4,5',
      '27 省商务厅 lead ¶1 support ¶2,3,4',
      '7 省交通运输厅 lead ¶1,2,3 support ¶4',
      '4 省工商局 lead ¶3 support ¶1,2,4',
      '27 省旅游局 lead ¶5 support ¶4',
    ]);
  });

  it("pprd agency, /pprd agency and the reminders' task list agree for 省发展改革委", async () => {
    const d = agencyDuties(catalog, '省发展改革委')!;
    const answer = await services.agency('省发展改革委');
    if (!answer.found) throw new Error('省发展改革委 not found');
    expect(answer.view.led.map((t) => t.id)).toEqual(d.led.map((r) => r.task.id));
    expect(answer.view.supported.map((t) => t.id)).toEqual(d.supported.map((r) => r.task.id));
    const tasks = agencyTasks(catalog, '省发展改革委');
    expect(tasks.filter((t) => t.role === 'lead').map((t) => t.id)).toEqual(d.led.map((r) => r.task.id));
    expect(tasks.filter((t) => t.role === 'support').map((t) => t.id)).toEqual(d.supported.map((r) => r.task.id));
    expect([d.led.length, d.supported.length]).toEqual([13, 17]);
    expect(d.supported.map((r) => r.task.id)).not.toContain('7');
  });
});

describe('one cycle-id module (issue 10)', () => {
  it('reads and writes target:T5, and the report has one name', () => {
    expect(targetCycleId('T5')).toBe('target:T5');
    expect(targetIdOf('target:T5')).toBe('T5');
    expect(targetIdOf('half-yearly')).toBeNull();
    expect(isTargetCycle('target:T5')).toBe(true);
    expect(isTargetCycle('targets')).toBe(false);
    expect(cycleDisplayName('target:T5', new Map())).toBe(targetReportName('T5', 'zh-CN'));
    expect(cycleDisplayName('target:T5', new Map())).toBe('2020年目标（T5）进展报告');
    expect(cycleDisplayName('target:T5', new Map(), 'en')).toBe('progress report on 2020 target T5');
  });
});

describe('previewReminders is planning in the core (src/schedule), not in the CLI', () => {
  it('lists the reminders sent on 2020-12-31 for 省交通运输厅', () => {
    const { catalog } = slackWorld(NOW);
    const config = slackTestConfig();
    const { rows } = previewReminders({
      catalog,
      config,
      calendar: createCalendar([], config.timezone),
      now: NOW,
      from: '2020-12-31',
      to: '2020-12-31',
      agency: '省交通运输厅',
    });
    expect(rows.map((r) => `${r.cycle} ${r.period} ${r.kind} ${r.offset}`)).toEqual([
      'half-yearly 2020H2 due 0',
      'target:T5 2020 due 0',
    ]);
  });
});

describe('dueLines: open occurrences due within a window of calendar days', () => {
  const occ = (agency: string, due: string, state: 'open' | 'overdue' = 'open') => ({
    key: `half-yearly/2020H1/${agency}`,
    cycle: 'half-yearly',
    period: '2020H1',
    agency,
    due,
    originalDue: due,
    state,
    provisional: false,
  });
  const occurrences = [
    occ('省商务厅', '2020-07-01'),
    occ('省交通运输厅', '2020-06-30'),
    occ('省发展改革委', '2020-06-16'),
    occ('省财政厅', '2020-06-15', 'overdue'),
    occ('省水利厅', '2021-06-30'),
  ];
  const ctx = { today: '2020-06-16', names: new Map([['half-yearly', '泛珠合作事项半年报送']]) };
  const due = (days: number) => dueLines(occurrences, ctx, days).map((l) => `${l.agency} ${l.due} ${l.daysLeft}`);

  it('from today to today + days, both included, soonest first; overdue ones are not due', () => {
    expect(due(14)).toEqual(['省发展改革委 2020-06-16 0', '省交通运输厅 2020-06-30 14']);
    expect(due(15)).toEqual(['省发展改革委 2020-06-16 0', '省交通运输厅 2020-06-30 14', '省商务厅 2020-07-01 15']);
    expect(due(0)).toEqual(['省发展改革委 2020-06-16 0']);
  });

  it('a window of 14.5 days is 14 whole days; a negative one is empty; an endless one has every open occurrence', () => {
    expect(due(14.5)).toEqual(due(14));
    expect(due(-1)).toEqual([]);
    expect(due(Number.POSITIVE_INFINITY)).toEqual([
      '省发展改革委 2020-06-16 0',
      '省交通运输厅 2020-06-30 14',
      '省商务厅 2020-07-01 15',
      '省水利厅 2021-06-30 379',
    ]);
  });
});
