import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { type Channel, createEmailChannel, createMemoryChannel, type MemoryChannel } from '../src/channels/index.ts';
import { type Config, formatProblem, readYamlFile, validatePprd } from '../src/config/index.ts';
import {
  composeReminder,
  formatEmail,
  formatSlack,
  renderEscalationSummary,
  renderReminder,
  renderRobotMarkdown,
  robotDocOfMessage,
} from '../src/messages/index.ts';
import type { Reminder } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { type Db, openStore } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { runCli, useCliStore } from './helpers/runCli.ts';
import { startSmtpServer } from './helpers/smtpServer.ts';

/** Words a contact reads (issue 14 item 5), each with the exact text expected. */

let catalog: Catalog;
beforeAll(() => {
  const db = openStore(':memory:');
  catalog = importRealCatalog(db);
  db.close();
});

const FGW = '省发展改革委';
const JTT = '省交通运输厅';

/** A target progress request's reminder for T5 (task 7; responsible 省发展改革委 and 省交通运输厅), year 2020. */
function t5(agency: string, over: Partial<Reminder> = {}): Reminder {
  return {
    key: `target:T5/2020/${agency}/due/0`,
    occurrenceKey: `target:T5/2020/${agency}`,
    date: '2020-12-31',
    time: '09:00',
    at: '2020-12-31T09:00:00.000+08:00',
    agency,
    cycle: 'target:T5',
    period: '2020',
    due: '2020-12-31',
    kind: 'due',
    offset: 0,
    provisional: false,
    dueProvisional: false,
    ...over,
  };
}

const at = { now: '2020-12-31T09:00:00+08:00', timezone: 'Asia/Shanghai', sendAt: '09:00', late: false };

describe('a target progress request lists the task behind the target, not all the agency’s tasks', () => {
  test('省发展改革委 (30 tasks in the document) is asked about T5 with task 7 only, in email and in Slack', () => {
    const input = { ...at, catalog, reminder: t5(FGW), to: { name: '发改联络人', language: 'zh-CN' as const } };
    const m = renderReminder(input);
    expect(m.subject).toBe('【泛珠合作】2020年目标5进展报告（2020年度）：今天到期（2020-12-31 星期四截止）');
    expect(m.text).toContain(
      '报送事项：2020年目标（T5）进展报告\n目标：规划建设服务和辐射泛珠合作各方的高快速铁路网和高速公路网',
    );
    expect(m.text).toContain('该目标在粤府〔2017〕8号中所属的任务：\n  - 任务7 共建现代化综合交通运输体系（牵头）\n\n');
    expect(m.text.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      '  - 任务7 共建现代化综合交通运输体系（牵头）',
    ]);
    const slack = JSON.stringify(formatSlack(composeReminder(input)).blocks);
    expect(slack).toContain('• 任务7 共建现代化综合交通运输体系（牵头）');
    expect(slack).not.toContain('任务1 ');
  });

  test('an ordinary half-yearly reminder still lists all 30 of the agency’s tasks', () => {
    const r: Reminder = {
      ...t5(FGW),
      key: `half-yearly/2020H2/${FGW}/due/0`,
      occurrenceKey: `half-yearly/2020H2/${FGW}`,
      cycle: 'half-yearly',
      period: '2020H2',
    };
    const m = renderReminder({
      ...at,
      catalog,
      reminder: r,
      cycle: { id: 'half-yearly', name: '泛珠合作事项半年报送', submitTo: '省泛珠办' },
      to: { name: '发改联络人', language: 'zh-CN' },
    });
    expect(m.text).toContain('贵单位在粤府〔2017〕8号中承担的任务：');
    expect(m.text.split('\n').filter((l) => l.startsWith('  - 任务'))).toHaveLength(30);
  });
});

