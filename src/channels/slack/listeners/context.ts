import type { SlackServices } from '../services.ts';

/** A structured logger (the service's pino logger fits): one object per event, never message bodies. */
export interface SlackLog {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** What every listener closes over. */
export interface ListenerDeps {
  services: SlackServices;
  log: SlackLog;
  /** IANA zone for times shown to users (config `timezone`, default `Asia/Shanghai`). */
  timezone: string;
}

/**
 * Yields to the event loop once, so the HTTP response written by `ack()` leaves the socket before
 * any synchronous work (better-sqlite3 queries are synchronous) starts: Slack's 3-second rule.
 */
export function afterAck(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A short, body-free description of an error for the log. */
export function errorSummary(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; code?: string; message?: string };
  return { error: e?.name ?? 'Error', code: e?.code, reason: e?.message?.slice(0, 200) };
}
