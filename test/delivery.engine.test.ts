import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { type Channel, createEmailChannel, createMemoryChannel, type MemoryChannel } from '../src/channels/index.ts';
import { loadDirectory } from '../src/config/agencies.ts';
import { loadContacts } from '../src/config/contacts.ts';
import type { Config } from '../src/config/types.ts';
import { buildStatus } from '../src/digest/index.ts';
import { formatSlack } from '../src/messages/index.ts';
import { claimOwner, collectStatusInput, messageIdFor, runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, createScheduleRepo, type Db, openStore } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer } from './helpers/smtpServer.ts';
import { tempDb } from './helpers/tempDb.ts';

/** A tick left hanging on purpose (its sends never come back): it fails once the test closes its database, which is no part of the test. */
function abandon(tick: Promise<unknown>): void {
  tick.catch(() => {});
}

const JTT = '省交通运输厅';
const FGW = '省发展改革委';
const key7 = (agency: string) => `half-yearly/2020H1/${agency}/before/7`;

let db: Db;
let catalog: Catalog;
let mem: MemoryChannel;
beforeEach(() => {
  db = openStore(':memory:');
  catalog = importRealCatalog(db);
  mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
});
afterEach(() => {
  if (db.open) db.close();
});

const tick = (config: Config, now: string, channels = [mem]) =>
  runTick({ db, catalog, config, channels, now, log: silentLog });

