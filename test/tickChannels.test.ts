import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { createManualClock, silentLog } from '../src/service/index.ts';
import { startService } from '../src/service/serve.ts';
import { createDeliveryRepo, openStore } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { runCli } from './helpers/runCli.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtpServer.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 17 item 2: a manual `pprd tick` without the service's environment refuses (exit 2) instead of
// marking Slack deliveries dead or writing SMTP mail to a local outbox as "sent".

const FIX =
  "fix: run `pprd tick` with the service's environment (SMTP_URL, MAIL_FROM, SLACK_BOT_TOKEN, SLACK_API_URL as the service has them), or leave the sending to the service, which ticks every minute";

let fake: FakeSlackApi;
let smtp: TestSmtpServer;
let tmp: { dir: string; cleanup(): void };
beforeAll(async () => {
  fake = await createFakeSlackApi();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await fake.close();
  await smtp.close();
});
beforeEach(() => {
  tmp = tempDir('pprd-tickch-');
  cpSync(configFrom2017(), join(tmp.dir, 'config'), { recursive: true });
  const contacts = join(tmp.dir, 'config', 'contacts.yaml');
  // The first agency contact has a Slack id: one Slack DM is due with the 2020-06-23 09:00 reminders.
  writeFileSync(
    contacts,
    readFileSync(contacts, 'utf8').replace(
      /(\n {4}- name: [^\n]+\n {6}email: [^\n]+\n)/,
      '$1      slackId: U0SLACK1\n',
    ),
  );
});
afterEach(() => tmp.cleanup());

const dbPath = () => join(tmp.dir, 'pprd.sqlite');

/** Runs the service in process for one tick at `now`, with `env`, then stops it. */
async function serviceTick(env: NodeJS.ProcessEnv, now: string) {
  const configDir = join(tmp.dir, 'config');
  const service = await startService({
    dbPath: dbPath(),
    configDir,
    env: { PPRD_OUTBOX: join(tmp.dir, 'service-outbox'), ...env },
    clock: createManualClock(Date.parse(now)),
    log: silentLog,
    port: 0,
    host: '127.0.0.1',
    importDocument: () => {
      const o = importDocumentFile({ dbPath: dbPath(), configDir });
      return { changed: o.result.changed, summary: formatImport(o) };
    },
  });
  try {
    return await service.tick();
  } finally {
    await service.stop();
  }
}

/** `pprd tick` from a shell with `env` only (none of the service's variables unless given), in process (runCli). */
function shellTick(env: Record<string, string>, now: string) {
  const base = {
    PPRD_DB: dbPath(),
    PPRD_CONFIG: join(tmp.dir, 'config'),
    PPRD_OUTBOX: join(tmp.dir, 'shell-outbox'),
    PPRD_NOW: '',
    SMTP_URL: '',
    MAIL_FROM: '',
    SLACK_BOT_TOKEN: '',
    SLACK_API_URL: '',
  };
  return runCli(['tick', '--now', now], { ...base, ...env }).then((r) => ({
    code: r.code,
    stdout: r.out,
    stderr: r.err,
  }));
}

const rows = () => {
  const db = openStore(dbPath());
  try {
    return createDeliveryRepo(db)
      .list()
      .filter((r) => r.channel === 'slack')
      .map((r) => [r.status, r.recipient, r.attempts]);
  } finally {
    db.close();
  }
};

describe('pprd tick with fewer channels than the service', () => {
  it('without SLACK_BOT_TOKEN: exit 2 with the reasons and the fix; the waiting Slack delivery is untouched; with it, the delivery is sent', async () => {
    fake.failNext('chat.postMessage', { kind: 'slack_error', error: 'internal_error' });
    const first = await serviceTick(
      { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl },
      '2020-06-23T09:00:00+08:00',
    );
    expect([first?.sent, first?.retried, first?.dead]).toEqual([63, 1, 0]);
    const before = rows();
    expect(before).toEqual([['failed', 'sfgw@pprd.example.org', 1]]);

    const refused = await shellTick({}, '2020-06-23T09:10:00+08:00');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `pprd: not ticking: this shell would deliver on fewer channels than the service, nothing was sent or changed:\n- the service delivers on Slack (recorded at its start, 2020-06-23T01:00:00.000Z) and SLACK_BOT_TOKEN is not set here\n- 1 Slack delivery waits in the database and would be marked dead without Slack\n${FIX}\n`,
    );
    expect(rows()).toEqual(before);
    expect(existsSync(join(tmp.dir, 'shell-outbox'))).toBe(false);

    const ok = await shellTick({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_API_URL: fake.apiUrl }, '2020-06-23T09:10:00+08:00');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('sent 1 (late 0), retried 0, dead 0');
    expect(rows()).toEqual([['sent', 'sfgw@pprd.example.org', 2]]);
  }, 120_000);

  it('without SMTP_URL when the service sends by SMTP: exit 2, no outbox written', async () => {
    const first = await serviceTick({ SMTP_URL: smtp.url }, '2020-06-23T09:00:00+08:00');
    expect(first?.sent).toBe(63);
    const refused = await shellTick({}, '2020-06-30T09:00:00+08:00');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `pprd: not ticking: this shell would deliver on fewer channels than the service, nothing was sent or changed:\n- the service sends email by SMTP (recorded at its start, 2020-06-23T01:00:00.000Z) and SMTP_URL is not set here: the mail would go to a local outbox and count as sent\n${FIX}\n`,
    );
    expect(existsSync(join(tmp.dir, 'shell-outbox'))).toBe(false);
  }, 120_000);
});

describe('pprd tick compares group robots with the service (issue 13 gap 4)', () => {
  it("refuses when the service's robot is missing from this shell's config, naming it; nothing is sent or changed", async () => {
    const pprd = join(tmp.dir, 'config', 'pprd.yaml');
    const shipped = readFileSync(pprd, 'utf8');
    writeFileSync(
      pprd,
      shipped.replace(
        /^robots: \[\]\n/m,
        'robots:\n  - name: jtt\n    kind: dingtalk\n    urlEnv: PPRD_ROBOT_JTT_URL\n    secretEnv: PPRD_ROBOT_JTT_SECRET\n    agency: 省交通运输厅\n',
      ),
    );
    // The webhook does not answer (nothing listens on port 9): the robot's reminder waits to be retried.
    const robotEnv = {
      PPRD_ROBOT_JTT_URL: 'http://127.0.0.1:9/robot/send?access_token=t',
      PPRD_ROBOT_JTT_SECRET: 'SECsecret',
    };
    await serviceTick({ SMTP_URL: smtp.url, ...robotEnv }, '2020-06-23T09:00:00+08:00');
    writeFileSync(pprd, shipped);
    const before = openStore(dbPath());
    const waiting = createDeliveryRepo(before)
      .list()
      .filter((r) => r.channel === 'dingtalk:jtt')
      .map((r) => [r.status, r.recipient]);
    before.close();
    expect(waiting).toEqual([['failed', 'robot:jtt']]);
    const r = await shellTick({ SMTP_URL: smtp.url }, '2020-06-23T09:05');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'the service delivers on the group robot dingtalk:jtt (recorded at its start, 2020-06-23T01:00:00.000Z) and config/pprd.yaml robots: here does not name it',
    );
    const after = openStore(dbPath());
    expect(
      createDeliveryRepo(after)
        .list()
        .filter((x) => x.channel === 'dingtalk:jtt')
        .map((x) => [x.status, x.recipient]),
    ).toEqual([['failed', 'robot:jtt']]);
    after.close();
  });
});
