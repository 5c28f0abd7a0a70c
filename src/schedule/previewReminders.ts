import { DateTime } from 'luxon';
import { provisionalYearsOf } from './calendar.ts';
import { type PlanInput, planSchedule } from './planSchedule.ts';
import type { Reminder } from './types.ts';

/** One planned reminder as `pprd preview` lists it (and `pprd preview --json` prints it, issue 3). */
export interface PreviewRow {
  date: string;
  time: string;
  agency: string;
  cycle: string;
  period: string;
  due: string;
  kind: Reminder['kind'];
  /** Calendar days before due (negative working days after, for overdue and escalation), as `Reminder.offset`. */
  offset: number;
  /** A `before` reminder set in working days (`3wd`): that count, as configured (`offsetLabel`). */
  workingDays?: number;
  provisional: boolean;
}

/**
 * Reminders whose send date lies in `[from, to]` (`YYYY-MM-DD`, local), in send order. Pure. Occurrences
 * are planned with due dates from before `from` (twice the longest overdue/escalation offset in working
 * days, plus 30 days: overdue reminders of earlier rounds) to the longest `before` offset plus 20 days
 * after `to` (a reminder moved back over a holiday run).
 * @returns the rows and the provisional years (`provisionalYearsOf`) of the send and due dates they show.
 */
export function previewReminders(input: Omit<PlanInput, 'from' | 'to'> & { from: string; to: string }): {
  rows: PreviewRow[];
  provisionalYears: number[];
} {
  const settings = [...input.config.cycles, input.config.targets];
  // Working days before (`3wd`) as calendar days: at most twice as many.
  const maxBefore = Math.max(
    0,
    ...settings.flatMap((c) => [
      ...c.reminders,
      ...('reminderWorkingDays' in c ? (c.reminderWorkingDays ?? []).map((n) => n * 2) : []),
    ]),
  );
  // Working days after due, as calendar days: at most twice as many, plus a Spring Festival.
  const maxAfter = Math.max(...settings.flatMap((c) => [...c.overdue, c.escalateAfter])) * 2 + 30;
  const fromDt = DateTime.fromISO(input.from, { zone: 'utc' });
  const toDt = DateTime.fromISO(input.to, { zone: 'utc' });
  // A reminder moved back over a holiday run (up to ~10 days at Spring Festival) comes from a later due date: 20 days of margin.
  const p = planSchedule({
    ...input,
    from: fromDt.minus({ days: maxAfter }).toISODate()!,
    to: toDt.plus({ days: maxBefore + 20 }).toISODate()!,
  });
  const rows = p.reminders
    .filter((r) => r.date >= input.from && r.date <= input.to)
    .map((r) => ({
      date: r.date,
      time: r.time,
      agency: r.agency,
      cycle: r.cycle,
      period: r.period,
      due: r.due,
      kind: r.kind,
      offset: r.offset,
      ...(r.workingDays === undefined ? {} : { workingDays: r.workingDays }),
      provisional: r.provisional,
    }));
  return {
    rows,
    provisionalYears: provisionalYearsOf(
      input.calendar,
      rows.flatMap((r) => [r.date, r.due]),
    ),
  };
}
