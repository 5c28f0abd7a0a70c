// Prints the plan of the small catalog for 2024-2025 as JSON; run in a child process with a
// chosen TZ to show the planner does not depend on the host time zone.
import { createCalendar, planSchedule } from '../../src/schedule/index.ts';
import { planConfig } from '../fixtures/planConfig.ts';
import { smallCatalog } from '../fixtures/smallCatalog.ts';

const plan = planSchedule({
  catalog: smallCatalog,
  config: planConfig(),
  calendar: createCalendar(),
  now: '2024-12-31T20:00:00-08:00',
  from: '2024-01-01',
  to: '2025-12-31',
});
process.stdout.write(
  JSON.stringify({ tz: process.env.TZ, hostOffsetMinutes: new Date(2024, 11, 1).getTimezoneOffset(), plan }),
);
