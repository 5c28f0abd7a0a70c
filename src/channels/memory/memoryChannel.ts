import { type Channel, DeliveryError, type FailureKind, type OutgoingMessage, type Recipient } from '../types.ts';

/** A scripted failure: the next matching sends reject with this kind and detail. */
export interface MemoryFailure {
  kind: FailureKind;
  /** Protocol detail carried by the error (e.g. 421, `channel_not_found`). */
  detail?: string | number;
  /** How many sends fail (default 1). */
  times?: number;
  /** Only sends whose recipient email or Slack id is this fail (default: any). */
  to?: string;
}

/** An in-memory channel for tests and `pprd simulate`: records every accepted message, fails on request. */
export interface MemoryChannel extends Channel {
  /** Messages accepted, in order. */
  readonly sent: OutgoingMessage[];
  /** Attempts, accepted or failed, in order (key and outcome). */
  readonly attempts: { key: string; ok: boolean }[];
  /** Queue a failure for the next matching sends. */
  failNext(failure: MemoryFailure): void;
  /** Whether `close()` was called. */
  readonly closed: boolean;
}

/**
 * Creates a memory channel named `name` (default `memory`).
 * `reach` decides `canReach` (default: a recipient with an email or a Slack id).
 */
export function createMemoryChannel(
  options: { name?: string; reach?: (to: Recipient) => boolean } = {},
): MemoryChannel {
  const sent: OutgoingMessage[] = [];
  const attempts: { key: string; ok: boolean }[] = [];
  const failures: (MemoryFailure & { left: number })[] = [];
  let closed = false;
  const reach = options.reach ?? ((to: Recipient) => Boolean(to.email || to.slackId));
  return {
    name: options.name ?? 'memory',
    sent,
    attempts,
    get closed() {
      return closed;
    },
    canReach: reach,
    failNext(failure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    async send(message) {
      const address = message.to.email ?? message.to.slackId;
      const f = failures.find((x) => x.left > 0 && (!x.to || x.to === address));
      if (f) {
        f.left--;
        attempts.push({ key: message.key, ok: false });
        throw new DeliveryError(f.kind, `memory channel: scripted ${f.kind} failure`, f.detail);
      }
      attempts.push({ key: message.key, ok: true });
      sent.push(message);
    },
    async close() {
      closed = true;
    },
  };
}
