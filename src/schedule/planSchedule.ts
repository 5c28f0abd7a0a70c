import { DateTime } from 'luxon';
import { createSuccession } from '../catalog/succession.ts';
import type { Catalog, DirectoryEntry } from '../catalog/types.ts';
import { type Calendar, provisionalYearsOf } from './calendar.ts';
import { targetCycleId } from './cycleId.ts';
import { addDays, daysBetweenDates, daysInMonth } from './epochDays.ts';
import { instantMillis, localInstant } from './parseInstant.ts';
import { periodsBetween } from './periods.ts';
import { NO_RECORDS, occurrenceKey, readReminderKey, reminderKey, type ScheduleRecords } from './records.ts';
import type {
  AgencySelector,
  CycleConfig,
  Occurrence,
  OccurrenceState,
  Reminder,
  ReminderKind,
  TargetsConfig,
} from './types.ts';

/** The parts of the config the planner reads (a validated `Config` fits). */
export interface PlanConfig {
  cycles: CycleConfig[];
  targets: TargetsConfig;
  /** IANA zone of every date (config `timezone`). */
  timezone: string;
  /** Local send time `HH:mm` (config `sendAt`). */
  sendAt: string;
  /**
   * The agency directory (config `agencies.yaml`): its `successor`/`since` move a report due on or after
   * `since` to the successor (issue 14 item 1, `createSuccession`). Absent or none set: the document's names.
   */
  directory?: readonly Pick<DirectoryEntry, 'name' | 'successor' | 'since'>[];
}

/** Inputs of the planner: everything it depends on, `now` included (it reads no clock). */
export interface PlanInput {
  catalog: Catalog;
  config: PlanConfig;
  calendar: Calendar;
  /** Submissions, extensions, excusals and target outcomes not undone. Default: none. */
  records?: ScheduleRecords;
  /** The reference instant (ISO-8601 with offset, or a Date); decides `open` vs `overdue`. */
  now: string | Date;
  /** Only occurrences whose original due date is on or after this date (`YYYY-MM-DD`). Default: no lower bound. */
  from?: string;
  /** Only occurrences whose original due date is on or before this date. Default: 31 December of the year after `now`. */
  to?: string;
  /** Only this cycle id (`half-yearly`, `target:T3`). */
  cycle?: string;
  /** Only this canonical agency. */
  agency?: string;
  /**
   * First year of target progress requests. Default: `config.targets.start`, else the year the
   * document was issued (`catalog.document.issued`).
   */
  targetsFrom?: number;
}

/**
 * The planner's output. Occurrences in due-date order; reminders in send order.
 *
 * Reminders are held compactly (issue 11, "a plan without garbage"): one run per (period, reminder slot)
 * shared by every agency of the period on the same due date, and made into `Reminder` objects only when
 * read: `reminders` materialises them all on first read (and keeps them), `remindersBetween` only a
 * window, `reminder` one by key. All three give the same objects' values in the same order.
 */
export interface Plan {
  occurrences: Occurrence[];
  /** Every reminder in send order (date, then kind before, due, overdue, escalation; then planning order). Built on first read. */
  readonly reminders: Reminder[];
  /** `reminders.length`, without materialising them. */
  readonly reminderCount: number;
  /**
   * The reminders whose send instant is after `afterMs` and at or before `upToMs` (ms since the epoch),
   * in send order: exactly `reminders.filter((r) => afterMs < Date.parse(r.at) && Date.parse(r.at) <= upToMs)`,
   * at a cost that follows the window (binary search over the runs). `-Infinity`/`Infinity` leave a side open.
   */
  remindersBetween(afterMs: number, upToMs: number): Reminder[];
  /**
   * The plan's reminder with this key (`cycle/period/agency/kind/offset`, `…@YYYY-MM-DD` for an extended
   * occurrence), or undefined when the plan has none (not planned, after a submission, before deployment).
   * The first call indexes the occurrences (one map entry each), later calls cost a map lookup.
   */
  reminder(key: string): Reminder | undefined;
  /** The occurrence with this key (`cycle/period/agency`), or undefined; indexed on first call, as `reminder`. */
  occurrence(key: string): Occurrence | undefined;
  /** Cycles whose `due` is null: shown as "no schedule set" (e.g. the progress report of 三(四)). */
  unscheduled: CycleConfig[];
  /** Years planned Monday-Friday for lack of holiday data (every date in them is provisional), ascending. */
  provisionalYears: number[];
}

