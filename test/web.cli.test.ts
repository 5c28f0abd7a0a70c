import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyLink } from '../src/web/index.ts';
import { projectPath } from './helpers/catalogFixture.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f';
const LINKS = { PPRD_LINK_SECRET: SECRET, PPRD_PUBLIC_URL: 'https://pprd.example.gov.cn/' };

let t: ReturnType<typeof tempDir>;
/** `pprd ARGS` in this process on a temporary database and outbox, the shipped config/, no links unless given. */
function pprd(args: string[], env: Record<string, string> = {}) {
  return runCli(args, {
    PPRD_CONFIG: configFrom2017(),
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    PPRD_OUTBOX: join(t.dir, 'outbox'),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    PPRD_NOW: '',
    PPRD_LINK_SECRET: undefined,
    PPRD_PUBLIC_URL: undefined,
    PPRD_LINK_DAYS: undefined,
    ...env,
  });
}
beforeAll(async () => {
  t = tempDir();
  expect((await pprd(['import'])).code).toBe(0);
});
afterAll(() => t.cleanup());

test("pprd link prints a coordinator's and a contact's signed link under PPRD_PUBLIC_URL; bad input exits 2 with the fix", async () => {
  const coord = await pprd(['link', '--coordinator', '省泛珠办 协调员一'], LINKS);
  expect(coord.code).toBe(0);
  const url = new URL(coord.out.trim());
  expect([url.origin, url.pathname]).toEqual(['https://pprd.example.gov.cn', '/']);
  const checked = verifyLink(url.searchParams.get('t'), SECRET, Date.now());
  expect(checked.ok && checked.person).toEqual({ kind: 'coordinator', name: '省泛珠办 协调员一' });
  expect(checked.ok && Math.round((checked.expiresMs - Date.now()) / 86_400_000)).toBe(90);

  const contact = await pprd(['link', '--contact', 'SJTT@pprd.example.org', '--days', '7'], LINKS);
  const curl = new URL(contact.out.trim());
  expect(decodeURIComponent(curl.pathname)).toBe('/agency/省交通运输厅');
  const c = verifyLink(curl.searchParams.get('t'), SECRET, Date.now());
  expect(c.ok && c.person).toEqual({ kind: 'contact', email: 'sjtt@pprd.example.org' });
  expect(c.ok && Math.round((c.expiresMs - Date.now()) / 86_400_000)).toBe(7);

  const unknown = await pprd(['link', '--coordinator', '张三'], LINKS);
  expect([unknown.code, unknown.err]).toEqual([
    2,
    expect.stringContaining('no coordinator named "张三" in config/contacts.yaml — fix: one of "省泛珠办 协调员一"'),
  ]);
  const noSecret = await pprd(['link', '--coordinator', '省泛珠办 协调员一']);
  expect([noSecret.code, noSecret.err]).toEqual([2, expect.stringContaining('PPRD_LINK_SECRET is not set — fix:')]);
  const short = await pprd(['link', '--coordinator', '省泛珠办 协调员一'], { ...LINKS, PPRD_LINK_SECRET: 'short' });
  expect([short.code, short.err]).toEqual([
    2,
    expect.stringContaining('PPRD_LINK_SECRET is 5 characters — fix: set it to at least 32 random characters'),
  ]);
  expect(coord.out + contact.out).not.toContain(SECRET);
});

test('found by a tester: pprd link counts the validity from the command clock (--now over PPRD_NOW), as every command reads its clock', async () => {
  // 2036: still ahead of the real clock, so no expiry warning
  const env = { ...LINKS, PPRD_NOW: '2036-12-01T09:00' };
  const r = await pprd(['link', '--contact', 'sjtt@pprd.example.org', '--days', '7'], env);
  expect([r.code, r.err]).toEqual([0, 'valid until 2036-12-08 09:00 +08:00 (7 days from PPRD_NOW)\n']);
  const token = new URL(r.out.trim()).searchParams.get('t');
  const until = Date.parse('2036-12-08T09:00:00+08:00');
  expect(verifyLink(token, SECRET, until - 1)).toMatchObject({ ok: true, expiresMs: until });
  expect(verifyLink(token, SECRET, until + 1).ok).toBe(false);

  const flag = await pprd(['link', '--coordinator', '省泛珠办 协调员一', '--now', '2037-01-04T00:00:00Z'], env);
  expect([flag.code, flag.err]).toEqual([0, 'valid until 2037-04-04 08:00 +08:00 (90 days from --now)\n']);
  const c = verifyLink(new URL(flag.out.trim()).searchParams.get('t'), SECRET, Date.parse('2037-01-04T00:00:00Z'));
  expect(c.ok && c.expiresMs).toBe(Date.parse('2037-04-04T00:00:00Z'));

  const bad = await pprd(['link', '--coordinator', '省泛珠办 协调员一'], { ...LINKS, PPRD_NOW: '2026-02-30' });
  expect([bad.code, bad.out, bad.err]).toEqual([2, '', expect.stringContaining('PPRD_NOW')]);
});

