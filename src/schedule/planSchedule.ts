import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/types.ts';
import type { Calendar } from './calendar.ts';
import { targetCycleId } from './cycleId.ts';
import { localInstant } from './parseInstant.ts';
import { periodsBetween } from './periods.ts';
import { NO_RECORDS, occurrenceKey, reminderKey, type ScheduleRecords } from './records.ts';
import type { AgencySelector, CycleConfig, Occurrence, OccurrenceState, Reminder, ReminderKind, TargetsConfig } from './types.ts';

/** The parts of the config the planner reads (a validated `Config` fits). */
export interface PlanConfig {
  cycles: CycleConfig[];
  targets: TargetsConfig;
  /** IANA zone of every date (config `timezone`). */
  timezone: string;
  /** Local send time `HH:mm` (config `sendAt`). */
  sendAt: string;
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

/** The planner's output. Occurrences in due-date order; reminders in send order. */
export interface Plan {
  occurrences: Occurrence[];
  reminders: Reminder[];
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

/** `date` minus `days` calendar days; memoized per process (pure). */
const MINUS_DAYS = new Map<string, string>();
function minusDays(date: string, days: number): string {
  const k = `${date}|${days}`;
  let hit = MINUS_DAYS.get(k);
  if (!hit) {
    hit = DateTime.fromISO(date, { zone: 'utc' }).minus({ days }).toISODate()!;
    MINUS_DAYS.set(k, hit);
  }
  return hit;
}

/** `sendAt` local time on `date` in `zone` as an instant; memoized per process (pure). */
const SEND_INSTANTS = new Map<string, { at: string; atMs: number }>();
function sendInstant(zone: string, time: string, date: string): { at: string; atMs: number } {
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
 *   extension); target progress requests are yearly occurrences with cycle `target:T<n>`, period
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
  const nowDt = typeof input.now === 'string' ? DateTime.fromISO(input.now, { setZone: true }) : DateTime.fromJSDate(input.now);
  if (!nowDt.isValid) throw new RangeError(`invalid "now": ${String(input.now)}`);
  const today = nowDt.setZone(zone).toISODate()!;
  const from = input.from ?? '0000-01-01';
  const to = input.to ?? `${Number(today.slice(0, 4)) + 1}-12-31`;

