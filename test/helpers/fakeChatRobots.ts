import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local fakes of the three group-robot webhook APIs on 127.0.0.1 (port 0), checking each request as the
 * real service does, with the platforms' own answers:
 * - WeCom  POST /cgi-bin/webhook/send?key=K: unknown key → 93000; markdown content > 4096 bytes → 40058;
 *   more than 20 in 60 s → 45009.
 * - DingTalk POST /robot/send?access_token=T&timestamp=MS&sign=S: unknown token → 300001; signature
 *   (HmacSHA256(secret, ts+"\n"+secret), base64) wrong or timestamp more than 1 h from the fake's clock →
 *   310000 "sign not match"; markdown title/text missing → 40035; more than 20 in 60 s → 130101.
 * - Feishu POST /open-apis/bot/v2/hook/ID: unknown hook → 19001; body > 20 KB or not a post → 9499;
 *   sign (HmacSHA256(key = ts+"\n"+secret, "")) wrong or ts more than 1 h off → 19021;
 *   more than 5 in 1 s or 100 in 60 s → 11232.
 * Signatures are computed here independently of src/. The fake's clock is injected (no sleeping).
 */
export interface FakeRobots {
  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  base: string;
  /** Accepted messages by robot id (key, token or hook), parsed JSON bodies in order. */
  accepted: Map<string, unknown[]>;
  /** Every answer given, by robot id: the code returned (0 = accepted). */
  answers: Map<string, number[]>;
  /** Registers a robot; returns its webhook URL. */
  wecom(key: string): string;
  dingtalk(token: string, secret: string): string;
  feishu(hook: string, secret: string): string;
  /** Makes the robot answer as removed (WeCom 93000, DingTalk 300001, Feishu 19001) from now on. */
  remove(id: string): void;
  close(): Promise<void>;
}

export async function startFakeRobots(clock: () => number): Promise<FakeRobots> {
  const robots = new Map<
    string,
    { kind: 'wecom' | 'dingtalk' | 'feishu'; secret?: string; removed?: boolean; times: number[] }
  >();
  const accepted = new Map<string, unknown[]>();
  const answers = new Map<string, number[]>();
  const within = (times: number[], max: number, ms: number) => times.filter((t) => t > clock() - ms).length >= max;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const reply = (id: string, code: number, body: Record<string, unknown>) => {
        answers.set(id, [...(answers.get(id) ?? []), code]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = {};
      }
      if (req.method !== 'POST') return reply('-', 405, { errcode: 405 });
      if (url.pathname === '/cgi-bin/webhook/send') {
        const id = url.searchParams.get('key') ?? '';
        const r = robots.get(id);
        const ans = (code: number, msg: string) => reply(id, code, { errcode: code, errmsg: msg });
        if (r?.kind !== 'wecom' || r.removed) return ans(93000, 'invalid webhook url');
        const md = json.markdown as { content?: unknown } | undefined;
        if (json.msgtype !== 'markdown' || typeof md?.content !== 'string') return ans(40008, 'invalid message type');
        if (Buffer.byteLength(md.content, 'utf8') > 4096) return ans(40058, 'markdown.content exceed max length 4096');
        if (within(r.times, 20, 60_000)) return ans(45009, 'api freq out of limit');
        r.times.push(clock());
        accepted.set(id, [...(accepted.get(id) ?? []), json]);
        return ans(0, 'ok');
      }
      if (url.pathname === '/robot/send') {
        const id = url.searchParams.get('access_token') ?? '';
        const r = robots.get(id);
        const ans = (code: number, msg: string) => reply(id, code, { errcode: code, errmsg: msg });
        if (r?.kind !== 'dingtalk' || r.removed) return ans(300001, 'token is not exist');
        const ts = Number(url.searchParams.get('timestamp'));
        const sign = url.searchParams.get('sign') ?? '';
        const expected = createHmac('sha256', r.secret!).update(`${ts}\n${r.secret}`).digest('base64');
        if (!ts || Math.abs(clock() - ts) > 3_600_000 || sign !== expected)
          return ans(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
        const md = json.markdown as { title?: unknown; text?: unknown } | undefined;
        if (json.msgtype !== 'markdown' || typeof md?.title !== 'string' || typeof md?.text !== 'string' || !md.title)
          return ans(40035, 'missing markdown title or text');
        if (within(r.times, 20, 60_000)) return ans(130101, 'send too fast, exceed 20 times per minute');
        r.times.push(clock());
        accepted.set(id, [...(accepted.get(id) ?? []), json]);
        return ans(0, 'ok');
      }
      const m = /^\/open-apis\/bot\/v2\/hook\/([\w-]+)$/.exec(url.pathname);
      if (m) {
        const id = m[1];
        const r = robots.get(id);
        const ans = (code: number, msg: string) => reply(id, code, { code, msg, data: {} });
        if (r?.kind !== 'feishu' || r.removed)
          return ans(19001, 'param invalid: incoming webhook access token invalid');
        if (raw.length > 20 * 1024) return ans(9499, 'Bad Request');
        const ts = Number(json.timestamp);
        const expected = createHmac('sha256', `${json.timestamp}\n${r.secret}`).update('').digest('base64');
        if (!ts || Math.abs(clock() / 1000 - ts) > 3600 || json.sign !== expected)
          return ans(19021, 'sign match fail or timestamp is not within one hour from current time');
        const post = (json.content as { post?: Record<string, { title?: unknown; content?: unknown }> } | undefined)
          ?.post;
        const lang = post && (post.zh_cn ?? post.en_us);
        if (json.msg_type !== 'post' || !lang || typeof lang.title !== 'string' || !Array.isArray(lang.content))
          return ans(9499, 'Bad Request');
        if (within(r.times, 5, 1000) || within(r.times, 100, 60_000))
          return ans(11232, 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]');
        r.times.push(clock());
        accepted.set(id, [...(accepted.get(id) ?? []), json]);
        return ans(0, 'success');
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    accepted,
    answers,
    wecom(key) {
      robots.set(key, { kind: 'wecom', times: [] });
      return `${base}/cgi-bin/webhook/send?key=${key}`;
    },
    dingtalk(token, secret) {
      robots.set(token, { kind: 'dingtalk', secret, times: [] });
      return `${base}/robot/send?access_token=${token}`;
    },
    feishu(hook, secret) {
      robots.set(hook, { kind: 'feishu', secret, times: [] });
      return `${base}/open-apis/bot/v2/hook/${hook}`;
    },
    remove(id) {
      const r = robots.get(id);
      if (r) r.removed = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
