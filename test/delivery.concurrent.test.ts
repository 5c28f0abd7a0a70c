import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { createEmailChannel, createMemoryChannel, type EmailChannel } from '../src/channels/index.ts';
import type { Config, Contact } from '../src/config/types.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, type Db, deliveryRepoFor } from '../src/store/index.ts';
import { deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtpServer.ts';
import { tempDb } from './helpers/tempDb.ts';

/**
 * Issue 11 (email delivery speed): the engine sends on the pool's 5 connections at once and writes the
 * begins and records of the sends in flight together, one transaction per turn of the event loop. These
 * tests hold it to exactly once over the real loopback SMTP server: every recipient gets one message,
 * every row is recorded once, and failures in the middle of the batch leave exactly their rows to retry.
 */

const NINE = shanghai('2020-06-23T09:00');
const NINE_O_TWO = shanghai('2020-06-23T09:02');
const key7 = (agency: string) => `half-yearly/2020H1/${agency}/before/7`;

let t: ReturnType<typeof tempDb>;
let db: Db;
let catalog: Catalog;
let smtp: TestSmtpServer;
let email: EmailChannel;
let config: Config;
/** Every contact address, with its agency. */
let agencyOf: Map<string, string>;

beforeEach(async () => {
  t = tempDb();
  db = t.db;
  catalog = importRealCatalog(db);
  // Two contacts for every body the document names: 2 × 63 = 126 seven-day reminders at 09:00 on 2020-06-23.
  const agencies: Record<string, Contact[]> = {};
  agencyOf = new Map();
  let n = 0;
  for (const a of catalog.agencies.filter((x) => !x.group)) {
    agencies[a.name] = [1, 2].map((i) => {
      const address = `c${++n}@pprd.example.org`;
      agencyOf.set(address, a.name);
      return { name: `${a.name}联络人${i}`, email: address, language: 'zh-CN' as const };
    });
  }
  config = deliveryConfig({ agencies });
  smtp = await startSmtpServer();
  email = createEmailChannel({ smtpUrl: smtp.url, pool: { maxConnections: 5 } });
});
afterEach(async () => {
  await email.close();
  await smtp.close();
  t.cleanup();
});

/** How many messages each address received (RCPT TO of each accepted message). */
function receivedBy(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of smtp.received) for (const to of m.rcptTo) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('exactly once with 5 sends in flight and their records written together (issue 11)', () => {
  test('126 reminders over 5 connections: each of the 126 contacts receives exactly one message, each row is sent once with one attempt; a second tick sends nothing', async () => {
    const r = await runTick({ db, catalog, config, channels: [email], now: NINE, log: silentLog });
    expect(r).toMatchObject({ planned: 126, sent: 126, retried: 0, dead: 0, lostClaims: 0 });
    expect(smtp.received).toHaveLength(126);
    const counts = receivedBy();
    expect(counts.size).toBe(126);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect([...counts.keys()].sort()).toEqual([...agencyOf.keys()].sort());
    // Each message is its recipient's own reminder (subject of the 7-day reminder, Message-ID of its row).
    const repo = createDeliveryRepo(db);
    const rows = repo.list().filter((x) => x.channel === 'email');
    expect(rows).toHaveLength(126);
    expect(rows.every((x) => x.status === 'sent' && x.attempts === 1 && x.claimedBy === null)).toBe(true);
    expect(new Set(rows.map((x) => `${x.key}|${x.recipient}`)).size).toBe(126);
    for (const m of smtp.received) {
      const to = m.rcptTo[0];
      const row = rows.find((x) => x.recipient === to)!;
      expect(row.key).toBe(key7(agencyOf.get(to)!));
      expect(m.parsed.messageId).toBe(row.messageId.replace('@pprd-reminder>', '@localhost>'));
    }
    expect(repo.counts()).toMatchObject({ pending: 0, sending: 0, failed: 0, dead: 0 });

    const again = await runTick({ db, catalog, config, channels: [email], now: NINE, log: silentLog });
    expect(again).toMatchObject({ planned: 0, sent: 0, retried: 0 });
    expect(smtp.received).toHaveLength(126);
  });

  test('a server that refuses 3 recipients for now (450), 2 for good (550) and closes a connection at one DATA (421): exactly those 6 rows are not sent, the 120 others are, once; at 09:02 the 4 temporary ones go, once', async () => {
    const busy = ['c3@pprd.example.org', 'c40@pprd.example.org', 'c77@pprd.example.org'];
    const unknown = ['c10@pprd.example.org', 'c100@pprd.example.org'];
    const dropped = 'c64@pprd.example.org';
    for (const a of busy) smtp.scriptFor(a, { at: 'rcpt', code: 450, message: 'mailbox busy' });
    for (const a of unknown) smtp.scriptFor(a, { at: 'rcpt', code: 550, message: 'no such user' });
    smtp.scriptFor(dropped, { at: 'data', code: 421, message: 'closing connection' });

    const r = await runTick({ db, catalog, config, channels: [email], now: NINE, log: silentLog });
    expect(r).toMatchObject({ planned: 126, sent: 120, retried: 4, dead: 2, lostClaims: 0 });
    const repo = createDeliveryRepo(db);
    const byStatus = (status: string) =>
      repo
        .list()
        .filter((x) => x.channel === 'email' && x.status === status)
        .map((x) => x.recipient)
        .sort();
    expect(byStatus('failed')).toEqual([...busy, dropped].sort());
    expect(byStatus('dead')).toEqual([...unknown].sort());
    expect(byStatus('sent')).toHaveLength(120);
    expect(byStatus('sending')).toEqual([]);
    // The retryable rows: one attempt, due again at 09:02 (retryBaseMinutes 2), each naming its reply.
    for (const row of repo.list({ status: 'failed' })) {
      expect(row).toMatchObject({ attempts: 1, nextAttemptAt: '2020-06-23T01:02:00.000Z', claimedBy: null });
      expect(row.key).toBe(key7(agencyOf.get(row.recipient)!));
      expect(row.lastError).toMatch(row.recipient === dropped ? /^421 / : /^450 /);
    }
    for (const row of repo.list({ status: 'dead' })) expect(row).toMatchObject({ attempts: 1, reason: 'permanent' });
    // Nobody got a message twice; the 6 got none.
    const first = receivedBy();
    expect(first.size).toBe(120);
    expect([...first.values()].every((c) => c === 1)).toBe(true);
    for (const a of [...busy, ...unknown, dropped]) expect(first.has(a)).toBe(false);

    const retry = await runTick({ db, catalog, config, channels: [email], now: NINE_O_TWO, log: silentLog });
    expect(retry).toMatchObject({ planned: 0, sent: 4, retried: 0, dead: 0 });
    const after = receivedBy();
    expect(after.size).toBe(124);
    expect([...after.values()].every((c) => c === 1)).toBe(true);
    expect([...busy, dropped].every((a) => after.get(a) === 1)).toBe(true);
    expect(unknown.every((a) => !after.has(a))).toBe(true);
    expect(repo.list({ status: 'failed' })).toEqual([]);
    expect(
      repo
        .list({ status: 'sent' })
        .filter((x) => [...busy, dropped].includes(x.recipient))
        .map((x) => [x.recipient, x.attempts]),
    ).toEqual(expect.arrayContaining([...busy, dropped].map((a) => [a, 2])));
  });

  test('the sends that end in one turn of the event loop share one commit: 126 sends on 5 lanes take 27 write transactions, not one per send; each send finds its own begin committed (sending, attempt 1)', async () => {
    const repo = deliveryRepoFor(db);
    const immediate = repo.immediate;
    let transactions = 0;
    repo.immediate = (fn) => {
      transactions++;
      return immediate(fn);
    };
    // A channel whose sends all end at once (the memory channel, 5 lanes): each turn, 5 records and 5 begins.
    const mem = createMemoryChannel({ name: 'email' });
    const seen: { status: string; attempts: number }[] = [];
    const probe = db.prepare('SELECT status, attempts FROM deliveries WHERE key = ? AND channel = ? AND recipient = ?');
    const channel = {
      ...mem,
      send: async (m: Parameters<typeof mem.send>[0]) => {
        const [key, ch, recipient] = m.key.split('|');
        seen.push(probe.get(key, ch, recipient) as { status: string; attempts: number });
        await mem.send(m);
      },
    };
    try {
      const r = await runTick({ db, catalog, config, channels: [channel], now: NINE, log: silentLog });
      expect(r).toMatchObject({ planned: 126, sent: 126, retried: 0, dead: 0, lostClaims: 0 });
    } finally {
      repo.immediate = immediate;
    }
    expect(mem.sent).toHaveLength(126);
    expect(seen).toHaveLength(126);
    expect(seen.every((x) => x.status === 'sending' && x.attempts === 1)).toBe(true);
    // Through repo.immediate: the decision, then 26 turns of 5 begins (126 = 25 × 5 + 1) each with the
    // records of the sends before them, then the last records (the claims take their own transactions).
    expect(transactions).toBe(1 + 27);
    const rows = createDeliveryRepo(db)
      .list()
      .filter((x) => x.channel === 'email');
    expect(rows.every((x) => x.status === 'sent' && x.attempts === 1 && x.claimedBy === null)).toBe(true);
  });
});
