import ICAL from 'ical.js';
import { describe, expect, it, test } from 'vitest';
import {
  addDeadlineEvent,
  createIcsCalendar,
  foldIcsLines,
  icsText,
  renderCalendarFeed,
  renderReminder,
} from '../src/digest/index.ts';
import { periodLabel } from '../src/messages/index.ts';
import type { Reminder } from '../src/schedule/index.ts';
import {
  createCalendar,
  NO_RECORDS,
  type PlanInput,
  planSchedule,
  type ScheduleRecords,
} from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';
import { setEnv } from './helpers/cliInProcess.ts';

const AGENCY = '省发展改革委';
const base: PlanInput = {
  catalog: smallCatalog,
  config: planConfig([halfYearly]),
  calendar: createCalendar(),
  now: '2024-11-01T09:00:00+08:00',
  from: '2024-01-01',
  to: '2025-12-31',
  agency: AGENCY,
};
const records = (r: Partial<ScheduleRecords>): ScheduleRecords => ({ ...NO_RECORDS, ...r });

/** The feed of 省发展改革委 under `records`, parsed by ical.js (an independent RFC 5545 parser). */
function feed(r: ScheduleRecords) {
  const plan = planSchedule({ ...base, records: r });
  const text = renderCalendarFeed({
    agency: AGENCY,
    occurrences: plan.occurrences,
    cycleNames: { 'half-yearly': halfYearly.name },
    submitTo: { 'half-yearly': '省泛珠办' },
    stamp: '2024-11-01T09:00:00+08:00',
  });
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent');
  const byPeriod = (period: string) =>
    events.find((e) => String(e.getFirstPropertyValue('summary')).includes(` ${periodLabel(period, 'zh-CN')} `))!;
  return { text, cal, events, byPeriod };
}

