import type { CycleConfig } from '../schedule/types.ts';
import { isTargetCycle, targetIdOf } from '../schedule/cycleId.ts';
import type { Reminder } from '../schedule/types.ts';
import { dateWithWeekday, daysBetween, daysPhrase, DEFAULT_SUBMIT_TO, type Lang, localDate, type MessageBlock, periodLabel, renderTextAndHtml, shellArg, targetReportName } from './format.ts';
import type { RenderedMessage } from './types.ts';

/** One occurrence listed in a folded escalation, with its agency's contacts. */
export interface EscalationEntry {
  /** The occurrence's `escalation` reminder (agency, due date after extensions, offset, provisional). */
  reminder: Reminder;
  /** The agency's contacts (config/contacts.yaml), so the coordinator knows whom to call; may be empty. */
  contacts: { name: string; email: string }[];
}

/** Input of {@link renderEscalationSummary} and `renderEscalationSummarySlack`. */
export interface EscalationSummaryInput {
  /** Cycle id, e.g. `half-yearly`; `target:T5` for target progress requests. */
  cycle: string;
  /** The cycle's config (display name, `submitTo`); absent for target progress requests. */
  cycleConfig?: Pick<CycleConfig, 'id' | 'name' | 'submitTo'>;
  /** Period label, e.g. `2020H1`. */
  period: string;
  /**
   * The occurrences still unsubmitted at send time, all of one (cycle, period) and escalation day;
   * listed in the given order. At least one (an empty fold is not sent).
   */
  entries: EscalationEntry[];
  /** Recipient: a coordinator (name, language). */
  to: { name: string; language: Lang };
  /** Instant the message is sent (ISO with offset): days overdue count from its local date. */
  now: string;
  /** IANA zone of every date (config `timezone`). */
  timezone: string;
  /** Sent by catch-up after its planned instant: the text says so and gives the planned date. */
  late: boolean;
  /** The coordinator's signed link to this round on the web board (email only); absent: no link. */
  link?: string;
}

/** One listed agency, in the message language: due date, calendar days overdue, contacts. */
export interface EscalationLine {
  agency: string;
  /** Due date `YYYY-MM-DD` (after extensions). */
  due: string;
  /** Calendar days from the send date to `due` (negative: overdue). */
  daysLeft: number;
  provisional: boolean;
  contacts: { name: string; email: string }[];
}

/** What both renderings (email, Slack) say: the facts of one folded escalation. */
export interface EscalationView {
  cycle: string;
  /** Display name of the report, e.g. `泛珠合作事项半年报送` or `2020年目标进展报告（T5）`. */
  cycleName: string;
  /** `cycleName` as written in an email subject (no lone capitals, see `targetReportName`). */
  subjectName: string;
  period: string;
  /** To whom the reports go (the cycle's `submitTo`, default 省泛珠办). */
  submitTo: string;
  /** Working days past the due date at which escalation happens (the reminders' `-offset`, e.g. 5). */
  workingDays: number;
  /** Planned date and time of the escalation, `YYYY-MM-DD` and `HH:mm`. */
  date: string;
  time: string;
  late: boolean;
  provisional: boolean;
  lines: EscalationLine[];
}


/**
 * The facts of a folded escalation (pure): report name, period, `submitTo`, working days past due
 * (from the first entry's offset, the config's `escalateAfter`), and one line per entry with the
 * calendar days overdue counted from the local date of `now`.
 * @throws Error when `entries` is empty (the caller records an empty fold as skipped instead).
 */
export function escalationView(input: EscalationSummaryInput, lang: Lang): EscalationView {
  const first = input.entries[0];
  if (!first) throw new Error(`escalation ${input.cycle}/${input.period}: no occurrence to list`);
  const today = localDate(input.now, input.timezone);
  let cycleName = input.cycleConfig?.name ?? input.cycle;
  let subjectName = cycleName;
  const id = targetIdOf(input.cycle);
  if (id !== null) {
    cycleName = targetReportName(id, lang);
    subjectName = targetReportName(id, lang, true);
  }
  const lines = input.entries.map((e) => ({
    agency: e.reminder.agency,
    due: e.reminder.due,
    daysLeft: daysBetween(today, e.reminder.due),
    provisional: e.reminder.dueProvisional,
    contacts: e.contacts,
  }));
  return {
    cycle: input.cycle,
    cycleName,
    subjectName,
    period: input.period,
    submitTo: input.cycleConfig?.submitTo ?? DEFAULT_SUBMIT_TO,
    workingDays: Math.abs(first.reminder.offset),
    date: first.reminder.date,
    time: first.reminder.time,
    late: input.late,
    provisional: lines.some((l) => l.provisional),
    lines,
  };
}

/** `N 个单位逾期 5 个工作日仍未报送` / `N agencies not submitted 5 working days after the due date`. */
export function escalationHeadline(v: EscalationView, lang: Lang): string {
  const n = v.lines.length;
  return lang === 'en'
    ? `${n} ${n === 1 ? 'agency has' : 'agencies have'} not submitted ${v.workingDays} working day${v.workingDays === 1 ? '' : 's'} after the due date`
    : `以下 ${n} 个单位逾期 ${v.workingDays} 个工作日仍未报送`;
}

