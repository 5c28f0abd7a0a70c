import { DateTime } from 'luxon';
import type { Calendar } from '../schedule/calendar.ts';
import type { ScheduleRecords } from '../schedule/records.ts';
import type { Occurrence } from '../schedule/types.ts';
import { currentPeriod, escalatedKeys, type StatusInput, summarizeRound } from './buildStatus.ts';
import { daysBetween, localDate } from './format.ts';
import { cycleDisplayName } from './queries.ts';
import type { RoundSummary } from './views.ts';

/**
 * A cell's state on the board (红黄绿灯), in the order a coordinator acts on them:
 * - `overdue`: past its due date, not submitted (red);
 * - `due-soon`: due within {@link DUE_SOON_DAYS} working days (yellow);
 * - `open`: due later (neutral);
 * - `extended`: open with a moved due date (neutral, shows the new date);
 * - `submitted` (green), `excused` (grey);
 * - `history`: a round due before the deployment with no record: it predates the reminders, so it is
 *   not shown red (README "First run in the middle of the programme").
 */
export type CellState = 'overdue' | 'due-soon' | 'open' | 'extended' | 'submitted' | 'excused' | 'history';

/** Every cell state, in display order (filters, legends). */
export const CELL_STATES: readonly CellState[] = [
  'overdue',
  'due-soon',
  'open',
  'extended',
  'submitted',
  'excused',
  'history',
];

/**
 * Working days left (China's official calendar: make-up days count, holidays do not; 0 to this) at
 * which an open occurrence is `due-soon` (yellow): issue 12, "due within 3 working days".
 */
export const DUE_SOON_DAYS = 3;

/** One agency in one round. */
export interface BoardCell {
  cycle: string;
  period: string;
  agency: string;
  /** Occurrence key `cycle/period/agency`. */
  key: string;
  state: CellState;
  /** Due date after extensions, `YYYY-MM-DD`. */
  due: string;
  originalDue: string;
  /** Calendar days from the board's date to `due` (negative when past). */
  daysLeft: number;
  /** Coordinators were told (escalation delivered), still open. */
  escalated: boolean;
  /** Submission or excusal: when (ISO instant), by whom, how (`cli`, `slack`, `web`). */
  closedAt?: string;
  by?: string;
  via?: string;
  /** The agency owes open reports but has no contact in config/contacts.yaml. */
  noContact: boolean;
}

/** One round (cycle × period): the status board's summary (same counts) and its cells. */
export interface BoardRound extends RoundSummary {
  /** Due before the deployment (loaded as history). */
  history: boolean;
  cells: BoardCell[];
}

/** Filters of the board (`/` query string); absent = all. */
export interface BoardFilter {
  cycle?: string;
  period?: string;
  agency?: string;
  state?: CellState;
}

/** Input of {@link buildBoard}: the status input plus the records (who/how) and what to show. */
export interface BoardInput extends StatusInput {
  records: ScheduleRecords;
  /** Rounds per cycle: the current one and the ones before it (default 4). */
  recent?: number;
  /** The working-day calendar the plan was made on (for `due-soon`, counted in working days). */
  calendar: Pick<Calendar, 'addWorkingDays'>;
  /** Local date of the service's first tick; rounds due before it are history. Absent: none are. */
  deployedOn?: string;
  filter?: BoardFilter;
}

/** The coordinators' board (`/`), per cycle and round; counts come from {@link buildStatus}. */
export interface BoardView {
  asOf: string;
  rounds: BoardRound[];
  /** Cycles with a schedule (for the filter): id and display name. */
  cycles: { id: string; name: string }[];
  /** Period labels up to each cycle's current round, newest first (for the filter). */
  periods: string[];
  filter: BoardFilter;
}

/**
 * The state of one occurrence on the board at `today` (`YYYY-MM-DD`, local). `due-soon`: the due date
 * is at most {@link DUE_SOON_DAYS} working days after `today` on `calendar`.
 */
export function cellState(
  o: Occurrence,
  today: string,
  deployedOn: string | undefined,
  calendar: Pick<Calendar, 'addWorkingDays'>,
): CellState {
  if (o.state === 'submitted') return 'submitted';
  if (o.state === 'excused') return 'excused';
  // Recorded as before deployment (`pprd history`), or due before the first tick.
  if (o.state === 'before-deployment' || (deployedOn && o.originalDue < deployedOn && o.due < deployedOn))
    return 'history';
  if (o.state === 'overdue') return 'overdue';
  if (o.due <= calendar.addWorkingDays(today, DUE_SOON_DAYS)) return 'due-soon';
  return o.due !== o.originalDue ? 'extended' : 'open';
}

/**
 * Builds the board (pure): for each scheduled cycle the current round (`currentPeriod`, as `buildStatus`
 * picks it) and up to `recent - 1` rounds before it — or only `filter.period` — each counted by
 * `summarizeRound`, the status board's rule (so `submitted n of m` equals `pprd status` for that round) and one cell per agency, with who submitted,
 * when and how (from `records`). `filter.agency` and `filter.state` keep only matching cells; the
 * counts stay the round's.
 */
