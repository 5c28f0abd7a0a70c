import { DeliveryError } from '../types.ts';

/** Network error codes that mean "try again later" (Node system errors and nodemailer's own codes). */
const TEMPORARY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // nodemailer (lib/errors): connection closed, socket error, timeout, DNS, TLS, authentication.
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  // An authentication failure is a configuration problem the admin fixes (SMTP_URL): retrying until
  // `giveUpAfterHours` keeps the reminders instead of killing every one of them.
  'EAUTH',
  'ENOAUTH',
]);

/**
 * Classifies an error from nodemailer as a {@link DeliveryError}.
 *
 * Rules (RFC 5321 §4.2.1: 4yz = transient negative, 5yz = permanent negative):
 * - an SMTP reply code 4xx (e.g. `421` service not available, `451`) → `temporary`;
 * - an SMTP reply code 5xx (e.g. `550` mailbox unavailable, `553`) → `permanent`,
 *   except `530`/`535` (authentication), which are temporary (see above);
 * - connection refused, reset or timed out, DNS, TLS → `temporary`;
 * - an envelope nodemailer itself rejects (`EENVELOPE`, no valid recipient) → `permanent`;
 * - anything else → `temporary` (retried until the give-up span, then dead: never silently lost).
 *
 * `detail` is the reply code, or the error code when there is none. The message holds the server's
 * reply line, never the message body.
 */
export function classifySmtpError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as {
    message?: string;
    code?: string;
    originalCode?: string;
    responseCode?: number;
    response?: string;
  };
  const reply = (e.response ?? e.message ?? String(err)).split('\n')[0];
  const code = e.responseCode;
  if (typeof code === 'number' && code >= 400 && code < 600) {
    if (code === 530 || code === 535 || e.code === 'EAUTH')
      return new DeliveryError('temporary', `SMTP ${reply}`, code, { cause: err, credentials: 'SMTP_URL' });
    return new DeliveryError(code < 500 ? 'temporary' : 'permanent', `SMTP ${reply}`, code, { cause: err });
  }
  const sysCode = e.originalCode ?? e.code;
  if (e.code === 'EENVELOPE')
    return new DeliveryError('permanent', `invalid envelope: ${reply}`, e.code, { cause: err });
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return new DeliveryError('temporary', `${e.code}: ${reply}`, e.code, { cause: err, credentials: 'SMTP_URL' });
  if ((sysCode && TEMPORARY_CODES.has(sysCode)) || (e.code && TEMPORARY_CODES.has(e.code))) {
    return new DeliveryError('temporary', `${sysCode}: ${reply}`, sysCode, { cause: err });
  }
  return new DeliveryError('temporary', `${e.code ?? 'error'}: ${reply}`, e.code, { cause: err });
}
