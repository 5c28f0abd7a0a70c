import type { Message } from '../messages/model.ts';

/**
 * The one interface every delivery channel implements (email, Slack, memory).
 * The delivery engine (src/service) claims a delivery in SQLite, calls `send`, and records the result.
 */

export interface Recipient {
  /** Display name. */
  name: string;
  /** Email address (email channel). */
  email?: string;
  /** Slack user or channel id (Slack channel). */
  slackId?: string;
  /** Group robot channel name `<kind>:<name>` (WeCom, DingTalk, Feishu): the recipient is that robot's group. */
  robot?: string;
  /** Mobile numbers a group robot @-mentions (the group's contacts that gave a `mobile`). */
  mobiles?: string[];
  language: 'zh-CN' | 'en';
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A rendered message, ready for any channel. */
export interface OutgoingMessage {
  /** Delivery key: `${reminderOrDigestKey}|${channel}|${recipientId}`; stable across retries. */
  key: string;
  /** Message-ID derived from the key (email), e.g. `<sha256hex@pprd-reminder>`. */
  messageId: string;
  /**
   * The send instant on the service clock (ISO with offset): the email `Date:` header (RFC 5322 §3.6.1),
   * so that a `PPRD_NOW` or simulated clock dates its mail consistently. Default: the host clock.
   */
  date?: string;
  to: Recipient;
  /** Addresses replies go to (email `Reply-To`): the coordinators' office (`officeOf`). Absent or empty: none. */
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Slack Block Kit blocks (Slack channel), when rendered; a message with `content` is formatted by the channel instead. */
  blocks?: unknown[];
  /**
   * The composed message (src/messages) that `subject`, `text` and `html` are the email form of: the Slack
   * and group-robot channels format it for their medium (Block Kit, markdown). Absent: a plain message,
   * sent as its text.
   */
  content?: Message;
  attachments?: Attachment[];
  /** Extra data a channel may use (e.g. the occurrence for the Slack "submitted" button). */
  meta?: Record<string, unknown>;
}

/** How a failed send should be treated. */
export type FailureKind = 'temporary' | 'permanent';

/** Thrown (or returned) by a channel when a send fails. */
export class DeliveryError extends Error {
  /** `temporary` (retry with backoff) or `permanent` (mark dead). */
  readonly kind: FailureKind;
  /** Protocol detail, e.g. SMTP response code 421, or Slack error `channel_not_found`. */
  readonly detail?: string | number;
  /**
   * Set when the server refused our credentials (SMTP 530/535, Slack `invalid_auth`, `token_revoked`,
   * `account_inactive` …): the environment variable to correct (`SMTP_URL`, `SLACK_BOT_TOKEN`). Such a
   * failure concerns every message of the channel, so it is `temporary` (retried until the give-up span,
   * sent once the variable is fixed) and the service reports it in `/readyz`.
   */
  readonly credentials?: string;
  /**
   * For a temporary failure: retry no sooner than this many ms after the tick's instant (a group robot's
   * rate limit: the next free slot, or the platform's own lock-out), instead of the exponential backoff.
   * A duration, not an instant: the limit runs on the wall clock while the tick may run on a business
   * clock (`PPRD_NOW`, simulation).
   */
  readonly retryAfterMs?: number;
  constructor(
    kind: FailureKind,
    message: string,
    detail?: string | number,
    options?: { cause?: unknown; credentials?: string; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
    this.kind = kind;
    this.detail = detail;
    if (options?.credentials) this.credentials = options.credentials;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

export interface Channel {
  /** `email`, `slack` or `memory`. */
  readonly name: string;
  /**
   * Sends this channel takes at once (its lane in the delivery tick; default 5). Each channel has its
   * own, so a slow channel never holds up another.
   */
  readonly concurrency?: number;
  /** Whether this channel can reach `to` (email needs an address; Slack a slackId). */
  canReach(to: Recipient): boolean;
  /** Sends; resolves on acceptance; rejects with `DeliveryError`. */
  send(message: OutgoingMessage): Promise<void>;
  /** Releases pools and connections. */
  close(): Promise<void>;
}
