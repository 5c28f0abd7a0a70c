import type { webApi } from '@slack/bolt';
import { escapeSlack, formatSlack, MAX_FALLBACK_CHARS } from '../../messages/index.ts';
import { type Channel, DeliveryError, type OutgoingMessage, type Recipient } from '../types.ts';
import { bolt } from './bolt.ts';

/** The Web API client Bolt and this channel use (`@slack/web-api` 8, re-exported by Bolt). */
export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

/**
 * Slack platform errors that will fail the same way on every retry: the delivery is marked dead.
 * (Slack's documented `chat.postMessage` errors: https://docs.slack.dev/reference/methods/chat.postMessage)
 */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'user_not_found',
  'not_in_channel',
  'is_archived',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'cannot_dm_bot',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_arguments',
  'too_many_attachments',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/**
 * Slack's answers that the bot token itself is refused (revoked, expired, the app uninstalled or
 * the workspace deactivated): every message would fail alike, and setting a good `SLACK_BOT_TOKEN`
 * fixes them all, so they are retried like SMTP 535 (until `giveUpAfterHours`), never made dead at once.
 */
export const SLACK_AUTH_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

/** Platform errors worth retrying later (Slack-side trouble). Others not listed here are permanent. */
export const TEMPORARY_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/** Slack truncates a message's `text` beyond 40 000 characters; we cut a little below. */
const MAX_PLAIN_TEXT = 39_000;

const RATE_LIMIT_RETRY = /A rate limit was exceeded/;

/**
 * `retryConfig` for the Web API client that retries **only** after HTTP 429, once the client has
 * waited `Retry-After` (Slack's rate-limit contract: a 429 means the call was not carried out, so a
 * retry cannot post twice). Any other failure (5xx, network error) is returned to the caller at once:
 * the call may have been carried out, so the delivery engine decides (backoff, claim), not a blind
 * client retry. `minTimeout: 0`: no extra pause beyond `Retry-After`.
 * @param retries how many 429s in a row one call survives (default 5).
 */
export function rateLimitOnlyRetry(retries = 5): Record<string, unknown> {
  return {
    retries,
    minTimeout: 0,
    maxTimeout: 0,
    factor: 1,
    onFailedAttempt: (error: Error) => {
      if (!RATE_LIMIT_RETRY.test(error.message)) throw error;
    },
  };
}

/**
 * Web API client options for this project: base URL (`SLACK_API_URL`, default Slack's), the
 * 429-only retry policy, a request timeout, and no client logging of bodies.
 * @param apiUrl base URL ending in `/api/` (a missing trailing slash is added).
 * @param timeoutMs per-request timeout in ms (default 30 000).
 */
export function slackClientOptions(apiUrl?: string, timeoutMs = 30_000): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: rateLimitOnlyRetry() as webApi.WebClientOptions['retryConfig'],
    timeout: timeoutMs,
    rejectRateLimitedCalls: false,
    logLevel: bolt().webApi.LogLevel.ERROR,
  };
}

/** Maps a Web API error to a `DeliveryError` (temporary: retry with backoff; permanent: dead). */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  switch (e?.code) {
    case bolt().webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (SLACK_AUTH_ERRORS.has(code)) {
        return new DeliveryError(
          'temporary',
          `Slack refused the bot token: ${code} — fix: reinstall the app or copy a new bot token into SLACK_BOT_TOKEN and restart`,
          code,
          {
            cause: error,
            credentials: 'SLACK_BOT_TOKEN',
          },
        );
      }
      const kind = TEMPORARY_SLACK_ERRORS.has(code) ? 'temporary' : 'permanent';
      return new DeliveryError(kind, `Slack refused the message: ${code}`, code, { cause: error });
    }
    case bolt().webApi.ErrorCode.HTTPError:
      // Slack's Web API uses no status codes besides 200 and 429: anything else is Slack-side trouble.
      return new DeliveryError('temporary', `Slack answered HTTP ${e.statusCode}`, e.statusCode, { cause: error });
    case bolt().webApi.ErrorCode.RateLimitedError:
      return new DeliveryError('temporary', 'Slack rate limit (429) persisted after retries', 429, { cause: error });
    case bolt().webApi.ErrorCode.RequestError:
      return new DeliveryError('temporary', `Slack not reachable: ${e.message ?? 'request error'}`, 'request_error', {
        cause: error,
      });
    default:
      if (e?.message && RATE_LIMIT_RETRY.test(e.message)) {
        return new DeliveryError('temporary', 'Slack rate limit (429) persisted after retries', 429, { cause: error });
      }
      return new DeliveryError('temporary', `Slack send failed: ${e?.message ?? String(error)}`, undefined, {
        cause: error,
      });
  }
}

/**
 * The `text` posted with a message that has no composed `content`: `meta.slackText` when the sender gave
 * one (already escaped), else `message.text` escaped (`&`, `<`, `>`) so nothing in it can ping or link;
 * cut to 3000 characters beside blocks (a notification preview), 39 000 alone (Slack truncates at 40 000).
 */
export function slackTextOf(message: OutgoingMessage): string {
  const rendered = message.meta?.slackText;
  if (typeof rendered === 'string' && rendered) return rendered;
  const escaped = escapeSlack(message.text);
  const max = message.blocks ? MAX_FALLBACK_CHARS : MAX_PLAIN_TEXT;
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

/**
 * The Slack `Channel`: posts the composed `message.content` as Block Kit (`formatSlack`: blocks and
 * their notification text), else `message.blocks` with the text of `slackTextOf(message)`, with `chat.postMessage` to
 * `message.to.slackId`: a user id (`U…`/`W…`) gives a direct message from the app (no
 * `conversations.open`, so no `im:write` scope), a channel id (`C…`/`G…`) posts there (the digest;
 * the bot must be a member, else `not_in_channel`, permanent).
 *
 * Errors: rejects with `DeliveryError` — temporary for HTTP 5xx, network errors, 429 beyond the
 * client's retries, and a refused token (`SLACK_AUTH_ERRORS`, with `credentials: 'SLACK_BOT_TOKEN'`);
 * permanent for `channel_not_found`, `user_not_found`, `not_in_channel` and the rest of
 * `PERMANENT_SLACK_ERRORS`. A 429 is waited out (`Retry-After`) and
 * retried inside the client when it was built with `slackClientOptions` (`rateLimitOnlyRetry`):
 * one post per call, never two.
 *
 * @param client a Web API client with a bot token (e.g. `SlackApp.client`).
 */
export function createSlackChannel(client: SlackWebClient): Channel {
  return {
    name: 'slack',
    canReach(to: Recipient): boolean {
      // A user or conversation id (U…, W…, C…, G…, D…), or a channel name written `#name`.
      return typeof to.slackId === 'string' && /^(?:[UWCGD][A-Z0-9]{2,}|#[a-z0-9][a-z0-9._-]{0,79})$/.test(to.slackId);
    },
    async send(message: OutgoingMessage): Promise<void> {
      const channel = message.to.slackId;
      if (!channel) throw new DeliveryError('permanent', `recipient ${message.to.name} has no Slack id`, 'no_slack_id');
      const formatted = message.content ? formatSlack(message.content) : undefined;
      const blocks = formatted?.blocks ?? message.blocks;
      try {
        await client.chat.postMessage({
          channel,
          text: formatted?.text ?? slackTextOf(message),
          ...(blocks ? { blocks: blocks as never } : {}),
          unfurl_links: false,
          unfurl_media: false,
        } as webApi.ChatPostMessageArguments);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async close(): Promise<void> {
      // The Web API client holds no pooled connections of its own (fetch).
    },
  };
}
