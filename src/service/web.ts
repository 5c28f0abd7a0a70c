import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { agencyDuties, type Catalog, findAgency, withSuccessors } from '../catalog/index.ts';
import { robotChannelName } from '../channels/index.ts';
import type { Config } from '../config/index.ts';
import {
  agencyTasks,
  type BoardFilter,
  buildBoard,
  CELL_STATES,
  type CellState,
  cycleDisplayName,
  DEFAULT_SUBMIT_TO,
  type Lang,
  occurrenceCell,
} from '../digest/index.ts';
import { say } from '../messages/index.ts';
import { dateProblem, occurrenceKey } from '../schedule/index.ts';
import { createDeliveryRepo, createScheduleRepo, type Db } from '../store/index.ts';
import {
  type ActionResult,
  BOARD_CSS,
  calendarPath,
  checkCsrf,
  csrfTokenFor,
  type LinkPerson,
  linkUrl,
  messagePage,
  type OccurrenceFacts,
  renderAgencyPage,
  renderBoardPage,
  renderDeliveriesPage,
  renderOccurrencePage,
  renderTargetsPage,
  renderTaskPage,
  type Viewer,
  verifyLink,
} from '../web/index.ts';
import { type HttpApp, rawPath, route } from './http.ts';
import type { Log } from './logger.ts';
import { collectBoardInput, collectStatusInput, deployedOn } from './statusInput.ts';

/** Cookie that carries a verified link token after the first visit (HttpOnly, SameSite=Lax). */
export const LINK_COOKIE = 'pprd_link';

/**
 * Content-Security-Policy of every page: nothing but our own stylesheet, no script at all, forms post
 * only to us, no framing.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** What the board reads from the running service. */
export interface WebDeps {
  db: Db;
  catalog(): Catalog;
  config(): Readonly<Config>;
  /** `PPRD_PUBLIC_URL`: the calendar address shown on an agency's page starts with it (else a relative path). */
  publicUrl?: string;
  /** `PPRD_LINK_SECRET`, or undefined: then every page is 401 (no link can be valid). */
  secret: string | undefined;
  /** Business now: ISO instant in the configured zone. */
  now(): string;
  /** Wall-clock ms for link expiry (default `Date.now`). */
  wallClock?: () => number;
  log: Log;
}

/**
 * A link's person as a viewer, from the contacts config (a group: from `robots:` of pprd.yaml, named
 * `省交通运输厅群（dingtalk:jtt）`, a coordinators' robot as a coordinator); null when the person or
 * robot is no longer in it (the link then opens nothing: 401).
 */
export function viewerOf(person: LinkPerson, config: Readonly<Config>): (Viewer & { language: Lang }) | null {
  if (person.kind === 'group') {
    const r = (config.robots ?? []).find((x) => robotChannelName(x) === person.robot);
    if (!r) return null;
    return {
      name: `${r.coordinators ? DEFAULT_SUBMIT_TO : r.agencies.join('、')}群（${person.robot}）`,
      coordinator: r.coordinators,
      agencies: [...r.agencies],
      language: r.language,
    };
  }
  if (person.kind === 'coordinator') {
    const c = config.contacts.coordinators.find((x) => x.name === person.name);
    return c ? { name: c.name, coordinator: true, agencies: [], language: c.language } : null;
  }
  const agencies: string[] = [];
  let found: { name: string; language: Lang } | undefined;
  for (const [agency, list] of Object.entries(config.contacts.agencies)) {
    const c = list.find((x) => x.email.toLowerCase() === person.email);
    if (c) {
      agencies.push(agency);
      found ??= { name: c.name, language: c.language };
    }
  }
  return found ? { name: found.name, coordinator: false, agencies, language: found.language } : null;
}

/**
 * Who a link token opens pages for: verified under `secret` at `nowMs` ({@link verifyLink}) and still in
 * the config ({@link viewerOf}). Null for no secret, a missing, bad or expired token, or a person no
 * longer in the config: the caller answers 401.
 */
export function linkViewer(
  token: string | undefined,
  secret: string | undefined,
  nowMs: number,
  config: Readonly<Config>,
): { viewer: Viewer & { language: Lang }; expiresMs: number } | null {
  if (!secret) return null;
  const checked = verifyLink(token, secret, nowMs);
  if (!checked.ok) return null;
  const viewer = viewerOf(checked.person, config);
  return viewer ? { viewer, expiresMs: checked.expiresMs } : null;
}

/** True when `viewer` may open `agency`'s pages and feed: a coordinator any, a contact or group its own agencies. */
export function mayOpen(viewer: Viewer, agency: string): boolean {
  return viewer.coordinator || viewer.agencies.includes(agency);
}

