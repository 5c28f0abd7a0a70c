import { createServer, type Server, type Socket } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Channel, createEmailChannel, createSlackChannel, slackClientOptions } from '../src/channels/index.ts';
import type { Contact } from '../src/config/types.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, type Db, openStore } from '../src/store/index.ts';
import { deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtpServer.ts';

// Issue 17 item 4: one stuck channel must not hold up the others. 2020-06-23 09:00 (Asia/Shanghai) is
// the 7-day reminder of the 2020H1 half-yearly report (due Tuesday 2020-06-30).
const T = '2020-06-23T09:00:00+08:00';
const AGENCIES = 20;

/** A TCP server on loopback that accepts connections and never says a word (no SMTP 220 greeting). */
async function silentServer(): Promise<{ url: string; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let db: Db;
let fake: FakeSlackApi;
let contacts: Record<string, Contact[]>;
let catalog: ReturnType<typeof importRealCatalog>;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  db = openStore(':memory:');
  catalog = importRealCatalog(db);
  fake = await createFakeSlackApi();
  contacts = {};
  catalog.agencies
    .filter((a) => !a.group)
    .slice(0, AGENCIES)
    .forEach((a, i) => {
      const n = String(i + 1).padStart(3, '0');
      contacts[a.name] = [
        { name: `联络人${n}`, email: `c${n}@pprd.example.org`, slackId: `U0C${n}`, language: 'zh-CN' },
      ];
    });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await fake.close();
  db.close();
});

function slackChannel(): Channel {
  return createSlackChannel(new webApi.WebClient('xoxb-lanes', slackClientOptions(fake.apiUrl)));
}

/** Resolves with the ms since `t0` at which `predicate` first held. */
async function timeOf(t0: number, wait: Promise<void>): Promise<number> {
  await wait;
  return performance.now() - t0;
}

describe('each channel sends on its own lane', () => {
  test('an SMTP server that never greets: every Slack message goes out while the emails wait for their greeting, the tick ends within one timeout, every email waits for a retry', async () => {
    const silent = await silentServer();
    const email = createEmailChannel({ smtpUrl: silent.url, timeouts: { connection: 3000, greeting: 3000 } });
    closers.push(
      async () => email.close(),
      () => silent.close(),
    );
    const config = deliveryConfig({ agencies: contacts });

    const t0 = performance.now();
    const tick = runTick({ db, catalog, config, channels: [email, slackChannel()], now: T, log: silentLog });
    const slackMs = await timeOf(
      t0,
      fake.waitFor(() => fake.done('chat.postMessage').length === AGENCIES, 10_000),
    );
    // Every Slack message is out while every email still waits for its greeting.
    const emailWhenSlackDone = createDeliveryRepo(db)
      .list()
      .filter((r) => r.channel === 'email')
      .map((r) => r.status);
    const result = await tick;
    const tickMs = performance.now() - t0;

    // Slack did not wait for SMTP's 3 s greeting timeout (today: behind the stuck emails, 12+ s).
    expect(emailWhenSlackDone).toEqual(Array(AGENCIES).fill('sending'));
    expect(slackMs).toBeLessThan(3000);
    expect(new Set(fake.done('chat.postMessage').map((c) => c.params.channel)).size).toBe(AGENCIES);
    // One greeting timeout for the five pooled connections; the other 15 fail at once (server unreachable).
    expect(tickMs).toBeGreaterThanOrEqual(3000);
    expect(tickMs).toBeLessThan(6000);
    expect(silent.connections).toBe(5);
    expect({ sent: result.sent, retried: result.retried, dead: result.dead }).toEqual({
      sent: AGENCIES,
      retried: AGENCIES,
      dead: 0,
    });

    const rows = createDeliveryRepo(db)
      .list()
      .filter((r) => r.channel === 'email');
    expect(rows).toHaveLength(AGENCIES);
    expect(rows.every((r) => r.status === 'failed' && r.nextAttemptAt === '2020-06-23T01:02:00.000Z')).toBe(true);
    const errors = rows.map((r) => r.lastError ?? '');
    expect(errors.filter((e) => e === 'ETIMEDOUT ETIMEDOUT: Greeting never received')).toHaveLength(5);
    expect(
      errors.filter(
        (e) =>
          e ===
          'smtp-unreachable SMTP server unreachable (ETIMEDOUT: Greeting never received); not tried again in this tick — fix: check that the server in SMTP_URL is up and answers on that port',
      ),
    ).toHaveLength(AGENCIES - 5);
  });

  test("Slack's 429 with Retry-After does not delay email: all 20 emails are accepted before Slack's wait is over", async () => {
    const smtp: TestSmtpServer = await startSmtpServer();
    const email = createEmailChannel({ smtpUrl: smtp.url });
    closers.push(
      async () => email.close(),
      () => smtp.close(),
    );
    const config = deliveryConfig({ agencies: contacts });
    // Slack is rate limiting: the first five posts are answered 429 with Retry-After: 3.
    for (let n = 1; n <= 5; n++) fake.failOn('chat.postMessage', n, { kind: 'rate_limited', retryAfterSec: 3 });

    const t0 = performance.now();
    const tick = runTick({ db, catalog, config, channels: [email, slackChannel()], now: T, log: silentLog });
    const emailMs = await timeOf(t0, smtp.waitFor(AGENCIES, 10_000));
    const result = await tick;
    const tickMs = performance.now() - t0;

    expect(emailMs).toBeLessThan(2500);
    expect(new Set(smtp.received.map((m) => m.rcptTo[0])).size).toBe(AGENCIES);
    // Slack waited out Retry-After and then posted each message once.
    expect(tickMs).toBeGreaterThanOrEqual(3000);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.outcome === 'rate_limited')).toHaveLength(5);
    expect(new Set(fake.done('chat.postMessage').map((c) => c.params.channel)).size).toBe(AGENCIES);
    expect(fake.done('chat.postMessage')).toHaveLength(AGENCIES);
    expect({ sent: result.sent, retried: result.retried, dead: result.dead }).toEqual({
      sent: 2 * AGENCIES,
      retried: 0,
      dead: 0,
    });
  });
});
