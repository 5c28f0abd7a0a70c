import { describe, expect, it } from 'vitest';
import { createSlackServices } from '../src/channels/slack/index.ts';
import { buildCoordinatorDigest, openTargetLines } from '../src/digest/index.ts';
import { composeTargets } from '../src/messages/index.ts';
import { createCalendar, NO_RECORDS, planSchedule, targetStatuses } from '../src/schedule/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';
import { importedCatalog, slackTestConfig, slackWorld } from './helpers/slackWorld.ts';

/** 2026-12-01 10:00 in Shanghai: a first deployment in 2026H2 (issue 14 item 4). */
const NOW = '2026-12-01T10:00:00+08:00';

describe('2020 targets on a 2026 deployment are before deployment, not overdue', () => {
  const { catalog } = importedCatalog();

  it('targetStatuses: a target with no outcome whose deadline is before targets.start is before-deployment; an outcome still wins', () => {
    const states = (trackedFrom?: number, records = NO_RECORDS) =>
      targetStatuses(catalog, records, NOW, 'Asia/Shanghai', trackedFrom).map(
        (t) => `${t.id} ${t.deadline} ${t.state}`,
      );
    expect(states()).toEqual(catalog.targets.map((t) => `${t.id} ${t.deadline} overdue`));
    expect(states(2026)).toEqual(catalog.targets.map((t) => `${t.id} ${t.deadline} before-deployment`));
    // tracked from 2020: a deadline of 2020-12-31 is tracked, so still overdue
    expect(states(2020).filter((s) => s.endsWith('before-deployment'))).toEqual([]);
    // `pprd history --until 2020` recorded T5's rounds through 2020-12-31: T5 only
    const history = {
      ...NO_RECORDS,
      beforeDeployment: [
        {
          cycle: 'target:T5',
          until: '2020',
          through: '2020-12-31',
          by: 'cli',
          recordedAt: '2026-11-30T09:00:00+08:00',
        },
      ],
    };
    expect(states(undefined, history).filter((s) => !s.endsWith(' overdue'))).toEqual([
      'T5 2020-12-31 before-deployment',
    ]);
    const achieved = {
      ...NO_RECORDS,
      targetOutcomes: [
        { target: 'T5', outcome: 'achieved' as const, by: 'cli', recordedAt: '2021-01-05T10:00:00+08:00' },
      ],
    };
    expect(states(2026, achieved).find((s) => s.startsWith('T5 '))).toBe('T5 2020-12-31 achieved');
  });

  it("the coordinators' digest lists no 2020 target and is not sent for them alone", () => {
    const config = { ...planConfig([]), targets: { ...planConfig().targets, start: 2026 } };
    const plan = planSchedule({ catalog, config, calendar: createCalendar([], config.timezone), now: NOW });
    const targets = targetStatuses(catalog, NO_RECORDS, NOW, config.timezone, 2026);
    expect(openTargetLines(targets, '2026-12-01')).toEqual([]);
    expect(buildCoordinatorDigest({ plan, cycles: [], now: NOW, timezone: config.timezone, targets })).toBeNull();
    // before: the same digest was sent to list targets four years past their deadline
    const tracked = targetStatuses(catalog, NO_RECORDS, NOW, config.timezone);
    expect(
      buildCoordinatorDigest({ plan, cycles: [], now: NOW, timezone: config.timezone, targets: tracked })?.targets.map(
        (t) => t.id,
      ),
    ).toEqual(catalog.targets.map((t) => t.id));
  });
});

describe('/pprd targets on a 2026 deployment', () => {
  it('marks the 2020 targets before deployment (部署前（未跟踪）), not past their deadline', async () => {
    const { deps } = slackWorld(NOW);
    const base = slackTestConfig();
    const services = createSlackServices({
      ...deps,
      config: () => ({ ...base, targets: { ...base.targets, start: 2026 } }),
    });
    const lines = await services.targets('all');
    expect(lines.map((l) => `${l.id} ${l.beforeDeployment === true}`)).toEqual(lines.map((l) => `${l.id} true`));
    const text = JSON.stringify(composeTargets(lines, 'zh-CN'));
    expect(text).toContain('2020-12-31 · 部署前（未跟踪）');
    expect(text).not.toContain('已过期限');
    expect(JSON.stringify(composeTargets(lines, 'en'))).toContain('2020-12-31 · before deployment (not tracked)');
  });
});

describe('pprd targets with the shipped config (targets.start: 2026)', () => {
  useCliStore('pprd-targets-2026-', { PPRD_CONFIG: 'config' });

  it('shows every 2020 target as before deployment and none past the deadline', async () => {
    const r = await runCli(['targets', '--json', '--now', NOW]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { id: string; state: string }[];
    expect(new Set(json.map((t) => t.state))).toEqual(new Set(['before-deployment']));
    const text = await runCli(['targets', '--now', NOW]);
    expect(text.out.trimEnd().split('\n').at(-1)).toBe(`${json.length} targets, 0 past the deadline with no outcome`);
  });
});