/**
 * Whether the calendar feed of canonical `agency` opens for the request's `?t=` token (issue 15: the feed
 * lists who is overdue): 200, 401 (no secret set, no token, a bad or expired one, or its person left the
 * config) or 403 (a valid link of someone who may not see that agency). A feed has no cookie: calendar
 * programs poll the subscribed address, token included.
 */
export function calendarAccess(
  token: string | undefined,
  agency: string,
  deps: { secret: string | undefined; config: Readonly<Config>; nowMs: number },
): 200 | 401 | 403 {
  const seen = linkViewer(token, deps.secret, deps.nowMs, deps.config);
  if (!seen) return 401;
  return mayOpen(seen.viewer, agency) ? 200 : 403;
}

type Env = { Bindings: HttpBindings; Variables: { viewer: Viewer; lang: Lang; token: string } };

function send(c: Context, status: 200 | 400 | 401 | 403 | 404, body: string): Response {
  return c.body(body, status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
}

function langOf(c: Context, fallback: Lang): Lang {
  const q = c.req.query('lang');
  return q === 'en' ? 'en' : q === 'zh-CN' || q === 'zh' ? 'zh-CN' : fallback;
}

/**
 * The web board's routes (issue 12), each behind the signed personal link:
 * - a request with `?t=TOKEN` is checked, the token is kept in an HttpOnly cookie and the browser is
 *   sent to the same address without it (303); later requests use the cookie;
 * - no link, a bad or expired one, or a person no longer in `config/contacts.yaml`: 401 page, nothing shown;
 * - a contact sees their agency's pages, tasks and targets; a coordinator everything; other: 403;
 * - actions (`POST /o/…/submit|extend|excuse`) need the form's CSRF token (HMAC of the link) and land
 *   in the same records as the CLI and Slack, with the link's person as `by` and `via: web`.
 * Pages are rendered by src/web from `buildBoard` / `buildStatus` facts; every page carries {@link PAGE_CSP}.
 */
export function webRoutes(deps: WebDeps): HttpApp {
  const app = new Hono<Env>();
  const wall = deps.wallClock ?? Date.now;
  const schedules = createScheduleRepo(deps.db);
  const deliveries = createDeliveryRepo(deps.db);
  let deployed: string | undefined;
  const deployment = () => (deployed ??= deployedOn(deps.db, deps.config().timezone));
  const boardInput = () =>
    collectBoardInput(deps.db, deps.catalog(), deps.config() as Config, deps.now(), { deployedOn: deployment() });

  /** Runs `handler` for a verified viewer, or answers 401 / redirects to drop `?t=` from the address. */
  const authed =
    (handler: (c: Context<Env>) => Response | Promise<Response>, opts: { coordinator?: boolean } = {}) =>
    async (c: Context<Env>): Promise<Response> => {
      const config = deps.config();
      const fallbackLang = langOf(c, config.language);
      if (!deps.secret) return send(c, 401, messagePage(401, fallbackLang, say(fallbackLang).webNoLinks()));
      const fromQuery = c.req.query('t');
      const token = fromQuery ?? getCookie(c, LINK_COOKIE);
      const seen = linkViewer(token, deps.secret, wall(), config);
      if (!seen) return send(c, 401, messagePage(401, fallbackLang));
      const { viewer } = seen;
      if (fromQuery !== undefined && c.req.method === 'GET') {
        const url = new URL(c.req.url);
        url.searchParams.delete('t');
        setCookie(c, LINK_COOKIE, fromQuery, {
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
          secure: url.protocol === 'https:',
          maxAge: Math.max(1, Math.floor((seen.expiresMs - wall()) / 1000)),
        });
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const lang = langOf(c, viewer.language);
      if (opts.coordinator && !viewer.coordinator) return send(c, 403, messagePage(403, lang));
      c.set('viewer', viewer);
      c.set('lang', lang);
      c.set('token', token!);
      return handler(c);
    };
  const ctxOf = (c: Context<Env>) => ({
    lang: c.get('lang'),
    viewer: c.get('viewer'),
    csrf: csrfTokenFor(c.get('token'), deps.secret!),
    timezone: deps.config().timezone,
  });

  route(app, '/assets/pprd.css', {
    GET: (c) =>
      c.body(BOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  });

  // Browsers ask for it on every first visit; no icon, and no 404 in their console.
  route(app, '/favicon.ico', { GET: (c) => c.body(null, 204, { 'cache-control': 'public, max-age=86400' }) });

  route(app, '/', {
    GET: authed((c) => {
      const v = c.get('viewer');
      if (!v.coordinator)
        return c.redirect(
          `/agency/${encodeURIComponent(v.agencies[0])}${c.get('lang') === 'en' ? '?lang=en' : ''}`,
          303,
        );
      const q = c.req.query();
      const state = CELL_STATES.includes(q.state as CellState) ? (q.state as CellState) : undefined;
      const filter: BoardFilter = {
        ...(q.cycle ? { cycle: q.cycle } : {}),
        ...(q.period ? { period: q.period } : {}),
        ...(q.agency ? { agency: q.agency } : {}),
        ...(state ? { state } : {}),
      };
      const view = buildBoard({ ...boardInput(), filter });
      const agencies = [...new Set(view.rounds.flatMap((r) => r.cells.map((x) => x.agency)))];
      return send(
        c,
        200,
        renderBoardPage(
          view,
          ctxOf(c),
          filter.agency && !agencies.includes(filter.agency) ? [...agencies, filter.agency] : agencies,
        ),
      );
    }),
  });

  /** The facts of one occurrence, or null when the plan has none with that key. */
  const occurrenceFacts = (cycle: string, period: string, agency: string): OccurrenceFacts | null => {
    const input = boardInput();
    const key = occurrenceKey(cycle, period, agency);
    const cell = occurrenceCell(input, key);
    if (!cell) return null;
    const config = deps.config();
    const names = new Map(config.cycles.map((x) => [x.id, x.name]));
    return {
      cell,
      cycleName: cycleDisplayName(cycle, names),
      submitTo: config.cycles.find((x) => x.id === cycle)?.submitTo ?? DEFAULT_SUBMIT_TO,
      submission: input.records.submissions.find((s) => occurrenceKey(s.cycle, s.period, s.agency) === key),
      excusal: input.records.excusals.find((s) => occurrenceKey(s.cycle, s.period, s.agency) === key),
      extensions: input.records.extensions.filter((s) => occurrenceKey(s.cycle, s.period, s.agency) === key),
      remindersSent: deliveries
        .list({ status: 'sent' })
        .filter((d) => d.occurrenceKey === key)
        .map((d) => ({ at: d.sentAt ?? d.plannedAt, channel: d.channel })),
    };
  };

  route(app, '/o/:cycle/:period/:agency', {
    GET: authed((c) => {
      const { cycle, period, agency } = c.req.param();
      if (!mayOpen(c.get('viewer'), agency)) return send(c, 403, messagePage(403, c.get('lang')));
      const facts = occurrenceFacts(cycle, period, agency);
      if (!facts) return send(c, 404, messagePage(404, c.get('lang')));
      const done = c.req.query('done');
      return send(
        c,
        200,
        renderOccurrencePage(
          facts,
          ctxOf(c),
          ['submitted', 'already', 'extended', 'excused'].includes(done ?? '') ? (done as ActionResult) : undefined,
        ),
      );
    }),
  });

  for (const action of ['submit', 'extend', 'excuse'] as const) {
    route(app, `/o/:cycle/:period/:agency/${action}`, {
      POST: authed(async (c) => {
        const { cycle, period, agency } = c.req.param();
        const viewer = c.get('viewer');
        const lang = c.get('lang');
        const form = await c.req.parseBody();
        if (!checkCsrf(typeof form.csrf === 'string' ? form.csrf : undefined, c.get('token'), deps.secret!)) {
          deps.log.warn({ event: 'web_refused', reason: 'csrf', action });
          return send(c, 403, messagePage(403, lang, say(lang).webFormExpired()));
        }
        if (!mayOpen(viewer, agency) || (action !== 'submit' && !viewer.coordinator)) {
          deps.log.warn({ event: 'web_refused', reason: 'not-allowed', action });
          return send(c, 403, messagePage(403, lang));
        }
        const facts = occurrenceFacts(cycle, period, agency);
        if (!facts) return send(c, 404, messagePage(404, lang));
        const now = deps.now();
        const ref = { cycle, period, agency };
        let done: ActionResult;
        if (action === 'submit') {
          done = schedules.recordSubmission({ ...ref, by: viewer.name, via: 'web', at: now, recordedAt: now }).created
            ? 'submitted'
            : 'already';
        } else if (action === 'excuse') {
          schedules.recordExcusal({ ...ref, by: viewer.name, at: now, recordedAt: now });
          done = 'excused';
        } else {
          const to = typeof form.to === 'string' ? form.to : '';
          const problem = dateProblem(to);
          if (problem) return send(c, 400, messagePage(400, lang, `to: ${problem}`));
          schedules.recordExtension({ ...ref, to, by: viewer.name, recordedAt: now });
          done = 'extended';
        }
        deps.log.info({
          event: 'web_recorded',
          action,
          occurrence: occurrenceKey(cycle, period, agency),
          by: viewer.name,
        });
        const back = new URL(`${rawPath(c).slice(0, -`/${action}`.length)}`, 'http://x');
        back.searchParams.set('done', done);
        if (lang === 'en') back.searchParams.set('lang', 'en');
        return c.redirect(`${back.pathname}${back.search}`, 303);
      }),
    });
  }

  route(app, '/agency/:name', {
    GET: authed((c) => {
      const catalog = deps.catalog();
      // an agency of the document, or a successor that owes its reports today (issue 14 item 1)
      const match = findAgency(
        { agencies: withSuccessors(catalog, deps.config().directory) },
        c.req.param('name') ?? '',
      );
      const lang = c.get('lang');
      if (
        !match.agency ||
        (match.matchedBy !== 'name' && match.matchedBy !== 'fullName' && match.matchedBy !== 'alias')
      )
        return send(c, 404, messagePage(404, lang));
      const agency = match.agency.name;
      if (!mayOpen(c.get('viewer'), agency)) return send(c, 403, messagePage(403, lang));
      const input = boardInput();
      const view = buildBoard({ ...input, recent: 1000, filter: { agency } });
      const names = new Map(deps.config().cycles.map((x) => [x.id, x.name]));
      const sent = deliveries.list({ status: 'sent' }).filter((d) => d.agency === agency);
      const occurrences = view.rounds
        .flatMap((r) => r.cells)
        .sort((a, b) => (a.due < b.due ? 1 : -1))
        .map((cell) => ({
          cell,
          cycleName: cycleDisplayName(cell.cycle, names),
          submission: input.records.submissions.find((s) => occurrenceKey(s.cycle, s.period, s.agency) === cell.key),
          excusal: input.records.excusals.find((s) => occurrenceKey(s.cycle, s.period, s.agency) === cell.key),
          extensions: input.records.extensions.filter((s) => occurrenceKey(s.cycle, s.period, s.agency) === cell.key),
          remindersSent: sent
            .filter((d) => d.occurrenceKey === cell.key)
            .map((d) => ({ at: d.sentAt ?? d.plannedAt, channel: d.channel })),
        }));
      const body = renderAgencyPage(
        {
          agency,
          fullName: match.agency.fullName,
          calendarUrl: linkUrl(deps.publicUrl ?? '', calendarPath(agency), c.get('token')),
          tasks: agencyTasks(catalog, agency, deps.config().directory),
          occurrences,
          targets: agencyDuties(catalog, agency, deps.config().directory)?.targets ?? [],
        },
        ctxOf(c),
      );
      return send(c, 200, body);
    }),
  });

  route(app, '/task/:id', {
    GET: authed((c) => {
      const task = deps.catalog().tasks.find((t) => t.id.toLowerCase() === (c.req.param('id') ?? '').toLowerCase());
      if (!task) return send(c, 404, messagePage(404, c.get('lang')));
      const v = c.get('viewer');
      return send(
        c,
        200,
        renderTaskPage(task, ctxOf(c), (a) => mayOpen(v, a)),
      );
    }),
  });

  route(app, '/targets', {
    GET: authed((c) => {
      const records = schedules.records();
      const v = c.get('viewer');
      const targets = deps.catalog().targets.map((t) => ({
        ...t,
        progress: records.targetProgress.filter((p) => p.target === t.id),
        outcome: [...records.targetOutcomes].reverse().find((o) => o.target === t.id),
      }));
      return send(
        c,
        200,
        renderTargetsPage(targets, ctxOf(c), (a) => mayOpen(v, a)),
      );
    }),
  });

  route(app, '/deliveries', {
    GET: authed(
      (c) => {
        const input = collectStatusInput(deps.db, deps.catalog(), deps.config() as Config, deps.now());
        const noContact = (input.agenciesWithoutContact ?? []).map((a) => ({
          what: a,
          channel: '-',
          recipient: '-',
          error: 'no contact in config/contacts.yaml',
        }));
        return send(c, 200, renderDeliveriesPage([...(input.failed ?? []), ...noContact], ctxOf(c)));
      },
      { coordinator: true },
    ),
  });

  route(app, '/export/status.xlsx', {
    GET: authed(
      async (c) => {
        const view = buildBoard({ ...boardInput(), recent: 8 });
        // exceljs is large: loaded on the first export, not at start.
        const { statusWorkbook } = await import('./exportStatus.ts');
        const file = await statusWorkbook(view, deps.config().contacts.agencies, c.get('lang'));
        return c.body(new Uint8Array(file), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="pprd-status-${view.asOf}.xlsx"`,
          'cache-control': 'no-store',
        });
      },
      { coordinator: true },
    ),
  });

  route(app, '/export/status.csv', {
    GET: authed(
      async (c) => {
        const view = buildBoard({ ...boardInput(), recent: 8 });
        const { statusCsv } = await import('./exportStatus.ts');
        return c.body(statusCsv(view), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="pprd-status-${view.asOf}.csv"`,
          'cache-control': 'no-store',
        });
      },
      { coordinator: true },
    ),
  });

  return app as unknown as HttpApp;
}
