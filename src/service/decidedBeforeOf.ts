import type { Config } from '../config/index.ts';
import type { Plan } from '../schedule/index.ts';

/**
 * A plan the service ticks with, and what it was planned from: the config object (a reload replaces it),
 * the records' version (`records_version`, bumped by every write of any process) and the local day
 * (`YYYY-MM-DD` in the config's zone) of the tick that planned it.
 */
export interface TickedPlan {
  plan: Plan;
  config: Readonly<Config>;
  version: number;
  day: string;
}

/**
 * The instant (ms since the epoch) up to which every reminder of `current` is known to be decided, for the
 * service's tick (`decidedBefore` of the delivery tick; issue 11: a tick's cost follows what is due), or
 * undefined when every reminder due must be checked against the store.
 *
 * Known when the last successful tick (`last`, its plan and instant `nowMs`) decided the same reminders:
 * the very same plan, or a plan of the same config object and the same records version in the same
 * year, made for another day. The planner reads the day only for which occurrences are open or overdue
 * and for the year it plans to (31 December of the next year), so such a plan has the same reminders at
 * the same instants (the rule `simulate` reuses a plan by). Then it is the last tick's instant less the
 * catch-up window (`catchUpDays`, as a margin), as for the same plan; a config edit, any record written
 * or undone, or a new year plan afresh and check every reminder due.
 */
export function decidedBeforeOf(
  last: { ticked: TickedPlan; nowMs: number } | null,
  current: TickedPlan,
  catchUpDays: number,
): number | undefined {
  if (!last) return undefined;
  const same =
    last.ticked.plan === current.plan ||
    (last.ticked.config === current.config &&
      last.ticked.version === current.version &&
      last.ticked.day.slice(0, 4) === current.day.slice(0, 4));
  return same ? last.nowMs - catchUpDays * 86_400_000 : undefined;
}
