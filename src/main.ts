/**
 * The composition root (issue 10; STYLE.md "main.ts"): the one place where the delivery pieces are
 * built from settings and wired — the email channel and Slack's Web API from the environment, the group
 * robots (real, or memory-backed in a simulation), the clock of `PPRD_NOW`, the board and calendar links
 * of each message, and the delivery tick over a store, a catalog and a config. `pprd serve`
 * (service/serve.ts), `pprd tick` (cli/commands/delivery.ts) and `pprd simulate` (service/simulate.ts)
 * call it; nothing else builds a channel from the environment or calls `runTick`.
 *
 * Secrets are read from `env` here and in the channel factories only, and never logged.
 */
import type { Catalog } from './catalog/index.ts';
import type {
  Channel,
  EmailChannel,
  MemoryChannel,
  OutgoingMessage,
  RobotSendLog,
  RobotTransport,
} from './channels/index.ts';
import { createEmailChannel, createMemoryChannel, createRobotChannel, robotsFromEnv } from './channels/index.ts';
import type { Config } from './config/index.ts';
import type { Plan, ScheduleRecords } from './schedule/index.ts';
import { type Clock, createOffsetClock, systemClock } from './service/clock.ts';
import { runTick, type TickResult } from './service/deliver.ts';
import { calendarLinks, type LinkSettings, linkSettingsFromEnv, reminderLinks } from './service/links.ts';
import type { Log } from './service/logger.ts';
import type { Db } from './store/index.ts';

/**
 * The email channel of `env`: SMTP (`SMTP_URL`, pooled; `SMTP_NAME` for EHLO) or, unset, `.eml` files in
 * `PPRD_OUTBOX` (default `data/outbox`); sender `MAIL_FROM` (default `pprd-reminder <pprd@localhost>`).
 * @throws SmtpUrlError, MailFromError or SmtpNameError (src/errors.ts; exit 2) for a malformed `SMTP_URL`, `MAIL_FROM` or `SMTP_NAME`.
 */
export function emailFromEnv(env: NodeJS.ProcessEnv): EmailChannel {
  return createEmailChannel({
    smtpUrl: env.SMTP_URL || undefined,
    from: env.MAIL_FROM || undefined,
    outboxDir: env.PPRD_OUTBOX || undefined,
    name: env.SMTP_NAME || undefined,
  });
}

/**
 * The group robots of `config.robots` with their webhook variables from `env`, their sends counted in
 * `sendLog` (SQLite: a restart keeps the rate limit).
 * @throws RobotEnvError (`PPRD_ROBOT_ENV`, src/errors.ts) naming each robot whose variable is unset or not an http(s) address.
 */
export function robotsOf(config: Readonly<Config>, env: NodeJS.ProcessEnv, sendLog: RobotSendLog): Channel[] {
  return robotsFromEnv(config.robots ?? [], env, sendLog);
}

/**
 * The channels a command that delivers (`pprd tick`) uses: email ({@link emailFromEnv}), Slack direct
 * messages through the Web API when `SLACK_BOT_TOKEN` is set (`SLACK_API_URL` overrides its base URL),
 * and the group robots ({@link robotsOf}). The service uses the same email and robots, and its Bolt
 * app's channel for Slack. Slack's and nodemailer's modules are loaded here, not at start-up (issue 11).
 * @returns the email channel (its mode: `smtp` or `outbox`), every channel, and the robots' channel names.
 */
export async function channelsFromEnv(
  env: NodeJS.ProcessEnv,
  config: Readonly<Config>,
  sendLog: RobotSendLog,
): Promise<{ email: EmailChannel; channels: Channel[]; robots: string[] }> {
  // Robots first: a robot's unset variable refuses the command before any channel is opened.
  const robots = robotsOf(config, env, sendLog);
  const { createSlackChannel, slackClientOptions } = await import('./channels/index.ts');
  const { webApi } = await import('@slack/bolt');
  const email = emailFromEnv(env);
  const channels: Channel[] = [email];
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (token)
    channels.push(
      createSlackChannel(new webApi.WebClient(token, slackClientOptions(env.SLACK_API_URL?.trim() || undefined))),
    );
  channels.push(...robots);
  return { email, channels, robots: robots.map((r) => r.name) };
}

