import { DateTime } from 'luxon';
import { daysBetweenDates } from '../schedule/index.ts';

/** Message language (contacts.yaml `language`). */
export type Lang = 'zh-CN' | 'en';

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later (integer epoch days). */
export function daysBetween(from: string, to: string): number {
  return daysBetweenDates(from, to);
}

/** `localDate` answers by zone and instant: digests read the same submission instants on every build. */
const LOCAL_DATES = new Map<string, Map<string, string>>();

/** Local calendar date `YYYY-MM-DD` of an ISO instant in `zone` (luxon, memoized per zone). */
export function localDate(instant: string, zone: string): string {
  let byInstant = LOCAL_DATES.get(zone);
  if (!byInstant) {
    byInstant = new Map();
    LOCAL_DATES.set(zone, byInstant);
  }
  let d = byInstant.get(instant);
  if (d === undefined) {
    d = DateTime.fromISO(instant, { setZone: true }).setZone(zone).toISODate()!;
    if (byInstant.size > 20_000) byInstant.clear();
    byInstant.set(instant, d);
  }
  return d;
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
