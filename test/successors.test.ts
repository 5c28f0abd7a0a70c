import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { agencyDuties, type Catalog, createSuccession } from '../src/catalog/index.ts';
import { createMemoryChannel, type MemoryChannel } from '../src/channels/index.ts';
import { createSlackServices } from '../src/channels/slack/index.ts';
import { loadDirectory } from '../src/config/agencies.ts';
import type { Config } from '../src/config/types.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { type Db, openStore } from '../src/store/index.ts';
import { signLink } from '../src/web/index.ts';
import { planConfig } from './fixtures/planConfig.ts';
import { realCatalog } from './helpers/catalogFixture.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { runCli } from './helpers/runCli.ts';
import { slackWorld } from './helpers/slackWorld.ts';
import { tempDir } from './helpers/tempDb.ts';
import { COORDINATOR, LINK_SECRET, startWebWorld } from './helpers/webWorld.ts';

/** The shipped directory (config/agencies.yaml) with its successors of the 2018 reform. */
const shipped = loadDirectory('config/agencies.yaml');

describe('successors from the shipped directory (issue 14 item 1)', () => {
  let db: Db;
  let catalog: Catalog;
  beforeEach(() => {
    db = openStore(':memory:');
    catalog = importRealCatalog(db);
  });
  afterEach(() => db.close());

  const round = (period: string) => {
    const config = { ...planConfig(), directory: shipped.directory };
    const plan = planSchedule({
      catalog,
      config,
      calendar: createCalendar([], config.timezone),
      now: '2019-01-02T10:00:00+08:00',
      from: '2017-12-01',
      to: '2019-01-01',
    });
    return plan.occurrences.filter((o) => o.cycle === 'half-yearly' && o.period === period).map((o) => o.agency);
  };

  test('the directory loads with its successors and dates', () => {
    expect(shipped.problems).toEqual([]);
    const s = createSuccession(shipped.directory);
    expect(s.size).toBe(20);
    expect(s.successorOf('省工商局')).toEqual({ successor: '省市场监管局', since: '2018-10-22' });
    expect(s.successorOf('广东出入境检验检疫局')).toEqual({ successor: '海关广东分署', since: '2018-04-20' });
    expect(s.at('省工商局', '2018-10-21')).toBe('省工商局');
    expect(s.at('省工商局', '2018-10-22')).toBe('省市场监管局');
  });

  test('one report per successor from its date: 2017H2 63 agencies, 2018H1 62 (customs from 04-20), 2018H2 57', () => {
    const h2017 = round('2017H2');
    const h1 = round('2018H1');
    const h2 = round('2018H2');
    expect([h2017.length, h1.length, h2.length]).toEqual([63, 62, 57]);
    // before 2018-10-22 the document's own names owe the report
    expect(h1.filter((a) => ['省工商局', '省质监局', '省食品药品监管局', '省市场监管局'].includes(a))).toEqual([
      '省工商局',
      '省食品药品监管局',
      '省质监局',
    ]);
    expect(h1).not.toContain('广东出入境检验检疫局');
    expect(h1.filter((a) => a.endsWith('海关') || a === '海关广东分署')).toEqual([
      '海关广东分署',
      '深圳海关',
      '拱北海关',
    ]);
    // from it, the successor once, in place of the first predecessor the document lists
    expect(h2.filter((a) => a === '省市场监管局')).toHaveLength(1);
    for (const gone of [
      '省工商局',
      '省质监局',
      '省食品药品监管局',
      '省国土资源厅',
      '省农业厅',
      '省海洋与渔业厅',
      '省文化厅',
      '省旅游局',
      '省法制办',
    ])
      expect(h2).not.toContain(gone);
    expect(
      h2
        .filter((a) => ['省自然资源厅', '省农业农村厅', '省文化和旅游厅', '省司法厅', '省市场监管局'].includes(a))
        .sort(),
    ).toEqual(['省农业农村厅', '省司法厅', '省市场监管局', '省文化和旅游厅', '省自然资源厅'].sort());
    expect(h2).toContain('省卫生健康委');
    expect(h2).toContain('省扶贫办'); // 省乡村振兴局 only from 2021-02-25
  });

  test("recipients: the old contact before the date, the successor's one message after it, none to the predecessors", async () => {
    const mem: MemoryChannel = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
    const config: Config = {
      ...deliveryConfig({
        agencies: {
          省工商局: [contact('工商联络人', 'gsj@pprd.example.org')],
          省质监局: [contact('质监联络人', 'zjj@pprd.example.org')],
          省市场监管局: [contact('市场监管联络人', 'scjgj@pprd.example.org')],
        },
      }),
      directory: shipped.directory,
    };
    const tick = (now: string) => runTick({ db, catalog, config, channels: [mem], now, log: silentLog });
    const to = (email: string) => mem.sent.filter((m) => m.to.email === email).map((m) => m.key.split('|')[0]);

    // 2018H1, due Saturday 2018-06-30: the due-day reminder moves to Friday 06-29 (with the 1-day one).
    await tick(shanghai('2018-06-28T12:00'));
    await tick(shanghai('2018-06-29T09:00'));
    expect(to('gsj@pprd.example.org')).toEqual(['half-yearly/2018H1/省工商局/due/0']);
    expect(to('zjj@pprd.example.org')).toEqual(['half-yearly/2018H1/省质监局/due/0']);
    expect(to('scjgj@pprd.example.org')).toEqual([]);

    // 2018H2, due 2018-12-31: seven days before, Monday 12-24, one reminder to 省市场监管局 only.
    mem.sent.length = 0;
    await tick(shanghai('2018-12-23T12:00'));
    await tick(shanghai('2018-12-24T09:00'));
    expect(to('scjgj@pprd.example.org')).toEqual(['half-yearly/2018H2/省市场监管局/before/7']);
    // its tasks are those of the bodies it replaced (task 4 led by 省工商局; 省质监局's and 省食品药品监管局's)
    const text = mem.sent.find((m) => m.to.email === 'scjgj@pprd.example.org')!.text;
    const lines = text.split('\n');
    const from = lines.indexOf('贵单位在粤府〔2017〕8号中承担的任务：');
    expect(lines.slice(from, from + 8)).toEqual([
      '贵单位在粤府〔2017〕8号中承担的任务：',
      '  - 任务4 实施统一的市场规则（牵头）',
      '  - 任务6 构建区域大通关体制（配合）',
      '  - 任务12 优化区域创新环境（配合）',
      '  - 任务14 加强医疗卫生合作（牵头）',
      '  - 任务17 共同优化休闲旅游环境（配合）',
      '  - 任务27 加强产业发展合作（配合）',
      '  - 任务29 加强社会事务合作（配合）',
    ]);
    expect(to('gsj@pprd.example.org')).toEqual([]);
    expect(to('zjj@pprd.example.org')).toEqual([]);
  });
});

