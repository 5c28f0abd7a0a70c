import { say } from '../messages/phrases.ts';
import type { Occurrence } from '../schedule/types.ts';
import { addDeadlineEvent, createIcsCalendar, icsText } from './renderIcs.ts';

/** Input of {@link renderCalendarFeed}. */
export interface CalendarFeedInput {
  /** Canonical agency name (the calendar's name). */
  agency: string;
  /** The agency's occurrences (any states); submitted and excused ones are marked in their titles. */
  occurrences: readonly Occurrence[];
  /** Cycle id -> display name (e.g. `half-yearly` -> 泛珠合作事项半年报送). */
  cycleNames: Readonly<Record<string, string>>;
  /** To whom each cycle reports (e.g. 省泛珠办), by cycle id. */
  submitTo: Readonly<Record<string, string>>;
  /** DTSTAMP instant (ISO); keeps the output a pure function of its input. */
  stamp: string;
  /** Config `calendar.alarmSeconds`: a VALARM on each open event (see `DeadlineEvent.alarmSeconds`). Absent: none. */
  alarmSeconds?: number;
}

/**
 * Renders an agency's deadlines as one iCalendar (RFC 5545, RFC 7986) feed that contacts can subscribe
 * to: one all-day, transparent event per occurrence on its due date (see `addDeadlineEvent`), the
 * calendar named `<agency> 报送截止日期`, refreshed every 12 hours (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
 * UIDs are those of the email attachment, so a subscribed calendar updates an event when an extension
 * moves it; its `SEQUENCE` is the number of extensions (`Occurrence.revision`), plus one once excused,
 * and an excused occurrence is `STATUS:CANCELLED`. An agency with no occurrences gets a valid empty calendar.
 * @throws Error when an occurrence has an invalid due date.
 */
export function renderCalendarFeed(input: CalendarFeedInput): string {
  // A feed is subscribed by an agency's office: its words are Chinese (src/messages/phrases.ts).
  const w = say('zh-CN');
  const cal = createIcsCalendar({ name: w.feedName(input.agency) });
  for (const o of input.occurrences) {
    const name = input.cycleNames[o.cycle] ?? o.cycle;
    const closed =
      o.state === 'submitted' || o.state === 'excused' || o.state === 'before-deployment' ? w.feedClosed(o.state) : '';
    const provisional = o.provisional ? `\n${w.provisionalNote(w.provisionalYear(o.due.slice(0, 4)))}` : '';
    addDeadlineEvent(cal, {
      occurrenceKey: o.key,
      due: o.due,
      title: w.feedTitle(closed, name, o.period),
      description: `${w.feedDescription(input.agency, name, o.period, input.submitTo[o.cycle] ?? '', o.due)}${provisional}`,
      stamp: input.stamp,
      sequence: (o.revision ?? 0) + (o.state === 'excused' ? 1 : 0),
      cancelled: o.state === 'excused',
      // Only what is still to be done rings: not a submitted or before-deployment round.
      ...(input.alarmSeconds !== undefined && (o.state === 'open' || o.state === 'overdue')
        ? { alarmSeconds: input.alarmSeconds }
        : {}),
    });
  }
  return icsText(cal);
}
