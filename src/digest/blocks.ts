/**
 * Block Kit rendering (pure): reminders with their two buttons, answers to `/pprd`, and the
 * coordinators' digest. No I/O, no clock: every date comes in the view.
 *
 * Slack's documented limits this module keeps for any catalog size
 * (https://docs.slack.dev/reference/block-kit/blocks, …/composition-objects):
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

import { agencyTasks } from './agencyTasks.ts';
import { targetIdOf } from '../schedule/cycleId.ts';
import { daysBetween, daysPhrase, DEFAULT_SUBMIT_TO, type Lang, localDate, targetReportName, weekdayOf } from './format.ts';
import type { ReminderRenderInput } from './renderReminder.ts';
import { type EscalationSummaryInput, escalationHeadline, escalationView } from './renderEscalation.ts';

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

/** The occurrence a reminder button refers to: cycle id, period label, canonical agency name. */
export interface OccurrenceRef {
  cycle: string;
  period: string;
  agency: string;
}

/** State of an occurrence, as the planner names it. */
export type LineState = 'open' | 'overdue' | 'submitted' | 'excused' | 'before-deployment';

/** One occurrence in a list (due soon, overdue, escalated). */
export interface OccurrenceLine extends OccurrenceRef {
  /** Cycle's display name, e.g. `泛珠合作事项半年报送`. */
  cycleName?: string;
  /** Due date `YYYY-MM-DD` (after extensions). */
  due: string;
  state: LineState;
  /** Calendar days from the view's date to `due`; negative when overdue. */
  daysLeft: number;
  provisional: boolean;
  /** True when coordinators were told (escalation). */
  escalated?: boolean;
  /** ISO instant of the submission, when submitted. */
  closedAt?: string;
}

/** The current round (period) of one cycle. */
export interface RoundSummary {
  cycle: string;
  cycleName: string;
  /** Period label, e.g. `2026H1`. */
  period: string;
  /** Due date `YYYY-MM-DD`. */
  due: string;
  /** Occurrences in scope (agencies that owe this round). */
  total: number;
  /** Of which submitted or excused. */
  submitted: number;
  /** Agencies not yet submitted, in catalog order. */
  missing: string[];
  /** Agencies past the due date and not submitted. */
  overdue: string[];
  /** Agencies escalated to coordinators. */
  escalated: string[];
  /** Occurrences of the round recorded as before deployment (`pprd history`): neither submitted nor missing. */
  beforeDeployment?: number;
  provisional: boolean;
}

/** A cycle's rounds recorded as before deployment (`pprd history --until`): not tracked, not overdue. */
export interface BeforeDeploymentLine {
  cycle: string;
  cycleName: string;
  /** First and last period labels of those rounds, e.g. `2017H1` and `2026H1`. */
  first: string;
  last: string;
  /** How many rounds (periods) and occurrences are before deployment. */
  rounds: number;
  occurrences: number;
}

/** A 2020 target line. */
export interface TargetLine {
  id: string;
  text: string;
  /** `YYYY-MM-DD`. */
  deadline: string;
  responsible: string[];
  /** Calendar days from the view's date to the deadline; negative when past. */
  daysLeft: number;
  /** `achieved` | `partly` | `missed`, or null when none is recorded. */
  outcome: string | null;
  /** Latest progress note, when any. */
  progress?: string | null;
}

/** A delivery that gave up (dead) or keeps failing. */
export interface FailedDeliveryLine {
  /** What it was: reminder or digest key. */
  what: string;
  channel: string;
  recipient: string;
  /** Short error detail, e.g. `550` or `channel_not_found`. */
  error: string;
}

/** What `/pprd status` shows. */
export interface StatusView {
  /** The date the view is computed for, `YYYY-MM-DD` (local). */
  asOf: string;
  /** `all` for coordinators, else the agencies of the asking contact. */
  scope: 'all' | string[];
  rounds: RoundSummary[];
  /** Cycles the config lists with no due date (三(四) progress report): "no schedule set". */
  unscheduled: { cycle: string; cycleName: string }[];
  /** Overdue occurrences in scope, oldest first. */
  overdue: OccurrenceLine[];
  failed?: FailedDeliveryLine[];
  /** Years planned on Monday-Friday because holiday data is missing. */
  provisionalYears?: number[];
  /** Rounds recorded as before deployment, per cycle (absent or empty: none). */
  beforeDeployment?: BeforeDeploymentLine[];
}

/** The coordinators' digest. */
export interface DigestView extends StatusView {
  /** Occurrences due within `dueWindowDays`, soonest first. */
  dueSoon: OccurrenceLine[];
  dueWindowDays: number;
  escalations: OccurrenceLine[];
  /** Targets with no recorded outcome. */
  targets: TargetLine[];
}

