import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/types.ts';
import { targetCycleId } from './cycleId.ts';
import { epochDay } from './epochDays.ts';
import { instantMillis } from './parseInstant.ts';
import type { ScheduleRecords, TargetOutcome, TargetOutcomeRecord, TargetProgressRecord } from './records.ts';

/** Where a target stands at `now`. */
export interface TargetStatus {
  id: string;
  text: string;
  /** `YYYY-MM-DD`. */
  deadline: string;
  task: string | null;
  /** Canonical names of the responsible agencies. */
  responsible: string[];
  /** Calendar days from today (local) to the deadline; negative when past. */
  daysLeft: number;
  /**
   * `open` before the deadline with no outcome; `overdue` past the deadline with no recorded
   * outcome (issue 3: shown as overdue in status and digests); `before-deployment` for a target with no
   * outcome whose deadline lies before the deployment (before `trackedFrom`, or within rounds of its
   * progress requests recorded before deployment): neither open nor overdue, as its rounds (issue 14
   * item 4); else the recorded outcome.
   */
  state: 'open' | 'overdue' | 'before-deployment' | TargetOutcome;
  /** The latest progress note, if any. */
  latestProgress?: TargetProgressRecord;
  /** The latest recorded outcome, if any. */
  outcome?: TargetOutcomeRecord;
}

/**
 * Status of every target of the catalog at `now`, in catalog order. Pure.
 * @param now ISO-8601 instant with offset, or a Date.
 * @param zone IANA zone of the calendar dates (default `Asia/Shanghai`).
 * @param trackedFrom the first year tracked (config `targets.start`): a target with no outcome whose
 *   deadline is before 1 January of it is `before-deployment`, not `overdue`. Absent: every year is tracked.
 * @throws RangeError for an invalid `now`.
 */
export function targetStatuses(
  catalog: Catalog,
  records: Pick<ScheduleRecords, 'targetProgress' | 'targetOutcomes'> &
    Partial<Pick<ScheduleRecords, 'beforeDeployment'>>,
  now: string | Date,
  zone = 'Asia/Shanghai',
  trackedFrom?: number,
): TargetStatus[] {
  const nowDt = typeof now === 'string' ? DateTime.fromISO(now, { setZone: true }) : DateTime.fromJSDate(now);
  if (!nowDt.isValid) throw new RangeError(`invalid "now": ${String(now)}`);
  const today = epochDay(nowDt.setZone(zone).toISODate()!);
  const latest = <R extends { target: string; recordedAt: string }>(rs: readonly R[], id: string): R | undefined => {
    let best: R | undefined;
    let bestMs = Number.NEGATIVE_INFINITY;
    for (const r of rs) {
      if (r.target !== id) continue;
      const ms = instantMillis(r.recordedAt);
      if (!best || ms >= bestMs) {
        best = r;
        bestMs = ms;
      }
    }
    return best;
  };
  // Per target cycle, the last due date recorded before deployment (`pprd history`, the latest record wins).
  const through = new Map<string, { through: string; ms: number }>();
  for (const b of records.beforeDeployment ?? []) {
    const ms = instantMillis(b.recordedAt);
    const prev = through.get(b.cycle);
    if (!prev || ms >= prev.ms) through.set(b.cycle, { through: b.through, ms });
  }
  const beforeDeployment = (id: string, deadline: string) =>
    (trackedFrom !== undefined && deadline < `${trackedFrom}-01-01`) ||
    (through.get(targetCycleId(id))?.through ?? '') >= deadline;
  return catalog.targets.map((t) => {
    const daysLeft = epochDay(t.deadline) - today;
    const latestProgress = latest(records.targetProgress, t.id);
    const outcome = latest(records.targetOutcomes, t.id);
    const state: TargetStatus['state'] = outcome
      ? outcome.outcome
      : beforeDeployment(t.id, t.deadline)
        ? 'before-deployment'
        : daysLeft < 0
          ? 'overdue'
          : 'open';
    const s: TargetStatus = {
      id: t.id,
      text: t.text,
      deadline: t.deadline,
      task: t.task,
      responsible: [...t.responsible],
      daysLeft,
      state,
    };
    if (latestProgress) s.latestProgress = latestProgress;
    if (outcome) s.outcome = outcome;
    return s;
  });
}
