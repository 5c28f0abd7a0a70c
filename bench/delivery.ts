import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodemailer, { type SMTPPoolOptions } from 'nodemailer';
import { parseDocument } from '../src/catalog/index.ts';
import { createEmailChannel, createMemoryChannel, type OutgoingMessage } from '../src/channels/index.ts';
import { type Contact, loadDirectory, parseConfig } from '../src/config/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { importCatalog, openStore } from '../src/store/index.ts';
import { startSmtpServer } from '../test/helpers/smtpServer.ts';
import { tempDir } from '../test/helpers/tempDb.ts';
import type { BenchResult } from './plan.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * Delivery throughput (issue 4, `npm run bench`): the 2020H1 seven-day reminders of the real catalog,
 * `perAgency` contacts per agency (default 4: 252 messages), sent by `runTick` (claim in SQLite on a
 * file database, render, pooled SMTP with 5 connections, record each outcome) to a loopback
 * `smtp-server`, next to raw nodemailer sending the very same rendered messages through the same kind
 * of pool to the same server. The ratio engine / raw is the figure: the cost of exactly-once.
 * Wall time via `performance.now()`.
 */
export async function benchDelivery(perAgency = 4): Promise<BenchResult[]> {
  const { directory } = loadDirectory(root('config/agencies.yaml'));
  const text = readFileSync(root('seeds/yuefu-2017-8-pprd-implementation-opinions.txt'), 'utf8');
  const parsed = parseDocument(text, directory);
  const base = parseConfig(root('config'), { catalog: parsed, env: {} });
  const agencies: Record<string, Contact[]> = {};
  let n = 0;
  for (const a of parsed.agencies.filter((x) => !x.group)) {
    agencies[a.name] = Array.from({ length: perAgency }, (_, i) => ({ name: `${a.name}联络人${i + 1}`, email: `c${++n}@pprd.example.org`, language: 'zh-CN' as const }));
  }
  const config = { ...base, digests: [], contacts: { agencies, coordinators: [] } };
  const now = '2020-06-23T09:00:00+08:00';
  const t = tempDir('pprd-bench-');
  const smtp = await startSmtpServer();
  try {
    // Rendered messages, for the raw baseline (a memory channel records what the engine would send).
    const memDb = openStore(':memory:');
    importCatalog(memDb, parsed, { sha256: 'bench', file: 'bench', importedAt: now });
    const mem = createMemoryChannel({ name: 'email' });
    await runTick({ db: memDb, catalog: parsed, config, channels: [mem], now, log: silentLog });
    memDb.close();
    const messages: OutgoingMessage[] = mem.sent;

    const db = openStore(`${t.dir}/bench.sqlite`);
    importCatalog(db, parsed, { sha256: 'bench', file: 'bench', importedAt: now });
    const email = createEmailChannel({ smtpUrl: smtp.url, pool: { maxConnections: 5 } });
    // Steady state: an earlier tick (08:00) has recorded the years of old reminders as skipped, as a
    // running service would have; the measured tick then decides, claims, sends and records the 252.
    await runTick({ db, catalog: parsed, config, channels: [email], now: '2020-06-23T08:00:00+08:00', log: silentLog });
    // Warm the server and both senders' code paths with a few raw sends first.
    const raw = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 } as SMTPPoolOptions & { pool: true });
    const send = (m: OutgoingMessage) =>
      raw.sendMail({ from: 'pprd-reminder <pprd@localhost>', to: { name: m.to.name, address: m.to.email! }, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, attachments: m.attachments });
    await Promise.all(messages.slice(0, 20).map(send));
    let start = performance.now();
    const result = await runTick({ db, catalog: parsed, config, channels: [email], now, log: silentLog });
    const engineMs = performance.now() - start;
    await email.close();
    db.close();

    start = performance.now();
    await Promise.all(messages.map(send));
    const rawMs = performance.now() - start;
    raw.close();
    const engine = (result.sent / engineMs) * 1000;
    const rawRate = (messages.length / rawMs) * 1000;
    return [
      { name: `delivery: runTick, ${result.sent} reminders, pooled SMTP (claim + render + send + record)`, ops: result.sent, perSecond: Math.round(engine) },
      { name: `delivery: raw nodemailer pool, same ${messages.length} messages`, ops: messages.length, perSecond: Math.round(rawRate) },
      { name: 'delivery: engine / raw throughput (%)', ops: 1, perSecond: Math.round((engine / rawRate) * 100) },
    ];
  } finally {
    await smtp.close();
    t.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await benchDelivery()) console.log(`${r.name}: ${r.perSecond}/s (${r.ops})`);
}
