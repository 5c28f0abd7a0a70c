import { cpSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createManualClock, type Log } from '../src/service/index.ts';
import { type RunningService, startService } from '../src/service/serve.ts';
import { signLink } from '../src/web/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { commandBody, postSigned } from './helpers/slackSign.ts';
import { tempDir } from './helpers/tempDb.ts';

const SECRET = 'service-http-signing-secret';
const TRANSPORT = encodeURIComponent('省交通运输厅');
/** The board's link key: the calendar feed opens only with a signed link (issue 15). */
const LINK_SECRET = '9c1e5b7a3d2f4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a';
/** A coordinator's signed link, as the `?t=` of a feed address. */
const SIGNED = `?t=${encodeURIComponent(signLink({ kind: 'coordinator', name: '省泛珠办 协调员一' }, LINK_SECRET, Date.now() + 86_400_000))}`;

/** The real service on the real document and the shipped config, in a temp folder. */
async function startReal(env: NodeJS.ProcessEnv, log: Log, extra: { tickBudgetMs?: number; drainMs?: number } = {}) {
  const tmp = tempDir('pprd-http-');
  cpSync(configFrom2017(), join(tmp.dir, 'config'), { recursive: true });
  const service = await startService(
    // 2020-06-23 09:00 Asia/Shanghai: the 7-day reminders of the 2020H1 report are due.
    serviceOptionsIn(tmp.dir, log, {
      env: { PPRD_LINK_SECRET: LINK_SECRET, ...env },
      clock: createManualClock(Date.parse('2020-06-23T09:00:00+08:00')),
      ...extra,
    }),
  );
  return { service, cleanup: () => tmp.cleanup() };
}

/** A raw request (fetch cannot send a malformed path): status, headers, body. */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await createFakeSlackApi();
});
afterAll(async () => {
  await fake.close();
});

