import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, parseDocument } from '../src/catalog/index.ts';
import { type Config, loadDirectory, parseConfig } from '../src/config/index.ts';
import { formatSimulation, type SimulationReport, simulate } from '../src/service/simulate.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { JTT, ROBOTS_YAML, withRobots } from './helpers/robotsConfig.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..');
/** The table's columns as a coordinator reads them (`pprd simulate --help` explains each). */
const COLUMNS = [
  'period',
  'occurrences',
  'sent:before',
  'sent:due',
  'sent:overdue',
  'sent:escalation',
  'submitted',
  'escalated',
];

/**
 * The robots' messages of the 2020-06-01..2020-07-10 run (seed 1), by channel: 2020H1 is due 2020-06-30;
 * neither agency submitted by 07-10 and the round escalated on 07-07 (one folded message to the office group).
 */
const EXPECTED_ROBOTS: Record<string, string[]> = {
  'wecom:office': [
    'digest/weekly-coordinators/2020-06-01T09:00',
    'digest/weekly-coordinators/2020-06-08T09:00',
    'digest/weekly-coordinators/2020-06-15T09:00',
    'digest/weekly-coordinators/2020-06-22T09:00',
    'digest/weekly-coordinators/2020-06-29T09:00',
    'digest/weekly-coordinators/2020-07-06T09:00',
    'escalation:half-yearly/2020H1/2020-07-07',
  ],
  'dingtalk:jtt': [
    'digest/monthly-agency/2020-06-01T09:00/省交通运输厅',
    'half-yearly/2020H1/省交通运输厅/before/14',
    'half-yearly/2020H1/省交通运输厅/before/7',
    'half-yearly/2020H1/省交通运输厅/before/3',
    'half-yearly/2020H1/省交通运输厅/before/1',
    'half-yearly/2020H1/省交通运输厅/due/0',
    'half-yearly/2020H1/省交通运输厅/overdue/-1',
    'digest/monthly-agency/2020-07-01T09:00/省交通运输厅',
    'half-yearly/2020H1/省交通运输厅/overdue/-3',
    'half-yearly/2020H1/省交通运输厅/overdue/-5',
  ],
  'feishu:swt': [
    // One message a day per robot (delivery.bundle): each day's items in one message, most urgent first, then by key.
    'digest/monthly-agency/2020-06-01T09:00/省交通运输厅',
    'digest/monthly-agency/2020-06-01T09:00/省商务厅',
    'half-yearly/2020H1/省交通运输厅/before/14',
    'half-yearly/2020H1/省商务厅/before/14',
    'half-yearly/2020H1/省交通运输厅/before/7',
    'half-yearly/2020H1/省商务厅/before/7',
    'half-yearly/2020H1/省交通运输厅/before/3',
    'half-yearly/2020H1/省商务厅/before/3',
    'half-yearly/2020H1/省交通运输厅/before/1',
    'half-yearly/2020H1/省商务厅/before/1',
    'half-yearly/2020H1/省交通运输厅/due/0',
    'half-yearly/2020H1/省商务厅/due/0',
    'half-yearly/2020H1/省交通运输厅/overdue/-1',
    'half-yearly/2020H1/省商务厅/overdue/-1',
    'digest/monthly-agency/2020-07-01T09:00/省交通运输厅',
    'digest/monthly-agency/2020-07-01T09:00/省商务厅',
    'half-yearly/2020H1/省交通运输厅/overdue/-3',
    'half-yearly/2020H1/省商务厅/overdue/-3',
    'half-yearly/2020H1/省交通运输厅/overdue/-5',
    'half-yearly/2020H1/省商务厅/overdue/-5',
  ],
};

