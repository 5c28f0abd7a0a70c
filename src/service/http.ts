import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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
   * iCalendar feed (RFC 5545 text) of an agency's deadlines, or null when no agency has that name
   * (canonical, full or alias).
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

/**
 * The service's own endpoints:
 * - `GET /healthz`: 200 `{ok:true}` while the process is up and the database open, else 503;
 * - `GET /readyz`: 200 `{ready:true, config:'valid', lastTick, refusedEdit?}` once a tick has run (the config in
 *   force is always valid; `refusedEdit` lists the problems of a refused edit), 503 before the first tick;
 * - `GET /calendar/AGENCY.ics`: `text/calendar` feed of that agency's deadlines (name URL-encoded), 404 if unknown.
 */
export function serviceRoutes(deps: HttpDeps): Route[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => (deps.dbOpen() ? json(res, 200, { ok: true, db: 'open' }) : json(res, 503, { ok: false, db: 'closed' })),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        const lastTick = deps.lastTick();
        const refused = deps.refusedEdit();
        const body = { ready: lastTick !== null, config: 'valid', lastTick, ...(refused ? { refusedEdit: refused } : {}) };
        json(res, lastTick === null ? 503 : 200, body);
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
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
        res.end(feed);
      },
    },
  ];
}

/** Dispatches a request to `routes` (exact path, or a `:param` last segment); 404 otherwise. */
export function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  for (const r of routes) {
    const matches = r.path.includes('/:') ? path.startsWith(r.path.slice(0, r.path.indexOf(':'))) : path === r.path;
    if (!matches) continue;
    if (!r.method.includes(req.method ?? 'GET')) {
      json(res, 405, { error: 'method not allowed' });
      return;
    }
    r.handler(req, res);
    return;
  }
  json(res, 404, { error: 'not found' });
}

/**
 * Starts a plain HTTP server for `routes` on `port` (0 = any) at `host` (default all interfaces).
 * Used when Slack is not in HTTP mode; otherwise the routes ride on Bolt's receiver.
 * @returns the server and the bound port.
 */
export async function startHttpServer(routes: Route[], port: number, host?: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => dispatch(routes, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : port };
}
