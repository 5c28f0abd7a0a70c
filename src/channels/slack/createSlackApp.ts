import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { App, Logger, LogLevel } from '@slack/bolt';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Channel } from '../types.ts';
import { bolt } from './bolt.ts';
import { createRequestGuard } from './createRequestGuard.ts';
import { createSlackChannel, type SlackWebClient, slackClientOptions } from './createSlackChannel.ts';
import { errorSummary, type SlackLog } from './listeners/context.ts';
import { registerListeners } from './listeners/index.ts';
import type { SlackServices } from './services.ts';

/** Path Slack posts slash commands and interactivity to in HTTP mode (slack/manifest.yaml). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Options of {@link createSlackApp}. */
export interface CreateSlackAppOptions {
  /** `SLACK_SIGNING_SECRET`: verifies every HTTP request (v0 HMAC-SHA256). Required in HTTP mode. */
  signingSecret?: string;
  /** `SLACK_BOT_TOKEN` (`xoxb-…`). */
  botToken: string;
  /** `SLACK_APP_TOKEN` (`xapp-…`): when set, Socket Mode (no public URL, no signing secret needed). */
  appToken?: string;
  /** `SLACK_API_URL`: Web API base URL (default `https://slack.com/api/`), for tests and proxies. */
  apiUrl?: string;
  /** HTTP port (HTTP mode); `PORT`, default 3000; 0 = any free port (tests). */
  port?: number;
  /** Interface to listen on (default all interfaces; tests use `127.0.0.1`). */
  host?: string;
  /** The service functions the listeners call. */
  services: SlackServices;
  logger: SlackLog;
  /** IANA zone for times shown in Slack (config `timezone`); default `Asia/Shanghai`. */
  timezone?: string;
  /**
   * In HTTP mode, every request on the port that is not Slack's (`POST /slack/events`) goes to this Hono
   * app: the service's own (`/healthz`, `/readyz`, `/calendar/…`, the board), so routes answer the same
   * with and without Slack. Default: 404. Ignored in Socket Mode: check `servesRoutes` and serve them yourself then.
   */
  fallback?: Hono<{ Bindings: HttpBindings }>;
  /**
   * The bot's ids. When both are given no `auth.test` call is made at start (offline tests);
   * otherwise `start()` calls `auth.test` once and rejects if the token is refused.
   */
  botId?: string;
  botUserId?: string;
}

/** A built Slack app, not yet listening. */
export interface SlackApp {
  /** `http` (Bolt HTTPReceiver on `port`) or `socket` (Socket Mode). */
  readonly mode: 'http' | 'socket';
  /** True when `fallback` (the service's routes) is served by this app's HTTP server (HTTP mode). */
  readonly servesRoutes: boolean;
  readonly app: App;
  /** The Web API client (429-only retry policy, `SLACK_API_URL`). */
  readonly client: SlackWebClient;
  /** The Slack delivery channel, over `client`. */
  readonly channel: Channel;
  /**
   * Verifies the token (`auth.test`, unless bot ids were given) and starts listening.
   * Resolves when listening (HTTP) or connected (Socket Mode), with the bound port in HTTP mode.
   * @throws Error with code `PPRD_SLACK_START` saying what failed (token refused, port in use, API unreachable).
   */
  start(): Promise<{ port?: number }>;
  /** Stops listening / disconnects. Safe to call twice or before `start`. */
  stop(): Promise<void>;
}