/** Reminder settings shared by a cycle and by target progress requests. */
interface ReminderSettings {
  reminders: readonly number[];
  /** Working days before the due date (`3wd`). */
  reminderWorkingDays?: readonly number[];
  overdue: readonly number[];
  escalateAfter: number;
}

/** A reminder's date and kind, computed once per (settings, due date) and shared by every agency. */
interface Slot {
  kind: ReminderKind;
  offset: number;
  /** Set for a reminder counted in working days before the due date. */
  workingDays?: number;
  date: string;
  time: string;
  at: string;
  atMs: number;
  /** Its own date is provisional (`calendar.isProvisionalDate`). */
  provisional: boolean;
}

interface Template {
  slots: Slot[];
  /** The due date is provisional (`calendar.isProvisionalDate(due)`). */
  provisional: boolean;
  /** The years without holiday data among the due date and the reminder dates. */
  provisionalYears: number[];
}

/**
 * Reminder dates depend only on (calendar data, settings, due date, zone, send time): memoized
 * per calendar `id`, so every agency and every later plan on the same data shares them (a tick
 * builds a fresh calendar each time). Grows only with distinct holiday configs.
 */
const TEMPLATES = new Map<string, Map<string, Template>>();

const SEND_INSTANTS = new Map<string, { at: string; atMs: number }>();

/**
 * `time` (`sendAt`, `HH:mm`) local on `date` (`YYYY-MM-DD`) in `zone` as an instant (`localInstant`'s rule,
 * daylight saving included): `at` ISO with the zone's offset, `atMs` ms since the epoch. Memoized per
 * process (pure): the planner's reminders and the simulation's ticks on the same day share one reading.
 * @throws RangeError on a malformed date, time or zone (`localInstant`).
 */
export function sendInstant(zone: string, time: string, date: string): { at: string; atMs: number } {
  const k = `${zone}|${time}|${date}`;
  let hit = SEND_INSTANTS.get(k);
  if (!hit) {
    // Daylight saving: a gap time is sent at the first valid instant after it, a repeated one at the first of the two.
    const dt = localInstant(date, time, zone).instant;
    hit = { at: dt.toISO()!, atMs: dt.toMillis() };
    SEND_INSTANTS.set(k, hit);
  }
  return hit;
}

const KIND_ORDER: Record<ReminderKind, number> = { before: 0, due: 1, overdue: 2, escalation: 3 };

/** Agencies a selector names, canonical, in catalog order; groups (有关地级以上市政府) never owe a report. */
export function selectAgencies(selector: AgencySelector, catalog: Catalog): string[] {
  const groups = new Set(catalog.agencies.filter((a) => a.group).map((a) => a.name));
  if ('all' in selector) return catalog.agencies.filter((a) => !a.group).map((a) => a.name);
  if ('names' in selector) return [...new Set(selector.names)];
  const ids = new Set(selector.leadsOf);
  const out = new Set<string>();
  for (const t of catalog.tasks) {
    if (!ids.has(t.id)) continue;
    for (const a of t.assignments) for (const l of a.lead) if (!groups.has(l)) out.add(l);
  }
  return [...out];
}

