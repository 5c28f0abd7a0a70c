import type { DeliveryConfig } from '../schedule/index.ts';

/** A failed send as the retry rule needs it (a channel's `DeliveryError`). */
export interface SendFailure {
  /** `permanent` (SMTP 5xx, Slack `channel_not_found` …) or `temporary` (4xx, network, 429, 5xx). */
  kind: 'permanent' | 'temporary';
  /** A rate limit's wait in ms (a robot's window, Slack's `Retry-After`), when the channel says. */
  retryAfterMs?: number;
}

/** What a failed send becomes: dead (no more tries) or retried at `nextAttemptMs` (ms since the epoch, on a whole minute). */
export type RetryDecision =
  | { status: 'dead'; reason: 'permanent' | 'gave-up' }
  | { status: 'failed'; nextAttemptMs: number };

/** `ms` down to its whole minute. */
function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/**
 * The retry rule (README "Delivery guarantees"): a permanent failure is dead at once; a temporary one
 * is retried after `retryBaseMinutes` × 2^(attempts−1) (`attempts` counts the send just tried), on the
 * whole minute so that minute's tick takes it, never within the same minute, and the last retry no
 * later than `giveUpAfterHours` after the first attempt (`firstAttemptMs`, default `now`); from then on
 * it is dead (`gave-up`). A rate limit retries at the first whole minute at which its slot is free.
 * All instants are ms since the epoch.
 */
export function decideRetry(
  failure: SendFailure,
  attempts: number,
  firstAttemptMs: number | undefined,
  now: number,
  delivery: Pick<DeliveryConfig, 'giveUpAfterHours' | 'retryBaseMinutes'>,
): RetryDecision {
  if (failure.kind === 'permanent') return { status: 'dead', reason: 'permanent' };
  const giveUpAt = (firstAttemptMs ?? now) + delivery.giveUpAfterHours * 3_600_000;
  if (now >= giveUpAt) return { status: 'dead', reason: 'gave-up' };
  if (failure.retryAfterMs !== undefined) {
    const at = Math.max(minuteOf(now) + 60_000, Math.ceil((now + failure.retryAfterMs) / 60_000) * 60_000);
    return { status: 'failed', nextAttemptMs: Math.min(at, Math.max(giveUpAt, now + 60_000)) };
  }
  // The service ticks on whole minutes, a little after each: a retry due on a whole minute is taken by
  // that minute's tick, not the next one (issue 17 item 7).
  const delay = delivery.retryBaseMinutes * 60_000 * 2 ** Math.max(0, attempts - 1);
  let next = minuteOf(Math.min(now + delay, giveUpAt));
  if (next <= now) next = minuteOf(now) + 60_000;
  return { status: 'failed', nextAttemptMs: next };
}
