/**
 * The messages layer (pure): every phrase once (`phrases.ts`), composers from facts to one message model
 * (`model.ts`), and one formatter per medium — email text + HTML (`formatEmail.ts`), Slack Block Kit
 * (`formatSlack.ts`), group-robot markdown (`formatRobot.ts`). The `render…` functions are a composer and
 * a formatter in one call.
 */

import type { AgencyDigestView } from '../digest/buildStatus.ts';
import { DEFAULT_SUBMIT_TO } from '../digest/format.ts';
import { renderDeadlineIcs } from '../digest/renderIcs.ts';
import type { DigestView, StatusView } from '../digest/views.ts';
import {
  composeAgencyDigest,
  composeCoordinatorDigest,
  composeStatusReport,
  type DigestOptions,
} from './composeDigest.ts';
import { composeEscalation, type EscalationSummaryInput } from './composeEscalation.ts';
import { composeReminder, type ReminderRenderInput } from './composeReminder.ts';
import { formatEmail, formatText, type RenderedMessage } from './formatEmail.ts';
import { formatSlack, type SlackMessage } from './formatSlack.ts';
import type { Lang, Message } from './model.ts';
import { say } from './phrases.ts';

export * from './composeAnswers.ts';
export * from './composeBundle.ts';
export * from './composeDigest.ts';
export * from './composeEscalation.ts';
export * from './composeReminder.ts';
export * from './formatEmail.ts';
export * from './formatRobot.ts';
export * from './formatSlack.ts';
export * from './model.ts';
export * from './phrases.ts';

/**
 * One reminder as an email: the composed message (`composeReminder`) formatted as subject, text and HTML,
 * with (for before/due/overdue, unless `withCalendar: false`) an `.ics` event at the deadline.
 */
export function renderReminder(input: ReminderRenderInput): RenderedMessage {
  return reminderEmail(composeReminder(input), input);
}

/** The email form of a composed reminder `m` (of `input`): subject, text, HTML and the deadline's `.ics` (see {@link renderReminder}). */
export function reminderEmail(m: Message, input: ReminderRenderInput): RenderedMessage {
  const r = input.reminder;
  const w = say(m.lang);
  const submitTo = input.cycle?.submitTo ?? DEFAULT_SUBMIT_TO;
  const attachments =
    r.kind === 'escalation' || input.withCalendar === false
      ? []
      : [
          (input.deadlineIcs ?? renderDeadlineIcs)({
            occurrenceKey: r.occurrenceKey,
            due: r.due,
            sequence: input.sequence ?? 0,
            ...(input.calendarAlarmSeconds !== undefined ? { alarmSeconds: input.calendarAlarmSeconds } : {}),
            // The same event as the agency's feed (renderCalendarFeed): one title and description.
            title: w.feedTitle('', input.cycle?.name ?? r.cycle, r.period),
            description: w.feedDescription(r.agency, input.cycle?.name ?? r.cycle, r.period, submitTo, r.due),
            stamp: input.now,
            filename: `${r.cycle.replace(/[^\w-]+/g, '-')}-${r.period}.ics`,
          }),
        ];
  return { ...formatEmail(m), attachments };
}

/** One reminder in Block Kit: the same composed message as the email, with its two buttons. */
export function renderReminderSlack(input: ReminderRenderInput): SlackMessage {
  return formatSlack(composeReminder(input));
}

/** One folded escalation as an email (no attachment): `composeEscalation` formatted. @throws Error when `entries` is empty. */
export function renderEscalationSummary(input: EscalationSummaryInput): RenderedMessage {
  return { ...formatEmail(composeEscalation(input)), attachments: [] };
}

/** One folded escalation in Block Kit (no buttons: one per agency would exceed an actions block's 25). @throws Error when `entries` is empty. */
export function renderEscalationSummarySlack(input: EscalationSummaryInput): SlackMessage {
  return formatSlack(composeEscalation(input));
}

/** The coordinators' weekly digest as an email. */
export function renderCoordinatorDigest(
  v: DigestView,
  lang: Lang = 'zh-CN',
  opts: DigestOptions = {},
): RenderedMessage {
  return formatEmail(composeCoordinatorDigest(v, lang, opts));
}

/** One agency's monthly digest as an email. */
export function renderAgencyDigest(
  v: AgencyDigestView,
  lang: Lang = 'zh-CN',
  opts: DigestOptions = {},
): RenderedMessage {
  return formatEmail(composeAgencyDigest(v, lang, opts));
}

/** Plain-text status board (`pprd status`). Chinese by default. */
export function renderStatusText(v: StatusView, lang: Lang = 'zh-CN'): string {
  return formatText(composeStatusReport(v, lang));
}
