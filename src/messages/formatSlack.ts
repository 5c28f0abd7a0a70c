/**
 * The Slack formatter (pure): a composed {@link Message} as Block Kit, within Slack's documented limits
 * for any catalog size (https://docs.slack.dev/reference/block-kit/blocks, …/composition-objects):
 * - at most 50 blocks per message (`MAX_BLOCKS`);
 * - a section's `text` at most 3000 characters (`MAX_SECTION_CHARS`);
 * - a header's plain text at most 150 characters; a button's text at most 75, its value at most 2000;
 * - a context block at most 10 elements.
 * Long lists are cut to what fits and end with "…and N more" / 「…等另外 N 个」.
 * Every message has a plain-text `text` fallback (notifications, screen readers).
 *
 * Text from the document or from users is escaped (`&`, `<`, `>` → `&amp;`, `&lt;`, `&gt;`, Slack's
 * "Escaping text" rules), so a name such as `<!channel>` shows as written and never pings anyone.
 */
import type { Button, Inline, Lang, Line, Message, OccurrenceRef, Section } from './model.ts';
import { say } from './phrases.ts';

/** Slack's limit: blocks per message. */
export const MAX_BLOCKS = 50;
/** Slack's limit: characters of a section block's text. */
export const MAX_SECTION_CHARS = 3000;
/** Slack's limit: characters of a header block's text. */
export const MAX_HEADER_CHARS = 150;
/** Our own cap for the `text` fallback (Slack truncates beyond 40 000; notifications show far less). */
export const MAX_FALLBACK_CHARS = 3000;

/** Action id of the "已报送 / Mark submitted" button. */
export const ACTION_SUBMIT = 'pprd_mark_submitted';
/** Action id of the "详情 / Details" button. */
export const ACTION_DETAILS = 'pprd_details';

/** A Block Kit block (kept loose: Slack's own types live in the shell's `@slack/types`). */
export type Block = Record<string, unknown>;

/** A rendered Slack message: `text` fallback plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Escapes `&`, `<`, `>` for Slack mrkdwn and `text` (Slack: "Escaping text"). Idempotence is not assumed. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `s` to `max` characters, ending with `…` when cut. */
export function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Joins already-escaped lines under an optional title into one section text of at most `max`
 * characters; lines that do not fit are replaced by one "…and N more" line.
 */
export function fitLines(title: string, lines: string[], lang: Lang, max = MAX_SECTION_CHARS): string {
  const w = say(lang);
  const head = title ? `${title}\n` : '';
  if (lines.length === 0) return `${head}${w.noneItalic()}`;
  const out: string[] = [];
  let len = head.length;
  for (let i = 0; i < lines.length; i++) {
    const line = cut(lines[i], max - head.length - 40);
    const left = lines.length - i - 1;
    // Keep room for the "…and N more" line the following lines may need.
    const reserve = left > 0 ? w.more(left).length + 1 : 0;
    const sep = out.length ? 1 : 0;
    if (len + sep + line.length + reserve > max) {
      out.push(w.more(lines.length - i));
      break;
    }
    out.push(line);
    len += sep + line.length;
  }
  return head + out.join('\n');
}

/** Joins names (escaped) with 、 or `, ` into at most `max` chars, ending with "…and N more". */
export function fitNames(names: readonly string[], lang: Lang, max = 1200): string {
  const w = say(lang);
  const sep = w.sep();
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const piece = (i ? sep : '') + escapeSlack(names[i]);
    const reserve = w.more(names.length).length + 1;
    if (out.length + piece.length + (i < names.length - 1 ? reserve : 0) > max) {
      return `${out} ${w.more(names.length - i)}`;
    }
    out += piece;
  }
  return out;
}

/**
 * Splits already-escaped lines into section texts of at most `max` characters each, at most
 * `maxSections` of them; when the lines need more, the last section ends with "…and N more" /
 * 「…等另外 N 个」 (Slack: ≤ 3000 characters per section, ≤ 50 blocks per message).
 */
export function chunkLines(lines: string[], lang: Lang, maxSections: number, max = MAX_SECTION_CHARS): string[] {
  const sections: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (sections.length === maxSections - 1) {
      sections.push(fitLines('', lines.slice(i), lang, max));
      break;
    }
    let cur = '';
    while (i < lines.length) {
      const line = cut(lines[i], max);
      const next = cur ? `${cur}\n${line}` : line;
      if (next.length > max) break;
      cur = next;
      i++;
    }
    sections.push(cur);
  }
  return sections;
}

/**
 * Encodes the occurrence a button acts on (`{"c","p","a"}` JSON, ≤ 2000 chars: Slack's limit for a button value).
 * @throws Error when the encoded value would exceed 2000 characters.
 */
export function encodeOccurrenceRef(ref: OccurrenceRef): string {
  const v = JSON.stringify({ c: ref.cycle, p: ref.period, a: ref.agency });
  if (v.length > 2000)
    throw new Error(`button value too long (${v.length} > 2000 chars) for ${ref.cycle}/${ref.period}`);
  return v;
}

/** Decodes a button value written by `encodeOccurrenceRef`; null when it is not one. */
export function decodeOccurrenceRef(value: string | undefined): OccurrenceRef | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { c?: unknown; p?: unknown; a?: unknown };
    if (typeof v.c === 'string' && typeof v.p === 'string' && typeof v.a === 'string' && v.c && v.p && v.a) {
      return { cycle: v.c, period: v.p, agency: v.a };
    }
  } catch {
    // not ours
  }
  return null;
}

/**
 * Who recorded something, for Slack text: `slack:U…` (or a bare `U…`/`W…` id) becomes a mention
 * `<@U…>`; anything else (`cli`, a name) is escaped text.
 */