function twoContacts(extra: Partial<Parameters<typeof deliveryConfig>[0]> = {}): Config {
  return deliveryConfig({
    agencies: {
      [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')],
      [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
    },
    coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org')],
    ...extra,
  });
}

describe('first start in the middle of the programme', () => {
  test('with the contacts of 2017 (one per body the document names): one 2020H1 seven-day reminder per agency contact, no old reminders, and none again', async () => {
    const { directory } = loadDirectory('config/agencies.yaml');
    const { contacts, problems } = loadContacts('test/fixtures/contacts2017.yaml', directory);
    expect(problems).toEqual([]);
    const config = { ...deliveryConfig(), contacts };
    const r = await tick(config, shanghai('2020-06-23T09:00'));
    expect(r.sent).toBe(63);
    expect(r.late).toBe(0);
    expect(r.noContact).toBe(0);
    expect(new Set(mem.sent.map((m) => m.to.email)).size).toBe(63);
    for (const m of mem.sent) {
      expect(m.key).toMatch(/^half-yearly\/2020H1\/[^/]+\/before\/7\|email\|[a-z]+@pprd\.example\.org$/);
      expect(m.subject).toContain('还有 7 天');
    }
    // Every older reminder of every agency (2017H1 … 2019H2 and 2020H1's 30- and 14-day ones) is recorded skipped, never sent.
    const repo = createDeliveryRepo(db);
    const skipped = repo.list({ status: 'skipped' });
    expect(skipped.every((s) => s.reason === 'too-old')).toBe(true);
    expect(skipped.filter((s) => s.agency === JTT).map((s) => s.key)).toContain(
      'half-yearly/2019H2/省交通运输厅/escalation/-5',
    );
    expect(skipped.some((s) => s.key === 'half-yearly/2020H1/省交通运输厅/before/14')).toBe(true);
    const again = await tick(config, shanghai('2020-06-23T09:00'));
    expect(again).toMatchObject({ sent: 0, planned: 0, skipped: 0 });
    expect(mem.sent).toHaveLength(63);
  });
});

describe('first start just before a reminder', () => {
  test('the first tick does not catch up from earlier days: the 3-day reminder of Friday is not sent late next to Monday’s 1-day one', async () => {
    const config = twoContacts();
    // 2024H2 is due Tuesday 2024-12-31: 3 days before is Saturday 12-28 -> Friday 12-27; 1 day before is Monday 12-30.
    const first = await tick(config, shanghai('2024-12-30T08:59'));
    expect(first).toMatchObject({ sent: 0, late: 0 });
    expect(createDeliveryRepo(db).list({ key: 'half-yearly/2024H2/省交通运输厅/before/3' })).toMatchObject([
      { status: 'skipped', reason: 'too-old' },
    ]);
    const at9 = await tick(config, shanghai('2024-12-30T09:00'));
    expect(at9).toMatchObject({ sent: 2, late: 0 });
    expect(mem.sent.map((m) => m.key.split('|')[0]).sort()).toEqual([
      'half-yearly/2024H2/省交通运输厅/before/1',
      'half-yearly/2024H2/省发展改革委/before/1',
    ]);
  });

  test('a first start later in the day still sends that morning’s reminders', async () => {
    const r = await tick(twoContacts(), shanghai('2024-12-30T15:00'));
    expect(r).toMatchObject({ sent: 2 });
    expect(mem.sent.every((m) => m.key.includes('/before/1|'))).toBe(true);
  });

  test('a first start in the evening sends that day’s reminders as ordinary ones: no 【补发】, no "service interrupted" (issue 9 item 4)', async () => {
    const r = await tick(twoContacts(), shanghai('2024-12-30T20:00'));
    expect(r).toMatchObject({ sent: 2, late: 0 });
    const jtt = mem.sent.find((m) => m.to.email === 'sjtt@pprd.example.org')!;
    expect(jtt.subject).toBe('【泛珠合作】2024年下半年泛珠合作事项半年报送：还有 1 天（2024-12-31 星期二截止）');
    expect(jtt.text).not.toContain('因提醒服务中断');
    expect(
      createDeliveryRepo(db)
        .list({ key: 'half-yearly/2024H2/省交通运输厅/before/1' })
        .map((d) => d.late),
    ).toEqual([false]);
  });

  test('a reminder whose instant passed while ticks ran (planned again by an undone submission) is not labelled late', async () => {
    const config = twoContacts();
    const records = createScheduleRepo(db);
    records.recordSubmission({
      cycle: 'half-yearly',
      period: '2024H2',
      agency: JTT,
      at: shanghai('2024-12-30T08:00'),
      by: 'test',
      via: 'cli',
      recordedAt: shanghai('2024-12-30T08:00'),
    });
    await tick(config, shanghai('2024-12-30T08:30'));
    await tick(config, shanghai('2024-12-30T09:00'));
    expect(mem.sent.map((m) => m.to.email)).toEqual(['sfgw@pprd.example.org']);
    records.undoSubmission(
      { cycle: 'half-yearly', period: '2024H2', agency: JTT },
      { by: 'test', recordedAt: shanghai('2024-12-30T11:00') },
    );
    const r = await tick(config, shanghai('2024-12-30T11:00'));
    expect(r).toMatchObject({ sent: 1, late: 0 });
    expect(mem.sent[1].subject.startsWith('【补发】')).toBe(false);
  });
});

describe('catch-up after downtime', () => {
  test('only the latest missed reminder within 3 days is sent, marked late; the earlier one is skipped', async () => {
    const config = twoContacts();
    await tick(config, shanghai('2020-06-16T09:00'));
    expect(mem.sent.map((m) => m.key.split('|')[0]).sort()).toEqual(
      ['half-yearly/2020H1/省交通运输厅/before/14', 'half-yearly/2020H1/省发展改革委/before/14'].sort(),
    );
    mem.sent.length = 0;
    // Down from 06-16 until 06-25 10:00: the 7-day (06-23) and 3-day (06-24) reminders were missed.
    const r = await tick(config, shanghai('2020-06-25T10:00'));
    expect(r).toMatchObject({ sent: 2, late: 2 });
    expect(mem.sent.map((m) => m.key.split('|')[0]).sort()).toEqual(
      ['half-yearly/2020H1/省交通运输厅/before/3', 'half-yearly/2020H1/省发展改革委/before/3'].sort(),
    );
    const jtt = mem.sent.find((m) => m.to.email === 'sjtt@pprd.example.org')!;
    expect(jtt.subject.startsWith('【补发】')).toBe(true);
    expect(jtt.text).toContain('本提醒原定于 2020-06-24（星期三） 09:00 发送，因提醒服务中断，现补发。');
    expect(jtt.text).toContain('截止日期：2020-06-30（星期二），还有 5 天');
    const repo = createDeliveryRepo(db);
    expect(repo.list({ key: 'half-yearly/2020H1/省交通运输厅/before/7' })).toMatchObject([
      { status: 'skipped', reason: 'catch-up' },
    ]);
    // Nothing more until the next reminder (06-29).
    expect((await tick(config, shanghai('2020-06-26T09:00'))).sent).toBe(0);
    const next = await tick(config, shanghai('2020-06-29T09:00'));
    expect(next).toMatchObject({ sent: 2, late: 0 });
  });

  test('a missed reminder older than catchUpDays is skipped, not sent', async () => {
    const config = twoContacts();
    await tick(config, shanghai('2020-06-16T09:00'));
    mem.sent.length = 0;
    // 06-24 09:00 is more than 3 days before 06-28 10:00.
    const r = await tick(config, shanghai('2020-06-28T10:00'));
    expect(r.sent).toBe(0);
    const repo = createDeliveryRepo(db);
    expect(repo.list({ key: 'half-yearly/2020H1/省交通运输厅/before/3' })).toMatchObject([
      { status: 'skipped', reason: 'too-old' },
    ]);
    expect(repo.list({ key: 'half-yearly/2020H1/省交通运输厅/before/7' })).toMatchObject([
      { status: 'skipped', reason: 'too-old' },
    ]);
  });
});

describe('submissions, escalations, contacts', () => {
  test('a submitted occurrence gets nothing more; the other agency still does', async () => {
    const config = twoContacts();
    createScheduleRepo(db).recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: JTT,
      at: shanghai('2020-06-20T15:00'),
      by: 'test',
      recordedAt: shanghai('2020-06-20T15:00'),
    });
    await tick(config, shanghai('2020-06-23T09:00'));
    expect(mem.sent.map((m) => m.to.email)).toEqual(['sfgw@pprd.example.org']);
    await tick(config, shanghai('2020-07-07T09:00'));
    expect(mem.sent.filter((m) => m.to.email === 'sjtt@pprd.example.org')).toHaveLength(0);
  });

  test('an extension after the due-date reminder gives the new due date its own reminders (sent on their days)', async () => {
    const config = twoContacts();
    for (const t of ['2020-06-29T09:00', '2020-06-30T09:00']) await tick(config, shanghai(t));
    const dueKey = 'half-yearly/2020H1/省交通运输厅/due/0';
    expect(mem.sent.filter((m) => m.key.startsWith(`${dueKey}|`))).toHaveLength(1);
    createScheduleRepo(db).recordExtension({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: JTT,
      to: '2020-07-10',
      by: 'test',
      recordedAt: shanghai('2020-06-30T10:00'),
    });
    const days = [
      '2020-07-01',
      '2020-07-02',
      '2020-07-03',
      '2020-07-06',
      '2020-07-07',
      '2020-07-08',
      '2020-07-09',
      '2020-07-10',
      '2020-07-13',
    ];
    const sentOn: string[] = [];
    for (const d of days) {
      const before = mem.sent.length;
      await tick(config, shanghai(`${d}T09:00`));
      for (const m of mem.sent.slice(before))
        if (m.to.email === 'sjtt@pprd.example.org')
          sentOn.push(`${d} ${m.key.split('|')[0].split('/').slice(3).join('/')}`);
    }
    // 2020-07-10 is a Friday: 7 days before = 07-03, 3 days before = 07-07, 1 day = 07-09, due 07-10, first overdue 07-13.
    expect(sentOn).toEqual([
      '2020-07-03 before/7@2020-07-10',
      '2020-07-07 before/3@2020-07-10',
      '2020-07-09 before/1@2020-07-10',
      '2020-07-10 due/0@2020-07-10',
      '2020-07-13 overdue/-1@2020-07-10',
    ]);
    // The other agency, not extended, kept its own schedule (overdue from 07-01).
    expect(
      mem.sent.filter((m) => m.to.email === 'sfgw@pprd.example.org' && m.key.includes('/overdue/-1|')),
    ).toHaveLength(1);
  });

  test('a submission recorded between a failure and its retry stops the retry (skipped: submitted)', async () => {
    const config = twoContacts();
    mem.failNext({ kind: 'temporary', detail: 421, to: 'sjtt@pprd.example.org' });
    const r1 = await tick(config, shanghai('2020-06-23T09:00'));
    expect(r1).toMatchObject({ sent: 1, retried: 1 });
    createScheduleRepo(db).recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: JTT,
      at: shanghai('2020-06-23T09:01'),
      by: 'test',
      recordedAt: shanghai('2020-06-23T09:01'),
    });
    const r2 = await tick(config, shanghai('2020-06-23T09:05'));
    expect(r2).toMatchObject({ sent: 0, skipped: 1 });
    // One send was tried; the claim that found it submitted sent nothing and is no attempt (issue 17 item 7).
    expect(createDeliveryRepo(db).list({ key: key7(JTT) })).toMatchObject([
      { status: 'skipped', reason: 'submitted', attempts: 1 },
    ]);
  });

  test('escalation day: the agency gets its 5-day overdue reminder, the coordinators the escalation', async () => {
    const config = twoContacts();
    await tick(config, shanghai('2020-07-07T09:00'));
    const agencyMsgs = mem.sent
      .filter((m) => m.to.email !== 'coordinator1@pprd.example.org')
      .map((m) => `${m.key.split('|')[0]} → ${m.to.email}`);
    expect(agencyMsgs.sort()).toEqual(
      [
        'half-yearly/2020H1/省交通运输厅/overdue/-5 → sjtt@pprd.example.org',
        'half-yearly/2020H1/省发展改革委/overdue/-5 → sfgw@pprd.example.org',
      ].sort(),
    );
    // Coordinators are told about every agency of the round that has not submitted (63), contact or not,
    // in ONE folded message (test/delivery.escalation.test.ts covers the folding in depth).
    const escalations = mem.sent.filter((m) => m.to.email === 'coordinator1@pprd.example.org');
    expect(escalations.map((m) => m.key)).toEqual([
      'escalation:half-yearly/2020H1/2020-07-07|email|coordinator1@pprd.example.org',
    ]);
    const esc = escalations[0];
    expect(esc.subject).toBe(
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 63 个单位逾期 5 个工作日仍未报送',
    );
    expect(esc.text).toContain(
      '  - 省交通运输厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：交通联络人 <sjtt@pprd.example.org>',
    );
    expect(esc.text).toContain(
      '  - 省教育厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：config/contacts.yaml 中没有联络人',
    );
    expect(esc.attachments).toEqual([]);
    const overdue = mem.sent.find((m) => m.key.startsWith('half-yearly/2020H1/省交通运输厅/overdue'))!;
    expect(overdue.text).toContain('截止日期：2020-06-30（星期二），已逾期 7 天');
    // The board counts as escalated what reached a coordinator: 2020H1, not the old rounds whose escalations were skipped.
    const board = buildStatus(collectStatusInput(db, catalog, config, shanghai('2020-07-07T10:00')));
    expect(board.rounds[0]).toMatchObject({ period: '2020H1', submitted: 0, total: 63 });
    expect(board.rounds[0].escalated).toHaveLength(63);
    expect(board.overdue.filter((l) => l.period === '2019H2').every((l) => !l.escalated)).toBe(true);
    expect(board.overdue.filter((l) => l.period === '2020H1').every((l) => l.escalated)).toBe(true);
  });

  test('agencies with no contact are recorded as no-contact and listed as problems', async () => {
    const config = twoContacts();
    const r = await tick(config, shanghai('2020-06-23T09:00'));
    expect(r.sent).toBe(2);
    expect(r.noContact).toBe(61);
    const problems = createDeliveryRepo(db).problems();
    expect(problems).toHaveLength(61);
    expect(problems.find((p) => p.agency === '省教育厅')).toMatchObject({
      key: 'half-yearly/2020H1/省教育厅/before/7',
      status: 'skipped',
      reason: 'no-contact',
    });
  });
});

