import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSmtpUrl, createEmailChannel, parseMailFrom, robotsFromEnv, slackFromEnv } from '../src/channels/index.ts';
import { requireConfig } from '../src/cli/commands/schedule.ts';
import { ConfigError, formatProblem } from '../src/config/index.ts';
import {
  DateInputError,
  DbFullError,
  DbIoError,
  DbReadonlyError,
  exitStatusOf,
  LinkConfigError,
  MailFromError,
  PprdError,
  RobotEnvError,
  SlackConfigError,
  SmtpNameError,
  SmtpUrlError,
} from '../src/errors.ts';
import { linksFromEnv } from '../src/main.ts';
import { parseInstant } from '../src/schedule/index.ts';
import { startService } from '../src/service/serve.ts';
import { explainStoreError } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 10: the coded error catalogue (src/errors.ts) — one class per failure with its code, exit status and fix.

/** What `fn` throws (or rejects with). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('each failure is its class, with its code, exit status and fix', () => {
  test.each([
    ['SMTP_URL', () => checkSmtpUrl('notaurl'), SmtpUrlError, 'PPRD_SMTP_URL', 2, 'SMTP_URL'],
    ['MAIL_FROM', () => parseMailFrom('a@b.example, c@d.example'), MailFromError, 'PPRD_MAIL_FROM', 2, 'MAIL_FROM'],
    [
      'SMTP_NAME',
      () => createEmailChannel({ name: 'not a host', outboxDir: '/tmp/none' }),
      SmtpNameError,
      'PPRD_SMTP_NAME',
      2,
      'SMTP_NAME',
    ],
    [
      'Slack partly set',
      () => slackFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }),
      SlackConfigError,
      'PPRD_SLACK_CONFIG',
      2,
      'SLACK_SIGNING_SECRET',
    ],
    [
      'a robot variable',
      () =>
        robotsFromEnv(
          [
            {
              name: 'office',
              kind: 'wecom',
              urlEnv: 'OFFICE_URL',
              coordinators: true,
              agencies: [],
              language: 'zh-CN',
            },
          ],
          {},
          { reserve: () => ({ ok: true }) },
        ),
      RobotEnvError,
      'PPRD_ROBOT_ENV',
      2,
      'OFFICE_URL',
    ],
    [
      'PPRD_LINK_SECRET',
      () => linksFromEnv({ PPRD_LINK_SECRET: 'short' }),
      LinkConfigError,
      'PPRD_LINK_CONFIG',
      2,
      'PPRD_LINK_SECRET',
    ],
    [
      'an instant',
      () => parseInstant('2024-02-30', '--now', 'Asia/Shanghai'),
      DateInputError,
      'BAD_INSTANT',
      2,
      '--now',
    ],
    [
      'a read-only database',
      () => {
        throw explainStoreError(
          Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
          '/srv/pprd.sqlite',
        );
      },
      DbReadonlyError,
      'PPRD_DB_READONLY',
      1,
      '/srv/pprd.sqlite (PPRD_DB)',
    ],
    [
      'a full disk',
      () => {
        throw explainStoreError(
          Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
          '/srv/pprd.sqlite',
        );
      },
      DbFullError,
      'PPRD_DB_FULL',
      1,
      '/srv/pprd.sqlite (PPRD_DB)',
    ],
    [
      'an unreadable database',
      () => {
        throw explainStoreError(
          Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }),
          '/srv/pprd.sqlite',
        );
      },
      DbIoError,
      'PPRD_DB_IO',
      1,
      '/srv/pprd.sqlite (PPRD_DB)',
    ],
  ] as const)('%s', async (_what, fn, cls, code, status, names) => {
    const err = await thrown(fn);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(PprdError);
    const e = err as PprdError;
    expect([e.name, e.code, e.exitCode, exitStatusOf(e)]).toEqual([cls.name, code, status, status]);
    expect(e.fix.length).toBeGreaterThan(10);
    // The message names where (the variable, option or file) and the particular fix.
    expect(e.message).toContain(names);
    expect(e.message).toMatch(/ — fix: |: set it /);
  });

  test('anything else is unexpected: exit 1', () => {
    expect(exitStatusOf(new TypeError('x is undefined'))).toBe(1);
    expect(exitStatusOf(Object.assign(new Error('bolted on'), { exitCode: 2 }))).toBe(1);
  });
});

describe('one failure has one code wherever it happens', () => {
  test('a short PPRD_LINK_SECRET: the service refuses to start with LinkConfigError, pprd link and pprd tick exit 2 with the same message', async () => {
    const t = tempDir();
    try {
      cpSync(configFrom2017(), join(t.dir, 'config'), { recursive: true });
      const env = { PPRD_LINK_SECRET: 'short' };
      const service = await thrown(() => startService(serviceOptionsIn(t.dir, memoryLog().log, { env })));
      expect(service).toBeInstanceOf(LinkConfigError);
      const message = (service as Error).message;
      expect(message).toBe(
        'PPRD_LINK_SECRET is 5 characters — fix: set it to at least 32 random characters (e.g. `openssl rand -hex 32`)',
      );
      const cliEnv = {
        ...env,
        PPRD_CONFIG: join(t.dir, 'config'),
        PPRD_DB: join(t.dir, 'cli.sqlite'),
        PPRD_OUTBOX: join(t.dir, 'outbox'),
        SMTP_URL: '',
        SLACK_BOT_TOKEN: '',
        PPRD_NOW: '',
      };
      const link = await runCli(['link', '--coordinator', '省泛珠办 协调员一'], cliEnv);
      const tick = await runCli(['tick', '--now', '2020-06-23T09:00:00+08:00'], cliEnv);
      expect([link.code, link.err]).toEqual([2, `pprd: ${message}\n`]);
      expect([tick.code, tick.err]).toEqual([2, `pprd: ${message}\n`]);
    } finally {
      t.cleanup();
    }
  });

  test('an invalid config: ConfigError PPRD_CONFIG_INVALID from the service, every command and config check (exit 2)', async () => {
    const t = tempDir();
    try {
      const dir = join(t.dir, 'config');
      cpSync(configFrom2017(), dir, { recursive: true });
      const file = join(dir, 'pprd.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('sendAt: "09:00"', 'sendAt: "9 点"'));
      const service = await thrown(() => startService(serviceOptionsIn(t.dir, memoryLog().log)));
      const command = await thrown(() => requireConfig({ dir, env: {} }));
      for (const e of [service, command]) {
        expect(e).toBeInstanceOf(ConfigError);
        expect([
          (e as ConfigError).code,
          (e as ConfigError).exitCode,
          (e as ConfigError).problems.map(formatProblem),
        ]).toEqual([
          'PPRD_CONFIG_INVALID',
          2,
          [
            `${file}:7:9 sendAt: sendAt must be a local time HH:mm, e.g. "09:00" — fix: write a local time in quotes, e.g. "09:00"`,
          ],
        ]);
      }
      const check = await runCli(['config', 'check'], { PPRD_CONFIG: dir, PPRD_DB: join(t.dir, 'none.sqlite') });
      expect([check.code, check.err]).toEqual([2, `pprd: 1 problem in ${dir}/\n`]);
    } finally {
      t.cleanup();
    }
  });

  test('nothing imported: pprd deadlines and pprd agencies say it in the same words (NO_CATALOG, exit 2)', async () => {
    const t = tempDir();
    try {
      const env = { PPRD_CONFIG: configFrom2017(), PPRD_DB: join(t.dir, 'empty.sqlite'), PPRD_NOW: '' };
      const expected = [
        2,
        `pprd: no document imported in ${env.PPRD_DB} yet — fix: run \`pprd import\` first (or set PPRD_DB to the database you imported into)\n`,
      ];
      for (const args of [['deadlines'], ['agencies']]) {
        const r = await runCli(args, env);
        expect([args[0], r.code, r.err]).toEqual([args[0], ...expected]);
      }
    } finally {
      t.cleanup();
    }
  });

  test('a bad PPRD_NOW: DateInputError BAD_INSTANT from the service as from the CLI (exit 2)', async () => {
    const t = tempDir();
    try {
      cpSync(configFrom2017(), join(t.dir, 'config'), { recursive: true });
      const service = await thrown(() =>
        startService(serviceOptionsIn(t.dir, memoryLog().log, { env: { PPRD_NOW: '2024-02-30' } })),
      );
      expect([(service as DateInputError).code, (service as DateInputError).exitCode]).toEqual(['BAD_INSTANT', 2]);
      const cliEnv = { PPRD_CONFIG: join(t.dir, 'config'), PPRD_DB: join(t.dir, 'cli.sqlite'), PPRD_NOW: '' };
      expect((await runCli(['import'], cliEnv)).code).toBe(0);
      const cli = await runCli(['deadlines'], { ...cliEnv, PPRD_NOW: '2024-02-30' });
      expect([cli.code, cli.err]).toEqual([2, `pprd: ${(service as Error).message}\n`]);
    } finally {
      t.cleanup();
    }
  });
});
