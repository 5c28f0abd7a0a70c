import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../src/catalog/index.ts';
import { loadDirectory, parseConfig } from '../src/config/index.ts';
import { buildBoard } from '../src/digest/index.ts';
import { createCalendar, planSchedule, type ScheduleRecords } from '../src/schedule/index.ts';
import { renderBoardPage } from '../src/web/index.ts';
import { configFrom2017 } from '../test/helpers/configFrom2017.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/** Goal of issue 12: the board for the real catalog with 8 rounds of history renders in under this (ms). */
export const BOARD_GOAL_MS = 100;

/**
 * The coordinators' board (`/`) for the real catalog (粤府〔2017〕8号, shipped config from 2017H1) on 2021-01-05 with
 * 8 rounds of history (2017H1-2020H2, every agency submitted except every seventh), showing all 8 rounds:
 * median wall ms and mean CPU ms of 20 runs (after a warm-up) of planning + `buildBoard` + `renderBoardPage`, and of
 * `buildBoard` + `renderBoardPage` alone (a request plans once). No I/O: the database read is not counted.
 */
export function benchBoard(): { name: string; value: string; unit: string }[] {
  const { directory } = loadDirectory(root('config/agencies.yaml'));
  const catalog = parseDocument(
    readFileSync(root('seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'),
    directory,
  );
  // The programme from 2017H1 (the shipped config starts at the deployment period, 2026H2).
  const config = parseConfig(configFrom2017(), { catalog, env: {} });
  const now = '2021-01-05T09:00:00.000+08:00';
  const agencies = catalog.agencies.filter((a) => !a.group).map((a) => a.name);
  const periods = ['2017H1', '2017H2', '2018H1', '2018H2', '2019H1', '2019H2', '2020H1', '2020H2'];
  const records: ScheduleRecords = {
    submissions: periods.flatMap((period, p) =>
      agencies
        .filter((_, i) => (i + p) % 7 !== 0)
        .map((agency) => ({
          cycle: 'half-yearly',
          period,
          agency,
          at: now,
          by: '省泛珠办',
          via: 'cli',
          recordedAt: now,
        })),
    ),
    extensions: [],
    excusals: [],
    targetProgress: [],
    targetOutcomes: [],
  };
  const ctx = {
    lang: 'zh-CN' as const,
    viewer: { name: '协调员', coordinator: true, agencies: [] },
    csrf: 'x',
    timezone: config.timezone,
  };
  const calendar = createCalendar(config.holidays, config.timezone);
  const plan = () => planSchedule({ catalog, config, calendar, records, now });
  const render = (p: ReturnType<typeof plan>) => {
    const view = buildBoard({
      plan: p,
      cycles: config.cycles,
      now,
      timezone: config.timezone,
      records,
      calendar,
      recent: 8,
      deployedOn: '2020-06-01',
    });
    return renderBoardPage(view, ctx, agencies);
  };
  /** Median wall ms and mean CPU ms (user + system) of 20 runs: on a shared machine the CPU figure is the steadier one. */
  const median = (f: () => unknown) => {
    f();
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    return `${times.sort((a, b) => a - b)[10].toFixed(1)} / ${((used.user + used.system) / 1000 / 20).toFixed(1)}`;
  };
  const planned = plan();
  const cells = buildBoard({
    plan: planned,
    cycles: config.cycles,
    now,
    timezone: config.timezone,
    records,
    calendar,
    recent: 8,
  }).rounds.reduce((n, r) => n + r.cells.length, 0);
  return [
    {
      name: `board: render, real catalog, 8 rounds of history (${cells} cells), with planning (goal < ${BOARD_GOAL_MS})`,
      value: median(() => render(plan())),
      unit: 'ms wall / ms CPU',
    },
    {
      name: 'board: buildBoard + render only (plan given)',
      value: median(() => render(planned)),
      unit: 'ms wall / ms CPU',
    },
  ];
}