/**
 * Plans every occurrence and reminder (DESIGN.md "Time"; issue 3 "Plan"). Pure: the same input
 * gives the same plan on any host, whatever its `TZ`.
 *
 * Rules:
 * - each (cycle, period, agency) is an occurrence due on the period's date (or its latest
 *   extension); an agency whose directory entry has a `successor` owes nothing for a period stated due
 *   on or after its `since`: the successor owes it, once however many predecessors it absorbed; target progress requests are yearly occurrences with cycle `target:T<n>`, period
 *   `YYYY`, due `YYYY-<targets.progressDue>`, from `targetsFrom` (else `targets.start`, else the
 *   document's year) up to the target's deadline year; a cycle's periods start at its `start`;
 * - an occurrence of a round recorded as before deployment (`records.beforeDeployment`: original due
 *   date on or before the record's `through`) with no submission or excusal is `before-deployment`
 *   and gets no reminder (issue 14 item 4);
 * - a cycle with `dueOnDayOff: next-working-day` whose stated due date is a day off is due on the next
 *   working day (`statedDue` keeps the stated one); `keep` (default) keeps it;
 * - `before` for each offset > 0 (calendar days before due) and each `reminderWorkingDays` n (the n-th
 *   working day before due, key `…/before/Nwd`), `due` at offset 0, `overdue` on each
 *   working-day offset after due (offset negative), one `escalation` `escalateAfter` working days
 *   after due (for coordinators, so it may share a day with an agency's `overdue`);
 * - a `before`/`due` reminder on a day off moves to the previous working day; two agency reminders
 *   of one occurrence on one day become one, the one nearer the deadline (smaller offset);
 * - no reminder at or after a submission's or excusal's instant; a target's recorded outcome ends
 *   its open progress requests (state `excused`);
 * - send time is `sendAt` in `timezone` on the reminder's date (`localInstant`: in a daylight-saving gap
 *   the first valid instant after it, in a repeated hour the first of the two).
 *
 * @throws RangeError for a cycle whose `start`/`end` does not fit its due rule (config validation
 *   rejects those first), or an invalid `now`.
 */
