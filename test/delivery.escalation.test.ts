import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { createMemoryChannel, type MemoryChannel, type OutgoingMessage } from '../src/channels/index.ts';
import { type Config, type Contact, parseConfig } from '../src/config/index.ts';
import { buildStatus } from '../src/digest/index.ts';
import { formatSlack, MAX_BLOCKS, MAX_HEADER_CHARS, MAX_SECTION_CHARS } from '../src/messages/index.ts';
import { collectStatusInput, runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, createScheduleRepo, type Db, openStore } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';

const C1 = 'coordinator1@pprd.example.org';
const C2 = 'coordinator2@pprd.example.org';
/** Submitted before the escalation day in every scenario: 63 − 3 = 60 agencies are escalated. */
const SUBMITTED = ['省发展改革委', '省经济和信息化委', '省国土资源厅'];
const ESC_KEY = 'escalation:half-yearly/2020H1/2020-07-07';
const SUBJECT_60 = '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 60 个单位逾期 5 个工作日仍未报送';

let db: Db;
let catalog: Catalog;
let shipped: Readonly<Config>;
let mem: MemoryChannel;

beforeEach(() => {
  db = openStore(':memory:');
  catalog = importRealCatalog(db);
  shipped = parseConfig(configFrom2017(), { catalog, env: {} });
  mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
  const repo = createScheduleRepo(db);
  for (const agency of SUBMITTED) {
    repo.recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency,
      at: shanghai('2020-06-29T15:00'),
      by: 'test',
      recordedAt: shanghai('2020-06-29T15:00'),
    });
  }
});
afterEach(() => {
  if (db.open) db.close();
});

const tick = (now: string, config: Config = shipped as Config, channels = [mem]) =>
  runTick({ db, catalog, config, channels, now, log: silentLog });
const toCoordinators = (list: OutgoingMessage[]) => list.filter((m) => m.to.email === C1 || m.to.email === C2);
/** Lines of the agency list in a folded escalation's text (`  - 单位 — 截止 …`). */
const listed = (m: OutgoingMessage) => m.text.split('\n').filter((l) => l.startsWith('  - '));

function withCoordinators(coordinators: Contact[], agencies?: Config['contacts']['agencies']): Config {
  return { ...shipped, contacts: { agencies: agencies ?? shipped.contacts.agencies, coordinators } } as Config;
}