export function buildBoard(input: BoardInput): BoardView {
  const today = localDate(input.now, input.timezone);
  const recent = input.recent ?? 4;
  const filter = input.filter ?? {};
  const names = new Map(input.cycles.map((c) => [c.id, c.name]));
  const escalated = escalatedKeys(
    input.plan,
    DateTime.fromISO(input.now, { setZone: true }).toMillis(),
    input.escalated,
  );
  const toCell = cellMaker(input, today, escalated);
  const scope = input.scope;

  const byCycle = new Map<string, Map<string, Occurrence[]>>();
  for (const o of input.plan.occurrences) {
    if (scope && scope !== 'all' && !scope.includes(o.agency)) continue;
    const periods = byCycle.get(o.cycle) ?? new Map<string, Occurrence[]>();
    byCycle.set(o.cycle, periods);
    const list = periods.get(o.period) ?? [];
    periods.set(o.period, list);
    list.push(o);
  }

  const rounds: BoardRound[] = [];
  const shownPeriods = new Set<string>();
  for (const cycle of input.cycles) {
    if (!cycle.due || (filter.cycle && filter.cycle !== cycle.id)) continue;
    const periods = byCycle.get(cycle.id);
    if (!periods) continue;
    const current = currentPeriod([...periods.values()].flat(), today);
    const currentDue = periods.get(current)![0].originalDue;
    const ordered = [...periods.entries()]
      .filter(([, occ]) => occ[0].originalDue <= currentDue)
      .sort((a, b) => (a[1][0].originalDue < b[1][0].originalDue ? 1 : -1));
    for (const [p] of ordered) shownPeriods.add(p);
    const chosen = filter.period
      ? [...periods.entries()].filter(([p]) => p === filter.period)
      : ordered.slice(0, recent);
    for (const [period, occ] of chosen) {
      const summary = summarizeRound({ id: cycle.id, name: cycleDisplayName(cycle.id, names) }, period, occ, escalated);
      const cells: BoardCell[] = [];
      for (const o of occ) {
        if (filter.agency && o.agency !== filter.agency) continue;
        const state = cellState(o, today, input.deployedOn, input.calendar);
        if (filter.state && state !== filter.state) continue;
        cells.push(toCell(o, state));
      }
      rounds.push({ ...summary, history: Boolean(input.deployedOn && summary.due < input.deployedOn), cells });
    }
  }
  return {
    asOf: today,
    rounds,
    cycles: input.cycles.filter((c) => c.due).map((c) => ({ id: c.id, name: c.name })),
    periods: [...shownPeriods].sort().reverse(),
    filter,
  };
}

/** Builds cells of `input`'s occurrences at `today`: who closed them (records) and whether they were escalated (as `buildStatus` counts it). */
function cellMaker(
  input: BoardInput,
  today: string,
  escalated: ReadonlySet<string>,
): (o: Occurrence, state?: CellState) => BoardCell {
  const noContact = new Set(input.agenciesWithoutContact ?? []);
  const submissions = new Map(input.records.submissions.map((s) => [`${s.cycle}/${s.period}/${s.agency}`, s]));
  const excusals = new Map(input.records.excusals.map((e) => [`${e.cycle}/${e.period}/${e.agency}`, e]));
  return (o, state = cellState(o, today, input.deployedOn, input.calendar)) => {
    const open = o.state === 'open' || o.state === 'overdue';
    const sub = o.state === 'submitted' ? submissions.get(o.key) : undefined;
    const exc = o.state === 'excused' ? excusals.get(o.key) : undefined;
    const closed = sub ?? exc;
    return {
      cycle: o.cycle,
      period: o.period,
      agency: o.agency,
      key: o.key,
      state,
      due: o.due,
      originalDue: o.originalDue,
      daysLeft: daysBetween(today, o.due),
      escalated: open && escalated.has(o.key),
      ...(closed ? { closedAt: closed.at, by: closed.by } : {}),
      ...(sub?.via ? { via: sub.via } : {}),
      noContact: open && noContact.has(o.agency),
    };
  };
}

/**
 * The cell of one occurrence by key (`cycle/period/agency`), any cycle including target progress
 * requests (`target:T5/2020/省交通运输厅`), which are not board rounds; undefined when the plan has none.
 */
export function occurrenceCell(input: BoardInput, key: string): BoardCell | undefined {
  const o = input.plan.occurrences.find((x) => x.key === key);
  if (!o) return undefined;
  const escalated = escalatedKeys(
    input.plan,
    DateTime.fromISO(input.now, { setZone: true }).toMillis(),
    input.escalated,
  );
  return cellMaker(input, localDate(input.now, input.timezone), escalated)(o);
}
