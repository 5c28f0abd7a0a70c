export * from './blocks.ts';
export * from './format.ts';
export * from './types.ts';
export { agencyTasks, type AgencyTask } from './agencyTasks.ts';
export { renderDeadlineIcs, type DeadlineIcsInput } from './renderIcs.ts';
export { renderReminder, type ReminderRenderInput } from './renderReminder.ts';
export { buildStatus, cycleDisplayName, buildCoordinatorDigest, buildAgencyDigest, openTargetLines, ROUND_GRACE_DAYS, DUE_WINDOW_DAYS, type StatusInput, type TargetInput, type AgencyDigestView } from './buildStatus.ts';
export { renderStatusText, renderCoordinatorDigest, renderAgencyDigest } from './renderDigest.ts';
export { renderCalendarFeed, type CalendarFeedInput } from './renderCalendarFeed.ts';