export function planSchedule(input: PlanInput): Plan {
  const { catalog, config, calendar } = input;
  const records = input.records ?? NO_RECORDS;
  const zone = config.timezone;
  const nowDt =
    typeof input.now === 'string' ? DateTime.fromISO(input.now, { setZone: true }) : DateTime.fromJSDate(input.now);
  if (!nowDt.isValid) throw new RangeError(`invalid "now": ${String(input.now)}`);
  const today = nowDt.setZone(zone).toISODate()!;
  const from = input.from ?? '0000-01-01';
  const to = input.to ?? `${Number(today.slice(0, 4)) + 1}-12-31`;

  // Records by period, then agency: a period is looked up once, each of its agencies by its (interned) name.
  const submissions = new ByPeriod<Closing>();
  for (const x of records.submissions) keepEarliest(submissions.of(x.cycle, x.period, true), x.agency, x.at);
  const excusals = new ByPeriod<Closing>();
  for (const e of records.excusals) keepEarliest(excusals.of(e.cycle, e.period, true), e.agency, e.at);
  const extensions = new ByPeriod<{ to: string; recordedMs: number; count: number }>();
  for (const x of records.extensions) {
    const ofPeriod = extensions.of(x.cycle, x.period, true);
    const prev = ofPeriod.get(x.agency);
    const recordedMs = instantMs(x.recordedAt);
    const count = (prev?.count ?? 0) + 1;
    ofPeriod.set(
      x.agency,
      !prev || recordedMs >= prev.recordedMs ? { to: x.to, recordedMs, count } : { ...prev, count },
    );
  }
  const outcomes = new Map<string, Closing>();
  for (const o of records.targetOutcomes) keepLatest(outcomes, o.target, o.recordedAt);
  // Per cycle, the last original due date recorded as before deployment (the latest record wins).
  const deployedAfter = new Map<string, { through: string; recordedMs: number }>();
  for (const b of records.beforeDeployment ?? []) {
    const prev = deployedAfter.get(b.cycle);
    const recordedMs = instantMs(b.recordedAt);
    if (!prev || recordedMs >= prev.recordedMs) deployedAfter.set(b.cycle, { through: b.through, recordedMs });
  }

  let templates = TEMPLATES.get(calendar.id);
  if (!templates) {
    templates = new Map();
    TEMPLATES.set(calendar.id, templates);
  }
  const sendAt = (date: string) => sendInstant(zone, config.sendAt, date);
  const templateFor = (s: ReminderSettings, sKey: string, due: string): Template => {
    const key = `${zone}|${config.sendAt}|${sKey}|${due}`;
    let t = templates!.get(key);
    if (!t) {
      t = buildTemplate(s, due, calendar, config.sendAt, sendAt);
      templates!.set(key, t);
    }
    return t;
  };

  const occurrences: Occurrence[] = [];
  /** Reminder runs in planning order; sorted into send order at the end. */
  const runs: Run[] = [];
  const provisionalYears = new Set<number>();
  /** Per period: its occurrences and their templates and closings, for `plan.reminder(key)`. */
  const blocks: Block[] = [];

  /**
   * Plans one period for its agencies. `base` is the template of `periodDue`, shared by every agency
   * not extended: one run per base slot holds them all (those closed before the slot's instant are
   * skipped when the run is read). An extended occurrence gets a run per slot of its own template,
   * before the shared ones, as its reminders were planned first.
   */
  const addPeriod = (
    cycle: string,
    period: string,
    periodDue: string,
    agencies: readonly string[],
    s: ReminderSettings,
    sKey: string,
    base: Template,
    closedByOutcome?: Closing,
    statedDue?: string,
  ) => {
    const occs: Occurrence[] = [];
    let closedMs: Float64Array | null = null;
    let extended: Map<number, Template> | null = null;
    let onBase = false;
    const before = deployedAfter.size ? deployedAfter.get(cycle) : undefined;
    const beforeDeployment = before !== undefined && periodDue <= before.through;
    // Every occurrence of the period closed alike (a target's outcome, a round before deployment).
    const allClosedMs = closedByOutcome
      ? closedByOutcome.ms
      : beforeDeployment
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
    const periodSubmissions = submissions.of(cycle, period);
    const periodExcusals = excusals.of(cycle, period);
    const periodExtensions = extensions.of(cycle, period);
    for (let i = 0; i < agencies.length; i++) {
      const agency = agencies[i];
      const key = occurrenceKey(cycle, period, agency);
      const ext = periodExtensions?.get(agency);
      const due = ext ? ext.to : periodDue;
      const t = ext ? templateFor(s, sKey, due) : base;
      const submittedAt = periodSubmissions?.get(agency);
      const excused = periodExcusals?.get(agency);
      const excusedAt = excused?.at ?? closedByOutcome?.at;
      const closedAt = submittedAt?.at ?? excusedAt;
      const state: OccurrenceState = submittedAt
        ? 'submitted'
        : excusedAt
          ? 'excused'
          : beforeDeployment
            ? 'before-deployment'
            : today > due
              ? 'overdue'
              : 'open';
      const occ: Occurrence = {
        key,
        cycle,
        period,
        agency,
        due,
        originalDue: periodDue,
        state,
        provisional: t.provisional,
      };
      if (statedDue) occ.statedDue = statedDue;
      if (closedAt) occ.closedAt = closedAt;
      if (ext) occ.revision = ext.count;
      // An extension to the period's own date keeps the period's template (and plain keys).
      if (t !== base) {
        extended ??= new Map();
        extended.set(i, t);
        for (const y of t.provisionalYears) provisionalYears.add(y);
      } else onBase = true;
      occurrences.push(occ);
      occs.push(occ);
      // A round before deployment is never reminded.
      const ms = submittedAt ? submittedAt.ms : excused ? excused.ms : allClosedMs;
      if (ms !== Number.POSITIVE_INFINITY && !closedMs)
        closedMs = new Float64Array(agencies.length).fill(Number.POSITIVE_INFINITY);
      if (closedMs) closedMs[i] = ms;
    }
    if (onBase) for (const y of base.provisionalYears) provisionalYears.add(y);
    blocks.push({ occs, closedMs, base, extended });
    if (!extended) {
      for (const slot of base.slots) addRun(runs, slot, occs, closedMs, false);
      return;
    }
    // Extended occurrences first, each on its own template, then the others on the period's.
    const shared: Occurrence[] = [];
    const sharedClosed: number[] = [];
    for (let i = 0; i < occs.length; i++) {
      const t = extended.get(i);
      const ms = closedMs ? closedMs[i] : Number.POSITIVE_INFINITY;
      if (!t) {
        shared.push(occs[i]);
        sharedClosed.push(ms);
        continue;
      }
      const one = Float64Array.of(ms);
      for (const slot of t.slots) addRun(runs, slot, [occs[i]], one, true);
    }
    if (!shared.length) return;
    const sharedClosedMs = closedMs ? Float64Array.from(sharedClosed) : null;
    for (const slot of base.slots) addRun(runs, slot, shared, sharedClosedMs, false);
  };

  // Successors (issue 14 item 1): a report due on or after `since` is owed by the successor, once.
  const succession = createSuccession(config.directory ?? []);
  const owing = (selected: readonly string[], statedDue: string): readonly string[] => {
    const all = succession.allAt(selected, statedDue);
    return input.agency ? all.filter((a) => a === input.agency) : all;
  };

  const unscheduled: CycleConfig[] = [];
  for (const cycle of config.cycles) {
    if (input.cycle && input.cycle !== cycle.id) continue;
    if (!cycle.due) {
      unscheduled.push(cycle);
      continue;
    }
    const selected = selectAgencies(cycle.agencies, catalog);
    if (!selected.length) continue;
    const sKey = settingsKey(cycle);
    for (const p of periodsBetween(cycle.due, cycle.start, cycle.end, from, to)) {
      const agencies = owing(selected, p.due);
      if (!agencies.length) continue;
      // dueOnDayOff: next-working-day moves a stated date that is a day off (issue 14 item 3).
      const due =
        cycle.dueOnDayOff === 'next-working-day' && !calendar.isWorkingDay(p.due)
          ? calendar.addWorkingDays(p.due, 1)
          : p.due;
      addPeriod(
        cycle.id,
        p.label,
        due,
        agencies,
        cycle,
        sKey,
        templateFor(cycle, sKey, due),
        undefined,
        due === p.due ? undefined : p.due,
      );
    }
  }

  const firstTargetYear = input.targetsFrom ?? config.targets.start ?? Number(catalog.document.issued.slice(0, 4));
  const progressDue = config.targets.progressDue;
  const targetsKey = settingsKey(config.targets);
  for (const target of catalog.targets) {
    const cycleId = targetCycleId(target.id);
    if (input.cycle && input.cycle !== cycleId) continue;
    const responsible = [...new Set(target.responsible)];
    if (!responsible.length) continue;
    const lastYear = Number(target.deadline.slice(0, 4));
    for (let y = firstTargetYear; y <= lastYear; y++) {
      const due = clampDate(y, progressDue);
      if (due < from || due > to) continue;
      const agencies = owing(responsible, due);
      if (!agencies.length) continue;
      addPeriod(
        cycleId,
        String(y),
        due,
        agencies,
        config.targets,
        targetsKey,
        templateFor(config.targets, targetsKey, due),
        outcomes.get(target.id),
      );
    }
  }

  // Stable sorts: ties keep planning order (config cycle order, then targets; period; catalog agency order).
  occurrences.sort((a, b) => cmp(a.due, b.due));
  // Every reminder of a run has its run's date and kind, so sorting the runs stably sorts the reminders.
  runs.sort((a, b) => cmp(a.slot.date, b.slot.date) || KIND_ORDER[a.slot.kind] - KIND_ORDER[b.slot.kind]);
  return compactPlan(
    occurrences,
    runs,
    blocks,
    unscheduled,
    [...provisionalYears].sort((a, b) => a - b),
  );
}