describe('an escalation names a target report once: 2020年目标（T5）进展报告（2020年度）', () => {
  const esc = (agency: string) =>
    t5(agency, {
      key: `target:T5/2020/${agency}/escalation/-5`,
      kind: 'escalation',
      offset: -5,
      date: '2021-01-08',
      at: '2021-01-08T09:00:00.000+08:00',
    });
  const now = '2021-01-08T09:00:00+08:00';

  test('the folded escalation to a coordinator', () => {
    const m = renderEscalationSummary({
      cycle: 'target:T5',
      period: '2020',
      entries: [
        { reminder: esc(FGW), contacts: [] },
        { reminder: esc(JTT), contacts: [{ name: '交通联络人', email: 'sjtt@pprd.example.org' }] },
      ],
      to: { name: '协调员', language: 'zh-CN' },
      now,
      timezone: 'Asia/Shanghai',
      late: false,
    });
    expect(m.subject).toBe('【泛珠合作·督办】2020年目标5进展报告（2020年度）：以下 2 个单位逾期 5 个工作日仍未报送');
    expect(m.text).toContain('以下 2 个单位逾期 5 个工作日仍未向省泛珠办报送2020年目标（T5）进展报告（2020年度）：\n');
    expect(m.text).not.toContain('2020年度2020年');
    expect(m.text).not.toContain('（2020）');
  });

  test('a single escalation reminder, in Chinese and in English', () => {
    const zh = renderReminder({
      ...at,
      catalog,
      now,
      reminder: esc(FGW),
      to: { name: '协调员', language: 'zh-CN' },
      agencyContacts: [],
    });
    expect(zh.subject).toBe('【泛珠合作·督办】省发展改革委未报送2020年目标5进展报告（2020年度）（已逾期 8 天）');
    expect(zh.text).toContain('省发展改革委尚未向省泛珠办报送2020年目标（T5）进展报告（2020年度）。');
    const en = renderReminder({
      ...at,
      catalog,
      now,
      reminder: esc(FGW),
      to: { name: 'Ada', language: 'en' },
      agencyContacts: [],
    });
    expect(en.text).toContain(
      '省发展改革委 has not yet submitted its progress report on 2020 target T5 for the 2020 to 省泛珠办.',
    );
  });
});

