export { createCalendar, packageCoverage, type Calendar } from './calendar.ts';
export { periodsOfYear, periodsBetween, findPeriod, periodKind, exampleLabel, type Period, type PeriodKind } from './periods.ts';
export { planSchedule, planOccurrences, planReminders, selectAgencies, type Plan, type PlanInput, type PlanConfig } from './planSchedule.ts';
export { targetStatuses, type TargetStatus } from './targetStatus.ts';
export {
  NO_RECORDS,
  occurrenceKey,
  reminderKey,
  occurrenceOfReminderKey,
  type ScheduleRecords,
  type SubmissionRecord,
  type ExcusalRecord,
  type BeforeDeploymentRecord,
  type ExtensionRecord,
  type TargetOutcome,
  type TargetOutcomeRecord,
  type TargetProgressRecord,
} from './records.ts';
export type { AgencySelector, CycleConfig, DeliveryConfig, DigestConfig, DueRule, HolidayYear, Occurrence, OccurrenceState, Reminder, ReminderKind, TargetsConfig } from './types.ts';
export { parseInstant, parseDate, dateProblem, instantProblem, localInstant, DateInputError, INSTANT_FORMS, DATE_FORM } from './parseInstant.ts';
export { TARGET_CYCLE_PREFIX, targetCycleId, targetIdOf, isTargetCycle } from './cycleId.ts';
export { previewReminders, type PreviewRow } from './previewReminders.ts';
export { epochDay, dateOfEpochDay, weekdayOfEpochDay, daysBetweenDates, daysInMonth, addDays } from './epochDays.ts';
