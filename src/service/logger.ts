import { pino } from 'pino';

/**
 * Structured log: one JSON line per event (pino). Callers pass an `event` field
 * (`imported`, `tick`, `sent`, `retried`, `dead`, `reloaded`, …) and ids, never message bodies or secrets.
 */
export interface Log {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/**
 * Creates the service logger on stdout (or `destination`). Level `opts.level` (the settings' `LOG_LEVEL`, src/settings.ts; default `info`).
 * Known secret-bearing keys are redacted as a second line of defence.
 */
export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Log {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: 'pprd-reminder' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: [
        'smtpUrl',
        'SMTP_URL',
        'token',
        'botToken',
        'appToken',
        'signingSecret',
        'password',
        'text',
        'html',
        'body',
      ],
    },
    opts.destination ?? process.stdout,
  );
}

/** A logger that drops everything (tests, simulation). */
export const silentLog: Log = { info() {}, warn() {}, error() {} };
