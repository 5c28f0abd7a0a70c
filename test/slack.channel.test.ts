import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DeliveryError, type OutgoingMessage } from '../src/channels/index.ts';
import { createSlackApp, createSlackChannel, type SlackApp } from '../src/channels/slack/index.ts';
import type { Config, Contact } from '../src/config/types.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { importedCatalog, slackWorld } from './helpers/slackWorld.ts';

let fake: FakeSlackApi;
let slack: SlackApp;

beforeAll(async () => {
  fake = await createFakeSlackApi();
  // The channel built the way the service builds it: over the app's Web API client.
  slack = createSlackApp({
    signingSecret: 'unused-secret',
    botToken: 'xoxb-channel-test',
    apiUrl: fake.apiUrl,
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    services: slackWorld('2020-06-23T09:00:00+08:00').services,
    logger: silentLog,
  });
});
afterAll(async () => {
  await fake.close();
});

function message(i: number, slackId: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    key: `half-yearly/2020H1/agency${i}/before/7|slack|slack:${slackId}`,
    messageId: `<m${i}@pprd-reminder>`,
    to: { name: `联络人${i}`, slackId, language: 'zh-CN' },
    subject: 's',
    text: `提醒 ${i}`,
    html: '',
    ...extra,
  };
}

describe('the Slack channel', () => {
  beforeEach(() => {
    fake.calls.length = 0;
  });

  test('building the app made no network call (bot ids given): nothing can kill the process at start', () => {
    expect(fake.calls).toEqual([]);
  });

  test('posts a DM to the user id with blocks and their fallback text, without conversations.open', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    await slack.channel.send(message(1, 'U0AAA1', { text: 'fallback', blocks }));
    expect(fake.calls.map((c) => [c.method, c.params.channel, c.params.text, c.outcome])).toEqual([
      ['chat.postMessage', 'U0AAA1', 'fallback', 'ok'],
    ]);
    expect(fake.calls[0].params.blocks).toEqual(blocks);
    expect(fake.calls[0].token).toBe('xoxb-channel-test');
  });

  test('plain text is escaped, so <!channel> never pings; a Slack-rendered fallback (meta.slackText) is posted as is', async () => {
    await slack.channel.send(message(2, 'C0DIGEST', { text: '单位 <!channel> & <@U123>' }));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }];
    await slack.channel.send(message(3, 'C0DIGEST', { text: 'email text <!here>', blocks }));
    await slack.channel.send(
      message(4, 'C0DIGEST', { text: 'email text', blocks, meta: { slackText: '报送提醒 &lt;x&gt;' } }),
    );
    expect(fake.calls.map((c) => c.params.text)).toEqual([
      '单位 &lt;!channel&gt; &amp; &lt;@U123&gt;',
      'email text &lt;!here&gt;',
      '报送提醒 &lt;x&gt;',
    ]);
  });

  test('canReach needs a Slack user or channel id', () => {
    expect(slack.channel.canReach({ name: 'a', slackId: 'U0AAA1', language: 'zh-CN' })).toBe(true);
    expect(slack.channel.canReach({ name: 'a', slackId: 'C0DIGEST', language: 'zh-CN' })).toBe(true);
    expect(slack.channel.canReach({ name: 'a', email: 'a@example.org', language: 'zh-CN' })).toBe(false);
    expect(slack.channel.canReach({ name: 'a', slackId: '#pprd-coordinators', language: 'zh-CN' })).toBe(true);
    expect(slack.channel.canReach({ name: 'a', slackId: 'someone', language: 'zh-CN' })).toBe(false);
  });

  test.each(['channel_not_found', 'user_not_found', 'not_in_channel'])(
    'Slack error %s is permanent, tried once',
    async (code) => {
      fake.failNext('chat.postMessage', { kind: 'slack_error', error: code });
      const err = await slack.channel.send(message(3, 'U0GONE')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect((err as DeliveryError).kind).toBe('permanent');
      expect((err as DeliveryError).detail).toBe(code);
      expect(fake.calls.map((c) => [c.method, c.outcome])).toEqual([['chat.postMessage', code]]);
    },
  );

  test.each(['invalid_auth', 'token_revoked', 'account_inactive'])(
    'a refused token (%s) is temporary, names SLACK_BOT_TOKEN and the fix, tried once',
    async (code) => {
      fake.failNext('chat.postMessage', { kind: 'slack_error', error: code });
      const err = await slack.channel.send(message(3, 'U0AAA3')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect((err as DeliveryError).kind).toBe('temporary');
      expect((err as DeliveryError).detail).toBe(code);
      expect((err as DeliveryError).credentials).toBe('SLACK_BOT_TOKEN');
      expect((err as DeliveryError).message).toBe(
        `Slack refused the bot token: ${code} — fix: reinstall the app or copy a new bot token into SLACK_BOT_TOKEN and restart`,
      );
      expect(fake.calls.map((c) => [c.method, c.outcome])).toEqual([['chat.postMessage', code]]);
    },
  );

  test('an HTTP 503 is temporary and not retried by the client (the post may have happened)', async () => {
    fake.failNext('chat.postMessage', { kind: 'http_error', status: 503 });
    const err = await slack.channel.send(message(4, 'U0AAA4')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).kind).toBe('temporary');
    expect((err as DeliveryError).detail).toBe(503);
    expect(fake.calls.map((c) => c.outcome)).toEqual(['http_error']);
  });

  test('an unreachable API is a temporary failure, not a crash', async () => {
    const dead = createSlackChannel(
      createSlackApp({
        signingSecret: 's',
        botToken: 'xoxb-x',
        apiUrl: 'http://127.0.0.1:9/api/',
        botId: 'B',
        botUserId: 'U',
        services: slackWorld('2020-06-23T09:00:00+08:00').services,
        logger: silentLog,
      }).client,
    );
    const err = await dead.send(message(5, 'U0AAA5')).catch((e: unknown) => e);
    expect((err as DeliveryError).kind).toBe('temporary');
  });
});

