import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { DateInputError } from '../errors.ts';
import { strictInstantMs } from './epochDays.ts';
import { calendarProblem, DATE_FORM, DATE_RE, dateProblem, INSTANT_FORMS, MONTHS } from './inputForms.ts';

export { DATE_FORM, DateInputError, dateProblem, INSTANT_FORMS, MONTHS };

/**
 * The catalogued error of a date or instant that is not one of the accepted forms, or not on the calendar
 * (2024-02-30): `BAD_DATE` or `BAD_INSTANT`, exit 2, the message naming the field, the value, the reason and
 * the accepted forms.
 */
function refuseInput(code: 'BAD_INSTANT' | 'BAD_DATE', field: string, value: string, reason: string): DateInputError {
  const forms = code === 'BAD_DATE' ? DATE_FORM : INSTANT_FORMS;
  return new DateInputError(
    code,
    field,
    value,
    reason,
    `${field} "${value}" is not ${code === 'BAD_DATE' ? 'a date' : 'a date or instant'}: ${reason} — fix: write ${forms}`,
  );
}

// Exactly the documented forms: no week dates, ordinals, fractions, basic format, `24:00` or bare hours.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:\d{2})?$/;
/**
 * Reads a calendar date `YYYY-MM-DD` (CLI `--from`, `--to`).
 * @returns `value` unchanged.
 * @throws DateInputError `BAD_DATE` (exit 2) naming `field`, the reason and the accepted form.
 */
export function parseDate(value: string, field: string): string {
  const problem = dateProblem(value);
  if (problem) throw refuseInput('BAD_DATE', field, value, problem);
  return value;
}

/**
 * The instant of a local wall time in an IANA zone, the same on any host (no host zone, no host date):
 * - a wall time that exists once is that instant;
 * - in the repeated hour of a fall-back change, the FIRST of the two instants (the earlier offset);
 * - in the gap of a spring-forward change, the first valid instant after it (the change itself:
 *   02:30 on 2024-03-10 in America/New_York is 03:00 EDT).
 * The rule of every scheduled time: reminders' `sendAt`, digest cron times, typed instants.
 *
 * @param date `YYYY-MM-DD`; @param time `HH:mm` or `HH:mm:ss`; @param zone IANA name.
 * @returns the instant in `zone`, and `gap: true` when the wall time does not exist there.
 * @throws RangeError on a malformed date, time or zone.
 */
export function localInstant(date: string, time: string, zone: string): { instant: DateTime; gap: boolean } {
  const d = DATE_RE.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  const z = IANAZone.create(zone);
  if (!d || !t || !z.isValid) throw new RangeError(`invalid local time ${date} ${time} in ${zone}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  // At most one change per day: the offsets a day before and after bound the candidates.
  const before = z.offset(wall - 86_400_000);
  const after = z.offset(wall + 86_400_000);
  const valid = [before, after].map((o) => wall - o * 60_000).filter((ms) => z.offset(ms) * 60_000 === wall - ms);
  if (valid.length) return { instant: DateTime.fromMillis(Math.min(...valid), { zone }), gap: false };
  // In the gap: the change lies between the two readings; find its first minute by bisection.
  // Minute-aligned bounds (zone changes happen on whole minutes), a few hours wide of any gap.
  let lo = Math.floor((wall - before * 60_000) / 60_000) * 60_000 - 3 * 3_600_000;
  let hi = Math.ceil((wall - after * 60_000) / 60_000) * 60_000 + 3 * 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (z.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return { instant: DateTime.fromMillis(hi, { zone }), gap: true };
}

/**
 * Why `value` is not an accepted instant in `zone`, or undefined with its instant.
 * See {@link parseInstant} for the forms.
 */
export function instantProblem(value: string, zone: string): { problem: string } | { instant: DateTime } {
  const m = INSTANT_RE.exec(value);
  if (!m) return { problem: 'not one of the accepted forms' };
  const [, y, mo, d, hh = '00', mm = '00', ss = '00', offset] = m;
  const cal = calendarProblem(Number(y), Number(mo), Number(d));
  if (cal) return { problem: cal };
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)
    return { problem: `${hh}:${mm}:${ss} is not a time of day (00:00:00 to 23:59:59)` };
  if (offset && offset !== 'Z') {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 14 || om > 59 || (oh === 14 && om > 0))
      return { problem: `${offset} is not a UTC offset (-12:00 to +14:00)` };
  }
  if (offset) {
    const minutes =
      offset === 'Z'
        ? 0
        : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    const dt = DateTime.fromObject(
      { year: Number(y), month: Number(mo), day: Number(d), hour: Number(hh), minute: Number(mm), second: Number(ss) },
      { zone: FixedOffsetZone.instance(minutes) },
    );
    return { instant: dt.setZone(zone) };
  }
  const { instant, gap } = localInstant(`${y}-${mo}-${d}`, `${hh}:${mm}:${ss}`, zone);
  if (gap)
    return {
      problem: `${y}-${mo}-${d} ${hh}:${mm} does not exist in ${zone} (the clocks skip it); write the instant with its offset`,
    };
  return { instant };
}

/**
 * The one reader of every instant a person types (CLI `--now`, `--at`; `PPRD_NOW` for the CLI and
 * the service). Accepted forms ({@link INSTANT_FORMS}): `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm`,
 * `YYYY-MM-DDTHH:mm:ss`, each optionally with `Z` or `±HH:MM`; the date must be on the calendar
 * (2024-02-30 is refused, not rolled over). Without an offset it is local time in `zone` (a date alone
 * is its midnight), never the host's zone or UTC; a local time in a fall-back hour is the first of
 * the two, one in a spring-forward gap is refused. Pure.
 *
 * @param field where the value came from, named in the error (`--at`, `PPRD_NOW`).
 * @param zone the configured IANA `timezone`.
 * @returns ISO-8601 with milliseconds and `zone`'s offset, e.g. `2024-12-01T09:00:00.000+08:00`.
 * @throws DateInputError `BAD_INSTANT` (exit 2) naming `field`, the reason and the accepted forms.
 */
export function parseInstant(value: string, field: string, zone: string): string {
  const r = instantProblem(value, zone);
  if ('problem' in r) throw refuseInput('BAD_INSTANT', field, value, r.problem);
  return r.instant.toISO()!;
}

/**
 * Milliseconds since the epoch of an ISO-8601 instant with an offset (records, delivery rows), NaN when it
 * is not one. The form the store writes (`2024-11-29T09:00:00.000+08:00`) is read by `Date.parse`
 * (`strictInstantMs`), other ISO forms by luxon: the planner reads thousands of them per plan (issue 11).
 */
export function instantMillis(iso: string): number {
  const fast = strictInstantMs(iso);
  return Number.isNaN(fast) ? DateTime.fromISO(iso, { setZone: true }).toMillis() : fast;
}
