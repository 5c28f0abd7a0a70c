import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSlackApp } from '../src/channels/slack/index.ts';
import { silentLog } from '../src/service/index.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { slackWorld } from './helpers/slackWorld.ts';

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await createFakeSlackApi();
});
afterAll(async () => {
  await fake.close();
});

const services = () => slackWorld('2020-06-23T09:00:00+08:00').services;

describe('starting and stopping the Slack app', () => {
  test('an unreachable Web API makes start() reject with PPRD_SLACK_START; nothing crashes, nothing listens', async () => {
    const slack = createSlackApp({
      signingSecret: 's',
      botToken: 'xoxb-x',
      apiUrl: 'http://127.0.0.1:9/api/',
      port: 0,
      host: '127.0.0.1',
      services: services(),
      logger: silentLog,
    });
    const err = (await slack.start().catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('PPRD_SLACK_START');
    expect(err.message).toContain('check SLACK_BOT_TOKEN and SLACK_API_URL');
    expect(err.message).not.toContain('xoxb-x');
    await slack.stop();
  });

  test('a refused token (invalid_auth) is reported at start', async () => {
    fake.failNext('auth.test', { kind: 'slack_error', error: 'invalid_auth' });
    const slack = createSlackApp({
      signingSecret: 's',
      botToken: 'xoxb-bad',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      services: services(),
      logger: silentLog,
    });
    const err = (await slack.start().catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('PPRD_SLACK_START');
    expect(err.message).toContain('invalid_auth');
  });

  test('start() resolves when listening; stop() frees the port and may be called twice', async () => {
    const slack = createSlackApp({
      signingSecret: 's',
      botToken: 'xoxb-ok',
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      services: services(),
      logger: silentLog,
    });
    const { port } = await slack.start();
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(401);
    await slack.stop();
    await slack.stop();
    const after = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' }).catch(
      (e: Error) => e,
    );
    expect(after).toBeInstanceOf(Error);
  });

  test('SLACK_APP_TOKEN selects Socket Mode; building it makes no network call; HTTP mode needs a signing secret', () => {
    const before = fake.calls.length;
    const socket = createSlackApp({
      appToken: 'xapp-1',
      botToken: 'xoxb-1',
      apiUrl: fake.apiUrl,
      services: services(),
      logger: silentLog,
    });
    expect(socket.mode).toBe('socket');
    expect(socket.servesRoutes).toBe(false);
    expect(fake.calls.length).toBe(before);
    expect(() => createSlackApp({ botToken: 'xoxb-1', services: services(), logger: silentLog })).toThrow(
      /SLACK_SIGNING_SECRET is not set/,
    );
  });
});