describe('rate limits through the delivery engine', () => {
  test('a 429 on the 5th of 40 posts delivers all 40 exactly once; a second tick sends none', async () => {
    const { db, catalog } = importedCatalog();
    const agencies = catalog.agencies.filter((a) => !a.group).map((a) => a.name);
    expect(agencies.length).toBeGreaterThanOrEqual(40);
    const contacts: Record<string, Contact[]> = {};
    agencies.slice(0, 40).forEach((a, i) => {
      contacts[a] = [
        { name: `联络人${i + 1}`, email: '', slackId: `U0C${String(i + 1).padStart(3, '0')}`, language: 'zh-CN' },
      ];
    });
    const config: Config = {
      ...planConfig([halfYearly]),
      language: 'zh-CN',
      holidays: [],
      digests: [],
      delivery: { catchUpDays: 3, giveUpAfterHours: 48, retryBaseMinutes: 2, bundle: false },
      slack: {},
      directory: [],
      contacts: { agencies: contacts, coordinators: [] },
    };
    fake.calls.length = 0;
    const postsBefore = fake.count('chat.postMessage');
    fake.failOn('chat.postMessage', postsBefore + 5, { kind: 'rate_limited', retryAfterSec: 1 });

    // 2020-06-23 09:00 is the 7-day reminder of the 2020H1 report (due Tuesday 2020-06-30).
    const result = await runTick({
      db,
      catalog,
      config,
      channels: [slack.channel],
      now: '2020-06-23T09:00:00+08:00',
      log: silentLog,
    });
    expect(result.sent).toBe(40);
    expect(result.retried).toBe(0);
    expect(result.dead).toBe(0);

    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.filter((c) => c.outcome === 'rate_limited')).toHaveLength(1);
    const delivered = posts.filter((c) => c.outcome === 'ok').map((c) => String(c.params.channel));
    expect(delivered).toHaveLength(40);
    expect(new Set(delivered).size).toBe(40);
    expect([...delivered].sort()).toEqual(
      Object.values(contacts)
        .map((c) => c[0].slackId)
        .sort(),
    );
    // Each is the 7-day reminder with its two buttons.
    for (const p of posts.filter((c) => c.outcome === 'ok')) {
      const blocks = p.params.blocks as { type: string; elements?: { action_id: string }[] }[];
      expect(blocks.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id)).toEqual([
        'pprd_mark_submitted',
        'pprd_details',
      ]);
      // The Slack fallback text (renderReminderSlack), not the email body.
      expect(String(p.params.text)).toMatch(
        /^报送提醒：泛珠合作事项半年报送 2020H1\n报送单位：.+\n报送事项：泛珠合作事项半年报送\n报送期次：2020年上半年（2020H1）\n报送对象：省泛珠办\n截止日期：2020-06-30（星期二），还有 7 天$/,
      );
    }

    const again = await runTick({
      db,
      catalog,
      config,
      channels: [slack.channel],
      now: '2020-06-23T09:00:30+08:00',
      log: silentLog,
    });
    expect(again.sent).toBe(0);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.outcome === 'ok')).toHaveLength(40);
    db.close();
  });
});
