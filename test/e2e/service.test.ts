import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { configFrom2017 } from '../helpers/configFrom2017.ts';
import { createFakeSlackApi, type FakeSlackApi } from '../helpers/fakeSlackApi.ts';
import { PPRD_BIN } from '../helpers/runPprd.ts';
import { commandBody, postSigned } from '../helpers/slackSign.ts';
import { startSmtpServer, type TestSmtpServer, unusedPort } from '../helpers/smtpServer.ts';
import { tempDir } from '../helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = 'e2e-signing-secret';
/** The service clock at start: 5 s before the 09:00 round, a few times the compiled service's start-up. */
const NOW = '2020-06-23T08:59:55+08:00';
const NINE = '2020-06-23T09:00:00+08:00';
/** The service clock of the restart: after the 09:00 round went out. */
const RESTART = '2020-06-23T09:00:05+08:00';
/** Agencies given a Slack id in the test's copy of contacts.yaml, and the coordinator's id. */
const SLACK_AGENCIES: Record<string, string> = { 省发展改革委: 'UFGW', 省交通运输厅: 'UJTT', 海关广东分署: 'UHGGD' };
const COORDINATOR = 'UCOORD1';

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [...PPRD_BIN, 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function until(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  output?: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${output ? `\n--- service output ---\n${output().slice(-4000)}` : ''}`);
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Whether /readyz says a tick at or after 09:00 of 2020-06-23 has ended (`lastTick` is set when a tick ends). */
function tickedAt(readyz: { body: Record<string, unknown> }): boolean {
  return typeof readyz.body.lastTick === 'string' && Date.parse(readyz.body.lastTick) >= Date.parse(NINE);
}

/** The 2020H1 reminders received: their subject names 2020年上半年 (contacts' mail carries no CLI command). */
function h1Mails(smtp: TestSmtpServer) {
  return smtp.received.filter((m) => (m.parsed.subject ?? '').includes('2020年上半年'));
}

describe('pprd serve end to end (real document, PPRD_NOW=2020-06-23T08:59:55+08:00)', () => {
  let smtp: TestSmtpServer;
  let slack: FakeSlackApi;
  let tmp: { dir: string; cleanup(): void };
  let env: NodeJS.ProcessEnv;
  let port: number;
  let agencyEmails: string[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    slack = await createFakeSlackApi();
    tmp = tempDir('pprd-e2e-');
    const configDir = join(tmp.dir, 'config');
    cpSync(configFrom2017(), configDir, { recursive: true });
    const contactsFile = join(configDir, 'contacts.yaml');
    const contacts = parse(readFileSync(contactsFile, 'utf8')) as {
      coordinators: { name: string; email: string; slackId?: string }[];
      agencies: Record<string, { name: string; email: string; slackId?: string }[]>;
    };
    contacts.coordinators[0].slackId = COORDINATOR;
    for (const [agency, id] of Object.entries(SLACK_AGENCIES)) contacts.agencies[agency][0].slackId = id;
    writeFileSync(contactsFile, stringify(contacts));
    agencyEmails = Object.values(contacts.agencies).flatMap((list) => list.map((c) => c.email.toLowerCase()));
    port = await unusedPort();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'America/Los_Angeles',
      PPRD_DB: join(tmp.dir, 'pprd.sqlite'),
      PPRD_CONFIG: configDir,
      PPRD_OUTBOX: join(tmp.dir, 'outbox'),
      PPRD_NOW: NOW,
      PORT: String(port),
      SMTP_URL: smtp.url,
      MAIL_FROM: '省泛珠办 提醒 <pprd@pprd.example.org>',
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
  });

  afterAll(async () => {
    await smtp?.close();
    await slack?.close();
    tmp?.cleanup();
  });

  it('sends every agency its 2020H1 seven-day reminder once, answers /pprd status and /healthz, stops on SIGTERM, and sends nothing again after a restart', async () => {
    const spawnedAt = Date.now();
    const first = startService(env);
    try {
      // Every agency contact: exactly one 2020H1 reminder by email, the seven-day one.
      await until(
        '63 seven-day reminders by email',
        () => h1Mails(smtp).length >= agencyEmails.length,
        90_000,
        first.output,
      );
      // Within a minute of the start (the clock starts 5 s before 09:00; start-up itself takes about a second).
      expect(Date.now() - spawnedAt).toBeLessThan(60_000);
      // Count once the 09:00 tick has ended (its sends are all answered by then): no sleeping.
      await until(
        'the 09:00 tick to end',
        async () => tickedAt(await getJson(`http://127.0.0.1:${port}/readyz`)),
        30_000,
        first.output,
      );
      const mails = h1Mails(smtp);
      const to = mails.map((m) => m.rcptTo[0].toLowerCase()).sort();
      expect(to).toEqual([...agencyEmails].sort());
      expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(mails.length);
      for (const m of mails) {
        expect(m.parsed.subject).toBe(
          '【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）',
        );
        expect(m.parsed.text).toContain('7');
        // Dated on the service clock (PPRD_NOW), not the host's: 09:00 Asia/Shanghai = 01:00 UTC.
        expect(m.parsed.date!.toISOString().slice(0, 16)).toBe('2020-06-23T01:00');
      }

      // Slack: one DM per contact with a Slack id, carrying the 2020H1 reminder.
      await until(
        '3 Slack reminders',
        () => slack.done('chat.postMessage').filter((c) => JSON.stringify(c.params).includes('2020H1')).length >= 3,
        30_000,
        first.output,
      );
      const dms = slack.done('chat.postMessage').filter((c) => JSON.stringify(c.params).includes('2020H1'));
      expect(dms.map((c) => c.params.channel).sort()).toEqual(Object.values(SLACK_AGENCIES).sort());

      // /healthz and /readyz on the service port.
      const health = await getJson(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await getJson(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body.config).toBe('valid');

      // /pprd status from a coordinator: the 2020H1 round, 0 of 63 submitted.
      const res = await postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        SECRET,
        commandBody({ text: 'status', userId: COORDINATOR, responseUrl: slack.responseUrl('status-1') }),
      );
      expect(res.status).toBe(200);
      await until('the status answer', () => slack.responses.some((r) => r.id === 'status-1'), 15_000, first.output);
      const answer = JSON.stringify(slack.responses.find((r) => r.id === 'status-1')!.body);
      expect(answer).toContain('2020H1');
      expect(answer).toMatch(/0\s*\/\s*63/);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }

    const mailsBefore = smtp.received.length;
    const postsBefore = slack.done('chat.postMessage').length;
    // Restarted on the same database after the round went out (the clock at 09:00:05): the tick at start
    // catches up on 09:00 and must find everything sent. Once it has ended (its sends would be answered
    // by then), nothing new.
    const second = startService({ ...env, PPRD_NOW: RESTART });
    try {
      await until(
        'the tick at start after the restart',
        async () => tickedAt(await getJson(`http://127.0.0.1:${port}/readyz`)),
        90_000,
        second.output,
      );
      expect(smtp.received.length).toBe(mailsBefore);
      expect(slack.done('chat.postMessage').length).toBe(postsBefore);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      second.child.kill('SIGKILL');
    }
    // Logs: JSON lines with no secrets.
    expect(first.output() + second.output()).not.toContain(SECRET);
    expect(first.output() + second.output()).not.toContain('xoxb-e2e');
  }, 240_000);
});
