import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCalendar, packageCoverage } from '../src/schedule/index.ts';

describe('createCalendar (China, chinese-days + config)', () => {
  const cal = createCalendar();

  it('follows the official calendar: holidays off, make-up Saturdays on', () => {
    expect(cal.isWorkingDay('2024-10-01')).toBe(false); // National Day, Tuesday
    expect(cal.isWorkingDay('2024-10-07')).toBe(false); // Monday within the break
    expect(cal.isWorkingDay('2024-10-12')).toBe(true); // make-up working Saturday
    expect(cal.isWorkingDay('2024-09-29')).toBe(true); // make-up working Sunday
    expect(cal.isWorkingDay('2024-12-01')).toBe(false); // ordinary Sunday
    expect(cal.isWorkingDay('2024-11-29')).toBe(true); // ordinary Friday
    expect(cal.isWorkingDay('2025-01-01')).toBe(false); // New Year's Day, Wednesday
  });

  it('steps over days off', () => {
    expect(cal.previousWorkingDay('2024-12-01')).toBe('2024-11-29');
    expect(cal.previousWorkingDay('2024-11-29')).toBe('2024-11-28');
    expect(cal.workingDayOnOrBefore('2024-11-29')).toBe('2024-11-29');
    expect(cal.workingDayOnOrBefore('2024-10-06')).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-10-08', -1)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    expect(cal.addWorkingDays('2024-12-31', 5)).toBe('2025-01-08');
    expect(cal.addWorkingDays('2024-12-31', 0)).toBe('2024-12-31');
    // Spring Festival 2024: 02-10..02-17 off, 02-18 (Sunday) a make-up day.
    expect(cal.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
  });

  it('detects the years the package covers from its data', () => {
    expect(packageCoverage()).toEqual({ first: 2004, last: 2026 });
    expect(cal.isProvisional(2017)).toBe(false);
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.isProvisional(2003)).toBe(true);
  });

  it('falls back to Monday-Friday minus the fixed-date statutory holidays for a year with no data, until config gives the year', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(false); // Friday, 元旦 (fixed by law), no data
    expect(cal.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2027-01-04')).toBe(true); // Monday
    expect(['2027-04-30', '2027-05-03', '2027-05-04'].map((d) => cal.isWorkingDay(d))).toEqual([true, true, true]); // 5-1/5-2 are a weekend in 2027
    expect(['2027-09-30', '2027-10-01', '2027-10-04'].map((d) => cal.isWorkingDay(d))).toEqual([true, false, true]); // 10-1 Friday off
    expect(cal.isWorkingDay('2027-02-08')).toBe(true); // Spring Festival is lunar: unknown until published (provisional)
    const with2027 = createCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-09'] }]);
    expect(with2027.isProvisional(2027)).toBe(false);
    expect(with2027.isWorkingDay('2027-01-01')).toBe(false);
    expect(with2027.isWorkingDay('2027-01-09')).toBe(true);
    expect(with2027.isWorkingDay('2027-01-04')).toBe(true);
    expect(with2027.previousWorkingDay('2027-01-04')).toBe('2026-12-31');
  });

  it('config overrides single dates of a covered year and keeps the rest', () => {
    const c = createCalendar([{ year: 2024, holidays: ['2024-11-29'], workdays: [] }]);
    expect(c.isWorkingDay('2024-11-29')).toBe(false);
    expect(c.isWorkingDay('2024-10-12')).toBe(true);
    expect(c.isWorkingDay('2024-10-01')).toBe(false);
  });

  it('gives local dates of instants in its zone', () => {
    expect(cal.dateOf('2024-12-31T17:00:00Z')).toBe('2025-01-01');
    expect(cal.dateOf('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(createCalendar([], 'America/Los_Angeles').dateOf('2024-12-31T17:00:00Z')).toBe('2024-12-31');
  });

  it('rejects malformed dates and zones', () => {
    expect(() => cal.isWorkingDay('2024-02-30')).toThrow(/invalid calendar date "2024-02-30"/);
    expect(() => createCalendar([], 'Mars/Base')).toThrow(/unknown time zone "Mars\/Base"/);
  });
});

describe('calendar data', () => {
  it('agrees with chinese-days on every day of 2004-2026 (package functions run in Asia/Shanghai)', () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', 'test/helpers/crossCheckChineseDays.ts'], {
        env: { ...process.env, TZ: 'Asia/Shanghai' },
        encoding: 'utf8',
      }),
    );
    expect(out).toEqual({ checked: 8401, mismatches: [] });
  });

  it('gives the same answers whatever the host zone (2026-01-03 is a holiday, 2026-01-04 a make-up day)', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          "import { createCalendar } from './src/schedule/index.ts'; const c = createCalendar(); process.stdout.write(JSON.stringify(['2026-01-03','2026-01-04','2024-10-12'].map(c.isWorkingDay)));",
        ],
        { env: { ...process.env, TZ: tz }, encoding: 'utf8' },
      );
      expect(JSON.parse(out)).toEqual([false, true, true]);
    }
  });
});
