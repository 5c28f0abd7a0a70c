/**
 * The service's clock: the only place the shell reads real time. Injected everywhere else.
 */
export interface Clock {
  /** Current instant, ms since the Unix epoch (UTC). */
  now(): number;
}

/** The host's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that starts at `startIso` and runs on in real time from there (`PPRD_NOW`, demos, tests).
 * @param startIso ISO-8601 instant with offset, e.g. `2020-06-23T08:59:50+08:00`.
 * @param base the real clock it follows (default the host's).
 * @throws Error naming `PPRD_NOW` when `startIso` is not a valid instant.
 */
export function createOffsetClock(startIso: string, base: Clock = systemClock): Clock {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) {
    throw Object.assign(new Error(`PPRD_NOW="${startIso}" is not an ISO-8601 instant; write it like 2020-06-23T08:59:50+08:00`), {
      exitCode: 2,
    });
  }
  const offset = start - base.now();
  return { now: () => base.now() + offset };
}

/** A clock for tests and simulation that moves only when told. */
export function createManualClock(startMs: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = startMs;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
