import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createEmailChannel, DeliveryError, type EmailChannel, type OutgoingMessage } from '../src/channels/index.ts';
import { messageIdFor, runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, type Db, openStore } from '../src/store/index.ts';
import { setEnv } from './helpers/cliInProcess.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { plus, shanghai } from './helpers/fixedClock.ts';
import { startSmtpServer, type TestSmtpServer, unusedPort } from './helpers/smtpServer.ts';
import { tempDir } from './helpers/tempDb.ts';

const FROM = '省泛珠办 提醒 <pprd@pprd.example.org>';

function message(key: string, over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    key,
    messageId: messageIdFor(key),
    to: { name: '张三, 省交通运输厅', email: 'sjtt@pprd.example.org', language: 'zh-CN' },
    subject: '【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天',
    text: '纯文本正文',
    html: '<p>网页正文</p>',
    ...over,
  };
}

describe('email channel over a real SMTP server on 127.0.0.1', () => {
  let smtp: TestSmtpServer;
  let channel: EmailChannel;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    channel = createEmailChannel({ smtpUrl: smtp.url, from: FROM });
  });
  afterEach(async () => {
    await channel.close();
    await smtp.close();
  });

  test('a Chinese subject and a display name with a comma arrive exactly; text + HTML; Message-ID from the key', async () => {
    const m = message('half-yearly/2020H1/省交通运输厅/before/7|email|sjtt@pprd.example.org');
    await channel.send(m);
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0].parsed;
    expect(got.subject).toBe('【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天');
    const to = Array.isArray(got.to) ? got.to[0] : got.to;
    expect(to?.value).toEqual([{ name: '张三, 省交通运输厅', address: 'sjtt@pprd.example.org' }]);
    expect(got.from?.value).toEqual([{ name: '省泛珠办 提醒', address: 'pprd@pprd.example.org' }]);
    expect(got.text?.trim()).toBe('纯文本正文');
    expect(got.html).toContain('<p>网页正文</p>');
    // Stored on the engine's `@pprd-reminder`, sent on the sender's domain (rspamd MID_RHS_NOT_FQDN).
    expect(m.messageId).toMatch(/^<[0-9a-f]{64}@pprd-reminder>$/);
    expect(got.messageId).toBe(m.messageId.replace('@pprd-reminder>', '@pprd.example.org>'));
    expect(smtp.received[0].rcptTo).toEqual(['sjtt@pprd.example.org']);
    // The raw header is RFC 2047-encoded ASCII: no 8-bit bytes in the header block.
    const head = smtp.received[0].raw.toString('latin1').split('\r\n\r\n')[0];
    expect(/[^\x00-\x7f]/.test(head)).toBe(false);
  });

  test('SMTP 421 is temporary and 550 permanent, with the reply code as detail', async () => {
    smtp.script({ code: 421, message: 'try again later' });
    const e1 = await channel.send(message('k1')).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DeliveryError);
    expect((e1 as DeliveryError).kind).toBe('temporary');
    expect((e1 as DeliveryError).detail).toBe(421);
    smtp.script({ code: 550, message: 'mailbox unavailable' });
    const e2 = await channel.send(message('k2')).catch((e: unknown) => e);
    expect((e2 as DeliveryError).kind).toBe('permanent');
    expect((e2 as DeliveryError).detail).toBe(550);
    expect(smtp.received).toHaveLength(0);
  });

  test('an invalid address is permanent and never reaches the server', async () => {
    const e = await channel
      .send(message('k3', { to: { name: 'x', email: 'not an address', language: 'zh-CN' } }))
      .catch((x: unknown) => x);
    expect((e as DeliveryError).kind).toBe('permanent');
    expect((e as DeliveryError).detail).toBe('invalid-address');
    expect(smtp.replies).toEqual([]);
  });
});

test('connection refused is temporary', async () => {
  const port = await unusedPort();
  const channel = createEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, timeouts: { connection: 2000 } });
  const e = await channel.send(message('k4')).catch((x: unknown) => x);
  await channel.close();
  expect((e as DeliveryError).kind).toBe('temporary');
  expect((e as DeliveryError).detail).toBe('ECONNREFUSED');
});

