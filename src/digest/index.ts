export * from './blocks.ts';
export * from './format.ts';
export * from './types.ts';
export { agencyTasks, type AgencyTask } from './agencyTasks.ts';
export { renderDeadlineIcs, type DeadlineIcsInput } from './renderIcs.ts';
export { renderReminder, type ReminderRenderInput } from './renderReminder.ts';
