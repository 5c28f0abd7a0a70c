/** Slack side: the Bolt app (HTTP or Socket Mode), its listeners, the Slack delivery channel. */
export { createSlackApp, SLACK_EVENTS_PATH, type CreateSlackAppOptions, type SlackApp } from './createSlackApp.ts';
export { createRequestGuard, SLACK_REQUEST_WINDOW_SEC, type SignedHeaders } from './createRequestGuard.ts';
export {
  createSlackChannel,
  PERMANENT_SLACK_ERRORS,
  SLACK_AUTH_ERRORS,
  rateLimitOnlyRetry,
  slackClientOptions,
  slackTextOf,
  TEMPORARY_SLACK_ERRORS,
  toDeliveryError,
  type SlackWebClient,
} from './createSlackChannel.ts';
export { slackFromEnv, type SlackSettings } from './slackFromEnv.ts';
export { parseCommand, normalizePeriod, DEFAULT_DUE_DAYS, type PprdCommand } from './parseCommand.ts';
export {
  maySubmit,
  requesterFromContacts,
  scopeOf,
  type AgencyAnswer,
  type ContactsLike,
  type Requester,
  type SlackServices,
  type SubmitOutcome,
} from './services.ts';
export { answerPprd, PPRD_COMMAND, registerListeners, type ListenerDeps, type SlackLog } from './listeners/index.ts';
export { createSlackServices, type RecordResult, type SlackServiceDeps } from './createSlackServices.ts';