test('found by a tester: pprd link warns when the link has already expired on the real clock the board checks', async () => {
  const old = await pprd(['link', '--coordinator', '省泛珠办 协调员一'], { ...LINKS, PPRD_NOW: '2020-06-23T09:00' });
  expect([old.code, old.err]).toEqual([
    0,
    'valid until 2020-09-21 09:00 +08:00 (90 days from PPRD_NOW)\n' +
      'warning: the board checks links on the real clock, where this link has already expired (2020-09-21 09:00 +08:00) — fix: sign it without PPRD_NOW, or from a later instant\n',
  ]);
  expect(old.out).toMatch(/^https:\/\/pprd\.example\.gov\.cn\/\?t=/);
  const flag = await pprd(
    ['link', '--contact', 'sjtt@pprd.example.org', '--now', '2021-01-04T09:00+08:00', '--days', '7'],
    LINKS,
  );
  expect([flag.code, flag.err.split('\n')[1]]).toEqual([
    0,
    'warning: the board checks links on the real clock, where this link has already expired (2021-01-11 09:00 +08:00) — fix: sign it without --now, or from a later instant',
  ]);
});

test('found by a tester: pprd link --calendar of a body merged into a successor refuses as pprd submit does, naming the successor', async () => {
  // the shipped agencies.yaml: 省工商局 merged into 省市场监管局 on 2018-10-22
  const env = { ...LINKS, PPRD_NOW: '2026-12-01T09:00', PPRD_CONFIG: projectPath('config') };
  const merged = await pprd(['link', '--coordinator', '省泛珠办 协调员一', '--calendar', '省工商局'], env);
  expect([merged.code, merged.out, merged.err]).toEqual([
    2,
    '',
    'pprd: 省工商局 passed its duties on: its rounds are owed by 省市场监管局 since 2018-10-22 — fix: name 省市场监管局 instead (--calendar 省市场监管局)\n',
  ]);
  const submit = await pprd(['submit', '--agency', '省工商局', '--cycle', 'half-yearly', '--period', '2026H2'], env);
  expect([submit.code, submit.err]).toEqual([
    2,
    'pprd: 省工商局 owes no half-yearly report for 2026H2: the round is owed by 省市场监管局 since 2018-10-22 — fix: name 省市场监管局 instead (--agency 省市场监管局)\n',
  ]);
  // before the merger the body had its own rounds: its feed is signed (already expired on the real clock)
  const before = await pprd(
    ['link', '--coordinator', '省泛珠办 协调员一', '--calendar', '省工商局', '--now', '2018-06-01T09:00'],
    env,
  );
  expect([before.code, decodeURIComponent(new URL(before.out.trim()).pathname)]).toEqual([0, '/calendar/省工商局.ics']);
  const heir = await pprd(['link', '--coordinator', '省泛珠办 协调员一', '--calendar', '省市场监管局'], env);
  expect([heir.code, decodeURIComponent(new URL(heir.out.trim()).pathname)]).toEqual([0, '/calendar/省市场监管局.ics']);
});

test("pprd tick with the link variables puts each contact's own link in their email", async () => {
  expect((await pprd(['tick', '--now', '2020-06-23T09:00:00+08:00'], LINKS)).code).toBe(0);
  const outbox = join(t.dir, 'outbox');
  const mails = await Promise.all(readdirSync(outbox).map((f) => simpleParser(readFileSync(join(outbox, f)))));
  const transport = mails.find(
    (m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address === 'sjtt@pprd.example.org',
  )!;
  const link = /https:\/\/pprd\.example\.gov\.cn\/o\/\S+/.exec(transport.text ?? '')![0];
  expect(decodeURIComponent(new URL(link).pathname)).toBe('/o/half-yearly/2020H1/省交通运输厅');
  expect(verifyLink(new URL(link).searchParams.get('t'), SECRET, Date.now())).toMatchObject({
    ok: true,
    person: { kind: 'contact', email: 'sjtt@pprd.example.org' },
  });
  expect(mails.every((m) => (m.text ?? '').includes('/o/half-yearly/2020H1/'))).toBe(true);
});

test('pprd status --xlsx writes the 报送情况统计表; read back, its counts are those of pprd status --json', async () => {
  await pprd([
    'submit',
    '--agency',
    '省交通运输厅',
    '--cycle',
    'half-yearly',
    '--period',
    '2020H1',
    '--at',
    '2020-06-24T10:00',
    '--by',
    '省泛珠办',
  ]);
  const file = join(t.dir, 'status.xlsx');
  const run = await pprd(['status', '--json', '--now', '2020-07-03T12:00:00+08:00', '--xlsx', file]);
  expect(run.code).toBe(0);
  const status = JSON.parse(run.out) as {
    rounds: { period: string; submitted: number; total: number; overdue: string[]; escalated: string[] }[];
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const summary = wb.getWorksheet('汇总')!;
  const rows = summary
    .getRows(2, summary.rowCount - 1)!
    .map((r) => [r.getCell(2).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value, r.getCell(7).value]);
  // 2017H1 … 2020H1: the 7 rounds up to the current one (at most 8).
  expect(rows.map((x) => x[0])).toEqual(['2020H1', '2019H2', '2019H1', '2018H2', '2018H1', '2017H2', '2017H1']);
  const r = status.rounds[0];
  expect(rows[0]).toEqual([r.period, r.submitted, r.total, r.overdue.length, r.escalated.length]);
  expect(rows[0]).toEqual(['2020H1', 1, 63, 62, 0]);
  const overdue = wb.getWorksheet('逾期明细')!;
  // The 62 agencies overdue for 2020H1; the unrecorded rounds before the first tick (2020-06-23) are history, not overdue.
  expect(overdue.rowCount - 1).toBe(62);
  expect((overdue.getRow(2).values as unknown[]).slice(1)).toEqual([
    '省发展改革委',
    '泛珠合作事项半年报送',
    '2020H1',
    '2020-06-30',
    '已逾期 3 天',
    '否',
    '省发展改革委联络人 <sfgw@pprd.example.org>',
  ]);
});
