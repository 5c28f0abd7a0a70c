import { bolt } from './bolt.ts';

/**
 * Slack's window for a request's `X-Slack-Request-Timestamp`, in seconds: a request "more than five
 * minutes from local time" — either way — is refused ("Verifying requests from Slack",
 * https://docs.slack.dev/authentication/verifying-requests-from-slack: compare the absolute value of
 * the difference with 60 × 5).
 */
export const SLACK_REQUEST_WINDOW_SEC = 300;

/** Request headers as Node gives them (lower-case names); the guard reads `x-slack-request-timestamp` and `x-slack-signature`. */
export type SignedHeaders = Record<string, string | string[] | undefined>;

/**
 * Checks one request to the Slack endpoint before Bolt processes it. Returns the reason to refuse it
 * (answer 401), or null to let it through:
 * - the v0 signature (HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret) must match
 *   (Bolt's `verifySlackRequest`, which also refuses a timestamp more than 5 minutes old);
 * - a timestamp more than {@link SLACK_REQUEST_WINDOW_SEC} in the FUTURE is refused like a stale one
 *   (Bolt checks only the past);
 * - a replay — a second request with a signature already accepted within the window — is refused, so a
 *   captured command or button click is never processed twice. Signatures are remembered only once
 *   verified, for the window's length (a request older than that is refused as stale anyway).
 * @param now wall clock in ms (default `Date.now`).
 */
export function createRequestGuard(
  signingSecret: string,
  now: () => number = Date.now,
): (headers: SignedHeaders, body: string) => string | null {
  /** Accepted signatures and when they may be forgotten (ms), oldest first. */
  const seen = new Map<string, number>();
  return (headers, body) => {
    const ts = headers['x-slack-request-timestamp'];
    const sig = headers['x-slack-signature'];
    if (typeof ts !== 'string' || typeof sig !== 'string')
      return 'missing x-slack-request-timestamp or x-slack-signature header';
    const nowMs = now();
    try {
      bolt().verifySlackRequest({
        signingSecret,
        body,
        headers: { 'x-slack-request-timestamp': Number(ts), 'x-slack-signature': sig },
        nowMilliseconds: nowMs,
      });
    } catch (err) {
      return (err as Error).message;
    }
    const skewSec = Number(ts) - Math.floor(nowMs / 1000);
    if (skewSec > SLACK_REQUEST_WINDOW_SEC)
      return `x-slack-request-timestamp is ${skewSec} s in the future (more than ${SLACK_REQUEST_WINDOW_SEC} s from local time)`;
    for (const [s, until] of seen) {
      if (until > nowMs) break;
      seen.delete(s);
    }
    if (seen.has(sig)) return 'replayed request: this signature was already accepted';
    seen.set(sig, nowMs + 2 * SLACK_REQUEST_WINDOW_SEC * 1000);
    return null;
  };
}