/** Bolt's logger interface over the service's structured log: warnings and errors only, cut short, no payloads. */
function boltLogger(log: SlackLog): Logger {
  let level = bolt().LogLevel.WARN;
  const line = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : ''))
      .join(' ')
      .slice(0, 300);
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => log.warn({ event: 'slack_bolt', message: line(args) }),
    error: (...args: unknown[]) => log.error({ event: 'slack_bolt', message: line(args) }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Builds the Bolt app: HTTP mode (one server on `port`: signed requests to `SLACK_EVENTS_PATH` — checked
 * by {@link createRequestGuard}, then Bolt's HTTPReceiver — and `fallback` for everything else) or
 * Socket Mode when `appToken` is set; registers the `/pprd`
 * command and the reminder buttons; points the Web API client at `apiUrl`. Nothing touches the
 * network until `start()` (Bolt's `deferInitialization`), so a bad token or an unreachable API is
 * a rejected promise, never an unhandled rejection that kills the process.
 * @throws Error with code `PPRD_SLACK_CONFIG` when HTTP mode lacks a signing secret.
 */
export function createSlackApp(opts: CreateSlackAppOptions): SlackApp {
  const mode: 'http' | 'socket' = opts.appToken ? 'socket' : 'http';
  if (mode === 'http' && !opts.signingSecret) {
    throw Object.assign(
      new Error('SLACK_SIGNING_SECRET is not set: HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)'),
      {
        code: 'PPRD_SLACK_CONFIG',
      },
    );
  }
  const logger = boltLogger(opts.logger);
  const clientOptions = slackClientOptions(opts.apiUrl);
  const receiver =
    mode === 'http'
      ? new (bolt().HTTPReceiver)({
          signingSecret: opts.signingSecret!,
          endpoints: SLACK_EVENTS_PATH,
          logger,
          // Respond to Slack as soon as a listener acks; the work and its answer follow (respond).
          processBeforeResponse: false,
        })
      : new (bolt().SocketModeReceiver)({
          appToken: opts.appToken!,
          logger,
          installerOptions: { clientOptions },
        });
  const haveIds = Boolean(opts.botId && opts.botUserId);
  const app = new (bolt().App)({
    receiver,
    token: opts.botToken,
    botId: opts.botId,
    botUserId: opts.botUserId,
    tokenVerificationEnabled: !haveIds,
    deferInitialization: true,
    clientOptions,
    logger,
  });
  app.error(async (error) => {
    opts.logger.error({ event: 'slack_error', ...errorSummary(error) });
  });
  registerListeners(app, { services: opts.services, log: opts.logger, timezone: opts.timezone ?? 'Asia/Shanghai' });

  let started = false;
  let server: Server | undefined;
  const guard = mode === 'http' ? createRequestGuard(opts.signingSecret!) : null;
  /**
   * The one app on the port in HTTP mode: Slack's requests are checked (signature, a timestamp within
   * 5 minutes either way, no replay) and handed to Bolt's receiver with their body already read;
   * everything else goes to `fallback`.
   */
  const web = new Hono<{ Bindings: HttpBindings }>();
  web.post(
    SLACK_EVENTS_PATH,
    bodyLimit({ maxSize: bolt().defaultBodyLimit, onError: (c) => c.body(null, 413) }),
    async (c) => {
      if (!(receiver instanceof bolt().HTTPReceiver) || !guard) return c.body(null, 404);
      const body = Buffer.from(await c.req.arrayBuffer());
      const text = body.toString('utf8');
      // Slack's ssl_check carries no signature; Bolt answers it and drops anything else in the body.
      const sslCheck =
        c.req.header('content-type') === 'application/x-www-form-urlencoded' &&
        new URLSearchParams(text).get('ssl_check') === '1';
      const { incoming, outgoing } = c.env;
      const reason = sslCheck ? null : guard(incoming.headers, text);
      if (reason) {
        opts.logger.warn({ event: 'slack_request_refused', reason });
        return c.body(null, 401);
      }
      (incoming as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      // Bolt writes Node's response itself (its ack); the framework is told the response is sent once it is.
      const done = new Promise<void>((resolve) => {
        outgoing.once('finish', resolve);
        outgoing.once('close', resolve);
      });
      receiver.requestListener(incoming, outgoing);
      await done;
      return RESPONSE_ALREADY_SENT;
    },
  );
  web.all('*', (c) => (opts.fallback ? opts.fallback.fetch(c.req.raw, c.env) : c.json({ error: 'not found' }, 404)));
  web.onError((err, c) => {
    opts.logger.error({ event: 'slack_request_failed', error: err.message });
    return c.body(null, 500);
  });
  return {
    mode,
    servesRoutes: mode === 'http',
    app,
    client: app.client,
    channel: createSlackChannel(app.client),
    async start() {
      try {
        await app.init();
      } catch (cause) {
        throw Object.assign(
          new Error(
            `Slack did not accept the bot token (auth.test): ${(cause as Error).message}; check SLACK_BOT_TOKEN and SLACK_API_URL`,
          ),
          {
            code: 'PPRD_SLACK_START',
            cause,
          },
        );
      }
      try {
        if (mode === 'http') {
          const port = opts.port ?? 3000;
          // Our own server, not Bolt's: one app for Slack and the service's routes (see `web`).
          const srv = createServer(getRequestListener(web.fetch));
          await new Promise<void>((resolve, reject) => {
            srv.once('error', reject);
            srv.listen(port, opts.host, () => resolve());
          });
          server = srv;
          started = true;
          const addr = server.address() as AddressInfo | null;
          opts.logger.info({ event: 'slack_started', mode, port: addr?.port ?? port });
          return { port: addr?.port ?? port };
        }
        await app.start();
        started = true;
        opts.logger.info({ event: 'slack_started', mode });
        return {};
      } catch (cause) {
        throw Object.assign(new Error(`Slack app could not start (${mode} mode): ${(cause as Error).message}`), {
          code: 'PPRD_SLACK_START',
          cause,
        });
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      if (server) {
        const srv = server;
        server = undefined;
        const closed = new Promise<void>((r) => srv.close(() => r()));
        // Close idle keep-alive sockets so close() returns promptly.
        srv.closeIdleConnections?.();
        await closed;
      } else {
        await app.stop();
      }
      opts.logger.info({ event: 'slack_stopped', mode });
    },
  };
}
