import { DateTime, IANAZone } from 'luxon';
// The package's own data, date strings as published. Its functions are not used: they build
// their tables with host-zone date math, which shifts every day by one west of UTC (seen with
// TZ=America/Los_Angeles: 2026-01-03, a holiday, came out as a working day).
import { lazyRequire } from '../lazyRequire.ts';
import { dateOfEpochDay, epochDay, weekdayOfEpochDay } from './epochDays.ts';
import type { HolidayYear } from './types.ts';

/**
 * China's official working-day calendar (DESIGN.md, "working day"): weekdays, minus public
 * holidays, plus make-up working days (调休上班). Data comes from the `chinese-days` package
 * (State Council notices, 2004 onward) merged with `holidays` from `config/pprd.yaml`.
 *
 * Every date is a calendar date `YYYY-MM-DD` in the configured zone. Nothing here reads the host
 * time zone.
 */
export interface Calendar {
  /** IANA zone the dates are in (default `Asia/Shanghai`). */
  readonly zone: string;
  /**
   * Identifies the calendar's data (zone and config holiday years): two calendars with the same
   * `id` answer every question alike, so results computed on one may be reused for the other.
   */
  readonly id: string;
  /** True when `date` (`YYYY-MM-DD`) is a working day. @throws RangeError for a malformed date. */
  isWorkingDay(date: string): boolean;
  /** The latest working day strictly before `date`. */
  previousWorkingDay(date: string): string;
  /** `date` itself when it is a working day, else the latest working day before it (the rule for moving a reminder). */
  workingDayOnOrBefore(date: string): string;
  /**
   * The `n`-th working day after `date` (n > 0) or before it (n < 0), not counting `date`
   * itself; `n = 0` returns `date` unchanged.
   */
  addWorkingDays(date: string, n: number): string;
  /**
   * True when neither the package nor config has holiday data for `year`: its working days are
   * Monday-Friday, and everything planned in it is marked provisional.
   */
  isProvisional(year: number): boolean;
  /**
   * The one rule of "provisional" for a date (issue 9 item 5): true when the date's OWN year has no
   * holiday data. A deadline is provisional by its due date, a reminder by its send date; a 12-31
   * deadline is not made provisional by overdue reminders in the next year. Every view reads the
   * planner's flags, which come from here. @param date `YYYY-MM-DD`.
   */
  isProvisionalDate(date: string): boolean;
  /** The local calendar date (`YYYY-MM-DD`) of an instant in the calendar's zone. */
  dateOf(instant: string | Date): string;
}

/** The package's data file, read on the first calendar question (issue 11: CLI start). */
const chineseDaysData = lazyRequire<{ holidays: Record<string, string>; workdays: Record<string, string> }>(
  'chinese-days/dist/chinese-days.json',
);
let packageData:
  | {
      holidays: Readonly<Record<string, string>>;
      workdays: Readonly<Record<string, string>>;
      years: ReadonlySet<number>;
    }
  | undefined;
/** Holidays, make-up working days and the years with any holiday (2004-2026 for chinese-days 1.5.7). */
function packageDays(): NonNullable<typeof packageData> {
  if (!packageData) {
    const { holidays, workdays } = chineseDaysData();
    packageData = { holidays, workdays, years: new Set(Object.keys(holidays).map((d) => Number(d.slice(0, 4)))) };
  }
  return packageData;
}

/** Facts about a calendar date that never change; memoized per process (pure). */
interface DayFacts {
  /** Working day by the package data alone (Monday-Friday where it has none). */
  packageWorking: boolean;
  prev: string;
  next: string;
}
const DAY_FACTS = new Map<string, DayFacts>();
/** Zones already checked (luxon builds an Intl formatter for each check). */
/**
 * Public holidays fixed on the solar calendar by 《全国年节及纪念日放假办法》 (State Council, as revised
 * in 2024, in force from 2025): 元旦 1 January, 劳动节 1-2 May, 国庆节 1-3 October. A year with no
 * published arrangement (provisional) is planned Monday-Friday minus these days; the lunar holidays
 * and the make-up working days (调休) are only known once the year's arrangement is published.
 */
const FIXED_STATUTORY_HOLIDAYS: ReadonlySet<string> = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);

const VALID_ZONES = new Set<string>();

function dayFacts(date: string): DayFacts {
  let f = DAY_FACTS.get(date);
  if (!f) {
    // Integer day arithmetic (epoch days), not luxon: a plan touches each date of its span once.
    const n = epochDay(date);
    const pkg = packageDays();
    f = {
      packageWorking:
        pkg.workdays[date] !== undefined ||
        (weekdayOfEpochDay(n) <= 5 &&
          pkg.holidays[date] === undefined &&
          !(!pkg.years.has(Number(date.slice(0, 4))) && FIXED_STATUTORY_HOLIDAYS.has(date.slice(5)))),
      prev: dateOfEpochDay(n - 1),
      next: dateOfEpochDay(n + 1),
    };
    DAY_FACTS.set(date, f);
  }
  return f;
}

