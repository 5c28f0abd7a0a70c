import { describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { parseCommand, slackFromEnv } from '../src/channels/slack/index.ts';
import type { CycleConfig } from '../src/config/types.ts';
import {
  buildCoordinatorDigest,
  type DigestView,
  decodeOccurrenceRef,
  escapeSlack,
  MAX_BLOCKS,
  MAX_SECTION_CHARS,
  renderDigestBlocks,
  renderReminderSlack,
  renderStatusBlocks,
  type SlackMessage,
} from '../src/digest/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { halfYearly, planConfig } from './fixtures/planConfig.ts';

type AnyBlock = { type: string; text?: { type: string; text: string }; elements?: { type: string; text?: unknown }[] };

/** Every limit of Slack's Block Kit this project relies on. */
function expectWithinSlackLimits(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(3000);
  for (const b of m.blocks as AnyBlock[]) {
    if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'context') {
      expect(b.elements!.length).toBeLessThanOrEqual(10);
      for (const e of b.elements!) expect(String(e.text).length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
    }
  }
}

function sections(m: SlackMessage): string[] {
  return (m.blocks as AnyBlock[]).filter((b) => b.type === 'section').map((b) => b.text!.text);
}

/** A catalog of `n` agencies with long names (one of them hostile), for size tests. */
function bigCatalog(n: number): Catalog {
  const agencies = Array.from({ length: n }, (_, i) => ({
    name: i === 7 ? '<!channel> & 省某某厅' : `省第${String(i + 1).padStart(3, '0')}号合作事务协调管理服务中心`,
    group: false,
  }));
  return {
    document: { number: '测〔2017〕1号', issuer: '测试', issued: '2017-01-20', title: '测试' },
    tasks: [
      {
        id: '1',
        section: '二(一)',
        sectionTitle: '测试',
        title: '测试任务',
        paragraphs: ['p'],
        assignments: [
          { paragraph: 1, line: 1, lead: [agencies[0].name], support: agencies.slice(1).map((a) => a.name) },
        ],
      },
    ],
    agencies,
    targets: [],
    obligations: [],
    warnings: [],
  };
}

describe('a 120-agency coordinators digest within Slack limits', () => {
  const catalog = bigCatalog(120);
  const now = '2020-07-06T09:00:00+08:00';
  const config = planConfig([halfYearly]);
  const plan = planSchedule({
    catalog,
    config,
    calendar: createCalendar([], config.timezone),
    now,
    from: '2019-06-30',
  });
  const digest = buildCoordinatorDigest({ plan, cycles: config.cycles, now, timezone: config.timezone }) as DigestView;

  test('the real digest builder gives 120 missing in 2020H1 and 360 overdue, rendered in ≤ 50 blocks, sections ≤ 3000 chars', () => {
    expect(digest.rounds.map((r) => [r.period, r.total, r.submitted, r.missing.length, r.overdue.length])).toEqual([
      ['2020H1', 120, 0, 120, 120],
    ]);
    expect(digest.overdue).toHaveLength(360);
    for (const lang of ['zh-CN', 'en'] as const) {
      const m = renderDigestBlocks(digest, lang);
      expectWithinSlackLimits(m);
    }
  });

  test('long lists end with "…等另外 N 个" and shown + N adds up to the whole list', () => {
    const m = renderDigestBlocks(digest, 'zh-CN');
    const round = sections(m).find((s) => s.includes('2020H1'))!;
    const missing = /未报送 \(120\): (.*)/.exec(round)![1];
    const more = /…等另外 (\d+) 个$/.exec(missing);
    expect(more).not.toBeNull();
    const shown = missing.replace(/ …等另外 \d+ 个$/, '').split('、').length;
    expect(shown + Number(more![1])).toBe(120);

    // Overdue reads as one line per round (the email's lines): 2019H1, 2019H2, 2020H1, each naming its 120 agencies, cut short.
    const overdue = sections(m).find((s) => s.startsWith('*逾期未报送 (360)*'))!;
    const rounds = overdue.split('\n').slice(1);
    expect(
      rounds.map((l) =>
        /^(\d{4}H\d) 泛珠合作事项半年报送（截止 ([\d-]+)（星期.），已逾期 \d+ 天(?:，均已督办)?）120 个：/
          .exec(l)
          ?.slice(1, 3),
      ),
    ).toEqual([
      ['2019H1', '2019-06-30'],
      ['2019H2', '2019-12-31'],
      ['2020H1', '2020-06-30'],
    ]);
    for (const l of rounds) {
      const names = l.split('个：')[1];
      const n = Number(/…等另外 (\d+) 个$/.exec(names)![1]);
      expect(names.replace(/ …等另外 \d+ 个$/, '').split('、').length + n).toBe(120);
    }

    const en = renderDigestBlocks(digest, 'en');
    expect(sections(en).join('\n')).toMatch(/…and \d+ more/);
  });

  test('a digest with more rounds than fit keeps 50 blocks, the last saying how many were left out', () => {
    const many: DigestView = {
      ...digest,
      rounds: Array.from({ length: 80 }, (_, i) => ({ ...digest.rounds[0], cycle: `c${i}`, cycleName: `周期${i}` })),
    };
    const m = renderDigestBlocks(many, 'zh-CN');
    expect(m.blocks).toHaveLength(MAX_BLOCKS);
    const last = m.blocks.at(-1) as AnyBlock;
    // 1 header + 80 rounds + divider + due soon + overdue + escalations (2019H2) = 85 wanted; 49 kept, 36 summarised.
    expect(digest.escalations.length).toBeGreaterThan(0);
    expect(last).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…等另外 36 个' }] });
    expectWithinSlackLimits(m);
  });

  test('<!channel> in an agency name is escaped everywhere: blocks and fallback text', () => {
    for (const m of [renderDigestBlocks(digest, 'zh-CN'), renderStatusBlocks(digest, 'en')]) {
      const json = JSON.stringify(m);
      expect(json).not.toContain('<!channel>');
      expect(json).toContain('&lt;!channel&gt; &amp; 省某某厅');
    }
  });
});

describe('reminder blocks', () => {
  const catalog = bigCatalog(3);
  const cycle: Pick<CycleConfig, 'id' | 'name' | 'submitTo'> = {
    id: 'half-yearly',
    name: '泛珠合作事项半年报送',
    submitTo: '省泛珠办',
  };
  const reminder = {
    key: 'half-yearly/2020H1/x/before/7',
    occurrenceKey: 'half-yearly/2020H1/x',
    date: '2020-06-23',
    time: '09:00',
    at: '2020-06-23T09:00:00.000+08:00',
    agency: catalog.agencies[0].name,
    cycle: 'half-yearly',
    period: '2020H1',
    due: '2020-06-30',
    kind: 'before' as const,
    offset: 7,
    provisional: false,
    dueProvisional: false,
  };
  const base = {
    reminder,
    catalog,
    cycle,
    now: '2020-06-23T09:00:00+08:00',
    timezone: 'Asia/Shanghai',
    sendAt: '09:00',
    late: false,
  };

  test('same facts as the email, two buttons carrying the occurrence', () => {
    const m = renderReminderSlack({ ...base, to: { name: '联络人', language: 'zh-CN', slackId: 'U1' } });
    expectWithinSlackLimits(m);
    const text = sections(m).join('\n');
    // The facts are the email's lines (one composed message), values in bold.
    expect(text).toContain(
      '报送单位：*省第001号合作事务协调管理服务中心*\n报送事项：*泛珠合作事项半年报送*\n报送期次：*2020年上半年（2020H1）*\n报送对象：*省泛珠办*',
    );
    expect(text).toContain('*截止日期：2020-06-30（星期二），还有 7 天*');
    expect(text).toContain('• 任务1 测试任务（牵头）');
    const actions = (
      m.blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]
    ).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.text.text)).toEqual(['已报送 / Mark submitted', '详情 / Details']);
    expect(actions.elements!.map((e) => decodeOccurrenceRef(e.value))).toEqual([
      { cycle: 'half-yearly', period: '2020H1', agency: '省第001号合作事务协调管理服务中心' },
      { cycle: 'half-yearly', period: '2020H1', agency: '省第001号合作事务协调管理服务中心' },
    ]);
  });

  test('a hostile agency name is escaped in text, kept exact in the button value', () => {
    const hostile = { ...reminder, agency: '<!channel> & 省某某厅' };
    const m = renderReminderSlack({ ...base, reminder: hostile, to: { name: 'x', language: 'en' } });
    const json = JSON.stringify({ text: m.text, sections: sections(m) });
    expect(json).not.toContain('<!channel>');
    expect(m.text).toContain(
      'Reminder: 泛珠合作事项半年报送 2020H1\nAgency: &lt;!channel&gt; &amp; 省某某厅\nReport: 泛珠合作事项半年报送',
    );
    expect(m.text).toContain('Due date: Tuesday 2020-06-30 — 7 days left');
    const actions = (m.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions')!;
    expect(decodeOccurrenceRef(actions.elements![0].value)?.agency).toBe('<!channel> & 省某某厅');
  });

  test('escapeSlack escapes exactly &, < and >', () => {
    expect(escapeSlack('a & b <@U1> <!here> "q"')).toBe('a &amp; b &lt;@U1&gt; &lt;!here&gt; "q"');
  });
});

