import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type SMTPPoolOptions } from 'nodemailer';
import { createEmailChannel, createMemoryChannel, type OutgoingMessage } from '../src/channels/index.ts';
import type { Contact } from '../src/config/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { importCatalog, openStore } from '../src/store/index.ts';
import { startSmtpServer } from '../test/helpers/smtpServer.ts';
import { tempDir } from '../test/helpers/tempDb.ts';
import { realInputs } from './plan.ts';
import { type Figure, summarize } from './stats.ts';

/** What {@link benchDelivery} measured: messages per second of each round, and engine/raw per pair. */
export interface DeliveryFigures {
  messages: number;
  engine: Figure;
  raw: Figure;
  /** engine ÷ raw throughput (%) of each alternating pair. */
  ratio: Figure;
}

/**
 * Email delivery against its peer (issue 11): the 2020H1 seven-day reminders of the real catalog,
 * `perAgency` contacts per agency (default 4: 252 messages), sent by `runTick` (decide, claim in
 * SQLite on a file database, render, pooled SMTP with 5 connections, record each outcome) and by a raw
 * nodemailer pool (5 connections) sending the very same rendered messages, to one loopback
 * `smtp-server`. Both pools are created once and warmed first; engine and raw rounds alternate
 * (`rounds` pairs), each engine round on its own copy of a store in which an 08:00 tick has already
 * recorded the old reminders, with the plan computed beforehand as the service caches it.
 */
export async function benchDelivery(rounds = 5, perAgency = 4): Promise<DeliveryFigures> {
  const { catalog: parsed, config: base } = realInputs();
  const agencies: Record<string, Contact[]> = {};
  let n = 0;
  for (const a of parsed.agencies.filter((x) => !x.group)) {
    agencies[a.name] = Array.from({ length: perAgency }, (_, i) => ({
      name: `${a.name}联络人${i + 1}`,
      email: `c${++n}@pprd.example.org`,
      language: 'zh-CN' as const,
    }));
  }
  const config = { ...base, digests: [], contacts: { agencies, coordinators: [] } };
  const now = '2020-06-23T09:00:00+08:00';
  const t = tempDir('pprd-bench-');
  const smtp = await startSmtpServer();
  const email = createEmailChannel({ smtpUrl: smtp.url, pool: { maxConnections: 5 } });
  const raw = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 } as SMTPPoolOptions & {
    pool: true;
  });
  try {
    const plan = planSchedule({
      catalog: parsed,
      config,
      calendar: createCalendar(config.holidays, config.timezone),
      now,
    });
    // Rendered messages, for the raw peer (a memory channel records what the engine would send).
    const memDb = openStore(':memory:');
    importCatalog(memDb, parsed, { sha256: 'bench', file: 'bench', importedAt: now });
    const mem = createMemoryChannel({ name: 'email' });
    await runTick({ db: memDb, catalog: parsed, config, channels: [mem], now, plan, log: silentLog });
    memDb.close();
    const messages: OutgoingMessage[] = mem.sent;
    const send = (m: OutgoingMessage) =>
      raw.sendMail({
        from: 'pprd-reminder <pprd@localhost>',
        to: { name: m.to.name, address: m.to.email! },
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        attachments: m.attachments,
      });

    // One store in steady state (an 08:00 tick recorded the years of old reminders), copied per round.
    const seed = join(t.dir, 'seed.sqlite');
    const seedDb = openStore(seed);
    importCatalog(seedDb, parsed, { sha256: 'bench', file: 'bench', importedAt: now });
    await runTick({
      db: seedDb,
      catalog: parsed,
      config,
      channels: [mem],
      now: '2020-06-23T08:00:00+08:00',
      plan,
      log: silentLog,
    });
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();

    // Warm both pools (connections open, code paths compiled) on a throw-away round each.
    const engineRound = async (i: number): Promise<number> => {
      const file = join(t.dir, `round-${i}.sqlite`);
      copyFileSync(seed, file);
      const db = openStore(file);
      const start = performance.now();
      const result = await runTick({ db, catalog: parsed, config, channels: [email], now, plan, log: silentLog });
      const ms = performance.now() - start;
      db.close();
      if (result.sent !== messages.length)
        throw new Error(`bench: the engine sent ${result.sent} of ${messages.length}`);
      return (result.sent / ms) * 1000;
    };
    const rawRound = async (): Promise<number> => {
      const start = performance.now();
      await Promise.all(messages.map(send));
      return (messages.length / (performance.now() - start)) * 1000;
    };
    await engineRound(-1);
    await rawRound();
    const engine: number[] = [];
    const rawRates: number[] = [];
    const ratio: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always meets a server just warmed by the other.
      const [e, r] =
        i % 2
          ? [await engineRound(i), await rawRound()]
          : await rawRound().then(async (r0) => [await engineRound(i), r0]);
      engine.push(e);
      rawRates.push(r);
      ratio.push((e / r) * 100);
    }
    return { messages: messages.length, engine: summarize(engine), raw: summarize(rawRates), ratio: summarize(ratio) };
  } finally {
    await email.close();
    raw.close();
    await smtp.close();
    t.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchDelivery(), null, 1));
}
