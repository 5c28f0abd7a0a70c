import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const zhWarning = (year: number, file: string) =>
  `警告：${year} 年尚无节假日数据，其日期按周一至周五（除元旦、劳动节、国庆节）推算（暂定）— 处理：${year} 年节假日安排公布后，在 ${file} 的 holidays 中添加 ${year}`;
const enWarning = (year: number, file: string) =>
  `warning: ${year} has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add ${year} under holidays in ${file} once its arrangement is published`;

/** The provisional years `pprd config check --json` warns about (its `holidays` warnings). */
async function configCheckYears(env: Record<string, string>): Promise<number[]> {
  const r = await runCli(['config', 'check', '--json'], env);
  const json = JSON.parse(r.out) as { warnings: { path: string; message: string }[] };
  return json.warnings.filter((w) => w.path === 'holidays').map((w) => Number(w.message.slice(0, 4)));
}

describe('one rule for provisional years (provisionalYearsOf): every command names the years of the plan it shows', () => {
  const cfg = configFrom2017();
  const pprdFile = join(cfg, 'pprd.yaml');
  useCliStore('pprd-provyears-');
  const DEC_1 = '2026-12-01T09:00:00+08:00';
  const JAN_11 = '2027-01-11T09:00:00+08:00';

  it('clock 2026-12-01 (Asia/Shanghai): config check, status and deadlines all name 2027 and 2028', async () => {
    expect(await configCheckYears({ PPRD_NOW: DEC_1 })).toEqual([2027, 2028]);
    const status = await runCli(['status', '--json'], { PPRD_NOW: DEC_1 });
    expect((JSON.parse(status.out) as { provisionalYears: number[] }).provisionalYears).toEqual([2027, 2028]);
    const deadlines = await runCli(['deadlines'], { PPRD_NOW: DEC_1 });
    expect(deadlines.err.split('\n')).toEqual([zhWarning(2027, pprdFile), zhWarning(2028, pprdFile), '']);
  });

  it('clock 2027-01-11: the plan reaches 2028-12-31, whose overdue reminders fall in 2029; config check says so too', async () => {
    expect(await configCheckYears({ PPRD_NOW: JAN_11 })).toEqual([2027, 2028, 2029]);
    const status = await runCli(['status', '--json'], { PPRD_NOW: JAN_11 });
    expect((JSON.parse(status.out) as { provisionalYears: number[] }).provisionalYears).toEqual([2027, 2028, 2029]);
  });

  it('preview: the years of the send and due dates it lists, in the language of its table', async () => {
    const zh = await runCli(['preview', '--from', '2027-06-01', '--to', '2027-07-31', '--now', DEC_1]);
    expect(zh.code).toBe(0);
    expect(zh.err.split('\n')).toEqual([zhWarning(2027, pprdFile), '']);
    expect(zh.out.split('\n').at(-2)).toBe('共 567 条提醒');
    const en = await runCli(['preview', '--from', '2027-06-01', '--to', '2027-07-31', '--lang', 'en', '--now', DEC_1]);
    expect(en.err.split('\n')).toEqual([enWarning(2027, pprdFile), '']);
    // Only 2026 dates listed (due 2026-12-31): no warning.
    const none = await runCli(['preview', '--from', '2026-12-01', '--to', '2026-12-31', '--now', DEC_1]);
    expect([none.code, none.err]).toEqual([0, '']);
  });

  it('status --xlsx: the count line is Chinese by default and singular for one round in English', async () => {
    const t = tempDir('pprd-provyears-xlsx-');
    try {
      const file = join(t.dir, 'status.xlsx');
      const zh = await runCli(['status', '--xlsx', file, '--period', '2026H2'], { PPRD_NOW: DEC_1 });
      expect([zh.code, zh.err]).toEqual([0, `已写入 ${file}：1 轮，63 个单元格\n`]);
      const en = await runCli(['status', '--xlsx', file, '--period', '2026H2', '--lang', 'en'], { PPRD_NOW: DEC_1 });
      expect(en.err).toBe(`wrote ${file}: 1 round, 63 cells\n`);
    } finally {
      t.cleanup();
    }
  });
});

describe('preview: the offset column shows the offset as configured (3wd), not its calendar days', () => {
  const t = tempDir('pprd-offset-cfg-');
  const dir = join(t.dir, 'config');
  cpSync(configFrom2017(), dir, { recursive: true });
  const file = join(dir, 'pprd.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('    reminders: [30, 14, 7, 3, 1, 0]', '    reminders: [3wd, 0]'));
  useCliStore('pprd-offset-', { PPRD_CONFIG: dir });
  afterAll(() => t.cleanup());

  it('reminders: [3wd, 0] — the reminder 3 working days before Tuesday 2026-06-30 (Thursday 06-25, 5 calendar days) shows 3wd', async () => {
    const r = await runCli([
      'preview',
      '--from',
      '2026-06-20',
      '--to',
      '2026-06-30',
      '--agency',
      '省水利厅',
      '--now',
      '2026-06-01T09:00:00+08:00',
    ]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n')).toEqual([
      '日期        时间   类型      偏移  单位      周期         期次    截止日期',
      '2026-06-25  09:00  提前提醒  3wd   省水利厅  half-yearly  2026H1  2026-06-30',
      '2026-06-30  09:00  到期提醒  0     省水利厅  half-yearly  2026H1  2026-06-30',
      '共 2 条提醒',
      '',
    ]);
  });
});