/** Occurrences only; see `planSchedule` for the rules. */
export function planOccurrences(input: PlanInput): Occurrence[] {
  return planSchedule(input).occurrences;
}

/** Reminders only, in send order; see `planSchedule` for the rules. */
export function planReminders(input: PlanInput): Reminder[] {
  return planSchedule(input).reminders;
}

/**
 * Reminders of one slot (date, kind, offset) for some occurrences: every agency of a period sharing its
 * due date, or one extended occurrence. `closedMs[i]` is when `occs[i]` was closed (submitted, excused,
 * `-Infinity` before deployment); it has the slot's reminder only when the slot's instant is before it.
 * `closedMs` null: none closed, every occurrence has it.
 */
interface Run {
  slot: Slot;
  occs: readonly Occurrence[];
  closedMs: Float64Array | null;
  /** The occurrence is extended: keys end `@due`. */
  extended: boolean;
  /** Reminders of the run (occurrences not closed before the slot). */
  count: number;
}

/** One period's occurrences (in planning order) and what `plan.reminder(key)` needs of each. */
interface Block {
  occs: readonly Occurrence[];
  /** When each was closed (see {@link Run}); null: none was. */
  closedMs: Float64Array | null;
  /** The period's template. */
  base: Template;
  /** Extended occurrences by index in `occs`, with their own template; null: none. */
  extended: Map<number, Template> | null;
}