/** A reminder to an agency's contact. */
export interface ReminderView extends OccurrenceRef {
  kind: 'before' | 'due' | 'overdue' | 'escalation';
  cycleName: string;
  /** `YYYY-MM-DD`. */
  due: string;
  /** Weekday of the due date in the message language, e.g. `星期二` / `Tuesday`. Optional: derived if absent. */
  dueWeekday?: string;
  /** Calendar days left (negative = days overdue). */
  daysLeft: number;
  /** To whom the report goes, e.g. `省泛珠办`. */
  submitTo: string;
  tasksLed: { id: string; title: string }[];
  tasksSupported: { id: string; title: string }[];
  provisional: boolean;
  /** True when sent late after downtime (catch-up). */
  late?: boolean;
}

/** `/pprd agency NAME`. */
export interface AgencyView {
  name: string;
  fullName?: string;
  group: boolean;
  led: { id: string; title: string }[];
  supported: { id: string; title: string }[];
  targets: { id: string; text: string; deadline: string }[];
  /** Its open deadlines (`openDeadlines`): every overdue occurrence and the next open one of each cycle, soonest first. */
  open: OccurrenceLine[];
}

/** `/pprd task ID`. */
export interface TaskView {
  id: string;
  section: string;
  sectionTitle: string;
  title: string;
  assignments: { lead: string[]; support: string[] }[];
  targets: { id: string; text: string; deadline: string }[];
}

// ---------------------------------------------------------------- text helpers

/** Escapes `&`, `<`, `>` for Slack mrkdwn and `text` (Slack: "Escaping text"). Idempotence is not assumed. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const T = {
  more: (n: number, lang: Lang) => (lang === 'en' ? `…and ${n} more` : `…等另外 ${n} 个`),
  none: (lang: Lang) => (lang === 'en' ? '_none_' : '_无_'),
  provisional: (lang: Lang) =>
    lang === 'en' ? '⚠️ provisional: that year has no official holiday data yet (Monday-Friday assumed)' : '⚠️ 暂定：该年度官方节假日安排尚未录入，按周一至周五计算',
};

/** Cuts `s` to `max` characters, ending with `…` when cut. */
function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Joins already-escaped lines under an optional title into one section text of at most `max`
 * characters; lines that do not fit are replaced by one "…and N more" line.
 */
export function fitLines(title: string, lines: string[], lang: Lang, max = MAX_SECTION_CHARS): string {
  const head = title ? `${title}\n` : '';
  if (lines.length === 0) return `${head}${T.none(lang)}`;
  const out: string[] = [];
  let len = head.length;
  for (let i = 0; i < lines.length; i++) {
    const line = cut(lines[i], max - head.length - 40);
    const left = lines.length - i - 1;
    // Keep room for the "…and N more" line the following lines may need.
    const reserve = left > 0 ? T.more(left, lang).length + 1 : 0;
    const sep = out.length ? 1 : 0;
    if (len + sep + line.length + reserve > max) {
      out.push(T.more(lines.length - i, lang));
      break;
    }
    out.push(line);
    len += sep + line.length;
  }
  return head + out.join('\n');
}

/** Joins names (escaped) with 、 or `, ` into at most `max` chars, ending with "…and N more". */
export function fitNames(names: string[], lang: Lang, max = 1200): string {
  const sep = lang === 'en' ? ', ' : '、';
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const piece = (i ? sep : '') + escapeSlack(names[i]);
    const reserve = T.more(names.length, lang).length + 1;
    if (out.length + piece.length + (i < names.length - 1 ? reserve : 0) > max) {
      return `${out} ${T.more(names.length - i, lang)}`;
    }
    out += piece;
  }
  return out;
}

/**
 * Collects blocks and keeps Slack's limits: a section longer than 3000 characters is cut
 * (callers use `fitLines` first), and past `MAX_BLOCKS - 1` blocks the rest is summarised in one
 * context block "…and N more".
 */
class MessageBuilder {
  private readonly blocks: Block[] = [];
  private dropped = 0;
  private readonly fallback: string[] = [];
  constructor(private readonly lang: Lang) {}

  private push(b: Block): void {
    if (this.blocks.length >= MAX_BLOCKS - 1) {
      this.dropped++;
      return;
    }
    this.blocks.push(b);
  }
  /** Header from fixed labels plus escaped names; plain text, cut to 150. */
  header(text: string): this {
    this.push({ type: 'header', text: { type: 'plain_text', text: cut(text, MAX_HEADER_CHARS), emoji: true } });
    this.fallback.push(escapeSlack(text));
    return this;
  }
  /** A section with already-escaped mrkdwn text. */
  section(mrkdwn: string, fallback?: string): this {
    this.push({ type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn, MAX_SECTION_CHARS) } });
    if (fallback !== undefined) this.fallback.push(fallback);
    return this;
  }
  /** A context line (small grey text), already-escaped mrkdwn. */
  context(mrkdwn: string): this {
    this.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn, MAX_SECTION_CHARS) }] });
    return this;
  }
  divider(): this {
    this.push({ type: 'divider' });
    return this;
  }
  actions(elements: Block[], blockId?: string): this {
    this.push({ type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements });
    return this;
  }
  /** Adds to the plain-text fallback only. */
  note(text: string): this {
    this.fallback.push(text);
    return this;
  }
  build(): SlackMessage {
    const blocks = [...this.blocks];
    if (this.dropped > 0) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: T.more(this.dropped, this.lang) }] });
    }
    return { text: cut(this.fallback.join('\n'), MAX_FALLBACK_CHARS), blocks };
  }
}

