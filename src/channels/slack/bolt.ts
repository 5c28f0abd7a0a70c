import { lazyRequire } from '../../lazyRequire.ts';

/**
 * `@slack/bolt` and what it brings (web API client, Socket Mode, Express, undici): loaded on first use,
 * when Slack is configured, not at import (issue 11: a service without Slack and every CLI command
 * start without it). Bolt is CommonJS only, so tests importing it share this one copy.
 */
export const bolt = lazyRequire<typeof import('@slack/bolt')>('@slack/bolt');
