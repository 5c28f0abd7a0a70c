import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type SMTPPoolOptions } from 'nodemailer';
import {
  createEmailChannel,
  createMemoryChannel,
  DEFAULT_MAIL_FROM,
  mailOptionsFor,
  type OutgoingMessage,
  parseMailFrom,
} from '../src/channels/index.ts';
import type { Contact } from '../src/config/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { importCatalog, openStore } from '../src/store/index.ts';
import { tempDir } from '../test/helpers/tempDb.ts';
import { realInputs } from './plan.ts';
import { type Figure, summarize } from './stats.ts';

/**
 * What {@link benchDelivery} measured: messages per second of each round, and engine/raw per pair; CPU
 * ms per message of the sending process (user + system, `process.cpuUsage`) in each round, and of the
 * SMTP server's process.
 */
export interface DeliveryFigures {
  messages: number;
  engine: Figure;
  raw: Figure;
  /** engine ÷ raw throughput (%) of each alternating pair. */
  ratio: Figure;
  /** CPU ms per message in the sender's process: the engine's rounds, the raw peer's. */
  engineCpuMs: Figure;
  rawCpuMs: Figure;
  /** CPU ms per message of the SMTP server's process, over the engine's rounds and over the raw peer's. */
  serverCpuMs: { engine: Figure; raw: Figure };
  /** Bytes the server received per message (DATA), engine's rounds and raw peer's: the same messages. */
  bytesPerMessage: { engine: number; raw: number };
}

/** The SMTP server of the bench in its own node process (bench/smtpSink.mjs), and its counts per round. */
async function startSinkProcess(): Promise<{
  url: string;
  stats(): Promise<{ messages: number; bytes: number; cpuMs: number }>;
  close(): Promise<void>;
}> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./smtpSink.mjs', import.meta.url)), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench: the SMTP server child exited ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const { port } = await next<{ port: number }>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    stats() {
      const reply = next<{ messages: number; bytes: number; cpuMs: number }>();
      child.send('stats');
      return reply;
    },
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      });
    },
  };
}

/**
 * Email delivery against its peer (issue 11): the 2020H1 seven-day reminders of the real catalog,
 * `perAgency` contacts per agency (default 4: 252 messages), sent by `runTick` (decide, claim in
 * SQLite on a file database, render, pooled SMTP with 5 connections, record each outcome) and by a raw
 * nodemailer pool (5 connections, every message handed to it at once) sending the very same messages
 * (the nodemailer options the email channel builds, `mailOptionsFor`, from the messages the engine
 * rendered), to one `smtp-server` on loopback in ITS OWN PROCESS (bench/smtpSink.mjs: a real server is
 * never in the sender's process; it reads each DATA and answers 250). Both pools are created once and
 * warmed first; engine and raw rounds alternate (`rounds` pairs, which one goes first alternating too),
 * each engine round on its own copy of a store in which an 08:00 tick has already recorded the old
 * reminders, with the plan computed beforehand as the service caches it and the service's `decidedBefore`
 * (reminders before the 08:00 tick less the catch-up window are known decided). Throughput is wall time; the
 * CPU of each side is measured too (on a shared machine, the figure that load changes least).
 * @throws when a round does not deliver every message, or the server child dies.
 */
export async function benchDelivery(rounds = 7, perAgency = 4): Promise<DeliveryFigures> {
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
  const smtp = await startSinkProcess();
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
    const from = parseMailFrom(DEFAULT_MAIL_FROM);
    const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
    const send = (m: OutgoingMessage) => raw.sendMail(mailOptionsFor(m, from, domain));

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
    // What the service passes after its 08:00 tick on the same plan (serve.ts): only reminders after
    // that tick, less the catch-up window, are checked against the store.
    const decidedBefore = Date.parse('2020-06-23T08:00:00+08:00') - config.delivery.catchUpDays * 86_400_000;

    // Warm both pools (connections open, code paths compiled) on a throw-away round each.
    type Round = { rate: number; cpuMs: number; server: { messages: number; bytes: number; cpuMs: number } };
    const engineRound = async (i: number): Promise<Round> => {
      const file = join(t.dir, `round-${i}.sqlite`);
      copyFileSync(seed, file);
      const db = openStore(file);
      await smtp.stats(); // the server's counts from here
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await runTick({
        db,
        catalog: parsed,
        config,
        channels: [email],
        now,
        plan,
        decidedBefore,
        log: silentLog,
      });
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      db.close();
      const server = await smtp.stats();
      if (result.sent !== messages.length || server.messages !== messages.length)
        throw new Error(
          `bench: the engine sent ${result.sent} of ${messages.length}, the server got ${server.messages}`,
        );
      return { rate: (result.sent / ms) * 1000, cpuMs: (used.user + used.system) / 1000 / result.sent, server };
    };
    const rawRound = async (): Promise<Round> => {
      await smtp.stats();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await Promise.all(messages.map(send));
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const server = await smtp.stats();
      if (server.messages !== messages.length)
        throw new Error(`bench: the raw peer sent ${messages.length}, the server got ${server.messages}`);
      return { rate: (messages.length / ms) * 1000, cpuMs: (used.user + used.system) / 1000 / messages.length, server };
    };
    await engineRound(-1);
    await rawRound();
    const e: Round[] = [];
    const r: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always meets a server just warmed by the other.
      if (i % 2) {
        e.push(await engineRound(i));
        r.push(await rawRound());
      } else {
        r.push(await rawRound());
        e.push(await engineRound(i));
      }
    }
    const perMessage = (x: Round[], f: (s: Round['server']) => number) =>
      summarize(x.map((y) => f(y.server) / messages.length));
    return {
      messages: messages.length,
      engine: summarize(e.map((x) => x.rate)),
      raw: summarize(r.map((x) => x.rate)),
      ratio: summarize(e.map((x, i) => (x.rate / r[i].rate) * 100)),
      engineCpuMs: summarize(e.map((x) => x.cpuMs)),
      rawCpuMs: summarize(r.map((x) => x.cpuMs)),
      serverCpuMs: { engine: perMessage(e, (s) => s.cpuMs), raw: perMessage(r, (s) => s.cpuMs) },
      bytesPerMessage: {
        engine: perMessage(e, (s) => s.bytes).median,
        raw: perMessage(r, (s) => s.bytes).median,
      },
    };
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
