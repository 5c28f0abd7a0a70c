import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createEmailChannel, parseMailFrom } from '../src/channels/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { createManualClock, silentLog } from '../src/service/index.ts';
import { startService } from '../src/service/serve.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 9 item 3: every value that can reach a header is checked where it enters, before anything runs.

/** `pprd ARGS` in this process (runCli), on a temporary database, outbox and copy of config/. */
function pprd(dir: string, env: Record<string, string>, ...args: string[]) {
  const base = {
    PPRD_DB: join(dir, 'pprd.sqlite'),
    PPRD_OUTBOX: join(dir, 'outbox'),
    PPRD_CONFIG: join(dir, 'config'),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    PPRD_NOW: '',
    MAIL_FROM: '',
  };
  return runCli(args, { ...base, ...env });
}

function withConfig(edit: (dir: string) => void): { dir: string; cleanup(): void } {
  const t = tempDir('pprd-headers-');
  cpSync(configFrom2017(), join(t.dir, 'config'), { recursive: true });
  edit(join(t.dir, 'config'));
  return t;
}

describe('config values that reach a Subject, From or To', () => {
  it('`pprd config check` refuses a cycle name with a line break, naming file:line, field and fix (exit 2)', async () => {
    const t = withConfig((dir) => {
      const file = join(dir, 'pprd.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'name: 泛珠合作事项半年报送',
          'name: "泛珠合作事项半年报送\\nBcc: spy@evil.example"',
        ),
      );
    });
    try {
      const text = readFileSync(join(t.dir, 'config', 'pprd.yaml'), 'utf8');
      const line = text.split('\n').findIndex((l) => l.includes('Bcc: spy')) + 1;
      const r = await pprd(t.dir, {}, 'config', 'check');
      expect(r.code).toBe(2);
      expect(r.out).toBe(
        `${join(t.dir, 'config', 'pprd.yaml')}:${line}:11 cycles[0].name: cycle name contains a line break (U+000A) at character 11: it would reach a mail header or a Slack message — fix: write the cycle name on one line, e.g. 泛珠合作事项半年报送 (no line break, tab or control character; not a \`|\` or \`>\` block)\n`,
      );
    } finally {
      t.cleanup();
    }
  }, 60_000);

  it('refuses a line break inside an alias (agencies.yaml) and a digestChannel that is no channel id; a trailing CR or tab is trimmed', () => {
    const t = withConfig((dir) => {
      const pprdFile = join(dir, 'pprd.yaml');
      let text = readFileSync(pprdFile, 'utf8')
        .replace('submitTo: 省泛珠办', 'submitTo: "省泛珠办\\r"')
        .replace('source: 三(一)', 'source: "三(一)\\t"');
      text = text.replace('slack: {}', 'slack:').replace('# digestChannel: C0123456789', 'digestChannel: "C01\\nX"');
      writeFileSync(pprdFile, text);
      const agFile = join(dir, 'agencies.yaml');
      writeFileSync(agFile, readFileSync(agFile, 'utf8').replace('省住建厅]', '"省\\u2028住建厅"]'));
    });
    try {
      const { problems } = loadConfig(join(t.dir, 'config'), { env: {} });
      expect(problems.map((p) => `${p.path}: ${p.message}`).sort()).toEqual(
        [
          'agencies[11].aliases[2]: alias contains a line break (U+2028) at character 2: it would reach a mail header or a Slack message',
          'slack.digestChannel: digestChannel must be a Slack channel id such as C0123456789',
        ].sort(),
      );
    } finally {
      t.cleanup();
    }
  });

  it('a trailing tab or CR that YAML keeps is trimmed, not refused; one inside the value is refused', () => {
    const t = withConfig((dir) => {
      const file = join(dir, 'pprd.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('submitTo: 省泛珠办', 'submitTo: "省泛\\r珠办"'));
    });
    try {
      const { problems } = loadConfig(join(t.dir, 'config'), { env: {} });
      expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
        'cycles[0].submitTo: submitTo contains a line break (U+000D) at character 3: it would reach a mail header or a Slack message',
      ]);
    } finally {
      t.cleanup();
    }
  });
});

