import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryChannel } from '../src/channels/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { decidedBeforeOf } from '../src/service/decidedBeforeOf.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import {
  createDeliveryRepo,
  createScheduleRepo,
  type Db,
  deliveryRepoFor,
  migrate,
  type NewDelivery,
} from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { tempDb } from './helpers/tempDb.ts';

// Issue 11: a tick checks the reminder keys due by now against the store by index; it no longer reads
// every delivery row ever written (decidedKeys) nor expands every folded escalation's JSON (json_each).

const NOW = '2020-07-08T01:00:00.000Z';
const row = (key: string, extra: Partial<NewDelivery> = {}): NewDelivery => ({
  key,
  channel: 'email',
  recipient: 'a@pprd.example.org',
  source: 'reminder',
  plannedAt: '2020-07-08T09:00:00.000+08:00',
  status: 'pending',
  messageId: `<${key}@pprd>`,
  ...extra,
});
const ESC_A = 'half-yearly/2020H1/省交通运输厅/escalation/-5';
const ESC_B = 'half-yearly/2020H1/省水利厅/escalation/-5';
const FOLD = { key: 'escalation:half-yearly/2020H1/2020-07-08', covers: [ESC_A, ESC_B] };

let t: ReturnType<typeof tempDb> | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('decidedAmong: which of the due keys are decided, looked up by index', () => {
  it('a key with any row of the source, or covered by a folded escalation; digests and unknown keys are not reminders decided', () => {
    t = tempDb();
    const repo = createDeliveryRepo(t.db);
    repo.insert(
      [
        row('half-yearly/2020H1/省发展改革委/before/7'),
        row('half-yearly/2020H1/省财政厅/before/7', {
          channel: '*',
          recipient: '*',
          status: 'skipped',
          reason: 'too-old',
        }),
        row('digest/weekly/2020-07-06T09:00', { source: 'digest' }),
        row(FOLD.key, { covers: FOLD.covers }),
      ],
      NOW,
    );
    const asked = [
      'half-yearly/2020H1/省发展改革委/before/7',
      'half-yearly/2020H1/省财政厅/before/7',
      'digest/weekly/2020-07-06T09:00',
      ESC_A,
      ESC_B,
      'half-yearly/2020H1/省商务厅/before/7',
    ];
    expect([...repo.decidedAmong('reminder', asked)]).toEqual([
      'half-yearly/2020H1/省发展改革委/before/7',
      'half-yearly/2020H1/省财政厅/before/7',
      ESC_A,
      ESC_B,
    ]);
    expect([...repo.decidedAmong('digest', asked)]).toEqual(['digest/weekly/2020-07-06T09:00']);
  });

  it('migration 006 copies the covers of folded escalations stored before it', () => {
    t = tempDb();
    // The store as it was before 006: no delivery_covers, a folded row with its JSON covers.
    t.db.exec(
      "DROP TRIGGER deliveries_covers; DROP TABLE delivery_covers; DELETE FROM schema_migrations WHERE name = '006_decided_lookup.sql'",
    );
    t.db
      .prepare(
        `INSERT INTO deliveries (key, channel, recipient, source, planned_at, status, message_id, covers, created_at, updated_at)
         VALUES (?, 'email', 'c@pprd.example.org', 'reminder', '2020-07-08T09:00:00.000+08:00', 'sent', '<m>', ?, ?, ?)`,
      )
      .run(FOLD.key, JSON.stringify(FOLD.covers), NOW, NOW);
    expect(migrate(t.db)).toEqual(['006_decided_lookup.sql']);
    expect([
      ...createDeliveryRepo(t.db).decidedAmong('reminder', [ESC_A, ESC_B, 'half-yearly/2020H1/省商务厅/escalation/-5']),
    ]).toEqual([ESC_A, ESC_B]);
    expect(t.db.prepare('SELECT covered_key, delivery_key FROM delivery_covers ORDER BY covered_key').all()).toEqual(
      [ESC_A, ESC_B].sort().map((k) => ({ covered_key: k, delivery_key: FOLD.key })),
    );
  });

  it('every lookup searches an index: no statement of decidedAmong scans the deliveries or their covers', () => {
    t = tempDb();
    const plans = [
      'SELECT 1 FROM deliveries WHERE key = ? AND source = ? LIMIT 1',
      'SELECT 1 FROM delivery_covers WHERE covered_key = ? AND source = ? LIMIT 1',
    ].map((sql) =>
      (t!.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('k', 'reminder') as { detail: string }[])
        .map((p) => p.detail)
        .join('; '),
    );
    expect(plans[0]).toMatch(/^SEARCH deliveries USING INDEX sqlite_autoindex_deliveries_1 \(key=\?\)/);
    expect(plans[1]).toMatch(/^SEARCH delivery_covers USING PRIMARY KEY \(covered_key=\?\)/);
  });
});

