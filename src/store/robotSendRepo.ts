import { type Db, writeTransaction } from './openStore.ts';

/** A rate-limit window: at most `max` messages in any `ms` milliseconds. */
export interface RateWindow {
  max: number;
  ms: number;
}

/** Result of {@link RobotSendRepo.reserve}: a slot taken, or the earliest instant one is free. */
export type Reservation = { ok: true } | { ok: false; freeAtMs: number };

/** The per-robot send log behind group robots' rate limits (table `robot_sends`, migration 005). */
export interface RobotSendRepo {
  /**
   * Takes a send slot for `robot` at `nowMs` when every window allows one more message, in one
   * `BEGIN IMMEDIATE` transaction (two processes cannot both take the last slot); otherwise takes
   * nothing and returns the earliest instant (ms) at which every window has room again.
   */
  reserve(robot: string, nowMs: number, windows: readonly RateWindow[]): Reservation;
  /** Send instants (ms) recorded for `robot`, oldest first (tests, status). */
  sends(robot: string): number[];
}

/** Creates the repository over `db`. */
export function createRobotSendRepo(db: Db): RobotSendRepo {
  const since = db.prepare('SELECT sent_at FROM robot_sends WHERE robot = ? AND sent_at > ? ORDER BY sent_at');
  const insert = db.prepare('INSERT INTO robot_sends (robot, sent_at) VALUES (?, ?)');
  const prune = db.prepare('DELETE FROM robot_sends WHERE robot = ? AND sent_at <= ?');
  const all = db.prepare('SELECT sent_at FROM robot_sends WHERE robot = ? ORDER BY sent_at');
  return {
    reserve(robot, nowMs, windows) {
      const longest = Math.max(...windows.map((w) => w.ms));
      return writeTransaction(db, (): Reservation => {
        prune.run(robot, nowMs - longest);
        const recent = (since.all(robot, nowMs - longest) as { sent_at: number }[]).map((r) => r.sent_at);
        let freeAtMs = nowMs;
        for (const w of windows) {
          const inWindow = recent.filter((t) => t > nowMs - w.ms);
          // The window has room again once its oldest send that keeps it full has left it.
          if (inWindow.length >= w.max) freeAtMs = Math.max(freeAtMs, inWindow[inWindow.length - w.max] + w.ms);
        }
        if (freeAtMs > nowMs) return { ok: false, freeAtMs };
        insert.run(robot, nowMs);
        return { ok: true };
      });
    },
    sends(robot) {
      return (all.all(robot) as { sent_at: number }[]).map((r) => r.sent_at);
    },
  };
}
