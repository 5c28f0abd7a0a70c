// The words and formats of messages live in src/messages; re-exported for the modules that still import them from here.
export * from '../messages/index.ts';
export { type AgencyTask, agencyTasks } from './agencyTasks.ts';
export {
  type BoardCell,
  type BoardFilter,
  type BoardInput,
  type BoardRound,
  type BoardView,
  buildBoard,
  CELL_STATES,
  type CellState,
  cellState,
  DUE_SOON_DAYS,
  occurrenceCell,
} from './buildBoard.ts';
export {
  type AgencyDigestView,
  beforeDeploymentLines,
  buildAgencyDigest,
  buildCoordinatorDigest,
  buildStatus,
  DUE_WINDOW_DAYS,
  escalatedKeys,
  openTargetLines,
  ROUND_GRACE_DAYS,
  type StatusInput,
  type TargetInput,
  targetLine,
} from './buildStatus.ts';
export * from './format.ts';
export {
  agencyView,
  cycleDisplayName,
  cycleNames,
  dueLines,
  inScope,
  type LineContext,
  occurrenceLine,
  openDeadlines,
  overdueLines,
  type Scope,
  taskView,
} from './queries.ts';
export { type CalendarFeedInput, renderCalendarFeed } from './renderCalendarFeed.ts';
export {
  addDeadlineEvent,
  createDeadlineIcsMemo,
  createIcsCalendar,
  type DeadlineEvent,
  type DeadlineIcsInput,
  deadlineUid,
  FEED_REFRESH_SECONDS,
  foldIcsLines,
  ICS_PRODID,
  icsText,
  renderDeadlineIcs,
} from './renderIcs.ts';
export * from './types.ts';
export * from './views.ts';
