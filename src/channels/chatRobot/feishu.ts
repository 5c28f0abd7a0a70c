import { createHmac } from 'node:crypto';
import { fitRobotDoc, renderFeishuPost } from '../../messages/index.ts';
import { robotDocFor } from './robotText.ts';
import type { RobotPlatform, RobotVerdict } from './types.ts';

/**
 * Feishu (飞书) custom group robot, by webhook `https://open.feishu.cn/open-apis/bot/v2/hook/ID`.
 * Rules (自定义机器人使用指南, https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, also at
 * open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN):
 * - rich text: `{"timestamp","sign","msg_type":"post","content":{"post":{"zh_cn":{"title","content":[[…]]}}}}`;
 * - the request body must not exceed 20 KB (else code 9499 "Bad Request");
 * - signature (签名校验): `timestamp` = now in SECONDS, `sign` = base64(HmacSHA256(key = timestamp + "\n" +
 *   secret, message = empty)), both in the JSON body; the timestamp must be within 1 hour of Feishu's clock
 *   (else, or for a wrong secret, code 19021 "sign match fail or timestamp is not within one hour");
 * - 100 messages a minute and 5 a second per robot; beyond them (or at busy whole and half hours) code 11232;
 * - 19022 IP not allowed, 19024 keyword not found: security settings, permanent. A custom robot @-mentions
 *   only by open_id/user_id, so contacts' mobiles are not mentioned here.
 */
export const FEISHU_BODY_MAX_BYTES = 20 * 1024;

/** Feishu's signature for `timestampSec` with `secret` (base64). */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/** Feishu codes worth retrying: 11232 rate limited, 99991400 frequency limit, 9499 only when HTTP 5xx. */
export const FEISHU_RATE_LIMITED: ReadonlySet<number> = new Set([11232, 99991400]);

export const feishu: RobotPlatform = {
  kind: 'feishu',
  windows: [
    { max: 5, ms: 1000 },
    { max: 100, ms: 60_000 },
  ],
  request({ url, secret, message, nowMs }) {
    const doc = robotDocFor(message);
    const timestamp = Math.floor(nowMs / 1000);
    const head = secret ? { timestamp: String(timestamp), sign: feishuSign(secret, timestamp) } : {};
    const bodyOf = (post: unknown) => JSON.stringify({ ...head, msg_type: 'post', content: { post } });
    // Fit the whole body: the limit is on the request, JSON escapes included.
    const body = fitRobotDoc(doc, FEISHU_BODY_MAX_BYTES, (d) => bodyOf(renderFeishuPost(d)));
    return { url, body };
  },
  classify(status, json, headers): RobotVerdict {
    const j = json as { code?: number; msg?: string; StatusCode?: number } | undefined;
    const code = typeof j?.code === 'number' ? j.code : j?.StatusCode;
    if (status === 429 || (typeof code === 'number' && FEISHU_RATE_LIMITED.has(code))) {
      const reset = Number(headers['x-ogw-ratelimit-reset']);
      return {
        ok: false,
        kind: 'temporary',
        code: code ?? 'http-429',
        message: `Feishu rate limit: ${j?.msg ?? `HTTP ${status}`}`,
        retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : 60_000,
      };
    }
    if (status >= 500)
      return { ok: false, kind: 'temporary', code: `http-${status}`, message: `Feishu answered HTTP ${status}` };
    if (typeof code !== 'number')
      return {
        ok: false,
        kind: 'temporary',
        code: `http-${status}`,
        message: `Feishu answered HTTP ${status} without code`,
      };
    if (code === 0) return { ok: true };
    const message = `Feishu refused the message: code ${code} ${j?.msg ?? ''}`.trim();
    if (code === 19021) return { ok: false, kind: 'temporary', code, message, badSecret: true };
    return { ok: false, kind: 'permanent', code, message };
  },
};