describe('retries', () => {
  test('temporary failures back off 2, 4, 8 … minutes and turn dead after giveUpAfterHours', async () => {
    const config = deliveryConfig({
      agencies: { [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')] },
      delivery: { giveUpAfterHours: 1 },
    });
    mem.failNext({ kind: 'temporary', detail: 421, times: 100 });
    const T = shanghai('2020-06-23T09:00');
    const repo = createDeliveryRepo(db);
    const nexts: string[] = [];
    let now = T;
    for (let i = 0; i < 10; i++) {
      const r = await tick(config, now);
      const row = repo.list({ key: key7(JTT) })[0];
      if (row.status === 'dead') {
        expect(r.dead).toBe(1);
        break;
      }
      nexts.push(row.nextAttemptAt!);
      now = row.nextAttemptAt!;
    }
    // Retries at +2, +6, +14, +30 minutes, then the last at the give-up instant (+60), which makes it dead.
    expect(nexts).toEqual([
      '2020-06-23T01:02:00.000Z',
      '2020-06-23T01:06:00.000Z',
      '2020-06-23T01:14:00.000Z',
      '2020-06-23T01:30:00.000Z',
      '2020-06-23T02:00:00.000Z',
    ]);
    expect(repo.list({ key: key7(JTT) })).toMatchObject([{ status: 'dead', reason: 'gave-up', attempts: 6 }]);
    expect(mem.sent).toHaveLength(0);
  });
});

describe('digests', () => {
  const weekly = { id: 'weekly', audience: 'coordinators' as const, schedule: '0 9 * * 1' };
  const monthly = { id: 'monthly', audience: 'agency' as const, schedule: '0 9 1 * *' };

  test('the weekly coordinators digest goes out on Monday 09:00 once, with the board', async () => {
    const config = twoContacts({ digests: [weekly] });
    await tick(config, shanghai('2020-06-22T08:59'));
    expect(mem.sent.filter((m) => m.key.startsWith('digest/'))).toHaveLength(0);
    const r = await tick(config, shanghai('2020-06-22T09:00'));
    expect(r.digests).toBe(1);
    const d = mem.sent.filter((m) => m.key.startsWith('digest/'));
    expect(d.map((m) => m.key)).toEqual(['digest/weekly/2020-06-22T09:00|email|coordinator1@pprd.example.org']);
    expect(d[0].subject).toMatch(/^【泛珠合作】每周汇总 2020-06-22：逾期 \d+ 项，14 天内到期 63 项$/);
    expect(d[0].text).toContain('已报送 0 / 63');
    expect(d[0].text).toContain('发送失败及无联络人的单位');
    expect(d[0].text).toContain('省教育厅: no contact in config/contacts.yaml');
    await tick(config, shanghai('2020-06-22T09:01'));
    expect(mem.sent.filter((m) => m.key.startsWith('digest/'))).toHaveLength(1);
  });

  test('with a Slack digest channel: email to each coordinator, the Slack copy to the channel (not DMs); Block Kit from the same composed message', async () => {
    const slack = createMemoryChannel({ name: 'slack', reach: (to) => Boolean(to.slackId) });
    const config = deliveryConfig({
      agencies: { [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org', { slackId: 'U0JTT' })] },
      coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org', { slackId: 'U0COORD' })],
      digests: [weekly],
      digestChannel: 'C0DIGEST',
    });
    await tick(config, shanghai('2020-06-22T08:59'), [mem, slack]);
    await tick(config, shanghai('2020-06-22T09:00'), [mem, slack]);
    expect(mem.sent.filter((m) => m.key.startsWith('digest/')).map((m) => m.to.email)).toEqual([
      'coordinator1@pprd.example.org',
    ]);
    const slackDigests = slack.sent.filter((m) => m.key.startsWith('digest/'));
    expect(slackDigests.map((m) => m.key)).toEqual(['digest/weekly/2020-06-22T09:00|slack|slack:C0DIGEST']);
    // The Slack channel formats the composed message (`content`) as Block Kit; the email is its text and HTML.
    const email = mem.sent.find((m) => m.key.startsWith('digest/'))!;
    expect(slackDigests[0].content).toEqual(email.content);
    const blocks = formatSlack(slackDigests[0].content!).blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '泛珠合作报送每周汇总（2020-06-22（星期一））', emoji: true },
    });
    expect(email.text.startsWith('泛珠合作报送每周汇总（2020-06-22（星期一））\n')).toBe(true);
    await tick(config, shanghai('2020-06-23T09:00'), [mem, slack]);
    // The contact with a Slack id gets the reminder on both channels, each once.
    expect(slack.sent.filter((m) => m.key.startsWith(key7(JTT))).map((m) => m.to.slackId)).toEqual(['U0JTT']);
    expect(mem.sent.filter((m) => m.key.startsWith(key7(JTT))).map((m) => m.to.email)).toEqual([
      'sjtt@pprd.example.org',
    ]);
  });

  test('a digest missed during downtime is sent late at the next tick within catchUpDays, once', async () => {
    const config = twoContacts({ digests: [weekly] });
    await tick(config, shanghai('2020-06-21T12:00'));
    const r = await tick(config, shanghai('2020-06-23T10:00'));
    expect(r.digests).toBe(1);
    expect(createDeliveryRepo(db).list({ key: 'digest/weekly/2020-06-22T09:00' })).toMatchObject([
      { status: 'sent', late: true },
    ]);
    await tick(config, shanghai('2020-06-23T11:00'));
    expect(mem.sent.filter((m) => m.key.startsWith('digest/'))).toHaveLength(1);
  });

  test('a digest whose day is a holiday waits for the first working day (Spring Festival 2025)', async () => {
    const config = twoContacts({ digests: [weekly, monthly] });
    // 2025-01-28..02-04 are days off; Saturday 02-01 (monthly) and Monday 02-03 (weekly) fall in them.
    for (const t of ['2025-01-31T09:00', '2025-02-01T09:00', '2025-02-03T09:00', '2025-02-04T09:00']) {
      const r = await tick(config, shanghai(t));
      expect([t, r.digests]).toEqual([t, 0]);
    }
    const r = await tick(config, shanghai('2025-02-05T09:00'));
    expect(r.digests).toBe(3);
    expect(
      mem.sent
        .filter((m) => m.key.startsWith('digest/'))
        .map((m) => m.key.split('|')[0])
        .sort(),
    ).toEqual([
      'digest/monthly/2025-02-01T09:00/省交通运输厅',
      'digest/monthly/2025-02-01T09:00/省发展改革委',
      'digest/weekly/2025-02-03T09:00',
    ]);
    // Once: the next days send nothing more until the next Monday.
    expect((await tick(config, shanghai('2025-02-06T09:00'))).digests).toBe(0);
    expect((await tick(config, shanghai('2025-02-10T09:00'))).digests).toBe(1);
  });

  test('the monthly agency digest lists the agency’s own open deadlines', async () => {
    const config = twoContacts({ digests: [monthly] });
    await tick(config, shanghai('2020-06-30T12:00'));
    const r = await tick(config, shanghai('2020-07-01T09:00'));
    expect(r.digests).toBe(2);
    const jtt = mem.sent.find((m) => m.key.startsWith('digest/monthly/2020-07-01T09:00/省交通运输厅'))!;
    expect(jtt.to.email).toBe('sjtt@pprd.example.org');
    expect(jtt.subject).toBe('【泛珠合作】省交通运输厅月度提醒 2020-07-01：待报送 12 项');
    expect(jtt.text).toContain('2020年上半年泛珠合作事项半年报送（2020H1）：2020-06-30（星期二）截止，已逾期 1 天');
    expect(jtt.text).toContain('2020年目标（T5）进展报告（2019年度）：2019-12-31（星期二）截止，已逾期 183 天');
    // Only the next open period of each cycle, not every future one the planner knows.
    expect(jtt.text).toContain('2020年下半年泛珠合作事项半年报送（2020H2）');
    expect(jtt.text).not.toContain('2021H1');
  });
});

describe('concurrency and crashes', () => {
  test('two ticks at once on two connections to one database file send each message once (real SMTP)', async () => {
    const t = tempDb();
    const smtp = await startSmtpServer();
    const c1 = createEmailChannel({ smtpUrl: smtp.url });
    const c2 = createEmailChannel({ smtpUrl: smtp.url });
    try {
      const cat = importRealCatalog(t.db);
      const db2 = t.open();
      const { directory } = loadDirectory('config/agencies.yaml');
      const config = {
        ...deliveryConfig(),
        contacts: loadContacts('test/fixtures/contacts2017.yaml', directory).contacts,
      };
      const now = shanghai('2020-06-23T09:00');
      const [a, b] = await Promise.all([
        runTick({ db: t.db, catalog: cat, config, channels: [c1], now, log: silentLog }),
        runTick({ db: db2, catalog: cat, config, channels: [c2], now, log: silentLog }),
      ]);
      expect(a.sent + b.sent).toBe(63);
      expect(smtp.received).toHaveLength(63);
      expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(63);
    } finally {
      await c1.close();
      await c2.close();
      await smtp.close();
      t.cleanup();
    }
  });

  test('a claim taken over cannot be renewed, begun or finished by its old owner; only a begun send counts as an attempt', () => {
    const repo = createDeliveryRepo(db);
    const now = '2020-06-23T01:00:00.000Z';
    repo.insert(
      [
        {
          key: 'k',
          channel: 'email',
          recipient: 'r@pprd.example.org',
          source: 'reminder',
          plannedAt: now,
          status: 'pending',
          messageId: messageIdFor('k|email|r@pprd.example.org'),
        },
      ],
      now,
    );
    const [a] = repo.claim({ now, owner: 'A', leaseUntil: 1000, isStale: () => false });
    expect(a).toMatchObject({ status: 'sending', claimedBy: 'A', attempts: 0, firstAttemptAt: null });
    expect(repo.claim({ now, owner: 'B', leaseUntil: 2000, isStale: () => false })).toEqual([]);
    const [b] = repo.claim({ now, owner: 'B', leaseUntil: 2000, isStale: (owner) => owner === 'A' });
    expect(b).toMatchObject({ claimedBy: 'B', attempts: 0 });
    expect(repo.renew(a.id, 'A', 3000)).toBe(false);
    expect(repo.beginAttempt(a, 'A', 3000, now)).toBeNull();
    expect(repo.finish(a.id, 'A', { status: 'sent' }, now)).toBe(false);
    expect(repo.renew(b.id, 'B', 3000)).toBe(true);
    expect(repo.beginAttempt(b, 'B', 4000, '2020-06-23T01:00:30.000Z')).toMatchObject({
      attempts: 1,
      leaseUntil: 4000,
      firstAttemptAt: '2020-06-23T01:00:30.000Z',
    });
    expect(repo.finish(b.id, 'B', { status: 'sent' }, now)).toBe(true);
    expect(repo.list({ key: 'k' })).toMatchObject([{ status: 'sent', claimedBy: null, sentAt: now, attempts: 1 }]);
  });

  test('a claim left by a dead process is taken over and resent with the same Message-ID; a live one is left alone until its lease ends', async () => {
    const config = twoContacts();
    const now = shanghai('2020-06-23T09:00');
    /** A channel whose sends never return; `started(n)` resolves once n sends have begun. */
    const hanging = () => {
      let begun = 0;
      const waiters: { n: number; resolve: () => void }[] = [];
      const channel: Channel = {
        name: 'email',
        canReach: (to) => Boolean(to.email),
        send: () => {
          begun++;
          for (const w of waiters.filter((x) => begun >= x.n)) w.resolve();
          return new Promise<void>(() => {});
        },
        close: async () => {},
      };
      const started = (n: number) =>
        new Promise<void>((resolve) => (begun >= n ? resolve() : waiters.push({ n, resolve })));
      return { channel, started };
    };
    const hang = hanging().channel;
    // A tick whose sends never return, claimed under our own (live) pid: runTick decides and claims synchronously.
    abandon(runTick({ db, catalog, config, channels: [hang], now, log: silentLog, owner: claimOwner('hung') }));
    expect(createDeliveryRepo(db).list({ status: 'sending' })).toHaveLength(2);
    const live = await runTick({ db, catalog, config, channels: [mem], now, log: silentLog });
    expect(live.sent).toBe(0);
    // Past the claim's wall-clock lease (10 min) the rows are taken over.
    const later = await runTick({
      db,
      catalog,
      config,
      channels: [mem],
      now,
      log: silentLog,
      wallClock: () => Date.now() + 11 * 60_000,
    });
    expect(later.sent).toBe(2);

    // Now a claimant whose process is gone: taken over at once, whatever its lease says.
    const db2 = openStore(':memory:');
    const cat2 = importRealCatalog(db2);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    const crashed = hanging();
    abandon(
      runTick({
        db: db2,
        catalog: cat2,
        config,
        channels: [crashed.channel],
        now,
        log: silentLog,
        owner: `${hostname()}|${deadPid}|crashed`,
      }),
    );
    // It died with both sends begun (attempts counted, the server may have accepted them).
    await crashed.started(2);
    const mem2 = createMemoryChannel({ name: 'email' });
    const r = await runTick({ db: db2, catalog: cat2, config, channels: [mem2], now, log: silentLog });
    expect(r.sent).toBe(2);
    const jtt = mem2.sent.find((m) => m.to.email === 'sjtt@pprd.example.org')!;
    expect(jtt.messageId).toBe(messageIdFor(`${key7(JTT)}|email|sjtt@pprd.example.org`));
    expect(createDeliveryRepo(db2).list({ key: key7(JTT) })).toMatchObject([{ status: 'sent', attempts: 2 }]);
    db2.close();
  });
});
