import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { createMemoryChannel, type MemoryChannel } from '../src/channels/index.ts';
import type { Config } from '../src/config/types.ts';
import { buildAgencyDigest, buildCoordinatorDigest } from '../src/digest/index.ts';
import { formatEmail, reminderEmail } from '../src/messages/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { type Db, openStore } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';

// Issue 11 (`pprd simulate`): a tick renders what a channel reads, and builds a digest's view once per
// audience. The renderers and view builders are the real ones, counted where the engine calls them.
vi.mock('../src/messages/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/messages/index.ts')>();
  return { ...real, formatEmail: vi.fn(real.formatEmail), reminderEmail: vi.fn(real.reminderEmail) };
});
vi.mock('../src/digest/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/digest/index.ts')>();
  return {
    ...real,
    buildCoordinatorDigest: vi.fn(real.buildCoordinatorDigest),
    buildAgencyDigest: vi.fn(real.buildAgencyDigest),
  };
});

const JTT = '省交通运输厅';
const FGW = '省发展改革委';

let db: Db;
let catalog: Catalog;
let email: MemoryChannel;
let slack: MemoryChannel;
beforeEach(() => {
  vi.clearAllMocks();
  db = openStore(':memory:');
  catalog = importRealCatalog(db);
  email = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
  slack = createMemoryChannel({ name: 'slack', reach: (to) => Boolean(to.slackId) });
});
afterEach(() => {
  if (db.open) db.close();
});

const tick = (config: Config, now: string) =>
  runTick({ db, catalog, config, channels: [email, slack], now, log: silentLog });

describe('a message’s email form is made when a channel reads it', () => {
  test('the seven-day reminders of 2020H1: nothing rendered for email until read, then text, HTML and .ics once; the Slack copy never', async () => {
    const config = deliveryConfig({
      agencies: {
        [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org', { slackId: 'U0JTT' })],
        [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
      },
    });
    await tick(config, shanghai('2020-06-23T08:59'));
    const r = await tick(config, shanghai('2020-06-23T09:00'));
    expect(r.sent).toBe(3);
    expect(email.sent.map((m) => m.key)).toEqual([
      'half-yearly/2020H1/省发展改革委/before/7|email|sfgw@pprd.example.org',
      'half-yearly/2020H1/省交通运输厅/before/7|email|sjtt@pprd.example.org',
    ]);
    expect(slack.sent.map((m) => m.key)).toEqual([
      'half-yearly/2020H1/省交通运输厅/before/7|slack|sjtt@pprd.example.org',
    ]);
    // Sent and recorded, and no email form made yet: the memory channels read none of it.
    expect(vi.mocked(reminderEmail)).not.toHaveBeenCalled();
    expect(vi.mocked(formatEmail)).not.toHaveBeenCalled();

    const jtt = email.sent[1];
    expect(jtt.subject).toBe('【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）');
    expect(vi.mocked(reminderEmail)).not.toHaveBeenCalled();
    expect(
      jtt.text.startsWith(
        '交通联络人：\n\n报送单位：省交通运输厅\n报送事项：泛珠合作事项半年报送\n报送期次：2020年上半年（2020H1）\n',
      ),
    ).toBe(true);
    expect(
      jtt.html.startsWith(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>【泛珠合作】2020年上半年',
      ),
    ).toBe(true);
    expect(jtt.attachments?.map((a) => a.filename)).toEqual(['half-yearly-2020H1.ics']);
    expect(jtt.attachments?.[0].content).toMatch(/^BEGIN:VCALENDAR\r?\nVERSION:2.0\r?\n/);
    // Read three times, made once, from the message's own composed content.
    expect(vi.mocked(reminderEmail)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(reminderEmail).mock.calls[0][0]).toBe(jtt.content);
    // What a channel reads is the email form itself.
    expect({ text: jtt.text, html: jtt.html }).toEqual({
      text: formatEmail(jtt.content!).text,
      html: formatEmail(jtt.content!).html,
    });
  });
});

describe('a digest’s view is built once per tick and audience', () => {
  test('Monday 2020-06-01 (weekly and monthly digests): one coordinators’ board for two coordinators on two channels, one view per agency for its two contacts', async () => {
    const config = deliveryConfig({
      agencies: {
        [JTT]: [
          contact('交通联络人', 'sjtt@pprd.example.org', { slackId: 'U0JTT' }),
          contact('交通联络人二', 'sjtt2@pprd.example.org'),
        ],
        [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
      },
      coordinators: [
        contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org', { slackId: 'U0COORD' }),
        contact('省泛珠办 协调员二', 'coordinator2@pprd.example.org'),
      ],
      digests: [
        { id: 'weekly', audience: 'coordinators', schedule: '0 9 * * 1' },
        { id: 'monthly', audience: 'agency', schedule: '0 9 1 * *' },
      ],
    });
    await tick(config, shanghai('2020-06-01T08:59'));
    vi.clearAllMocks();
    const r = await tick(config, shanghai('2020-06-01T09:00'));
    expect(r.digests).toBe(7);
    const digests = [...email.sent, ...slack.sent].filter((m) => m.key.startsWith('digest/')).map((m) => m.key);
    expect(digests.sort()).toEqual([
      'digest/monthly/2020-06-01T09:00/省交通运输厅|email|sjtt2@pprd.example.org',
      'digest/monthly/2020-06-01T09:00/省交通运输厅|email|sjtt@pprd.example.org',
      'digest/monthly/2020-06-01T09:00/省交通运输厅|slack|sjtt@pprd.example.org',
      'digest/monthly/2020-06-01T09:00/省发展改革委|email|sfgw@pprd.example.org',
      'digest/weekly/2020-06-01T09:00|email|coordinator1@pprd.example.org',
      'digest/weekly/2020-06-01T09:00|email|coordinator2@pprd.example.org',
      'digest/weekly/2020-06-01T09:00|slack|coordinator1@pprd.example.org',
    ]);
    expect(vi.mocked(buildCoordinatorDigest)).toHaveBeenCalledTimes(1);
    expect(
      vi
        .mocked(buildAgencyDigest)
        .mock.calls.map(([input]) => input.agency)
        .sort(),
    ).toEqual([JTT, FGW].sort());
    // Each recipient's digest is composed from that one view: the same board for both coordinators.
    const weekly = email.sent.filter((m) => m.key.startsWith('digest/weekly/'));
    expect(weekly[0].content).toEqual(weekly[1].content);
    expect(weekly[0].subject).toMatch(/^【泛珠合作】每周汇总 2020-06-01：逾期 \d+ 项，14 天内到期 \d+ 项$/);
  });
});
