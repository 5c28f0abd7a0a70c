/**
 * Calendar-date arithmetic on integers for the planner's hot loops (issue 11: no luxon or ISO parsing
 * per reminder). An epoch day is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it); dates are `YYYY-MM-DD` strings with no zone (a calendar date, not an
 * instant). Luxon stays at the edges (config, instants with zones, formatting).
 *
 * Algorithm: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil,
 * civil_from_days), exact for every year 0-9999.
 */

/** Days in `month` (1-12) of `year` (Gregorian leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch day of (year, month 1-12, day 1-31); no range check. */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Epoch day of a calendar date `YYYY-MM-DD` (`2024-10-08` → 20004).
 * @throws RangeError naming the value when it is not a real date in that form (`2024-02-30`, `2024-1-5`).
 */
export function epochDay(date: string): number {
  // Read digit by digit (no regex match array, no substrings: this runs for every line of every digest).
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y = digits(date, 0, 4);
    const mo = digits(date, 5, 7);
    const d = digits(date, 8, 10);
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return epochDayOf(y, mo, d);
  }
  throw new RangeError(`invalid calendar date "${date}", expected YYYY-MM-DD`);
}

/** The decimal number written by `s[from..to)`, or -1 when a character there is not an ASCII digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The calendar date `YYYY-MM-DD` of an epoch day (20004 → `2024-10-08`); years 0-9999. */
export function dateOfEpochDay(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday of an epoch day: 1 Monday … 7 Sunday (1970-01-01, epoch day 0, was a Thursday: 4). */
export function weekdayOfEpochDay(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** `date` plus `days` calendar days (negative: before), `YYYY-MM-DD`. @throws RangeError for a malformed date. */
export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

/** Calendar days from `a` to `b` (`YYYY-MM-DD`): positive when `b` is later. @throws RangeError for a malformed date. */
export function daysBetweenDates(a: string, b: string): number {
  return epochDay(b) - epochDay(a);
}

/**
 * ISO-8601 instants with an explicit offset in the one form ECMAScript's `Date.parse` reads exactly
 * (`2024-11-29T09:00:00.000+08:00`, `…Z`, seconds and fraction optional); anything else goes to luxon.
 */
const STRICT_INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Milliseconds since the epoch of an ISO-8601 instant with an offset, or NaN when it is not one. The
 * common form (what the planner and the store write) is read by `Date.parse`, which is exact for it and
 * does not read the host zone because the offset is explicit; other ISO forms (`20240101T…`, `+0800`)
 * are left to the caller's slower parser (NaN here).
 */
export function strictInstantMs(iso: string): number {
  const m = STRICT_INSTANT_RE.exec(iso);
  if (!m) return Number.NaN;
  // Date.parse rolls 2024-02-30 over to March 1st; a date that does not exist is not an instant.
  const month = Number(m[2]);
  if (month < 1 || month > 12 || Number(m[3]) < 1 || Number(m[3]) > daysInMonth(Number(m[1]), month)) return Number.NaN;
  return Date.parse(iso);
}