describe('config/agencies.yaml: successor and since are checked', () => {
  const check = (yaml: string) =>
    loadDirectory('config/agencies.yaml', yaml).problems.map(
      (p) => `${p.line} ${p.path}: ${p.message} — fix: ${p.fix}`,
    );

  test('every problem with its line, and bad input loads nothing', () => {
    const r = loadDirectory(
      'config/agencies.yaml',
      'agencies:\n  - name: 省甲厅\n    successor: 省乙厅\n  - name: 省丙厅\n    successor: 省丁厅\n    since: 2018-10-22\n  - name: 省戊厅\n    successor: 省戊厅\n    since: 2018-02-30\n',
    );
    expect(r.directory).toEqual([]);
    expect(
      check(
        'agencies:\n  - name: 省甲厅\n    successor: 省乙厅\n  - name: 省丙厅\n    successor: 省丁厅\n    since: 2018-10-22\n  - name: 省戊厅\n    successor: 省戊厅\n    since: 2018-02-30\n',
      ),
    ).toEqual([
      '3 agencies[0].successor: 省甲厅 has a successor but no since — fix: add since: YYYY-MM-DD, the first day the successor holds its duties',
      '5 agencies[1].successor: successor "省丁厅" of 省丙厅 is not in the directory (did you mean 省甲厅、省戊厅?) — fix: add an entry for 省丁厅 (name and fullName) to config/agencies.yaml',
      '9 agencies[2].since: since "2018-02-30": February 2018 has 28 days — fix: write the date the successor took over as YYYY-MM-DD, e.g. since: 2018-10-22',
    ]);
    expect(
      check(
        'agencies:\n  - name: 省甲厅\n    successor: 省乙厅\n    since: 2018-10-22\n  - name: 省乙厅\n    successor: 省甲厅\n    since: 2019-01-01\n',
      ),
    ).toEqual([
      '3 agencies[0].successor: successors go round in a circle: 省甲厅 → 省乙厅 → 省甲厅 — fix: a successor is a body that still exists: remove successor from one of them',
      '6 agencies[1].successor: successors go round in a circle: 省乙厅 → 省甲厅 → 省乙厅 — fix: a successor is a body that still exists: remove successor from one of them',
    ]);
  });
});

