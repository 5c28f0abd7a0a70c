import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { type Channel, createMemoryChannel, type MemoryChannel, type OutgoingMessage } from '../src/channels/index.ts';
import type { Config } from '../src/config/types.ts';
import { processStartTicks } from '../src/service/claimOwner.ts';
import { claimOwner, type Log, messageIdFor, runTick, silentLog, THIS_PROCESS } from '../src/service/index.ts';
import { createDeliveryRepo, type Db } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { tempDb } from './helpers/tempDb.ts';

/** A tick left hanging on purpose (its sends never come back): it fails once the test closes its database, which is no part of the test. */
function abandon(tick: Promise<unknown>): void {
  tick.catch(() => {});
}

const JTT = '省交通运输厅';
const FGW = '省发展改革委';
const key7 = (agency: string) => `half-yearly/2020H1/${agency}/before/7`;
const NINE = shanghai('2020-06-23T09:00');

function twoContacts(): Config {
  return deliveryConfig({
    agencies: {
      [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')],
      [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
    },
    coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org')],
  });
}

/** A log that keeps each event. */
function memoryLog() {
  const events: Record<string, unknown>[] = [];
  const log: Log = { info: (o) => events.push(o), warn: (o) => events.push(o), error: (o) => events.push(o) };
  return { log, events };
}

let t: ReturnType<typeof tempDb>;
let db: Db;
let catalog: Catalog;
beforeEach(() => {
  t = tempDb();
  db = t.db;
  catalog = importRealCatalog(db);
});
afterEach(() => t.cleanup());

describe('a write lock held past the busy timeout in the middle of a batch (issue 17 item 3)', () => {
  /**
   * An email channel whose first send makes another connection (another process's writer) take the
   * write lock for `holdMs`; each send takes `sendMs`.
   */
  function lockingChannel(other: Db, holdMs: number, sendMs = 0) {
    const sent: OutgoingMessage[] = [];
    let locked = false;
    const channel: Channel = {
      name: 'email',
      canReach: (to) => Boolean(to.email),
      async send(m) {
        if (!locked) {
          locked = true;
          other.exec('BEGIN IMMEDIATE');
          setTimeout(() => other.exec('COMMIT'), holdMs);
        }
        if (sendMs) await new Promise((r) => setTimeout(r, sendMs));
        sent.push(m);
      },
      close: async () => {},
    };
    return { channel, sent };
  }

  test('the tick waits for the lock: both reminders sent once and recorded sent, none left sending, nothing reported failed', async () => {
    db.pragma('busy_timeout = 50');
    const other = t.open();
    const { channel, sent } = lockingChannel(other, 700);
    const m = memoryLog();
    const r = await runTick({
      db,
      catalog,
      config: twoContacts(),
      channels: [channel],
      now: NINE,
      log: m.log,
      batchSize: 1,
      concurrency: 1,
    });
    expect(r).toMatchObject({ sent: 2, retried: 0, dead: 0, lostClaims: 0 });
    expect(sent.map((x) => x.to.email).sort()).toEqual(['sfgw@pprd.example.org', 'sjtt@pprd.example.org']);
    const repo = createDeliveryRepo(db);
    expect(repo.counts()).toMatchObject({ sent: 2, sending: 0, pending: 0, failed: 0 });
    expect(repo.list({ status: 'sent' }).map((x) => [x.key, x.attempts])).toEqual([
      [key7(FGW), 1],
      [key7(JTT), 1],
    ]);
    // It said why it waited; it never said the tick failed.
    expect(m.events.filter((e) => e.event === 'db-locked').length).toBeGreaterThan(0);
    expect(m.events.some((e) => e.event === 'tick_failed')).toBe(false);
  });

  test('a lock held past the tick’s patience fails the tick only after the send in flight is recorded sent', async () => {
    db.pragma('busy_timeout = 50');
    const other = t.open();
    // The lock is held 1.2 s; the first send takes 1 s; the tick waits at most 0.4 s for a claim.
    const { channel, sent } = lockingChannel(other, 1200, 1000);
    const repo = createDeliveryRepo(db);
    const failed = await runTick({
      db,
      catalog,
      config: twoContacts(),
      channels: [channel],
      now: NINE,
      log: silentLog,
      batchSize: 1,
      concurrency: 1,
      leaseMs: 400,
    }).then(
      () => null,
      (err: Error & { code?: string }) => ({
        code: err.code,
        message: err.message,
        rows: repo
          .list()
          .filter((x) => x.channel === 'email')
          .map((x) => [x.key, x.status]),
      }),
    );
    expect(failed).toEqual({
      code: 'SQLITE_BUSY',
      message: 'database is locked',
      // At the moment the tick reported its failure: the message the server accepted is recorded, the other was never claimed.
      rows: [
        [key7(FGW), 'sent'],
        [key7(JTT), 'pending'],
      ],
    });
    expect(sent.map((x) => x.to.email)).toEqual(['sfgw@pprd.example.org']);
  });
});

describe('stale claims: a claimant that is not this live process (issue 17 item 3)', () => {
  const hang: Channel = {
    name: 'email',
    canReach: (to) => Boolean(to.email),
    send: () => new Promise<void>(() => {}),
    close: async () => {},
  };

  test('same host and pid but another instance id (a restarted container, PID 1 again): taken over at once, lease or not', async () => {
    const config = twoContacts();
    // The previous process of this container: same host, same pid, another instance; its sends never came back.
    abandon(
      runTick({
        db,
        catalog,
        config,
        channels: [hang],
        now: NINE,
        log: silentLog,
        owner: claimOwner('old', { ...THIS_PROCESS, instance: 'deadbeef' }),
      }),
    );
    const repo = createDeliveryRepo(db);
    expect(repo.list({ status: 'sending' }).map((x) => x.claimedBy?.split('|').slice(1, 3))).toEqual([
      [String(process.pid), 'deadbeef'],
      [String(process.pid), 'deadbeef'],
    ]);
    const mem = createMemoryChannel({ name: 'email' });
    const r = await runTick({ db, catalog, config, channels: [mem], now: NINE, log: silentLog });
    expect(r).toMatchObject({ sent: 2, lostClaims: 0 });
    expect(mem.sent.map((x) => x.messageId).sort()).toEqual(
      [
        messageIdFor(`${key7(FGW)}|email|sfgw@pprd.example.org`),
        messageIdFor(`${key7(JTT)}|email|sjtt@pprd.example.org`),
      ].sort(),
    );
  });

  test('another tick of this very process is live: left alone until its lease ends', async () => {
    const config = twoContacts();
    abandon(runTick({ db, catalog, config, channels: [hang], now: NINE, log: silentLog, owner: claimOwner('first') }));
    const mem = createMemoryChannel({ name: 'email' });
    expect(await runTick({ db, catalog, config, channels: [mem], now: NINE, log: silentLog })).toMatchObject({
      sent: 0,
    });
    expect(
      await runTick({
        db,
        catalog,
        config,
        channels: [mem],
        now: NINE,
        log: silentLog,
        wallClock: () => Date.now() + 11 * 60_000,
      }),
    ).toMatchObject({ sent: 2 });
  });

  test('a pid now held by another process (started at another time): stale at once; the same live process: not', async () => {
    const config = twoContacts();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      await new Promise((r) => child.once('spawn', r));
      const realTicks = processStartTicks(pid);
      expect(realTicks).toMatch(/^\d+$/);

      // The claimant recorded this pid with its own start time, which is not the live process's.
      abandon(
        runTick({
          db,
          catalog,
          config,
          channels: [hang],
          now: NINE,
          log: silentLog,
          owner: claimOwner('old', {
            ...THIS_PROCESS,
            pid,
            instance: 'cafebabe',
            startTicks: String(Number(realTicks) - 500),
          }),
        }),
      );
      const mem = createMemoryChannel({ name: 'email' });
      expect(await runTick({ db, catalog, config, channels: [mem], now: NINE, log: silentLog })).toMatchObject({
        sent: 2,
      });

      // The claimant is that live process (same pid, same start): its claim holds.
      const t2 = tempDb();
      try {
        const cat2 = importRealCatalog(t2.db);
        abandon(
          runTick({
            db: t2.db,
            catalog: cat2,
            config,
            channels: [hang],
            now: NINE,
            log: silentLog,
            owner: claimOwner('live', { ...THIS_PROCESS, pid, instance: 'cafebabe', startTicks: realTicks }),
          }),
        );
        const mem2 = createMemoryChannel({ name: 'email' });
        expect(
          await runTick({ db: t2.db, catalog: cat2, config, channels: [mem2], now: NINE, log: silentLog }),
        ).toMatchObject({ sent: 0 });
      } finally {
        t2.cleanup();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('attempts and retry timing (issue 17 item 7)', () => {
  let mem: MemoryChannel;
  beforeEach(() => {
    mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
  });

  test('a 2-minute retry after a failure at 09:00:00.350 is due at 09:02:00 and taken by the 09:02:00.200 tick', async () => {
    const config = twoContacts();
    mem.failNext({ kind: 'temporary', detail: 421, to: 'sjtt@pprd.example.org' });
    const r1 = await runTick({
      db,
      catalog,
      config,
      channels: [mem],
      now: '2020-06-23T09:00:00.350+08:00',
      log: silentLog,
    });
    expect(r1).toMatchObject({ sent: 1, retried: 1 });
    const repo = createDeliveryRepo(db);
    expect(repo.list({ key: key7(JTT) })).toMatchObject([
      { status: 'failed', attempts: 1, nextAttemptAt: '2020-06-23T01:02:00.000Z' },
    ]);
    const early = await runTick({
      db,
      catalog,
      config,
      channels: [mem],
      now: '2020-06-23T09:01:59.999+08:00',
      log: silentLog,
    });
    expect(early.sent).toBe(0);
    const r2 = await runTick({
      db,
      catalog,
      config,
      channels: [mem],
      now: '2020-06-23T09:02:00.200+08:00',
      log: silentLog,
    });
    expect(r2.sent).toBe(1);
    expect(repo.list({ key: key7(JTT) })).toMatchObject([
      { status: 'sent', attempts: 2, sentAt: '2020-06-23T01:02:00.200Z' },
    ]);
  });

  test('a claim left by a process that died before sending is no attempt: the first real failure retries after 2 minutes, not 4', async () => {
    const config = twoContacts();
    const repo = createDeliveryRepo(db);
    const to = 'sjtt@pprd.example.org';
    // What a tick that decided and claimed, then died before its send, leaves behind.
    repo.insert(
      [
        {
          key: key7(JTT),
          channel: 'email',
          recipient: to,
          source: 'reminder',
          occurrenceKey: `half-yearly/2020H1/${JTT}`,
          agency: JTT,
          plannedAt: NINE,
          status: 'pending',
          messageId: messageIdFor(`${key7(JTT)}|email|${to}`),
        },
      ],
      '2020-06-23T01:00:00.000Z',
    );
    const dead = claimOwner('died', { ...THIS_PROCESS, instance: 'deadbeef' });
    expect(
      repo.claim({
        now: '2020-06-23T01:00:00.000Z',
        owner: dead,
        leaseUntil: Date.now() + 600_000,
        isStale: () => false,
      }),
    ).toMatchObject([{ attempts: 0 }]);

    mem.failNext({ kind: 'temporary', detail: 421, to });
    const r = await runTick({ db, catalog, config, channels: [mem], now: NINE, log: silentLog });
    expect(r).toMatchObject({ sent: 1, retried: 1 });
    expect(repo.list({ key: key7(JTT) })).toMatchObject([
      {
        status: 'failed',
        attempts: 1,
        firstAttemptAt: '2020-06-23T01:00:00.000Z',
        nextAttemptAt: '2020-06-23T01:02:00.000Z',
      },
    ]);
  });
});