  const submissions = new Map<string, string>();
  for (const s of records.submissions) keepEarliest(submissions, occurrenceKey(s.cycle, s.period, s.agency), s.at);
  const excusals = new Map<string, string>();
  for (const e of records.excusals) keepEarliest(excusals, occurrenceKey(e.cycle, e.period, e.agency), e.at);
  const extensions = new Map<string, { to: string; recordedAt: string }>();
  const extensionCount = new Map<string, number>();
  for (const x of records.extensions) {
    const k = occurrenceKey(x.cycle, x.period, x.agency);
    extensionCount.set(k, (extensionCount.get(k) ?? 0) + 1);
    const prev = extensions.get(k);
    if (!prev || instantMs(x.recordedAt) >= instantMs(prev.recordedAt)) extensions.set(k, x);
  }
  const outcomes = new Map<string, string>();
  for (const o of records.targetOutcomes) keepLatest(outcomes, o.target, o.recordedAt);
  // Per cycle, the last original due date recorded as before deployment (the latest record wins).
  const deployedAfter = new Map<string, { through: string; recordedAt: string }>();
  for (const b of records.beforeDeployment ?? []) {
    const prev = deployedAfter.get(b.cycle);
    if (!prev || instantMs(b.recordedAt) >= instantMs(prev.recordedAt)) deployedAfter.set(b.cycle, b);
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
  const reminders: Reminder[] = [];
  const provisionalYears = new Set<number>();

  /**
   * Reminder keys are `occurrence/kind/offset`; an extended occurrence's reminders carry their due date
   * (`…/kind/offset@YYYY-MM-DD`), so that a reminder already decided for the old date does not stand
   * for the one of the new date (each extension gets its own full set of reminders).
   */
  const pushReminder = (key: string, agency: string, cycle: string, period: string, due: string, dueProvisional: boolean, slot: Slot, extended = false) => {
    const offset = slot.workingDays === undefined ? String(slot.offset) : `${slot.workingDays}wd`;
    reminders.push({
      key: reminderKey(key, slot.kind, offset, extended ? due : undefined),
      occurrenceKey: key,
      date: slot.date,
      time: slot.time,
      at: slot.at,
      agency,
      cycle,
      period,
      due,
      kind: slot.kind,
      offset: slot.offset,
      provisional: slot.provisional,
      dueProvisional,
      ...(slot.workingDays === undefined ? {} : { workingDays: slot.workingDays }),
    });
  };

  /**
   * Plans one period for its agencies. `base` is the template of `periodDue`, shared by every
   * agency not extended; their reminders are emitted slot by slot, so the list stays in date order
   * within the period and the final (stable) sort has long sorted runs to merge.
   */
  const addPeriod = (cycle: string, period: string, periodDue: string, agencies: readonly string[], s: ReminderSettings, sKey: string, base: Template, closedByOutcome?: string, statedDue?: string) => {
    const shared: { key: string; agency: string; closedMs: number }[] = [];
    const before = deployedAfter.size ? deployedAfter.get(cycle) : undefined;
    const beforeDeployment = before !== undefined && periodDue <= before.through;
    for (const agency of agencies) {
      const key = occurrenceKey(cycle, period, agency);
      const ext = extensions.size ? extensions.get(key) : undefined;
      const due = ext ? ext.to : periodDue;
      const t = ext ? templateFor(s, sKey, due) : base;
      const submittedAt = submissions.size ? submissions.get(key) : undefined;
      const excusedAt = (excusals.size ? excusals.get(key) : undefined) ?? closedByOutcome;
      const closedAt = submittedAt ?? excusedAt;
      const state: OccurrenceState = submittedAt ? 'submitted' : excusedAt ? 'excused' : beforeDeployment ? 'before-deployment' : today > due ? 'overdue' : 'open';
      const occ: Occurrence = { key, cycle, period, agency, due, originalDue: periodDue, state, provisional: t.provisional };
      if (statedDue) occ.statedDue = statedDue;
      if (closedAt) occ.closedAt = closedAt;
      if (ext) occ.revision = extensionCount.get(key);
      occurrences.push(occ);
      for (const y of t.provisionalYears) provisionalYears.add(y);
      // A round before deployment is never reminded.
      const closedMs = closedAt ? instantMs(closedAt) : beforeDeployment ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      if (t === base) shared.push({ key, agency, closedMs });
      else for (const slot of t.slots) if (slot.atMs < closedMs) pushReminder(key, agency, cycle, period, due, t.provisional, slot, due !== periodDue);
    }
    for (const slot of base.slots) {
      for (const x of shared) if (slot.atMs < x.closedMs) pushReminder(x.key, x.agency, cycle, period, periodDue, base.provisional, slot);
    }
  };

  const unscheduled: CycleConfig[] = [];
  for (const cycle of config.cycles) {
    if (input.cycle && input.cycle !== cycle.id) continue;
    if (!cycle.due) {
      unscheduled.push(cycle);
      continue;
    }
    let agencies = selectAgencies(cycle.agencies, catalog);
    if (input.agency) agencies = agencies.filter((a) => a === input.agency);
    if (!agencies.length) continue;
    const sKey = settingsKey(cycle);
    for (const p of periodsBetween(cycle.due, cycle.start, cycle.end, from, to)) {
      // dueOnDayOff: next-working-day moves a stated date that is a day off (issue 14 item 3).
      const due = cycle.dueOnDayOff === 'next-working-day' && !calendar.isWorkingDay(p.due) ? calendar.addWorkingDays(p.due, 1) : p.due;
      addPeriod(cycle.id, p.label, due, agencies, cycle, sKey, templateFor(cycle, sKey, due), undefined, due === p.due ? undefined : p.due);
    }
  }

  const firstTargetYear = input.targetsFrom ?? config.targets.start ?? Number(catalog.document.issued.slice(0, 4));
  const progressDue = config.targets.progressDue;
  const targetsKey = settingsKey(config.targets);
  for (const target of catalog.targets) {
    const cycleId = targetCycleId(target.id);
    if (input.cycle && input.cycle !== cycleId) continue;
    let agencies = [...new Set(target.responsible)];
    if (input.agency) agencies = agencies.filter((a) => a === input.agency);
    if (!agencies.length) continue;
    const lastYear = Number(target.deadline.slice(0, 4));
    for (let y = firstTargetYear; y <= lastYear; y++) {
      const due = clampDate(y, progressDue);
      if (due < from || due > to) continue;
      addPeriod(cycleId, String(y), due, agencies, config.targets, targetsKey, templateFor(config.targets, targetsKey, due), outcomes.get(target.id));
    }
  }

  // Stable sorts: ties keep planning order (config cycle order, then targets; period; catalog agency order).
  occurrences.sort((a, b) => cmp(a.due, b.due));
  reminders.sort((a, b) => cmp(a.date, b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { occurrences, reminders, unscheduled, provisionalYears: [...provisionalYears].sort((a, b) => a - b) };
}

/** Occurrences only; see `planSchedule` for the rules. */
export function planOccurrences(input: PlanInput): Occurrence[] {
  return planSchedule(input).occurrences;
}

/** Reminders only, in send order; see `planSchedule` for the rules. */
export function planReminders(input: PlanInput): Reminder[] {
  return planSchedule(input).reminders;
}

function buildTemplate(s: ReminderSettings, due: string, calendar: Calendar, time: string, sendAt: (date: string) => { at: string; atMs: number }): Template {
  const yearOf = (d: string) => Number(d.slice(0, 4));
  // Each date is provisional by its own year only (calendar.isProvisionalDate, issue 9 item 5).
  const provisional = (date: string) => calendar.isProvisionalDate(date);
  const byDate = new Map<string, { kind: ReminderKind; offset: number; workingDays?: number; provisional: boolean }>();
  for (const offset of s.reminders) {
    const raw = offset === 0 ? due : minusDays(due, offset);
    const date = calendar.workingDayOnOrBefore(raw);
    const prev = byDate.get(date);
    // Same day: keep the one nearer the deadline.
    if (!prev || offset < prev.offset) byDate.set(date, { kind: offset === 0 ? 'due' : 'before', offset, provisional: provisional(date) });
  }
  // Working days before the due date (`3wd`): always a working day; a calendar-day reminder on that day wins.
  for (const n of s.reminderWorkingDays ?? []) {
    const date = calendar.addWorkingDays(due, -n);
    if (!byDate.has(date)) byDate.set(date, { kind: 'before', offset: daysFrom(date, due), workingDays: n, provisional: provisional(date) });
  }
  for (const k of s.overdue) {
    const date = calendar.addWorkingDays(due, k);
    if (!byDate.has(date)) byDate.set(date, { kind: 'overdue', offset: -k, provisional: provisional(date) });
  }
  const slots: Slot[] = [...byDate].map(([date, r]) => ({ ...r, date, time, ...sendAt(date) }));
  if (s.escalateAfter > 0) {
    const date = calendar.addWorkingDays(due, s.escalateAfter);
    slots.push({ kind: 'escalation', offset: -s.escalateAfter, date, time, provisional: provisional(date), ...sendAt(date) });
  }
  slots.sort((a, b) => cmp(a.date, b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const years = [...new Set([yearOf(due), ...slots.map((x) => yearOf(x.date))])].filter((y) => calendar.isProvisional(y));
  return { slots, provisional: provisional(due), provisionalYears: years };
}

function settingsKey(s: ReminderSettings): string {
  return `${s.reminders.join(',')}|${(s.reminderWorkingDays ?? []).join(',')}wd|${s.overdue.join(',')}|${s.escalateAfter}`;
}

/** Calendar days from `a` to `b` (`YYYY-MM-DD`). */
function daysFrom(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}

function clampDate(year: number, mmdd: string): string {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(3, 5));
  const last = DateTime.utc(year, month, 1).daysInMonth!;
  return `${year}-${mmdd.slice(0, 2)}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

function instantMs(iso: string): number {
  const ms = DateTime.fromISO(iso, { setZone: true }).toMillis();
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant "${iso}" in records`);
  return ms;
}

function keepEarliest(m: Map<string, string>, k: string, at: string): void {
  const prev = m.get(k);
  if (!prev || instantMs(at) < instantMs(prev)) m.set(k, at);
}

function keepLatest(m: Map<string, string>, k: string, at: string): void {
  const prev = m.get(k);
  if (!prev || instantMs(at) > instantMs(prev)) m.set(k, at);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