/**
 * A delivery repo on `db`, and how SQLite plans those of its own statements that `pick` selects (EXPLAIN
 * QUERY PLAN details joined with `; `, parameters bound to 50): the SQL the product prepares, not a copy.
 */
function repoWithPlans(db: Db, pick: (sql: string) => boolean) {
  const prepare = vi.spyOn(db, 'prepare');
  const repo = createDeliveryRepo(db);
  const sqls = prepare.mock.calls.map(([sql]) => String(sql)).filter(pick);
  prepare.mockRestore();
  const plans = sqls.map((sql) => {
    const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    const params = Array(explain.source.split('?').length - 1).fill(50);
    return (explain.all(...params) as { detail: string }[]).map((p) => p.detail).join('; ');
  });
  return { repo, plans };
}

describe('problem rows and reminders waiting for a contact: read through their own partial indexes', () => {
  it('problems() and waitingForContact() read only their rows (deliveries_problems, deliveries_no_contact), never every skipped row of the history', () => {
    t = tempDb();
    const { repo, plans } = repoWithPlans(
      t.db,
      (sql) => sql.includes("reason = 'no-contact'") && sql.trimStart().startsWith('SELECT'),
    );
    expect(plans).toEqual([
      'SCAN deliveries USING INDEX deliveries_no_contact',
      'SCAN deliveries USING INDEX deliveries_problems',
    ]);
    // What they return: of 200 skipped rows, the one waiting for a contact; and the dead row, in planned order.
    const skipped = (key: string, reason: string, extra: Partial<NewDelivery> = {}) =>
      row(key, { channel: '*', recipient: '*', status: 'skipped', reason, ...extra });
    repo.insert(
      [
        ...Array.from({ length: 200 }, (_, i) => skipped(`half-yearly/2019H1/省财政厅/before/${i + 1}`, 'too-old')),
        skipped('half-yearly/2020H1/省水利厅/overdue/-1', 'no-contact', { plannedAt: '2020-07-02T09:00:00.000+08:00' }),
        skipped('digest/weekly/2020-07-06T09:00', 'no-contact', {
          source: 'digest',
          plannedAt: '2020-07-06T09:00:00.000+08:00',
        }),
        row('half-yearly/2020H1/省商务厅/due/0', { plannedAt: '2020-06-30T09:00:00.000+08:00' }),
      ],
      NOW,
    );
    const [dead] = repo.claim({ now: NOW, owner: 'me', leaseUntil: Date.now() + 60_000, isStale: () => false });
    repo.finish(dead.id, 'me', { status: 'dead', error: '550 5.1.1 no such user' }, NOW);
    expect([...repo.waitingForContact().keys()]).toEqual(['half-yearly/2020H1/省水利厅/overdue/-1']);
    expect(repo.problems().map((p) => `${p.key} ${p.status} ${p.reason ?? ''}`.trim())).toEqual([
      'half-yearly/2020H1/省商务厅/due/0 dead',
      'half-yearly/2020H1/省水利厅/overdue/-1 skipped no-contact',
      'digest/weekly/2020-07-06T09:00 skipped no-contact',
    ]);
  });
});

describe('claims: the oldest due rows, 50 at a time, without sorting every pending row for each batch', () => {
  it('pending rows come from deliveries_pending in planned order (migration 011); failed rows due for a retry join them in that order', () => {
    t = tempDb();
    const { repo, plans } = repoWithPlans(t.db, (sql) => sql.includes("WHERE status = 'pending'"));
    expect(plans).toEqual(['SCAN deliveries USING INDEX deliveries_pending']);
    // 120 pending rows planned 09:00 on 2020-07-01 … 2020-07-10 (inserted newest first) and one failed row
    // due for a retry, planned 2020-06-30: batches of 50 in planned order, the retry first.
    const at = (day: number) => `2020-07-${String(day).padStart(2, '0')}T09:00:00.000+08:00`;
    repo.insert(
      Array.from({ length: 120 }, (_, i) =>
        row(`half-yearly/2020H1/a${119 - i}/due/0`, { plannedAt: at(1 + ((119 - i) % 10)) }),
      ),
      NOW,
    );
    repo.insert([row('half-yearly/2020H1/retry/due/0', { plannedAt: '2020-06-30T09:00:00.000+08:00' })], NOW);
    const [r] = repo.claim({ now: NOW, owner: 'me', leaseUntil: Date.now() + 60_000, isStale: () => false, limit: 1 });
    expect(r.key).toBe('half-yearly/2020H1/retry/due/0');
    repo.finish(
      r.id,
      'me',
      { status: 'failed', error: '421 try later', nextAttemptAt: '2020-07-08T00:59:00.000Z' },
      NOW,
    );
    const claim = () =>
      repo
        .claim({ now: NOW, owner: 'me', leaseUntil: Date.now() + 60_000, isStale: () => false })
        .map((x) => x.plannedAt);
    const batches = [claim(), claim(), claim(), claim()];
    expect(batches.map((b) => b.length)).toEqual([50, 50, 21, 0]);
    expect(batches[0][0]).toBe('2020-06-30T09:00:00.000+08:00');
    const all = batches.flat();
    expect(all).toEqual([...all].sort());
    expect(all.slice(1, 13)).toEqual(Array(12).fill(at(1)));
  });
});

