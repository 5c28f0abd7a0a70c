/** The service shell: delivery tick, clock, logger, HTTP endpoints. */
export { runTick, messageIdFor, DEFAULT_CHANNEL_CONCURRENCY, deliveryKey, recipientIdOf, DEFAULT_LEASE_MS, LAST_TICK_KEY, type TickInput, type TickResult } from './deliver.ts';
export { ESCALATION_PREFIX, LATE_AFTER_MS } from '../decide/index.ts';
export { claimOwner, isClaimStale, THIS_PROCESS, type ProcessIdentity } from './claimOwner.ts';
export { latestCronMatch } from '../decide/index.ts';
export { collectStatusInput, collectBoardInput, deployedOn, failedDeliveryLines } from './statusInput.ts';
export { systemClock, createOffsetClock, createManualClock, type Clock } from './clock.ts';
export { createLogger, silentLog, type Log } from './logger.ts';
export { serviceRoutes, createRouter, route, rawPath, startHttpServer, UNHEALTHY_AFTER_FAILED_TICKS, type HttpApp, type HttpDeps, type RouteMethod } from './http.ts';
export { fewerChannelsThanService, recordServiceChannels, SERVICE_CHANNELS_KEY, type ChannelSet } from './serviceChannels.ts';
export { calendarLinks, linkSettingsFromEnv, personalLink, reminderLinks, type LinkSettings } from './links.ts';
