import { fitRobotDoc, renderRobotMarkdown } from '../../messages/index.ts';
import { robotDocFor } from './robotText.ts';
import type { RobotPlatform, RobotVerdict } from './types.ts';

/**
 * WeCom (企业微信) group robot, by webhook `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY`.
 * Rules (群机器人配置说明, https://developer.work.weixin.qq.com/document/path/91770):
 * - body `{"msgtype":"markdown","markdown":{"content":"…"}}`, content at most 4096 bytes of UTF-8
 *   (over it: errcode 40058 "markdown.content exceed max length 4096");
 * - markdown is a subset (headings, bold, links, inline code, quotes, font colours); it mentions members
 *   only as `<@userid>` — `mentioned_mobile_list` exists on `text` messages only, so mobiles are not
 *   mentioned here;
 * - at most 20 messages a minute per robot (errcode 45009 beyond it);
 * - no signature: the key in the URL is the credential (errcode 93000: invalid webhook URL, e.g. the robot
 *   was removed).
 */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/** WeCom errcodes worth retrying: -1 system busy, 45009 rate limit (API frequency). Others are permanent. */
export const WECOM_TEMPORARY: ReadonlySet<number> = new Set([-1, 45009, 45033]);

export const wecom: RobotPlatform = {
  kind: 'wecom',
  windows: [{ max: 20, ms: 60_000 }],
  request({ url, message }) {
    const doc = robotDocFor(message);
    const content = fitRobotDoc(doc, WECOM_MARKDOWN_MAX_BYTES, (d) => renderRobotMarkdown(d, 'wecom'));
    return { url, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
  },
  classify(status, json): RobotVerdict {
    const j = json as { errcode?: number; errmsg?: string } | undefined;
    if (status >= 500 || status === 429)
      return {
        ok: false,
        kind: 'temporary',
        code: `http-${status}`,
        message: `WeCom answered HTTP ${status}`,
        ...(status === 429 ? { retryAfterMs: 60_000 } : {}),
      };
    if (!j || typeof j.errcode !== 'number')
      return {
        ok: false,
        kind: 'temporary',
        code: `http-${status}`,
        message: `WeCom answered HTTP ${status} without errcode`,
      };
    if (j.errcode === 0) return { ok: true };
    const message = `WeCom refused the message: errcode ${j.errcode} ${j.errmsg ?? ''}`.trim();
    if (j.errcode === 45009) return { ok: false, kind: 'temporary', code: 45009, message, retryAfterMs: 60_000 };
    return { ok: false, kind: WECOM_TEMPORARY.has(j.errcode) ? 'temporary' : 'permanent', code: j.errcode, message };
  },
};
