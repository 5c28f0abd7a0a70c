import type { Lang, Line, Message } from './model.ts';
import { plainLine } from './model.ts';
import { say } from './phrases.ts';

/**
 * Group-robot messages (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书): the SAME composed message as email
 * (`composeReminder`, `composeEscalation`, `composeCoordinatorDigest`, `composeAgencyDigest`), laid out in
 * each platform's markdown. No wording of its own. Pure: no clock, no I/O.
 */

/** One line of a robot message, by its role in the email's plain text. */
export interface RobotLine {
  /** `text` a sentence; `head` a line introducing a list; `item` a list entry; `code` a command; `gap` a paragraph break. */
  kind: 'text' | 'head' | 'item' | 'code' | 'gap';
  text: string;
}

/** A rendered message laid out for robots: title (the email subject), lines, an optional link. */
export interface RobotDoc {
  title: string;
  lines: RobotLine[];
  /** A link shown last (e.g. the contact's board page); kept when lines are cut. */
  link?: { text: string; url: string };
  lang: Lang;
}

/**
 * A composed message laid out for robots: title the email subject; what the email shows (not `only: 'chat'`),
 * a report's title first; a line introducing a list is its heading; the message's command a code line;
 * a section's link shown as its text and address (the group's own link comes as `link`).
 */
export function robotDocOfMessage(m: Message, link?: RobotDoc['link']): RobotDoc {
  const sep = say(m.lang).sep();
  const text = (l: Line) => plainLine(l, sep);
  const lines: RobotLine[] = [];
  const gap = () => {
    if (lines.length) lines.push({ kind: 'gap', text: '' });
  };
  if (m.greeting !== undefined) lines.push({ kind: 'text', text: m.greeting });
  else lines.push({ kind: 'text', text: m.title });
  for (const s of m.sections) {
    if (s.only === 'chat') continue;
    gap();
    const items = s.heading !== undefined ? [...s.lines, ...(s.list ?? [])] : (s.list ?? []);
    const head = s.heading !== undefined ? [s.heading] : s.lines;
    head.forEach((l, i) => {
      const t = text(l);
      lines.push({ kind: t === m.code ? 'code' : i === head.length - 1 && items.length ? 'head' : 'text', text: t });
    });
    for (const l of items) lines.push({ kind: 'item', text: text(l) });
    if (s.link) lines.push({ kind: 'text', text: s.link.href });
  }
  return { title: m.subject, lines, ...(link ? { link } : {}), lang: m.lang };
}

/**
 * Reads a message that comes as plain text only (no composed message: paragraphs separated by a blank
 * line, list entries `  - x` or lines indented by two spaces) into a {@link RobotDoc}.
 * A line followed by list entries is its heading; a `pprd …` line is a command.
 */
export function robotDocOf(rendered: { subject: string; text: string }, lang: Lang, link?: RobotDoc['link']): RobotDoc {
  const raw = rendered.text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const lines: RobotLine[] = raw.map((l): RobotLine => {
    if (!l.trim()) return { kind: 'gap', text: '' };
    if (/^ {2}- /.test(l)) return { kind: 'item', text: l.slice(4) };
    if (/^ {2}\S/.test(l)) return { kind: 'item', text: l.slice(2) };
    if (/^pprd /.test(l)) return { kind: 'code', text: l };
    return { kind: 'text', text: l };
  });
  lines.forEach((l, i) => {
    if (l.kind === 'text' && lines[i + 1]?.kind === 'item') l.kind = 'head';
  });
  return { title: rendered.subject, lines, ...(link ? { link } : {}), lang };
}

/** `…及其他N项` / `…and N more`: what stands for the lines cut to fit a platform's size limit. */
export function moreLine(n: number, lang: Lang): string {
  return say(lang).moreLines(n);
}

/** UTF-8 byte length (the platforms count bytes, not characters). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * Keeps the longest head of `doc.lines` whose rendering `render(lines)` is within `maxBytes` (UTF-8),
 * replacing the cut lines by one {@link moreLine} that counts them (paragraph breaks not counted).
 * Title and link are always kept (the renderer places them). Never rejects: with no line at all left it
 * still returns the title, the "more" line and the link.
 */
