import { DateTime } from 'luxon';

/** Message language (contacts.yaml `language`). */
export type Lang = 'zh-CN' | 'en';

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** Days since 1970-01-01 of a calendar date (luxon, UTC), memoized: digests compare the same few dates thousands of times. */
const epochDays = new Map<string, number>();
function epochDay(date: string): number {
  let d = epochDays.get(date);
  if (d === undefined) {
    d = Math.round(DateTime.fromISO(date, { zone: 'UTC' }).toMillis() / 86_400_000);
    if (epochDays.size > 20_000) epochDays.clear();
    epochDays.set(date, d);
  }
  return d;
}

/** Local calendar date `YYYY-MM-DD` of an ISO instant in `zone`. */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { setZone: true }).setZone(zone).toISODate()!;
}

/** Quotes a shell argument when needed (for the `pprd submit …` line a contact may copy). */
export function shellArg(s: string): string {
  return /^[\w./:@+=,-]+$/u.test(s) || /^[\p{L}\p{N}\w./:@+=,-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Who reports go to when neither the cycle nor the message says: 省泛珠办, the office every locality
 * and department reports to (粤府〔2017〕8号 三(一)); target progress requests have no cycle of their own.
 */
export const DEFAULT_SUBMIT_TO = '省泛珠办';
