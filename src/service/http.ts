import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { type Context, type Handler, Hono } from 'hono';
import type { Log } from './logger.ts';

/** What the HTTP endpoints read from the running service. */
export interface HttpDeps {
  /** True while the database is open. */
  dbOpen(): boolean;
  /**
   * Problems of the latest config edit that was refused (one line each), or null when the latest
   * edit was applied. The config in force is always a valid one: the service never runs on a bad one.
   */
  refusedEdit(): string[] | null;
  /** ISO instant of the last finished tick, or null before the first. */
  lastTick(): string | null;
  /**
   * The tick in flight, if any: its instant (ISO), how long it has run and its budget (wall-clock ms).
   * A tick past its budget makes `/readyz` answer 503 with the reason. Absent: never reported.
   */
  tickInFlight?(): { now: string; runningMs: number; budgetMs: number } | null;
  /**
   * The last tick's failure (`error` names the file or variable and the fix; `inARow` counts the ticks
   * that failed in a row), or null when the last tick finished. Optional (tests of other routes).
   */
  tickError?(): { at: string; error: string; inARow: number } | null;
  /** Channels whose server refuses our credentials (SMTP 535, Slack `token_revoked` …), each with the variable to fix. */
  channelFaults?(): { channel: string; variable: string; error: string; since: string }[];
  /**
   * iCalendar feed (RFC 5545 text) of an agency's deadlines for the request's signed link `token` (`?t=`):
   * status 200 with the feed; 401 when the token opens nothing (none, bad, expired, no `PPRD_LINK_SECRET`,
   * whatever the name); 404 when no agency has that name (canonical, full or alias); 403 when the link's
   * person may not see that agency. Called for every request: the service caches the feed (see serve.ts).
   */
  calendarFeed(agency: string, token: string | undefined): { status: 200; feed: string } | { status: 401 | 403 | 404 };
  /** Prometheus text exposition for `GET /metrics` (see `createServiceMetrics`). Absent: 404. */
  metrics?(): Promise<{ contentType: string; body: string }>;
  /**
   * Set when ticks have stopped: no tick has finished for `silentMs` (wall clock) — a scheduler that no
   * longer fires or a tick that never ends. `/healthz` then answers 503, so the orchestrator restarts
   * the process. Null while ticks keep finishing.
   */
  ticksStalled?(): { lastTickEndedAt: string | null; silentMs: number } | null;
}

/** A Hono app on Node's HTTP server (`c.env.incoming` / `c.env.outgoing` are Node's request and response). */
export type HttpApp = Hono<{ Bindings: HttpBindings }>;

/** Methods a route may answer besides `HEAD`, which Hono serves wherever `GET` is (RFC 9110 §9.3.2). */
export type RouteMethod = 'GET' | 'POST';

function jsonError(c: Context, status: 400 | 404 | 405 | 500, error: string): Response {
  return c.json({ error }, status, { 'cache-control': 'no-store' });
}

/**
 * Registers `handlers` on `path` of `app`, and answers any other method there 405 with `Allow`
 * (`GET` implies `HEAD`). The one place the service's method policy is written.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono env (the board adds its own variables)
export function route<E extends { Bindings: HttpBindings; Variables?: any }>(
  app: Hono<E>,
  path: string,
  handlers: Partial<Record<RouteMethod, Handler<E>>>,
): void {
  const methods = Object.keys(handlers) as RouteMethod[];
  for (const m of methods) app.on(m, path, handlers[m]!);
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  app.all(path, (c) => {
    c.header('allow', allow);
    return jsonError(c, 405, `method not allowed; allowed: ${allow}`);
  });
}

/** The raw (still percent-encoded) path of a request, as sent. */
export function rawPath(c: Context): string {
  return new URL(c.req.url).pathname;
}

/** Ticks failing in a row before `/healthz` says the process is unhealthy (one failure may be a passing lock). */
export const UNHEALTHY_AFTER_FAILED_TICKS = 3;

/**
 * The service's own endpoints, as a Hono app to mount ({@link createRouter}):
 * - `GET /healthz`: 200 `{ok:true}` while the process is up and the database open; 503 when the database
 *   is closed or the last {@link UNHEALTHY_AFTER_FAILED_TICKS} ticks all failed (`tickError`: e.g. a
 *   read-only database, naming PPRD_DB and the fix), and 503 `ticksStalled` when no tick has finished
 *   for a while (a stopped scheduler or a tick that never ends);
 * - `GET /metrics`: Prometheus metrics (when `metrics` is given);
 * - `GET /readyz`: 200 `{ready:true, config:'valid', lastTick, refusedEdit?, channelFaults?}` once a tick has run
 *   (the config in force is always valid; `refusedEdit` lists the problems of a refused edit; `channelFaults`
 *   the channels whose credentials are refused, with the variable to fix: their deliveries wait and are
 *   retried); 503 with `reason` before the first tick, while a tick has run past its budget (`tickInFlight`:
 *   a channel that does not answer), and while the last tick failed (`tickError`);
 * - `GET /calendar/AGENCY.ics?t=TOKEN`: `text/calendar` feed of that agency's deadlines (name URL-encoded)
 *   for a signed link of someone who may see it: 401 without a valid link, 403 for another agency's, 404 if
 *   unknown, 400 for a bad percent-encoding; with an `ETag`, and 304 for a matching `If-None-Match`.
 * Every route answers `HEAD` as it answers `GET`, without the body, and other methods 405 with `Allow`.
 */
