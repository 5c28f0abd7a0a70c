import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

test('--json on agencies, agency and task: the real document read back as data (67 agencies; 省交通运输厅 leads task 7, supports task 1; task 7 names it)', async () => {
  const t = tempDir();
  try {
    const env = { PPRD_DB: join(t.dir, 'pprd.sqlite'), SMTP_URL: '', SLACK_BOT_TOKEN: '', PPRD_NOW: '' };
    expect((await runCli(['import'], env)).code).toBe(0);

    const agencies = await runCli(['agencies', '--json'], env);
    expect(agencies.code).toBe(0);
    const list = JSON.parse(agencies.out);
    expect(list.document).toBe('粤府〔2017〕8号');
    expect(list.agencies).toHaveLength(67);
    expect(list.agencies.find((a: { name: string }) => a.name === '省交通运输厅')).toMatchObject({
      fullName: '广东省交通运输厅',
      group: false,
    });

    const agency = await runCli(['agency', '广东省交通运输厅', '--json'], env);
    expect(agency.code).toBe(0);
    const a = JSON.parse(agency.out);
    expect(a.name).toBe('省交通运输厅');
    expect(a.leads.map((r: { task: string }) => r.task)).toContain('7');
    expect(a.supports.map((r: { task: string }) => r.task)).toContain('1');
    expect(a.targets.map((x: { id: string }) => x.id)).toEqual(['T5']);

    const task = await runCli(['task', '7', '--json'], env);
    expect(task.code).toBe(0);
    const k = JSON.parse(task.out);
    expect(k).toMatchObject({ id: '7', title: '共建现代化综合交通运输体系' });
    expect(k.paragraphs.some((p: { lead: string[] }) => p.lead.includes('省交通运输厅'))).toBe(true);
    expect(k.targets.map((x: { id: string }) => x.id)).toEqual(['T5']);

    // A wrong name is still an error on stderr, exit 2, with nothing on stdout.
    const bad = await runCli(['agency', '不存在的单位', '--json'], env);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
  } finally {
    t.cleanup();
  }
});