/**
 * The board and calendar link settings of `env` (`PPRD_LINK_SECRET`, `PPRD_PUBLIC_URL`, `PPRD_LINK_DAYS`),
 * null when links are not set up.
 * @throws LinkConfigError (`PPRD_LINK_CONFIG`, src/errors.ts) naming the variable and the fix.
 */
export function linksFromEnv(env: NodeJS.ProcessEnv): LinkSettings | null {
  return linkSettingsFromEnv(env);
}

/**
 * The service clock: `PPRD_NOW` of `env` (read strictly; local in `zone` without an offset) running on
 * from there, else the host's clock.
 * @throws DateInputError (`BAD_INSTANT`, src/errors.ts) naming `PPRD_NOW`, with the accepted forms.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv, zone: string): Clock {
  return env.PPRD_NOW ? createOffsetClock(env.PPRD_NOW, zone) : systemClock;
}

/** What a delivery is built on. */
export interface DeliveryParts {
  db: Db;
  catalog: Catalog;
  /** The channels of each tick; a function when they change while running (Slack joins once started). */
  channels: readonly Channel[] | (() => readonly Channel[]);
  log?: Log;
  /** Link settings ({@link linksFromEnv}): each email carries its recipient's board and calendar links. Null or absent: none. */
  links?: LinkSettings | null;
  /** Wall clock of claim leases (default `Date.now`; a simulation passes its own clock). */
  wallClock?: () => number;
}

/** One tick's own input: the config in force, the instant, and what the caller keeps between ticks. */
export interface DeliveryTick {
  config: Readonly<Config>;
  /** The tick's instant: ISO with offset, Date, or ms since the epoch. */
  now: string | Date | number;
  /** The plan for `now`'s day and `records` (the service's cache); default planned afresh. */
  plan?: Plan;
  records?: ScheduleRecords;
  /** See `TickInput.decidedBefore` (service/deliver.ts). */
  decidedBefore?: number;
}

/** The delivery wired to its parts: `tick` runs one claim → send → record tick (`runTick`). */
export interface Delivery {
  tick(input: DeliveryTick): Promise<TickResult>;
}

/** Wires the delivery tick to a store, a catalog, channels, a log and the link settings. */
export function createDelivery(parts: DeliveryParts): Delivery {
  const reminderLink = reminderLinks(parts.links ?? null);
  const calendarLink = calendarLinks(parts.links ?? null);
  const channelsNow =
    typeof parts.channels === 'function' ? parts.channels : () => parts.channels as readonly Channel[];
  return {
    tick: ({ config, now, plan, records, decidedBefore }) =>
      runTick({
        db: parts.db,
        catalog: parts.catalog,
        config: config as Config,
        channels: channelsNow(),
        now,
        log: parts.log,
        plan,
        records,
        decidedBefore,
        reminderLink,
        calendarLink,
        wallClock: parts.wallClock,
      }),
  };
}

/** The platform's success answer, per kind (WeCom and DingTalk `errcode: 0`, Feishu `code: 0`). */
const ROBOT_OK: Record<string, string> = {
  wecom: '{"errcode":0,"errmsg":"ok"}',
  dingtalk: '{"errcode":0,"errmsg":"ok"}',
  feishu: '{"code":0,"msg":"success","data":{}}',
};

/**
 * The channels of a simulation (`pprd simulate`): a memory channel for email, and each group robot of
 * `config.robots` as the real robot channel (rendering, signing, the rate limit counted in `sendLog`) on
 * the simulation's `clock`, with a transport that answers the platform's "ok" (no network, no
 * environment variables). `robotSent` collects what the robots accepted, in order.
 */
export function simulationChannels(
  config: Readonly<Config>,
  sendLog: RobotSendLog,
  clock: () => number,
): { email: MemoryChannel; robots: Channel[]; robotSent: OutgoingMessage[] } {
  const robotSent: OutgoingMessage[] = [];
  const robots: Channel[] = (config.robots ?? []).map((r) => {
    const transport: RobotTransport = async () => ({ status: 200, text: ROBOT_OK[r.kind], headers: {} });
    const real = createRobotChannel({
      robot: r,
      url: `https://${r.kind}.robot.invalid/${r.name}`,
      secret: r.secretEnv ? 'simulation' : undefined,
      sendLog,
      clock,
      transport,
    });
    return {
      ...real,
      async send(message) {
        await real.send(message);
        robotSent.push(message);
      },
    };
  });
  return { email: createMemoryChannel(), robots, robotSent };
}