/** One agency's line: `省交通运输厅 — 截止 2020-06-30（星期二），已逾期 7 天；联络人：甲 <a@x>、乙 <b@x>`. */
function lineText(l: EscalationLine, lang: Lang): string {
  const contacts = l.contacts.length
    ? l.contacts.map((c) => `${c.name} <${c.email}>`).join(lang === 'en' ? ', ' : '、')
    : lang === 'en'
      ? 'none in config/contacts.yaml'
      : 'config/contacts.yaml 中没有联络人';
  const prov = l.provisional ? (lang === 'en' ? ', provisional' : '，暂定') : '';
  return lang === 'en'
    ? `${l.agency} — due ${dateWithWeekday(l.due, lang)}${prov}, ${daysPhrase(l.daysLeft, lang)}; contacts: ${contacts}`
    : `${l.agency} — 截止 ${dateWithWeekday(l.due, lang)}${prov}，${daysPhrase(l.daysLeft, lang)}；联络人：${contacts}`;
}

/**
 * Renders one folded escalation for one coordinator (email: subject, text, HTML; no attachment):
 * every occurrence of one (cycle, period) whose escalation fell due on the same day and that is
 * still unsubmitted, in one message instead of one per agency (issue 4 follow-up: a coordinator got
 * up to 63 escalations at once for the half-yearly round of 63 agencies).
 *
 * Subject: `【泛珠合作·督办】泛珠合作事项半年报送 2020H1：以下 60 个单位逾期 5 个工作日仍未报送`
 * (English: `[PPRD escalation] 泛珠合作事项半年报送 2020H1: 60 agencies have not submitted 5 working
 * days after the due date`), prefixed 【补发】/`[late]` when caught up, suffixed 「（暂定）」/
 * `(provisional)` when a listed due date is provisional. The body lists each agency with its due date,
 * days overdue and its contacts' names and emails, then how to record a submission. Chinese by
 * default, English for `language: en`. Pure: no clock, no I/O.
 * @throws Error when `entries` is empty.
 */
export function renderEscalationSummary(input: EscalationSummaryInput): RenderedMessage {
  const lang: Lang = input.to.language === 'en' ? 'en' : 'zh-CN';
  const en = lang === 'en';
  const v = escalationView(input, lang);
  const period = periodLabel(v.period, lang);
  const lateTag = v.late ? (en ? '[late] ' : '【补发】') : '';
  const prov = v.provisional ? (en ? ' (provisional)' : '（暂定）') : '';
  const subject = en
    ? `${lateTag}[PPRD escalation] ${v.cycleName} ${v.period}: ${escalationHeadline(v, lang)}${prov}`
    : `${lateTag}【泛珠合作·督办】${isTargetCycle(v.cycle) ? `${v.subjectName}（${period}）` : `${period}${v.subjectName}`}：${escalationHeadline(v, lang)}${prov}`;
  const command = `pprd submit --agency <单位> --cycle ${shellArg(v.cycle)} --period ${shellArg(v.period)}`;

  const blocks: MessageBlock[] = [];
  blocks.push({ lines: [en ? `Dear ${input.to.name},` : `${input.to.name}：`] });
  if (v.late) {
    const planned = `${dateWithWeekday(v.date, lang)} ${v.time}`;
    blocks.push({
      lines: [
        en
          ? `This escalation was planned for ${planned} and is sent late, after an interruption of the reminder service.`
          : `本督办提醒原定于 ${planned} 发送，因提醒服务中断，现补发。`,
      ],
    });
  }
  const n = v.lines.length;
  blocks.push({
    lines: [
      en
        ? `The following ${n} ${n === 1 ? 'agency has' : 'agencies have'} not yet submitted the ${v.cycleName} for the ${period} (${v.period}) to ${v.submitTo}, ${v.workingDays} working day${v.workingDays === 1 ? '' : 's'} after the due date:`
        : `以下 ${n} 个单位逾期 ${v.workingDays} 个工作日仍未向${v.submitTo}报送${period}${v.cycleName}（${v.period}）：`,
    ],
    list: v.lines.map((l) => lineText(l, lang)),
  });
  if (input.link) {
    blocks.push({ lines: [en ? 'The round on the board, where you can mark a report submitted, extend or excuse it:' : '在看板查看本期报送情况，可登记已报送、延期或免报：'], link: { href: input.link, text: en ? 'Open the board' : '打开报送看板' } });
  }
  blocks.push({
    lines: [en ? 'When a report arrives, record it with (the agency as listed above):' : '收到报送后，请用以下命令登记（<单位> 换成上列单位名称）：', command],
  });
  if (v.provisional) {
    blocks.push({
      lines: [
        en
          ? 'Provisional: a due date marked provisional was computed for a year whose official holiday calendar is not published yet (Monday-Friday working days assumed).'
          : '暂定：标为暂定的截止日期所在年度节假日安排尚未公布，按周一至周五工作日推算，可能调整。',
      ],
    });
  }
  blocks.push({ lines: [en ? `— pprd-reminder, for ${v.submitTo}` : `——泛珠合作报送提醒（${v.submitTo}）`] });

  const { text, html } = renderTextAndHtml(blocks, { subject, lang, code: command, ordered: true });
  return { subject, text, html, attachments: [] };
}
