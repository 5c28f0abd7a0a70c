import { createHash } from 'node:crypto';
import type { ICalCalendar } from 'ical-generator';
import { lazyRequire } from '../lazyRequire.ts';

/** ical-generator (its CommonJS build), loaded on the first calendar written (issue 11: CLI start). */
const icalGenerator = lazyRequire<typeof import('ical-generator')>('ical-generator');

import { DateTime } from 'luxon';
import type { RenderedAttachment } from './types.ts';

/**
 * `PRODID` of every calendar this product writes (RFC 5545 §3.7.3, the `-//owner//product//language`
 * form): `-//pprd-reminder//PPRD Reminder//ZH`.
 */
export const ICS_PRODID = { company: 'pprd-reminder', product: 'PPRD Reminder', language: 'ZH' } as const;

/** How often a subscribed calendar should fetch the feed again (RFC 7986 `REFRESH-INTERVAL`, and `X-PUBLISHED-TTL`): 12 h, in seconds. */
export const FEED_REFRESH_SECONDS = 12 * 3600;

/** One deadline as a calendar event (see {@link addDeadlineEvent}). */
export interface DeadlineEvent {
  /** Occurrence key (`cycle/period/agency`): the event UID is derived from it, so updates replace the event. */
  occurrenceKey: string;
  /** Due date `YYYY-MM-DD` (local, in the configured zone): the all-day event's date. */
  due: string;
  title: string;
  description: string;
  /** DTSTAMP: the instant of rendering (ISO); keeps the output a pure function of its input. */
  stamp: string;
  /**
   * `SEQUENCE` (RFC 5545 §3.8.7.4): the event's revision, raised when the organiser changes it
   * significantly — here the number of times an extension moved the due date, plus one when the
   * occurrence was excused (cancelled). Default 0.
   */
  sequence?: number;
  /** `true`: the occurrence was excused, the event is `STATUS:CANCELLED` (RFC 5545 §3.8.1.11). Default `false`. */
  cancelled?: boolean;
  /**
   * A display alarm (`VALARM`, RFC 5545 §3.6.6) this many seconds before the start of the due day
   * (`TRIGGER` relative to the start; negative: during the day), from config `calendar.alarm`. Absent: none.
   * A cancelled event carries none.
   */
  alarmSeconds?: number;
}

/** `sha256(occurrenceKey)[0..32]@pprd-reminder`: the same UID in the email attachment and the feed. */
export function deadlineUid(occurrenceKey: string): string {
  return `${createHash('sha256').update(occurrenceKey).digest('hex').slice(0, 32)}@pprd-reminder`;
}

/**
 * Adds one deadline to a calendar as calendar users expect a deadline (RFC 5545): an all-day event
 * on the due date (`DTSTART;VALUE=DATE`, `DTEND` the next day), transparent (`TRANSP:TRANSPARENT`:
 * it does not show as busy), `STATUS:CONFIRMED` or `CANCELLED`, `SEQUENCE` as given. A date has no
 * time zone, so the event is the same in every viewer's and host's zone. ical-generator folds lines at
 * 75 octets (RFC 5545 §3.1), not characters, so Chinese titles stay within the limit.
 * @throws Error when `due` is not a `YYYY-MM-DD` calendar date or `stamp` not an ISO instant.
 */
export function addDeadlineEvent(cal: ICalCalendar, e: DeadlineEvent): void {
  const day = DateTime.fromISO(e.due, { zone: 'utc' });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(e.due))
    throw new Error(`invalid deadline date ${JSON.stringify(e.due)} (expected YYYY-MM-DD) for ${e.occurrenceKey}`);
  const stamp = DateTime.fromISO(e.stamp, { setZone: true });
  if (!stamp.isValid) throw new Error(`invalid DTSTAMP instant ${JSON.stringify(e.stamp)} for ${e.occurrenceKey}`);
  const event = cal.createEvent({
    id: deadlineUid(e.occurrenceKey),
    sequence: e.sequence ?? 0,
    stamp: stamp.toUTC(),
    start: day,
    end: day.plus({ days: 1 }),
    allDay: true,
    summary: e.title,
    description: e.description,
    transparency: icalGenerator().ICalEventTransparency.TRANSPARENT,
    status: e.cancelled ? icalGenerator().ICalEventStatus.CANCELLED : icalGenerator().ICalEventStatus.CONFIRMED,
  });
  if (e.alarmSeconds !== undefined && !e.cancelled) {
    event.createAlarm({
      type: icalGenerator().ICalAlarmType.display,
      trigger: e.alarmSeconds,
      relatesTo: icalGenerator().ICalAlarmRelatesTo.start,
      description: e.title,
    });
  }
}

/**
 * A new calendar with this product's `PRODID`.
 * @param feed a subscribed feed: its name (`NAME`, `X-WR-CALNAME`) and `REFRESH-INTERVAL`/`X-PUBLISHED-TTL`
 *   of {@link FEED_REFRESH_SECONDS}; without it, an email attachment with `METHOD:PUBLISH`.
 */
export function createIcsCalendar(feed?: { name: string }): ICalCalendar {
  return feed
    ? icalGenerator().default({ prodId: ICS_PRODID, name: feed.name, ttl: FEED_REFRESH_SECONDS })
    : icalGenerator().default({ prodId: ICS_PRODID, method: icalGenerator().ICalCalendarMethod.PUBLISH });
}

/** Input of {@link renderDeadlineIcs}. */
export interface DeadlineIcsInput extends DeadlineEvent {
  /** File name of the attachment (default `deadline.ics`). */
  filename?: string;
}

/**
 * Renders a deadline as an iCalendar (RFC 5545) email attachment: one all-day event
 * ({@link addDeadlineEvent}) in a `METHOD:PUBLISH` calendar, `text/calendar; charset=utf-8`.
 * @throws Error when the date or stamp is invalid (see {@link addDeadlineEvent}).
 */
export function renderDeadlineIcs(input: DeadlineIcsInput): RenderedAttachment {
  const cal = createIcsCalendar();
  addDeadlineEvent(cal, input);
  return {
    filename: input.filename ?? 'deadline.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: cal.toString(),
  };
}
