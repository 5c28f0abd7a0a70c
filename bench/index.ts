/**
 * `npm run bench`: every figure of issue 11's table with its goal beside it, measured in one run
 * (planning, tick cost by store size, idle tick, email delivery against raw nodemailer, simulation,
 * service RSS, CLI start-up against `node -e 0`), plus Slack command latency and the web board. Figures, not
 * assertions: tests never assert on wall-clock time. Run on an idle machine for comparable numbers
 * (this project's reference machine: 2 cores); the whole run is bounded to a few minutes.
 * `npm run bench -- delivery` runs one section (see `SECTIONS`: delivery, rss, slack, simulate).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { createManualClock } from '../src/service/index.ts';
import { configFrom2017 } from '../test/helpers/configFrom2017.ts';
import { createFakeSlackApi } from '../test/helpers/fakeSlackApi.ts';
import { commandBody, postSigned } from '../test/helpers/slackSign.ts';
import { startSmtpServer } from '../test/helpers/smtpServer.ts';
import { BOARD_GOAL_MS, benchBoard } from './board.ts';
import { benchDelivery } from './delivery.ts';
import { benchPlanning } from './plan.ts';
import { benchServiceRss, benchSimulateCli, benchStartup, type SimulateRun } from './process.ts';
import { formatFigure, summarize } from './stats.ts';
import { benchTicks, startBenchService } from './tick.ts';

/** One line of the table: the figure, what was measured, the goal, and whether it is met (null: no goal). */
interface Row {
  name: string;
  value: string;
  goal: string;
  met: boolean | null;
}

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * Slack `/pprd status` latency on the real service (`startService`), in process: the real document,
 * the shipped config, a loopback SMTP server (smtp-server) and a local fake Slack Web API, clock
 * 2020-06-23 08:59 Asia/Shanghai; 50 signed requests one after the other, p50 and p99.
 */
