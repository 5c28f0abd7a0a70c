import { DateTime } from 'luxon';
import { type Catalog, findAgency, withSuccessors } from '../../catalog/index.ts';
import type { Config } from '../../config/types.ts';
import {
  agencyView,
  buildStatus,
  cycleNames,
  dueLines,
  escalatedKeys,
  type FailedDeliveryLine,
  type LineContext,
  type OccurrenceRef,
  occurrenceLine,
  overdueLines,
  type TargetLine,
  targetLine,
  taskView,
} from '../../digest/index.ts';
import {
  type Calendar,
  isTargetCycle,
  type Plan,
  planSchedule,
  type ScheduleRecords,
  targetStatuses,
} from '../../schedule/index.ts';
import { type AgencyAnswer, requesterFromContacts, type SlackServices, type SubmitOutcome } from './services.ts';

/** Result of recording a submission in the store. */
export type RecordResult =
  /** Stored now. */
  | { recorded: true; at: string }
  /** An earlier submission (not undone) exists: nothing changed. `at` is the earlier one's instant. */
  | { recorded: false; at: string };

/**
 * What {@link createSlackServices} reads and writes. Each getter returns what is in force *now*
 * (after a config reload or a re-import), so the Slack answers follow them without restarting.
 */
export interface SlackServiceDeps {
  /** The imported catalog (`loadCatalog(db)`). */
  catalog(): Catalog;
  /** The validated config in force (cycles, targets, contacts, timezone, sendAt, language). */
  config(): Pick<Config, 'cycles' | 'targets' | 'timezone' | 'sendAt' | 'language' | 'contacts'> &
    Partial<Pick<Config, 'directory'>>;
  /** The working-day calendar for the config in force (`createCalendar(config.holidays, config.timezone)`). */
  calendar(): Calendar;
  /** Submissions, extensions, excusals and target records not undone (the schedule store). */
  records(): ScheduleRecords;
  /**
   * Records a submission (the same store function as `pprd submit`): `at` when it was submitted
   * (ISO instant), `by` who recorded it (`slack:U…`), `via` `slack`. Idempotent per (cycle, period, agency).
   * With the schedule store: `(s) => { const r = repo.recordSubmission({ ...s, recordedAt: now }); return { recorded: r.created, at: r.record.at }; }`
   */
  recordSubmission(sub: {
    cycle: string;
    period: string;
    agency: string;
    at: string;
    by: string;
    via: 'slack' | 'cli';
  }): RecordResult;
  /** Dead or failing deliveries for the board (the delivery store); default none. */
  failedDeliveries?(): FailedDeliveryLine[];
  /**
   * Occurrence keys whose escalation actually reached a coordinator (the delivery store), so rounds from
   * before the deployment, whose escalations were skipped, are not shown as escalated. Default: by the plan.
   */
  escalated?(): readonly string[];
  /** The service clock: current instant as ISO-8601 with offset. */
  now(): string;
}

/**
 * The Slack service functions over the real catalog, planner (`planSchedule`), status builder
 * (`buildStatus`) and stores. Pure apart from `deps`; every answer is computed at `deps.now()`.
 *
 * - `status`: `buildStatus` for the scope (coordinators `all`, contacts their agencies).
 * - `due(days)`, `overdue`, `agency`, `task`, `occurrence`: the facts layer's queries (`dueLines`,
 *   `overdueLines`, `agencyView`, `taskView`, `occurrenceLine` in src/digest/queries.ts), the lines
 *   `pprd status`, the digests and the board show; nothing computed here.
 * - `targets`: `targetStatuses`, for a contact those naming one of their agencies.
 * - `submit`: checks that the occurrence exists in the plan (cycle, period, agency), then
 *   `recordSubmission` at `now`; unknown ones get a message naming what exists.
 */
