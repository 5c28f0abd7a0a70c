import { type Channel, DeliveryError, type OutgoingMessage, type Recipient } from '../types.ts';
import { dingtalk } from './dingtalk.ts';
import { feishu } from './feishu.ts';
import type { RobotPlatform, RobotSendLog } from './types.ts';
import { wecom } from './wecom.ts';

/** The three platforms by kind. */
export const ROBOT_PLATFORMS: Readonly<Record<RobotPlatform['kind'], RobotPlatform>> = { wecom, dingtalk, feishu };

/** The delivery channel name of a robot: `<kind>:<name>` (e.g. `dingtalk:jtt`); also its rate-limit key. */
export function robotChannelName(robot: { kind: string; name: string }): string {
  return `${robot.kind}:${robot.name}`;
}

/**
 * `DeliveryError.detail` of a send held back by the robot's own rate-limit window (nothing was posted): the
 * row is scheduled for the next free minute, not failed (status and digests leave it out).
 */
export const ROBOT_RATE_LIMITED = 'rate-limit';

/** One POST and its answer (the transport the robot channel uses: `fetch`, or a memory fake in simulation). */
export type RobotTransport = (request: {
  url: string;
  body: string;
  timeoutMs: number;
}) => Promise<{ status: number; text: string; headers: Record<string, string | undefined> }>;

/** POSTs JSON with `fetch`, bounded by `timeoutMs`. */
export const fetchTransport: RobotTransport = async ({ url, body, timeoutMs }) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text(), headers: Object.fromEntries(res.headers.entries()) };
};

/** Options of {@link createRobotChannel}. */
export interface RobotChannelOptions {
  robot: { name: string; kind: RobotPlatform['kind']; urlEnv: string; secretEnv?: string };
  /** The webhook URL (from `urlEnv`). */
  url: string;
  /** The signing secret (from `secretEnv`; DingTalk, Feishu). */
  secret?: string;
  /** Where sends are counted (SQLite via `createRobotSendRepo`, so the limit holds across restarts). */
  sendLog: RobotSendLog;
  /** Wall clock in ms for the rate limit and the signature timestamp (default `Date.now`). */
  clock?: () => number;
  transport?: RobotTransport;
  /** Per-request timeout in ms (default 15 000). */
  timeoutMs?: number;
}

/**
 * A group robot as a delivery `Channel` named `<kind>:<name>`: it reaches only the recipient whose `robot`
 * is that name (the group), posts the message rendered in the platform's markdown (src/digest robotMessage,
 * from the same text as the email) within its size limit, signed as the platform documents.
 *
 * Rate limit: before each POST a slot is reserved in the send log (SQLite); when the documented window is
 * full the send does not wait — it rejects at once with a temporary `DeliveryError` (`detail: 'rate-limit'`,
 * `retryAfterMs` = ms until the next free slot), so the tick goes on and the engine retries that row then.
 *
 * Errors: rejects with `DeliveryError` — temporary for network errors, timeouts, HTTP 5xx, the platform's
 * rate-limit codes (WeCom 45009, DingTalk 130101, Feishu 11232; with `retryAfterMs`) and a refused signature
 * (DingTalk 310000 "sign not match", Feishu 19021; with `credentials` = the secret variable: fixed by
 * correcting it); permanent for the rest (invalid webhook: WeCom 93000, DingTalk 300001; keyword/IP security
 * settings; a malformed message). Logs nothing: the engine logs keys and codes, never bodies or URLs.
 */
export function createRobotChannel(options: RobotChannelOptions): Channel {
  const platform = ROBOT_PLATFORMS[options.robot.kind];
  const name = robotChannelName(options.robot);
  const clock = options.clock ?? Date.now;
  const transport = options.transport ?? fetchTransport;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    name,
    // One POST at a time per robot: the platforms count per robot, and order is kept.
    concurrency: 1,
    canReach(to: Recipient): boolean {
      return to.robot === name;
    },
    async send(message: OutgoingMessage): Promise<void> {
      const nowMs = clock();
      const slot = options.sendLog.reserve(name, nowMs, platform.windows);
      if (!slot.ok) {
        const wait = slot.freeAtMs - nowMs;
        throw new DeliveryError(
          'temporary',
          `${name}: rate limit of ${platform.windows.map((w) => `${w.max}/${w.ms / 1000}s`).join(', ')} reached; next free in ${Math.ceil(wait / 1000)} s`,
          ROBOT_RATE_LIMITED,
          { retryAfterMs: wait },
        );
      }
      const req = platform.request({ url: options.url, secret: options.secret, message, nowMs });
      let res: Awaited<ReturnType<RobotTransport>>;
      try {
        res = await transport({ ...req, timeoutMs });
      } catch (cause) {
        // Never the URL: it holds the robot's key.
        const what =
          (cause as Error)?.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : ((cause as { cause?: { code?: string } })?.cause?.code ?? (cause as Error)?.name ?? 'network error');
        throw new DeliveryError('temporary', `${name}: webhook not reachable (${what})`, 'network', { cause });
      }
      let json: unknown;
      try {
        json = JSON.parse(res.text);
      } catch {
        json = undefined;
      }
      const v = platform.classify(res.status, json, res.headers);
      if (v.ok) return;
      const fix = v.badSecret
        ? ` — fix: copy the robot's signing secret (security setting 加签/签名校验) into ${options.robot.secretEnv} and restart`
        : '';
      throw new DeliveryError(v.kind, `${name}: ${v.message}${fix}`, v.code, {
        ...(v.retryAfterMs !== undefined ? { retryAfterMs: v.retryAfterMs } : {}),
        ...(v.badSecret && options.robot.secretEnv ? { credentials: options.robot.secretEnv } : {}),
      });
    },
    async close(): Promise<void> {
      // fetch keeps no pool of its own here.
    },
  };
}
