import { DateTime } from 'luxon';
import type { CycleConfig, Occurrence, Reminder } from '../schedule/types.ts';
import { daysBetween, localDate } from './format.ts';
import { cycleDisplayName, dueLines, inScope, occurrenceLine, openDeadlines, overdueLines } from './queries.ts';
import type {
  BeforeDeploymentLine,
  DigestView,
  FailedDeliveryLine,
  OccurrenceLine,
  RoundSummary,
  StatusView,
  TargetLine,
} from './views.ts';

/**
 * A round stays "current" this many calendar days after its due date, so that coordinators see the
 * stragglers of the round just closed before the next one takes its place.
 */
export const ROUND_GRACE_DAYS = 14;
/** The coordinators' digest lists occurrences due within this many calendar days (issue 4, "Digests"). */
export const DUE_WINDOW_DAYS = 14;

/** What a target looks like to the status board (the planner's `TargetStatus` fits). */
export interface TargetInput {
  id: string;
  text: string;
  deadline: string;
  responsible: string[];
  /** Recorded outcome (`achieved` | `partly` | `missed`), if any. */
  outcome?: { outcome: string } | null;
  /** The planner's state (`targetStatuses`); `before-deployment` targets are not listed as open. */
  state?: string;
  latestProgress?: { text: string } | null;
}

/** Input of {@link buildStatus} and {@link buildCoordinatorDigest}. */
export interface StatusInput {
  /** The planner's output at `now` (`planSchedule`). */
  plan: {
    occurrences: readonly Occurrence[];
    reminders: readonly Reminder[];
    unscheduled: readonly Pick<CycleConfig, 'id' | 'name'>[];
    provisionalYears: readonly number[];
  };
  /** Cycles from config (names, and which are scheduled). */
  cycles: readonly Pick<CycleConfig, 'id' | 'name' | 'due'>[];
  /** ISO instant the board is computed for. */
  now: string;
  /** IANA zone of the dates (config `timezone`). */
  timezone: string;
  /** `all` (coordinators, default) or the canonical agencies of an agency contact. */
  scope?: 'all' | string[];
  /** Only this period label (e.g. `2020H1`) instead of each cycle's current round. */
  period?: string;
  /** Targets with their recorded outcome and progress (the planner's `targetStatuses`). */
  targets?: readonly TargetInput[];
  /** Dead or failing deliveries and deliveries to agencies with no contact (the delivery store). */
  failed?: readonly FailedDeliveryLine[];
  /** Agencies that owe reports but have no contact in `config/contacts.yaml`. */
  agenciesWithoutContact?: readonly string[];
  /**
   * Occurrence keys whose escalation actually reached a coordinator (the delivery store). When absent,
   * an occurrence counts as escalated once its escalation reminder's instant has passed.
   */
  escalated?: readonly string[];
}

/**
 * Occurrences coordinators have been told about: `given` (escalations delivered) when known, else those
 * whose escalation reminder's instant is at or before `now`. Takes the plan, not its reminders: the
 * planner makes them on first read (issue 11), which `given` spares.
 */
export function escalatedKeys(
  plan: { readonly reminders: readonly Reminder[] },
  nowMs: number,
  given?: readonly string[],
): Set<string> {
  if (given) return new Set(given);
  const out = new Set<string>();
  for (const r of plan.reminders) {
    if (r.kind === 'escalation' && Date.parse(r.at) <= nowMs) out.add(r.occurrenceKey);
  }
  return out;
}

/**
 * The current round of one cycle's occurrences: the period of the earliest original due date on or after
 * `today` − {@link ROUND_GRACE_DAYS}, else the last one planned.
 */
export function currentPeriod(occurrences: readonly Occurrence[], today: string): string {
  const periods = new Map<string, string>();
  for (const o of occurrences) if (!periods.has(o.period)) periods.set(o.period, o.originalDue);
  const ordered = [...periods].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const current =
    ordered.find(([, due]) => daysBetween(today, due) >= -ROUND_GRACE_DAYS) ?? ordered[ordered.length - 1];
  return current[0];
}

/**
 * One round's counts (the rule `pprd status`, Slack, the digest and the board share): submitted or
 * excused n of m, the agencies missing, overdue, and escalated (`escalated`: occurrence keys).
 */