export function createSlackServices(deps: SlackServiceDeps): SlackServices {
  const plan = (extra: { agency?: string; cycle?: string } = {}) => {
    const config = deps.config();
    return planSchedule({
      catalog: deps.catalog(),
      config,
      calendar: deps.calendar(),
      records: deps.records(),
      now: deps.now(),
      ...extra,
    });
  };
  const today = () => {
    const zone = deps.config().timezone;
    return DateTime.fromISO(deps.now(), { setZone: true }).setZone(zone).toISODate()!;
  };
  /** The facts layer's line context for `p`: today, cycle names, escalations (the store's, else by the plan). */
  const lineContext = (p: Plan): LineContext => ({
    today: today(),
    names: cycleNames(deps.config().cycles),
    escalated: escalatedKeys(p, Date.parse(deps.now()), deps.escalated?.()),
  });

  return {
    whoIs(userId) {
      const config = deps.config();
      return requesterFromContacts(config.contacts, userId, config.language);
    },

    status(scope, period) {
      const config = deps.config();
      const p = plan();
      const catalog = deps.catalog();
      const records = deps.records();
      return buildStatus({
        plan: p,
        cycles: config.cycles,
        now: deps.now(),
        timezone: config.timezone,
        scope,
        period,
        targets: targetStatuses(catalog, records, deps.now(), config.timezone, config.targets.start),
        failed: scope === 'all' ? (deps.failedDeliveries?.() ?? []) : [],
        ...(deps.escalated ? { escalated: deps.escalated() } : {}),
      });
    },

    agency(name): AgencyAnswer {
      const catalog = deps.catalog();
      // every directory entry resolves; a successor's view lists the duties of the bodies it replaced
      const directory = deps.config().directory ?? [];
      const m = findAgency({ agencies: withSuccessors(catalog, directory) }, name, 10);
      if (!m.agency) return { found: false, suggestions: m.suggestions };
      const p = plan({ agency: m.agency.name });
      const view = agencyView(catalog, m.agency.name, m.agency.group ? [] : p.occurrences, lineContext(p), directory);
      return view ? { found: true, view } : { found: false, suggestions: [] };
    },

    task(id) {
      return taskView(deps.catalog(), id);
    },

    due(scope, window) {
      const p = plan();
      return dueLines(p.occurrences, lineContext(p), window, scope);
    },

    overdue(scope) {
      const p = plan();
      return overdueLines(p.occurrences, lineContext(p), scope);
    },

    targets(scope): TargetLine[] {
      const config = deps.config();
      const t = today();
      return targetStatuses(deps.catalog(), deps.records(), deps.now(), config.timezone, config.targets.start)
        .filter((x) => scope === 'all' || x.responsible.some((a) => scope.includes(a)))
        .map((x) => targetLine(x, t));
    },

    resolveAgency(name) {
      // An agency of the document, or a successor that owes its reports today (issue 14 item 1).
      const m = findAgency({ agencies: withSuccessors(deps.catalog(), deps.config().directory ?? []) }, name);
      return m.agency && !m.agency.group ? m.agency.name : null;
    },

    submit(ref: OccurrenceRef, by: string): SubmitOutcome {
      const config = deps.config();
      const cycle = config.cycles.find((c) => c.id === ref.cycle);
      if (!cycle && !isTargetCycle(ref.cycle)) {
        return {
          ok: false,
          reason: 'unknown',
          message: `没有周期“${ref.cycle}”；现有周期 / cycles: ${config.cycles.map((c) => c.id).join(', ')}`,
        };
      }
      const occ = plan({ cycle: ref.cycle, agency: ref.agency }).occurrences.find((o) => o.period === ref.period);
      if (!occ) {
        return {
          ok: false,
          reason: 'unknown',
          message: `${ref.agency} 在 ${ref.cycle} 中没有 ${ref.period} 期次 / no period ${ref.period} of ${ref.cycle} for ${ref.agency}`,
        };
      }
      const cycleName = cycle?.name ?? ref.cycle;
      const earlier = () =>
        deps
          .records()
          .submissions.find((s) => s.cycle === ref.cycle && s.period === ref.period && s.agency === ref.agency);
      if (occ.state === 'submitted' && occ.closedAt) {
        return { ok: true, ref, cycleName, at: occ.closedAt, alreadySubmitted: true, by: earlier()?.by };
      }
      const res = deps.recordSubmission({ ...ref, at: deps.now(), by, via: 'slack' });
      return res.recorded
        ? { ok: true, ref, cycleName, at: res.at }
        : { ok: true, ref, cycleName, at: res.at, alreadySubmitted: true, by: earlier()?.by };
    },

    occurrence(ref) {
      const p = plan({ cycle: ref.cycle, agency: ref.agency });
      const occ = p.occurrences.find((o) => o.period === ref.period);
      return occ ? occurrenceLine(occ, lineContext(p)) : null;
    },
  };
}
