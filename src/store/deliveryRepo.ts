import type { Statement } from 'better-sqlite3';
import { type Db, writeTransaction } from './openStore.ts';

/** Delivery states (DESIGN.md, "delivery"): see migration 003_delivery.sql. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead' | 'skipped';

/** One row of `deliveries`: one attempt chain of one reminder or digest, on one channel, to one recipient. */
export interface DeliveryRow {
  id: number;
  /** Reminder key or digest key. */
  key: string;
  /** `email`, `slack`, `memory`, or `*` for a row that decides a whole reminder (skipped, no contact). */
  channel: string;
  /** Lower-case email or Slack id; `*` for a whole-reminder row. */
  recipient: string;
  source: 'reminder' | 'digest';
  occurrenceKey: string | null;
  agency: string | null;
  /** Planned send instant, ISO with offset. */
  plannedAt: string;
  status: DeliveryStatus;
  /** Why a row was skipped or made dead without a send (`catch-up`, `too-old`, `no-contact`, `submitted`, `not-planned`). */
  reason: string | null;
  /** True when sent by catch-up after its planned instant. */
  late: boolean;
  /** Sends tried: counted when a send starts ({@link DeliveryRepo.beginAttempt}), not when the row is claimed. */
  attempts: number;
  /** UTC ISO instant of the next retry (status `failed`). */
  nextAttemptAt: string | null;
  /** Last protocol error (e.g. `421 4.3.2 try later`); never a message body. */
  lastError: string | null;
  /** RFC 5322 Message-ID derived from the delivery key, stable across resends. */
  messageId: string;
  claimedBy: string | null;
  /** Wall-clock ms until which the claim holds. */
  leaseUntil: number | null;
  firstAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Of a folded escalation (key `escalation:<cycle>/<period>/<date>`): the per-occurrence escalation
   * reminder keys it decided (migration 004). Null on every other row.
   */
  covers: string[] | null;
  /** Of a sent folded escalation: the occurrence keys its message listed (still open at send time). */
  listed: string[] | null;
  /**
   * `<date>|<channel>|<recipient>` (migration 009): rows of one bundle are claimed together and sent as
   * one message (config `delivery.bundle`, issue 14 item 2); null: sent on its own.
   */
  bundle: string | null;
}

/** A row to record: a delivery to send (`pending`) or a decision not to send (`skipped`). */
export interface NewDelivery {
  key: string;
  channel: string;
  recipient: string;
  source: 'reminder' | 'digest';
  occurrenceKey?: string | null;
  agency?: string | null;
  plannedAt: string;
  status: 'pending' | 'skipped';
  reason?: string | null;
  late?: boolean;
  messageId: string;
  /** Folded escalation: the reminder keys it decides (they count as decided, see `decidedKeys`). */
  covers?: string[] | null;
  /** The bundle it is sent in (see {@link DeliveryRow.bundle}). */
  bundle?: string | null;
}

/** Options of {@link DeliveryRepo.claim}. */
export interface ClaimOptions {
  /** Business time of the tick, UTC ISO: retries whose `next_attempt_at` is not after it are due. */
  now: string;
  /** Claim token of this tick (e.g. `host|pid|random`). */
  owner: string;
  /** Wall-clock ms until which the claim holds. */
  leaseUntil: number;
  /**
   * Whether another claimant's `sending` row (owner, lease) is abandoned (its process died or its lease
   * ran out). Rows claimed by `owner` itself are not asked about: they are never claimed again.
   */
  isStale(owner: string | null, leaseUntil: number | null): boolean;
  /** Most rows to claim at once (default 50). */
  limit?: number;
}

/** The result recorded for a claimed row. */
export type DeliveryOutcome =
  /** `listed`: of a folded escalation, the occurrence keys its message listed (kept in `listed`). */
  | { status: 'sent'; listed?: string[] }
  | { status: 'failed'; error: string; nextAttemptAt: string }
  | { status: 'dead'; error: string; reason?: string }
  | { status: 'skipped'; reason: string };

