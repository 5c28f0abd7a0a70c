import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Catalog, parseDocument } from '../src/catalog/index.ts';
import { type Config, loadDirectory, parseConfig } from '../src/config/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { configFrom2017 } from '../test/helpers/configFrom2017.ts';
import { type Figure, summarize } from './stats.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/** A catalog like the real one but with `n` agencies, all non-group (`机构00001` …). */
export function syntheticCatalog(base: Catalog, n: number): Catalog {
  const agencies = Array.from({ length: n }, (_, i) => ({
    name: `机构${String(i + 1).padStart(5, '0')}`,
    group: false,
  }));
  return {
    ...base,
    agencies,
    targets: base.targets.map((t, i) => ({
      ...t,
      responsible: agencies.slice(i * 10, i * 10 + 10).map((a) => a.name),
    })),
  };
}

/** The real catalog (粤府〔2017〕8号) and the shipped config. */
export function realInputs(): { catalog: Catalog; config: Config } {
  const { directory } = loadDirectory(root('config/agencies.yaml'));
  const catalog = parseDocument(
    readFileSync(root('seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'),
    directory,
  );
  return { catalog, config: parseConfig(configFrom2017(), { catalog, env: {} }) };
}

/** What {@link benchPlanning} measured. */
export interface PlanFigures {
  /** Real catalog 2017-2030: reminders planned per second (all runs together) and ms per plan. */
  real: { remindersPerSecond: number; reminders: number; ms: Figure };
  /** Synthetic catalogs: ms per plan of 2017-2030 by agency count, and reminders per plan. */
  scaling: { agencies: number; reminders: number; ms: Figure }[];
  /** 10,000 agencies 2017-2030: ms of one plan, and heap (MB) it keeps (after a GC) and the heap in use just after planning (before it). */
  large: { agencies: number; reminders: number; ms: number; retainedMb: number; peakMb: number };
}

/** `global.gc` without `--expose-gc` on the command line. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Planning (`planSchedule`) over 2017-2030 with a fresh calendar per plan, as a tick builds one:
 * the real catalog (repeated for `minMs`), synthetic catalogs of 67, 670 and 6,700 agencies (cost
 * should grow linearly; each timed plan starts on a collected heap), and one plan of 10,000 agencies with the heap it keeps and the heap in use
 * just after planning. Wall time via `performance.now()`; a first run warms up.
 */
export function benchPlanning(minMs = 1500): PlanFigures {
  const { catalog: real, config } = realInputs();
  const gc = gcFunction();
  const run = (catalog: Catalog) =>
    planSchedule({
      catalog,
      config,
      calendar: createCalendar(config.holidays, config.timezone),
      now: '2026-11-29T09:00:00+08:00',
      from: '2017-01-01',
      to: '2030-12-31',
    });
  run(real);
  const realMs: number[] = [];
  let reminders = 0;
  const start = performance.now();
  do {
    const t0 = performance.now();
    reminders += run(real).reminderCount;
    realMs.push(performance.now() - t0);
  } while (performance.now() - start < minMs);
  const realFigure = {
    remindersPerSecond: Math.round(reminders / (realMs.reduce((a, b) => a + b, 0) / 1000)),
    reminders: reminders / realMs.length,
    ms: summarize(realMs),
  };

  const scaling: PlanFigures['scaling'] = [];
  for (const [n, runs] of [
    [67, 9],
    [670, 7],
    [6700, 5],
  ] as const) {
    const catalog = syntheticCatalog(real, n);
    let count = run(catalog).reminderCount;
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Each plan starts on a collected heap: it pays for its own garbage, not for the previous run's
      // plan (~45 MB at 6,700 agencies), which the next run would otherwise collect in its own time.
      gc();
      const t0 = performance.now();
      count = run(catalog).reminderCount;
      ms.push(performance.now() - t0);
    }
    scaling.push({ agencies: n, reminders: count, ms: summarize(ms) });
  }

  const big = syntheticCatalog(real, 10_000);
  gc();
  const base = process.memoryUsage().heapUsed;
  // The heap right after the plan, before a forced GC, holds the plan and its garbage not yet collected.
  const t0 = performance.now();
  const plan = run(big);
  const ms = performance.now() - t0;
  const peakMb = (process.memoryUsage().heapUsed - base) / 1048576;
  gc();
  const retainedMb = (process.memoryUsage().heapUsed - base) / 1048576;
  const large = { agencies: 10_000, reminders: plan.reminderCount, ms, retainedMb, peakMb };
  return { real: realFigure, scaling, large };
}

// `tsx bench/plan.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(benchPlanning(), null, 1));
}
