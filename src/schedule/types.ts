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

// ---- the cycle glossary: what the planner reads of config/pprd.yaml (validated by src/config)

/** `MM-DD` list (e.g. `["06-30","12-31"]`), or a monthly / quarterly rule. */
export type DueRule =
  | { dates: string[] }
  /** Every month (`month`) or at the end of each quarter's last month (`quarter`), on `day` (1-31, or `last`). */
  | { every: 'month' | 'quarter'; day: number | 'last' };

/** Which agencies owe a cycle's report. */
export type AgencySelector =
  /** Every non-group agency of the catalog. */
  | { all: true }
  /** The leads of the listed task ids (e.g. `["7","G1"]`). */
  | { leadsOf: string[] }
  /** Named agencies (canonical, full or alias names, resolved to canonical). */
  | { names: string[] };

/** A recurring reporting duty. Defaults documented in the YAML schema (src/config/pprd.ts). */
export interface CycleConfig {
  id: string;
  name: string;
  /** The clause of the document it comes from, e.g. `三(一)`. */
  source: string;
  /** Null when the text gives no date: the cycle shows as "no schedule set". */
  due: DueRule | null;
  agencies: AgencySelector;
  /** To whom the report goes, e.g. `省泛珠办`. */
  submitTo: string;
  /** Days before the due date to remind (calendar days; 0 = on the due date). Default [30,14,7,3,1,0]. */
  reminders: number[];
  /**
   * Working days before the due date to remind (written `3wd` or `-3wd` in `reminders`; issue 14 item 3).
   * Absent or empty = none.
   */
  reminderWorkingDays?: number[];
  /**
   * A due date on a day off: `keep` it (default; the first overdue reminder is the next working day), or
   * move it to the `next-working-day` (issue 14 item 3). The occurrence records the rule and the stated date.
   */
  dueOnDayOff?: 'keep' | 'next-working-day';
  /** Working days after the due date to remind again. Default [1,3,5]. */
  overdue: number[];
  /** Working days overdue before coordinators are told. Default 5. */
  escalateAfter: number;
  /**
   * First period to track (e.g. `2026H2` for a deployment in the second half of 2026): earlier periods
   * are not planned at all (issue 14 item 4).
   */
  start: string;
  /** Last period label, or null for open-ended. */
  end: string | null;
}

/** Progress requests for the 2020 targets. */
export interface TargetsConfig {
  /** Yearly due date `MM-DD` on which responsible agencies report progress. Default `12-31`. */
  progressDue: string;
  /** First year of progress requests (issue 14 item 4); absent = the year the document was issued. */
  start?: number;
  reminders: number[];
  overdue: number[];
  escalateAfter: number;
}

/** Extra calendar data for a year the holiday package lacks. */
export interface HolidayYear {
  year: number;
  /** Public holidays `YYYY-MM-DD` (days off even if weekdays). */
  holidays: string[];
  /** Make-up working days `YYYY-MM-DD` (调休上班, working even if weekend). */
  workdays: string[];
}

/** A digest: who gets it and when. */
export interface DigestConfig {
  id: string;
  /** `coordinators` (weekly board) or `agency` (each agency its own). */
  audience: 'coordinators' | 'agency';
  /** 5-field cron expression in the configured time zone, e.g. `0 9 * * 1`. */
  schedule: string;
}

export interface DeliveryConfig {
  /** Only a missed reminder due within this many days is caught up after downtime. Default 3. */
  catchUpDays: number;
  /** Give up retrying a temporary failure after this many hours. Default 48. */
  giveUpAfterHours: number;
  /** First retry delay in minutes; doubles each attempt. Default 2. */
  retryBaseMinutes: number;
  /**
   * One message per recipient, channel and day listing everything due for them that day (reminders,
   * escalations, digests; the subject names the most urgent), each item still recorded and sent
   * exactly once on its own row (issue 14 item 2). False: one message per reminder or digest. Default true.
   */
  bundle: boolean;
}