/** Repository of `deliveries` and `meta`. Every method is synchronous (better-sqlite3). */
export interface DeliveryRepo {
  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction: the write lock is taken at the start, so two
   * processes (or two connections) deciding and claiming at once are serialized by SQLite.
   * Rolls back and rethrows when `fn` throws.
   */
  immediate<T>(fn: () => T): T;
  /**
   * Which of `keys` are decided: a reminder or digest key with any row of `source` (sent, pending,
   * skipped …), or a reminder key a folded escalation row `covers`. Looks each key up by index
   * (the unique key and `delivery_covers`, migration 006), so its cost follows the keys asked about,
   * not the rows stored (issue 11: a tick with 1,000,000 rows).
   */
  decidedAmong(source: 'reminder' | 'digest', keys: Iterable<string>): Set<string>;
  /** Whether any row has this key (any source, channel, recipient, status): one index lookup. */
  hasKey(key: string): boolean;
  /** Inserts rows, ignoring those whose (key, channel, recipient) exists; returns how many were inserted. */
  insert(rows: NewDelivery[], nowIso: string): number;
  /**
   * Claims due rows in one `BEGIN IMMEDIATE` transaction: `pending`, `failed` with `next_attempt_at <= now`,
   * and `sending` rows whose claim `isStale`. Sets them `sending`, owned by `owner`. A claim is not an
   * attempt: a row claimed and then skipped, or whose claimant died before sending, keeps its count.
   * A row of a bundle brings the bundle's other rows that are due or stale (they are sent as one message).
   * @returns the claimed rows, oldest planned first (a bundle's other rows after them).
   */
  claim(opts: ClaimOptions): DeliveryRow[];
  /**
   * Just before a send: extends the claim `owner` holds on `row` (as {@link claim} returned it) to `leaseUntil`
   * (wall-clock ms) and counts the attempt (`attempts + 1`; `first_attempt_at` set to `nowIso`, UTC ISO, on the first).
   * @returns the row as updated, or null when the claim was lost: the caller must not send.
   */
  beginAttempt(row: DeliveryRow, owner: string, leaseUntil: number, nowIso: string): DeliveryRow | null;
  /**
   * Extends the claim on a row `owner` holds (just before its send), so a long batch keeps its claims.
   * @returns false when the claim was lost: the caller must not send.
   */
  renew(id: number, owner: string, leaseUntil: number): boolean;
  /**
   * Records the outcome of a claimed row, only while `owner` still holds it.
   * @returns false when the claim was lost (another tick took the row over after a stale lease).
   */
  finish(id: number, owner: string, outcome: DeliveryOutcome, nowIso: string): boolean;
  /** Rows that need a coordinator's eye: `dead`, `failed` (still retrying) and `no-contact` skips. */
  problems(): DeliveryRow[];
  /**
   * Reminders recorded `skipped` with reason `no-contact` (whole-reminder rows, channel `*`) and not yet
   * resolved, by key: they wait for a contact (issue 17 item 1) and show in status until resolved.
   */
  waitingForContact(): Map<string, DeliveryRow>;
  /**
   * Resolves a waiting `no-contact` row: its reason becomes `reason` (`contact-added`: sent once a contact
   * appeared; `superseded`: a later reminder of the occurrence was sent; `submitted`), so it leaves `problems()`.
   * @returns whether a waiting row was updated.
   */
  resolveNoContact(key: string, reason: string, nowIso: string): boolean;
  /**
   * Occurrence keys whose escalation reached a coordinator, sorted: a per-occurrence escalation reminder
   * `sent` on some channel, or an occurrence `listed` by a sent folded escalation. Read from the indexed
   * `delivery_escalated` (migration 008, kept by triggers), so its cost follows the escalations, not the rows.
   */
  escalatedOccurrences(): string[];
  /**
   * The key and `covers` of every row, in no order: what decides a reminder (a row of its key, or a folded
   * escalation covering it). Reads two columns, for a check over the whole store (`pprd simulate`'s lost reminders).
   */
  decisions(): Pick<DeliveryRow, 'key' | 'covers'>[];
  /** Every row (tests, status); `where` filters by exact key when given. */
  list(where?: { key?: string; status?: DeliveryStatus }): DeliveryRow[];
  /** Counts of rows by status. */
  counts(): Record<DeliveryStatus, number>;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

interface RawRow {
  id: number;
  key: string;
  channel: string;
  recipient: string;
  source: 'reminder' | 'digest';
  occurrence_key: string | null;
  agency: string | null;
  planned_at: string;
  status: DeliveryStatus;
  reason: string | null;
  late: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  message_id: string;
  claimed_by: string | null;
  lease_until: number | null;
  first_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
  covers: string | null;
  listed: string | null;
  bundle: string | null;
}

/** What a claim reads of a row to pick it (the row itself comes back from the claiming UPDATE). */
type Candidate = Pick<RawRow, 'id' | 'bundle' | 'status' | 'claimed_by' | 'lease_until'>;

/** Position of each column of `deliveries` in a row read as an array (see {@link fullRows}). */
type Positions = Record<keyof RawRow, number>;

function toRow(a: readonly unknown[], at: Positions): DeliveryRow {
  const v = <K extends keyof RawRow>(k: K): RawRow[K] => a[at[k]] as RawRow[K];
  const covers = v('covers');
  const listed = v('listed');
  return {
    id: v('id'),
    key: v('key'),
    channel: v('channel'),
    recipient: v('recipient'),
    source: v('source'),
    occurrenceKey: v('occurrence_key'),
    agency: v('agency'),
    plannedAt: v('planned_at'),
    status: v('status'),
    reason: v('reason'),
    late: v('late') === 1,
    attempts: v('attempts'),
    nextAttemptAt: v('next_attempt_at'),
    lastError: v('last_error'),
    messageId: v('message_id'),
    claimedBy: v('claimed_by'),
    leaseUntil: v('lease_until'),
    firstAttemptAt: v('first_attempt_at'),
    sentAt: v('sent_at'),
    createdAt: v('created_at'),
    updatedAt: v('updated_at'),
    covers: covers ? (JSON.parse(covers) as string[]) : null,
    listed: listed ? (JSON.parse(listed) as string[]) : null,
    bundle: v('bundle') ?? null,
  };
}

/**
 * Runs a statement that reads whole rows of `deliveries` (`SELECT *`, `RETURNING *`) and returns them as
 * {@link DeliveryRow}s: read as arrays (better-sqlite3 `raw`) and mapped by the positions of the statement's
 * columns, found once. As objects, better-sqlite3 set 24 named properties on each row in the addon: most of
 * the cost of a claim's `RETURNING *` (issue 11, `pprd simulate`).
 */
function fullRows<P extends unknown[]>(stmt: Statement<P>): (...params: P) => DeliveryRow[] {
  stmt.raw(true);
  const at = Object.fromEntries(stmt.columns().map((c, i) => [c.name, i])) as Positions;
  return (...params) => (stmt.all(...params) as unknown[][]).map((a) => toRow(a, at));
}

/** Error text kept in `last_error`: one line, at most 300 characters (no bodies, no secrets). */
function clip(error: string): string {
  return error.replace(/\s+/g, ' ').slice(0, 300);
}

const REPOS = new WeakMap<Db, DeliveryRepo>();
/**
 * The delivery repository of an open store, created once per connection (its statements are prepared
 * once, not on every tick: issue 11); the same object on every call with the same `db`.
 */
export function deliveryRepoFor(db: Db): DeliveryRepo {
  let repo = REPOS.get(db);
  if (!repo) {
    repo = createDeliveryRepo(db);
    REPOS.set(db, repo);
  }
  return repo;
}

/**
 * Creates the delivery repository over an open store (migrations 003_delivery.sql and 004_escalation_fold.sql applied).
 * Each process (or connection) gets its own repo; SQLite's write lock serializes the claims.
 */
export function createDeliveryRepo(db: Db): DeliveryRepo {
  const insertStmt = db.prepare(
    `INSERT OR IGNORE INTO deliveries
       (key, channel, recipient, source, occurrence_key, agency, planned_at, status, reason, late, message_id, covers, bundle, created_at, updated_at)
     VALUES (@key, @channel, @recipient, @source, @occurrenceKey, @agency, @plannedAt, @status, @reason, @late, @messageId, @covers, @bundle, @now, @now)`,
  );
  // A claim reads only what picks the rows (ids, bundles, claims); the rows come back whole from the
  // claiming UPDATE … RETURNING, so no row is sorted or copied to JavaScript twice (issue 11).
  // Due rows are the pending ones (partial index deliveries_pending, migration 011: already in planned
  // order, read no further than the limit) and the failed ones whose retry time has come (few).
  const pendingStmt = db.prepare(
    `SELECT id, bundle, status, claimed_by, lease_until, planned_at FROM deliveries INDEXED BY deliveries_pending
      WHERE status = 'pending' ORDER BY planned_at, id LIMIT ?`,
  );
  const retryStmt = db.prepare(
    `SELECT id, bundle, status, claimed_by, lease_until, planned_at FROM deliveries
      WHERE status = 'failed' AND next_attempt_at <= ? ORDER BY planned_at, id LIMIT ?`,
  );
  /** Pending rows and failed rows due by `now`, oldest planned first (then by id), at most `limit`. */
  const dueRows = (now: string, limit: number): Candidate[] => {
    const pending = pendingStmt.all(limit) as (Candidate & { planned_at: string })[];
    const retries = retryStmt.all(now, limit) as (Candidate & { planned_at: string })[];
    if (!retries.length) return pending;
    const order = (a: { planned_at: string; id: number }, b: { planned_at: string; id: number }) =>
      a.planned_at < b.planned_at ? -1 : a.planned_at > b.planned_at ? 1 : a.id - b.id;
    return [...pending, ...retries].sort(order).slice(0, limit);
  };
  // Rows the claimant holds itself wait in its lanes: only others' claims are read to be judged stale.
  const sendingStmt = db.prepare(
    `SELECT id, bundle, status, claimed_by, lease_until FROM deliveries
      WHERE status = 'sending' AND claimed_by IS NOT ? ORDER BY planned_at, id`,
  );
  // Index deliveries_bundle (migration 009): the other rows of a bundle that are due, or stale, with it.
  const bundleStmt = db.prepare(
    `SELECT id, bundle, status, claimed_by, lease_until FROM deliveries
      WHERE bundle = ? AND (status IN ('pending', 'sending') OR (status = 'failed' AND next_attempt_at <= ?)) ORDER BY planned_at, id`,
  );
  // One statement per claim: the rows picked (their ids as a JSON array) are set `sending` and come back as claimed.
  const claimRows = fullRows(
    db.prepare<[string, number, string, string]>(
      `UPDATE deliveries SET status = 'sending', claimed_by = ?, lease_until = ?, updated_at = ?
      WHERE id IN (SELECT value FROM json_each(?)) RETURNING *`,
    ),
  );
  // Returns only what it changes from the claimed row (not the whole row again: issue 11).
  const beginStmt = db.prepare(
    `UPDATE deliveries SET lease_until = ?, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?), updated_at = ?
      WHERE id = ? AND claimed_by = ? AND status = 'sending'
      RETURNING attempts, first_attempt_at`,
  );
  const finishStmt = db.prepare(
    `UPDATE deliveries SET status = @status, reason = COALESCE(@reason, reason), last_error = COALESCE(@error, last_error),
            next_attempt_at = @nextAttemptAt, sent_at = @sentAt, listed = COALESCE(@listed, listed), claimed_by = NULL, lease_until = NULL, updated_at = @now
      WHERE id = @id AND claimed_by = @owner AND status = 'sending'`,
  );
  const renewStmt = db.prepare(
    `UPDATE deliveries SET lease_until = ? WHERE id = ? AND claimed_by = ? AND status = 'sending'`,
  );
  const listStmts = new Map<string, (...args: string[]) => DeliveryRow[]>();
  const getMetaStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
  // `key` leads the UNIQUE (key, channel, recipient) index; covered keys lead delivery_covers' primary key.
  // One statement for a whole list of keys (a JSON array): one call into SQLite instead of two per key (issue 11).
  const decidedStmt = db
    .prepare(
      `SELECT j.value FROM json_each(?) AS j
        WHERE EXISTS (SELECT 1 FROM deliveries AS d WHERE d.key = j.value AND d.source = ?)
           OR EXISTS (SELECT 1 FROM delivery_covers AS c WHERE c.covered_key = j.value AND c.source = ?)`,
    )
    .pluck();
  const hasKeyStmt = db.prepare('SELECT 1 FROM deliveries WHERE key = ? LIMIT 1').pluck();
  const setMetaStmt = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  // Partial index deliveries_no_contact (migration 008): only the waiting rows are read. Named, because
  // SQLite's planner (no statistics) otherwise prefers deliveries_status and walks every skipped row.
  const waitingRows = fullRows(
    db.prepare(
      "SELECT * FROM deliveries INDEXED BY deliveries_no_contact WHERE status = 'skipped' AND reason = 'no-contact' AND source = 'reminder' AND channel = '*'",
    ),
  );
  const resolveStmt = db.prepare(
    "UPDATE deliveries SET reason = ?, updated_at = ? WHERE key = ? AND channel = '*' AND status = 'skipped' AND reason = 'no-contact'",
  );
  // Partial index deliveries_problems (migration 010): those rows alone, already in order.
  const problemRows = fullRows(
    db.prepare(
      `SELECT * FROM deliveries INDEXED BY deliveries_problems
      WHERE status IN ('dead', 'failed') OR (status = 'skipped' AND reason = 'no-contact')
      ORDER BY planned_at, id`,
    ),
  );
  // delivery_escalated (migration 008): filled by triggers when a row becomes sent; no JSON expanded here.
  const escalatedStmt = db
    .prepare('SELECT DISTINCT occurrence_key FROM delivery_escalated ORDER BY occurrence_key')
    .pluck();
  const decisionsStmt = db.prepare('SELECT key, covers FROM deliveries');
  const countsStmt = db.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status');

  const immediate = <T>(fn: () => T): T => writeTransaction(db, fn);

  return {
    immediate,
    decidedAmong(source, keys) {
      const list = [...keys];
      return new Set(list.length ? (decidedStmt.all(JSON.stringify(list), source, source) as string[]) : []);
    },
    hasKey(key) {
      return hasKeyStmt.get(key) !== undefined;
    },
    insert(rows, nowIso) {
      let n = 0;
      for (const r of rows) {
        n += insertStmt.run({
          key: r.key,
          channel: r.channel,
          recipient: r.recipient,
          source: r.source,
          occurrenceKey: r.occurrenceKey ?? null,
          agency: r.agency ?? null,
          plannedAt: r.plannedAt,
          status: r.status,
          reason: r.reason ?? null,
          late: r.late ? 1 : 0,
          messageId: r.messageId,
          covers: r.covers?.length ? JSON.stringify(r.covers) : null,
          bundle: r.bundle ?? null,
          now: nowIso,
        }).changes;
      }
      return n;
    },
    claim(opts) {
      const limit = opts.limit ?? 50;
      return immediate(() => {
        const stale = (sendingStmt.all(opts.owner) as Candidate[]).filter((r) =>
          opts.isStale(r.claimed_by, r.lease_until),
        );
        const due = dueRows(opts.now, limit);
        const picked = [...stale, ...due].slice(0, Math.max(limit, stale.length));
        // A bundle is claimed whole: its other rows that are due (or claimed by a dead tick) come along.
        const ids = new Set(picked.map((r) => r.id));
        for (const bundle of new Set(picked.map((r) => r.bundle).filter((b): b is string => b !== null))) {
          for (const r of bundleStmt.all(bundle, opts.now) as Candidate[]) {
            if (ids.has(r.id) || (r.status === 'sending' && !opts.isStale(r.claimed_by, r.lease_until))) continue;
            ids.add(r.id);
            picked.push(r);
          }
        }
        const out: DeliveryRow[] = [];
        if (!picked.length) return out;
        const claimed = new Map<number, DeliveryRow>();
        for (const r of claimRows(opts.owner, opts.leaseUntil, opts.now, JSON.stringify([...ids])))
          claimed.set(r.id, r);
        for (const r of picked) out.push(claimed.get(r.id) as DeliveryRow);
        return out;
      });
    },
    renew(id, owner, leaseUntil) {
      return renewStmt.run(leaseUntil, id, owner).changes === 1;
    },
    beginAttempt(row, owner, leaseUntil, nowIso) {
      const r = beginStmt.get(leaseUntil, nowIso, nowIso, row.id, owner) as
        | Pick<RawRow, 'attempts' | 'first_attempt_at'>
        | undefined;
      // Still ours (claimed_by, status): no one else wrote the row since our claim, so the rest is as claimed.
      return r
        ? {
            ...row,
            status: 'sending',
            claimedBy: owner,
            leaseUntil,
            attempts: r.attempts,
            firstAttemptAt: r.first_attempt_at,
            updatedAt: nowIso,
          }
        : null;
    },
    finish(id, owner, outcome, nowIso) {
      const params = {
        id,
        owner,
        now: nowIso,
        status: outcome.status,
        reason:
          outcome.status === 'skipped' ? outcome.reason : outcome.status === 'dead' ? (outcome.reason ?? null) : null,
        error: outcome.status === 'failed' || outcome.status === 'dead' ? clip(outcome.error) : null,
        nextAttemptAt: outcome.status === 'failed' ? outcome.nextAttemptAt : null,
        sentAt: outcome.status === 'sent' ? nowIso : null,
        listed: outcome.status === 'sent' && outcome.listed ? JSON.stringify(outcome.listed) : null,
      };
      return finishStmt.run(params).changes === 1;
    },
    waitingForContact() {
      const rows = waitingRows();
      return new Map(rows.map((r) => [r.key, r]));
    },
    resolveNoContact(key, reason, nowIso) {
      return resolveStmt.run(reason, nowIso, key).changes > 0;
    },
    problems() {
      return problemRows();
    },
    escalatedOccurrences() {
      return escalatedStmt.all() as string[];
    },
    decisions() {
      return (decisionsStmt.all() as { key: string; covers: string | null }[]).map((r) => ({
        key: r.key,
        covers: r.covers ? (JSON.parse(r.covers) as string[]) : null,
      }));
    },
    list(where = {}) {
      const clauses: string[] = [];
      const args: string[] = [];
      if (where.key) {
        clauses.push('key = ?');
        args.push(where.key);
      }
      if (where.status) {
        clauses.push('status = ?');
        args.push(where.status);
      }
      const sql = `SELECT * FROM deliveries ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY planned_at, id`;
      // Four shapes at most, each prepared once (a tick asks for a key several times).
      let rows = listStmts.get(sql);
      if (!rows) {
        rows = fullRows(db.prepare<string[]>(sql));
        listStmts.set(sql, rows);
      }
      return rows(...args);
    },
    counts() {
      const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0, skipped: 0 };
      for (const r of countsStmt.all() as { status: DeliveryStatus; n: number }[]) {
        out[r.status] = r.n;
      }
      return out;
    },
    getMeta(key) {
      return (getMetaStmt.get(key) as { value: string } | undefined)?.value;
    },
    setMeta(key, value) {
      setMetaStmt.run(key, value);
    },
  };
}
