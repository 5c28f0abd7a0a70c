import { daysInMonth } from './epochDays.ts';

// The typed forms of dates and instants and the check of a calendar date, with no date library: the CLI's
// help text and option checks read them at every start (src/cli/register), parseInstant.ts uses them to read.

/**
 * The forms of an instant the product accepts, everywhere one is typed: CLI `--now` and `--at`,
 * `PPRD_NOW` (CLI and service). Listed in README "CLI" and `pprd --help`.
 */
export const INSTANT_FORMS =
  'YYYY-MM-DD, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, each optionally followed by Z or ±HH:MM (e.g. 2024-12-20, 2024-12-20T09:00, 2024-12-20T09:00:00+08:00); without an offset it is local time in the configured timezone';

/** The one form of a calendar date (CLI `--from`, `--to`; config `holidays`, `workdays`). */
export const DATE_FORM = 'YYYY-MM-DD (e.g. 2024-12-31), a date of the calendar';

/** A calendar date as typed: `YYYY-MM-DD`. */
export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** English month names, January first (for error messages). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Why year-month-day is not on the calendar, or undefined when it is. */
export function calendarProblem(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `there is no month ${String(m).padStart(2, '0')}`;
  const days = daysInMonth(y, m);
  if (d < 1 || d > days) return `${MONTHS[m - 1]} ${y} has ${days} days`;
  return undefined;
}

/**
 * Why `value` is not a calendar date `YYYY-MM-DD`, or undefined when it is one (config validation
 * reports it as a problem; {@link parseDate} throws it).
 */
export function dateProblem(value: string): string | undefined {
  const m = DATE_RE.exec(value);
  if (!m) return 'not of the form YYYY-MM-DD';
  return calendarProblem(Number(m[1]), Number(m[2]), Number(m[3]));
}