describe('the agency calendar feed as calendar programs expect it (RFC 5545, RFC 7986), read by ical.js', () => {
  it('2024H2 of 省发展改革委: an all-day, transparent event on Tuesday 2024-12-31; PRODID, refresh interval and TTL', () => {
    const { text, cal, byPeriod } = feed(NO_RECORDS);
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//pprd-reminder//PPRD Reminder//ZH');
    expect(cal.getFirstProperty('refresh-interval')?.getFirstValue()?.toString()).toBe('PT12H');
    expect(cal.getFirstPropertyValue('x-published-ttl')).toBe('PT12H');
    const ev = byPeriod('2024H2');
    const start = ev.getFirstProperty('dtstart')!;
    expect(start.type).toBe('date');
    expect(start.getFirstValue()!.toString()).toBe('2024-12-31');
    expect(ev.getFirstPropertyValue('dtend')!.toString()).toBe('2025-01-01');
    expect(ev.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(ev.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(ev.getFirstPropertyValue('sequence')).toBe(0);
    expect(ev.getFirstPropertyValue('summary')).toBe('泛珠合作事项半年报送 2024年下半年 截止');
    // RFC 5545 §3.1: no content line longer than 75 octets (the Chinese description is folded by bytes).
    const lines = text.split('\r\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(ev.getFirstPropertyValue('description')).toBe(
      '省发展改革委：泛珠合作事项半年报送（2024年下半年）报送省泛珠办，截止 2024-12-31。',
    );
  });

  it('an extension raises SEQUENCE each time it moves the date; an excused occurrence is CANCELLED with a higher SEQUENCE', () => {
    const ext = (to: string, recordedAt: string) => ({
      cycle: 'half-yearly',
      period: '2024H2',
      agency: AGENCY,
      to,
      by: 'test',
      recordedAt,
    });
    const once = feed(records({ extensions: [ext('2025-01-10', '2024-11-02T10:00:00+08:00')] })).byPeriod('2024H2');
    expect(once.getFirstPropertyValue('dtstart')!.toString()).toBe('2025-01-10');
    expect(once.getFirstPropertyValue('sequence')).toBe(1);
    const twice = feed(
      records({
        extensions: [ext('2025-01-10', '2024-11-02T10:00:00+08:00'), ext('2025-01-17', '2024-11-03T10:00:00+08:00')],
      }),
    ).byPeriod('2024H2');
    expect(twice.getFirstPropertyValue('dtstart')!.toString()).toBe('2025-01-17');
    expect(twice.getFirstPropertyValue('sequence')).toBe(2);
    expect(twice.getFirstPropertyValue('uid')).toBe(once.getFirstPropertyValue('uid'));

    const excused = feed(
      records({
        excusals: [
          {
            cycle: 'half-yearly',
            period: '2024H2',
            agency: AGENCY,
            at: '2024-11-02T10:00:00+08:00',
            by: 'test',
            recordedAt: '2024-11-02T10:00:00+08:00',
          },
        ],
      }),
    ).byPeriod('2024H2');
    expect(excused.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(excused.getFirstPropertyValue('sequence')).toBe(1);
    expect(excused.getFirstPropertyValue('summary')).toBe('（已免报）泛珠合作事项半年报送 2024年下半年 截止');
  });

  it('the email attachment is the same all-day event in any host time zone, with the extension count as SEQUENCE', () => {
    const oldTz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const r: Reminder = {
        key: 'half-yearly/2024H2/省发展改革委/before/7@2025-01-10',
        occurrenceKey: 'half-yearly/2024H2/省发展改革委',
        date: '2025-01-03',
        time: '09:00',
        at: '2025-01-03T09:00:00.000+08:00',
        agency: AGENCY,
        cycle: 'half-yearly',
        period: '2024H2',
        due: '2025-01-10',
        kind: 'before',
        offset: 7,
        provisional: false,
        dueProvisional: false,
      };
      const m = renderReminder({
        reminder: r,
        catalog: smallCatalog,
        cycle: halfYearly,
        to: { name: '张三', language: 'zh-CN' },
        now: '2025-01-03T09:00:00+08:00',
        timezone: 'Asia/Shanghai',
        sendAt: '09:00',
        late: false,
        sequence: 1,
      });
      const text = m.attachments![0].content;
      const cal = new ICAL.Component(ICAL.parse(text));
      expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
      const ev = cal.getFirstSubcomponent('vevent')!;
      expect(ev.getFirstProperty('dtstart')!.type).toBe('date');
      expect(ev.getFirstPropertyValue('dtstart')!.toString()).toBe('2025-01-10');
      expect(ev.getFirstPropertyValue('sequence')).toBe(1);
      expect(ev.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
      expect(Math.max(...text.split('\r\n').map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    } finally {
      setEnv({ TZ: oldTz }); // deleted again when it was unset
    }
  });
});

describe('calendar text (issue 11: ical-generator folded each line with a TextEncoder per character)', () => {
  test('lines fold at 75 octets: 80 ASCII characters after 74, Chinese after 24 characters (72 octets), an emoji pair is never split', () => {
    expect(foldIcsLines('A'.repeat(80))).toBe(`${'A'.repeat(74)}\r\n ${'A'.repeat(6)}`);
    expect(foldIcsLines(`X:${'报'.repeat(30)}`)).toBe(`X:${'报'.repeat(24)}\r\n ${'报'.repeat(6)}`);
    // 'X:' (2) + 18 emoji of 4 octets = 74; the 19th starts the next line whole.
    expect(foldIcsLines(`X:${'😀'.repeat(20)}`)).toBe(`X:${'😀'.repeat(18)}\r\n ${'😀'.repeat(2)}`);
    expect(foldIcsLines('BEGIN:VEVENT\r\nEND:VEVENT')).toBe('BEGIN:VEVENT\r\nEND:VEVENT');
  });

  test("the text is ical-generator's own, byte for byte: an agency feed (cancelled, alarms, long Chinese names, emoji) and an email attachment", () => {
    const name = `省交通运输厅${'很长的名字'.repeat(6)} 报送截止日期`;
    const feedCal = createIcsCalendar({ name });
    for (const [i, due] of ['2020-06-30', '2020-12-31', '2024-02-29'].entries())
      addDeadlineEvent(feedCal, {
        occurrenceKey: `half-yearly/${due.slice(0, 4)}H${i + 1}/省交通运输厅`,
        due,
        title: `泛珠合作事项半年报送（${'名字'.repeat(20)} 😀, commas; semicolons）${due}`,
        description: `省交通运输厅：报送至 省泛珠办\n截止 ${due}；\\ ${'说明'.repeat(40)}`,
        stamp: '2020-06-23T09:00:00+08:00',
        sequence: i,
        cancelled: i === 1,
        alarmSeconds: -32400,
      });
    expect(icsText(feedCal)).toBe(feedCal.toString());
    expect(icsText(feedCal)).toContain('\r\nNAME:');
    const mailCal = createIcsCalendar();
    addDeadlineEvent(mailCal, {
      occurrenceKey: 'half-yearly/2020H1/省交通运输厅',
      due: '2020-06-30',
      title: '泛珠合作事项半年报送 2020H1',
      description: '省交通运输厅：泛珠合作事项半年报送 2020H1，报送至 省泛珠办，截止 2020-06-30。',
      stamp: '2020-06-23T01:00:00.000Z',
    });
    expect(icsText(mailCal)).toBe(mailCal.toString());
    expect(icsText(mailCal).split('\r\n').slice(0, 4)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//pprd-reminder//PPRD Reminder//ZH',
      'METHOD:PUBLISH',
    ]);
    expect(icsText(mailCal)).toContain(
      '\r\nDTSTAMP:20200623T010000Z\r\nDTSTART;VALUE=DATE:20200630\r\nDTEND;VALUE=DATE:20200701\r\n',
    );
  });

  test('a date that does not exist and an instant that is not one are refused, naming the occurrence', () => {
    const cal = createIcsCalendar();
    const e = { occurrenceKey: 'half-yearly/2021H1/省交通运输厅', title: 't', description: 'd' };
    expect(() => addDeadlineEvent(cal, { ...e, due: '2021-02-29', stamp: '2021-01-01T09:00:00+08:00' })).toThrow(
      'invalid deadline date "2021-02-29" (expected YYYY-MM-DD) for half-yearly/2021H1/省交通运输厅',
    );
    expect(() => addDeadlineEvent(cal, { ...e, due: '2021-06-30', stamp: 'yesterday' })).toThrow(
      'invalid DTSTAMP instant "yesterday" for half-yearly/2021H1/省交通运输厅',
    );
  });
});
