import {
  type BeforeDeploymentRecord,
  type ExcusalRecord,
  type ExtensionRecord,
  occurrenceKey,
  type ScheduleRecords,
  type SubmissionRecord,
  type TargetOutcome,
  type TargetOutcomeRecord,
  type TargetProgressRecord,
} from '../schedule/index.ts';
import { type Db, writeTransaction } from './openStore.ts';

/** An occurrence named by its parts. */
export interface OccurrenceRef {
  cycle: string;
  period: string;
  /** Canonical agency name. */
  agency: string;
}

/** Who did it and when it was recorded (ISO instant; the caller's clock). */
export interface Actor {
  by: string;
  recordedAt: string;
}

/** A new submission. `at` defaults to `recordedAt`; `via` to `cli`. */
export interface NewSubmission extends OccurrenceRef, Actor {
  at?: string;
  via?: 'cli' | 'slack' | 'web' | 'email';
  note?: string;
}

/** A new excusal; `at` defaults to `recordedAt`. */
export interface NewExcusal extends OccurrenceRef, Actor {
  at?: string;
  note?: string;
}

/** A new due date (`to`, `YYYY-MM-DD`) for one occurrence. */
export interface NewExtension extends OccurrenceRef, Actor {
  to: string;
  note?: string;
}

/** Result of recording: `created` is false when a live record already existed (nothing written). */
export interface Recorded<R> {
  record: R;
  created: boolean;
}

/**
 * Submissions, excusals, extensions, target progress and outcomes (migration 002), each with who
 * and when; undo stamps the row instead of deleting it. Every write is one `BEGIN IMMEDIATE`
 * transaction ({@link writeTransaction}): it waits for a ticking service's lock instead of failing
 * with `database is locked`, and its check (is there a live record?) and its write see the same rows.
 * Inside a caller's transaction (a command recording many) each call is a savepoint of it.
 */
export interface ScheduleRepo {
  /** Records a submission; a live one for the same occurrence is kept and returned (`created: false`). */
  recordSubmission(s: NewSubmission): Recorded<SubmissionRecord>;
  /** Records many submissions in one transaction (e.g. `pprd submit --all`); returns how many were new. */
  recordSubmissions(list: readonly NewSubmission[]): { created: number; existing: number };
  /** Undoes the live submission of an occurrence. @returns false when there was none. */
  undoSubmission(ref: OccurrenceRef, actor: Actor): boolean;
  /**
   * Undoes only the latest batch `actor.by` recorded over `refs` (`pprd submit|excuse|extend --all --undo`):
   * the live rows by `actor.by` (submissions: via `cli`) with the latest `recorded_at` among them — one
   * `--all` command stamps every row it writes with the same instant. Records by others (another
   * `--by`, the web board, Slack) and earlier ones of the same person are kept.
   * @returns the refs undone, and for each ref still having a live record, who recorded it (`kept`).
   */
  undoBatch(
    table: 'submissions' | 'excusals' | 'extensions',
    refs: readonly OccurrenceRef[],
    actor: Actor,
  ): { undone: OccurrenceRef[]; kept: { agency: string; by: string; via?: string }[] };
  recordExcusal(e: NewExcusal): Recorded<ExcusalRecord>;
  undoExcusal(ref: OccurrenceRef, actor: Actor): boolean;
  /** Records an extension; it replaces earlier ones (the latest live extension wins). */
  recordExtension(x: NewExtension): Recorded<ExtensionRecord>;
  /** Undoes the latest live extension, so an earlier one (or the original due date) applies again. */
  undoExtension(ref: OccurrenceRef, actor: Actor): boolean;
  recordTargetProgress(p: TargetProgressRecord): TargetProgressRecord;
  /** Undoes the latest live progress note of a target. */
  undoTargetProgress(target: string, actor: Actor): boolean;
  recordTargetOutcome(o: TargetOutcomeRecord): TargetOutcomeRecord;
  /** Undoes the latest live outcome of a target. */
  undoTargetOutcome(target: string, actor: Actor): boolean;
  /**
   * Records rounds before deployment (`pprd history --until`), one row per cycle, in one transaction;
   * each replaces the cycle's earlier record (the latest live one wins).
   */
  recordBeforeDeployment(list: readonly BeforeDeploymentRecord[]): void;
  /** Undoes the latest live before-deployment record of each cycle given. @returns the cycles undone. */
  undoBeforeDeployment(cycles: readonly string[], actor: Actor): string[];
  /** Every live record, in recording order: the planner's `records` input. */
  records(): ScheduleRecords;
  /**
   * A number that changes with every write to the records (any insert, undo or delete, by any
   * connection or process: triggers of migration 008 bump `records_version`). Equal numbers mean
   * equal {@link records}, so a caller may keep what it planned from them (issue 11: the plan cache).
   */
  version(): number;
}