describe.each([
  ['without Slack', false],
  ['with Slack (HTTP mode)', true],
])('the service routes %s', (_name, withSlack) => {
  let running: { service: RunningService; cleanup(): void };
  const m = memoryLog();
  beforeAll(async () => {
    const env = withSlack
      ? { SLACK_BOT_TOKEN: 'xoxb-http', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }
      : {};
    running = await startReal(env, m.log);
    await running.service.tick();
  }, 60_000);
  afterAll(async () => {
    await running.service.stop();
    running.cleanup();
  });

  test('a bad percent-encoding is 400 and logs no error; HEAD answers as GET does; other methods 405 with Allow', async () => {
    const port = running.service.port;
    m.lines.length = 0;
    const bad = await raw(
      port,
      'GET',
      `/calendar/%E7%9C%81%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E5%8E%85%E0%A4%A.ics${SIGNED}`,
    );
    expect([bad.status, JSON.parse(bad.body)]).toEqual([400, { error: 'agency name is not valid URL encoding' }]);
    expect(m.lines.filter((l) => l.level === 'error')).toEqual([]);

    const getFeed = await raw(port, 'GET', `/calendar/${TRANSPORT}.ics${SIGNED}`);
    const headFeed = await raw(port, 'HEAD', `/calendar/${TRANSPORT}.ics${SIGNED}`);
    expect(getFeed.status).toBe(200);
    expect(getFeed.body).toContain('DTSTART;VALUE=DATE:20200630');
    expect([headFeed.status, headFeed.headers['content-type'], headFeed.headers.etag, headFeed.body]).toEqual([
      200,
      'text/calendar; charset=utf-8',
      getFeed.headers.etag,
      '',
    ]);
    expect((await raw(port, 'HEAD', '/healthz')).status).toBe(200);
    expect((await raw(port, 'HEAD', '/readyz')).status).toBe(200);
    expect((await raw(port, 'HEAD', '/nothing')).status).toBe(404);

    const post = await raw(port, 'POST', '/healthz');
    expect([post.status, post.headers.allow, JSON.parse(post.body)]).toEqual([
      405,
      'GET, HEAD',
      { error: 'method not allowed; allowed: GET, HEAD' },
    ]);
    // Slack's path is Slack's only for POST: a GET there is not found, as without Slack.
    expect((await raw(port, 'GET', '/slack/events')).status).toBe(404);
  });

  test('the calendar feed has an ETag, is answered 304 while unchanged, and is the same text on a second request', async () => {
    const port = running.service.port;
    const first = await raw(port, 'GET', `/calendar/${TRANSPORT}.ics${SIGNED}`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const second = await raw(port, 'GET', `/calendar/${TRANSPORT}.ics${SIGNED}`);
    expect(second.body).toBe(first.body);
    const notModified = await raw(port, 'GET', `/calendar/${TRANSPORT}.ics${SIGNED}`, { 'if-none-match': etag });
    expect([notModified.status, notModified.body, notModified.headers.etag]).toEqual([304, '', etag]);
  });
});

describe('Slack acknowledgements under a flood of calendar requests', () => {
  let running: { service: RunningService; cleanup(): void };
  beforeAll(async () => {
    running = await startReal(
      { SLACK_BOT_TOKEN: 'xoxb-flood', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl },
      memoryLog().log,
    );
    await running.service.tick();
  }, 60_000);
  afterAll(async () => {
    await running.service.stop();
    running.cleanup();
  });

  test("600 signed feed requests, 50 at a time, over 6 agencies: a signed /pprd is acknowledged within Slack's 3 s (today: 8 s)", async () => {
    const port = running.service.port;
    const names = ['省交通运输厅', '省发展改革委', '省教育厅', '省科技厅', '省商务厅', '省财政厅'].map(
      encodeURIComponent,
    );
    let next = 0;
    let ok = 0;
    const worker = async () => {
      while (next < 600) {
        const i = next++;
        const r = await raw(port, 'GET', `/calendar/${names[i % names.length]}.ics${SIGNED}`);
        if (r.status === 200) ok++;
      }
    };
    const flood = Promise.all(Array.from({ length: 50 }, worker));
    // Mid-flood, Slack posts a command.
    while (next < 100) await new Promise((r) => setImmediate(r));
    const ack = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      SECRET,
      commandBody({ text: 'help', userId: 'U0NOBODY', responseUrl: fake.responseUrl('flood') }),
    );
    await flood;
    expect(ack.status).toBe(200);
    expect(ack.ackMs).toBeLessThan(3000);
    expect(ok).toBe(600);
    await fake.waitFor(() => fake.responses.some((r) => r.id === 'flood'));
  });
});

describe('readiness reports a tick that has not finished in time', () => {
  let running: { service: RunningService; cleanup(): void } | null = null;
  afterEach(async () => {
    await running?.service.stop();
    running?.cleanup();
  });

  test('an SMTP server that never greets: /readyz is 503 with the reason past the budget, 200 again once the tick ends', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const smtpUrl = `smtp://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const m = memoryLog();
    // The first tick starts with the service and waits for a greeting that never comes (15 s timeout).
    running = await startReal({ SMTP_URL: smtpUrl }, m.log, { tickBudgetMs: 500, drainMs: 100 });
    const base = `http://127.0.0.1:${running.service.port}`;
    const t0 = performance.now();
    let seen: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
    while (performance.now() - t0 < 10_000) {
      const r = await fetch(`${base}/readyz`);
      seen = { status: r.status, body: (await r.json()) as Record<string, unknown> };
      if (r.status === 503 && seen.body.reason !== 'no tick has finished yet') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.status).toBe(503);
    expect(seen.body.ready).toBe(false);
    expect(String(seen.body.reason)).toMatch(
      /^the tick of 2020-06-23T09:00:00\.\d{3}\+08:00 has run \d+ s, over its budget of 1 s: a channel is not answering \(see the log's delivery lines\); reminders due meanwhile wait for it$/,
    );

    // The server goes away: every send fails at once (retried later), the tick ends, ready again.
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    await running.service.tick();
    const after = await fetch(`${base}/readyz`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { lastTick: string }).lastTick).toBe('2020-06-23T09:00:00.000+08:00');
    expect(m.lines.filter((l) => l.obj.event === 'retried').length).toBe(63);
  }, 30_000);
});
