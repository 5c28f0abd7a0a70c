import type { Catalog, DirectoryEntry } from '../catalog/types.ts';
import { agencyTasks } from '../digest/agencyTasks.ts';
import { DEFAULT_SUBMIT_TO, daysBetween, localDate, shellArg } from '../digest/format.ts';
import type { DeadlineIcsInput } from '../digest/renderIcs.ts';
import type { RenderedAttachment } from '../digest/types.ts';
import { targetIdOf } from '../schedule/cycleId.ts';
import type { CycleConfig, Reminder } from '../schedule/types.ts';
import type { Lang, Message, Section } from './model.ts';
import { dateWithWeekday, langOf, periodLabel, say, type Words } from './phrases.ts';

/** How a person at the coordinators' office is reached (config `office`, see `officeOf`): every email's closing line. */
export interface OfficeContact {
  /** One line: who and how, e.g. `省泛珠办 王五，020-12345678`; absent: the coordinators are named. */
  contact?: string;
  /** The coordinators (contacts.yaml), named with their addresses when there is no `contact`. */
  coordinators?: readonly { name: string; email: string }[];
}

/** Input of {@link composeReminder}. */
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
   * Renders the `.ics` attachment (default `renderDeadlineIcs`); a tick passes one `createDeadlineIcsMemo()`
   * so that recipients of the same event share one rendering.
   */
  deadlineIcs?: (input: DeadlineIcsInput) => RenderedAttachment;
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
  /** The directory (config `directory`): a successor's tasks are those of the bodies it replaced; absent: the document's names only. */
  directory?: readonly DirectoryEntry[];
  /**
   * The coordinators' office to reach a person (config `office`); absent: no closing line. Not shown in an
   * escalation: its recipients are the office itself.
   */
  office?: OfficeContact;
}

/**
 * The name of a report for a period, one wording everywhere: `2020年上半年泛珠合作事项半年报送`, a target's
 * `2020年目标（T5）进展报告（2020年度）`; `forSubject` spells a target without Latin capitals.
 */
export function reportForPeriod(
  cycle: string,
  cycleName: string,
  period: string,
  lang: Lang,
  forSubject = false,
): string {
  const w = say(lang);
  const id = targetIdOf(cycle);
  return w.reportFor(id ? w.targetReport(id, forSubject) : cycleName, periodLabel(period, lang), id !== null);
}

/** The report's short name: the cycle's name, or a target's progress report (`2020年目标（T5）进展报告`). */
export function reportName(cycle: string, cycleName: string | undefined, lang: Lang): string {
  const id = targetIdOf(cycle);
  return id ? say(lang).targetReport(id, false) : (cycleName ?? cycle);
}

/** The closing of every email: a letter's signature (`submitTo` given), then how to reach a person (`office` given). */
export function closing(w: Words, office: OfficeContact | undefined, submitTo?: string): Section[] {
  const who = office?.contact ?? office?.coordinators?.map((c) => `${c.name} <${c.email}>`).join(w.sep());
  const lines = [...(submitTo ? [w.signature(submitTo)] : []), ...(who ? [w.reachPerson(who)] : [])];
  return lines.length ? [{ lines, only: 'email' }] : [];
}

/** The provisional note of a message whose dates fall in `years` (those without published holidays). */
export function provisionalSection(w: Words, years: readonly string[]): Section {
  return { lines: [w.provisionalNote(years.map((y) => w.provisionalYear(y)).join(w.sep()))], tone: 'note' };
}

/**
 * Composes one reminder for one recipient (pure: no clock, no I/O). Chinese by default, English for `language: en`.
 *
 * It says (issue 4, "Transport"): which report and period, to whom (the cycle's `submitTo`, default
 * 省泛珠办), the due date with its weekday, days left or overdue (calendar days from the local date of
 * `now`), the agency's own tasks in the document (lead and support; for a target progress request only the
 * task the target belongs to), how to mark it submitted (the personal link, telling the office, or the
 * Slack button; the `pprd submit …` command only in an escalation, to coordinators), 「暂定」/"provisional" when the date was computed on a year without holiday data, and
 * 「补发」/"late" for a caught-up reminder. An `escalation` is addressed to a coordinator and names the
 * agency and its contacts. Slack shows it with two buttons (已报送 / 详情) carrying the occurrence.
 */
