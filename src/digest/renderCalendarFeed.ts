import { createHash } from 'node:crypto';
import { createEvents, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { localInstant } from '../schedule/index.ts';
import type { Occurrence } from '../schedule/types.ts';

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
  /** Local start time `HH:mm` of each deadline event (the configured `sendAt`). */
  time: string;
  /** IANA zone of the dates, e.g. `Asia/Shanghai`. */
  timezone: string;
  /** DTSTAMP instant (ISO); keeps the output a pure function of its input. */
  stamp: string;
}

/**
 * Renders an agency's deadlines as one iCalendar (RFC 5545) feed that contacts can subscribe to:
 * one 1-hour event per occurrence at its due date and `time` in `timezone`, written in UTC so the
 * instant is right whatever the host `TZ`. UIDs are `sha256(occurrence key)[0..32]@pprd-reminder`
 * (the same as the email attachment), so a subscribed calendar updates an event when an extension
 * moves it. An agency with no occurrences gets a valid empty calendar.
 * @throws Error when ics rejects an event (an invalid date).
 */
export function renderCalendarFeed(input: CalendarFeedInput): string {
  const stamp = DateTime.fromISO(input.stamp, { setZone: true }).toMillis();
  const events = input.occurrences.map((o) => {
    const start = localInstant(o.due, input.time, input.timezone).instant.toUTC();
    const name = input.cycleNames[o.cycle] ?? o.cycle;
    const closed = o.state === 'submitted' ? '（已报送）' : o.state === 'excused' ? '（已免报）' : '';
    const provisional = o.provisional ? '\n日期暂定：该年度节假日安排尚未发布（provisional: holiday data not yet published）。' : '';
    return {
      start: [start.year, start.month, start.day, start.hour, start.minute],
      startInputType: 'utc',
      startOutputType: 'utc',
      duration: { hours: 1 },
      title: `${closed}${name} ${o.period} 截止`,
      description: `${input.agency}：${name}（${o.period}）报送${input.submitTo[o.cycle] ?? ''}，截止 ${o.due}。${provisional}`,
      uid: `${createHash('sha256').update(o.key).digest('hex').slice(0, 32)}@pprd-reminder`,
      productId: 'pprd-reminder',
      calName: `${input.agency} 报送截止日期`,
      timestamp: stamp,
      status: 'CONFIRMED',
      busyStatus: 'FREE',
    } as EventAttributes & { timestamp: number };
  });
  const { error, value } = createEvents(events, { productId: 'pprd-reminder', calName: `${input.agency} 报送截止日期` });
  if (error || !value) throw new Error(`cannot render the calendar feed of ${input.agency}: ${error?.message ?? 'no output'}`);
  return value;
}
