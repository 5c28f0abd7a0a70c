import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { createEmailChannel, type EmailChannel } from '../src/channels/index.ts';
import { type Config, loadConfig } from '../src/config/index.ts';
import { channelsFromEnv } from '../src/main.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, createRobotSendRepo, createScheduleRepo, type Db, openStore } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { contact, importRealCatalog } from './helpers/deliveryWorld.ts';
import { createFakeSlackApi } from './helpers/fakeSlackApi.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtpServer.ts';

// Issue 14 item 2: on Monday 2021-01-04 the contact of 省交通运输厅 has three things due — the first
// overdue reminder of the 2020H2 half-yearly report (due Thursday 12-31; 01-01 is 元旦), the first
// overdue reminder of the 2020 progress request of target T5, and the monthly digest of 01-01 (a
// holiday, so sent on the next working day). One email for the three, each still recorded on its own.
const JTT = '省交通运输厅';
const SJTT = 'sjtt@pprd.example.org';
const HALF = `half-yearly/2020H2/${JTT}/overdue/-1`;
const T5 = `target:T5/2020/${JTT}/overdue/-1`;
const DIGEST = `digest/monthly-agency/2021-01-01T09:00/${JTT}`;

let db: Db;
let catalog: Catalog;
let smtp: TestSmtpServer;
let email: EmailChannel;
beforeEach(async () => {
  db = openStore(':memory:');
  catalog = importRealCatalog(db);
  smtp = await startSmtpServer();
  email = createEmailChannel({ smtpUrl: smtp.url });
});
afterEach(async () => {
  await email.close();
  await smtp.close();
  db.close();
});

/** The shipped config tracking the programme from 2017 (bundle as shipped: on), with contacts for 省交通运输厅 only, or `bundle` set. */
function config(bundle?: boolean): Config {
  const { config: c, problems } = loadConfig(configFrom2017(), { catalog, env: {} });
  expect(problems).toEqual([]);
  return {
    ...c,
    delivery: { ...c.delivery, ...(bundle === undefined ? {} : { bundle }) },
    contacts: { agencies: { [JTT]: [contact('交通联络人', SJTT)] }, coordinators: [] },
  };
}
const tick = (c: Config, local: string) =>
  runTick({ db, catalog, config: c, channels: [email], now: shanghai(local), log: silentLog });
const rowsOf = (key: string) =>
  createDeliveryRepo(db)
    .list({ key })
    .map((r) => ({ channel: r.channel, recipient: r.recipient, status: r.status, reason: r.reason, bundle: r.bundle }));

