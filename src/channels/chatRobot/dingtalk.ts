import { createHmac } from 'node:crypto';
import { fitRobotDoc, renderRobotMarkdown } from '../../messages/index.ts';
import { robotDocFor, robotMentions } from './robotText.ts';
import type { RobotPlatform, RobotVerdict } from './types.ts';

/**
 * DingTalk (钉钉) custom group robot, by webhook `https://oapi.dingtalk.com/robot/send?access_token=TOKEN`.
 * Rules (自定义机器人接入 / 安全设置, https://open.dingtalk.com/document/robots/custom-robot-access and
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings):
 * - body `{"msgtype":"markdown","markdown":{"title","text"},"at":{"atMobiles":[…],"isAtAll":false}}`; a mobile
 *   is @-mentioned when it is in `atMobiles` AND written `@mobile` in the text;
 * - signature (加签): `timestamp` = now in ms, `sign` = urlEncode(base64(HmacSHA256(key = secret,
 *   message = timestamp + "\n" + secret))), both appended to the webhook URL; the timestamp must be within
 *   1 hour of DingTalk's clock;
 * - at most 20 messages a minute per robot; beyond it errcode 130101 ("send too fast") and the robot is
 *   throttled for 10 minutes;
 * - errcode 310000: signature, keyword or IP check failed (the errmsg says which); 300001: the access token
 *   does not exist (robot removed, URL wrong).
 * The pages found give no size limit for markdown; {@link DINGTALK_MARKDOWN_MAX_BYTES} keeps well within
 * what DingTalk accepts for text (20 000 bytes).
 */
export const DINGTALK_MARKDOWN_MAX_BYTES = 20_000;

/** DingTalk's signature of `timestampMs` with `secret` (base64, NOT yet URL-encoded). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export const dingtalk: RobotPlatform = {
  kind: 'dingtalk',
  windows: [{ max: 20, ms: 60_000 }],
  request({ url, secret, message, nowMs }) {
    const doc = robotDocFor(message);
    const mentions = robotMentions(message);
    const text = fitRobotDoc(doc, DINGTALK_MARKDOWN_MAX_BYTES, (d) => renderRobotMarkdown(d, 'dingtalk', mentions));
    const signed = new URL(url);
    if (secret) {
      signed.searchParams.set('timestamp', String(nowMs));
      signed.searchParams.set('sign', dingtalkSign(secret, nowMs));
    }
    // The title is what the chat list shows; DingTalk does not render markdown in it.
    const body = {
      msgtype: 'markdown',
      markdown: { title: message.subject.slice(0, 100), text },
      at: { atMobiles: mentions, isAtAll: false },
    };
    return { url: signed.toString(), body: JSON.stringify(body) };
  },
  classify(status, json): RobotVerdict {
    const j = json as { errcode?: number; errmsg?: string } | undefined;
    if (status >= 500 || status === 429)
      return { ok: false, kind: 'temporary', code: `http-${status}`, message: `DingTalk answered HTTP ${status}` };
    if (!j || typeof j.errcode !== 'number')
      return {
        ok: false,
        kind: 'temporary',
        code: `http-${status}`,
        message: `DingTalk answered HTTP ${status} without errcode`,
      };
    if (j.errcode === 0) return { ok: true };
    const message = `DingTalk refused the message: errcode ${j.errcode} ${j.errmsg ?? ''}`.trim();
    if (j.errcode === 130101) return { ok: false, kind: 'temporary', code: 130101, message, retryAfterMs: 10 * 60_000 };
    if (j.errcode === -1) return { ok: false, kind: 'temporary', code: -1, message };
    if (j.errcode === 310000 && /sign|timestamp/i.test(j.errmsg ?? ''))
      return { ok: false, kind: 'temporary', code: 310000, message, badSecret: true };
    return { ok: false, kind: 'permanent', code: j.errcode, message };
  },
};
