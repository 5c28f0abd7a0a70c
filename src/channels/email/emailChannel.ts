import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SMTPPoolOptions } from 'nodemailer';
import { SmtpNameError, SmtpUrlError } from '../../errors.ts';
import { type Channel, DeliveryError, type OutgoingMessage, type Recipient } from '../types.ts';
import { classifySmtpError } from './classifySmtpError.ts';
import { type MailFrom, parseMailFrom } from './parseMailFrom.ts';

/** Default sender when `MAIL_FROM` is unset. */
export const DEFAULT_MAIL_FROM = 'pprd-reminder <pprd@localhost>';
/** Default outbox folder when `PPRD_OUTBOX` is unset. */
export const DEFAULT_OUTBOX = 'data/outbox';

/** Options of {@link createEmailChannel}. */
export interface EmailChannelOptions {
  /**
   * `smtp://user:pass@host:587` or `smtps://…` (env `SMTP_URL`). Unset: every message is written as an
   * `.eml` file to `outboxDir` instead. Never logged (it may hold a password).
   */
  smtpUrl?: string;
  /**
   * `From:` header, e.g. `省泛珠办 <pprd@example.org>` (env `MAIL_FROM`, default {@link DEFAULT_MAIL_FROM}),
   * read with {@link parseMailFrom}: a value with a line break, a list or no valid address throws.
   */
  from?: string;
  /** Outbox folder (env `PPRD_OUTBOX`, default {@link DEFAULT_OUTBOX}); created when needed. */
  outboxDir?: string;
  /** SMTP connection pool: `true` (default, 5 connections), `false`, or limits. */
  pool?: boolean | { maxConnections?: number; maxMessages?: number };
  /**
   * SMTP timeouts in ms (defaults {@link DEFAULT_SMTP_TIMEOUTS}): TCP connect, the server's 220
   * greeting, and silence on the socket during a send. A server that never greets fails a send after
   * `connection + greeting` at most.
   */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
  /**
   * After a send fails because the server cannot be reached (refused, timed out, no greeting, DNS),
   * the other sends of the same tick (same `message.date`) fail at once (temporary, retried by the
   * engine's backoff) for up to this many ms instead of each waiting out the timeouts again (default
   * {@link DEFAULT_UNREACHABLE_MS}). The next tick tries the server again; sends already waiting on the
   * server are not cut short.
   */
  unreachableMs?: number;
  /**
   * The name this host gives in SMTP `EHLO` (env `SMTP_NAME`), e.g. `mail.example.gov.cn`: a relay that
   * checks the name against the connecting address wants the host's public name. Default: nodemailer's
   * (the machine's host name when it is a dotted name, else `[127.0.0.1]`). Checked like a header value.
   */
  name?: string;
}

/**
 * Headers on every message this service sends (it sends only automatic messages): RFC 3834 §5
 * `Auto-Submitted: auto-generated`, and Microsoft Exchange/Outlook's `X-Auto-Response-Suppress: All`,
 * so that out-of-office and other automatic replies do not answer a reminder.
 */
export const AUTO_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
});

/**
 * A Message-ID moved onto the sender's domain (RFC 5322 §3.6.4: the right-hand side should be a domain
 * the sender controls; spam filters score `@pprd-reminder`, rspamd MID_RHS_NOT_FQDN): `<left@x>` →
 * `<left@domain>`. The left part (a hash of the delivery key) is kept, so a resend keeps its ID.
 * @param messageId `<left@right>` as stored for the delivery (see `messageIdFor`).
 * @param domain the domain of `MAIL_FROM`'s address, e.g. `pprd.example.org`.
 */
export function messageIdOnDomain(messageId: string, domain: string): string {
  const left = /^<?([^@<>]+)@[^@<>]*>?$/.exec(messageId)?.[1] ?? createHash('sha256').update(messageId).digest('hex');
  return `<${left}@${domain}>`;
}

/**
 * The thread of a message: every reminder of one occurrence (before, due, overdue, escalation) names the
 * same root in `In-Reply-To` and `References` (RFC 5322 §3.6.4), so a mail client shows them as one
 * conversation. The root is derived from the occurrence key, not from a sent message, so it is the same
 * whichever reminder arrives first and across restarts; clients thread on it even though no message
 * carries it as its own Message-ID. A folded escalation (several agencies of one round) threads on its
 * round `cycle/period`. Digests have no thread.
 * @param meta the message's `meta` (`occurrence` {cycle, period, agency}, or `occurrences` of a fold).
 * @param domain the sender's domain.
 * @returns `<thread-<sha256 hex, 40>@domain>`, or `undefined` when the message belongs to no occurrence.
 */
export function threadRootFor(meta: Record<string, unknown> | undefined, domain: string): string | undefined {
  type Occ = { cycle: string; period: string; agency: string };
  const one = meta?.occurrence as Occ | undefined;
  const many = meta?.occurrences as Occ[] | undefined;
  let key: string | undefined;
  if (one) key = `${one.cycle}/${one.period}/${one.agency}`;
  else if (many?.length) key = `${many[0].cycle}/${many[0].period}`;
  if (!key) return undefined;
  return `<thread-${createHash('sha256').update(`thread|${key}`).digest('hex').slice(0, 40)}@${domain}>`;
}

