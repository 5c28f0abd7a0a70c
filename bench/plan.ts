import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Catalog, parseDocument } from '../src/catalog/index.ts';
import { loadDirectory, parseConfig } from '../src/config/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';

/** One measurement: `ops` things done, at `perSecond` per second of wall time. */
export interface BenchResult {
  name: string;
  ops: number;
  perSecond: number;
}

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/** A catalog like the real one but with `n` agencies, all non-group (`机构00001` …). */
export function syntheticCatalog(base: Catalog, n: number): Catalog {
  const agencies = Array.from({ length: n }, (_, i) => ({ name: `机构${String(i + 1).padStart(5, '0')}`, group: false }));
  return { ...base, agencies, targets: base.targets.map((t, i) => ({ ...t, responsible: agencies.slice(i * 10, i * 10 + 10).map((a) => a.name) })) };
}

/**
 * Planning throughput (`npm run bench`): occurrences and reminders planned per second by
 * `planSchedule` for the real catalog (粤府〔2017〕8号, shipped config) over 2017-2030, and for a
 * synthetic catalog of 10,000 agencies over 2017-2030. Each planning run builds a fresh calendar,
 * as a tick does. Wall time via `performance.now()`; the first run warms up and is not counted.
 */
export function benchPlanning(): BenchResult[] {
  const { directory } = loadDirectory(root('config/agencies.yaml'));
  const real = parseDocument(readFileSync(root('seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'), directory);
  const config = parseConfig(root('config'), { catalog: real, env: {} });
  const results: BenchResult[] = [];
  const measure = (label: string, catalog: Catalog, minMs: number) => {
    const run = () => planSchedule({ catalog, config, calendar: createCalendar(config.holidays, config.timezone), now: '2026-11-29T09:00:00+08:00', from: '2017-01-01', to: '2030-12-31' });
    run();
    let occurrences = 0;
    let reminders = 0;
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      const p = run();
      occurrences += p.occurrences.length;
      reminders += p.reminders.length;
      runs++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    const secs = elapsed / 1000;
    results.push({ name: `plan ${label}: occurrences`, ops: occurrences, perSecond: Math.round(occurrences / secs) });
    results.push({ name: `plan ${label}: reminders`, ops: reminders, perSecond: Math.round(reminders / secs) });
    results.push({ name: `plan ${label}: full plans`, ops: runs, perSecond: Math.round((runs / secs) * 100) / 100 });
  };
  measure('real catalog 2017-2030', real, 2000);
  measure('10,000 agencies 2017-2030', syntheticCatalog(real, 10_000), 1);
  return results;
}

// `tsx bench/plan.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of benchPlanning()) console.log(`${r.name}: ${r.ops} in total, ${r.perSecond}/s`);
}