/** Days left / overdue, worded as in the email (`format.ts`). */
function daysText(daysLeft: number, lang: Lang): string {
  return daysPhrase(daysLeft, lang);
}

function occLine(o: OccurrenceLine, lang: Lang, withAgency = true): string {
  const who = withAgency ? `*${escapeSlack(o.agency)}* · ` : '';
  const name = escapeSlack(o.cycleName ?? o.cycle);
  const flags = `${o.escalated ? (lang === 'en' ? ' · escalated' : ' · 已督办') : ''}${o.provisional ? (lang === 'en' ? ' · provisional' : ' · 暂定') : ''}`;
  return `• ${who}${name} ${escapeSlack(o.period)} · ${o.due} · ${daysText(o.daysLeft, lang)}${flags}`;
}

/**
 * Overdue occurrences grouped by round (cycle and period, in the given order): one line per round
 * with its due date, how many agencies and their names (cut with "…and N more"), escalations counted.
 * A board with years of unrecorded rounds then reads as a few lines, not hundreds.
 */
function overdueLines(lines: OccurrenceLine[], lang: Lang): string[] {
  const groups = new Map<string, OccurrenceLine[]>();
  for (const o of lines) {
    const k = `${o.cycle}\u0000${o.period}`;
    const g = groups.get(k);
    if (g) g.push(o);
    else groups.set(k, [o]);
  }
  return [...groups.values()].map((g) => {
    const o = g[0];
    const name = escapeSlack(o.cycleName ?? o.cycle);
    const esc = g.filter((x) => x.escalated).length;
    const prov = g.some((x) => x.provisional) ? (lang === 'en' ? ', provisional' : '，暂定') : '';
    const head =
      lang === 'en'
        ? `• *${name} ${escapeSlack(o.period)}* (due ${o.due}, ${daysText(o.daysLeft, lang)}${prov}): ${g.length} agenc${g.length === 1 ? 'y' : 'ies'}${esc ? `, ${esc} escalated` : ''}`
        : `• *${name} ${escapeSlack(o.period)}*（截止 ${o.due}，${daysText(o.daysLeft, lang)}${prov}）：${g.length} 个单位${esc ? `，已督办 ${esc} 个` : ''}`;
    return `${head} — ${fitNames(
      g.map((x) => x.agency),
      lang,
      360,
    )}`;
  });
}

function roundText(r: RoundSummary, lang: Lang): string {
  const name = escapeSlack(r.cycleName);
  const head =
    lang === 'en'
      ? `*${name}* ${escapeSlack(r.period)} (due ${r.due}${r.provisional ? ', provisional' : ''}): submitted *${r.submitted}* of *${r.total}*`
      : `*${name}* ${escapeSlack(r.period)}（截止 ${r.due}${r.provisional ? '，暂定' : ''}）：已报送 *${r.submitted}* / *${r.total}*`;
  const parts = [head];
  if (r.beforeDeployment) parts.push(lang === 'en' ? `Before deployment: ${r.beforeDeployment}` : `部署前（未跟踪）：${r.beforeDeployment}`);
  const budget = Math.floor((MAX_SECTION_CHARS - head.length - 100) / 3);
  if (r.missing.length) parts.push(`${lang === 'en' ? 'Missing' : '未报送'} (${r.missing.length}): ${fitNames(r.missing, lang, budget)}`);
  if (r.overdue.length) parts.push(`${lang === 'en' ? 'Overdue' : '已逾期'} (${r.overdue.length}): ${fitNames(r.overdue, lang, budget)}`);
  if (r.escalated.length) parts.push(`${lang === 'en' ? 'Escalated' : '已督办'} (${r.escalated.length}): ${fitNames(r.escalated, lang, budget)}`);
  return parts.join('\n');
}

function roundFallback(r: RoundSummary, lang: Lang): string {
  const before = r.beforeDeployment ? (lang === 'en' ? `, before deployment ${r.beforeDeployment}` : `，部署前 ${r.beforeDeployment}`) : '';
  return lang === 'en'
    ? `${r.cycleName} ${r.period}: submitted ${r.submitted} of ${r.total}, missing ${r.missing.length}, overdue ${r.overdue.length}, escalated ${r.escalated.length}${before}`
    : `${r.cycleName} ${r.period}：已报送 ${r.submitted}/${r.total}，未报送 ${r.missing.length}，逾期 ${r.overdue.length}，已督办 ${r.escalated.length}${before}`;
}

