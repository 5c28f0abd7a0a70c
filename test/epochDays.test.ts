import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateOfEpochDay,
  daysBetweenDates,
  epochDay,
  strictInstantMs,
  weekdayOfEpochDay,
} from '../src/schedule/epochDays.ts';

describe('integer day arithmetic (epoch days) for the planner’s hot loops (issue 11)', () => {
  it('agrees with luxon on every day of 1999-2032, leap days included', () => {
    for (let d = DateTime.utc(1999, 1, 1); d.year < 2033; d = d.plus({ days: 1 })) {
      const date = d.toISODate()!;
      const n = epochDay(date);
      expect(n).toBe(Math.round(d.toMillis() / 86_400_000));
      expect(dateOfEpochDay(n)).toBe(date);
      expect(weekdayOfEpochDay(n)).toBe(d.weekday);
    }
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2100-03-01', -1)).toBe('2100-02-28');
    expect(addDays('2024-12-31', 30)).toBe('2025-01-30');
    expect(daysBetweenDates('2024-09-27', '2024-10-08')).toBe(11);
  });

  it('refuses a date that does not exist or is not YYYY-MM-DD, naming it', () => {
    expect(() => epochDay('2023-02-29')).toThrow('invalid calendar date "2023-02-29", expected YYYY-MM-DD');
    expect(() => epochDay('2024-1-05')).toThrow('invalid calendar date "2024-1-05"');
    expect(() => epochDay('2024-13-01')).toThrow(RangeError);
  });

  it('reads the instants the store writes exactly, and leaves other forms (NaN) to luxon', () => {
    expect(strictInstantMs('2024-11-29T09:00:00.000+08:00')).toBe(
      DateTime.fromISO('2024-11-29T09:00:00.000+08:00').toMillis(),
    );
    expect(strictInstantMs('2024-11-29T01:00:00Z')).toBe(Date.UTC(2024, 10, 29, 1));
    expect(strictInstantMs('2024-11-29T09:00+08:00')).toBe(Date.UTC(2024, 10, 29, 1));
    // Date.parse would roll 02-30 over to 03-01; no offset would read the host zone; a basic form is luxon's.
    expect(strictInstantMs('2024-02-30T09:00:00+08:00')).toBeNaN();
    expect(strictInstantMs('2024-11-29T09:00:00')).toBeNaN();
    expect(strictInstantMs('20241129T090000+0800')).toBeNaN();
  });
});