type Row = Record<string, string | null>;

/** Creates the repository over an open store (migrations applied by `openStore`). */
export function createScheduleRepo(db: Db): ScheduleRepo {
  const liveSubmission = db.prepare('SELECT * FROM submissions WHERE occurrence_key = ? AND undone_at IS NULL');
  const insertSubmission = db.prepare(
    'INSERT INTO submissions (occurrence_key, cycle, period, agency, at, by, via, note, recorded_at) VALUES (@key, @cycle, @period, @agency, @at, @by, @via, @note, @recordedAt)',
  );
  const liveExcusal = db.prepare('SELECT * FROM excusals WHERE occurrence_key = ? AND undone_at IS NULL');
  const insertExcusal = db.prepare(
    'INSERT INTO excusals (occurrence_key, cycle, period, agency, at, by, note, recorded_at) VALUES (@key, @cycle, @period, @agency, @at, @by, @note, @recordedAt)',
  );
  const insertExtension = db.prepare(
    'INSERT INTO extensions (occurrence_key, cycle, period, agency, to_date, by, note, recorded_at) VALUES (@key, @cycle, @period, @agency, @to, @by, @note, @recordedAt)',
  );

  /** What every occurrence record row holds (OccurrenceRecord). */
  const occurrenceRecordOf = (r: Row) => ({
    cycle: r.cycle!,
    period: r.period!,
    agency: r.agency!,
    by: r.by!,
    recordedAt: r.recorded_at!,
  });
  const toSubmission = (r: Row): SubmissionRecord => ({
    ...occurrenceRecordOf(r),
    at: r.at!,
    ...(r.via ? { via: r.via } : {}),
  });
  const toExcusal = (r: Row): ExcusalRecord => ({
    ...occurrenceRecordOf(r),
    at: r.at!,
    ...(r.note ? { note: r.note } : {}),
  });
  const toExtension = (r: Row): ExtensionRecord => ({
    ...occurrenceRecordOf(r),
    to: r.to_date!,
    ...(r.note ? { note: r.note } : {}),
  });

  // Every statement is prepared once, here (issue 11: no statement is prepared per call).
  const byIdExtension = db.prepare('SELECT * FROM extensions WHERE id = ?');
  const insertProgress = db.prepare(
    'INSERT INTO target_progress (target_id, text, by, recorded_at) VALUES (?, ?, ?, ?)',
  );
  const insertOutcome = db.prepare(
    'INSERT INTO target_outcomes (target_id, outcome, note, by, recorded_at) VALUES (?, ?, ?, ?, ?)',
  );
  const liveSubmissions = db.prepare('SELECT * FROM submissions WHERE undone_at IS NULL ORDER BY id');
  const liveExcusals = db.prepare('SELECT * FROM excusals WHERE undone_at IS NULL ORDER BY id');
  const liveExtensions = db.prepare('SELECT * FROM extensions WHERE undone_at IS NULL ORDER BY id');
  const liveProgress = db.prepare(
    'SELECT target_id, text, by, recorded_at FROM target_progress WHERE undone_at IS NULL ORDER BY id',
  );
  const liveOutcomes = db.prepare(
    'SELECT target_id, outcome, note, by, recorded_at FROM target_outcomes WHERE undone_at IS NULL ORDER BY id',
  );
  const liveBeforeDeployment = db.prepare(
    'SELECT cycle, until_period, through_date, by, recorded_at FROM before_deployment WHERE undone_at IS NULL ORDER BY id',
  );
  const insertBeforeDeployment = db.prepare(
    'INSERT INTO before_deployment (cycle, until_period, through_date, by, recorded_at) VALUES (?, ?, ?, ?, ?)',
  );
  const versionStmt = db.prepare('SELECT n FROM records_version WHERE id = 1').pluck();
  const undoable = [
    'submissions',
    'excusals',
    'extensions',
    'target_progress',
    'target_outcomes',
    'before_deployment',
  ] as const;
  type Undoable = (typeof undoable)[number];
  const latestLive = new Map<Undoable, { get(arg: string): unknown }>();
  const stampUndone = new Map<Undoable, { run(at: string, by: string, id: number): unknown }>();
  for (const table of undoable) {
    const col = table === 'before_deployment' ? 'cycle' : table.startsWith('target_') ? 'target_id' : 'occurrence_key';
    latestLive.set(
      table,
      db.prepare(
        `SELECT id FROM ${table} WHERE ${col} = ? AND undone_at IS NULL ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      ),
    );
    stampUndone.set(table, db.prepare(`UPDATE ${table} SET undone_at = ?, undone_by = ? WHERE id = ?`));
  }

  const write = <T>(fn: () => T): T => writeTransaction(db, fn);
  const liveRows = new Map(
    (['submissions', 'excusals', 'extensions'] as const).map((t) => [
      t,
      db.prepare(
        `SELECT * FROM ${t} WHERE occurrence_key = ? AND undone_at IS NULL ORDER BY recorded_at DESC, id DESC`,
      ),
    ]),
  );

  const recordSubmission = (s: NewSubmission): Recorded<SubmissionRecord> =>
    write(() => {
      const key = occurrenceKey(s.cycle, s.period, s.agency);
      const live = liveSubmission.get(key) as Row | undefined;
      if (live) return { record: toSubmission(live), created: false };
      insertSubmission.run({
        key,
        cycle: s.cycle,
        period: s.period,
        agency: s.agency,
        at: s.at ?? s.recordedAt,
        by: s.by,
        via: s.via ?? 'cli',
        note: s.note ?? null,
        recordedAt: s.recordedAt,
      });
      return { record: toSubmission(liveSubmission.get(key) as Row), created: true };
    });

  /** Stamps the latest live row of `table` for `arg` (its occurrence key, or target id for target tables). */
  const undoLatest = (table: Undoable, arg: string, actor: Actor): boolean =>
    write(() => {
      const row = latestLive.get(table)!.get(arg) as { id: number } | undefined;
      if (!row) return false;
      stampUndone.get(table)!.run(actor.recordedAt, actor.by, row.id);
      return true;
    });

  return {
    recordSubmission,
    recordSubmissions: (list) =>
      write(() => {
        let created = 0;
        for (const s of list) if (recordSubmission(s).created) created++;
        return { created, existing: list.length - created };
      }),
    undoSubmission: (ref, actor) => undoLatest('submissions', occurrenceKey(ref.cycle, ref.period, ref.agency), actor),
    undoBatch: (table, refs, actor) =>
      write(() => {
        const rows = refs.map((ref) => ({
          ref,
          rows: liveRows.get(table)!.all(occurrenceKey(ref.cycle, ref.period, ref.agency)) as Row[],
        }));
        const mine = (r: Row) => r.by === actor.by && (table !== 'submissions' || !r.via || r.via === 'cli');
        let batchAt: string | undefined;
        for (const x of rows)
          for (const r of x.rows)
            if (mine(r) && (batchAt === undefined || r.recorded_at! > batchAt)) batchAt = r.recorded_at!;
        const undone: OccurrenceRef[] = [];
        const kept: { agency: string; by: string; via?: string }[] = [];
        for (const x of rows) {
          const hit = x.rows.find((r) => mine(r) && r.recorded_at === batchAt);
          if (hit) {
            stampUndone.get(table)!.run(actor.recordedAt, actor.by, Number(hit.id));
            undone.push(x.ref);
          }
          const left = x.rows.find((r) => r !== hit);
          if (left) kept.push({ agency: x.ref.agency, by: left.by!, ...(left.via ? { via: left.via } : {}) });
        }
        return { undone, kept };
      }),
    recordExcusal: (e) =>
      write(() => {
        const key = occurrenceKey(e.cycle, e.period, e.agency);
        const live = liveExcusal.get(key) as Row | undefined;
        if (live) return { record: toExcusal(live), created: false };
        insertExcusal.run({
          key,
          cycle: e.cycle,
          period: e.period,
          agency: e.agency,
          at: e.at ?? e.recordedAt,
          by: e.by,
          note: e.note ?? null,
          recordedAt: e.recordedAt,
        });
        return { record: toExcusal(liveExcusal.get(key) as Row), created: true };
      }),
    undoExcusal: (ref, actor) => undoLatest('excusals', occurrenceKey(ref.cycle, ref.period, ref.agency), actor),
    recordExtension: (x) =>
      write(() => {
        const key = occurrenceKey(x.cycle, x.period, x.agency);
        const info = insertExtension.run({
          key,
          cycle: x.cycle,
          period: x.period,
          agency: x.agency,
          to: x.to,
          by: x.by,
          note: x.note ?? null,
          recordedAt: x.recordedAt,
        });
        return { record: toExtension(byIdExtension.get(info.lastInsertRowid) as Row), created: true };
      }),
    undoExtension: (ref, actor) => undoLatest('extensions', occurrenceKey(ref.cycle, ref.period, ref.agency), actor),
    recordTargetProgress: (p) =>
      write(() => {
        insertProgress.run(p.target, p.text, p.by, p.recordedAt);
        return { ...p };
      }),
    undoTargetProgress: (target, actor) => undoLatest('target_progress', target, actor),
    recordTargetOutcome: (o) =>
      write(() => {
        insertOutcome.run(o.target, o.outcome, o.note ?? null, o.by, o.recordedAt);
        return { ...o };
      }),
    undoTargetOutcome: (target, actor) => undoLatest('target_outcomes', target, actor),
    recordBeforeDeployment: (list) =>
      write(() => {
        for (const b of list) insertBeforeDeployment.run(b.cycle, b.until, b.through, b.by, b.recordedAt);
      }),
    undoBeforeDeployment: (cycles, actor) =>
      write(() => cycles.filter((c) => undoLatest('before_deployment', c, actor))),
    records: () => ({
      beforeDeployment: (liveBeforeDeployment.all() as Row[]).map((r) => ({
        cycle: r.cycle!,
        until: r.until_period!,
        through: r.through_date!,
        by: r.by!,
        recordedAt: r.recorded_at!,
      })),
      submissions: (liveSubmissions.all() as Row[]).map(toSubmission),
      excusals: (liveExcusals.all() as Row[]).map(toExcusal),
      extensions: (liveExtensions.all() as Row[]).map(toExtension),
      targetProgress: (liveProgress.all() as Row[]).map((r) => ({
        target: r.target_id!,
        text: r.text!,
        by: r.by!,
        recordedAt: r.recorded_at!,
      })),
      targetOutcomes: (liveOutcomes.all() as Row[]).map((r) => ({
        target: r.target_id!,
        outcome: r.outcome as TargetOutcome,
        by: r.by!,
        recordedAt: r.recorded_at!,
        ...(r.note ? { note: r.note } : {}),
      })),
    }),
    version: () => versionStmt.get() as number,
  };
}
