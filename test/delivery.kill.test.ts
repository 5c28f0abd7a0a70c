import { expect, test } from 'vitest';
import { messageIdOnDomain } from '../src/channels/email/index.ts';
import { messageIdFor } from '../src/service/index.ts';
import { createDeliveryRepo } from '../src/store/index.ts';
import { importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer } from './helpers/smtpServer.ts';
import { tempDb } from './helpers/tempDb.ts';
import { tsxChild } from './helpers/tsxChild.ts';

/** Runs the tick worker as a child process (node with tsx's loader) on the database file. */
function worker(env: Record<string, string>) {
  return tsxChild('test/helpers/tickWorker.ts', env);
}

test('SIGKILL in the middle of a batch, then a restart: every reminder arrives, a duplicate only with its own Message-ID', async () => {
  const t = tempDb();
  // Each 250 comes 40 ms after the server has the message: a kill then leaves accepted-but-unrecorded sends.
  const smtp = await startSmtpServer(0, { acceptDelayMs: 40 });
  try {
    importRealCatalog(t.db);
    const env = { PPRD_DB: t.path, SMTP_URL: smtp.url, TICK_NOW: shanghai('2020-06-23T09:00') };

    const first = worker(env);
    await smtp.waitFor(10, 60_000);
    first.child.kill('SIGKILL');
    const ended = await first.exited;
    expect(ended.signal).toBe('SIGKILL');
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(63);
    const repo = createDeliveryRepo(t.db);
    const counts = repo.counts();
    // The killed tick left claims behind (rows still `sending`) and had not finished the batch.
    expect(counts.sent).toBeLessThan(63);
    expect(counts.sending).toBeGreaterThan(0);

    const second = worker(env);
    const done = await second.exited;
    expect(done.code, second.err()).toBe(0);
    expect(repo.counts()).toMatchObject({ sent: 63, sending: 0, pending: 0, failed: 0, dead: 0 });
    const result = JSON.parse(second.out().trim().split('\n').pop()!) as { sent: number; planned: number };
    // The restart decides nothing new (the killed tick had decided everything) and sends what was left.
    expect(result).toMatchObject({ planned: 0, sent: 63 - counts.sent });

    // Every contact got its reminder; a contact who got it twice got it with one and the same Message-ID.
    const byRecipient = new Map<string, string[]>();
    for (const m of smtp.received) {
      const to = m.rcptTo[0];
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), m.parsed.messageId ?? '']);
    }
    expect(byRecipient.size).toBe(63);
    for (const [to, ids] of byRecipient) {
      expect(ids.length).toBeLessThanOrEqual(2);
      const agencyKey = repo.list({ status: 'sent' }).find((r) => r.recipient === to)!.key;
      // The worker sends as the default MAIL_FROM (pprd@localhost): Message-IDs stand on its domain.
      expect(new Set(ids)).toEqual(new Set([messageIdOnDomain(messageIdFor(`${agencyKey}|email|${to}`), 'localhost')]));
    }
    const duplicates = [...byRecipient.values()].filter((ids) => ids.length === 2).length;
    // Only sends in flight at the kill (2 connections) can be repeated.
    expect(duplicates).toBeLessThanOrEqual(2);
    expect(smtp.received.length).toBe(63 + duplicates);
  } finally {
    await smtp.close();
    t.cleanup();
  }
}, 120_000);