describe('pprd config check: contacts filed under a body that has a successor', () => {
  const t = tempDir('pprd-successors-');
  const env = { PPRD_DB: join(t.dir, 'pprd.sqlite'), TZ: 'UTC', PPRD_NOW: '2026-12-01T09:00:00+08:00' };
  afterAll(() => t.cleanup());

  test('warns with the successor, its date and the fix; the shipped contacts give no such warning', async () => {
    expect((await runCli(['import'], env)).code).toBe(0);
    const shippedCheck = await runCli(['config', 'check'], { ...env, PPRD_CONFIG: 'config' });
    expect(shippedCheck.code).toBe(0);
    expect(shippedCheck.err).not.toContain('passed to');
    expect(shippedCheck.err).not.toContain('no contact');

    // the catalog keeps the document's names, with the successor beside them
    const agencies = await runCli(['agencies'], { ...env, PPRD_CONFIG: 'config' });
    expect(agencies.out.split('\n').filter((l) => l.includes('→ 省市场监管局'))).toEqual([
      '  省工商局 — 广东省工商行政管理局  lead 1 / support 3 → 省市场监管局 (since 2018-10-22)',
      '  省食品药品监管局 — 广东省食品药品监督管理局  lead 1 / support 2 → 省市场监管局 (since 2018-10-22)',
      '  省质监局 — 广东省质量技术监督局  lead 0 / support 5 → 省市场监管局 (since 2018-10-22)',
    ]);
    expect(
      (await runCli(['agency', '省工商局'], { ...env, PPRD_CONFIG: 'config' })).out.split('\n').slice(0, 2),
    ).toEqual([
      '省工商局 (广东省工商行政管理局)',
      'successor: 省市场监管局 (since 2018-10-22): reports due from then are its',
    ]);

    const cfg = join(t.dir, 'config');
    cpSync('config', cfg, { recursive: true });
    const contacts = readFileSync(join(cfg, 'contacts.yaml'), 'utf8').replace('  省市场监管局:\n', '  省工商局:\n');
    writeFileSync(join(cfg, 'contacts.yaml'), contacts);
    const r = await runCli(['config', 'check'], { ...env, PPRD_CONFIG: cfg });
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.startsWith('warning:') && !l.includes('holiday data'))).toEqual([
      `warning: ${cfg}/contacts.yaml:23:3 agencies: 1 agency owes reports but has no contact: 省市场监管局 — fix: add it under agencies in ${cfg}/contacts.yaml`,
      `warning: ${cfg}/contacts.yaml:66:5 agencies.省工商局: 省工商局 has 1 contact but its duties passed to 省市场监管局 on 2018-10-22: reports due from then go to 省市场监管局's contacts — fix: file it under 省市场监管局 in ${cfg}/contacts.yaml (keep 省工商局 only for rounds due before 2018-10-22)`,
      `warning: ${cfg}/contacts.yaml:18:12 coordinators[0].email: 59 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: coordinators coordinator1@pprd.example.org (18:12), coordinators coordinator2@pprd.example.org (20:12), 省发展改革委 sfgw@pprd.example.org (25:14) and 56 more — fix: replace them with real addresses in ${cfg}/contacts.yaml`,
    ]);
  });
});