test('without SMTP_URL each message is one .eml file in the outbox; a resend overwrites it', async () => {
  const t = tempDir();
  try {
    const outbox = join(t.dir, 'outbox');
    const channel = createEmailChannel({ outboxDir: outbox, from: FROM });
    expect(channel.mode).toBe('outbox');
    const m = message('half-yearly/2020H1/省交通运输厅/before/7|email|sjtt@pprd.example.org');
    await channel.send(m);
    await channel.send(m);
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}\.eml$/);
    const parsed = await simpleParser(readFileSync(join(outbox, files[0])));
    expect(parsed.subject).toBe(m.subject);
    expect(parsed.messageId).toBe(m.messageId.replace('@pprd-reminder>', '@pprd.example.org>'));
    await channel.close();
  } finally {
    t.cleanup();
  }
});

describe('reminders through runTick to a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let db: Db;
  let channel: EmailChannel;
  const T = shanghai('2020-06-23T09:00');
  const config = deliveryConfig({
    agencies: {
      省交通运输厅: [contact('张三, 交通联络人', 'sjtt@pprd.example.org')],
      省发展改革委: [contact('Li Si', 'sfgw@pprd.example.org', { language: 'en' })],
    },
  });
  beforeEach(async () => {
    smtp = await startSmtpServer();
    channel = createEmailChannel({ smtpUrl: smtp.url, from: FROM });
    db = openStore(':memory:');
  });
  afterEach(async () => {
    await channel.close();
    await smtp.close();
    db.close();
  });

  test('the 7-day reminder of 2020H1: facts in Chinese and English, the .ics at the right instant in any host TZ', async () => {
    const catalog = importRealCatalog(db);
    const oldTz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const r = await runTick({ db, catalog, config, channels: [channel], now: T, log: silentLog });
      expect(r.sent).toBe(2);
    } finally {
      setEnv({ TZ: oldTz }); // deleted again when it was unset
    }
    expect(smtp.received).toHaveLength(2);
    const byTo = new Map(smtp.received.map((m) => [m.rcptTo[0], m.parsed]));
    const zh = byTo.get('sjtt@pprd.example.org')!;
    expect(zh.subject).toBe('【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）');
    expect(zh.text).toContain('报送对象：省泛珠办');
    expect(zh.text).toContain('截止日期：2020-06-30（星期二），还有 7 天');
    expect(zh.text).toContain('  - 任务1 优化区域经济发展格局（配合）\n  - 任务7 共建现代化综合交通运输体系（牵头）\n');
    expect(zh.text).toContain('报送后，请告知省泛珠办登记为已报送，提醒即停止。');
    expect(zh.text).not.toContain('pprd submit');
    expect(zh.text).not.toContain('补发');
    expect(zh.messageId).toBe(
      messageIdFor('half-yearly/2020H1/省交通运输厅/before/7|email|sjtt@pprd.example.org').replace(
        '@pprd-reminder>',
        '@pprd.example.org>',
      ),
    );
    const en = byTo.get('sfgw@pprd.example.org')!;
    expect(en.subject).toBe('[PPRD] 泛珠合作事项半年报送, first half of 2020: 7 days left (due Tuesday 2020-06-30)');
    expect(en.text).toContain('Submit to: 省泛珠办');
    const ics = zh.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics?.filename).toBe('half-yearly-2020H1.ics');
    const icsText = ics!.content.toString('utf8');
    // The due date as a date, whatever TZ the host had.
    expect(icsText).toContain('DTSTART;VALUE=DATE:20200630');
    expect(icsText).not.toContain('DURATION');
  });

  test('a 421 first answer is retried after the backoff and delivered once', async () => {
    const catalog = importRealCatalog(db);
    smtp.script({ code: 421 });
    const cfg = deliveryConfig({ agencies: { 省交通运输厅: [contact('张三', 'sjtt@pprd.example.org')] } });
    const r1 = await runTick({ db, catalog, config: cfg, channels: [channel], now: T, log: silentLog });
    expect(r1).toMatchObject({ sent: 0, retried: 1, dead: 0 });
    const row = createDeliveryRepo(db).list({ status: 'failed' })[0];
    expect(row.lastError).toMatch(/^421 SMTP/);
    // First retry: retryBaseMinutes (2) after the failure.
    expect(row.nextAttemptAt).toBe('2020-06-23T01:02:00.000Z');
    const early = await runTick({
      db,
      catalog,
      config: cfg,
      channels: [channel],
      now: plus(T, { minutes: 1 }),
      log: silentLog,
    });
    expect(early.sent).toBe(0);
    const r2 = await runTick({
      db,
      catalog,
      config: cfg,
      channels: [channel],
      now: plus(T, { minutes: 2 }),
      log: silentLog,
    });
    expect(r2).toMatchObject({ sent: 1, retried: 0 });
    const r3 = await runTick({
      db,
      catalog,
      config: cfg,
      channels: [channel],
      now: plus(T, { minutes: 30 }),
      log: silentLog,
    });
    expect(r3.sent).toBe(0);
    expect(smtp.replies).toEqual([421, 250]);
    expect(smtp.received).toHaveLength(1);
    expect(createDeliveryRepo(db).list({ status: 'sent' })[0].attempts).toBe(2);
  });

  test('a 550 is dead after one try and never retried', async () => {
    const catalog = importRealCatalog(db);
    smtp.script({ code: 550, message: 'no such user' });
    const cfg = deliveryConfig({ agencies: { 省交通运输厅: [contact('张三', 'sjtt@pprd.example.org')] } });
    const r1 = await runTick({ db, catalog, config: cfg, channels: [channel], now: T, log: silentLog });
    expect(r1).toMatchObject({ sent: 0, retried: 0, dead: 1 });
    await runTick({ db, catalog, config: cfg, channels: [channel], now: plus(T, { hours: 1 }), log: silentLog });
    expect(smtp.replies).toEqual([550]);
    const dead = createDeliveryRepo(db).list({ status: 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      key: 'half-yearly/2020H1/省交通运输厅/before/7',
      attempts: 1,
      reason: 'permanent',
    });
    expect(dead[0].lastError).toContain('550');
  });

  test('a tick run twice delivers once', async () => {
    const catalog = importRealCatalog(db);
    const a = await runTick({ db, catalog, config, channels: [channel], now: T, log: silentLog });
    const b = await runTick({ db, catalog, config, channels: [channel], now: T, log: silentLog });
    expect(a.sent).toBe(2);
    expect(b).toMatchObject({ sent: 0, planned: 0, retried: 0 });
    expect(smtp.received).toHaveLength(2);
  });
});

