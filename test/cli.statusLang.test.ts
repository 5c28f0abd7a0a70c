import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

describe('pprd status reads its language as the other table commands do: --lang, else config language', () => {
  const t = tempDir('pprd-status-lang-cfg-');
  const dir = join(t.dir, 'config');
  cpSync(configFrom2017(), dir, { recursive: true });
  const file = join(dir, 'pprd.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^language: zh-CN/m, 'language: en'));
  useCliStore('pprd-status-lang-', { PPRD_CONFIG: dir });
  afterAll(() => t.cleanup());
  const now = ['--now', '2020-06-23T09:00:00+08:00'];

  it('language: en in pprd.yaml: status is in English without --lang, in Chinese with --lang zh-CN, and deadlines agrees', async () => {
    const en = await runCli(['status', ...now]);
    const zh = await runCli(['status', '--lang', 'zh-CN', ...now]);
    const enFlag = await runCli(['status', '--lang', 'en', ...now]);
    expect([en.code, zh.code, enFlag.code]).toEqual([0, 0, 0]);
    expect(en.out).toBe(enFlag.out);
    expect(en.out).not.toBe(zh.out);
    expect(en.out.split('\n')[0]).toBe('PPRD reporting status as of Tuesday 2020-06-23');
    expect(zh.out.split('\n')[0]).toBe('泛珠合作报送状态（截至 2020-06-23（星期二））');
    const deadlines = await runCli(['deadlines', ...now]);
    expect(deadlines.out.split('\n')[0]).toBe(
      'due         state    days          agency                    cycle        period',
    );
  });

  it('a bad --lang is refused before any work, naming the fix', async () => {
    const r = await runCli(['status', '--lang', 'fr', ...now]);
    expect([r.code, r.out, r.err]).toEqual([2, '', 'pprd: --lang "fr" — fix: use zh-CN or en\n']);
  });
});