export function composeReminder(input: ReminderRenderInput): Message {
  const { reminder: r, catalog, to } = input;
  const lang = langOf(to.language);
  const w = say(lang);
  const left = daysBetween(localDate(input.now, input.timezone), r.due);
  const days = w.days(left);
  const targetId = targetIdOf(r.cycle);
  const target = targetId ? catalog.targets.find((t) => t.id === targetId) : undefined;
  const report = reportName(r.cycle, input.cycle?.name, lang);
  const what = reportForPeriod(r.cycle, report, r.period, lang);
  const subjectWhat = reportForPeriod(r.cycle, report, r.period, lang, true);
  const submitTo = input.cycle?.submitTo ?? DEFAULT_SUBMIT_TO;
  const dueText = dateWithWeekday(r.due, lang);
  const escalation = r.kind === 'escalation';
  const command = `pprd submit --agency ${shellArg(r.agency)} --cycle ${shellArg(r.cycle)} --period ${shellArg(r.period)}`;

  const late = input.late ? w.lateTag() : '';
  const subject = `${late}${w.tag(escalation)}${
    escalation
      ? w.escalationSubject(r.agency, subjectWhat, days)
      : w.reminderSubject(subjectWhat, days, r.due, w.weekday(r.due), r.dueProvisional ? w.provisionalSuffix() : '')
  }`;
  const title = w.reminderTitle(
    escalation ? 'escalation' : left < 0 ? 'overdue' : 'before',
    targetId ? report : (input.cycle?.name ?? r.cycle),
    r.period,
  );

  const sections: Section[] = [];
  if (input.late)
    sections.push({ lines: [w.late('reminder', `${dateWithWeekday(r.date, lang)} ${r.time}`)], tone: 'note' });
  if (escalation) {
    sections.push({
      lines: [
        [{ strong: w.notSubmitted(r.agency, submitTo, what, report, periodLabel(r.period, lang)) }],
        w.dueDateSentence(dueText, days),
      ],
      summary: true,
    });
    const contacts = input.agencyContacts ?? [];
    sections.push({
      lines: [w.contactsOf(r.agency)],
      list: contacts.length ? contacts.map((c) => `${c.name} <${c.email}>`) : [w.noContacts()],
    });
    if (input.link)
      sections.push({ lines: [w.boardOccurrence()], link: { href: input.link, text: w.openOccurrence() } });
    sections.push({ lines: [w.recordWith(), command], only: 'email' });
  } else {
    sections.push({
      lines: [
        [w.factAgency(), { strong: r.agency }],
        [w.factReport(), { strong: report }],
        ...(target ? [`${w.factTarget()}${target.text}`] : []),
        [w.factPeriod(), { strong: w.periodWithId(periodLabel(r.period, lang), r.period) }],
        [w.factSubmitTo(), { strong: submitTo }],
        [{ strong: w.factDue(dueText, days) }],
      ],
      summary: true,
    });
    // A target progress request is about its target: only the task the target belongs to.
    const tasks = agencyTasks(catalog, r.agency, input.directory, r.due.slice(0, 10)).filter(
      (t) => !targetId || t.id === target?.task,
    );
    if (tasks.length) {
      sections.push({
        lines: [targetId ? w.targetTasksIntro(catalog.document.number) : w.tasksIntro(catalog.document.number)],
        list: tasks.map((t) => w.taskItem(t.id, t.title, t.role === 'lead')),
      });
    }
    if (input.calendarLink)
      sections.push({
        lines: [w.calendarFeedIntro()],
        link: { href: input.calendarLink, text: w.calendarFeed() },
        only: 'email',
      });
    // Contacts cannot run the CLI: they press 已报送 on their personal link, tell the office or press
    // the Slack button; the `pprd submit` command is shown only to coordinators (the escalation above).
    if (input.link)
      sections.push({ lines: [w.markByLink()], link: { href: input.link, text: w.personalLink() }, only: 'email' });
    const how = [input.link ? w.orTell(submitTo) : w.tell(submitTo)];
    if (input.slackButton ?? Boolean(to.slackId)) how.push(w.orSlackButton());
    sections.push({ lines: how, only: 'email' });
    sections.push({ lines: [w.chatMark(r.cycle, r.period)], tone: 'note', only: 'chat' });
  }
  if (r.dueProvisional) sections.push(provisionalSection(w, [r.due.slice(0, 4)]));
  // An escalation goes to the coordinators' office itself: no line on how to reach it.
  sections.push(...closing(w, escalation ? undefined : input.office, submitTo));
  return {
    lang,
    subject,
    title,
    greeting: w.greeting(to.name),
    sections,
    ...(escalation ? { code: command } : {}),
    buttons: [
      { action: 'submit', ref: { cycle: r.cycle, period: r.period, agency: r.agency } },
      { action: 'details', ref: { cycle: r.cycle, period: r.period, agency: r.agency } },
    ],
  };
}
