import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createEmailChannel,
  createMemoryChannel,
  type EmailChannel,
  mailOptionsFor,
  parseMailFrom,
} from '../src/channels/index.ts';
import { messageIdFor, runTick, silentLog } from '../src/service/index.ts';
import { type Db, openStore } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtpServer.ts';

const FROM = '省泛珠办 <pprd@pprd.example.org>';
const JTT = '省交通运输厅';
const JTT_MAIL = 'sjtt@pprd.example.org';
const COORD = 'coordinator@pprd.example.org';

/** A header as mailparser read it (lower-case names). */
const header = (m: ParsedMail, name: string) => m.headers.get(name);

describe('mail headers administrators expect (RFC 3834, RFC 5322), read back by mailparser from a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let db: Db;
  let channel: EmailChannel;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    channel = createEmailChannel({ smtpUrl: smtp.url, from: FROM, name: 'mail.pprd.example.org' });
    db = openStore(':memory:');
  });
  afterEach(async () => {
    await channel.close();
    await smtp.close();
    db.close();
  });

  test('2020H1 of 省交通运输厅: the 7-day, due-day and 5-day-overdue reminders are automatic, on the sender domain and one thread; the escalation has no lone capitals', async () => {
    const catalog = importRealCatalog(db);
    const config = deliveryConfig({
      agencies: { [JTT]: [contact('张三', JTT_MAIL)] },
      coordinators: [contact('李四', COORD)],
    });
    for (const at of ['2020-06-23T09:00', '2020-06-30T09:00', '2020-07-07T09:00']) {
      const r = await runTick({ db, catalog, config, channels: [channel], now: shanghai(at), log: silentLog });
      expect(r.dead).toBe(0);
    }
    const toJtt = smtp.received.filter((m) => m.rcptTo[0] === JTT_MAIL).map((m) => m.parsed);
    expect(toJtt.map((m) => m.subject)).toEqual([
      '【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）',
      '【泛珠合作】2020年上半年泛珠合作事项半年报送：今天到期（2020-06-30 星期二截止）',
      '【泛珠合作】2020年上半年泛珠合作事项半年报送：已逾期 7 天（2020-06-30 星期二截止）',
    ]);
    const esc = smtp.received.filter((m) => m.rcptTo[0] === COORD).map((m) => m.parsed);
    expect(esc.map((m) => m.subject)).toEqual([
      '【泛珠合作·督办】2020年上半年泛珠合作事项半年报送：以下 63 个单位逾期 5 个工作日仍未报送',
    ]);

    for (const m of [...toJtt, ...esc]) {
      expect(header(m, 'auto-submitted')).toBe('auto-generated');
      expect(header(m, 'x-auto-response-suppress')).toBe('All');
      expect(m.messageId).toMatch(/^<[0-9a-f]{64}@pprd\.example\.org>$/);
      // rspamd SUBJ_ALL_CAPS: a Chinese subject whose only Latin letters are capitals (`H1`, `T5`).
      expect(/[A-Z]/.test(m.subject ?? '') && !/[a-z]/.test(m.subject ?? '')).toBe(false);
    }
    // The left part is the stored delivery hash: a resend keeps its Message-ID.
    expect(toJtt[0].messageId).toBe(
      messageIdFor(`half-yearly/2020H1/${JTT}/before/7|email|${JTT_MAIL}`).replace(
        '@pprd-reminder>',
        '@pprd.example.org>',
      ),
    );
    expect(new Set(toJtt.map((m) => m.messageId)).size).toBe(3);
    // One thread: the same root, not any message's own id, in In-Reply-To and References.
    const root = toJtt[0].inReplyTo;
    expect(root).toMatch(/^<thread-[0-9a-f]{40}@pprd\.example\.org>$/);
    for (const m of toJtt) {
      expect(m.inReplyTo).toBe(root);
      expect(m.references).toBe(root);
    }
    // The escalation threads on its round, not on one agency's thread.
    expect(esc[0].inReplyTo).toMatch(/^<thread-[0-9a-f]{40}@pprd\.example\.org>$/);
    expect(esc[0].inReplyTo).not.toBe(root);
    // SMTP_NAME is the EHLO name.
    expect(new Set(smtp.received.map((m) => m.ehlo))).toEqual(new Set(['mail.pprd.example.org']));
  });

  test('a digest is automatic but in no thread; the English subject keeps its words', async () => {
    const catalog = importRealCatalog(db);
    const config = deliveryConfig({
      coordinators: [contact('Li Si', COORD, { language: 'en' })],
      digests: [{ id: 'weekly', audience: 'coordinators', schedule: '0 9 * * 1' }],
    });
    const r = await runTick({
      db,
      catalog,
      config,
      channels: [channel],
      now: shanghai('2020-06-22T09:00'),
      log: silentLog,
    });
    expect(r.sent).toBe(1);
    const m = smtp.received[0].parsed;
    expect(m.subject).toMatch(/^\[PPRD\] Weekly digest 2020-06-22: /);
    expect(header(m, 'auto-submitted')).toBe('auto-generated');
    expect(header(m, 'x-auto-response-suppress')).toBe('All');
    expect(m.inReplyTo).toBeUndefined();
    expect(m.references).toBeUndefined();
  });

  test('mailOptionsFor (the raw nodemailer peer of the bench) sends the very message the channel sends: the same bytes but for the MIME boundaries', async () => {
    const catalog = importRealCatalog(db);
    const config = deliveryConfig({ agencies: { [JTT]: [contact('张三', JTT_MAIL)] } });
    const now = shanghai('2020-06-23T09:00');
    const mem = createMemoryChannel({ name: 'email' });
    const memDb = openStore(':memory:');
    importRealCatalog(memDb);
    await runTick({ db: memDb, catalog, config, channels: [mem], now, log: silentLog });
    memDb.close();
    await runTick({ db, catalog, config, channels: [channel], now, log: silentLog });
    expect(mem.sent).toHaveLength(1);
    const raw = nodemailer.createTransport({ url: smtp.url, name: 'mail.pprd.example.org' });
    await raw.sendMail(mailOptionsFor(mem.sent[0], parseMailFrom(FROM), 'pprd.example.org'));
    raw.close();
    const [viaChannel, viaRaw] = smtp.received.map((m) => {
      const text = m.raw.toString('utf8');
      const boundaries = [...new Set([...text.matchAll(/boundary="([^"]+)"/g)].map((b) => b[1]))];
      return boundaries.reduce((t, b, i) => t.split(b).join(`BOUNDARY-${i}`), text);
    });
    expect(smtp.received.map((m) => m.rcptTo)).toEqual([[JTT_MAIL], [JTT_MAIL]]);
    expect(viaRaw).toBe(viaChannel);
    expect(smtp.received[1].parsed.subject).toBe(
      '【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）',
    );
    expect(smtp.received[1].parsed.attachments.map((a) => a.filename)).toEqual(['half-yearly-2020H1.ics']);
  });

  test('a bad SMTP_NAME is refused before anything is sent, naming the variable and the fix', () => {
    expect(() => createEmailChannel({ smtpUrl: smtp.url, from: FROM, name: 'mail host\r\nX-Evil: 1' })).toThrow(
      /^SMTP_NAME "mail host\\r\\nX-Evil: 1" is not a host name — fix: set SMTP_NAME/,
    );
    expect(smtp.received).toHaveLength(0);
  });
});