describe('MAIL_FROM, read with nodemailer’s address parser', () => {
  it('reads a display name with a comma or Chinese text and one address', () => {
    expect(parseMailFrom('省泛珠办 <pprd@example.gov.cn>')).toEqual({
      name: '省泛珠办',
      address: 'pprd@example.gov.cn',
    });
    expect(parseMailFrom('"PPRD, Guangdong" <pprd@example.gov.cn>')).toEqual({
      name: 'PPRD, Guangdong',
      address: 'pprd@example.gov.cn',
    });
    expect(parseMailFrom('pprd@example.gov.cn')).toEqual({ name: '', address: 'pprd@example.gov.cn' });
  });

  it.each([
    [
      '省泛珠办 <pprd@example.gov.cn>\r\nBcc: spy@evil.example',
      'MAIL_FROM contains a line break (U+000D) at character 27: a line break would start a new mail header',
    ],
    ['a <a@example.org>, b@example.org', 'MAIL_FROM names 2 senders; it must name exactly one'],
    ['office: a@example.org;', 'MAIL_FROM is an address group ("office: …;"); it must name exactly one sender'],
    ['省泛珠办', 'MAIL_FROM has no valid address (found ""); write local@domain inside < >'],
    [
      '省泛珠办 <pprd.example.gov.cn>',
      'MAIL_FROM has no valid address (found "pprd.example.gov.cn"); write local@domain inside < >',
    ],
  ])('refuses %j, naming MAIL_FROM and the fix', (value, why) => {
    let err: (Error & { code?: string; exitCode?: number }) | undefined;
    try {
      createEmailChannel({ from: value, outboxDir: '/nonexistent' });
    } catch (e) {
      err = e as Error & { code?: string; exitCode?: number };
    }
    expect(err?.code).toBe('PPRD_MAIL_FROM');
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toBe(
      `${why} — fix: set MAIL_FROM to one sender on one line, e.g. MAIL_FROM='省泛珠办 <pprd@example.gov.cn>' or MAIL_FROM=pprd@example.gov.cn (quote a display name that has a comma), or unset it for the default`,
    );
  });

  it('`pprd tick` with a MAIL_FROM holding a line break exits 2 and writes nothing; a good one is the From of every email', async () => {
    const t = withConfig(() => {});
    try {
      expect((await pprd(t.dir, {}, 'import')).code).toBe(0);
      const bad = await pprd(
        t.dir,
        { MAIL_FROM: '省泛珠办 <pprd@example.gov.cn>\nBcc: spy@evil.example' },
        'tick',
        '--now',
        '2020-06-23T09:00:00+08:00',
      );
      expect(bad.code).toBe(2);
      expect(bad.err).toContain(
        'pprd: MAIL_FROM contains a line break (U+000A) at character 27: a line break would start a new mail header — fix: set MAIL_FROM',
      );
      expect(existsSync(join(t.dir, 'outbox'))).toBe(false);

      const good = await pprd(
        t.dir,
        { MAIL_FROM: '广东省泛珠办 <pprd@example.gov.cn>' },
        'tick',
        '--now',
        '2020-06-23T09:00:00+08:00',
      );
      expect(good.out).toContain('sent 63');
      const files = readdirSync(join(t.dir, 'outbox'));
      const mail = await simpleParser(readFileSync(join(t.dir, 'outbox', files[0])));
      expect(mail.from?.value).toEqual([{ name: '广东省泛珠办', address: 'pprd@example.gov.cn' }]);
      expect(mail.headers.has('bcc')).toBe(false);
    } finally {
      t.cleanup();
    }
  }, 120_000);

  it('the service refuses to start on such a MAIL_FROM before it imports or opens anything', async () => {
    const t = withConfig(() => {});
    const dbPath = join(t.dir, 'pprd.sqlite');
    let imported = false;
    try {
      const err = await startService({
        dbPath,
        configDir: join(t.dir, 'config'),
        env: { MAIL_FROM: 'pprd@example.gov.cn\r\nReply-To: spy@evil.example' },
        clock: createManualClock(Date.parse('2020-06-23T08:59:50+08:00')),
        log: silentLog,
        port: 0,
        host: '127.0.0.1',
        importDocument: () => {
          imported = true;
          return { changed: false, summary: [] };
        },
      }).catch((e: unknown) => e as Error & { exitCode?: number });
      expect((err as Error & { exitCode?: number }).exitCode).toBe(2);
      expect((err as Error).message).toMatch(
        /^MAIL_FROM contains a line break \(U\+000D\) at character 20: a line break would start a new mail header — fix: /,
      );
      expect(imported).toBe(false);
      expect(existsSync(dbPath)).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