/** Default SMTP timeouts in ms: a tick with an unreachable server ends within connection + greeting. */
export const DEFAULT_SMTP_TIMEOUTS = { connection: 15_000, greeting: 15_000, socket: 60_000 } as const;
/** Longest pause after an unreachable SMTP server (ms), within one tick. */
export const DEFAULT_UNREACHABLE_MS = 60_000;
/** Error codes (node, nodemailer) that mean the server itself could not be reached or did not answer. */
const UNREACHABLE_CODES: ReadonlySet<string | number> = new Set([
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNECTION',
  'ESOCKET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EDNS',
  'EAI_AGAIN',
]);

/** The email channel, with what it was built for (for logs: no secrets). */
export interface EmailChannel extends Channel {
  /** `smtp` when `smtpUrl` was given, else `outbox`. */
  readonly mode: 'smtp' | 'outbox';
  /** The outbox folder (outbox mode). */
  readonly outboxDir: string;
}

/** Address check before any send: one `local@domain` with no spaces, quotes, angle brackets or control characters. */
const EMAIL_RE = /^[^\s@<>"(),;:\\\x00-\x1f\x7f]+@[^\s@<>"(),;:\\\x00-\x1f\x7f]+\.[^\s@<>"(),;:\\\x00-\x1f\x7f]+$/;

/**
 * Checks `SMTP_URL` before anything is sent, so that a typo stops the start instead of failing every
 * delivery later: `smtp:` or `smtps:` with a host (RFC 3986 URL), no whitespace anywhere, and a user and
 * password that are valid percent-encoding (RFC 3986 §2.1: `%` followed by two hex digits; a space is
 * `%20`, `@` is `%40`). A WHATWG `URL` accepts a raw space or `%zz` in the password and the login then
 * fails at the server with the wrong password, so those are checked on the text itself. The message
 * never repeats the URL or the password.
 * @throws SmtpUrlError (`PPRD_SMTP_URL`, exit 2).
 */
export function checkSmtpUrl(smtpUrl: string): void {
  const refuse = (why: string) =>
    new SmtpUrlError(
      `SMTP_URL ${why} — fix: write it as smtp://user:password@host:587 or smtps://user:password@host:465 with special characters of the user and password percent-encoded (space %20, @ %40, % %25, : %3A, / %2F), or unset it to write emails to the outbox`,
    );
  let url: URL | null = null;
  try {
    url = new URL(smtpUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname)
    throw refuse('is not an SMTP URL');
  if (/\s/.test(smtpUrl.trim())) throw refuse('contains a space or line break (in the password?)');
  const userinfo = /^[a-z]+:\/\/([^/?#]*)@/i.exec(smtpUrl.trim())?.[1] ?? '';
  const parts = userinfo ? userinfo.split(':') : [];
  for (const [i, part] of parts.entries()) {
    try {
      decodeURIComponent(part);
    } catch {
      throw refuse(
        `has a bad percent escape in the ${i === 0 ? 'user name' : 'password'} (a % not followed by two hex digits)`,
      );
    }
  }
}

/**
 * The nodemailer message of one `OutgoingMessage` as the email channel sends it: `from`, the recipient
 * (`to.email` unchecked: {@link createEmailChannel} checks it first), Reply-To, subject, text and HTML
 * (text base64), the Message-ID on the sender's domain ({@link messageIdOnDomain}), {@link AUTO_HEADERS},
 * the thread ({@link threadRootFor}), `Date` from `message.date`, and the attachments. Also what the bench's
 * raw nodemailer peer sends (bench/delivery.ts), so both send the same messages.
 * @param from the parsed `MAIL_FROM`; `domain` its address's domain.
 */
export function mailOptionsFor(message: OutgoingMessage, from: MailFrom, domain: string) {
  const thread = threadRootFor(message.meta, domain);
  return {
    from,
    to: { name: message.to.name, address: message.to.email ?? '' },
    ...(message.replyTo?.length ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: messageIdOnDomain(message.messageId, domain),
    headers: { ...AUTO_HEADERS },
    ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
    ...(message.date ? { date: new Date(message.date) } : {}),
    textEncoding: 'base64' as const,
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/** The `.eml` file name of a delivery in the outbox: first 32 hex digits of sha256(delivery key). */
export function outboxFileName(key: string): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.eml`;
}

/**
 * Creates the email channel (nodemailer).
 *
 * - With `smtpUrl`: a pooled SMTP transport; `send` resolves when the server accepted the message (250).
 * - Without: builds the same MIME message (nodemailer stream transport) and writes it to
 *   `outboxDir/<sha256(key)[0..32]>.eml` atomically (temp file + rename; the temp file is removed when
 *   the write fails, e.g. on a full disk, and the delivery is retried); a resend of the same delivery
 *   overwrites its own file, so the outbox never holds a duplicate.
 *
 * Messages are multipart/alternative (text + HTML), UTF-8; the subject and display names are encoded per
 * RFC 2047 by nodemailer, so a Chinese subject or a name with a comma arrive intact. The Message-ID is
 * `message.messageId` (derived from the delivery key by the engine, stable across resends) moved onto the
 * sender's domain ({@link messageIdOnDomain}); every message carries {@link AUTO_HEADERS} (RFC 3834) and
 * a reminder names its occurrence's thread root in `In-Reply-To`/`References` ({@link threadRootFor}).
 *
 * `send` rejects with {@link DeliveryError}: `permanent` for an invalid address or an SMTP 5xx,
 * `temporary` for SMTP 4xx and network errors (see {@link classifySmtpError}).
 * @throws SmtpUrlError / MailFromError / SmtpNameError (exit 2) for a bad `smtpUrl`, `from` or `name`, before anything is sent.
 */
export function createEmailChannel(options: EmailChannelOptions = {}): EmailChannel {
  if (options.smtpUrl) checkSmtpUrl(options.smtpUrl);
  const from = parseMailFrom(options.from || DEFAULT_MAIL_FROM);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  if (
    options.name !== undefined &&
    !/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[[0-9.:a-fA-F]+\]$/.test(
      options.name,
    )
  ) {
    throw new SmtpNameError(
      `SMTP_NAME ${JSON.stringify(options.name)} is not a host name — fix: set SMTP_NAME to this host's public name as the mail relay knows it (e.g. mail.example.gov.cn, letters, digits, - and .), or unset it`,
    );
  }
  const outboxDir = options.outboxDir || DEFAULT_OUTBOX;
  const t = options.timeouts ?? {};
  const pool = options.pool ?? true;
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        pool: pool !== false,
        maxConnections: typeof pool === 'object' ? (pool.maxConnections ?? 5) : 5,
        maxMessages: typeof pool === 'object' ? (pool.maxMessages ?? 100) : 100,
        connectionTimeout: t.connection ?? DEFAULT_SMTP_TIMEOUTS.connection,
        greetingTimeout: t.greeting ?? DEFAULT_SMTP_TIMEOUTS.greeting,
        socketTimeout: t.socket ?? DEFAULT_SMTP_TIMEOUTS.socket,
        ...(options.name ? { name: options.name } : {}),
      } as SMTPPoolOptions & { pool: true })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let outboxReady = false;
  const maxConnections = typeof pool === 'object' ? (pool.maxConnections ?? 5) : 5;
  const unreachableMs = options.unreachableMs ?? DEFAULT_UNREACHABLE_MS;
  /** Set when the server could not be reached: sends of tick `tick` fail at once until `until` (wall ms). */
  let unreachable: { tick: string | null; until: number; reason: string } | null = null;

  return {
    name: 'email',
    // One send per pooled connection: more would only queue inside nodemailer, out of the engine's sight.
    concurrency: options.smtpUrl && pool !== false ? maxConnections : 5,
    mode: options.smtpUrl ? 'smtp' : 'outbox',
    outboxDir,
    canReach(to: Recipient) {
      return Boolean(to.email);
    },
    async send(message: OutgoingMessage) {
      const address = message.to.email ?? '';
      if (!EMAIL_RE.test(address)) {
        throw new DeliveryError('permanent', `invalid address ${JSON.stringify(address)}`, 'invalid-address');
      }
      if (/[\r\n\x00-\x1f\x7f]/.test(message.to.name) || /[\r\n]/.test(message.subject)) {
        throw new DeliveryError('permanent', 'control character in recipient name or subject', 'invalid-header');
      }
      const mail = mailOptionsFor(message, from, domain);
      if (unreachable && unreachable.tick === (message.date ?? null) && Date.now() < unreachable.until) {
        throw new DeliveryError(
          'temporary',
          `SMTP server unreachable (${unreachable.reason}); not tried again in this tick — fix: check that the server in SMTP_URL is up and answers on that port`,
          'smtp-unreachable',
        );
      }
      let info: { message?: Buffer | unknown };
      try {
        info = await transport.sendMail(mail);
      } catch (err) {
        const e = classifySmtpError(err);
        if (options.smtpUrl && e.detail !== undefined && UNREACHABLE_CODES.has(e.detail)) {
          unreachable = { tick: message.date ?? null, until: Date.now() + unreachableMs, reason: e.message };
        }
        throw e;
      }
      unreachable = null;
      if (!options.smtpUrl) {
        if (!outboxReady) {
          mkdirSync(outboxDir, { recursive: true });
          outboxReady = true;
        }
        const file = join(outboxDir, outboxFileName(message.key));
        const tmp = `${file}.${process.pid}.tmp`;
        try {
          writeFileSync(tmp, info.message as Buffer);
          renameSync(tmp, file);
        } catch (err) {
          // A full disk (ENOSPC) or a quota leaves a partial or 0-byte temp file: remove it, so the
          // outbox holds only whole messages; the delivery is retried.
          try {
            unlinkSync(tmp);
          } catch {
            // already gone (or never created)
          }
          throw new DeliveryError(
            'temporary',
            `cannot write outbox file ${file}: ${(err as Error).message}`,
            (err as NodeJS.ErrnoException).code,
            { cause: err },
          );
        }
      }
    },
    async close() {
      transport.close();
    },
  };
}
