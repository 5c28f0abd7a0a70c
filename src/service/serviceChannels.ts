import { createDeliveryRepo, type Db } from '../store/index.ts';

/** `meta` key of the channels the service delivers on, written at each start (see {@link recordServiceChannels}). */
export const SERVICE_CHANNELS_KEY = 'service_channels';

/** The channels a process delivers on: email by SMTP or to the outbox, whether Slack is on, its group robots. */
export interface ChannelSet {
  email: 'smtp' | 'outbox';
  slack: boolean;
  /** Group robots' channel names (`dingtalk:jtt`); absent in a record written before robots existed = none. */
  robots?: readonly string[];
}

/** What the service recorded at its last start, with when (UTC ISO). */
interface Recorded extends ChannelSet {
  since: string;
}

/**
 * Records in the database the channels the service delivers on (called by `pprd serve` at each start,
 * so a service restarted without Slack records that too). Commands that deliver compare theirs with it.
 * @param at the start instant, UTC ISO.
 */
export function recordServiceChannels(db: Db, channels: ChannelSet, at: string): void {
  createDeliveryRepo(db).setMeta(SERVICE_CHANNELS_KEY, JSON.stringify({ ...channels, since: at } satisfies Recorded));
}

/**
 * Why a command delivering with `mine` would deliver with fewer channels than the service (issue 17
 * item 2): a tick decides each reminder once for the channels it has, so a tick without Slack would
 * mark Slack deliveries dead (`channel slack is not configured`) and plan new reminders for email only,
 * and a tick without `SMTP_URL` would write to a local outbox, as "sent", mail the service sends by SMTP.
 *
 * Reasons, one line each (empty when `mine` covers everything):
 * - the service's last start recorded Slack (or SMTP) and `mine` lacks it;
 * - deliveries on Slack wait in the database (pending or failed) and `mine` has no Slack;
 * - the service delivers on a group robot (`dingtalk:jtt`) that `mine` lacks (its config names fewer robots),
 *   or deliveries wait on one: they would be marked dead (`channel … is not configured`).
 */
export function fewerChannelsThanService(db: Db, mine: ChannelSet): string[] {
  const repo = createDeliveryRepo(db);
  const raw = repo.getMeta(SERVICE_CHANNELS_KEY);
  const service = raw ? (JSON.parse(raw) as Recorded) : undefined;
  const reasons: string[] = [];
  if (service?.slack && !mine.slack)
    reasons.push(
      `the service delivers on Slack (recorded at its start, ${service.since}) and SLACK_BOT_TOKEN is not set here`,
    );
  if (!mine.slack) {
    const waiting = [...repo.list({ status: 'pending' }), ...repo.list({ status: 'failed' })].filter(
      (r) => r.channel === 'slack',
    ).length;
    if (waiting)
      reasons.push(
        `${waiting} Slack deliver${waiting === 1 ? 'y waits' : 'ies wait'} in the database and would be marked dead without Slack`,
      );
  }
  const myRobots = new Set(mine.robots ?? []);
  const missing = (service?.robots ?? []).filter((r) => !myRobots.has(r));
  if (missing.length)
    reasons.push(
      `the service delivers on the group robot${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (recorded at its start, ${service!.since}) and config/pprd.yaml robots: here does not name ${missing.length === 1 ? 'it' : 'them'}`,
    );
  const waitingOn = new Map<string, number>();
  for (const r of [...repo.list({ status: 'pending' }), ...repo.list({ status: 'failed' })]) {
    if (/^(wecom|dingtalk|feishu):/.test(r.channel) && !myRobots.has(r.channel) && !missing.includes(r.channel))
      waitingOn.set(r.channel, (waitingOn.get(r.channel) ?? 0) + 1);
  }
  for (const [channel, n] of waitingOn)
    reasons.push(
      `${n} deliver${n === 1 ? 'y waits' : 'ies wait'} on the group robot ${channel} and would be marked dead without it`,
    );
  if (service?.email === 'smtp' && mine.email === 'outbox')
    reasons.push(
      `the service sends email by SMTP (recorded at its start, ${service.since}) and SMTP_URL is not set here: the mail would go to a local outbox and count as sent`,
    );
  return reasons;
}