function addRun(
  runs: Run[],
  slot: Slot,
  occs: readonly Occurrence[],
  closedMs: Float64Array | null,
  extended: boolean,
): void {
  let count = occs.length;
  if (closedMs) {
    count = 0;
    for (let i = 0; i < closedMs.length; i++) if (slot.atMs < closedMs[i]) count++;
  }
  if (count) runs.push({ slot, occs, closedMs, extended, count });
}

/**
 * A reminder's offset as configured and as its key writes it: `3` (calendar days before), `-5` (working
 * days after), or `3wd` for working days before (`workingDays` set). `pprd preview`'s offset column.
 */
export function offsetLabel(slot: { offset: number; workingDays?: number }): string {
  return slot.workingDays === undefined ? String(slot.offset) : `${slot.workingDays}wd`;
}

/** The slot's reminder for `occ` (see `Reminder.key` for the key's form). */
function reminderOf(slot: Slot, occ: Occurrence, extended: boolean): Reminder {
  const r: Reminder = {
    key: reminderKey(occ.key, slot.kind, offsetLabel(slot), extended ? occ.due : undefined),
    occurrenceKey: occ.key,
    date: slot.date,
    time: slot.time,
    at: slot.at,
    agency: occ.agency,
    cycle: occ.cycle,
    period: occ.period,
    due: occ.due,
    kind: slot.kind,
    offset: slot.offset,
    provisional: slot.provisional,
    dueProvisional: occ.provisional,
  };
  if (slot.workingDays !== undefined) r.workingDays = slot.workingDays;
  return r;
}

/** Appends run `run`'s reminders to `out`, in its occurrences' order. */
function emitRun(run: Run, out: Reminder[]): void {
  const { slot, occs, closedMs, extended } = run;
  for (let i = 0; i < occs.length; i++)
    if (!closedMs || slot.atMs < closedMs[i]) out.push(reminderOf(slot, occs[i], extended));
}