describe('a successor can be named where a report is recorded (pprd submit, Slack /pprd submit)', () => {
  const t = tempDir('pprd-successor-submit-');
  const env = { PPRD_DB: join(t.dir, 'pprd.sqlite'), PPRD_CONFIG: 'config', TZ: 'UTC', PPRD_NOW: '' };
  afterAll(() => t.cleanup());

  test('pprd submit --agency 省市场监管局 records its 2026H2 report; 省工商局 owes none any more', async () => {
    expect((await runCli(['import'], env)).code).toBe(0);
    const ok = await runCli(
      [
        'submit',
        '--agency',
        '广东省市场监督管理局',
        '--cycle',
        'half-yearly',
        '--period',
        '2026H2',
        '--at',
        '2026-12-01T10:00:00+08:00',
        '--by',
        '王五',
        '--now',
        '2026-12-01T10:00:00+08:00',
      ],
      env,
    );
    expect([ok.code, ok.out, ok.err]).toEqual([
      0,
      'recorded: half-yearly 2026H2 submitted at 2026-12-01T10:00:00.000+08:00 by 王五 — 1 new (省市场监管局)\n',
      '',
    ]);
    const old = await runCli(
      [
        'submit',
        '--agency',
        '省工商局',
        '--cycle',
        'half-yearly',
        '--period',
        '2026H2',
        '--now',
        '2026-12-01T10:00:00+08:00',
      ],
      env,
    );
    expect(old.code).toBe(2);
    expect(old.err).toContain('省工商局 owes no half-yearly report for 2026H2');
  });

  test("Slack resolves the successor's full name to it", async () => {
    const { deps } = slackWorld('2026-12-01T10:00:00+08:00');
    const services = createSlackServices({
      ...deps,
      config: () => ({ ...deps.config(), directory: shipped.directory }),
    });
    expect(await services.resolveAgency('广东省市场监督管理局')).toBe('省市场监管局');
    expect(await createSlackServices(deps).resolveAgency('广东省市场监督管理局')).toBeNull();
  });

  test('Slack /pprd agency 省市场监管局 lists the tasks of the bodies it replaced', async () => {
    const { deps } = slackWorld('2026-12-01T10:00:00+08:00');
    const services = createSlackServices({
      ...deps,
      config: () => ({ ...deps.config(), directory: shipped.directory }),
    });
    const a = await services.agency('省市场监管局');
    if (!a.found) throw new Error('省市场监管局 not found');
    expect([a.view.name, a.view.led.map((x) => x.id), a.view.supported.map((x) => x.id)]).toEqual([
      '省市场监管局',
      ['4', '14'],
      ['6', '12', '17', '27', '29'],
    ]);
  });
});

describe('every directory entry can be named; a successor holds the duties of the bodies it replaced', () => {
  const t = tempDir('pprd-successor-names-');
  // the shipped config (successors on) tracking rounds from 2017H1
  const cfg = join(t.dir, 'config');
  cpSync('config', cfg, { recursive: true });
  const pprd = join(cfg, 'pprd.yaml');
  writeFileSync(pprd, readFileSync(pprd, 'utf8').replace(/^( {4}start: )2026H2\b/m, '$12017H1'));
  const env = {
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    PPRD_CONFIG: cfg,
    TZ: 'UTC',
    PPRD_NOW: '2026-12-01T09:00:00+08:00',
  };
  afterAll(() => t.cleanup());

  test('pprd agency 省市场监管局 lists what it replaced and their tasks; --json carries successor, since and replaces', async () => {
    expect((await runCli(['import'], env)).code).toBe(0);
    const r = await runCli(['agency', '省市场监管局'], env);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n').slice(0, 12)).toEqual([
      '省市场监管局 (广东省市场监督管理局)',
      'replaces: 省工商局、省质监局、省食品药品监管局 (their tasks, targets and obligations are its)',
      '',
      'leads (2 tasks):',
      '  4   二(二)   实施统一的市场规则  ¶3 (supports ¶1, ¶2, ¶4)',
      '  14  二(五)   加强医疗卫生合作  ¶1',
      '',
      'supports (5 tasks):',
      '  6   二(二)   构建区域大通关体制  ¶1',
      '  12  二(四)   优化区域创新环境  ¶1',
      '  17  二(五)   共同优化休闲旅游环境  ¶1',
      '  27  二(八)   加强产业发展合作  ¶3',
    ]);
    // every one of the 14 successors the document does not name resolves
    for (const name of [
      '省工业和信息化厅',
      '省自然资源厅',
      '省农业农村厅',
      '省生态环境厅',
      '省市场监管局',
      '省地方金融监管局',
      '深圳海关',
      '拱北海关',
      '省文化和旅游厅',
      '省广电局',
      '省卫生健康委',
      '省乡村振兴局',
      '省应急管理厅',
      '省林业局',
    ])
      expect([name, (await runCli(['agency', name], env)).code]).toEqual([name, 0]);

    const j = JSON.parse((await runCli(['agency', '省市场监管局', '--json'], env)).out);
    expect([j.successor, j.since, j.replaces, j.leads.map((x: { task: string }) => x.task)]).toEqual([
      null,
      null,
      ['省工商局', '省质监局', '省食品药品监管局'],
      ['4', '14'],
    ]);
    // found by a tester: leading wins within a paragraph (task 4 ¶3: 省工商局 牵头, 省质监局 按职责分工负责)
    expect(
      j.leads.map((x: { paragraphs: number[]; alsoSupports?: number[] }) => [x.paragraphs, x.alsoSupports]),
    ).toEqual([
      [[3], [1, 2, 4]],
      [[1], undefined],
    ]);
    const old = JSON.parse((await runCli(['agency', '省工商局', '--json'], env)).out);
    expect([old.successor, old.since, old.replaces]).toEqual(['省市场监管局', '2018-10-22', []]);
    const all = JSON.parse((await runCli(['agencies', '--json'], env)).out).agencies as {
      name: string;
      successor: string | null;
      since: string | null;
    }[];
    expect(all.filter((a) => a.successor === '省市场监管局').map((a) => [a.name, a.since])).toEqual([
      ['省工商局', '2018-10-22'],
      ['省食品药品监管局', '2018-10-22'],
      ['省质监局', '2018-10-22'],
    ]);
    expect(all.find((a) => a.name === '省交通运输厅')).toMatchObject({ successor: null, since: null });
  });

  test('pprd submit: 省市场监管局 records 2018H2; 省工商局 for 2018H2 names its successor in the fix, and records nothing', async () => {
    const args = (agency: string) => [
      'submit',
      '--agency',
      agency,
      '--cycle',
      'half-yearly',
      '--period',
      '2018H2',
      '--at',
      '2018-12-20T10:00:00+08:00',
      '--by',
      '王五',
    ];
    const old = await runCli(args('省工商局'), env);
    expect([old.code, old.out, old.err]).toEqual([
      2,
      '',
      'pprd: 省工商局 owes no half-yearly report for 2018H2: the round is owed by 省市场监管局 since 2018-10-22 — fix: name 省市场监管局 instead (--agency 省市场监管局)\n',
    ]);
    const ok = await runCli(args('省市场监管局'), env);
    expect([ok.code, ok.out, ok.err]).toEqual([
      0,
      'recorded: half-yearly 2018H2 submitted at 2018-12-20T10:00:00.000+08:00 by 王五 — 1 new (省市场监管局)\n',
      '',
    ]);
  });
});

