import { DateTime } from 'luxon';
import { lazyRequire } from '../lazyRequire.ts';
import { dateOfEpochDay, daysInMonth, epochDay, localInstant, weekdayOfEpochDay } from '../schedule/index.ts';

/**
 * The latest minute in `(after, upTo]` at which a 5-field cron expression matches in `zone`, or null.
 *
 * node-cron parses the expression (`parse`; the same grammar the service's timer uses); matching is done
 * here with luxon so that it can look backwards from any instant (node-cron only looks forward from the
 * real clock). Standard cron rules: minute, hour and month must match; when both day-of-month and
 * day-of-week are restricted, either may match (Vixie cron); `L` in day-of-month is the month's last day.
 * Days are walked backwards (a catch-up window of days costs days × matching hours × minutes).
 * Daylight saving (issue 9 item 7): a time in a spring-forward gap matches once, at the first valid
 * instant after it; a time in a repeated fall-back hour matches once, at the first of the two.
 *
 * @param after exclusive lower bound (ms since epoch, UTC).
 * @param upTo inclusive upper bound (ms since epoch, UTC).
 * @throws Error from node-cron for an invalid expression (config validation rejects those first).
 */
export function latestCronMatch(expression: string, zone: string, after: number, upTo: number): DateTime | null {
  const { minutes, hours, months, domAll, dowAll, domNums, domLast, dowNums } = parsed(expression);

  // Days walked as epoch days (integer arithmetic, issue 11): luxon only for the two bounds and a match.
  const dayMatches = (year: number, month: number, day: number, weekday: number): boolean => {
    if (!months.has(month)) return false;
    const dom = domNums.has(day) || (domLast && day === daysInMonth(year, month));
    const dow = dowNums.has(weekday % 7);
    if (domAll && dowAll) return true;
    if (domAll) return dow;
    if (dowAll) return dom;
    return dom || dow;
  };

  const startDay = epochDay(DateTime.fromMillis(after, { zone }).toISODate()!);
  for (let n = epochDay(DateTime.fromMillis(upTo, { zone }).toISODate()!); n >= startDay; n--) {
    const date = dateOfEpochDay(n);
    if (
      !dayMatches(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)), weekdayOfEpochDay(n))
    )
      continue;
    for (const h of hours) {
      for (const m of minutes) {
        // The planner's rule for a wall time (localInstant): in a spring-forward gap the first valid
        // instant after it, in a repeated fall-back hour the first of the two; never the host's date or zone.
        const at = localInstant(date, `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, zone).instant;
        const ms = at.toMillis();
        if (ms <= upTo && ms > after) return at;
      }
    }
  }
  return null;
}

/** A cron expression's fields as `latestCronMatch` reads them. */
interface ParsedCron {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  domAll: boolean;
  dowAll: boolean;
  domNums: Set<number>;
  domLast: boolean;
  dowNums: Set<number>;
}

/** node-cron's CommonJS build, loaded on first use (issue 11: CLI start), the one copy every reader shares. */
const nodeCron = lazyRequire<typeof import('node-cron')>('node-cron');

/** Parsed expressions, by text: every tick asks again for the same few digests' schedules. */
const PARSED = new Map<string, ParsedCron>();
function parsed(expression: string): ParsedCron {
  let p = PARSED.get(expression);
  if (!p) {
    const f = nodeCron().parse(expression);
    p = {
      minutes: [...f.minute].sort((a, b) => b - a),
      hours: [...f.hour].sort((a, b) => b - a),
      months: new Set(f.month),
      domAll: f.dayOfMonth.length >= 31,
      dowAll: f.dayOfWeek.length >= 7,
      domNums: new Set(f.dayOfMonth.filter((d): d is number => typeof d === 'number')),
      domLast: f.dayOfMonth.includes('L'),
      dowNums: new Set(f.dayOfWeek.filter((d): d is number => typeof d === 'number').map((d) => d % 7)),
    };
    if (PARSED.size > 100) PARSED.clear();
    PARSED.set(expression, p);
  }
  return p;
}
