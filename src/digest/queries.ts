import { agencyDuties } from '../catalog/agencyDuties.ts';
import type { Catalog, DirectoryEntry } from '../catalog/types.ts';
import { targetReportName } from '../messages/phrases.ts';
import { targetIdOf } from '../schedule/cycleId.ts';
import { addDays } from '../schedule/index.ts';
import type { Occurrence } from '../schedule/types.ts';
import { daysBetween, type Lang } from './format.ts';
import type { AgencyView, OccurrenceLine, TaskView } from './views.ts';

/**
 * The queries every view reads (issue 10, the facts layer): `pprd deadlines`/`status`, Slack `/pprd
 * due|overdue|agency|task`, the digests, the web board and the chat robots call these and compute no
 * line, window or order of their own. Pure and language-free: dates are `YYYY-MM-DD` in the configured
 * zone, names are the catalog's and the config's.
 */

/**
 * Display name of a cycle: its config name; for a target progress request (`target:T5`) the report's one
 * name, {@link targetReportName} (`2020年目标（T5）进展报告`, the name reminders and escalations use too);
 * else the id itself.
 */
export function cycleDisplayName(cycle: string, names: ReadonlyMap<string, string>, lang: Lang = 'zh-CN'): string {
  const name = names.get(cycle);
  if (name) return name;
  const target = targetIdOf(cycle);
  return target === null ? cycle : targetReportName(target, lang);
}

/** What turns an occurrence into a board line. */
export interface LineContext {
  /** The view's local date `YYYY-MM-DD` (days left count from it). */
  today: string;
  /** Config cycle id → its name (`泛珠合作事项半年报送`); target requests are named by {@link cycleDisplayName}. */
  names: ReadonlyMap<string, string>;
  /** Occurrence keys coordinators were told about (`escalatedKeys`); absent = none marked. */
  escalated?: ReadonlySet<string>;
}

/** Config cycle id → name, the map a {@link LineContext} takes. */
export function cycleNames(cycles: readonly { id: string; name: string }[]): Map<string, string> {
  return new Map(cycles.map((c) => [c.id, c.name]));
}

/**
 * One occurrence as a board line, the one rule (status, digests, Slack, deadlines): the cycle's display
 * name, days left from `today` (negative when overdue), the planner's `provisional`, `escalated` when
 * its key is in `ctx.escalated` and it is still open or overdue, `closedAt` when submitted or excused.
 */
export function occurrenceLine(o: Occurrence, ctx: LineContext): OccurrenceLine {
  const out: OccurrenceLine = {
    cycle: o.cycle,
    period: o.period,
    agency: o.agency,
    cycleName: cycleDisplayName(o.cycle, ctx.names),
    due: o.due,
    state: o.state,
    daysLeft: daysBetween(ctx.today, o.due),
    provisional: o.provisional,
  };
  if (ctx.escalated?.has(o.key) && (o.state === 'open' || o.state === 'overdue')) out.escalated = true;
  if (o.closedAt) out.closedAt = o.closedAt;
  return out;
}

/** Who a query covers: `all` (coordinators) or the canonical names of an agency contact's agencies. */
export type Scope = 'all' | readonly string[];

/** True when `agency` is in `scope` (absent scope = all). */
export function inScope(scope: Scope | undefined, agency: string): boolean {
  return !scope || scope === 'all' || scope.includes(agency);
}

function byDue(a: { due: string }, b: { due: string }): number {
  return a.due < b.due ? -1 : a.due > b.due ? 1 : 0;
}

/**
 * Open occurrences due within `days` calendar days of `ctx.today` (0 ≤ days left ≤ `days`), soonest
 * first, then by agency name: Slack `/pprd due [DAYS]` and the coordinators' digest's "due soon".
 */
export function dueLines(
  occurrences: readonly Occurrence[],
  ctx: LineContext,
  days: number,
  scope?: Scope,
): OccurrenceLine[] {
  // The window by date before any line is made (due dates are `YYYY-MM-DD`, ordered as text): the weekly
  // digest made a line of every open occurrence up to the end of next year and kept two weeks' (issue 11).
  const last = Number.isFinite(days) ? addDays(ctx.today, Math.floor(days)) : undefined;
  return occurrences
    .filter(
      (o) =>
        o.state === 'open' && o.due >= ctx.today && (last === undefined || o.due <= last) && inScope(scope, o.agency),
    )
    .map((o) => occurrenceLine(o, ctx))
    .filter((l) => l.daysLeft >= 0 && l.daysLeft <= days)
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
}

