import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake received. */
export interface FakeCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Form or JSON fields; JSON-looking values (blocks) parsed. */
  params: Record<string, unknown>;
  /** Bearer token from the Authorization header (or the `token` field). */
  token?: string;
  /** What the fake answered: `ok`, `rate_limited` (429), `http_error` (5xx) or a Slack error code. */
  outcome: string;
}

/** One POST to a `response_url` (Bolt's `respond`). */
export interface FakeResponse {
  /** The id in `/response/:id`. */
  id: string;
  body: Record<string, unknown>;
}

/** A scripted answer for the `nth` call (1-based, counted per method) of `method`. */
export type FakeFailure =
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'http_error'; status: number }
  | { kind: 'slack_error'; error: string };

export interface FakeSlackApi {
  /** Web API base URL for `SLACK_API_URL` / `slackApiUrl`, ending in `/api/`. */
  readonly apiUrl: string;
  /** Every Web API call, in arrival order (including ones answered 429 or with an error). */
  readonly calls: FakeCall[];
  /** Every post to a response URL, in arrival order. */
  readonly responses: FakeResponse[];
  /** A response URL on this fake (what Slack puts in `response_url`). */
  responseUrl(id: string): string;
  /** Calls of one method that the fake carried out (`outcome: ok`). */
  done(method: string): FakeCall[];
  /** Scripts the `nth` call (1-based, per method, counted over the fake's life) of `method` to fail as given. */
  failOn(method: string, nth: number, failure: FakeFailure): void;
  /** Scripts the next call of `method` to fail as given. */
  failNext(method: string, failure: FakeFailure): void;
  /** Calls of `method` received over the fake's life (the numbering `failOn` uses; `calls` may be cleared). */
  count(method: string): number;
  /** Resolves when `predicate` holds (checked on every call/response); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseFields(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the string
      }
    }
    out[k] = v;
  }
  return out;
}

/**
 * A local fake of Slack's Web API on 127.0.0.1 (port 0) that records every call: `auth.test`,
 * `chat.postMessage`, `chat.update`, `conversations.open`, anything else (answered `{ok:true}`),
 * and posts to `response_url`s (`/response/:id`). It can answer chosen calls with 429 +
 * `Retry-After`, an HTTP 5xx, or a Slack error such as `channel_not_found`.
 */
export async function createFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: FakeCall[] = [];
  const responses: FakeResponse[] = [];
  const failures = new Map<string, FakeFailure>();
  const counts = new Map<string, number>();
  const events = new EventEmitter();
  events.setMaxListeners(100);
  let ts = 1_700_000_000;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/response/')) {
      responses.push({
        id: decodeURIComponent(url.pathname.slice('/response/'.length)),
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      });
      send(200, { ok: true });
      events.emit('change');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      send(404, { ok: false, error: 'unknown_path' });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const params = parseFields(raw, req.headers['content-type']);
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const token = auth ?? (typeof params.token === 'string' ? params.token : undefined);
    const n = (counts.get(method) ?? 0) + 1;
    counts.set(method, n);
    const failure = failures.get(`${method}#${n}`);
    const record = (outcome: string) => {
      calls.push({ method, params, token, outcome });
      events.emit('change');
    };
    if (failure?.kind === 'rate_limited') {
      record('rate_limited');
      send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSec) });
      return;
    }
    if (failure?.kind === 'http_error') {
      record('http_error');
      send(failure.status, { ok: false, error: 'service_unavailable' });
      return;
    }
    if (failure?.kind === 'slack_error') {
      record(failure.error);
      send(200, { ok: false, error: failure.error });
      return;
    }
    record('ok');
    switch (method) {
      case 'auth.test':
        send(200, {
          ok: true,
          url: 'https://pprd.example.slack.com/',
          team: 'PPRD',
          user: 'pprd-bot',
          team_id: 'T0PPRD',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        });
        return;
      case 'chat.postMessage':
        ts += 1;
        send(200, { ok: true, channel: params.channel, ts: `${ts}.000100`, message: { text: params.text } });
        return;
      case 'chat.update':
        send(200, { ok: true, channel: params.channel, ts: params.ts, text: params.text });
        return;
      case 'conversations.open':
        send(200, { ok: true, channel: { id: `D${String(params.users ?? 'X').replace(/^U/, '')}` } });
        return;
      default:
        send(200, { ok: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    done: (method) => calls.filter((c) => c.method === method && c.outcome === 'ok'),
    failOn: (method, nth, failure) => {
      failures.set(`${method}#${nth}`, failure);
    },
    failNext: (method, failure) => {
      failures.set(`${method}#${(counts.get(method) ?? 0) + 1}`, failure);
    },
    count: (method) => counts.get(method) ?? 0,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        if (predicate()) return resolve();
        const timer = setTimeout(() => {
          events.off('change', check);
          reject(
            new Error(
              `fake Slack API: condition not met within ${timeoutMs} ms (${calls.length} calls, ${responses.length} responses)`,
            ),
          );
        }, timeoutMs);
        function check() {
          if (predicate()) {
            clearTimeout(timer);
            events.off('change', check);
            resolve();
          }
        }
        events.on('change', check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