export function fitRobotDoc(doc: RobotDoc, maxBytes: number, render: (d: RobotDoc) => string): string {
  const whole = render(doc);
  if (utf8Bytes(whole) <= maxBytes) return whole;
  const counted = (ls: RobotLine[]) => ls.filter((l) => l.kind !== 'gap').length;
  // Binary search on the number of lines kept: rendering is monotone in the lines kept.
  let lo = 0;
  let hi = doc.lines.length - 1;
  const cut = (keep: number) => {
    const kept = doc.lines.slice(0, keep);
    while (kept.length && kept[kept.length - 1].kind === 'gap') kept.pop();
    const more: RobotLine = { kind: 'text', text: moreLine(counted(doc.lines.slice(kept.length)), doc.lang) };
    return render({ ...doc, lines: [...kept, more] });
  };
  let best = cut(0);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const out = cut(mid);
    if (utf8Bytes(out) <= maxBytes) {
      best = out;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Markdown dialects of the robots: WeCom's subset, DingTalk's. */
export type RobotMarkdownDialect = 'wecom' | 'dingtalk';

/**
 * Escapes text for robot markdown: `<` and `>` become full-width (WeCom reads `<@userid>` and HTML-like
 * tags, DingTalk HTML), markdown marks (`*`, `_`, `` ` ``, `[`, `]`, `#` at a line start) are backslash-escaped.
 */
export function escapeRobotMarkdown(s: string): string {
  return s
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/([\\*_`[\]])/g, '\\$1')
    .replace(/^#/, '\\#');
}

/**
 * Markdown of a robot message (before fitting): `### title`, heads in bold, list entries `- x`, commands
 * in backticks, the link last, then the `@mobile` mentions (DingTalk shows an @ only for a mobile that is
 * written in the text as well as listed in `at.atMobiles`).
 * DingTalk's markdown joins single line breaks, so its lines end with a blank line between them.
 */
export function renderRobotMarkdown(
  doc: RobotDoc,
  dialect: RobotMarkdownDialect,
  mentions: readonly string[] = [],
): string {
  const out: string[] = [`### ${escapeRobotMarkdown(doc.title)}`, ''];
  const brk = dialect === 'dingtalk' ? '\n\n' : '\n';
  let prev: RobotLine['kind'] = 'gap';
  let body = '';
  for (const l of doc.lines) {
    let s: string;
    if (l.kind === 'gap') {
      body += '\n';
      prev = 'gap';
      continue;
    }
    if (l.kind === 'head') s = `**${escapeRobotMarkdown(l.text)}**`;
    else if (l.kind === 'item') s = `- ${escapeRobotMarkdown(l.text)}`;
    else if (l.kind === 'code') s = `\`${l.text.replace(/`/g, "'")}\``;
    else s = escapeRobotMarkdown(l.text);
    // List entries follow each other on single lines in both dialects; other lines take the dialect's break.
    const sep =
      body === '' ? '' : prev === 'gap' ? '\n' : l.kind === 'item' && (prev === 'item' || prev === 'head') ? '\n' : brk;
    body += sep + s;
    prev = l.kind;
  }
  out.push(body);
  if (doc.link) out.push('', `[${escapeRobotMarkdown(doc.link.text)}](${doc.link.url})`);
  if (mentions.length) out.push('', mentions.map((m) => `@${m}`).join(' '));
  return out.join('\n');
}

/** A Feishu rich-text (`post`) element. */
export type FeishuPostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

/**
 * Feishu `post` content of a robot message: `{ zh_cn | en_us: { title, content: [[element…]…] } }`, one
 * paragraph per line (list entries `• x`), the link as an `a` element. Plain text needs no escaping.
 * (Feishu: 自定义机器人使用指南, 发送富文本消息 — https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot)
 */
export function renderFeishuPost(doc: RobotDoc): Record<string, { title: string; content: FeishuPostElement[][] }> {
  const content: FeishuPostElement[][] = [];
  for (const l of doc.lines) {
    if (l.kind === 'gap') content.push([{ tag: 'text', text: '' }]);
    else content.push([{ tag: 'text', text: l.kind === 'item' ? `• ${l.text}` : l.text }]);
  }
  if (doc.link) content.push([{ tag: 'a', text: doc.link.text, href: doc.link.url }]);
  return { [doc.lang === 'zh-CN' ? 'zh_cn' : 'en_us']: { title: doc.title, content } };
}