describe('/pprd parsing', () => {
  test.each([
    ['', { kind: 'help', public: false }],
    ['帮助', { kind: 'help', public: false }],
    ['status', { kind: 'status', public: false }],
    ['状态 2020h1 公开', { kind: 'status', period: '2020H1', public: true }],
    ['单位 省交通运输厅', { kind: 'agency', name: '省交通运输厅', public: false }],
    ['部门　交通运输厅', { kind: 'agency', name: '交通运输厅', public: false }],
    ['任务 g1', { kind: 'task', id: 'G1', public: false }],
    ['到期', { kind: 'due', days: 14, public: false }],
    ['due 30 public', { kind: 'due', days: 30, public: true }],
    ['逾期', { kind: 'overdue', public: false }],
    ['目标', { kind: 'targets', public: false }],
    ['已报送 half-yearly 2020H2', { kind: 'submit', cycle: 'half-yearly', period: '2020H2', public: false }],
    [
      'submit half-yearly 2020H2 省教育厅',
      { kind: 'submit', cycle: 'half-yearly', period: '2020H2', agency: '省教育厅', public: false },
    ],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test.each([
    ['due 0', 'DAYS should be a whole number from 1 to 366; got "0"'],
    ['due soon', 'DAYS should be a whole number from 1 to 366; got "soon"'],
    ['status 2020H3', 'PERIOD should look like 2020H1'],
    ['submit half-yearly', 'Usage: `/pprd submit CYCLE PERIOD [AGENCY]`'],
    ['task x7', 'Task ID should be 1-30 or G1-G4'],
    ['frobnicate', 'Unknown subcommand "frobnicate"'],
  ])('%j is refused with a message saying what is expected', (text, message) => {
    const c = parseCommand(text);
    expect(c.kind).toBe('error');
    expect(c.kind === 'error' && c.en).toContain(message.replace('2020H1', '2026H1'));
  });
});

describe('slackFromEnv', () => {
  test('no Slack variables: null, and "Slack not configured" logged once', () => {
    const lines: string[] = [];
    const log = { info: (_o: object, m?: string) => lines.push(m ?? ''), warn() {}, error() {} };
    expect(slackFromEnv({ PORT: '8080' }, log)).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Slack not configured/);
  });

  test('HTTP mode with PORT, Socket Mode with an app token, SLACK_API_URL passed on', () => {
    expect(
      slackFromEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        PORT: '8080',
        SLACK_API_URL: 'http://127.0.0.1:1/api/',
      }),
    ).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      appToken: undefined,
      apiUrl: 'http://127.0.0.1:1/api/',
      port: 8080,
      mode: 'http',
    });
    expect(slackFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })?.mode).toBe('socket');
    expect(slackFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })?.port).toBe(3000);
  });

  test('partly configured: an error naming every missing variable, with no secret in it', () => {
    const e = (() => {
      try {
        slackFromEnv({ SLACK_SIGNING_SECRET: 'top-secret-value', PORT: 'eighty' });
      } catch (err) {
        return err as Error & { code: string; exitCode: number };
      }
      return null;
    })();
    expect(e?.code).toBe('PPRD_SLACK_CONFIG');
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toContain('SLACK_BOT_TOKEN is missing');
    expect(e?.message).toContain('PORT="eighty" is not a port number');
    expect(e?.message).not.toContain('top-secret-value');
  });
});
