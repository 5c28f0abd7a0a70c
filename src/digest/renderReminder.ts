import type { Catalog } from '../catalog/types.ts';
import type { CycleConfig } from '../schedule/types.ts';
import { isTargetCycle, targetIdOf } from '../schedule/cycleId.ts';
import type { Reminder } from '../schedule/types.ts';
import { agencyTasks } from './agencyTasks.ts';
import { dateWithWeekday, daysBetween, daysPhrase, DEFAULT_SUBMIT_TO, type Lang, localDate, type MessageBlock, periodLabel, renderTextAndHtml, shellArg, targetReportName, weekdayOf } from './format.ts';
import { renderDeadlineIcs } from './renderIcs.ts';
import type { RenderedMessage } from './types.ts';

/** Input of {@link renderReminder}. */
export interface ReminderRenderInput {
  reminder: Reminder;
  catalog: Catalog;
  /** The reminder's cycle from config; absent for target progress requests (`target:T1`). */
  cycle?: Pick<CycleConfig, 'id' | 'name' | 'submitTo'>;
  /** Recipient: an agency contact (before/due/overdue) or a coordinator (escalation). */
  to: { name: string; language: Lang; slackId?: string };
  /** Instant the message is sent (ISO with offset): days left / overdue count from its local date. */
  now: string;
  /** IANA zone of every date (config `timezone`). */
  timezone: string;
  /** Local send time `HH:mm` (config `sendAt`). */
  sendAt: string;
  /** Config `calendar.alarmSeconds`: the attached event's VALARM (see `DeadlineEvent.alarmSeconds`). Absent: none. */
  calendarAlarmSeconds?: number;
  /** Revision of the occurrence's calendar event (`Occurrence.revision`: extensions so far), its `.ics` `SEQUENCE`. Default 0. */
  sequence?: number;
  /** Sent by catch-up after its planned instant: the text says so and gives the planned date. */
  late: boolean;
  /** For escalations: the agency's contacts, so the coordinator knows whom to call. */
  agencyContacts?: { name: string; email: string }[];
  /**
   * Attach the deadline `.ics` (default true). Channels that carry no attachments (Slack, the
   * simulation's memory channel) pass false: ics validates each event, a few ms apiece.
   */
  withCalendar?: boolean;
  /**
   * The recipient's signed link to this occurrence's page on the board (`PPRD_PUBLIC_URL`), where a
   * 已报送 / Mark submitted button records the submission. Absent: the text says to tell the office.
   */
  link?: string;
  /**
   * The recipient's signed address of their agency's calendar feed (`/calendar/AGENCY.ics?t=…`, issue 15),
   * shown after the deadline facts of a before/due/overdue reminder so they can subscribe. Absent: not shown.
   */
  calendarLink?: string;
  /** Mention the Slack "Mark submitted" button: only when Slack runs and the contact has a Slack id (default: has a Slack id). */
  slackButton?: boolean;
}


/** The report's short name (subject, headings) and, for a target progress request, the target's text. */
function reportName(input: ReminderRenderInput, lang: Lang): { name: string; subjectName: string; target?: string } {
  const { reminder, catalog, cycle } = input;
  const id = targetIdOf(reminder.cycle);
  if (id !== null) {
    const target = catalog.targets.find((t) => t.id === id);
    return { name: targetReportName(id, lang), subjectName: targetReportName(id, lang, true), target: target?.text };
  }
  return { name: cycle?.name ?? reminder.cycle, subjectName: cycle?.name ?? reminder.cycle };
}

/**
 * Renders one reminder for one recipient: subject, text, HTML, and (for before/due/overdue) an `.ics`
 * event at the deadline. Chinese by default, English for `language: en`.
 *
 * The text says (issue 4, "Transport"): which report and period, to whom (the cycle's `submitTo`, default
 * 省泛珠办), the due date with its weekday, days left or overdue (calendar days from the local date of
 * `now`), the agency's own tasks in the document (lead and support), how to mark it submitted
 * (`pprd submit …`, or the Slack button when the recipient has a Slack id), 「暂定」/"provisional" when the
 * date was computed on a year without holiday data, and 「补发」/"late" for a caught-up reminder.
 * An `escalation` is addressed to a coordinator and names the agency and its contacts.
 * Pure: no clock, no I/O.
 */