describe('escalations of one round and day fold into one message per coordinator and channel', () => {
  test('2020H1 escalation day with the shipped config: each coordinator gets ONE email listing the 60 unsubmitted agencies', async () => {
    const r = await tick(shanghai('2020-07-07T09:00'));
    const coord = toCoordinators(mem.sent);
    // Before folding: 60 escalation emails per coordinator (120). Now: one each.
    expect(coord.map((m) => m.key).sort()).toEqual([`${ESC_KEY}|email|${C1}`, `${ESC_KEY}|email|${C2}`]);
    // The agencies still get their own 5-working-day overdue reminder (60), unchanged.
    expect(mem.sent.filter((m) => m.key.includes('/overdue/-5|'))).toHaveLength(60);
    expect(r).toMatchObject({ sent: 62, dead: 0, retried: 0 });
    for (const m of coord) {
      expect(m.subject).toBe(SUBJECT_60);
      expect(m.attachments).toEqual([]);
      expect(listed(m)).toHaveLength(60);
      expect(m.text).toContain(
        '以下 60 个单位逾期 5 个工作日仍未向省泛珠办报送2020年上半年泛珠合作事项半年报送（2020H1）：',
      );
      expect(m.text).toContain(
        '  - 省交通运输厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：省交通运输厅联络人 <sjtt@pprd.example.org>',
      );
      expect(m.text).toContain(
        '  - 省教育厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：省教育厅联络人 <sjyt@pprd.example.org>',
      );
      expect(m.text).toContain('pprd submit --agency <单位> --cycle half-yearly --period 2020H1');
      for (const a of SUBMITTED) expect(m.text).not.toContain(a);
      expect(m.html).toContain(
        '<li>省交通运输厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：省交通运输厅联络人 &lt;sjtt@pprd.example.org&gt;</li>',
      );
      expect(m.meta).toMatchObject({ source: 'reminder', kind: 'escalation', folded: true, late: false });
      expect(m.meta?.occurrences).toHaveLength(60);
    }
    expect(coord.find((m) => m.to.email === C1)!.text.startsWith('省泛珠办 协调员一：\n')).toBe(true);

    // Stored: one row per coordinator, covering the 60 per-occurrence escalation reminders, listing 60 occurrences.
    const repo = createDeliveryRepo(db);
    const rows = repo.list({ key: ESC_KEY });
    expect(rows.map((x) => [x.channel, x.recipient, x.status])).toEqual([
      ['email', C1, 'sent'],
      ['email', C2, 'sent'],
    ]);
    for (const row of rows) {
      expect(row.covers).toHaveLength(60);
      expect(row.covers).toContain('half-yearly/2020H1/省交通运输厅/escalation/-5');
      expect(row.listed).toHaveLength(60);
      expect(row.listed).toContain('half-yearly/2020H1/省交通运输厅');
    }
    // No per-occurrence escalation row was sent.
    expect(repo.list({ key: 'half-yearly/2020H1/省交通运输厅/escalation/-5' })).toEqual([]);
    // "Escalated" is still per occurrence: the 60 listed, not the 3 submitted, not the skipped old rounds.
    expect(new Set(repo.escalatedOccurrences()).size).toBe(60);
    const board = buildStatus(collectStatusInput(db, catalog, shipped as Config, shanghai('2020-07-07T10:00')));
    const h1 = board.rounds.find((x) => x.cycle === 'half-yearly' && x.period === '2020H1')!;
    expect(h1).toMatchObject({ submitted: 3, total: 63 });
    expect(h1.escalated).toHaveLength(60);
    expect(h1.escalated).toContain('省交通运输厅');
    expect(board.overdue.filter((l) => l.period === '2019H2').every((l) => !l.escalated)).toBe(true);

    // A second tick at the same instant, and the next day, send nothing more to coordinators.
    const again = await tick(shanghai('2020-07-07T09:00'));
    expect(again).toMatchObject({ sent: 0, planned: 0 });
    await tick(shanghai('2020-07-08T09:00'));
    expect(toCoordinators(mem.sent)).toHaveLength(2);
  });

  test('an agency submitted between the decision and the (retried) send is not listed; all submitted: skipped', async () => {
    mem.failNext({ kind: 'temporary', detail: 421, to: C2 });
    const r1 = await tick(shanghai('2020-07-07T09:00'));
    expect(r1).toMatchObject({ retried: 1 });
    expect(toCoordinators(mem.sent).map((m) => m.to.email)).toEqual([C1]);
    const schedules = createScheduleRepo(db);
    schedules.recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: '省教育厅',
      at: shanghai('2020-07-07T09:01'),
      by: 'test',
      recordedAt: shanghai('2020-07-07T09:01'),
    });
    const r2 = await tick(shanghai('2020-07-07T09:05'));
    expect(r2).toMatchObject({ sent: 1, retried: 0 });
    const late = toCoordinators(mem.sent).find((m) => m.to.email === C2)!;
    expect(late.key).toBe(`${ESC_KEY}|email|${C2}`);
    expect(late.subject).toBe(
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 59 个单位逾期 5 个工作日仍未报送',
    );
    expect(listed(late)).toHaveLength(59);
    expect(late.text).not.toContain('省教育厅');
    expect(late.text).toContain('  - 省交通运输厅 — 截止 2020-06-30（星期二），已逾期 7 天');
    const repo = createDeliveryRepo(db);
    const row = repo.list({ key: ESC_KEY }).find((x) => x.recipient === C2)!;
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.listed).toHaveLength(59);
    expect(row.listed).not.toContain('half-yearly/2020H1/省教育厅');

    // In a fresh store where no agency had submitted, all 63 submit while the second copy waits for its retry: it is not sent.
    db.close();
    db = openStore(':memory:');
    catalog = importRealCatalog(db);
    mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
    mem.failNext({ kind: 'temporary', detail: 421, to: C2 });
    await tick(shanghai('2020-07-07T09:00'));
    const agencies = createDeliveryRepo(db)
      .list({ key: ESC_KEY })[0]
      .covers!.map((k) => k.split('/')[2]);
    expect(agencies).toHaveLength(63);
    createScheduleRepo(db).recordSubmissions(
      agencies.map((agency) => ({
        cycle: 'half-yearly',
        period: '2020H1',
        agency,
        at: shanghai('2020-07-07T09:02'),
        by: 'test',
        recordedAt: shanghai('2020-07-07T09:02'),
      })),
    );
    const r3 = await tick(shanghai('2020-07-07T09:05'));
    expect(r3).toMatchObject({ sent: 0, skipped: 1 });
    expect(
      createDeliveryRepo(db)
        .list({ key: ESC_KEY })
        .find((x) => x.recipient === C2),
    ).toMatchObject({ status: 'skipped', reason: 'submitted', listed: null });
  });

  test('catch-up: a missed escalation within catchUpDays comes once, late; beyond it, nothing is folded or sent', async () => {
    // The service ran until 07-06, then was down over the escalation day (07-07 09:00).
    await tick(shanghai('2020-07-06T12:00'));
    expect(toCoordinators(mem.sent)).toEqual([]);
    const r = await tick(shanghai('2020-07-08T10:00'));
    const coord = toCoordinators(mem.sent);
    expect(coord).toHaveLength(2);
    expect(r.late).toBeGreaterThanOrEqual(2);
    for (const m of coord) {
      expect(m.key.split('|')[0]).toBe(ESC_KEY);
      expect(m.subject).toBe(`【补发】${SUBJECT_60}`);
      expect(m.text).toContain('本督办提醒原定于 2020-07-07（星期二） 09:00 发送，因提醒服务中断，现补发。');
      // Days overdue count from the send date.
      expect(m.text).toContain('  - 省交通运输厅 — 截止 2020-06-30（星期二），已逾期 8 天');
    }
    expect(
      createDeliveryRepo(db)
        .list({ key: ESC_KEY })
        .every((x) => x.late),
    ).toBe(true);
    expect((await tick(shanghai('2020-07-09T09:00'))).sent).toBe(0);
    expect(toCoordinators(mem.sent)).toHaveLength(2);

    // A fresh store started on 07-13 10:00: the 07-07 escalation is older than 3 days.
    db.close();
    db = openStore(':memory:');
    catalog = importRealCatalog(db);
    mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
    await tick(shanghai('2020-07-13T10:00'));
    expect(toCoordinators(mem.sent)).toEqual([]);
    const repo = createDeliveryRepo(db);
    expect(repo.list({ key: ESC_KEY })).toEqual([]);
    expect(repo.list({ key: 'half-yearly/2020H1/省交通运输厅/escalation/-5' })).toMatchObject([
      { status: 'skipped', reason: 'too-old' },
    ]);
    expect(repo.escalatedOccurrences()).toEqual([]);
  });

  test('an extension moves an agency’s escalation to another day: a separate message that day', async () => {
    // 省教育厅 has until 2020-07-03 (Friday): 5 working days later is 2020-07-10.
    createScheduleRepo(db).recordExtension({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: '省教育厅',
      to: '2020-07-03',
      by: 'test',
      recordedAt: shanghai('2020-06-28T10:00'),
    });
    await tick(shanghai('2020-07-07T09:00'));
    const first = toCoordinators(mem.sent);
    expect(first).toHaveLength(2);
    expect(first[0].subject).toBe(
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 59 个单位逾期 5 个工作日仍未报送',
    );
    expect(first[0].text).not.toContain('省教育厅');
    await tick(shanghai('2020-07-10T09:00'));
    const second = toCoordinators(mem.sent).slice(2);
    expect(second.map((m) => m.key.split('|')[0])).toEqual([
      'escalation:half-yearly/2020H1/2020-07-10',
      'escalation:half-yearly/2020H1/2020-07-10',
    ]);
    expect(second[0].subject).toBe(
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 1 个单位逾期 5 个工作日仍未报送',
    );
    expect(listed(second[0])).toEqual([
      '  - 省教育厅 — 截止 2020-07-03（星期五），已逾期 7 天；联络人：省教育厅联络人 <sjyt@pprd.example.org>',
    ]);
    expect(new Set(createDeliveryRepo(db).escalatedOccurrences()).size).toBe(60);
  });

  test('a submission undone later on escalation day brings a second, separate fold (#2) with that agency only', async () => {
    const schedules = createScheduleRepo(db);
    const ref = { cycle: 'half-yearly', period: '2020H1', agency: '省教育厅' };
    schedules.recordSubmission({
      ...ref,
      at: shanghai('2020-07-07T08:00'),
      by: 'test',
      recordedAt: shanghai('2020-07-07T08:00'),
    });
    await tick(shanghai('2020-07-07T09:00'));
    expect(toCoordinators(mem.sent).map((m) => m.subject)).toEqual([
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 59 个单位逾期 5 个工作日仍未报送',
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 59 个单位逾期 5 个工作日仍未报送',
    ]);
    expect(schedules.undoSubmission(ref, { by: 'test', recordedAt: shanghai('2020-07-07T10:00') })).toBe(true);
    await tick(shanghai('2020-07-07T10:00'));
    const again = toCoordinators(mem.sent).slice(2);
    expect(again.map((m) => m.key.split('|')[0])).toEqual([`${ESC_KEY}#2`, `${ESC_KEY}#2`]);
    expect(listed(again[0])).toEqual([
      '  - 省教育厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：省教育厅联络人 <sjyt@pprd.example.org>',
    ]);
    await tick(shanghai('2020-07-07T10:05'));
    expect(toCoordinators(mem.sent)).toHaveLength(4);
    expect(new Set(createDeliveryRepo(db).escalatedOccurrences()).size).toBe(60);
  });

  test('an English coordinator gets it in English', async () => {
    const config = withCoordinators([
      { name: 'Ada Lee', email: C1, language: 'en' },
      { name: '省泛珠办 协调员二', email: C2, language: 'zh-CN' },
    ]);
    await tick(shanghai('2020-07-07T09:00'), config);
    const en = toCoordinators(mem.sent).find((m) => m.to.email === C1)!;
    expect(en.subject).toBe(
      '[PPRD escalation] 泛珠合作事项半年报送 2020H1: 60 agencies have not submitted 5 working days after the due date',
    );
    expect(en.text.startsWith('Dear Ada Lee,\n')).toBe(true);
    expect(en.text).toContain(
      'The following 60 agencies have not yet submitted the 泛珠合作事项半年报送 for the first half of 2020 (2020H1) to 省泛珠办, 5 working days after the due date:',
    );
    expect(en.text).toContain(
      '  - 省交通运输厅 — due Tuesday 2020-06-30, 7 days overdue; contacts: 省交通运输厅联络人 <sjtt@pprd.example.org>',
    );
    expect(listed(en)).toHaveLength(60);
    expect(toCoordinators(mem.sent).find((m) => m.to.email === C2)!.subject).toBe(SUBJECT_60);
  });
});