async function benchSlack(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pprd-bench-'));
  const smtp = await startSmtpServer();
  const slack = await createFakeSlackApi();
  const secret = 'bench-secret';
  cpSync(configFrom2017(), join(dir, 'config'), { recursive: true });
  // The bench's Slack user is a coordinator, so `/pprd status` computes the whole board.
  const contactsFile = join(dir, 'config', 'contacts.yaml');
  const contacts = parse(readFileSync(contactsFile, 'utf8')) as { coordinators: { slackId?: string }[] };
  contacts.coordinators[0].slackId = 'UBENCH';
  writeFileSync(contactsFile, stringify(contacts));
  const clock = createManualClock(Date.parse('2020-06-23T08:59:00+08:00'));
  const service = await startBenchService(dir, clock, {
    SMTP_URL: smtp.url,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.apiUrl,
  });
  const rows: Row[] = [];
  try {
    await service.tick(); // start-up catch-up: old rounds recorded as skipped
    let t0 = 0;
    const acks: number[] = [];
    const answers: number[] = [];
    for (let i = 0; i < 50; i++) {
      const id = `bench-${i}`;
      t0 = performance.now();
      const res = await postSigned(
        `http://127.0.0.1:${service.port}/slack/events`,
        secret,
        commandBody({ text: 'status', userId: 'UBENCH', responseUrl: slack.responseUrl(id) }),
      );
      acks.push(res.ackMs);
      await slack.waitFor(() => slack.responses.some((r) => r.id === id), 15_000);
      answers.push(performance.now() - t0);
      const body = JSON.stringify(slack.responses.find((r) => r.id === id)?.body ?? {});
      if (!body.includes('2020H1'))
        throw new Error(`bench: /pprd status did not answer with the board: ${body.slice(0, 200)}`);
    }
    const ack = summarize(acks);
    const answer = summarize(answers);
    rows.push({
      name: 'slack: /pprd status ack (p50 / p99 of 50)',
      value: `${ack.median.toFixed(0)} / ${ack.p99.toFixed(0)} ms`,
      goal: 'p99 < 3000 ms (Slack)',
      met: ack.p99 < 3000,
    });
    rows.push({
      name: 'slack: /pprd status answer posted (p50 / p99 of 50)',
      value: `${answer.median.toFixed(0)} / ${answer.p99.toFixed(0)} ms`,
      goal: '—',
      met: null,
    });
  } finally {
    await service.stop();
    await smtp.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The email delivery rows (bench/delivery.ts): the engine against a raw nodemailer pool sending the same
 * messages to one SMTP server in its own process, throughput of alternating rounds; then CPU per message.
 */
async function deliveryRows(): Promise<Row[]> {
  const d = await benchDelivery();
  return [
    {
      name: `email delivery vs raw nodemailer pool (${d.messages} same messages, SMTP server in its own process, ${d.ratio.runs} alternating pairs, warm pools)`,
      value: `${formatFigure(d.ratio, '%', 0)}; engine ${d.engine.median.toFixed(0)} msg/s, raw ${d.raw.median.toFixed(0)} msg/s`,
      goal: '≥ 95 %',
      met: d.ratio.median >= 95,
    },
    {
      name: '  CPU per message: engine / raw peer (sender process); server process',
      value: `${formatFigure(d.engineCpuMs, 'ms', 2)} / ${formatFigure(d.rawCpuMs, 'ms', 2)}; server ${d.serverCpuMs.engine.median.toFixed(2)} / ${d.serverCpuMs.raw.median.toFixed(2)} ms; ${d.bytesPerMessage.engine.toFixed(0)} / ${d.bytesPerMessage.raw.toFixed(0)} bytes`,
      goal: '—',
      met: null,
    },
  ];
}

/**
 * The service's RSS row (bench/process.ts, the compiled service in its own process), with V8's heap at
 * each point: reserved in all, and its young generation.
 */
function rssRows(): Row[] {
  const rss = benchServiceRss();
  return [
    {
      name: 'service RSS at start / after a day of ticks (compiled, own process)',
      value: `${rss.atStartMb.toFixed(0)} / ${rss.afterMb.toFixed(0)} MB after ${rss.ticks} ticks in ${(rss.elapsedMs / 1000).toFixed(1)} s; V8 heap ${rss.heapAtStart.total.toFixed(0)} / ${rss.heapAfter.total.toFixed(0)} MB (young generation ${rss.heapAtStart.young.toFixed(0)} / ${rss.heapAfter.young.toFixed(0)})`,
      goal: '< 100 MB, flat',
      met: rss.atStartMb < 100 && rss.afterMb < 100 && rss.afterMb - rss.atStartMb < 10,
    },
    {
      name: `service with its start flags (${[...Object.entries(rss.startEnv).map(([k, v]) => `${k}=${v}`), ...rss.execArgv].join(' ') || 'none'}): CPU per idle tick / board over HTTP`,
      value: `${rss.tickCpuMs.toFixed(2)} ms / ${rss.boardMs.toFixed(0)} ms (median of 20)`,
      goal: `< 5 ms / < ${BOARD_GOAL_MS} ms`,
      met: rss.tickCpuMs < 5 && rss.boardMs < BOARD_GOAL_MS,
    },
  ];
}

/**
 * The simulation rows: `pprd simulate` (the compiled CLI, a process of its own, cold, as a user runs it;
 * bench/process.ts) over 2017-01-20..2021-01-01 and 2017-01-20..2019-01-01 on the real catalog and the 2017
 * config, three of each alternating: the time the command reports for the simulation (medians), the
 * process's wall time and its CPU time beside it (on a shared machine the wall time also counts the waits
 * for a core).
 */
function simulateRows(): Row[] {
  const runs = benchSimulateCli(['2021-01-01', '2019-01-01']);
  const med = (to: string, f: (r: SimulateRun) => number) => summarize((runs.get(to) ?? []).map(f)).median;
  const bad = [...runs.values()].flat().find((r) => r.violations > 0);
  if (bad) throw new Error(`bench: simulation broke ${bad.violations} guarantees`);
  const full = {
    sim: med('2021-01-01', (r) => r.elapsedMs),
    wall: med('2021-01-01', (r) => r.processMs),
    cpu: med('2021-01-01', (r) => r.cpuMs),
  };
  const half = {
    sim: med('2019-01-01', (r) => r.elapsedMs),
    wall: med('2019-01-01', (r) => r.processMs),
    cpu: med('2019-01-01', (r) => r.cpuMs),
  };
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    {
      name: 'pprd simulate --from 2017-01-20 --to 2021-01-01',
      value: `${s(full.sim)} (process ${s(full.wall)}, CPU ${s(full.cpu)}; ${runs.get('2021-01-01')?.[0].ticks} ticks, median of 3)`,
      goal: '< 1 s',
      met: full.sim < 1000,
    },
    {
      name: '  simulate 4 years ÷ 2 years (2017-01-20..2019-01-01)',
      value: `${(full.sim / half.sim).toFixed(2)}×, CPU ${(full.cpu / half.cpu).toFixed(2)}× (${s(half.sim)}, process ${s(half.wall)}, CPU ${s(half.cpu)})`,
      goal: '≈ 2× (linear)',
      met: full.sim / half.sim < 2.6,
    },
  ];
}

/** Sections that can be run alone: `npm run bench -- delivery` measures and prints only that row. */
const SECTIONS: Record<string, () => Promise<Row[]>> = {
  delivery: deliveryRows,
  rss: async () => rssRows(),
  slack: benchSlack,
  simulate: async () => simulateRows(),
};

/** Prints `rows` as the table (figure, measured, goal, met) and the run's duration since `started`. */
function printTable(rows: readonly Row[], started: number): void {
  const w = Math.max(...rows.map((r) => r.name.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  const g = Math.max(...rows.map((r) => r.goal.length));
  console.log(`${'figure'.padEnd(w)}  ${'measured (median, min-max)'.padEnd(v)}  ${'goal'.padEnd(g)}  met`);
  for (const r of rows)
    console.log(
      `${r.name.padEnd(w)}  ${r.value.padEnd(v)}  ${r.goal.padEnd(g)}  ${r.met === null ? '' : r.met ? 'yes' : 'NO'}`,
    );
  console.log(
    `bench took ${((performance.now() - started) / 1000).toFixed(0)} s on ${process.platform} node ${process.version}; figures depend on the machine's load.`,
  );
}

const started = performance.now();
const rows: Row[] = [];
// `npm run bench -- delivery`: only the sections named; without a name, every row.
const only = process.argv.slice(2);
if (only.length) {
  for (const name of only) {
    const section = SECTIONS[name];
    if (!section) {
      console.error(
        `bench: no section "${name}" — fix: name one of ${Object.keys(SECTIONS).join(', ')}, or none for every row`,
      );
      process.exit(2);
    }
    rows.push(...(await section()));
  }
  printTable(rows, started);
  process.exit(0);
}
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

const plan = benchPlanning();
rows.push({
  name: 'planning, real catalog 2017-2030',
  value: `${(plan.real.remindersPerSecond / 1e6).toFixed(2)} M reminders/s (${formatFigure(plan.real.ms, 'ms')} per plan of ${plan.real.reminders})`,
  goal: '≥ 2 M/s',
  met: plan.real.remindersPerSecond >= 2e6,
});
rows.push({
  name: `one plan of ${plan.large.agencies.toLocaleString('en-US')} agencies × 2017-2030`,
  value: `${(plan.large.ms / 1000).toFixed(2)} s, heap ${plan.large.retainedMb.toFixed(0)} MB kept (${plan.large.peakMb.toFixed(0)} MB before GC), ${plan.large.reminders.toLocaleString('en-US')} reminders`,
  goal: '< 0.5 s, < 300 MB',
  met: plan.large.ms < 500 && plan.large.peakMb < 300,
});
const perAgency = plan.scaling.map((s) => s.ms.median / s.agencies);
for (const s of plan.scaling) {
  rows.push({
    name: `  plan of ${s.agencies.toLocaleString('en-US')} agencies × 2017-2030`,
    value: `${formatFigure(s.ms, 'ms')}, ${(s.ms.median / s.agencies).toFixed(3)} ms/agency`,
    goal: 'linear',
    met: null,
  });
}
rows.push({
  name: '  plan cost per agency, 6,700 ÷ 67 agencies',
  value: `${(perAgency[2] / perAgency[0]).toFixed(2)}×`,
  goal: '≈ 1× (linear)',
  met: perAgency[2] / perAgency[0] < 1.5,
});

const ticks = await benchTicks();
rows.push({
  name: 'one tick with 1,000,000 delivery rows in the store',
  value: formatFigure(ticks.bySize[ticks.bySize.length - 1].ms, 'ms'),
  goal: '< 20 ms',
  met: ticks.bySize[ticks.bySize.length - 1].ms.median < 20,
});
for (const s of ticks.bySize)
  rows.push({
    name: `  tick with ${s.rows.toLocaleString('en-US')} rows`,
    value: formatFigure(s.ms, 'ms'),
    goal: 'flat',
    met: null,
  });
rows.push({
  name: '  tick cost, 1M ÷ 10k rows',
  value: `${(ticks.bySize[ticks.bySize.length - 1].ms.median / ticks.bySize[0].ms.median).toFixed(2)}×`,
  goal: '≈ 1× (flat)',
  met: ticks.bySize[ticks.bySize.length - 1].ms.median / ticks.bySize[0].ms.median < 2,
});
rows.push({
  name: 'idle tick, real catalog, clock in 2026',
  value: `${formatFigure(ticks.idle, 'ms')}, ${ticks.historyRows.toLocaleString('en-US')} rows of history`,
  goal: '< 5 ms, flat',
  met: ticks.idle.median < 5,
});

rows.push(...(await deliveryRows()));

rows.push(...simulateRows());

rows.push(...rssRows());

const startup = benchStartup();
rows.push({
  name: "any CLI command's start (node bin/pprd.js --help)",
  value: `${formatFigure(startup.cli, 'ms', 0)}; node -e 0: ${ms(startup.node.median)} (${(startup.cli.median / startup.node.median).toFixed(1)}×); pprd config check (reads and validates config/): ${formatFigure(startup.check, 'ms', 0)} (${(startup.check.median / startup.node.median).toFixed(1)}×)`,
  goal: '< 300 ms',
  met: startup.cli.median < 300,
});

// The full suite is not run here (minutes on 2 cores shared): its last run's report is read if present.
const report = root('test-results.json');
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    startTime: number;
    numTotalTests: number;
    testResults: { endTime?: number }[];
  };
  const end = Math.max(...r.testResults.map((x) => x.endTime ?? 0));
  const wall = (end - r.startTime) / 1000;
  rows.push({
    name: 'npm test (last run, test-results.json)',
    value: `${wall.toFixed(0)} s wall, ${r.numTotalTests} tests, ${statSync(report).mtime.toISOString().slice(0, 16)}`,
    goal: '< 120 s',
    met: wall < 120,
  });
} else {
  rows.push({
    name: 'npm test',
    value: 'not run by the bench (run npm test: it writes test-results.json)',
    goal: '< 120 s',
    met: null,
  });
}

// A Slack failure is a row of the table, not the loss of every figure measured before it.
rows.push(
  ...(await benchSlack().catch((err: Error) => [
    { name: 'slack: /pprd status', value: `not measured: ${err.message.slice(0, 120)}`, goal: '—', met: null },
  ])),
);
for (const b of benchBoard())
  rows.push({
    name: b.name.replace(/ \(goal < \d+\)$/, ''),
    value: `${b.value} ${b.unit}`,
    goal: b.name.includes('goal <') ? `< ${BOARD_GOAL_MS} ms` : '—',
    met: b.name.includes('goal <') ? Number.parseFloat(b.value) < BOARD_GOAL_MS : null, // the wall time, before ' / '
  });

printTable(rows, started);
