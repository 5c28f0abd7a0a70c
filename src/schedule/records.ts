/**
 * What coordinators record about occurrences and targets, as the planner reads it. The store
 * (src/store/scheduleRepo.ts) keeps these with who and when, and passes only records not undone.
 * Instants are ISO-8601 strings with offset; dates are `YYYY-MM-DD` in the configured zone.
 */

import type { ReminderKind } from './types.ts';

/** What every record about one occurrence names: the occurrence and who recorded it when. */
export interface OccurrenceRecord {
  cycle: string;
  period: string;
  /** Canonical agency name. */
  agency: string;
  /** Who recorded it (a coordinator, a Slack user, `cli`, the person of a web link). */
  by: string;
  /** When it was recorded (ISO instant). */
  recordedAt: string;
}

/** The record that an occurrence was submitted (DESIGN.md, "submission"). */
export interface SubmissionRecord extends OccurrenceRecord {
  /** When the report was submitted (ISO instant). */
  at: string;
  /** How it was recorded: `cli`, `slack`, `web` (the board or a reminder's link), `email`. Absent: not known. */
  via?: string;
}

/** An occurrence excused from reporting: no further reminders, state `excused`. */
export interface ExcusalRecord extends OccurrenceRecord {
  /** From when it is excused (ISO instant). */
  at: string;
  note?: string;
}

/** A new due date for one occurrence; its reminders move with it. The latest recorded wins. */
export interface ExtensionRecord extends OccurrenceRecord {
  /** New due date `YYYY-MM-DD`. */
  to: string;
  note?: string;
}

/** Outcome of a target at or after its deadline. */
export type TargetOutcome = 'achieved' | 'partly' | 'missed';

/** A progress note on a target (`pprd target T3 --progress TEXT`). */
export interface TargetProgressRecord {
  /** Target id, e.g. `T3`. */
  target: string;
  text: string;
  by: string;
  recordedAt: string;
}

/** The recorded outcome of a target; the latest recorded wins. It ends the target's progress requests. */
export interface TargetOutcomeRecord {
  target: string;
  outcome: TargetOutcome;
  note?: string;
  by: string;
  recordedAt: string;
}

/**
 * Rounds of one cycle recorded as "before deployment" (`pprd history --until PERIOD`, issue 14 item 4):
 * every occurrence of `cycle` whose original due date is on or before `through` and that has no
 * submission or excusal is in state `before-deployment` (not submitted, not overdue, no reminder).
 * The latest live record of a cycle wins.
 */
export interface BeforeDeploymentRecord {
  /** Cycle id (`half-yearly`, `target:T5`). */
  cycle: string;
  /** The period label the admin gave (`2026H1`). */
  until: string;
  /** Last original due date covered, `YYYY-MM-DD` (the due date of `until`). */
  through: string;
  by: string;
  recordedAt: string;
}

/** Everything recorded that the planner reads. */
export interface ScheduleRecords {
  submissions: readonly SubmissionRecord[];
  extensions: readonly ExtensionRecord[];
  excusals: readonly ExcusalRecord[];
  targetProgress: readonly TargetProgressRecord[];
  targetOutcomes: readonly TargetOutcomeRecord[];
  /** Rounds before deployment (`pprd history`); absent = none. */
  beforeDeployment?: readonly BeforeDeploymentRecord[];
}

/** No records: a fresh deployment. */
export const NO_RECORDS: ScheduleRecords = Object.freeze({
  submissions: [],
  extensions: [],
  excusals: [],
  targetProgress: [],
  targetOutcomes: [],
  beforeDeployment: [],
});

/** `${cycle}/${period}/${agency}`: the occurrence key (src/schedule/types.ts). */
export function occurrenceKey(cycle: string, period: string, agency: string): string {
  return `${cycle}/${period}/${agency}`;
}

/**
 * `${occurrenceKey}/${kind}/${offset}` (offset `-5`, `3`, `3wd`), or `…@${due}` for an extended
 * occurrence's reminders (each extension gets its own set): the reminder key (src/schedule/types.ts).
 */
export function reminderKey(occurrence: string, kind: ReminderKind, offset: string, extendedDue?: string): string {
  return extendedDue === undefined
    ? `${occurrence}/${kind}/${offset}`
    : `${occurrence}/${kind}/${offset}@${extendedDue}`;
}

/** `…/kind/offset[@due]`: the last segment is not empty. */
const REMINDER_KEY_RE = /^(.*)\/(before|due|overdue|escalation)\/(?=[^/])([^/@]*)(?:@([^/]*))?$/;

/**
 * The parts of a reminder key written by {@link reminderKey}: its occurrence key, kind, offset (`-5`,
 * `3`, `3wd`) and, for an extended occurrence, the due date after `@`; undefined when `key` is not one.
 */
export function readReminderKey(
  key: string,
): { occurrence: string; kind: ReminderKind; offset: string; extendedDue?: string } | undefined {
  const m = REMINDER_KEY_RE.exec(key);
  if (!m) return undefined;
  const parts = { occurrence: m[1], kind: m[2] as ReminderKind, offset: m[3] };
  return m[4] === undefined ? parts : { ...parts, extendedDue: m[4] };
}

/**
 * The occurrence key of a reminder key written by {@link reminderKey} (its `/${kind}/${offset}[@due]`
 * dropped): what a folded escalation's covered reminder keys stand for once the reminder is no longer planned.
 * A key that is not a reminder key is returned as it is.
 */
export function occurrenceOfReminderKey(key: string): string {
  return readReminderKey(key)?.occurrence ?? key;
}
