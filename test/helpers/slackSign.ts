import { createHmac } from 'node:crypto';

/**
 * Signs a request body as Slack does (v0, HMAC-SHA256 over `v0:{timestamp}:{body}` with the signing
 * secret; https://docs.slack.dev/authentication/verifying-requests-from-slack).
 * @param timestampSec Unix time in seconds (default: now).
 * @returns the two headers Slack sends.
 */
export function slackSignature(
  secret: string,
  body: string,
  timestampSec: number = Math.floor(Date.now() / 1000),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const base = `v0:${timestampSec}:${body}`;
  const hex = createHmac('sha256', secret).update(base).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${hex}` };
}

/** A slash command body (`application/x-www-form-urlencoded`) as Slack posts it. */
export function commandBody(fields: {
  text: string;
  userId: string;
  responseUrl: string;
  command?: string;
  channelId?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0PPRD',
    team_domain: 'pprd',
    channel_id: fields.channelId ?? 'C0COORD',
    channel_name: 'pprd',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: fields.command ?? '/pprd',
    text: fields.text,
    api_app_id: 'A0PPRD',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** A `block_actions` payload for a button click, form-encoded as `payload=…` as Slack posts it. */
export function buttonBody(fields: {
  actionId: string;
  value: string;
  userId: string;
  responseUrl: string;
  channelId?: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0PPRD', domain: 'pprd' },
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: 'T0PPRD' },
    api_app_id: 'A0PPRD',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: fields.channelId ?? 'D0DM',
      is_ephemeral: false,
    },
    trigger_id: '1.2.3',
    channel: { id: fields.channelId ?? 'D0DM', name: 'directmessage' },
    message: { type: 'message', ts: '1700000000.000100', text: 'reminder', blocks: [] },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'pprd_reminder_actions',
        text: { type: 'plain_text', text: 'button' },
        value: fields.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * Posts a signed form body to the Bolt receiver at `url`.
 * @param opts.timestampSec override the timestamp (e.g. 10 minutes ago); `badSignature` flips the signature.
 * @returns status, body text and the elapsed ms until the response headers arrived (the ack).
 */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  opts: { timestampSec?: number; badSignature?: boolean } = {},
): Promise<{ status: number; text: string; ackMs: number }> {
  const headers = slackSignature(secret, body, opts.timestampSec);
  if (opts.badSignature)
    headers['x-slack-signature'] = headers['x-slack-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const ackMs = performance.now() - t0;
  return { status: res.status, text: await res.text(), ackMs };
}