/** One line per cycle with rounds before deployment: `泛珠合作事项半年报送 2017H1–2026H1：19 轮，部署前，未跟踪`. */
export function beforeDeploymentText(l: BeforeDeploymentLine, lang: Lang): string {
  const range = l.first === l.last ? l.first : `${l.first}–${l.last}`;
  return lang === 'en'
    ? `${l.cycleName} ${range}: ${l.rounds} round${l.rounds === 1 ? '' : 's'} before deployment (${l.occurrences} reports not tracked, not overdue)`
    : `${l.cycleName} ${range}：${l.rounds} 轮为部署前（${l.occurrences} 项不跟踪、不计逾期）`;
}

// ---------------------------------------------------------------- buttons

/**
 * Encodes the occurrence a button acts on (`{"c","p","a"}` JSON, ≤ 2000 chars: Slack's limit for a button value).
 * @throws Error when the encoded value would exceed 2000 characters.
 */
export function encodeOccurrenceRef(ref: OccurrenceRef): string {
  const v = JSON.stringify({ c: ref.cycle, p: ref.period, a: ref.agency });
  if (v.length > 2000) throw new Error(`button value too long (${v.length} > 2000 chars) for ${ref.cycle}/${ref.period}`);
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

function buttons(ref: OccurrenceRef): Block[] {
  const value = encodeOccurrenceRef(ref);
  return [
    { type: 'button', action_id: ACTION_SUBMIT, style: 'primary', text: { type: 'plain_text', text: '已报送 / Mark submitted' }, value },
    { type: 'button', action_id: ACTION_DETAILS, text: { type: 'plain_text', text: '详情 / Details' }, value },
  ];
}

// ---------------------------------------------------------------- renderers

/**
 * A reminder for one occurrence, with the buttons "已报送 / Mark submitted" (`ACTION_SUBMIT`) and
 * "详情 / Details" (`ACTION_DETAILS`), both carrying the occurrence in their value.
 * Facts as in the email: which report, period, to whom, due date and weekday, days left or overdue,
 * the agency's own tasks, how to mark it submitted, provisional calendar, late (catch-up) notice.
 */
export function renderReminderBlocks(v: ReminderView, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  const agency = escapeSlack(v.agency);
  const name = escapeSlack(v.cycleName);
  const period = escapeSlack(v.period);
  const weekday = v.dueWeekday ?? weekdayOf(v.due, lang);
  const esc = v.kind === 'escalation';
  const title = esc
    ? lang === 'en'
      ? `Not submitted: ${v.cycleName} ${v.period}`
      : `督办：${v.cycleName} ${v.period} 未报送`
    : lang === 'en'
      ? v.daysLeft < 0
        ? `Overdue: ${v.cycleName} ${v.period}`
        : `Reminder: ${v.cycleName} ${v.period}`
      : v.daysLeft < 0
        ? `逾期提醒：${v.cycleName} ${v.period}`
        : `报送提醒：${v.cycleName} ${v.period}`;
  // Header text is plain_text (not parsed for mentions); its fallback copy is escaped by the builder.
  b.header(title);
  const facts = esc
    ? lang === 'en'
      ? `*${agency}* has not submitted *${name}* for *${period}* to *${escapeSlack(v.submitTo)}*.\nDue *${v.due}* (${weekday}), *${daysText(v.daysLeft, lang)}*.`
      : `*${agency}* 尚未向 *${escapeSlack(v.submitTo)}* 报送 *${name}*（*${period}*）。\n截止日期 *${v.due}*（${weekday}），*${daysText(v.daysLeft, lang)}*。`
    : lang === 'en'
      ? `*${agency}*: your report *${name}* for *${period}* goes to *${escapeSlack(v.submitTo)}*.\nDue *${v.due}* (${weekday}), *${daysText(v.daysLeft, lang)}*.`
      : `*${agency}*：请向 *${escapeSlack(v.submitTo)}* 报送 *${name}*（*${period}*）。\n截止日期 *${v.due}*（${weekday}），*${daysText(v.daysLeft, lang)}*。`;
  b.section(
    facts,
    lang === 'en'
      ? `${escapeSlack(v.agency)}: ${escapeSlack(v.cycleName)} ${escapeSlack(v.period)} due ${v.due} (${weekday}), ${daysText(v.daysLeft, lang)}, to ${escapeSlack(v.submitTo)}`
      : `${escapeSlack(v.agency)}：${escapeSlack(v.cycleName)} ${escapeSlack(v.period)} 截止 ${v.due}（${weekday}），${daysText(v.daysLeft, lang)}，报送 ${escapeSlack(v.submitTo)}`,
  );
  if (v.late) b.context(lang === 'en' ? 'Sent late: the reminder service was down when this was due.' : '补发：原定发送时服务暂停。');
  if (v.provisional) b.context(T.provisional(lang));
  const taskLine = (t: { id: string; title: string }) => `• ${escapeSlack(t.id)} ${escapeSlack(t.title)}`;
  if (v.tasksLed.length || v.tasksSupported.length) {
    const half = Math.floor(MAX_SECTION_CHARS / 2) - 20;
    const led = fitLines(lang === 'en' ? '*Tasks you lead*' : '*牵头任务*', v.tasksLed.map(taskLine), lang, half);
    const sup = fitLines(lang === 'en' ? '*Tasks you support*' : '*配合任务*', v.tasksSupported.map(taskLine), lang, half);
    b.section(`${led}\n${sup}`);
  }
  b.context(
    lang === 'en'
      ? `Once sent, click *Mark submitted* (or \`/pprd submit ${escapeSlack(v.cycle)} ${period}\`); reminders then stop on every channel.`
      : `报送后请点击「已报送」（或输入 \`/pprd 报送 ${escapeSlack(v.cycle)} ${period}\`），所有渠道的提醒随即停止。`,
  );
  b.actions(buttons(v), 'pprd_reminder_actions');
  return b.build();
}


/**
 * The Slack form of a reminder, from the same input as the email's `renderReminder`: the facts,
 * the agency's tasks (lead and support), late and provisional notes, and the two buttons.
 * Escalations (to coordinators) name the agency and carry the buttons too, so a coordinator can
 * record the submission when it arrives.
 */
export function renderReminderSlack(input: ReminderRenderInput): SlackMessage {
  const r = input.reminder;
  const lang: Lang = input.to.language === 'en' ? 'en' : 'zh-CN';
  let cycleName = input.cycle?.name ?? r.cycle;
  const id = targetIdOf(r.cycle);
  if (id !== null) {
    cycleName = targetReportName(id, lang);
  }
  const tasks = agencyTasks(input.catalog, r.agency);
  return renderReminderBlocks(
    {
      kind: r.kind,
      cycle: r.cycle,
      period: r.period,
      agency: r.agency,
      cycleName,
      due: r.due,
      daysLeft: daysBetween(localDate(input.now, input.timezone), r.due),
      submitTo: input.cycle?.submitTo ?? DEFAULT_SUBMIT_TO,
      tasksLed: tasks.filter((t) => t.role === 'lead'),
      tasksSupported: tasks.filter((t) => t.role === 'support'),
      provisional: r.dueProvisional,
      late: input.late,
    },
    lang,
  );
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

/** Sections the agency list of a folded escalation may use: 30 000 characters, about 300 agencies of one contact each (well under the 50 blocks). */
const ESCALATION_LIST_SECTIONS = 10;

/**
 * The Slack form of a folded escalation (same input as the email's `renderEscalationSummary`): a
 * header 「泛珠合作事项半年报送 2020H1：以下 N 个单位逾期 5 个工作日仍未报送」, then one line per agency
 * (due date, days overdue, contacts' names and emails) over as many sections as needed, each ≤ 3000
 * characters, at most 10 of them (the last ends with 「…等另外 N 个」), late and provisional notes, and
 * how to record a submission. Every name is escaped; no buttons (one per agency would exceed an
 * actions block's 25 elements). Within Slack's limits for any number of agencies.
 * @throws Error when `entries` is empty.
 */
export function renderEscalationSummarySlack(input: EscalationSummaryInput): SlackMessage {
  const lang: Lang = input.to.language === 'en' ? 'en' : 'zh-CN';
  const v = escalationView(input, lang);
  const b = new MessageBuilder(lang);
  const headline = escalationHeadline(v, lang);
  b.header(`${v.cycleName} ${v.period}${lang === 'en' ? ': ' : '：'}${headline}`);
  const name = escapeSlack(v.cycleName);
  const period = escapeSlack(v.period);
  const n = v.lines.length;
  b.section(
    lang === 'en'
      ? `*${n}* ${n === 1 ? 'agency has' : 'agencies have'} not submitted *${name}* for *${period}* to *${escapeSlack(v.submitTo)}*, ${v.workingDays} working days after the due date:`
      : `以下 *${n}* 个单位逾期 ${v.workingDays} 个工作日仍未向 *${escapeSlack(v.submitTo)}* 报送 *${name}*（*${period}*）：`,
    `${escapeSlack(v.cycleName)} ${period}: ${escapeSlack(headline)} — ${fitNames(
      v.lines.map((l) => l.agency),
      lang,
      2000,
    )}`,
  );
  if (v.late) b.context(lang === 'en' ? `Sent late: planned for ${v.date} ${v.time}, when the reminder service was down.` : `补发：原定于 ${v.date} ${v.time} 发送，当时服务暂停。`);
  const lines = v.lines.map((l) => {
    const contacts = l.contacts.length
      ? l.contacts.map((c) => `${escapeSlack(c.name)} ${escapeSlack(`<${c.email}>`)}`).join(lang === 'en' ? ', ' : '、')
      : lang === 'en'
        ? '_no contact_'
        : '_无联络人_';
    const prov = l.provisional ? (lang === 'en' ? ' · provisional' : ' · 暂定') : '';
    return lang === 'en'
      ? `• *${escapeSlack(l.agency)}* · due ${l.due}${prov} · ${daysText(l.daysLeft, lang)} · ${contacts}`
      : `• *${escapeSlack(l.agency)}* · 截止 ${l.due}${prov} · ${daysText(l.daysLeft, lang)} · 联络人 ${contacts}`;
  });
  for (const text of chunkLines(lines, lang, ESCALATION_LIST_SECTIONS)) b.section(text);
  if (v.provisional) b.context(T.provisional(lang));
  b.context(
    lang === 'en'
      ? `When a report arrives: \`/pprd submit ${escapeSlack(v.cycle)} ${period} AGENCY\` — reminders for it then stop on every channel.`
      : `收到报送后请输入 \`/pprd 报送 ${escapeSlack(v.cycle)} ${period} 单位\` 登记，该单位的提醒随即停止。`,
  );
  return b.build();
}

/**
 * Who recorded something, for Slack text: `slack:U…` (or a bare `U…`/`W…` id) becomes a mention
 * `<@U…>`; anything else (`cli`, a name) is escaped text.
 */
export function slackWho(by: string): string {
  const m = /^(?:slack:)?([UW][A-Z0-9]{2,})$/.exec(by);
  return m ? `<@${m[1]}>` : escapeSlack(by);
}

/**
 * The reminder message after it was marked submitted: the occurrence, who recorded it
 * (`slack:U…` → a mention, see `slackWho`) and when (`atLocal`, already formatted), no buttons.
 */
export function renderSubmittedBlocks(ref: OccurrenceRef & { cycleName?: string }, by: string, atLocal: string, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  const what = `*${escapeSlack(ref.agency)}* · ${escapeSlack(ref.cycleName ?? ref.cycle)} ${escapeSlack(ref.period)}`;
  const text =
    lang === 'en'
      ? `✅ ${what}: marked submitted by ${slackWho(by)} at ${escapeSlack(atLocal)}. No more reminders for it.`
      : `✅ ${what}：已由 ${slackWho(by)} 于 ${escapeSlack(atLocal)} 标记为已报送，不再提醒。`;
  b.section(text, text.replace(/\*/g, ''));
  return b.build();
}

/** A one-section notice (errors, refusals, confirmations). `mrkdwn` must already be escaped. */
export function renderNotice(mrkdwn: string, lang: Lang = 'zh-CN'): SlackMessage {
  return new MessageBuilder(lang).section(mrkdwn, mrkdwn.replace(/\*/g, '')).build();
}

/** `/pprd status`: each current round, the overdue list, unscheduled cycles, failures, provisional years. */
export function renderStatusBlocks(v: StatusView, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  const scope = v.scope === 'all' ? (lang === 'en' ? 'all agencies' : '全部单位') : fitNames(v.scope, lang, 120);
  b.header(lang === 'en' ? `Status on ${v.asOf}` : `报送情况 ${v.asOf}`);
  b.context(`${lang === 'en' ? 'Scope' : '范围'}: ${scope}`);
  addStatusBody(b, v, lang);
  return b.build();
}

function addStatusBody(b: MessageBuilder, v: StatusView, lang: Lang): void {
  if (v.rounds.length === 0) b.section(lang === 'en' ? 'No current round.' : '当前没有报送轮次。', lang === 'en' ? 'No current round.' : '当前没有报送轮次。');
  for (const r of v.rounds) b.section(roundText(r, lang), roundFallback(r, lang));
  if (v.overdue.length) {
    b.section(
      fitLines(`*${lang === 'en' ? 'Overdue' : '逾期未报'} (${v.overdue.length})*`, overdueLines(v.overdue, lang), lang),
      `${lang === 'en' ? 'Overdue' : '逾期未报'}: ${v.overdue.length}`,
    );
  }
  boardFooter(b, v, lang);
}

/** The end of a status answer and of the digest: cycles with no schedule, failed deliveries, provisional years. */
function boardFooter(b: MessageBuilder, v: StatusView, lang: Lang): void {
  if (v.beforeDeployment?.length) b.context(v.beforeDeployment.map((l) => escapeSlack(beforeDeploymentText(l, lang))).join('\n'));
  if (v.unscheduled.length) {
    b.context(
      `${lang === 'en' ? 'No schedule set' : '未设定报送时间'}: ${fitNames(
        v.unscheduled.map((u) => u.cycleName),
        lang,
      )}`,
    );
  }
  if (v.failed?.length) {
    b.section(
      fitLines(
        `*${lang === 'en' ? 'Failed deliveries' : '发送失败'} (${v.failed.length})*`,
        v.failed.map((f) => `• ${escapeSlack(f.recipient)} · ${escapeSlack(f.channel)} · ${escapeSlack(f.error)} · ${escapeSlack(f.what)}`),
        lang,
      ),
      `${lang === 'en' ? 'Failed deliveries' : '发送失败'}: ${v.failed.length}`,
    );
  }
  if (v.provisionalYears?.length) b.context(`${T.provisional(lang)}: ${v.provisionalYears.join(', ')}`);
}

/** The coordinators' weekly digest: rounds, due soon, overdue, escalations, open targets, failures. */
export function renderDigestBlocks(v: DigestView, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  b.header(lang === 'en' ? `PPRD weekly digest, ${v.asOf}` : `泛珠合作报送周报 ${v.asOf}`);
  for (const r of v.rounds) b.section(roundText(r, lang), roundFallback(r, lang));
  b.divider();
  b.section(
    fitLines(
      `*${lang === 'en' ? `Due in the next ${v.dueWindowDays} days` : `未来 ${v.dueWindowDays} 天到期`} (${v.dueSoon.length})*`,
      v.dueSoon.map((o) => occLine(o, lang)),
      lang,
    ),
    `${lang === 'en' ? 'Due soon' : '即将到期'}: ${v.dueSoon.length}`,
  );
  b.section(
    fitLines(`*${lang === 'en' ? 'Overdue' : '逾期未报'} (${v.overdue.length})*`, overdueLines(v.overdue, lang), lang),
    `${lang === 'en' ? 'Overdue' : '逾期未报'}: ${v.overdue.length}`,
  );
  if (v.escalations.length) {
    b.section(
      fitLines(`*${lang === 'en' ? 'Escalations' : '上报协调'} (${v.escalations.length})*`, v.escalations.map((o) => occLine(o, lang)), lang),
      `${lang === 'en' ? 'Escalations' : '上报协调'}: ${v.escalations.length}`,
    );
  }
  if (v.targets.length) {
    b.section(
      fitLines(
        `*${lang === 'en' ? '2020 targets with no recorded outcome' : '尚无结果记录的2020年目标'} (${v.targets.length})*`,
        v.targets.map((t) => targetLine(t, lang)),
        lang,
      ),
      `${lang === 'en' ? 'Open targets' : '未记录结果的目标'}: ${v.targets.length}`,
    );
  }
  boardFooter(b, v, lang);
  return b.build();
}

function targetLine(t: TargetLine, lang: Lang): string {
  const when = t.daysLeft >= 0 ? daysText(t.daysLeft, lang) : lang === 'en' ? `past deadline by ${-t.daysLeft} days` : `已过期限 ${-t.daysLeft} 天`;
  const outcome = t.outcome ? ` · ${escapeSlack(t.outcome)}` : '';
  return `• *${escapeSlack(t.id)}* ${escapeSlack(cut(t.text, 120))} · ${t.deadline} · ${when}${outcome}`;
}

/** `/pprd due DAYS` and `/pprd overdue`: a list of occurrences under a title (title is a fixed label). */
export function renderOccurrenceListBlocks(title: string, lines: OccurrenceLine[], lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  b.header(`${title} (${lines.length})`);
  b.section(
    fitLines(
      '',
      lines.map((o) => occLine(o, lang)),
      lang,
    ),
    `${title}: ${lines.length}`,
  );
  return b.build();
}

/** `/pprd targets`. */
export function renderTargetsBlocks(targets: TargetLine[], lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  b.header(lang === 'en' ? `2020 targets (${targets.length})` : `2020年目标（${targets.length}）`);
  b.section(
    fitLines(
      '',
      targets.map((t) => `${targetLine(t, lang)}\n   ${lang === 'en' ? 'Responsible' : '责任单位'}: ${fitNames(t.responsible, lang, 300) || '—'}`),
      lang,
    ),
    `${lang === 'en' ? '2020 targets' : '2020年目标'}: ${targets.length}`,
  );
  return b.build();
}

/** `/pprd agency NAME`: tasks led and supported, targets, open occurrences. */
export function renderAgencyBlocks(v: AgencyView, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  const title = `*${escapeSlack(v.name)}*${v.fullName ? `（${escapeSlack(v.fullName)}）` : ''}${v.group ? (lang === 'en' ? ' _group_' : ' _泛指_') : ''}`;
  b.section(title, `${escapeSlack(v.name)}${v.fullName ? ` ${escapeSlack(v.fullName)}` : ''}`);
  const taskLine = (t: { id: string; title: string }) => `• ${escapeSlack(t.id)} ${escapeSlack(t.title)}`;
  b.section(fitLines(`*${lang === 'en' ? 'Leads' : '牵头任务'} (${v.led.length})*`, v.led.map(taskLine), lang));
  b.section(fitLines(`*${lang === 'en' ? 'Supports' : '配合任务'} (${v.supported.length})*`, v.supported.map(taskLine), lang));
  if (v.targets.length) {
    b.section(
      fitLines(
        `*${lang === 'en' ? 'Targets' : '目标'} (${v.targets.length})*`,
        v.targets.map((t) => `• *${escapeSlack(t.id)}* ${escapeSlack(cut(t.text, 200))} · ${t.deadline}`),
        lang,
      ),
    );
  }
  b.section(fitLines(`*${lang === 'en' ? 'Open reports' : '待报送'} (${v.open.length})*`, v.open.map((o) => occLine(o, lang, false)), lang));
  b.note(
    lang === 'en'
      ? `leads ${v.led.length}, supports ${v.supported.length}, open ${v.open.length}`
      : `牵头 ${v.led.length}，配合 ${v.supported.length}，待报送 ${v.open.length}`,
  );
  return b.build();
}

/** `/pprd agency NAME` with no match: up to 10 suggestions (escaped). */
export function renderSuggestionsBlocks(query: string, suggestions: string[], lang: Lang = 'zh-CN'): SlackMessage {
  const q = escapeSlack(query);
  const text =
    suggestions.length === 0
      ? lang === 'en'
        ? `No agency named “${q}”. Try \`/pprd agency\` with a canonical, full or alias name.`
        : `没有名为“${q}”的单位。请使用规范简称、全称或别名。`
      : lang === 'en'
        ? `No agency named “${q}”. Did you mean: ${fitNames(suggestions.slice(0, 10), lang)}?`
        : `没有名为“${q}”的单位。您是否要找：${fitNames(suggestions.slice(0, 10), lang)}？`;
  return renderNotice(text, lang);
}

/** `/pprd task ID`. */
export function renderTaskBlocks(v: TaskView, lang: Lang = 'zh-CN'): SlackMessage {
  const b = new MessageBuilder(lang);
  b.section(
    `*${escapeSlack(v.id)}. ${escapeSlack(v.title)}*\n${escapeSlack(v.section)} ${escapeSlack(v.sectionTitle)}`,
    `${escapeSlack(v.id)}. ${escapeSlack(v.title)}`,
  );
  const lines = v.assignments.map((a, i) => {
    const lead = a.lead.length ? fitNames(a.lead, lang, 600) : lang === 'en' ? '(no lead)' : '（无牵头单位）';
    const sup = a.support.length ? fitNames(a.support, lang, 900) : '—';
    return lang === 'en' ? `${i + 1}. lead: ${lead}; support: ${sup}` : `${i + 1}. 牵头：${lead}；配合：${sup}`;
  });
  b.section(fitLines(`*${lang === 'en' ? 'Assignments' : '分工'}*`, lines, lang));
  if (v.targets.length) {
    b.section(
      fitLines(
        `*${lang === 'en' ? 'Targets' : '目标'}*`,
        v.targets.map((t) => `• *${escapeSlack(t.id)}* ${escapeSlack(cut(t.text, 300))} · ${t.deadline}`),
        lang,
      ),
    );
  }
  return b.build();
}

/** `/pprd help` in the asker's language; lists every subcommand and its Chinese alias. */
export function renderHelpBlocks(lang: Lang = 'zh-CN'): SlackMessage {
  const rows =
    lang === 'en'
      ? [
          '`/pprd status [PERIOD]` (状态): the current round of each cycle',
          '`/pprd agency NAME` (单位/部门): an agency’s tasks, targets and open reports',
          '`/pprd task ID` (任务): a task’s lead and support agencies',
          '`/pprd due [DAYS]` (到期): reports due within DAYS (default 14)',
          '`/pprd overdue` (逾期): overdue reports',
          '`/pprd targets` (目标): the 2020 targets',
          '`/pprd submit CYCLE PERIOD [AGENCY]` (报送/已报送): mark a report submitted',
          'Add `public` (公开) to show the answer to the channel.',
        ]
      : [
          '`/pprd 状态 [期次]`（status）：各周期当前轮次报送情况',
          '`/pprd 单位 名称`（agency，亦可用「部门」）：单位的任务、目标和待报送事项',
          '`/pprd 任务 编号`（task）：任务的牵头和配合单位',
          '`/pprd 到期 [天数]`（due）：天数内到期的报送（默认 14 天）',
          '`/pprd 逾期`（overdue）：逾期未报送',
          '`/pprd 目标`（targets）：2020年目标',
          '`/pprd 报送 周期 期次 [单位]`（submit，亦可用「已报送」）：标记已报送',
          '加上 `公开`（public）可在频道内显示回答。',
        ];
  return renderNotice(rows.join('\n'), lang);
}