export function slackWho(by: string): string {
  const m = /^(?:slack:)?([UW][A-Z0-9]{2,})$/.exec(by);
  return m ? `<@${m[1]}>` : escapeSlack(by);
}

/** A line as Slack mrkdwn: text escaped, `strong` in `*…*`, `code` in backticks, names fitted to their budget. */
export function mrkdwnLine(l: Line, lang: Lang): string {
  if (typeof l === 'string') return escapeSlack(l);
  return l
    .map((p: Inline) =>
      typeof p === 'string'
        ? escapeSlack(p)
        : 'strong' in p
          ? `*${escapeSlack(p.strong)}*`
          : 'code' in p
            ? `\`${escapeSlack(p.code)}\``
            : fitNames(p.names, lang, p.budget),
    )
    .join('');
}

/** A line as escaped plain text (the notification fallback): no marks, names fitted. */
function plainSlackLine(l: Line, lang: Lang): string {
  if (typeof l === 'string') return escapeSlack(l);
  return l
    .map((p) =>
      typeof p === 'string'
        ? escapeSlack(p)
        : 'strong' in p
          ? escapeSlack(p.strong)
          : 'code' in p
            ? escapeSlack(p.code)
            : fitNames(p.names, lang, p.budget),
    )
    .join('');
}

/**
 * Collects blocks and keeps Slack's limits: a section longer than 3000 characters is cut
 * (callers use `fitLines` first), and past `MAX_BLOCKS - 1` blocks the rest is summarised in one
 * context block "…and N more".
 */
class BlockList {
  readonly blocks: Block[] = [];
  private dropped = 0;
  constructor(private readonly lang: Lang) {}
  push(b: Block): void {
    if (this.blocks.length >= MAX_BLOCKS - 1) {
      this.dropped++;
      return;
    }
    this.blocks.push(b);
  }
  section(mrkdwn: string): void {
    this.push({ type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn, MAX_SECTION_CHARS) } });
  }
  context(mrkdwn: string): void {
    this.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn, MAX_SECTION_CHARS) }] });
  }
  done(): Block[] {
    const out = [...this.blocks];
    if (this.dropped > 0)
      out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: say(this.lang).more(this.dropped) }] });
    return out;
  }
}

/** The lines of a section as escaped mrkdwn, list entries as `• x`. */
function sectionLines(s: Section, lang: Lang): string[] {
  return [...s.lines.map((l) => mrkdwnLine(l, lang)), ...(s.list ?? []).map((l) => `• ${mrkdwnLine(l, lang)}`)];
}

function buttonBlock(b: Button, lang: Lang): Block {
  const w = say(lang);
  return b.action === 'submit'
    ? {
        type: 'button',
        action_id: ACTION_SUBMIT,
        style: 'primary',
        text: { type: 'plain_text', text: w.buttonSubmit() },
        value: encodeOccurrenceRef(b.ref),
      }
    : {
        type: 'button',
        action_id: ACTION_DETAILS,
        text: { type: 'plain_text', text: w.buttonDetails() },
        value: encodeOccurrenceRef(b.ref),
      };
}

/**
 * Formats a composed message as Block Kit: the title as a header (when it has one), each section
 * shown in chat (not `only: 'email'`) as a section block — its heading in bold over its lines, fitted
 * to 3000 characters with "…and N more", or spread over `chunks` sections — or as a context block for
 * `tone: 'note'`; the buttons last, in one actions block. The `text` fallback is the title and the
 * sections marked `summary`.
 */
export function formatSlack(m: Message, opts: { header?: boolean } = {}): SlackMessage {
  const lang = m.lang;
  const out = new BlockList(lang);
  const fallback: string[] = [];
  if (opts.header !== false && m.title) {
    out.push({ type: 'header', text: { type: 'plain_text', text: cut(m.title, MAX_HEADER_CHARS), emoji: true } });
    fallback.push(escapeSlack(m.title));
  }
  for (const s of m.sections) {
    if (s.only === 'email') continue;
    const lines = sectionLines(s, lang);
    if (s.summary === true) fallback.push(...s.lines.map((l) => plainSlackLine(l, lang)));
    else if (s.summary) fallback.push(escapeSlack(s.summary));
    if (s.tone === 'note') {
      out.context(lines.join('\n'));
      continue;
    }
    const heading = s.heading === undefined || s.heading === '' ? '' : `*${mrkdwnLine(s.heading, lang)}*`;
    if (s.chunks) {
      const intro = s.lines.map((l) => mrkdwnLine(l, lang)).join('\n');
      if (intro) out.section(intro);
      for (const text of chunkLines(
        (s.list ?? []).map((l) => `• ${mrkdwnLine(l, lang)}`),
        lang,
        s.chunks,
      ))
        out.section(text);
    } else if (s.heading !== undefined || lines.length > 1) out.section(fitLines(heading, lines, lang));
    else out.section(lines.join('\n'));
  }
  if (m.buttons?.length)
    out.push({
      type: 'actions',
      block_id: 'pprd_reminder_actions',
      elements: m.buttons.map((b) => buttonBlock(b, lang)),
    });
  return { text: cut(fallback.join('\n'), MAX_FALLBACK_CHARS), blocks: out.done() };
}

/** A one-section notice from Slack text that is already escaped mrkdwn (errors, refusals, confirmations); its fallback without `*`. */
export function slackNotice(mrkdwn: string, lang: Lang): SlackMessage {
  const out = new BlockList(lang);
  out.section(mrkdwn);
  return { text: cut(mrkdwn.replace(/\*/g, ''), MAX_FALLBACK_CHARS), blocks: out.done() };
}