export function renderReminder(input: ReminderRenderInput): RenderedMessage {
  const { reminder: r, catalog, to, timezone } = input;
  const lang: Lang = to.language === 'en' ? 'en' : 'zh-CN';
  const en = lang === 'en';
  const today = localDate(input.now, timezone);
  const left = daysBetween(today, r.due);
  const { name: report, subjectName, target } = reportName(input, lang);
  const period = periodLabel(r.period, lang);
  const submitTo = input.cycle?.submitTo ?? DEFAULT_SUBMIT_TO;
  const dueText = dateWithWeekday(r.due, lang);
  const escalation = r.kind === 'escalation';
  const command = `pprd submit --agency ${shellArg(r.agency)} --cycle ${shellArg(r.cycle)} --period ${shellArg(r.period)}`;
  const tasks = agencyTasks(catalog, r.agency);
  const plannedDate = dateWithWeekday(r.date, lang);

  const tag = en ? (escalation ? '[PPRD escalation]' : '[PPRD]') : escalation ? '【泛珠合作·督办】' : '【泛珠合作】';
  const lateTag = input.late ? (en ? '[late] ' : '【补发】') : '';
  const provisionalTag = r.dueProvisional ? (en ? ' (provisional)' : '（暂定）') : '';
  // `2020年上半年泛珠合作事项半年报送`, but `2020年目标进展报告（T5）（2020年度）` for a target.
  const what = en ? `${report}, ${period}` : isTargetCycle(r.cycle) ? `${subjectName}（${period}）` : `${period}${subjectName}`;
  const subject = escalation
    ? en
      ? `${lateTag}${tag} ${r.agency} has not submitted: ${what} (${daysPhrase(left, lang)})`
      : `${lateTag}${tag}${r.agency}未报送${what}（${daysPhrase(left, lang)}）`
    : en
      ? `${lateTag}${tag} ${what}: ${daysPhrase(left, lang)} (due ${dueText}${provisionalTag})`
      : `${lateTag}${tag}${what}：${daysPhrase(left, lang)}（${r.due} ${weekdayOf(r.due, lang)}截止${provisionalTag}）`;

  /** Paragraphs: each a list of lines. Rendered to text (blank line between) and HTML (<p>, <ul>). */
  const blocks: MessageBlock[] = [];
  const greet = en ? `Dear ${to.name},` : `${to.name}：`;
  blocks.push({ lines: [greet] });
  if (input.late) {
    blocks.push({
      lines: [
        en
          ? `This reminder was planned for ${plannedDate} ${r.time} and is sent late, after an interruption of the reminder service.`
          : `本提醒原定于 ${plannedDate} ${r.time} 发送，因提醒服务中断，现补发。`,
      ],
    });
  }
  if (escalation) {
    blocks.push({
      lines: en
        ? [
            `${r.agency} has not yet submitted its ${report} for the ${period} to ${submitTo}.`,
            `Due date: ${dueText} (${daysPhrase(left, lang)}).`,
          ]
        : [`${r.agency}尚未向${submitTo}报送${what}。`, `截止日期：${dueText}，${daysPhrase(left, lang)}。`],
    });
    const contacts = input.agencyContacts ?? [];
    blocks.push({
      lines: [en ? `Contacts of ${r.agency}:` : `${r.agency}联络人：`],
      list: contacts.length ? contacts.map((c) => `${c.name} <${c.email}>`) : [en ? 'none in config/contacts.yaml' : 'config/contacts.yaml 中没有联络人'],
    });
    if (input.link) blocks.push({ lines: [en ? 'See it and record it on the board:' : '在看板查看并登记：'], link: { href: input.link, text: en ? 'Open the report on the board' : '打开报送页面' } });
    blocks.push({
      lines: [en ? 'When the report arrives, record it with:' : '收到报送后，请用以下命令登记：', command],
    });
  } else {
    blocks.push({
      lines: en
        ? [
            `Report: ${report}`,
            `Period: ${period} (${r.period})`,
            `Submit to: ${submitTo}`,
            `Due date: ${dueText} — ${daysPhrase(left, lang)}`,
          ]
        : [`报送事项：${report}`, `报送期次：${period}（${r.period}）`, `报送对象：${submitTo}`, `截止日期：${dueText}，${daysPhrase(left, lang)}`],
    });
    if (target) blocks[blocks.length - 1].lines.splice(1, 0, en ? `Target: ${target}` : `目标：${target}`);
    if (tasks.length) {
      blocks.push({
        lines: [en ? `Your agency's tasks in ${catalog.document.number}:` : `贵单位在${catalog.document.number}中承担的任务：`],
        list: tasks.map((t) =>
          en ? `Task ${t.id} ${t.title} (${t.role === 'lead' ? 'lead' : 'support'})` : `任务${t.id} ${t.title}（${t.role === 'lead' ? '牵头' : '配合'}）`,
        ),
      });
    }
    if (input.calendarLink) {
      blocks.push({
        lines: [en ? "Subscribe to your agency's deadlines in your calendar program (your personal link, do not forward it):" : '在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：'],
        link: { href: input.calendarLink, text: en ? 'Calendar feed' : '报送日历' },
      });
    }
    // Contacts cannot run the CLI: they tell the office or press the Slack button;
    // the command is shown for the office's staff who record it.
    if (input.link) {
      blocks.push({
        lines: [
          en
            ? 'When it has been submitted, open your personal link and press "已报送 / Mark submitted": it is recorded at once and the reminders stop.'
            : '报送后，请打开您的个人链接，点击「已报送 / Mark submitted」，即登记为已报送，提醒随即停止。',
        ],
        link: { href: input.link, text: '已报送 / Mark submitted' },
      });
    }
    const how = [
      input.link
        ? en
          ? `Or tell ${submitTo}, who records it.`
          : `也可告知${submitTo}代为登记。`
        : en
          ? `When it has been submitted, tell ${submitTo} so that it is recorded and the reminders stop.`
          : `报送后，请告知${submitTo}登记为已报送，提醒即停止。`,
    ];
    if (input.slackButton ?? Boolean(to.slackId)) {
      how.push(en ? 'Or press "已报送 / Mark submitted" on the Slack reminder.' : '也可在 Slack 提醒消息中点击「已报送 / Mark submitted」按钮。');
    }
    how.push(en ? `${submitTo} records it with:` : `${submitTo}登记命令：`, command);
    blocks.push({ lines: how });
  }
  if (r.dueProvisional) {
    blocks.push({
      lines: [
        en
          ? `Provisional: the official holiday calendar for ${r.due.slice(0, 4)} is not published yet; dates assume Monday-Friday working days and may move.`
          : `暂定：${r.due.slice(0, 4)}年节假日安排尚未公布，日期按周一至周五工作日推算，可能调整。`,
      ],
    });
  }
  blocks.push({ lines: [en ? `— pprd-reminder, for ${submitTo}` : `——泛珠合作报送提醒（${submitTo}）`] });

  const { text, html } = renderTextAndHtml(blocks, { subject, lang, code: command });

  const attachments = escalation || input.withCalendar === false
    ? []
    : [
        renderDeadlineIcs({
          occurrenceKey: r.occurrenceKey,
          due: r.due,
          sequence: input.sequence ?? 0,
          ...(input.calendarAlarmSeconds !== undefined ? { alarmSeconds: input.calendarAlarmSeconds } : {}),
          title: en ? `Due: ${what} → ${submitTo}` : `截止：${what}（报送${submitTo}）`,
          description: `${r.agency} · ${r.cycle} · ${r.period}\n${command}`,
          stamp: input.now,
          filename: `${r.cycle.replace(/[^\w-]+/g, '-')}-${r.period}.ics`,
        }),
      ];
  return { subject, text, html, attachments };
}