test('a server that is down at the tick gets the mail at a later tick', async () => {
  const db = openStore(':memory:');
  const catalog = importRealCatalog(db);
  const port = await unusedPort();
  const channel = createEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, timeouts: { connection: 2000 } });
  const config = deliveryConfig({ agencies: { 省交通运输厅: [contact('张三', 'sjtt@pprd.example.org')] } });
  const T = shanghai('2020-06-23T09:00');
  const r1 = await runTick({ db, catalog, config, channels: [channel], now: T, log: silentLog });
  expect(r1).toMatchObject({ sent: 0, retried: 1 });
  expect(createDeliveryRepo(db).list({ status: 'failed' })[0].lastError).toContain('ECONNREFUSED');
  const smtp = await startSmtpServer(port);
  try {
    const r2 = await runTick({
      db,
      catalog,
      config,
      channels: [channel],
      now: plus(T, { minutes: 5 }),
      log: silentLog,
    });
    expect(r2).toMatchObject({ sent: 1, retried: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].parsed.messageId).toBe(
      messageIdFor('half-yearly/2020H1/省交通运输厅/before/7|email|sjtt@pprd.example.org').replace(
        '@pprd-reminder>',
        '@localhost>',
      ),
    );
  } finally {
    await channel.close();
    await smtp.close();
    db.close();
  }
});
