/**
 * Planner output. Dates are calendar dates `YYYY-MM-DD` in the configured zone (Asia/Shanghai);
 * instants are ISO-8601 strings with offset.
 */

/** Reminder kinds (DESIGN.md): before the due date, on it, after it, and to coordinators. */
export type ReminderKind = 'before' | 'due' | 'overdue' | 'escalation';

/**
 * State of an occurrence at `now`. `before-deployment`: a round earlier than the deployment
 * (`pprd history --until`), neither submitted nor overdue, never reminded (issue 14 item 4).
 */
export type OccurrenceState = 'open' | 'overdue' | 'submitted' | 'excused' | 'before-deployment';

/** (cycle, period, agency): one report one agency owes. */
export interface Occurrence {
  /** `${cycle}/${period}/${agency}`. */
  key: string;
  /** Cycle id; target progress requests use `target:${targetId}`. */
  cycle: string;
  /** `2026H1`, `2026H2`, `2026Q3`, `2026`, `2026-07`. */
  period: string;
  /** Canonical agency name. */
  agency: string;
  /** Due date after any extension, `YYYY-MM-DD`. */
  due: string;
  /** Due date before extensions (after `dueOnDayOff`). */
  originalDue: string;
  /**
   * The cycle's `dueOnDayOff: next-working-day` moved the period's stated date, a day off, to `originalDue`:
   * the stated date `YYYY-MM-DD` (e.g. `2024-10-03` → `2024-10-08`). Absent when not moved.
   */
  statedDue?: string;
  /** How many extensions (not undone) moved the due date: the calendar event's revision (`SEQUENCE`). Absent: 0. */
  revision?: number;
  state: OccurrenceState;
  /** ISO instant of the submission/excusal, when any. */
  closedAt?: string;
  /** Its due date (after extensions) is provisional: `calendar.isProvisionalDate(due)`, the one rule (issue 9 item 5). */
  provisional: boolean;
}

/** A planned message for an occurrence. */
export interface Reminder {
  /**
   * `${occurrence.key}/${kind}/${offset}`: unique per occurrence, kind and offset; for an extended
   * occurrence `…/${kind}/${offset}@${due}`, so the new due date's reminders are new reminders.
   */
  key: string;
  occurrenceKey: string;
  /** Send date `YYYY-MM-DD` (local). */
  date: string;
  /** Send time `HH:mm` (local). */
  time: string;
  /** Send instant, ISO with offset (e.g. `2024-11-29T09:00:00.000+08:00`). */
  at: string;
  agency: string;
  cycle: string;
  period: string;
  /** Due date of the occurrence, `YYYY-MM-DD`. */
  due: string;
  kind: ReminderKind;
  /** Days before due (calendar days) for before/due (0); negative working days for overdue/escalation. */
  offset: number;
  /** A `before` reminder set in working days (`3wd`): that count; its key ends `/before/3wd`. */
  workingDays?: number;
  /** Its own send date is provisional: `calendar.isProvisionalDate(date)`. */
  provisional: boolean;
  /** Its due date is provisional (the occurrence's `provisional`): what a message marks 暂定 next to the due date. */
  dueProvisional: boolean;
}