export function summarizeRound(
  cycle: Pick<CycleConfig, 'id' | 'name'>,
  period: string,
  round: readonly Occurrence[],
  escalated: ReadonlySet<string>,
): RoundSummary {
  const closed = round.filter((o) => o.state === 'submitted' || o.state === 'excused');
  const open = round.filter((o) => o.state === 'open' || o.state === 'overdue');
  const before = round.filter((o) => o.state === 'before-deployment').length;
  return {
    cycle: cycle.id,
    cycleName: cycle.name,
    period,
    due: round[0].originalDue,
    total: round.length,
    submitted: closed.length,
    missing: open.map((o) => o.agency),
    overdue: open.filter((o) => o.state === 'overdue').map((o) => o.agency),
    escalated: open.filter((o) => escalated.has(o.key)).map((o) => o.agency),
    ...(before ? { beforeDeployment: before } : {}),
    provisional: round.some((o) => o.provisional),
  };
}

/**
 * The status board (`pprd status`, Slack `/pprd status`, the coordinators' digest). Pure.
 *
 * - `rounds`: for each scheduled cycle, its current round: the earliest period whose original due date
 *   is on or after today − {@link ROUND_GRACE_DAYS} (else the last planned one), or `period` when given:
 *   submitted (or excused) n of m, the missing agencies, those overdue, those escalated
 *   (an escalation reminder's instant has passed and the occurrence is still open).
 * - `overdue`: every overdue occurrence in scope, any round, oldest due date first.
 * - `unscheduled`: cycles with no due date ("no schedule set", the progress report of 三(四)).
 * - `failed`: the failed deliveries given, then each agency without contact (channel `-`);
 * - `provisionalYears`: the planner's.
 * Target cycles (`target:T1`) are not rounds; they show in the digest's targets.
 */
export function buildStatus(input: StatusInput): StatusView {
  const zone = input.timezone;
  const today = localDate(input.now, zone);
  const nowMs = DateTime.fromISO(input.now, { setZone: true }).toMillis();
  const names = new Map(input.cycles.map((c) => [c.id, c.name]));
  const escalated = escalatedKeys(input.plan, nowMs, input.escalated);
  const occs = input.plan.occurrences.filter((o) => inScope(input.scope, o.agency));

  const rounds: RoundSummary[] = [];
  for (const cycle of input.cycles) {
    if (!cycle.due) continue;
    const mine = occs.filter((o) => o.cycle === cycle.id);
    if (!mine.length) continue;
    const period = input.period ?? currentPeriod(mine, today);
    const round = mine.filter((o) => o.period === period);
    if (!round.length) continue;
    rounds.push(summarizeRound(cycle, period, round, escalated));
  }

  const overdue = overdueLines(occs, { today, names, escalated });

  const view: StatusView = {
    asOf: today,
    scope: input.scope ?? 'all',
    rounds,
    unscheduled: input.plan.unscheduled.map((c) => ({ cycle: c.id, cycleName: c.name })),
    overdue,
    failed: [...(input.failed ?? []), ...noContactLines(input.agenciesWithoutContact ?? [])],
    provisionalYears: [...input.plan.provisionalYears],
  };
  const before = beforeDeploymentLines(occs, names);
  if (before.length) view.beforeDeployment = before;
  return view;
}

/**
 * Per cycle (first seen order), the rounds whose occurrences in scope are `before-deployment`
 * (`pprd history --until`, issue 14 item 4): first and last period by due date, rounds, occurrences.
 */
export function beforeDeploymentLines(
  occs: readonly Occurrence[],
  names: ReadonlyMap<string, string>,
): BeforeDeploymentLine[] {
  const byCycle = new Map<string, { first: Occurrence; last: Occurrence; periods: Set<string>; n: number }>();
  for (const o of occs) {
    if (o.state !== 'before-deployment') continue;
    const g = byCycle.get(o.cycle);
    if (!g) byCycle.set(o.cycle, { first: o, last: o, periods: new Set([o.period]), n: 1 });
    else {
      if (o.originalDue < g.first.originalDue) g.first = o;
      if (o.originalDue > g.last.originalDue) g.last = o;
      g.periods.add(o.period);
      g.n++;
    }
  }
  return [...byCycle].map(([cycle, g]) => ({
    cycle,
    cycleName: cycleDisplayName(cycle, names),
    first: g.first.period,
    last: g.last.period,
    rounds: g.periods.size,
    occurrences: g.n,
  }));
}

