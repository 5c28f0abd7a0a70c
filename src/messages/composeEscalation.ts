import { DEFAULT_SUBMIT_TO, daysBetween, localDate, shellArg } from '../digest/format.ts';
import { targetIdOf } from '../schedule/cycleId.ts';
import type { CycleConfig, Reminder } from '../schedule/types.ts';
import { closing, provisionalSection, reportForPeriod, reportName } from './composeReminder.ts';
import type { Lang, Message, Section } from './model.ts';
import { dateWithWeekday, langOf, periodLabel, say } from './phrases.ts';

/** One occurrence listed in a folded escalation, with its agency's contacts. */
export interface EscalationEntry {
  /** The occurrence's `escalation` reminder (agency, due date after extensions, offset, provisional). */
  reminder: Reminder;
  /** The agency's contacts (config/contacts.yaml), so the coordinator knows whom to call; may be empty. */
  contacts: { name: string; email: string }[];
}

/** Input of {@link composeEscalation}. */
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

/** Sections the agency list of a folded escalation may use in Slack: 30 000 characters, about 300 agencies (well under the 50 blocks). */
const ESCALATION_LIST_SECTIONS = 10;

/**
 * Composes one folded escalation for one coordinator (pure): every occurrence of one (cycle, period)
 * whose escalation fell due on the same day and that is still unsubmitted, in one message instead of one
 * per agency (issue 4 follow-up: a coordinator got up to 63 escalations at once).
 *
 * Subject: `【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 60 个单位逾期 5 个工作日仍未报送`, prefixed
 * 【补发】/`[late]` when caught up, suffixed 「（暂定）」/`(provisional)` when a listed due date is provisional.
 * The body lists each agency with its due date, days overdue (calendar days from the local date of `now`)
 * and its contacts' names and emails, then how to record a submission (email: the CLI command; Slack:
 * `/pprd 报送`). Working days past due come from the first entry's offset (config `escalateAfter`).
 * @throws Error when `entries` is empty (the caller records an empty fold as skipped instead).
 */
export function composeEscalation(input: EscalationSummaryInput): Message {
  const first = input.entries[0];
  if (!first) throw new Error(`escalation ${input.cycle}/${input.period}: no occurrence to list`);
  const lang = langOf(input.to.language);
  const w = say(lang);
  const today = localDate(input.now, input.timezone);
  const name = reportName(input.cycle, input.cycleConfig?.name, lang);
  const submitTo = input.cycleConfig?.submitTo ?? DEFAULT_SUBMIT_TO;
  const workingDays = Math.abs(first.reminder.offset);
  const n = input.entries.length;
  const provisionalYears = [
    ...new Set(input.entries.filter((e) => e.reminder.dueProvisional).map((e) => e.reminder.due.slice(0, 4))),
  ].sort();
  const headline = w.escalationHeadline(n, workingDays);
  const title = w.escalationTitle(`${name} ${input.period}`, headline);
  const subject = `${input.late ? w.lateTag() : ''}${w.tag(true)}${w.foldSubject(reportForPeriod(input.cycle, name, input.period, lang, true), `${name} ${input.period}`, headline)}${
    provisionalYears.length ? w.provisionalSuffix() : ''
  }`;
  const command = `pprd submit --agency ${w.agencyPlaceholder()} --cycle ${shellArg(input.cycle)} --period ${shellArg(input.period)}`;
  const sep = w.sep();

  const sections: Section[] = [];
  if (input.late)
    sections.push({
      lines: [w.late('escalation', `${dateWithWeekday(first.reminder.date, lang)} ${first.reminder.time}`)],
      tone: 'note',
    });
  sections.push({
    lines: [
      w.escalationIntro(
        n,
        workingDays,
        submitTo,
        reportForPeriod(input.cycle, name, input.period, lang),
        name,
        periodLabel(input.period, lang),
        targetIdOf(input.cycle) ? null : input.period,
      ),
    ],
    list: input.entries.map((e) => {
      const r = e.reminder;
      const contacts = e.contacts.length ? e.contacts.map((c) => `${c.name} <${c.email}>`).join(sep) : w.noContacts();
      return [
        { strong: r.agency },
        w.escalationLine(
          dateWithWeekday(r.due, lang),
          r.dueProvisional ? w.provisionalInline() : '',
          w.days(daysBetween(today, r.due)),
          contacts,
        ),
      ];
    }),
    chunks: ESCALATION_LIST_SECTIONS,
    summary: true,
  });
  if (input.link) sections.push({ lines: [w.boardRound()], link: { href: input.link, text: w.openBoard() } });
  sections.push({ lines: [w.recordAgencyWith(), command], only: 'email' });
  sections.push({ lines: [w.chatRecord(input.cycle, input.period)], tone: 'note', only: 'chat' });
  if (provisionalYears.length) sections.push(provisionalSection(w, provisionalYears));
  // Sent to the coordinators' office itself: its signature, but no line on how to reach the office.
  sections.push(...closing(w, undefined, submitTo));
  return {
    lang,
    subject,
    title,
    greeting: w.greeting(input.to.name),
    sections,
    code: command,
    ordered: true,
  };
}