/** First index of `runs` (ascending instants) whose instant is greater than `ms`. */
function firstRunAfter(runs: readonly Run[], ms: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid].slot.atMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The {@link Plan} over runs in send order (their instants ascend with their dates). */
function compactPlan(
  occurrences: Occurrence[],
  runs: readonly Run[],
  blocks: readonly Block[],
  unscheduled: CycleConfig[],
  provisionalYears: number[],
): Plan {
  let all: Reminder[] | undefined;
  let reminderCount = 0;
  for (const run of runs) reminderCount += run.count;
  const remindersBetween = (afterMs: number, upToMs: number): Reminder[] => {
    const out: Reminder[] = [];
    const end = firstRunAfter(runs, upToMs);
    for (let i = firstRunAfter(runs, afterMs); i < end; i++) emitRun(runs[i], out);
    return out;
  };
  // Occurrences are found by key through their period's block (`cycle/period/`), and each block indexes its
  // agencies when first asked: a tick looks up the periods it sends for, not every period planned (issue 11).
  let byPeriod: Map<string, Block[]> | undefined;
  const agencyIndex = new Map<Block, Map<string, number>>();
  const find = (key: string): { block: Block; i: number } | undefined => {
    if (!byPeriod) {
      byPeriod = new Map();
      for (const block of blocks) {
        const { cycle, period } = block.occs[0];
        const k = `${cycle}/${period}/`;
        const list = byPeriod.get(k);
        if (list) list.push(block);
        else byPeriod.set(k, [block]);
      }
    }
    // Every split of the key after a `/` that names a planned period (cycle and period hold no `/` in
    // practice, so one); the last block planned of that period wins, as a key has one occurrence.
    let hit: { block: Block; i: number } | undefined;
    for (let j = key.indexOf('/'); j >= 0; j = key.indexOf('/', j + 1)) {
      const candidates = byPeriod.get(key.slice(0, j + 1));
      if (!candidates) continue;
      const agency = key.slice(j + 1);
      for (const block of candidates) {
        let index = agencyIndex.get(block);
        if (!index) {
          index = new Map();
          for (let i = 0; i < block.occs.length; i++) index.set(block.occs[i].agency, i);
          agencyIndex.set(block, index);
        }
        const i = index.get(agency);
        if (i !== undefined && block.occs[i].key === key) hit = { block, i };
      }
    }
    return hit;
  };
  const occurrence = (key: string): Occurrence | undefined => {
    const hit = find(key);
    return hit ? hit.block.occs[hit.i] : undefined;
  };
  const reminder = (key: string): Reminder | undefined => {
    const parts = readReminderKey(key);
    const hit = parts && find(parts.occurrence);
    if (!parts || !hit) return undefined;
    const { block } = hit;
    const occ = block.occs[hit.i];
    const template = block.extended?.get(hit.i) ?? block.base;
    const extended = template !== block.base;
    if (extended ? parts.extendedDue !== occ.due : parts.extendedDue !== undefined) return undefined;
    const { kind, offset } = parts;
    const closedMs = block.closedMs ? block.closedMs[hit.i] : Number.POSITIVE_INFINITY;
    for (const slot of template.slots) {
      if (slot.kind !== kind || offsetLabel(slot) !== offset) continue;
      return slot.atMs < closedMs ? reminderOf(slot, occ, extended) : undefined;
    }
    return undefined;
  };
  // Enumerable: the four fields as before (`JSON.stringify(plan)` and deep equality see the same plan,
  // `reminders` read through its getter); the queries are not.
  const plan = {} as Plan;
  Object.defineProperties(plan, {
    occurrences: { value: occurrences, enumerable: true, writable: true },
    reminders: {
      enumerable: true,
      get(): Reminder[] {
        if (!all) {
          all = [];
          for (const run of runs) emitRun(run, all);
        }
        return all;
      },
    },
    unscheduled: { value: unscheduled, enumerable: true, writable: true },
    provisionalYears: { value: provisionalYears, enumerable: true, writable: true },
    reminderCount: { value: reminderCount },
    remindersBetween: { value: remindersBetween },
    reminder: { value: reminder },
    occurrence: { value: occurrence },
  });
  return plan;
}