/** Agencies with no contact, as failed-delivery lines (channel `-`): they show with the failures. */
function noContactLines(agencies: readonly string[]): FailedDeliveryLine[] {
  return agencies.map((a) => ({ what: a, channel: '-', recipient: '-', error: 'no contact in config/contacts.yaml' }));
}

/** One target as a board line: `daysLeft` from `today` (negative when past its deadline), latest progress and outcome. */
export function targetLine(t: TargetInput, today: string): TargetLine {
  return {
    id: t.id,
    text: t.text,
    deadline: t.deadline,
    responsible: [...t.responsible],
    daysLeft: daysBetween(today, t.deadline),
    outcome: t.outcome?.outcome ?? null,
    progress: t.latestProgress?.text ?? null,
    ...(t.state === 'before-deployment' ? { beforeDeployment: true as const } : {}),
  };
}

/** Target lines with no recorded outcome, in catalog order; those before deployment (issue 14 item 4) are left out. */
export function openTargetLines(targets: readonly TargetInput[], today: string): TargetLine[] {
  return targets.filter((t) => !t.outcome && t.state !== 'before-deployment').map((t) => targetLine(t, today));
}

/**
 * The weekly coordinators' digest (issue 4, "Digests"): the status board plus occurrences due in the next
 * {@link DUE_WINDOW_DAYS} days, escalations, targets with no recorded outcome, failed deliveries and
 * agencies with no contact (as `failed` lines with channel `-`), provisional years.
 *
 * @returns null when there is nothing to act on (nothing due soon, overdue, escalated or failed, and no
 *   target past its deadline without an outcome): an empty digest is not sent.
 */
export function buildCoordinatorDigest(input: StatusInput): DigestView | null {
  const status = buildStatus({ ...input, period: undefined });
  const today = status.asOf;
  const nowMs = DateTime.fromISO(input.now, { setZone: true }).toMillis();
  const names = new Map(input.cycles.map((c) => [c.id, c.name]));
  const escalated = escalatedKeys(input.plan, nowMs, input.escalated);
  const occs = input.plan.occurrences.filter((o) => inScope(input.scope, o.agency));
  const ctx = { today, names, escalated };
  const dueSoon = dueLines(occs, ctx, DUE_WINDOW_DAYS);
  const escalations = occs
    .filter((o) => (o.state === 'open' || o.state === 'overdue') && escalated.has(o.key))
    .map((o) => occurrenceLine(o, ctx));
  const targets = openTargetLines(input.targets ?? [], today);
  const failed = status.failed ?? [];
  const nothing =
    !dueSoon.length &&
    !status.overdue.length &&
    !escalations.length &&
    !failed.length &&
    !targets.some((t) => t.daysLeft < 0);
  if (nothing) return null;
  return { ...status, failed, dueSoon, dueWindowDays: DUE_WINDOW_DAYS, escalations, targets };
}

/** One agency's monthly digest: its open deadlines and its targets with no recorded outcome. */
export interface AgencyDigestView {
  agency: string;
  asOf: string;
  /** Overdue occurrences of the agency, and the next open one of each cycle (`openDeadlines`); soonest due first. */
  open: OccurrenceLine[];
  targets: TargetLine[];
}

/**
 * The monthly agency digest (issue 4): the agency's open deadlines (every overdue occurrence, and the next
 * open one of each cycle — not every future period the planner knows) and the
 * targets it is responsible for that have no recorded outcome. Pure.
 * @returns null when both lists are empty (not sent).
 */
export function buildAgencyDigest(input: StatusInput & { agency: string }): AgencyDigestView | null {
  const today = localDate(input.now, input.timezone);
  const deadlines = openDeadlines(input.plan.occurrences, input.agency);
  let open: OccurrenceLine[] = [];
  if (deadlines.length) {
    // Instants are read only when a line is made (a tick builds this for every agency: issue 11).
    const names = new Map(input.cycles.map((c) => [c.id, c.name]));
    const escalated = input.escalated
      ? new Set(input.escalated)
      : escalatedKeys(input.plan, DateTime.fromISO(input.now, { setZone: true }).toMillis());
    open = deadlines.map((o) => occurrenceLine(o, { today, names, escalated }));
  }
  const targets = openTargetLines(
    (input.targets ?? []).filter((t) => t.responsible.includes(input.agency)),
    today,
  );
  if (!open.length && !targets.length) return null;
  return { agency: input.agency, asOf: today, open, targets };
}
