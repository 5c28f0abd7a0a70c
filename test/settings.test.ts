import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/index.ts';
import { readSettings } from '../src/settings.ts';
import { projectPath } from './helpers/catalogFixture.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 10: settings precedence (defaults < file < environment < flags) in one place, src/settings.ts.

describe('readSettings', () => {
  test('defaults when nothing is set; an empty variable counts as unset', () => {
    expect(readSettings({})).toMatchObject({
      configDir: 'config',
      dbPath: 'data/pprd.sqlite',
      now: undefined,
      user: 'cli',
      logLevel: 'info',
    });
    expect(readSettings({ PPRD_CONFIG: '', PPRD_DB: '', PPRD_NOW: '', PPRD_USER: '', USER: 'ops' })).toMatchObject({
      configDir: 'config',
      dbPath: 'data/pprd.sqlite',
      now: undefined,
      user: 'ops',
    });
  });

  test('the environment over the defaults, a flag over its variable; the flags reach env for the factories', () => {
    const env = {
      PPRD_CONFIG: '/etc/pprd',
      PPRD_DB: '/srv/pprd.sqlite',
      PPRD_NOW: '2020-06-23T09:00',
      PPRD_USER: '省泛珠办',
      USER: 'root',
      LOG_LEVEL: 'warn',
      PPRD_LINK_DAYS: '30',
    };
    expect(readSettings(env)).toMatchObject({
      configDir: '/etc/pprd',
      dbPath: '/srv/pprd.sqlite',
      now: '2020-06-23T09:00',
      user: '省泛珠办',
      logLevel: 'warn',
    });
    const s = readSettings(env, { now: '2024-12-20', by: '张三', linkDays: '7', configDir: 'my-config' });
    expect(s).toMatchObject({ configDir: 'my-config', dbPath: '/srv/pprd.sqlite', now: '2024-12-20', user: '张三' });
    expect([s.env.PPRD_NOW, s.env.PPRD_USER, s.env.PPRD_LINK_DAYS, s.env.PPRD_CONFIG]).toEqual([
      '2024-12-20',
      '张三',
      '7',
      'my-config',
    ]);
    // A flag not given leaves its variable.
    expect(readSettings(env, { by: undefined }).user).toBe('省泛珠办');
    expect(Object.isFrozen(s) && Object.isFrozen(s.env)).toBe(true);
    expect(env.PPRD_NOW).toBe('2020-06-23T09:00');
  });

  test('defaults < file < environment: sendAt is 09:00 by default, the file says 09:00, PPRD_SEND_AT 10:30 wins', () => {
    const dir = configFrom2017();
    expect(loadConfig(dir, { env: readSettings({}).env }).config.sendAt).toBe('09:00');
    expect(
      loadConfig(dir, { env: readSettings({ PPRD_SEND_AT: '10:30', PPRD_TIMEZONE: 'Asia/Hong_Kong' }).env }).config,
    ).toMatchObject({ sendAt: '10:30', timezone: 'Asia/Hong_Kong' });
  });
});

describe('the CLI reads its settings in one place', () => {
  test('pprd submit: --by over PPRD_USER over USER', async () => {
    const t = tempDir();
    try {
      const env = {
        PPRD_CONFIG: configFrom2017(),
        PPRD_DB: join(t.dir, 'pprd.sqlite'),
        PPRD_NOW: '2020-06-23T09:00:00+08:00',
        USER: 'root',
        PPRD_USER: '省泛珠办',
      };
      expect((await runCli(['import'], env)).code).toBe(0);
      const args = (agency: string) => [
        'submit',
        '--agency',
        agency,
        '--cycle',
        'half-yearly',
        '--period',
        '2020H1',
        '--json',
      ];
      const byFlag = JSON.parse((await runCli([...args('省交通运输厅'), '--by', '张三'], env)).out);
      const byVar = JSON.parse((await runCli(args('省教育厅'), env)).out);
      const byUser = JSON.parse((await runCli(args('省商务厅'), { ...env, PPRD_USER: undefined })).out);
      expect([byFlag.by, byVar.by, byUser.by]).toEqual(['张三', '省泛珠办', 'root']);
      // --now over PPRD_NOW: the instant recorded.
      const at = JSON.parse((await runCli([...args('省科技厅'), '--now', '2020-06-24T10:00'], env)).out);
      expect(at.recordedAt).toBe('2020-06-24T10:00:00.000+08:00');
    } finally {
      t.cleanup();
    }
  });

  test('no file under src/ reads process.env but src/cli/settings.ts', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const src = projectPath('src');
    const readers = files(src).filter((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .some((l) => /process\.env/.test(l) && !/^\s*(\*|\/\/)/.test(l)),
    );
    expect(readers.map((f) => f.slice(src.length + 1))).toEqual(['cli/settings.ts']);
  });
});