describe('simulate: the document’s whole term on a virtual clock', () => {
  let catalog: Catalog;
  let config: Readonly<Config>;
  let report: SimulationReport;

  beforeAll(async () => {
    const { directory } = loadDirectory(join(ROOT, 'config/agencies.yaml'));
    catalog = parseDocument(
      readFileSync(join(ROOT, 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'),
      directory,
    );
    config = parseConfig(configFrom2017(), { catalog, env: {} });
    report = await simulate({ catalog, config, from: '2017-01-20', to: '2021-01-01', seed: 1, submitRate: 0.8 });
  }, 180_000);

  it('replays 8 half-yearly rounds of 63 agencies with every guarantee held', () => {
    expect(report.violations).toEqual([]);
    const halves = report.periods.filter((p) => /^\d{4}H[12]$/.test(p.period));
    expect(halves.map((p) => p.period)).toEqual([
      '2017H1',
      '2017H2',
      '2018H1',
      '2018H2',
      '2019H1',
      '2019H2',
      '2020H1',
      '2020H2',
    ]);
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

  it('sends each recipient at most one message per channel and day (issue 14 item 2: delivery.bundle, on as shipped)', () => {
    const d = report.messagesPerDay;
    expect(config.delivery.bundle).toBe(true);
    expect(d.maxPerChannel).toBe(1);
    expect(d.messages).toBe(d.recipientDays);
    expect(formatSimulation(report).at(-2)).toBe(
      `messages per recipient and day: ${d.messages} messages on ${d.recipientDays} recipient-days, at most 1 per channel`,
    );
  });

  it('on 2021-01-04 the contact of 省发展改革委 gets one message for its three items; with bundle: false, three', async () => {
    const span = { catalog, from: '2021-01-04', to: '2021-01-04', seed: 1, submitRate: 0 };
    const on = await simulate({ ...span, config });
    const off = await simulate({ ...span, config: { ...config, delivery: { ...config.delivery, bundle: false } } });
    expect(on.violations).toEqual([]);
    expect(off.violations).toEqual([]);
    // The same items either way (63 first overdue reminders of 2020H2, T5's two leads, 63 monthly digests, the weekly digest to 2 coordinators).
    expect(on.periods).toEqual(off.periods);
    expect(on.digests).toBe(off.digests);
    expect(on.messagesPerDay).toMatchObject({ maxPerChannel: 1 });
    expect(off.messagesPerDay).toMatchObject({
      maxPerChannel: 3,
      busiest: { recipient: 'sfgw@pprd.example.org', channel: 'memory', day: '2021-01-04', messages: 3 },
    });
    expect(off.messagesPerDay.messages - on.messagesPerDay.messages).toBe(
      off.messagesPerDay.messages - off.messagesPerDay.recipientDays,
    );
    expect(formatSimulation(off).at(-2)).toBe(
      `messages per recipient and day: ${off.messagesPerDay.messages} messages on ${off.messagesPerDay.recipientDays} recipient-days, at most 3 per channel (sfgw@pprd.example.org on memory, 2021-01-04)`,
    );
  }, 120_000);

  it('is deterministic for a seed and prints one row per period', async () => {
    const again = await simulate({ catalog, config, from: '2017-01-20', to: '2017-08-01', seed: 1 });
    const once = await simulate({ catalog, config, from: '2017-01-20', to: '2017-08-01', seed: 1 });
    expect(again.periods).toEqual(once.periods);
    const lines = formatSimulation(report);
    expect(lines[0]).toMatch(
      /^simulation 2017-01-20 \.\. 2021-01-01: \d+ ticks, 8 half-yearly rounds, \d+ digests, [\d.]+ s$/,
    );
    expect(lines[1].split(/\s+/)).toEqual(COLUMNS);
    expect(lines.at(-1)).toMatch(/^guarantees: all held/);
  }, 120_000);
});

// Issue 13: group robots in the simulation, memory-backed (the real robot channel, an "ok" transport).
describe('simulate with group robots (WeCom, DingTalk, Feishu) in config/pprd.yaml', () => {
  let catalog: Catalog;
  let report: SimulationReport;

  beforeAll(async () => {
    const { directory } = loadDirectory(join(ROOT, 'config/agencies.yaml'));
    catalog = parseDocument(
      readFileSync(join(ROOT, 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8'),
      directory,
    );
    const tmp = tempDir('pprd-sim-robots-');
    const dir = join(tmp.dir, 'config');
    cpSync(configFrom2017(), dir, { recursive: true });
    withRobots(
      dir,
      `${ROBOTS_YAML}  - name: swt
    kind: feishu
    urlEnv: PPRD_ROBOT_SWT_URL
    secretEnv: PPRD_ROBOT_SWT_SECRET
    agency: [省商务厅, ${JTT}]
`,
    );
    // No robot variable is set: the simulation posts to memory, never to a webhook.
    const config = parseConfig(dir, { catalog, env: {} });
    tmp.cleanup();
    report = await simulate({ catalog, config, from: '2020-06-01', to: '2020-07-10', seed: 1, submitRate: 0.8 });
  }, 120_000);

  it('holds every guarantee and counts each robot message once per (occurrence, reminder, robot)', () => {
    expect(report.violations).toEqual([]);
    expect(formatSimulation(report).at(-1)).toBe(
      'guarantees: all held (no delivery twice, none after a submission, working days only, no before-reminder after its due date, none lost)',
    );
    expect(Object.keys(report.robots)).toEqual(['wecom:office', 'dingtalk:jtt', 'feishu:swt']);
    for (const keys of Object.values(report.robots)) expect(new Set(keys).size).toBe(keys.length);
    // The agency robots get only their agencies' messages; swt gets every one of jtt's too.
    for (const k of report.robots['dingtalk:jtt']) expect(k).toContain('省交通运输厅');
    for (const k of report.robots['feishu:swt']) expect(k).toMatch(/省商务厅|省交通运输厅/);
    expect(report.robots['feishu:swt']).toEqual(expect.arrayContaining(report.robots['dingtalk:jtt']));
    expect(report.robots).toEqual(EXPECTED_ROBOTS);
    // swt's two agencies' items of a day come in one message: at most one a day on every robot.
    expect(report.messagesPerDay.maxPerChannel).toBe(1);
    expect(formatSimulation(report).at(-3)).toBe(
      `group robots (memory): wecom:office ${EXPECTED_ROBOTS['wecom:office'].length}, dingtalk:jtt ${EXPECTED_ROBOTS['dingtalk:jtt'].length}, feishu:swt ${EXPECTED_ROBOTS['feishu:swt'].length} items`,
    );
  });
});

describe('found by a new-user trial: the table says what sent:escalation and escalated count', () => {
  it('header, one row and the legend line under it; pprd simulate --help explains every column', async () => {
    const report: SimulationReport = {
      from: '2020-01-01',
      to: '2020-12-31',
      ticks: 527_040,
      periods: [
        {
          period: '2020H1',
          occurrences: 63,
          reminders: { before: 315, due: 63, overdue: 40, escalation: 3 },
          submissions: 50,
          escalations: 13,
        },
      ],
      digests: 0,
      robots: {},
      messagesPerDay: { recipientDays: 0, messages: 0, maxPerChannel: 0, busiest: null },
      violations: [],
      elapsedMs: 1000,
    };
    expect(formatSimulation(report).slice(1, 4)).toEqual([
      'period  occurrences  sent:before  sent:due  sent:overdue  sent:escalation  submitted  escalated',
      '2020H1           63          315        63            40                3         50         13',
      'sent:KIND = messages of that kind (sent:escalation: to the coordinators, one per coordinator, channel and day); escalated = reports escalated, each once',
    ]);
    const help = await runCli(['simulate', '--help']);
    expect(help.code).toBe(0);
    const lines = help.out.split('\n');
    const at = lines.indexOf('Columns of the table (one row per period):');
    expect(lines.slice(at + 1, at + 9).map((l) => l.trim().split(/\s+/)[0])).toEqual(COLUMNS);
    expect(lines[at + 6]).toBe(
      '  sent:escalation  messages sent to the coordinators about overdue reports (one per coordinator, channel and day, folding the reports escalated that day)',
    );
    expect(lines[at + 8]).toBe(
      '  escalated        reports escalated to the coordinators (each report once, however many messages)',
    );
  });
});
