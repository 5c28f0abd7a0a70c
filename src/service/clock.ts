import { DateTime } from 'luxon';
import { parseInstant } from '../schedule/index.ts';

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
 * A clock that starts at `PPRD_NOW` and runs on in real time from there (demos, tests).
 * The value is read by the one strict reader (`parseInstant`, src/schedule/parseInstant.ts): the
 * documented forms only, calendar-valid, local time in `zone` (the configured `timezone`) when it has
 * no offset, as the CLI reads it.
 * @param value e.g. `2020-06-23T08:59:50+08:00` or `2020-06-23T08:59:50` (Shanghai time in Asia/Shanghai).
 * @param zone IANA zone of the config.
 * @param base the real clock it follows (default the host's).
 * @throws DateInputError (exit 2) naming `PPRD_NOW`, the reason and the accepted forms.
 */
export function createOffsetClock(value: string, zone: string, base: Clock = systemClock): Clock {
  const start = DateTime.fromISO(parseInstant(value, 'PPRD_NOW', zone)).toMillis();
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
