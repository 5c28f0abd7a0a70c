import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, parseDocument } from '../src/catalog/index.ts';
import { type Config, loadDirectory, parseConfig } from '../src/config/index.ts';
import { formatSimulation, type SimulationReport, simulate } from '../src/service/simulate.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';

const ROOT = join(import.meta.dirname, '..');

describe('simulate: the document’s whole term on a virtual clock', () => {
  let catalog: Catalog;
  let config: Readonly<Config>;
  let report: SimulationReport;

  beforeAll(async () => {
    const { directory } = loadDirectory(join(ROOT, 'config/agencies.yaml'));
    catalog = parseDocument(readFileSync(join(ROOT, 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'), directory);
    config = parseConfig(configFrom2017(), { catalog, env: {} });
    report = await simulate({ catalog, config, from: '2017-01-20', to: '2021-01-01', seed: 1, submitRate: 0.8 });
  }, 180_000);

  it('replays 8 half-yearly rounds of 63 agencies with every guarantee held', () => {
    expect(report.violations).toEqual([]);
    const halves = report.periods.filter((p) => /^\d{4}H[12]$/.test(p.period));
    expect(halves.map((p) => p.period)).toEqual(['2017H1', '2017H2', '2018H1', '2018H2', '2019H1', '2019H2', '2020H1', '2020H2']);
    for (const p of halves) expect(p.occurrences).toBe(63);
    // Yearly progress requests on target T5 (task 7's 2020 rail goal): its two leads, 2017-2020.
    const years = report.periods.filter((p) => /^\d{4}$/.test(p.period));
    expect(years.map((p) => [p.period, p.occurrences])).toEqual([
      ['2017', 2],
      ['2018', 2],
      ['2019', 2],
      ['2020', 2],
    ]);
  });

  it('reminds only those who have not submitted, and escalates each unsubmitted report once', () => {
    for (const p of report.periods.filter((x) => /H/.test(x.period) && x.period !== '2020H2')) {
      // The round's escalations (all on one day: no extensions here) reach each of the shipped config's
      // two coordinators as ONE folded message: 2 messages per round, however many agencies it lists.
      expect(p.escalations).toBeGreaterThan(0);
      expect(p.escalations).toBeLessThanOrEqual(p.occurrences);
      expect(p.reminders.escalation).toBe(2);
      // With 80% submitting, at least the 20% who never submit are escalated.
      expect(p.escalations).toBeGreaterThanOrEqual(p.occurrences - p.submissions);
      // Each of the 63 agencies gets at least its 30-day reminder (submissions start at most 30 days before).
      expect(p.reminders.before).toBeGreaterThanOrEqual(63);
    }
    // 2020H2 is due 2020-12-31: the run ends 2021-01-01, before any overdue reminder.
    const last = report.periods.find((p) => p.period === '2020H2')!;
    expect(last.reminders.overdue).toBe(0);
    expect(last.reminders.escalation).toBe(0);
  });

  it('is deterministic for a seed and prints one row per period', async () => {
    const again = await simulate({ catalog, config, from: '2017-01-20', to: '2017-08-01', seed: 1 });
    const once = await simulate({ catalog, config, from: '2017-01-20', to: '2017-08-01', seed: 1 });
    expect(again.periods).toEqual(once.periods);
    const lines = formatSimulation(report);
    expect(lines[0]).toMatch(/^simulation 2017-01-20 \.\. 2021-01-01: \d+ ticks, 8 half-yearly rounds, \d+ digests, [\d.]+ s$/);
    expect(lines[1].split(/\s+/)).toEqual(['period', 'occurrences', 'before', 'due', 'overdue', 'escalation', 'submissions', 'escalations']);
    expect(lines.at(-1)).toMatch(/^guarantees: all held/);
  }, 120_000);
});
