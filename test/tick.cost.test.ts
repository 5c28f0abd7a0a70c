import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryRepo, migrate, type NewDelivery } from '../src/store/index.ts';
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
        row('half-yearly/2020H1/省财政厅/before/7', { channel: '*', recipient: '*', status: 'skipped', reason: 'too-old' }),
        row('digest/weekly/2020-07-06T09:00', { source: 'digest' }),
        row(FOLD.key, { covers: FOLD.covers }),
      ],
      NOW,
    );
    const asked = ['half-yearly/2020H1/省发展改革委/before/7', 'half-yearly/2020H1/省财政厅/before/7', 'digest/weekly/2020-07-06T09:00', ESC_A, ESC_B, 'half-yearly/2020H1/省商务厅/before/7'];
    expect([...repo.decidedAmong('reminder', asked)]).toEqual(['half-yearly/2020H1/省发展改革委/before/7', 'half-yearly/2020H1/省财政厅/before/7', ESC_A, ESC_B]);
    expect([...repo.decidedAmong('digest', asked)]).toEqual(['digest/weekly/2020-07-06T09:00']);
  });

  it('migration 006 copies the covers of folded escalations stored before it', () => {
    t = tempDb();
    // The store as it was before 006: no delivery_covers, a folded row with its JSON covers.
    t.db.exec("DROP TRIGGER deliveries_covers; DROP TABLE delivery_covers; DELETE FROM schema_migrations WHERE name = '006_decided_lookup.sql'");
    t.db
      .prepare(
        `INSERT INTO deliveries (key, channel, recipient, source, planned_at, status, message_id, covers, created_at, updated_at)
         VALUES (?, 'email', 'c@pprd.example.org', 'reminder', '2020-07-08T09:00:00.000+08:00', 'sent', '<m>', ?, ?, ?)`,
      )
      .run(FOLD.key, JSON.stringify(FOLD.covers), NOW, NOW);
    expect(migrate(t.db)).toEqual(['006_decided_lookup.sql']);
    expect([...createDeliveryRepo(t.db).decidedAmong('reminder', [ESC_A, ESC_B, 'half-yearly/2020H1/省商务厅/escalation/-5'])]).toEqual([ESC_A, ESC_B]);
    expect(t.db.prepare('SELECT covered_key, delivery_key FROM delivery_covers ORDER BY covered_key').all()).toEqual(
      [ESC_A, ESC_B].sort().map((k) => ({ covered_key: k, delivery_key: FOLD.key })),
    );
  });

  it('every lookup searches an index: no statement of decidedAmong scans the deliveries or their covers', () => {
    t = tempDb();
    const plans = [
      'SELECT 1 FROM deliveries WHERE key = ? AND source = ? LIMIT 1',
      'SELECT 1 FROM delivery_covers WHERE covered_key = ? AND source = ? LIMIT 1',
    ].map((sql) => (t!.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('k', 'reminder') as { detail: string }[]).map((p) => p.detail).join('; '));
    expect(plans[0]).toMatch(/^SEARCH deliveries USING INDEX sqlite_autoindex_deliveries_1 \(key=\?\)/);
    expect(plans[1]).toMatch(/^SEARCH delivery_covers USING PRIMARY KEY \(covered_key=\?\)/);
  });
});