describe('the Slack form of a folded escalation', () => {
  /** Every block within Slack's documented limits. */
  function expectWithinLimits(blocks: Record<string, unknown>[]): void {
    expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const b of blocks) {
      if (b.type === 'section') expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      if (b.type === 'header') expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(MAX_HEADER_CHARS);
    }
  }
  const sectionText = (blocks: Record<string, unknown>[]) =>
    blocks
      .filter((b) => b.type === 'section')
      .map((b) => (b.text as { text: string }).text)
      .join('\n');

  test('one DM per coordinator with the 60 agencies over sections ≤ 3000 chars, ≤ 50 blocks, English for an English coordinator', async () => {
    const slack = createMemoryChannel({ name: 'slack', reach: (to) => Boolean(to.slackId) });
    const config = withCoordinators([
      { name: '省泛珠办 协调员一', email: C1, slackId: 'U0COORD1', language: 'zh-CN' },
      { name: 'Ada Lee', email: C2, slackId: 'U0COORD2', language: 'en' },
    ]);
    await tick(shanghai('2020-07-07T09:00'), config, [mem, slack]);
    expect(toCoordinators(mem.sent)).toHaveLength(2);
    const dms = slack.sent;
    expect(dms.map((m) => m.key).sort()).toEqual([`${ESC_KEY}|slack|${C1}`, `${ESC_KEY}|slack|${C2}`]);
    const zh = dms.find((m) => m.to.slackId === 'U0COORD1')!;
    const en = dms.find((m) => m.to.slackId === 'U0COORD2')!;
    for (const m of [zh, en]) {
      const blocks = formatSlack(m.content!).blocks as Record<string, unknown>[];
      expectWithinLimits(blocks);
      const text = sectionText(blocks);
      expect(text.split('\n').filter((l) => l.startsWith('• *'))).toHaveLength(60);
      expect(text).not.toContain('…');
      expect(text).toContain('省交通运输厅联络人 &lt;sjtt@pprd.example.org&gt;');
      expect(text).not.toContain('<sjtt@');
    }
    expect((formatSlack(zh.content!).blocks as { type: string; text?: { text: string } }[])[0].text?.text).toBe(
      '泛珠合作事项半年报送 2020H1：以下 60 个单位逾期 5 个工作日仍未报送',
    );
    expect(sectionText(formatSlack(zh.content!).blocks as Record<string, unknown>[])).toContain(
      '• *省交通运输厅* — 截止 2020-06-30（星期二），已逾期 7 天；联络人：省交通运输厅联络人 &lt;sjtt@pprd.example.org&gt;',
    );
    expect((formatSlack(en.content!).blocks as { type: string; text?: { text: string } }[])[0].text?.text).toBe(
      '泛珠合作事项半年报送 2020H1: 60 agencies have not submitted 5 working days after the due date',
    );
    expect(sectionText(formatSlack(en.content!).blocks as Record<string, unknown>[])).toContain(
      '• *省交通运输厅* — due Tuesday 2020-06-30, 7 days overdue; contacts: 省交通运输厅联络人 &lt;sjtt@pprd.example.org&gt;',
    );
    expect(formatSlack(en.content!).text).toMatch(/^泛珠合作事项半年报送 2020H1: 60 agencies have not submitted/);
  });

  test('long contact lists stay within Slack’s limits, end with 「…等另外 N 个」, and names are escaped', async () => {
    const slack = createMemoryChannel({ name: 'slack', reach: (to) => Boolean(to.slackId) });
    // Every agency with 12 contacts of long names, one a would-be mention: ~60 × 1000 chars of list.
    const agencies: Config['contacts']['agencies'] = {};
    for (const [agency, list] of Object.entries(shipped.contacts.agencies)) {
      agencies[agency] = Array.from({ length: 12 }, (_, i) => ({
        name: i === 0 ? '<!channel> 联络人' : `${list[0].name}${'甲乙丙丁'.repeat(10)}${i}`,
        email: `c${i}.${list[0].email}`,
        language: 'zh-CN' as const,
      }));
    }
    const config = withCoordinators(
      [{ name: '省泛珠办 协调员一', email: C1, slackId: 'U0COORD1', language: 'zh-CN' }],
      agencies,
    );
    await tick(shanghai('2020-07-07T09:00'), config, [slack]);
    const dm = slack.sent.find((m) => m.key.startsWith(ESC_KEY))!;
    const blocks = formatSlack(dm.content!).blocks as Record<string, unknown>[];
    expectWithinLimits(blocks);
    const text = sectionText(blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; 联络人');
    // Some agencies are shown in full; the others are counted in the last list section's "…等另外 N 个".
    const shown = text.split('\n').filter((l) => l.startsWith('• *')).length;
    const more = /…等另外 (\d+) 个/.exec(text);
    expect(more).not.toBeNull();
    expect(shown + Number(more![1])).toBe(60);
    expect(formatSlack(dm.content!).text).not.toContain('<!channel>');
  });
});