/** Every overdue occurrence in scope, oldest due date first (ties in plan order): `/pprd overdue`, the status board. */
export function overdueLines(occurrences: readonly Occurrence[], ctx: LineContext, scope?: Scope): OccurrenceLine[] {
  return occurrences
    .filter((o) => o.state === 'overdue' && inScope(scope, o.agency))
    .sort(byDue)
    .map((o) => occurrenceLine(o, ctx));
}

/**
 * An agency's open deadlines, the one rule of `pprd deadlines`, the monthly agency digest and `/pprd
 * agency`: every overdue occurrence, and of each (cycle, agency) only the next open one (the earliest
 * due date) — not every future period the planner knows. Due-date order.
 * @param agency only this canonical agency; absent = every agency.
 */
export function openDeadlines(occurrences: readonly Occurrence[], agency?: string): Occurrence[] {
  if (agency === undefined) return collectOpenDeadlines(occurrences);
  // One pass for every agency, kept per occurrences array (a plan's, never changed once planned): a
  // digest tick asks for each of its agencies in turn (issue 11: not the whole plan walked per agency).
  // The same lists: a stable sort of all of them, split by agency, keeps each agency's order.
  let byAgency = OPEN_BY_AGENCY.get(occurrences);
  if (!byAgency) {
    byAgency = new Map();
    for (const o of collectOpenDeadlines(occurrences)) {
      const list = byAgency.get(o.agency);
      if (list) list.push(o);
      else byAgency.set(o.agency, [o]);
    }
    OPEN_BY_AGENCY.set(occurrences, byAgency);
  }
  return [...(byAgency.get(agency) ?? [])];
}

const OPEN_BY_AGENCY = new WeakMap<readonly Occurrence[], Map<string, Occurrence[]>>();

/** {@link openDeadlines} of every agency, in one list. */
function collectOpenDeadlines(occurrences: readonly Occurrence[]): Occurrence[] {
  const next = new Map<string, Occurrence>();
  for (const o of occurrences) {
    if (o.state !== 'open') continue;
    const k = `${o.cycle}\u0000${o.agency}`;
    const prev = next.get(k);
    if (!prev || o.due < prev.due) next.set(k, o);
  }
  return occurrences
    .filter((o) => o.state === 'overdue' || (o.state === 'open' && next.get(`${o.cycle}\u0000${o.agency}`) === o))
    .sort(byDue);
}

/**
 * `/pprd agency NAME`, the agency page: the tasks it leads and those it only supports (the catalog's one
 * role rule, `agencyDuties`), its targets, and its open deadlines ({@link openDeadlines}) as lines.
 * @param agency canonical name (resolve what a user typed with `findAgency` first).
 * @param occurrences the agency's planned occurrences (a group owes none: pass `[]`).
 * @param directory config `directory`: a successor's duties include those of the bodies it replaced; default none.
 * @returns null when neither the catalog nor the directory has an agency of that name.
 */
export function agencyView(
  catalog: Catalog,
  agency: string,
  occurrences: readonly Occurrence[],
  ctx: LineContext,
  directory: readonly DirectoryEntry[] = [],
): AgencyView | null {
  const d = agencyDuties(catalog, agency, directory);
  if (!d) return null;
  const a = d.agency;
  return {
    name: a.name,
    ...(a.fullName ? { fullName: a.fullName } : {}),
    group: a.group,
    led: d.led.map((r) => ({ id: r.task.id, title: r.task.title })),
    supported: d.supported.map((r) => ({ id: r.task.id, title: r.task.title })),
    targets: d.targets.map(({ id, text, deadline }) => ({ id, text, deadline })),
    open: a.group ? [] : openDeadlines(occurrences, a.name).map((o) => occurrenceLine(o, ctx)),
  };
}

/**
 * `/pprd task ID`, `pprd task`, the task page: the task with each paragraph's lead and support agencies and
 * the targets under it. `id` is matched ignoring case (`g1` = `G1`).
 * @returns null when the document has no such task.
 */
export function taskView(catalog: Catalog, id: string): TaskView | null {
  const task = catalog.tasks.find((x) => x.id.toUpperCase() === id.toUpperCase());
  if (!task) return null;
  return {
    id: task.id,
    section: task.section,
    sectionTitle: task.sectionTitle,
    title: task.title,
    assignments: task.assignments.map((a) => ({ lead: [...a.lead], support: [...a.support] })),
    targets: catalog.targets
      .filter((x) => x.task === task.id)
      .map(({ id: tid, text, deadline }) => ({ id: tid, text, deadline })),
  };
}
