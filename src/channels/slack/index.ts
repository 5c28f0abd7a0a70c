/** Slack side: the Bolt app (HTTP or Socket Mode), its listeners, the Slack delivery channel. */

export { createRequestGuard, type SignedHeaders, SLACK_REQUEST_WINDOW_SEC } from './createRequestGuard.ts';
export { type CreateSlackAppOptions, createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from './createSlackApp.ts';
export {
  createSlackChannel,
  PERMANENT_SLACK_ERRORS,
  rateLimitOnlyRetry,
  SLACK_AUTH_ERRORS,
  type SlackWebClient,
  slackClientOptions,
  slackTextOf,
  TEMPORARY_SLACK_ERRORS,
  toDeliveryError,
} from './createSlackChannel.ts';
export { createSlackServices, type RecordResult, type SlackServiceDeps } from './createSlackServices.ts';
export { answerPprd, type ListenerDeps, PPRD_COMMAND, registerListeners, type SlackLog } from './listeners/index.ts';
export { DEFAULT_DUE_DAYS, normalizePeriod, type PprdCommand, parseCommand } from './parseCommand.ts';
export {
  type AgencyAnswer,
  type ContactsLike,
  maySubmit,
  type Requester,
  requesterFromContacts,
  type SlackServices,
  type SubmitOutcome,
  scopeOf,
} from './services.ts';
export { type SlackSettings, slackFromEnv } from './slackFromEnv.ts';
