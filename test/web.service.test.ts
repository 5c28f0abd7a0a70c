import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PAGE_CSP } from '../src/service/web.ts';
import { openStore } from '../src/store/index.ts';
import { signLink } from '../src/web/index.ts';
import { runCli } from './helpers/runCli.ts';
import {
  COORDINATOR,
  EDUCATION_EMAIL,
  LINK_SECRET,
  linkInMail,
  START,
  startWebWorld,
  TRANSPORT_EMAIL,
  type WebWorld,
} from './helpers/webWorld.ts';

const TRANSPORT_PAGE = `/o/half-yearly/2020H1/${encodeURIComponent('省交通运输厅')}`;

/** A browser without JavaScript: follows the link, keeps the cookie, posts forms. */
class Visitor {
  cookie = '';
  constructor(readonly base: string) {}
  async get(path: string): Promise<{ status: number; body: string; headers: Headers }> {
    let url = path.startsWith('http') ? path : `${this.base}${path}`;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url, { redirect: 'manual', headers: this.cookie ? { cookie: this.cookie } : {} });
      const set = res.headers.get('set-cookie');
      if (set) this.cookie = set.split(';')[0];
      if (res.status === 303) {
        url = new URL(res.headers.get('location')!, url).toString();
        continue;
      }
      return { status: res.status, body: await res.text(), headers: res.headers };
    }
    throw new Error('too many redirects');
  }
  async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }
}

function csrfOf(page: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
}

function submissions(world: WebWorld) {
  const db = openStore(world.dbPath);
  try {
    return db
      .prepare(
        "SELECT agency, period, by, via, at FROM submissions WHERE cycle = 'half-yearly' AND period = '2020H1' AND undone_at IS NULL",
      )
      .all();
  } finally {
    db.close();
  }
}

