import { createHash } from 'node:crypto';
import type { ICalCalendar } from 'ical-generator';
import { lazyRequire } from '../lazyRequire.ts';

/** ical-generator (its CommonJS build), loaded on the first calendar written (issue 11: CLI start). */
const icalGenerator = lazyRequire<typeof import('ical-generator')>('ical-generator');

import { epochDay, instantMillis } from '../schedule/index.ts';
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
  // Dates as `Date`s, not luxon objects: ical-generator formats them in UTC, the same text, at a tenth of the cost (issue 11).
  let day: number;
  try {
    day = epochDay(e.due) * 86_400_000;
  } catch {
    throw new Error(`invalid deadline date ${JSON.stringify(e.due)} (expected YYYY-MM-DD) for ${e.occurrenceKey}`);
  }
  const stamp = instantMillis(e.stamp);
  if (Number.isNaN(stamp)) throw new Error(`invalid DTSTAMP instant ${JSON.stringify(e.stamp)} for ${e.occurrenceKey}`);
  const event = cal.createEvent({
    id: deadlineUid(e.occurrenceKey),
    sequence: e.sequence ?? 0,
    stamp: new Date(stamp),
    start: new Date(day),
    end: new Date(day + 86_400_000),
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
 * Folds iCalendar content lines at 75 octets (RFC 5545 §3.1): a line longer than that continues on the
 * next after CRLF and a space; a character (a UTF-16 surrogate pair counts as one) is never split. The same
 * text as ical-generator's own folding, which encodes every character with a new `TextEncoder` (0.4 ms for
 * one deadline's attachment: most of an email reminder's rendering, issue 11); here octets are counted from
 * the UTF-16 code units.
 * @param text unfolded content lines joined by CRLF.
 */
export function foldIcsLines(text: string): string {
  const lines = text.split('\r\n');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    // An ASCII line of at most 74 characters stays as it is (most lines).
    if (line.length <= 74 && !/[^\x00-\x7f]/.test(line)) continue;
    let out = '';
    let octets = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      let ch = line[i];
      let size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length) {
        // A pair is one character of 4 octets (ical-generator keeps a lone high surrogate with the next unit).
        const next = line.charCodeAt(i + 1);
        size = next >= 0xdc00 && next <= 0xdfff ? 4 : 3 + (next < 0x80 ? 1 : next < 0x800 ? 2 : 3);
        ch += line[++i];
      }
      octets += size;
      if (octets > 74) {
        out += '\r\n ';
        octets = size;
      }
      out += ch;
    }
    lines[l] = out;
  }
  return lines.join('\r\n');
}

/** The text of each {@link createIcsCalendar} calendar around its events (`head`, then the events, then `END`). */
const SHELLS = new WeakMap<ICalCalendar, string>();
/** The same head for the same options (key: the feed's name, or '' for an attachment): written once. */
const HEADS = new Map<string, string>();
const END = 'END:VCALENDAR';

/**
 * The iCalendar text of a calendar made by {@link createIcsCalendar}: exactly what its `toString()` writes
 * (its properties as ical-generator writes them, then each event's lines), folded by {@link foldIcsLines}.
 * @throws Error for a calendar not made by {@link createIcsCalendar}.
 */
export function icsText(cal: ICalCalendar): string {
  const shell = SHELLS.get(cal);
  if (shell === undefined) throw new Error('icsText: the calendar was not made by createIcsCalendar');
  let events = '';
  for (const e of cal.events()) events += e.toString();
  return `${shell}${foldIcsLines(events)}${END}`;
}

/**
 * A new calendar with this product's `PRODID`.
 * @param feed a subscribed feed: its name (`NAME`, `X-WR-CALNAME`) and `REFRESH-INTERVAL`/`X-PUBLISHED-TTL`
 *   of {@link FEED_REFRESH_SECONDS}; without it, an email attachment with `METHOD:PUBLISH`.
 */
export function createIcsCalendar(feed?: { name: string }): ICalCalendar {
  const cal = feed
    ? icalGenerator().default({ prodId: ICS_PRODID, name: feed.name, ttl: FEED_REFRESH_SECONDS })
    : icalGenerator().default({ prodId: ICS_PRODID, method: icalGenerator().ICalCalendarMethod.PUBLISH });
  // Its text with no event yet (ical-generator's own, folded by it) up to its last line: the events go there.
  const key = feed?.name ?? '';
  let head = HEADS.get(key);
  if (head === undefined) {
    head = cal.toString().slice(0, -END.length);
    if (HEADS.size > 1000) HEADS.clear();
    HEADS.set(key, head);
  }
  SHELLS.set(cal, head);
  return cal;
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
    content: icsText(cal),
  };
}

/**
 * {@link renderDeadlineIcs} with its results kept: the same input (every field: occurrence, due date,
 * title, description, stamp, sequence, cancelled, alarm, file name) gives the very same attachment object
 * (frozen), rendered once. A tick makes one (runTick), so the contacts of one agency who read the same
 * language share one `.ics` instead of one rendering each (issue 11: ical-generator is most of a
 * reminder's rendering). Kept for the memo's lifetime: make one per tick.
 */
export function createDeadlineIcsMemo(): (input: DeadlineIcsInput) => RenderedAttachment {
  const kept = new Map<string, RenderedAttachment>();
  return (input) => {
    const key = JSON.stringify([
      input.occurrenceKey,
      input.due,
      input.title,
      input.description,
      input.stamp,
      input.sequence ?? 0,
      input.cancelled ?? false,
      input.alarmSeconds ?? null,
      input.filename ?? null,
    ]);
    let ics = kept.get(key);
    if (!ics) {
      ics = Object.freeze(renderDeadlineIcs(input));
      kept.set(key, ics);
    }
    return ics;
  };
}
