import type { OutgoingMessage } from '../types.ts';

/** A rate-limit window: at most `max` messages in any `ms` milliseconds (wall clock). */
export interface RobotRateWindow {
  max: number;
  ms: number;
}

/**
 * Where a robot's sends are counted so that its rate limit holds across ticks and restarts
 * (implemented by `createRobotSendRepo` in src/store over SQLite).
 */
export interface RobotSendLog {
  /** Takes a slot at `nowMs` when every window has room, else returns the earliest free instant (ms). */
  reserve(
    robot: string,
    nowMs: number,
    windows: readonly RobotRateWindow[],
  ): { ok: true } | { ok: false; freeAtMs: number };
}

/** What a platform's answer means. */
export type RobotVerdict =
  | { ok: true }
  | {
      ok: false;
      /** `temporary` (retry) or `permanent` (dead). */
      kind: 'temporary' | 'permanent';
      /** The platform's code, e.g. 45009, 130101, 19021, or `http-502`. */
      code: string | number;
      message: string;
      /** The platform's own rate limit answered: retry after this many ms. */
      retryAfterMs?: number;
      /** The signature was refused: the secret variable is wrong (retried like SMTP 535, shown in /readyz). */
      badSecret?: boolean;
    };

/** One platform (WeCom, DingTalk, Feishu): its documented limits, request shape and error codes. */
export interface RobotPlatform {
  kind: 'wecom' | 'dingtalk' | 'feishu';
  /** The documented per-robot rate limit. */
  windows: readonly RobotRateWindow[];
  /** Builds the POST (URL with any signature, JSON body) for `message` at wall-clock `nowMs`. */
  request(input: { url: string; secret?: string; message: OutgoingMessage; nowMs: number }): {
    url: string;
    body: string;
  };
  /** Reads the HTTP status and JSON answer. */
  classify(status: number, json: unknown, headers: Record<string, string | undefined>): RobotVerdict;
}