let world: WebWorld;
let contactLink: string;
beforeAll(async () => {
  world = await startWebWorld();
  await world.service.tick();
  await world.smtp.waitFor(63);
  const mail = world.smtp.received.find((m) => m.rcptTo.includes(TRANSPORT_EMAIL))!;
  contactLink = linkInMail(mail.parsed.text);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('signed links (issue 12)', () => {
  test("the 2020-06-23 reminder to 省交通运输厅 carries its contact's link to the 2020H1 occurrence, text and HTML", () => {
    const mail = world.smtp.received.find((m) => m.rcptTo.includes(TRANSPORT_EMAIL))!;
    expect(contactLink.startsWith(`${world.base}${TRANSPORT_PAGE}?t=v1.`)).toBe(true);
    expect(mail.parsed.text).toContain(
      '报送后，请打开您的个人链接，点击「已报送 / Mark submitted」，即登记为已报送，提醒随即停止。',
    );
    expect(mail.parsed.html).toContain('>已报送 / Mark submitted</a>');
    // Each contact gets their own link: the 省教育厅 contact's differs.
    const other = world.smtp.received.find((m) => m.rcptTo.includes(EDUCATION_EMAIL))!;
    expect(linkInMail(other.parsed.text)).toContain(`/o/half-yearly/2020H1/${encodeURIComponent('省教育厅')}?t=`);
  });

  test('no link, a forged one, an expired one and one signed with a rotated key: 401 and nothing of the board', async () => {
    const forged = signLink(
      { kind: 'coordinator', name: COORDINATOR },
      'another-secret-of-at-least-32-characters!!',
      Date.now() + 86_400_000,
    );
    const expired = signLink({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() - 1000);
    const unknown = signLink({ kind: 'contact', email: 'left@pprd.example.org' }, LINK_SECRET, Date.now() + 86_400_000);
    for (const path of [
      '/',
      TRANSPORT_PAGE,
      `/?t=${forged}`,
      `/?t=${expired}`,
      `/?t=${unknown}`,
      `/export/status.xlsx?t=${forged}`,
      '/targets',
    ]) {
      const r = await new Visitor(world.base).get(path);
      expect([path, r.status]).toEqual([path, 401]);
      expect(r.body).toContain('链接无效或已过期');
      expect(r.body).not.toContain('省交通运输厅');
      expect(r.headers.get('content-security-policy')).toBe(PAGE_CSP);
    }
  });

  test("another agency's contact cannot see or submit 省交通运输厅's report: 403, nothing recorded", async () => {
    const edu = new Visitor(world.base);
    const own = await edu.get(
      `/o/half-yearly/2020H1/${encodeURIComponent('省教育厅')}?t=${encodeURIComponent(signLink({ kind: 'contact', email: EDUCATION_EMAIL }, LINK_SECRET, Date.now() + 86_400_000))}`,
    );
    expect(own.status).toBe(200);
    const page = await edu.get(TRANSPORT_PAGE);
    expect(page.status).toBe(403);
    expect(page.body).toContain('您的链接只能查看和报送本单位的事项。');
    const post = await edu.post(`${TRANSPORT_PAGE}/submit`, { csrf: csrfOf(own.body) });
    expect(post.status).toBe(403);
    expect((await edu.get('/')).status).toBe(200); // a contact's "/" is their agency page
    expect((await edu.get('/deliveries')).status).toBe(403);
    expect(submissions(world)).toEqual([]);
  });

  test('a post without the CSRF token of the link is refused (403), nothing recorded', async () => {
    const v = new Visitor(world.base);
    expect((await v.get(contactLink)).status).toBe(200);
    expect((await v.post(`${TRANSPORT_PAGE}/submit`, {})).status).toBe(403);
    expect((await v.post(`${TRANSPORT_PAGE}/submit`, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect(submissions(world)).toEqual([]);
    // The board's routes keep the service's method rules: a GET on an action, a POST on a page are 405 with Allow.
    const get = await fetch(`${world.base}${TRANSPORT_PAGE}/submit`, { headers: { cookie: v.cookie } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const post = await fetch(`${world.base}/`, { method: 'POST', headers: { cookie: v.cookie } });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(
      (await fetch(`${world.base}${TRANSPORT_PAGE}`, { method: 'HEAD', headers: { cookie: v.cookie } })).status,
    ).toBe(200);
  });
});

describe('已报送 from the reminder link, then the board and the export', () => {
  test('the contact presses 已报送: recorded with who, when and via web; the page confirms; later ticks send 省交通运输厅 nothing for 2020H1', async () => {
    const v = new Visitor(world.base);
    const page = await v.get(contactLink);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(page.body).toContain('已报送 / Mark submitted</button>');
    expect(page.body).toContain('○ 未到期');
    const post = await v.post(`${TRANSPORT_PAGE}/submit`, { csrf: csrfOf(page.body) });
    expect([post.status, post.location]).toEqual([303, `${TRANSPORT_PAGE}?done=submitted`]);
    const after = await v.get(post.location!);
    expect(after.body).toContain(
      '✔ 已登记为已报送：省交通运输厅，2020年上半年泛珠合作事项半年报送。此后不再发送提醒。',
    );
    expect(after.body).not.toContain('</button>');
    expect(submissions(world)).toEqual([
      {
        agency: '省交通运输厅',
        period: '2020H1',
        by: '省交通运输厅联络人',
        via: 'web',
        at: '2020-06-23T09:00:00.000+08:00',
      },
    ]);

    // The next reminders of 2020H1: 3 days before (2020-06-24 is the working day before the Dragon Boat break), due day, overdue.
    const before = world.smtp.received.length;
    for (const day of ['2020-06-24', '2020-06-29', '2020-06-30', '2020-07-01', '2020-07-03']) {
      world.clock.set(Date.parse(`${day}T09:00:00+08:00`));
      await world.service.tick();
    }
    const later = world.smtp.received.slice(before);
    expect(later.some((m) => m.rcptTo.includes(EDUCATION_EMAIL))).toBe(true);
    expect(
      later.filter((m) => m.rcptTo.includes(TRANSPORT_EMAIL) && /2020年上半年/.test(m.parsed.subject ?? '')),
    ).toEqual([]);
    world.clock.set(START);
  });

  test("the coordinator's board shows the cell green with who and how, and the round's count (1 of 63) as `pprd status --json` does", async () => {
    const coord = new Visitor(world.base);
    const board = await coord.get(
      `/?t=${encodeURIComponent(signLink({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() + 86_400_000))}`,
    );
    expect(board.status).toBe(200);
    expect(board.body).toMatch(
      /<a class="cell s-submitted" href="\/o\/half-yearly\/2020H1\/%E7%9C%81%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E5%8E%85"><span class="name">省交通运输厅<\/span><span class="state">✔ 已报送<\/span><br><span class="state">2020-06-23 09:00 省交通运输厅联络人 \(网页\)<\/span><\/a>/,
    );
    expect(board.body).toContain('<strong>已报送 1 / 63</strong>');
    // The CLI on the same database (in process: the same program `pprd` runs, test/helpers/runCli.ts).
    const cli = await runCli(['status', '--json', '--now', '2020-06-23T09:00:00+08:00'], {
      PPRD_DB: world.dbPath,
      PPRD_CONFIG: world.configDir,
    });
    expect([cli.code, cli.err]).toEqual([0, '']);
    const status = JSON.parse(cli.out) as {
      rounds: { cycle: string; period: string; submitted: number; total: number; overdue: string[] }[];
    };
    const round = status.rounds.find((r) => r.cycle === 'half-yearly')!;
    expect([round.period, round.submitted, round.total]).toEqual(['2020H1', 1, 63]);

    // The Excel export, read back: its summary row for 2020H1 has the same counts; the table's cell is green.
    const res = await fetch(`${world.base}/export/status.xlsx`, { headers: { cookie: coord.cookie } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['报送情况统计表', '汇总', '逾期明细']);
    const summary = wb.getWorksheet('汇总')!;
    const row = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(2).value === '2020H1')!;
    expect([row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual([
      round.submitted,
      round.total,
      round.overdue.length,
    ]);
    const table = wb.getWorksheet('报送情况统计表')!;
    const header = (table.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf('2020年上半年 泛珠合作事项半年报送') + 1;
    const transport = table.getRows(2, table.rowCount - 1)!.find((r) => r.getCell(1).value === '省交通运输厅')!;
    expect(transport.getCell(col).value).toBe('✔ 已报送 2020-06-23');
    expect((transport.getCell(col).fill as { fgColor: { argb: string } }).fgColor.argb).toBe('FFDFF3E3');

    const csv = await (await fetch(`${world.base}/export/status.csv`, { headers: { cookie: coord.cookie } })).text();
    expect(csv).toContain(
      '\r\nhalf-yearly,2020H1,省交通运输厅,submitted,2020-06-30,2020-06-23T09:00:00.000+08:00,省交通运输厅联络人,web,no\r\n',
    );
  }, 60_000);

  test('a coordinator extends and excuses from the occurrence page; the records carry their name', async () => {
    const coord = new Visitor(world.base);
    const path = `/o/half-yearly/2020H1/${encodeURIComponent('省教育厅')}`;
    const page = await coord.get(
      `${path}?t=${encodeURIComponent(signLink({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() + 86_400_000))}`,
    );
    const csrf = csrfOf(page.body);
    expect((await coord.post(`${path}/extend`, { csrf, to: '2020-02-30' })).status).toBe(400);
    const ext = await coord.post(`${path}/extend`, { csrf, to: '2020-07-15' });
    expect(ext.location).toBe(`${path}?done=extended`);
    expect((await coord.get(ext.location!)).body).toContain('截止日期已改为 2020-07-15。');
    const exc = await coord.post(`${path}/excuse`, { csrf });
    expect(exc.location).toBe(`${path}?done=excused`);
    const db = openStore(world.dbPath);
    try {
      expect(db.prepare("SELECT to_date, by FROM extensions WHERE agency = '省教育厅'").all()).toEqual([
        { to_date: '2020-07-15', by: COORDINATOR },
      ]);
      expect(db.prepare("SELECT by FROM excusals WHERE agency = '省教育厅'").all()).toEqual([{ by: COORDINATOR }]);
    } finally {
      db.close();
    }
  });

  test("a coordinator's escalation email carries their link to the board filtered to that round", async () => {
    const before = world.smtp.received.length;
    world.clock.set(Date.parse('2020-07-08T09:00:00+08:00'));
    await world.service.tick();
    world.clock.set(START);
    const mail = world.smtp.received
      .slice(before)
      .find((m) => m.rcptTo.includes('coordinator1@pprd.example.org') && /督办/.test(m.parsed.subject ?? ''))!;
    expect(mail.parsed.text).toContain('在看板查看本期报送情况，可登记已报送、延期或免报：');
    const link = /http:\/\/127\.0\.0\.1:\d+\/\?\S+/.exec(mail.parsed.text ?? '')![0];
    expect(link).toMatch(/\/\?cycle=half-yearly&period=2020H1&t=v1\./);
    const board = await new Visitor(world.base).get(link);
    expect(board.status).toBe(200);
    expect(board.body).toContain('<option value="2020H1" selected>');
    expect(board.body.match(/<section>/g)).toHaveLength(1);
  });
});
