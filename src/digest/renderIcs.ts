import { createHash } from 'node:crypto';
import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { localInstant } from '../schedule/index.ts';
import type { RenderedAttachment } from './types.ts';

/** Input of {@link renderDeadlineIcs}. */
export interface DeadlineIcsInput {
  /** Occurrence key (`cycle/period/agency`): the event UID is derived from it, so updates replace the event. */
  occurrenceKey: string;
  /** Due date `YYYY-MM-DD` (local, in `timezone`). */
  due: string;
  /** Local time `HH:mm` of the event start on the due date (the configured `sendAt`, default 09:00). */
  time: string;
  /** IANA zone of the calendar, e.g. `Asia/Shanghai`. */
  timezone: string;
  title: string;
  description: string;
  /** DTSTAMP: the instant the message is rendered (ISO); keeps the output a pure function of its input. */
  stamp: string;
  /** File name of the attachment (default `deadline.ics`). */
  filename?: string;
}

/**
 * Renders a one-hour iCalendar (RFC 5545) event at the deadline, as an email attachment.
 * The local start (due date + `time` in `timezone`) is converted to UTC with luxon first and written
 * as `DTSTART:…Z`, so the instant is right whatever the host's `TZ` (ics's `local` input would use
 * the process zone). `UID` is `sha256(occurrenceKey)[0..32]@pprd-reminder`.
 * @throws Error when ics rejects the event (e.g. an invalid date).
 */
export function renderDeadlineIcs(input: DeadlineIcsInput): RenderedAttachment {
  // Every contact of an occurrence gets the same event; ics validates each event with yup (~3 ms), so
  // identical inputs are served from a small memo (a pure function's output for the same input).
  const memoKey = JSON.stringify(input);
  const hit = memo.get(memoKey);
  if (hit) return { ...hit };
  const out = renderIcsUncached(input);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(memoKey, out);
  return { ...out };
}

const MEMO_SIZE = 256;
const memo = new Map<string, RenderedAttachment>();

function renderIcsUncached(input: DeadlineIcsInput): RenderedAttachment {
  const start = localInstant(input.due, input.time, input.timezone).instant.toUTC();
  if (!start.isValid) throw new Error(`invalid deadline ${input.due} ${input.time} in ${input.timezone}`);
  const stamp = DateTime.fromISO(input.stamp, { setZone: true }).toMillis();
  const attrs = {
    start: [start.year, start.month, start.day, start.hour, start.minute],
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: 1 },
    title: input.title,
    description: input.description,
    uid: `${createHash('sha256').update(input.occurrenceKey).digest('hex').slice(0, 32)}@pprd-reminder`,
    productId: 'pprd-reminder',
    timestamp: stamp,
    status: 'CONFIRMED',
    busyStatus: 'FREE',
  } as EventAttributes & { timestamp: number };
  const { error, value } = createEvent(attrs);
  if (error || !value) throw new Error(`cannot render the deadline calendar: ${error?.message ?? 'no output'}`);
  return { filename: input.filename ?? 'deadline.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: value };
}
