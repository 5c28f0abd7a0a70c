import { DateTime } from 'luxon';
import cron from 'node-cron';
import { localInstant } from '../schedule/index.ts';

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
  const f = cron.parse(expression);
  const minutes = [...f.minute].sort((a, b) => b - a);
  const hours = [...f.hour].sort((a, b) => b - a);
  const months = new Set(f.month);
  const domAll = f.dayOfMonth.length >= 31;
  const dowAll = f.dayOfWeek.length >= 7;
  const domNums = new Set(f.dayOfMonth.filter((d): d is number => typeof d === 'number'));
  const domLast = f.dayOfMonth.includes('L');
  const dowNums = new Set(f.dayOfWeek.filter((d): d is number => typeof d === 'number').map((d) => d % 7));

  const dayMatches = (d: DateTime): boolean => {
    if (!months.has(d.month)) return false;
    const dom = domNums.has(d.day) || (domLast && d.day === d.daysInMonth);
    const dow = dowNums.has(d.weekday % 7);
    if (domAll && dowAll) return true;
    if (domAll) return dow;
    if (dowAll) return dom;
    return dom || dow;
  };

  const end = DateTime.fromMillis(upTo, { zone });
  const startDay = DateTime.fromMillis(after, { zone }).startOf('day');
  for (let day = end.startOf('day'); day >= startDay; day = day.minus({ days: 1 })) {
    if (!dayMatches(day)) continue;
    const date = day.toISODate()!;
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
