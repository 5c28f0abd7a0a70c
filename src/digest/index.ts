export * from './format.ts';
export * from './types.ts';
export * from './views.ts';
export { agencyTasks, type AgencyTask } from './agencyTasks.ts';
export { addDeadlineEvent, createIcsCalendar, deadlineUid, FEED_REFRESH_SECONDS, ICS_PRODID, renderDeadlineIcs, type DeadlineEvent, type DeadlineIcsInput } from './renderIcs.ts';
export { buildStatus, beforeDeploymentLines, escalatedKeys, buildCoordinatorDigest, buildAgencyDigest, openTargetLines, targetLine, ROUND_GRACE_DAYS, DUE_WINDOW_DAYS, type StatusInput, type TargetInput, type AgencyDigestView } from './buildStatus.ts';
export { renderCalendarFeed, type CalendarFeedInput } from './renderCalendarFeed.ts';
export { buildBoard, cellState, occurrenceCell, CELL_STATES, DUE_SOON_DAYS, type BoardCell, type BoardFilter, type BoardInput, type BoardRound, type BoardView, type CellState } from './buildBoard.ts';
export { agencyView, cycleDisplayName, cycleNames, dueLines, inScope, occurrenceLine, openDeadlines, overdueLines, taskView, type LineContext, type Scope } from './queries.ts';
// The words and formats of messages live in src/messages; re-exported for the modules that still import them from here.
export * from '../messages/index.ts';