function buildTemplate(
  s: ReminderSettings,
  due: string,
  calendar: Calendar,
  time: string,
  sendAt: (date: string) => { at: string; atMs: number },
): Template {
  // Each date is provisional by its own year only (calendar.isProvisionalDate, issue 9 item 5).
  const provisional = (date: string) => calendar.isProvisionalDate(date);
  const byDate = new Map<string, { kind: ReminderKind; offset: number; workingDays?: number; provisional: boolean }>();
  for (const offset of s.reminders) {
    const raw = offset === 0 ? due : addDays(due, -offset);
    const date = calendar.workingDayOnOrBefore(raw);
    const prev = byDate.get(date);
    // Same day: keep the one nearer the deadline.
    if (!prev || offset < prev.offset)
      byDate.set(date, { kind: offset === 0 ? 'due' : 'before', offset, provisional: provisional(date) });
  }
  // Working days before the due date (`3wd`): always a working day; a calendar-day reminder on that day wins.
  for (const n of s.reminderWorkingDays ?? []) {
    const date = calendar.addWorkingDays(due, -n);
    if (!byDate.has(date))
      byDate.set(date, { kind: 'before', offset: daysFrom(date, due), workingDays: n, provisional: provisional(date) });
  }
  for (const k of s.overdue) {
    const date = calendar.addWorkingDays(due, k);
    if (!byDate.has(date)) byDate.set(date, { kind: 'overdue', offset: -k, provisional: provisional(date) });
  }
  const slots: Slot[] = [...byDate].map(([date, r]) => ({ ...r, date, time, ...sendAt(date) }));
  if (s.escalateAfter > 0) {
    const date = calendar.addWorkingDays(due, s.escalateAfter);
    slots.push({
      kind: 'escalation',
      offset: -s.escalateAfter,
      date,
      time,
      provisional: provisional(date),
      ...sendAt(date),
    });
  }
  slots.sort((a, b) => cmp(a.date, b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const years = provisionalYearsOf(calendar, [due, ...slots.map((x) => x.date)]);
  return { slots, provisional: provisional(due), provisionalYears: years };
}

function settingsKey(s: ReminderSettings): string {
  return `${s.reminders.join(',')}|${(s.reminderWorkingDays ?? []).join(',')}wd|${s.overdue.join(',')}|${s.escalateAfter}`;
}

/** Calendar days from `a` to `b` (`YYYY-MM-DD`). */
function daysFrom(a: string, b: string): number {
  return daysBetweenDates(a, b);
}

function clampDate(year: number, mmdd: string): string {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(3, 5));
  return `${year}-${mmdd.slice(0, 2)}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, '0')}`;
}

/** Records of one kind by period (`cycle`, `period`), then by agency. */
class ByPeriod<T> {
  private readonly periods = new Map<string, Map<string, T>>();
  /** The period's records by agency; with `create`, an empty map is made for a period without any. */
  of(cycle: string, period: string, create: true): Map<string, T>;
  of(cycle: string, period: string): Map<string, T> | undefined;
  of(cycle: string, period: string, create = false): Map<string, T> | undefined {
    if (!create && !this.periods.size) return undefined;
    const k = `${cycle}\u0000${period}`;
    let m = this.periods.get(k);
    if (!m && create) {
      m = new Map();
      this.periods.set(k, m);
    }
    return m;
  }
}

/**
 * Instants of records already read, by their text: every tick plans again from the same records (issue 11:
 * not every submission parsed again on every tick). Emptied when it holds {@link INSTANTS_KEPT}.
 */
const INSTANTS = new Map<string, number>();
const INSTANTS_KEPT = 50_000;

/** ms since the epoch of a record's instant: `Date.parse` for the form the store writes, luxon for other ISO forms. */
function instantMs(iso: string): number {
  let ms = INSTANTS.get(iso);
  if (ms === undefined) {
    ms = instantMillis(iso);
    if (Number.isNaN(ms)) throw new RangeError(`invalid instant "${iso}" in records`);
    if (INSTANTS.size >= INSTANTS_KEPT) INSTANTS.clear();
    INSTANTS.set(iso, ms);
  }
  return ms;
}

/** A record's instant as given, and in ms. */
interface Closing {
  at: string;
  ms: number;
}

function keepEarliest(m: Map<string, Closing>, k: string, at: string): void {
  const ms = instantMs(at);
  const prev = m.get(k);
  if (!prev || ms < prev.ms) m.set(k, { at, ms });
}

function keepLatest(m: Map<string, Closing>, k: string, at: string): void {
  const ms = instantMs(at);
  const prev = m.get(k);
  if (!prev || ms > prev.ms) m.set(k, { at, ms });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