describe('one message per recipient, channel and day (issue 14 item 2), over real SMTP', () => {
  test('2021-01-04: 省交通运输厅’s contact gets ONE email naming the overdue half-yearly report, listing the three; each item recorded sent once', async () => {
    const c = config();
    expect(c.delivery.bundle).toBe(true);
    const r = await tick(c, '2021-01-04T09:00');
    expect(r).toMatchObject({ sent: 3, retried: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0].parsed;
    expect(smtp.received[0].rcptTo).toEqual([SJTT]);
    expect(mail.subject).toBe(
      '【泛珠合作】2020年下半年泛珠合作事项半年报送：已逾期 4 天（2020-12-31 星期四截止）（另有2项）',
    );
    const lines = mail.text!.split('\n');
    const intro = lines.indexOf('今天有 3 项需要您处理（最紧急的在前）：');
    expect(intro).toBeGreaterThanOrEqual(0);
    expect(lines.slice(intro + 1, intro + 4)).toEqual([
      '  - 【泛珠合作】2020年下半年泛珠合作事项半年报送：已逾期 4 天（2020-12-31 星期四截止）',
      '  - 【泛珠合作】2020年目标5进展报告（2020年度）：已逾期 4 天（2020-12-31 星期四截止）',
      '  - 【泛珠合作】省交通运输厅月度提醒 2021-01-04：待报送 13 项',
    ]);
    // Then each item in full under its own line.
    expect(lines.filter((l) => l.startsWith('————（'))).toEqual([
      '————（1/3）【泛珠合作】2020年下半年泛珠合作事项半年报送：已逾期 4 天（2020-12-31 星期四截止）',
      '————（2/3）【泛珠合作】2020年目标5进展报告（2020年度）：已逾期 4 天（2020-12-31 星期四截止）',
      '————（3/3）【泛珠合作】省交通运输厅月度提醒 2021-01-04：待报送 13 项',
    ]);
    // Each deadline keeps its calendar event.
    expect(mail.attachments.filter((a) => a.contentType === 'text/calendar').length).toBe(2);
    for (const key of [HALF, T5, DIGEST])
      expect(rowsOf(key)).toEqual([
        { channel: 'email', recipient: SJTT, status: 'sent', reason: null, bundle: `2021-01-04|email|${SJTT}` },
      ]);
    // Exactly once: the next minute sends nothing.
    expect(await tick(c, '2021-01-04T09:01')).toMatchObject({ sent: 0, planned: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  test('bundle: false — one email per report, as before: three emails to the same contact that day', async () => {
    const r = await tick(config(false), '2021-01-04T09:00');
    expect(r.sent).toBe(3);
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual([SJTT, SJTT, SJTT]);
    expect(rowsOf(HALF)).toEqual([{ channel: 'email', recipient: SJTT, status: 'sent', reason: null, bundle: null }]);
  });

  test('submitted stops it per occurrence: the half-yearly report submitted before the retry drops out of the bundle; the other two go in one email', async () => {
    const c = config();
    smtp.script({ code: 421, message: 'try later' });
    const first = await tick(c, '2021-01-04T09:00');
    expect(first).toMatchObject({ sent: 0, retried: 3 });
    expect(smtp.received).toHaveLength(0);
    createScheduleRepo(db).recordSubmission({
      cycle: 'half-yearly',
      period: '2020H2',
      agency: JTT,
      at: shanghai('2021-01-04T09:01'),
      by: '省泛珠办',
      via: 'cli',
      recordedAt: shanghai('2021-01-04T09:01'),
    });
    const retry = await tick(c, '2021-01-04T09:02');
    expect(retry).toMatchObject({ sent: 2, skipped: 1, retried: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].parsed.subject).toBe(
      '【泛珠合作】2020年目标5进展报告（2020年度）：已逾期 4 天（2020-12-31 星期四截止）（另有1项）',
    );
    expect(rowsOf(HALF)).toMatchObject([{ status: 'skipped', reason: 'submitted' }]);
    expect(rowsOf(T5)).toMatchObject([{ status: 'sent' }]);
    expect(rowsOf(DIGEST)).toMatchObject([{ status: 'sent' }]);
  });

  test('on Slack too: one direct message with the three items and the buttons of the two reports (channels from the composition root)', async () => {
    const fake = await createFakeSlackApi();
    try {
      const c = {
        ...config(),
        contacts: { agencies: { [JTT]: [contact('交通联络人', SJTT, { slackId: 'U0JTT' })] }, coordinators: [] },
      };
      const built = await channelsFromEnv(
        { SMTP_URL: smtp.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.apiUrl },
        c,
        createRobotSendRepo(db),
      );
      try {
        const r = await runTick({
          db,
          catalog,
          config: c,
          channels: built.channels,
          now: shanghai('2021-01-04T09:00'),
          log: silentLog,
        });
        expect(r).toMatchObject({ sent: 6, retried: 0, dead: 0 });
      } finally {
        for (const ch of built.channels) await ch.close();
      }
      expect(smtp.received).toHaveLength(1);
      const posts = fake.done('chat.postMessage');
      expect(posts).toHaveLength(1);
      const blocks = posts[0].params.blocks as { type: string; elements?: { action_id?: string }[] }[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      const actions = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
      expect(actions.length).toBe(4);
      expect(String(posts[0].params.text)).toContain('今天有 3 项需要您处理（最紧急的在前）：');
      for (const key of [HALF, T5, DIGEST])
        expect(rowsOf(key).map((x) => [x.channel, x.status])).toEqual([
          ['email', 'sent'],
          ['slack', 'sent'],
        ]);
    } finally {
      await fake.close();
    }
  });
});
