/** The service shell: delivery tick, clock, logger, HTTP endpoints. */

export { ESCALATION_PREFIX, LATE_AFTER_MS, latestCronMatch } from '../decide/index.ts';
export { claimOwner, isClaimStale, type ProcessIdentity, THIS_PROCESS } from './claimOwner.ts';
export { type Clock, createManualClock, createOffsetClock, systemClock } from './clock.ts';
export {
  DEFAULT_CHANNEL_CONCURRENCY,
  DEFAULT_LEASE_MS,
  deliveryKey,
  LAST_TICK_KEY,
  messageIdFor,
  recipientIdOf,
  runTick,
  type TickInput,
  type TickResult,
} from './deliver.ts';
export {
  createRouter,
  type HttpApp,
  type HttpDeps,
  type RouteMethod,
  rawPath,
  route,
  serviceRoutes,
  startHttpServer,
  UNHEALTHY_AFTER_FAILED_TICKS,
} from './http.ts';
export { calendarLinks, type LinkSettings, linkSettingsFromEnv, personalLink, reminderLinks } from './links.ts';
export { createLogger, type Log, silentLog } from './logger.ts';
export {
  type ChannelSet,
  fewerChannelsThanService,
  recordServiceChannels,
  SERVICE_CHANNELS_KEY,
} from './serviceChannels.ts';
export { collectBoardInput, collectStatusInput, deployedOn, failedDeliveryLines } from './statusInput.ts';
