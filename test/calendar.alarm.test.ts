import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { formatProblem, readYamlFile, validatePprd } from '../src/config/index.ts';
import { renderCalendarFeed, renderReminder } from '../src/digest/index.ts';
import { periodLabel } from '../src/messages/index.ts';
import { createCalendar, NO_RECORDS, planSchedule, type Reminder } from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';
import { smallCatalog } from './fixtures/smallCatalog.ts';

const AGENCY = '省发展改革委';

/** `calendar:` lines appended to a minimal valid pprd.yaml (lines 1-2), validated. */
function withCalendar(...calendar: string[]) {
  return validatePprd(
    readYamlFile('config/pprd.yaml', ['timezone: Asia/Shanghai', 'sendAt: "09:00"', ...calendar].join('\n')),
  );
}

/** The feed of 省发展改革委 on 2024-11-01 (2024H2 open, 2024H1 submitted), read by ical.js. */
function feedEvents(alarmSeconds?: number) {
  const records = {
    ...NO_RECORDS,
    submissions: [
      {
        cycle: 'half-yearly',
        period: '2024H1',
        agency: AGENCY,
        at: '2024-06-20T10:00:00+08:00',
        by: 'test',
        recordedAt: '2024-06-20T10:00:00+08:00',
      },
    ],
  };
  const plan = planSchedule({
    catalog: smallCatalog,
    config: planConfig([halfYearly]),
    calendar: createCalendar(),
    records,
    now: '2024-11-01T09:00:00+08:00',
    from: '2024-01-01',
    to: '2024-12-31',
    agency: AGENCY,
  });
  const text = renderCalendarFeed({
    agency: AGENCY,
    occurrences: plan.occurrences,
    cycleNames: { 'half-yearly': halfYearly.name },
    submitTo: { 'half-yearly': '省泛珠办' },
    stamp: '2024-11-01T09:00:00+08:00',
    alarmSeconds,
  });
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
  return (period: string) =>
    events.find((e) => String(e.getFirstPropertyValue('summary')).includes(` ${periodLabel(period, 'zh-CN')} `))!;
}

describe('calendar.alarm in pprd.yaml (issue 15)', () => {
  it('reads days before the due date and RFC 5545 durations from the start of the due day, as seconds before it', () => {
    expect(withCalendar('calendar:', '  alarm: 1').value!.calendar).toEqual({ alarmSeconds: 86_400 });
    expect(withCalendar('calendar:', '  alarm: 0').value!.calendar).toEqual({ alarmSeconds: 0 });
    expect(withCalendar('calendar:', '  alarm: "-P1D"').value!.calendar).toEqual({ alarmSeconds: 86_400 });
    expect(withCalendar('calendar:', '  alarm: "-PT15H"').value!.calendar).toEqual({ alarmSeconds: 54_000 });
    expect(withCalendar('calendar:', '  alarm: "PT9H"').value!.calendar).toEqual({ alarmSeconds: -32_400 });
    expect(withCalendar('calendar:', '  alarm: "-P1W"').value!.calendar).toEqual({ alarmSeconds: 604_800 });
    // Absent, null or an empty section: no alarm.
    expect(withCalendar().value!.calendar).toBeUndefined();
    expect(withCalendar('calendar:', '  alarm: null').value!.calendar).toBeUndefined();
  });

  it('refuses a bad alarm with file, line, field and the fix, and no value', () => {
    const fix =
      'write days before the due date (e.g. alarm: 1) or an RFC 5545 duration from the start of the due day in quotes, e.g. "-PT15H" (09:00 the day before) or "PT9H" (09:00 on the day); remove it for no alarm';
    const msg =
      'alarm must be whole days before the due date (0 to 60, e.g. 1) or a duration such as -P1D, -PT15H or PT9H, within 60 days of the due day';
    for (const bad of ['61', '-1', '1.5', '"1 day"', '"P"', '"-PT"', '"-P61D"', '"P9W"']) {
      const r = withCalendar('calendar:', `  alarm: ${bad}`);
      expect([bad, r.value, r.problems.map(formatProblem)]).toEqual([
        bad,
        undefined,
        [`config/pprd.yaml:4:10 calendar.alarm: ${msg} — fix: ${fix}`],
      ]);
    }
    const unknown = withCalendar('calendar:', '  alarms: 1');
    expect(unknown.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '4 calendar.alarms: unknown key "alarms" (did you mean alarm?)',
    ]);
  });

  it('the feed: each open deadline carries a display VALARM one day before its start, read by ical.js; a submitted one none; none without the setting', () => {
    const event = feedEvents(86_400);
    const open = event('2024H2');
    const alarms = open.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    expect(alarms[0].getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarms[0].getFirstPropertyValue('description')).toBe('泛珠合作事项半年报送 2024年下半年 截止');
    const trigger = alarms[0].getFirstProperty('trigger')!;
    // No RELATED parameter: relative to the start (RFC 5545 §3.2.14's default), 00:00 of the due day.
    expect(trigger.getParameter('related')).toBeUndefined();
    expect(trigger.getFirstValue()!.toString()).toBe('-P1D');
    expect(event('2024H1').getAllSubcomponents('valarm')).toEqual([]);
    expect(feedEvents()('2024H2').getAllSubcomponents('valarm')).toEqual([]);
  });

  it('the email attachment carries the same alarm (09:00 on the due day for PT9H)', () => {
    const r: Reminder = {
      key: 'half-yearly/2024H2/省发展改革委/before/7@2024-12-31',
      occurrenceKey: 'half-yearly/2024H2/省发展改革委',
      date: '2024-12-24',
      time: '09:00',
      at: '2024-12-24T09:00:00.000+08:00',
      agency: AGENCY,
      cycle: 'half-yearly',
      period: '2024H2',
      due: '2024-12-31',
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
      now: '2024-12-24T09:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
      calendarAlarmSeconds: -32_400,
    });
    const ev = new ICAL.Component(ICAL.parse(m.attachments![0].content)).getFirstSubcomponent('vevent')!;
    expect(ev.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger')!.toString()).toBe('PT9H');
  });
});