export function serviceRoutes(deps: HttpDeps): HttpApp {
  const app: HttpApp = new Hono();
  route(app, '/healthz', {
    GET: (c) => {
      const noStore = { 'cache-control': 'no-store' };
      if (!deps.dbOpen()) return c.json({ ok: false, db: 'closed' }, 503, noStore);
      const failing = deps.tickError?.() ?? null;
      if (failing && failing.inARow >= UNHEALTHY_AFTER_FAILED_TICKS)
        return c.json({ ok: false, db: 'open', tickError: failing }, 503, noStore);
      const stalled = deps.ticksStalled?.() ?? null;
      if (stalled) return c.json({ ok: false, db: 'open', ticksStalled: stalled }, 503, noStore);
      return c.json({ ok: true, db: 'open' }, 200, noStore);
    },
  });
  if (deps.metrics) {
    const metrics = deps.metrics;
    route(app, '/metrics', {
      GET: async (c) => {
        const m = await metrics();
        return c.body(m.body, 200, { 'content-type': m.contentType, 'cache-control': 'no-store' });
      },
    });
  }
  route(app, '/readyz', {
    GET: (c) => {
      const lastTick = deps.lastTick();
      const refused = deps.refusedEdit();
      const running = deps.tickInFlight?.() ?? null;
      const late = running !== null && running.runningMs > running.budgetMs;
      const failing = deps.tickError?.() ?? null;
      const faults = deps.channelFaults?.() ?? [];
      const reason = late
        ? `the tick of ${running.now} has run ${Math.round(running.runningMs / 1000)} s, over its budget of ${Math.round(running.budgetMs / 1000)} s: a channel is not answering (see the log's delivery lines); reminders due meanwhile wait for it`
        : failing
          ? `the last tick failed: ${failing.error}`
          : lastTick === null
            ? 'no tick has finished yet'
            : undefined;
      const body = {
        ready: lastTick !== null && !late && !failing,
        config: 'valid',
        lastTick,
        ...(reason ? { reason } : {}),
        ...(refused ? { refusedEdit: refused } : {}),
        ...(failing ? { tickError: failing } : {}),
        ...(faults.length ? { channelFaults: faults } : {}),
      };
      return c.json(body, body.ready ? 200 : 503, { 'cache-control': 'no-store' });
    },
  });
  route(app, '/calendar/:file', {
    GET: (c) => {
      // Hono's own parameter decoding keeps a bad sequence as it is; the feed wants a clear 400.
      const raw = rawPath(c).slice('/calendar/'.length);
      let name: string;
      try {
        name = decodeURIComponent(raw).replace(/\.ics$/i, '');
      } catch {
        return jsonError(c, 400, 'agency name is not valid URL encoding');
      }
      const answer = deps.calendarFeed(name, c.req.query('t'));
      const noStore = { 'cache-control': 'no-store' };
      if (answer.status !== 200) {
        if (answer.status === 404) return jsonError(c, 404, `no agency named ${name}; see \`pprd agencies\``);
        const error =
          answer.status === 401
            ? 'this calendar opens only with your signed link (from a reminder email, the board, or `pprd link --calendar`)'
            : 'your link does not give access to this agency';
        return c.json({ error }, answer.status, noStore);
      }
      const { feed } = answer;
      // A subscribed calendar polls: an unchanged feed is answered 304 with no body (RFC 9110 §13.1.2).
      const etag = `"${createHash('sha256').update(feed).digest('base64url').slice(0, 27)}"`;
      const headers = { etag, 'cache-control': 'no-cache' };
      const inm = c.req.header('if-none-match');
      if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
      return c.body(feed, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
    },
  });
  return app;
}

/**
 * The service's one app: `parts` mounted in order (service endpoints, the web board, Slack's
 * `POST /slack/events`), unknown paths 404 JSON, an unexpected error 500 (logged by `onError`).
 */
export function createRouter(parts: HttpApp | readonly HttpApp[], log?: Pick<Log, 'error'>): HttpApp {
  const app: HttpApp = new Hono();
  for (const p of Array.isArray(parts) ? parts : [parts]) app.route('/', p);
  app.notFound((c) => jsonError(c, 404, 'not found'));
  app.onError((err, c) => {
    if (err instanceof URIError) return jsonError(c, 400, 'request target is not a valid URL path');
    log?.error({ event: 'http_failed', method: c.req.method, path: rawPath(c), error: err.message });
    return jsonError(c, 500, 'internal error');
  });
  return app;
}

/**
 * Starts Node's HTTP server for `app` on `port` (0 = any) at `host` (default all interfaces), through
 * `@hono/node-server`'s request listener.
 * @returns the server and the bound port.
 * @throws the listen error (`EADDRINUSE`, `EACCES`).
 */
export async function startHttpServer(
  app: HttpApp,
  port: number,
  host?: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo | null;
  return { server, port: addr?.port ?? port };
}
