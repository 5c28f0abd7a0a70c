// Compares the calendar with chinese-days' own isWorkday for every day of 2004-2026. Run with
// TZ=Asia/Shanghai, the only kind of zone where the package's functions are right.
import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import { createCalendar } from '../../src/schedule/index.ts';

const cal = createCalendar();
const mismatches: string[] = [];
let checked = 0;
for (let d = DateTime.utc(2004, 1, 1); d.year <= 2026; d = d.plus({ days: 1 })) {
  const iso = d.toISODate()!;
  checked++;
  if (cal.isWorkingDay(iso) !== chineseDays.isWorkday(iso)) mismatches.push(iso);
}
process.stdout.write(JSON.stringify({ checked, mismatches }));