describe('digests through the tick', () => {
  let db: Db;
  let mem: MemoryChannel;
  beforeEach(() => {
    db = openStore(':memory:');
    importRealCatalog(db);
    mem = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
  });
  afterEach(() => db.close());
  const weekly = { id: 'weekly', audience: 'coordinators' as const, schedule: '0 9 * * 1' };
  const config = (extra: Partial<Parameters<typeof deliveryConfig>[0]> = {}): Config =>
    deliveryConfig({
      agencies: { [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org')] },
      coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org')],
      digests: [weekly],
      ...extra,
    });
  const tick = (c: Config, now: string, channels: Channel[] = [mem]) =>
    runTick({ db, catalog, config: c, channels, now, log: silentLog });

  test('a digest caught up after downtime is marked 补发 and dated by the Monday it was due, not its send day', async () => {
    const c = config();
    await tick(c, shanghai('2020-06-21T12:00'));
    await tick(c, shanghai('2020-06-23T10:00'));
    const [d] = mem.sent.filter((m) => m.key.startsWith('digest/'));
    expect(d.subject).toMatch(/^【补发】【泛珠合作】每周汇总 2020-06-22：逾期 \d+ 项，14 天内到期 \d+ 项$/);
    expect(
      d.text.startsWith(
        '泛珠合作报送每周汇总（2020-06-22（星期一））\n\n本汇总原定于 2020-06-22（星期一） 09:00 发送，因提醒服务中断，现补发。\n\n',
      ),
    ).toBe(true);
    expect(d.text).not.toContain('2020-06-23（星期二）');
  });

  test('a digest on time carries neither 补发 nor another date', async () => {
    const c = config();
    await tick(c, shanghai('2020-06-22T08:59'));
    await tick(c, shanghai('2020-06-22T09:00'));
    const [d] = mem.sent.filter((m) => m.key.startsWith('digest/'));
    expect(d.subject).toMatch(/^【泛珠合作】每周汇总 2020-06-22：/);
    expect(d.text).not.toContain('补发');
  });

  test('every email has the office’s Reply-To; a reminder closes with how to reach a person, the coordinators’ digest (sent to the office) does not (real SMTP)', async () => {
    const smtp = await startSmtpServer();
    const email = createEmailChannel({ smtpUrl: smtp.url });
    try {
      const c = {
        ...config(),
        office: { replyTo: 'pprd-office@pprd.example.org', contact: '省泛珠办 王五，020-12345678' },
      };
      await tick(c, shanghai('2020-06-22T08:59'), [email]);
      await tick(c, shanghai('2020-06-22T09:00'), [email]);
      await tick(c, shanghai('2020-06-23T09:00'), [email]);
      // The weekly digest of Monday 06-22 and the 7-day reminder of Tuesday 06-23.
      expect(smtp.received.map((m) => m.parsed.subject).sort()).toEqual([
        '【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）',
        expect.stringMatching(/^【泛珠合作】每周汇总 2020-06-22：/),
      ]);
      for (const m of smtp.received) {
        expect(m.parsed.replyTo?.value.map((a) => a.address)).toEqual(['pprd-office@pprd.example.org']);
        expect(
          m.parsed.text?.trimEnd().endsWith('如需联系工作人员：省泛珠办 王五，020-12345678（也可直接回复本邮件）。'),
        ).toBe(!m.parsed.subject?.includes('每周汇总'));
      }
      const digest = smtp.received.find((m) => m.parsed.subject?.includes('每周汇总'))!;
      expect(digest.parsed.text).not.toContain('如需联系工作人员');
    } finally {
      await email.close();
      await smtp.close();
    }
  });

  test('with no office in pprd.yaml: Reply-To names the coordinators of contacts.yaml; their own digest has no closing line naming them', async () => {
    const c = config({
      coordinators: [
        contact('协调员一', 'c1@pprd.example.org'),
        contact('Ada Lee', 'c2@pprd.example.org', { language: 'en' }),
      ],
    });
    await tick(c, shanghai('2020-06-22T08:59'));
    await tick(c, shanghai('2020-06-22T09:00'));
    const [zh, en] = ['c1@pprd.example.org', 'c2@pprd.example.org'].map((a) => mem.sent.find((m) => m.to.email === a)!);
    expect(zh.replyTo).toEqual(['c1@pprd.example.org', 'c2@pprd.example.org']);
    expect(zh.subject).toMatch(/^【泛珠合作】每周汇总 2020-06-22：/);
    expect(zh.text).not.toContain('如需联系工作人员');
    expect(en.text).not.toContain('To reach a person');
    // An agency contact's reminder names them.
    await tick(c, shanghai('2020-06-23T09:00'));
    const r = mem.sent.find((m) => m.subject.includes('还有 7 天'))!;
    expect(r.replyTo).toEqual(['c1@pprd.example.org', 'c2@pprd.example.org']);
    expect(
      r.text
        .trimEnd()
        .endsWith(
          '如需联系工作人员：协调员一 <c1@pprd.example.org>、Ada Lee <c2@pprd.example.org>（也可直接回复本邮件）。',
        ),
    ).toBe(true);
  });
});

describe('office in pprd.yaml is validated', () => {
  const check = (office: string) =>
    validatePprd(readYamlFile('config/pprd.yaml', `timezone: Asia/Shanghai\noffice:\n${office}\n`));

  test('a shipped-style office is read as given', () => {
    expect(
      check('  replyTo: pprd-office@pprd.example.org\n  contact: 省泛珠办 王五，020-12345678').value?.office,
    ).toEqual({ replyTo: 'pprd-office@pprd.example.org', contact: '省泛珠办 王五，020-12345678' });
  });

  test('a Reply-To that is not one plain address, and an unknown key, are refused with line, field and fix', () => {
    const r = check('  replyTo: 省泛珠办 <pprd-office@pprd.example.org>\n  phone: 020-12345678');
    expect(r.problems.map(formatProblem)).toEqual([
      "config/pprd.yaml:3:12 office.replyTo: office.replyTo is not one plain address — fix: write the coordinators' office address as one plain address, e.g. pprd-office@example.gov.cn (no display name)",
      'config/pprd.yaml:4:3 office.phone: unknown key "phone" — fix: remove the key or correct its spelling (see README, Configuration)',
    ]);
  });
});

describe('CLI tables: Chinese headers by default, English only with --lang en', () => {
  useCliStore('pprd-cli-tables-', { PPRD_CONFIG: 'config' });
  const pprd = (...args: string[]) => runCli(args);
  const NOW = '2026-12-01T10:00:00+08:00';

  test('pprd deadlines', async () => {
    const zh = await pprd('deadlines', '--agency', '省水利厅', '--now', NOW);
    expect(zh.code).toBe(0);
    expect(zh.out.split('\n').slice(0, 2)).toEqual([
      '截止日期    状态    天数      单位      周期         期次',
      '2026-12-31  待报送  剩 30 天  省水利厅  half-yearly  2026H2',
    ]);
    expect(zh.out).toContain('\n截至 2026-12-01：待报送 1 项（已逾期 0 项）\n');
    expect(zh.out).toContain('\nprogress-report（定期向省政府报告进展情况，三(四)）：未设定报送日期\n');
    const en = await pprd('deadlines', '--agency', '省水利厅', '--now', NOW, '--lang', 'en');
    expect(en.out.split('\n').slice(0, 2)).toEqual([
      'due         state  days     agency    cycle        period',
      '2026-12-31  open   30 left  省水利厅  half-yearly  2026H2',
    ]);
    expect(await pprd('deadlines', '--now', NOW, '--lang', 'fr')).toEqual({
      code: 2,
      out: '',
      err: 'pprd: --lang "fr" — fix: use zh-CN or en\n',
    });
  });

  test('pprd preview', async () => {
    const zh = await pprd(
      'preview',
      '--from',
      '2026-12-28',
      '--to',
      '2026-12-31',
      '--agency',
      '省水利厅',
      '--now',
      NOW,
    );
    expect(zh.out).toBe(
      [
        '日期        时间   类型      偏移  单位      周期         期次    截止日期',
        '2026-12-28  09:00  提前提醒  3     省水利厅  half-yearly  2026H2  2026-12-31',
        '2026-12-30  09:00  提前提醒  1     省水利厅  half-yearly  2026H2  2026-12-31',
        '2026-12-31  09:00  到期提醒  0     省水利厅  half-yearly  2026H2  2026-12-31',
        '共 3 条提醒',
        '',
      ].join('\n'),
    );
    const en = await pprd(
      'preview',
      '--from',
      '2026-12-28',
      '--to',
      '2026-12-31',
      '--agency',
      '省水利厅',
      '--now',
      NOW,
      '--lang',
      'en',
    );
    expect(en.out.split('\n')[0]).toBe('date        time   kind    offset  agency    cycle        period  due');
    expect(en.out.endsWith('\n3 reminders\n')).toBe(true);
  });
});

describe('one composed message, the same words in every medium (issue 10)', () => {
  test('a late, provisional reminder: the 补发 and 暂定 notes read the same in email, Slack and DingTalk', () => {
    const r: Reminder = {
      ...t5(JTT),
      key: `half-yearly/2027H1/${JTT}/before/1`,
      occurrenceKey: `half-yearly/2027H1/${JTT}`,
      cycle: 'half-yearly',
      period: '2027H1',
      due: '2027-06-30',
      date: '2027-06-29',
      at: '2027-06-29T09:00:00.000+08:00',
      kind: 'before',
      offset: 1,
      provisional: true,
      dueProvisional: true,
    };
    const m = composeReminder({
      ...at,
      catalog,
      now: '2027-06-30T15:00:00+08:00',
      late: true,
      reminder: r,
      cycle: { id: 'half-yearly', name: '泛珠合作事项半年报送', submitTo: '省泛珠办' },
      to: { name: '交通联络人', language: 'zh-CN' },
    });
    const late = '本提醒原定于 2027-06-29（星期二） 09:00 发送，因提醒服务中断，现补发。';
    const provisional = '暂定：2027年节假日安排尚未公布，日期按周一至周五工作日推算，可能调整。';
    const email = formatEmail(m).text;
    const slack = (formatSlack(m).blocks as { type: string; elements?: { text: string }[] }[])
      .filter((b) => b.type === 'context')
      .map((b) => b.elements![0].text);
    const robot = renderRobotMarkdown(robotDocOfMessage(m), 'dingtalk');
    for (const words of [late, provisional]) {
      expect(email).toContain(`\n\n${words}\n\n`);
      expect(slack).toContain(words);
      expect(robot).toContain(`\n\n${words}\n\n`);
    }
    expect(formatSlack(m).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '报送提醒：泛珠合作事项半年报送 2027H1', emoji: true },
    });
    expect(email.startsWith('交通联络人：\n\n本提醒原定于')).toBe(true);
  });
});
