import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { signLink } from '../src/web/index.ts';
import {
  COORDINATOR,
  EDUCATION_EMAIL,
  LINK_SECRET,
  linkInMail,
  startWebWorld,
  TRANSPORT_EMAIL,
  type WebWorld,
} from './helpers/webWorld.ts';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots for a person to look at (gitignored). */
const SHOTS = join(import.meta.dirname, '..', 'test-output');

let world: WebWorld;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing — fix: apt-get update && apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(SHOTS, { recursive: true });
  world = await startWebWorld();
  await world.service.tick();
  await world.smtp.waitFor(63);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

test('in Chromium: a contact opens the link of their reminder email, presses 已报送 and sees it confirmed; the next ticks send that report nothing; the coordinator sees the cell green and 1 of 63; a stranger and another agency are refused', async () => {
  // The contact of 省交通运输厅 opens the link in the email the SMTP server received, on a phone-sized screen.
  const mail = world.smtp.received.find((m) => m.rcptTo.includes(TRANSPORT_EMAIL))!;
  const contact = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await contact.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(linkInMail(mail.parsed.text));
  expect(new URL(page.url()).search).toBe(''); // the token left the address bar (kept in an HttpOnly cookie)
  await expect(page.locator('h1').textContent()).resolves.toBe('省交通运输厅 · 2020年上半年泛珠合作事项半年报送');
  await page.screenshot({ path: join(SHOTS, 'occurrence-before.png'), fullPage: true });
  await page.getByRole('button', { name: '已报送 / Mark submitted' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toBe(
    '✔ 已登记为已报送：省交通运输厅，2020年上半年泛珠合作事项半年报送。此后不再发送提醒。',
  );
  await expect(page.getByRole('button', { name: '已报送 / Mark submitted' }).count()).resolves.toBe(0);
  await page.screenshot({ path: join(SHOTS, 'occurrence-submitted.png'), fullPage: true });
  // Their agency page: the 2020H1 row reads 已报送 with who and how.
  await page.getByRole('link', { name: '省交通运输厅' }).first().click();
  await expect(page.locator('tr', { hasText: '2020年上半年' }).first().textContent()).resolves.toContain('✔ 已报送');
  await page.screenshot({ path: join(SHOTS, 'agency.png'), fullPage: true });
  // In Chinese throughout, and nothing wider than the phone: the long calendar address wraps.
  await expect(page.locator('tr', { hasText: '2020年上半年' }).first().textContent()).resolves.toContain(
    '2020-06-23 09:00 发送提醒 (邮件)',
  );
  await expect(page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).resolves.toBe(0);
  expect(errors).toEqual([]); // the CSP blocks nothing the page needs

  const db = openStore(world.dbPath);
  try {
    expect(
      db.prepare("SELECT by, via FROM submissions WHERE agency = '省交通运输厅' AND period = '2020H1'").all(),
    ).toEqual([{ by: '省交通运输厅联络人', via: 'web' }]);
  } finally {
    db.close();
  }

  // The next ticks: other agencies are reminded, 省交通运输厅 gets nothing for 2020H1 on any channel.
  const before = world.smtp.received.length;
  for (const day of ['2020-06-24', '2020-06-29', '2020-06-30', '2020-07-01']) {
    world.clock.set(Date.parse(`${day}T09:00:00+08:00`));
    await world.service.tick();
  }
  const later = world.smtp.received.slice(before);
  expect(later.some((m) => m.rcptTo.includes(EDUCATION_EMAIL))).toBe(true);
  // (Its monthly agency digest of 07-01 may come; no reminder of the 2020H1 report.)
  expect(later.filter((m) => m.rcptTo.includes(TRANSPORT_EMAIL)).map((m) => m.parsed.subject)).not.toContainEqual(
    expect.stringContaining('2020年上半年'),
  );
  expect(later.filter((m) => m.rcptTo.includes(EDUCATION_EMAIL)).map((m) => m.parsed.subject)).toContainEqual(
    expect.stringContaining('2020年上半年'),
  );
  world.clock.set(Date.parse('2020-06-23T09:00:00+08:00'));

  // The coordinator: the cell is green (submitted) and the round reads 1 of 63.
  const coordinator = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const board = await coordinator.newPage();
  await board.goto(
    `${world.base}/?t=${encodeURIComponent(signLink({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() + 86_400_000))}`,
  );
  const cell = board.locator('a.cell', { hasText: '省交通运输厅' }).first();
  await expect(cell.getAttribute('class')).resolves.toBe('cell s-submitted');
  await expect(cell.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(223, 243, 227)');
  await expect(cell.textContent()).resolves.toBe('省交通运输厅✔ 已报送2020-06-23 09:00 省交通运输厅联络人 (网页)');
  await expect(
    board.locator('section', { hasText: '2020年上半年' }).first().locator('.counts strong').textContent(),
  ).resolves.toBe('已报送 1 / 63');
  await board.screenshot({ path: join(SHOTS, 'board.png'), fullPage: false });

  // A stranger (no link) and the contact of 省教育厅 are refused.
  const stranger = await (await browser.newContext()).newPage();
  const refused = await stranger.goto(`${world.base}/`);
  expect(refused?.status()).toBe(401);
  await expect(stranger.locator('h1').textContent()).resolves.toBe('链接无效或已过期');
  const other = await (await browser.newContext()).newPage();
  await other.goto(
    `${world.base}/agency/${encodeURIComponent('省教育厅')}?t=${encodeURIComponent(signLink({ kind: 'contact', email: EDUCATION_EMAIL }, LINK_SECRET, Date.now() + 86_400_000))}`,
  );
  const forbidden = await other.goto(`${world.base}/o/half-yearly/2020H1/${encodeURIComponent('省交通运输厅')}`);
  expect(forbidden?.status()).toBe(403);
  await expect(other.locator('h1').textContent()).resolves.toBe('无权查看或操作');
  await contact.close();
  await coordinator.close();
}, 120_000);