describe('a tick whose cost follows what is due (decidedBefore), and records_version (migration 008)', () => {
  const JTT = '省交通运输厅';
  const FGW = '省发展改革委';
  const config = deliveryConfig({
    agencies: { [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')] },
    coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org')],
  });
  const calendarOf = () => createCalendar(config.holidays, config.timezone);

  it('with the plan of the last tick, only reminders after decidedBefore and those waiting for a contact are looked up, and the seven-day reminder is sent', async () => {
    t = tempDb();
    const catalog = importRealCatalog(t.db);
    const mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
    // 2020-06-16 09:00 Shanghai: the 2020H1 fourteen-day reminders; 省发展改革委 has no contact (its reminder waits).
    const plan = planSchedule({ catalog, config, calendar: calendarOf(), now: '2020-06-23T09:00:00+08:00' });
    await runTick({
      db: t.db,
      catalog,
      config,
      channels: [mem],
      now: '2020-06-16T09:00:00+08:00',
      plan,
      log: silentLog,
    });
    const repo = deliveryRepoFor(t.db);
    const original = repo.decidedAmong.bind(repo);
    const asked: string[] = [];
    const spy = vi.spyOn(repo, 'decidedAmong').mockImplementation((source, keys) => {
      const list = [...keys];
      asked.push(...list);
      return original(source, list);
    });
    // 2020-06-23 09:00: the seven-day reminders, with everything up to the last tick (06-16 09:00) decided.
    const result = await runTick({
      db: t.db,
      catalog,
      config,
      channels: [mem],
      now: '2020-06-23T09:00:00+08:00',
      plan,
      decidedBefore: Date.parse('2020-06-16T09:00:00+08:00'),
      log: silentLog,
    });
    spy.mockRestore();
    // Asked: the 63 agencies' seven-day reminders and the reminders waiting for a contact
    // (62 agencies have no contact: their fourteen-day reminders wait), not the years before.
    expect(asked.filter((k) => k.endsWith('/2020H1/' + k.split('/')[2] + '/before/7'))).toHaveLength(63);
    expect(asked.filter((k) => k.endsWith('/before/14'))).toHaveLength(62);
    expect(asked).toHaveLength(125);
    expect(asked).toContain(`half-yearly/2020H1/${JTT}/before/7`);
    expect(asked).not.toContain(`half-yearly/2020H1/${JTT}/before/14`);
    expect(asked).toContain(`half-yearly/2020H1/${FGW}/before/14`); // waiting for a contact since 06-16
    expect(result.sent).toBe(1);
    expect(mem.sent.map((m) => m.key)).toEqual([
      `half-yearly/2020H1/${JTT}/before/14|email|sjtt@pprd.example.org`,
      `half-yearly/2020H1/${JTT}/before/7|email|sjtt@pprd.example.org`,
    ]);
  });

  it('the service’s first tick of a new day (same config object, same records version, same year) is windowed from the last tick as with the same plan: the new day’s plan has the same reminders at the same instants up to it; a config edit, a record written or a new year check every reminder due', () => {
    t = tempDb();
    const catalog = importRealCatalog(t.db);
    const planFor = (now: string) => planSchedule({ catalog, config, calendar: calendarOf(), now });
    // The last tick of 2020-06-22 (Shanghai) and the first of 06-23: the day changed, so the service planned afresh.
    const lastNow = '2020-06-22T23:59:00+08:00';
    const lastPlan = planFor(lastNow);
    const dayPlan = planFor('2020-06-23T00:00:00+08:00');
    const upToLast = (p: typeof lastPlan) =>
      p.remindersBetween(Number.NEGATIVE_INFINITY, Date.parse(lastNow)).map((r) => `${r.key} ${r.at}`);
    expect(dayPlan).not.toBe(lastPlan);
    expect(upToLast(dayPlan)).toEqual(upToLast(lastPlan));
    expect(upToLast(lastPlan)).toHaveLength(3654);
    const last = { ticked: { plan: lastPlan, config, version: 5, day: '2020-06-22' }, nowMs: Date.parse(lastNow) };
    // The last tick's instant less catchUpDays (3), for the same plan and for the new day's.
    expect(decidedBeforeOf(last, last.ticked, 3)).toBe(Date.parse('2020-06-19T23:59:00+08:00'));
    expect(decidedBeforeOf(last, { plan: dayPlan, config, version: 5, day: '2020-06-23' }, 3)).toBe(
      Date.parse('2020-06-19T23:59:00+08:00'),
    );
    // A reloaded config, any record written or undone since, a new year (the horizon moves): none known.
    expect(decidedBeforeOf(last, { plan: dayPlan, config: { ...config }, version: 5, day: '2020-06-23' }, 3)).toBe(
      undefined,
    );
    expect(decidedBeforeOf(last, { plan: dayPlan, config, version: 6, day: '2020-06-23' }, 3)).toBe(undefined);
    const yearEnd = { ticked: { ...last.ticked, day: '2020-12-31' }, nowMs: Date.parse('2020-12-31T23:59:00+08:00') };
    expect(decidedBeforeOf(yearEnd, { plan: dayPlan, config, version: 5, day: '2021-01-01' }, 3)).toBe(undefined);
    expect(decidedBeforeOf(null, last.ticked, 3)).toBe(undefined);
  });

  it('records_version changes with every record written or undone, by any connection, and only then', () => {
    t = tempDb();
    importRealCatalog(t.db);
    const mine = createScheduleRepo(t.db);
    const other = createScheduleRepo(t.open());
    const v0 = mine.version();
    expect(mine.version()).toBe(v0);
    other.recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: JTT,
      by: '省泛珠办',
      recordedAt: '2020-06-20T02:00:00.000Z',
    });
    const v1 = mine.version();
    expect(v1).toBeGreaterThan(v0);
    expect(
      mine.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency: JTT,
        by: '省泛珠办',
        recordedAt: '2020-06-20T03:00:00.000Z',
      }).created,
    ).toBe(false);
    expect(mine.version()).toBe(v1); // nothing written
    other.undoSubmission(
      { cycle: 'half-yearly', period: '2020H1', agency: JTT },
      { by: '省泛珠办', recordedAt: '2020-06-21T02:00:00.000Z' },
    );
    expect(mine.version()).toBeGreaterThan(v1);
  });

  it('escalated occurrences come from delivery_escalated (by index), filled when a folded escalation is sent; migration 008 copies those sent before it', () => {
    t = tempDb();
    const repo = createDeliveryRepo(t.db);
    repo.insert([row(FOLD.key, { covers: FOLD.covers })], NOW);
    const [claimed] = repo.claim({ now: NOW, owner: 'me', leaseUntil: Date.now() + 60_000, isStale: () => false });
    repo.beginAttempt(claimed, 'me', Date.now() + 60_000, NOW);
    repo.finish(
      claimed.id,
      'me',
      { status: 'sent', listed: ['half-yearly/2020H1/省水利厅', 'half-yearly/2020H1/省交通运输厅'] },
      NOW,
    );
    expect(repo.escalatedOccurrences()).toEqual(['half-yearly/2020H1/省交通运输厅', 'half-yearly/2020H1/省水利厅']);
    const plan = (
      t.db
        .prepare('EXPLAIN QUERY PLAN SELECT DISTINCT occurrence_key FROM delivery_escalated ORDER BY occurrence_key')
        .all() as { detail: string }[]
    )
      .map((p) => p.detail)
      .join('; ');
    expect(plan).not.toMatch(/deliveries/);
    // A store from before 008: the table is rebuilt from the sent rows' `listed`.
    t.db.exec(
      "DROP TABLE delivery_escalated; DROP TABLE records_version; DROP INDEX deliveries_no_contact; DELETE FROM schema_migrations WHERE name = '008_tick_lookups.sql'",
    );
    for (const tr of t.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (sql LIKE '%records_version%' OR sql LIKE '%delivery_escalated%')",
      )
      .pluck()
      .all() as string[])
      t.db.exec(`DROP TRIGGER ${tr}`);
    expect(migrate(t.db)).toEqual(['008_tick_lookups.sql']);
    expect(createDeliveryRepo(t.db).escalatedOccurrences()).toEqual([
      'half-yearly/2020H1/省交通运输厅',
      'half-yearly/2020H1/省水利厅',
    ]);
  });
});