/**
 * The one rule of "provisional years" (DESIGN.md, Time: years the holiday data does not cover are
 * flagged provisional everywhere they show; README, config `holidays`): a year is provisional for a view
 * when a date the view shows or plans falls in it (a due date, a send date) and the calendar has no
 * holiday data for it (neither the built-in data, 2004-2026, nor a `holidays` entry of config).
 * Every view that names provisional years reads this: the planner's `Plan.provisionalYears` (every
 * date it plans), `pprd preview` (the dates of its rows), and `pprd status`, `pprd deadlines` and
 * `pprd config check` through the plan.
 * @param dates `YYYY-MM-DD` dates, any order, repeats allowed.
 * @returns the provisional years among them, ascending, each once.
 */
export function provisionalYearsOf(calendar: Pick<Calendar, 'isProvisional'>, dates: Iterable<string>): number[] {
  const years = new Set<number>();
  for (const d of dates) years.add(Number(d.slice(0, 4)));
  return [...years].filter((y) => calendar.isProvisional(y)).sort((a, b) => a - b);
}

/**
 * Builds the working-day calendar.
 *
 * @param holidayYears extra data from `config/pprd.yaml` `holidays`: for each listed year, its
 *   `holidays` are days off and its `workdays` are working days, overriding the package on those
 *   dates (the package's other dates of that year stay). A year listed here is not provisional.
 * @param zone IANA zone of the dates (default `Asia/Shanghai`); used by `dateOf`.
 * @throws RangeError when `zone` is not a valid IANA zone or a config date is malformed.
 */
export function createCalendar(holidayYears: readonly HolidayYear[] = [], zone = 'Asia/Shanghai'): Calendar {
  if (!VALID_ZONES.has(zone)) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone "${zone}"`);
    VALID_ZONES.add(zone);
  }
  const overrides = new Map<string, boolean>();
  const configYears = new Set<number>();
  for (const y of holidayYears) {
    configYears.add(y.year);
    for (const d of y.holidays) overrides.set(dateOfEpochDay(epochDay(d)), false);
    for (const d of y.workdays) overrides.set(dateOfEpochDay(epochDay(d)), true);
  }
  const cache = new Map<string, boolean>();

  const isWorkingDay = (date: string): boolean => {
    const hit = cache.get(date);
    if (hit !== undefined) return hit;
    const f = dayFacts(date);
    const w = overrides.get(date) ?? f.packageWorking;
    cache.set(date, w);
    return w;
  };

  const step = (date: string, days: 1 | -1): string => (days > 0 ? dayFacts(date).next : dayFacts(date).prev);

  const previousWorkingDay = (date: string): string => {
    let d = step(date, -1);
    // A run of days off in China is at most ~10 (Spring Festival); 60 guards against bad config data.
    for (let i = 0; i < 60 && !isWorkingDay(d); i++) d = step(d, -1);
    if (!isWorkingDay(d)) throw new RangeError(`no working day in the 60 days before ${date}: check config holidays`);
    return d;
  };

  const addWorkingDays = (date: string, n: number): string => {
    let d = date;
    const dir = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    let guard = 0;
    while (left > 0) {
      d = step(d, dir);
      if (isWorkingDay(d)) left--;
      if (++guard > Math.abs(n) * 10 + 60)
        throw new RangeError(`too few working days around ${date}: check config holidays`);
    }
    return d;
  };

  const packageYears = packageDays().years;
  const isProvisional = (year: number) => !configYears.has(year) && !packageYears.has(year);
  const id = JSON.stringify([
    zone,
    [...overrides].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    [...configYears].sort((a, b) => a - b),
  ]);

  return {
    zone,
    id,
    isWorkingDay,
    previousWorkingDay,
    workingDayOnOrBefore: (date) => (isWorkingDay(date) ? date : previousWorkingDay(date)),
    addWorkingDays,
    isProvisional,
    isProvisionalDate: (date) => isProvisional(Number(date.slice(0, 4))),
    dateOf: (instant) => {
      const dt =
        typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
      if (!dt.isValid) throw new RangeError(`invalid instant "${String(instant)}", expected ISO-8601 with offset`);
      return dt.setZone(zone).toISODate()!;
    },
  };
}

/** First and last years the `chinese-days` package has data for, read from its data (2004-2026 for 1.5.7). */
export function packageCoverage(): { first: number; last: number } | null {
  const { years } = packageDays();
  if (!years.size) return null;
  return { first: Math.min(...years), last: Math.max(...years) };
}
