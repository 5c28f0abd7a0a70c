import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

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
   * iCalendar feed (RFC 5545 text) of an agency's deadlines, or null when no agency has that name
   * (canonical, full or alias). Called for every request: the service caches it (see serve.ts).
   */
  calendarFeed(agency: string): string | null;
}

/** A route in the shape Bolt's HTTPReceiver `customRoutes` takes. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Ticks failing in a row before `/healthz` says the process is unhealthy (one failure may be a passing lock). */
export const UNHEALTHY_AFTER_FAILED_TICKS = 3;

/**
 * The service's own endpoints:
 * - `GET /healthz`: 200 `{ok:true}` while the process is up and the database open; 503 when the database
 *   is closed or the last {@link UNHEALTHY_AFTER_FAILED_TICKS} ticks all failed (`tickError`: e.g. a
 *   read-only database, naming PPRD_DB and the fix);
 * - `GET /readyz`: 200 `{ready:true, config:'valid', lastTick, refusedEdit?, channelFaults?}` once a tick has run
 *   (the config in force is always valid; `refusedEdit` lists the problems of a refused edit; `channelFaults`
 *   the channels whose credentials are refused, with the variable to fix: their deliveries wait and are
 *   retried); 503 with `reason` before the first tick, while a tick has run past its budget (`tickInFlight`:
 *   a channel that does not answer), and while the last tick failed (`tickError`);
 * - `GET /calendar/AGENCY.ics`: `text/calendar` feed of that agency's deadlines (name URL-encoded), 404 if
 *   unknown, 400 for a bad percent-encoding; with an `ETag`, and 304 for a matching `If-None-Match`.
 * Every route answers `HEAD` as it answers `GET`, without the body (RFC 9110 §9.3.2).
 */
export function serviceRoutes(deps: HttpDeps): Route[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        if (!deps.dbOpen()) return json(res, 503, { ok: false, db: 'closed' });
        const failing = deps.tickError?.() ?? null;
        if (failing && failing.inARow >= UNHEALTHY_AFTER_FAILED_TICKS) return json(res, 503, { ok: false, db: 'open', tickError: failing });
        json(res, 200, { ok: true, db: 'open' });
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
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
        json(res, body.ready ? 200 : 503, body);
      },
    },
    {
      path: '/calendar/:agency',
      method: ['GET'],
      handler: (req, res) => {
        const raw = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/calendar/'.length);
        let name: string;
        try {
          name = decodeURIComponent(raw).replace(/\.ics$/i, '');
        } catch {
          json(res, 400, { error: 'agency name is not valid URL encoding' });
          return;
        }
        const feed = deps.calendarFeed(name);
        if (feed === null) {
          json(res, 404, { error: `no agency named ${name}; see \`pprd agencies\`` });
          return;
        }
        // A subscribed calendar polls: an unchanged feed is answered 304 with no body (RFC 9110 §13.1.2).
        const etag = `"${createHash('sha256').update(feed).digest('base64url').slice(0, 27)}"`;
        const headers = { etag, 'cache-control': 'no-cache' };
        const inm = req.headers['if-none-match'];
        if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
          res.writeHead(304, headers);
          res.end();
          return;
        }
        res.writeHead(200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
        res.end(feed);
      },
    },
  ];
}

/**
 * Dispatches a request to `routes` (exact path, or a `:param` last segment; the raw path is matched,
 * so a bad percent-encoding reaches the route, which answers 400). `HEAD` is served wherever `GET` is
 * (Node's response drops the body); another method gets 405 with `Allow`; an unknown path 404.
 */
export function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse): void {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    json(res, 400, { error: 'request target is not a valid URL path' });
    return;
  }
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  for (const r of routes) {
    const matches = r.path.includes('/:') ? path.startsWith(r.path.slice(0, r.path.indexOf(':'))) : path === r.path;
    if (!matches) continue;
    if (!r.method.includes(method)) {
      const allow = [...r.method, ...(r.method.includes('GET') ? ['HEAD'] : [])].join(', ');
      res.setHeader('allow', allow);
      json(res, 405, { error: `method not allowed; allowed: ${allow}` });
      return;
    }
    r.handler(req, res);
    return;
  }
  json(res, 404, { error: 'not found' });
}

/**
 * The service's one router over `routes` ({@link dispatch}): the same listener serves them with and
 * without Slack (in Slack's HTTP mode the Slack app hands it every request that is not Slack's).
 */
export function createRouter(routes: Route[]): RequestListener {
  return (req, res) => dispatch(routes, req, res);
}

/**
 * Starts a plain HTTP server for `routes` on `port` (0 = any) at `host` (default all interfaces).
 * Used when Slack is not in HTTP mode; otherwise the routes ride on Bolt's receiver.
 * @returns the server and the bound port.
 */
export async function startHttpServer(routes: Route[], port: number, host?: string): Promise<{ server: Server; port: number }> {
  const server = createServer(createRouter(routes));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : port };
}
