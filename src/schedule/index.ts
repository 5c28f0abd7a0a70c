export { type Calendar, createCalendar, packageCoverage, provisionalYearsOf } from './calendar.ts';
export { isTargetCycle, TARGET_CYCLE_PREFIX, targetCycleId, targetIdOf } from './cycleId.ts';
export { addDays, dateOfEpochDay, daysBetweenDates, daysInMonth, epochDay, weekdayOfEpochDay } from './epochDays.ts';
export {
  DATE_FORM,
  DateInputError,
  dateProblem,
  INSTANT_FORMS,
  instantMillis,
  instantProblem,
  localInstant,
  MONTHS,
  parseDate,
  parseInstant,
} from './parseInstant.ts';
export {
  exampleLabel,
  findPeriod,
  type Period,
  type PeriodKind,
  periodKind,
  periodsBetween,
  periodsOfYear,
} from './periods.ts';
export {
  offsetLabel,
  type Plan,
  type PlanConfig,
  type PlanInput,
  planOccurrences,
  planReminders,
  planSchedule,
  selectAgencies,
  sendInstant,
} from './planSchedule.ts';
export { type PreviewRow, previewReminders } from './previewReminders.ts';
export {
  type BeforeDeploymentRecord,
  type ExcusalRecord,
  type ExtensionRecord,
  NO_RECORDS,
  occurrenceKey,
  occurrenceOfReminderKey,
  reminderKey,
  type ScheduleRecords,
  type SubmissionRecord,
  type TargetOutcome,
  type TargetOutcomeRecord,
  type TargetProgressRecord,
} from './records.ts';
export { type TargetStatus, targetStatuses } from './targetStatus.ts';
export type * from './types.ts';
