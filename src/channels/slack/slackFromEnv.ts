import { SlackConfigError } from '../../errors.ts';
import type { SlackLog } from './listeners/context.ts';

/** Slack settings read from the environment (secrets only from env). */
export interface SlackSettings {
  /** `SLACK_BOT_TOKEN` (`xoxb-…`). */
  botToken: string;
  /** `SLACK_SIGNING_SECRET`: required in HTTP mode. */
  signingSecret?: string;
  /** `SLACK_APP_TOKEN` (`xapp-…`): Socket Mode when set. */
  appToken?: string;
  /** `SLACK_API_URL`: Web API base URL override. */
  apiUrl?: string;
  /** `PORT` (default 3000): the HTTP receiver's port in HTTP mode. */
  port: number;
  mode: 'http' | 'socket';
}

/**
 * Reads the Slack settings from `env`:
 * - none of `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_APP_TOKEN` set → `null`, and logs
 *   "Slack not configured" once (event `slack_disabled`): the service runs with email only;
 * - `SLACK_APP_TOKEN` + `SLACK_BOT_TOKEN` → Socket Mode;
 * - `SLACK_SIGNING_SECRET` + `SLACK_BOT_TOKEN` → HTTP mode on `PORT` (default 3000).
 * `SLACK_API_URL` overrides the Web API base URL. Values are never logged.
 * @throws SlackConfigError (`PPRD_SLACK_CONFIG`, exit 2) naming each missing or malformed variable
 *   and the fix, when Slack is partly configured.
 */
export function slackFromEnv(env: NodeJS.ProcessEnv, log?: SlackLog): SlackSettings | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const apiUrl = env.SLACK_API_URL?.trim() || undefined;
  if (!botToken && !signingSecret && !appToken) {
    log?.info(
      { event: 'slack_disabled' },
      'Slack not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN, to enable it)',
    );
    return null;
  }
  const problems: string[] = [];
  if (!botToken)
    problems.push(
      'SLACK_BOT_TOKEN is missing: set it to the bot token (xoxb-…) from the app\'s "OAuth & Permissions" page',
    );
  if (!appToken && !signingSecret) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: set it from the app\'s "Basic Information" page (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN should start with xapp- (an app-level token with connections:write)');
  if (apiUrl && !/^https?:\/\//.test(apiUrl))
    problems.push(`SLACK_API_URL should be an http(s) URL such as https://slack.com/api/`);
  const rawPort = env.PORT?.trim();
  const port = rawPort ? Number(rawPort) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT="${rawPort}" is not a port number (0-65535)`);
  if (problems.length) {
    throw new SlackConfigError(`Slack is partly configured:\n- ${problems.join('\n- ')}`);
  }
  return { botToken: botToken!, signingSecret, appToken, apiUrl, port, mode: appToken ? 'socket' : 'http' };
}