describe('found by a tester: an agency that leads and supports one paragraph after a succession leads it, listed once', () => {
  test('agencyDuties with the shipped directory: no successor is lead and support of the same paragraph; 省市场监管局 task 4 ¶3', () => {
    const catalog = realCatalog();
    const both: string[] = [];
    for (const e of shipped.directory) {
      const d = agencyDuties(catalog, e.name, shipped.directory);
      for (const r of d?.led ?? []) {
        expect([e.name, r.task.id, r.paragraphs.filter((p) => r.alsoSupports?.includes(p))]).toEqual([
          e.name,
          r.task.id,
          [],
        ]);
        if (r.alsoSupports)
          both.push(`${r.task.id} ${e.name} lead ¶${r.paragraphs.join(',')} support ¶${r.alsoSupports.join(',')}`);
      }
    }
    expect(both.filter((l) => l.includes('省市场监管局'))).toEqual(['4 省市场监管局 lead ¶3 support ¶1,2,4']);
    const d = agencyDuties(catalog, '省市场监管局', shipped.directory)!;
    expect(d.led.map((r) => [r.task.id, r.paragraphs, r.alsoSupports])).toEqual([
      ['4', [3], [1, 2, 4]],
      ['14', [1], undefined],
    ]);
  });
});

describe('the board page and the calendar feed of a successor the document does not name', () => {
  test('/agency/省市场监管局 is 200 and lists task 4 (省工商局 led it); /calendar/省市场监管局.ics is 200; an unknown name 404', async () => {
    // the service of webWorld (rounds from 2017H1) with the shipped directory's successors on
    const world = await startWebWorld({}, (dir) => cpSync('config/agencies.yaml', join(dir, 'agencies.yaml')));
    try {
      const t = encodeURIComponent(
        signLink({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() + 86_400_000),
      );
      const get = (path: string) => fetch(`${world.base}${path}?t=${t}`, { redirect: 'manual' });
      // the board takes the link once, then its cookie
      const first = await get(`/agency/${encodeURIComponent('省市场监管局')}`);
      const cookie = first.headers.get('set-cookie')!.split(';')[0];
      const page = await fetch(`${world.base}/agency/${encodeURIComponent('省市场监管局')}`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('实施统一的市场规则');
      expect(html).toContain('加强社会事务合作');
      expect((await get(`/calendar/${encodeURIComponent('省市场监管局')}.ics`)).status).toBe(200);
      expect((await get(`/calendar/${encodeURIComponent('广东省乡村振兴局')}.ics`)).status).toBe(200);
      expect(
        (await fetch(`${world.base}/agency/${encodeURIComponent('不存在的单位')}`, { headers: { cookie } })).status,
      ).toBe(404);
    } finally {
      await world.close();
    }
  }, 60_000);
});
