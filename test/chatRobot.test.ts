import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { type Channel, createMemoryChannel, robotsFromEnv } from '../src/channels/index.ts';
import {
  type Config,
  formatProblem,
  loadDirectory,
  type RobotConfig,
  readYamlFile,
  validatePprd,
} from '../src/config/index.ts';
import {
  buildStatus,
  fitRobotDoc,
  moreLine,
  renderRobotMarkdown,
  renderStatusText,
  robotDocOf,
  utf8Bytes,
} from '../src/digest/index.ts';
import { collectStatusInput, failedDeliveryLines, runTick, silentLog } from '../src/service/index.ts';
import { createDeliveryRepo, createRobotSendRepo, type Db } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { type FakeRobots, startFakeRobots } from './helpers/fakeChatRobots.ts';
import { shanghai } from './helpers/fixedClock.ts';
import { tempDb } from './helpers/tempDb.ts';

const JTT = '省交通运输厅';
const FGW = '省发展改革委';
const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

let t: ReturnType<typeof tempDb>;
let db: Db;
let catalog: Catalog;
let fake: FakeRobots;
/** The wall clock of the robots and of the fakes (virtual: tests never sleep). */
let wall = 0;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  t = tempDb();
  db = t.db;
  catalog = importRealCatalog(db);
  fake = await startFakeRobots(() => wall);
  env = {
    OFFICE_URL: fake.wecom('office-key'),
    JTT_URL: fake.dingtalk('jtt-token', 'SECjtt-secret'),
    JTT_SECRET: 'SECjtt-secret',
    FGW_URL: fake.feishu('fgw-hook', 'fgw-secret'),
    FGW_SECRET: 'fgw-secret',
  };
});
afterEach(async () => {
  await fake.close();
  t.cleanup();
});

const ROBOTS: RobotConfig[] = [
  { name: 'office', kind: 'wecom', urlEnv: 'OFFICE_URL', coordinators: true, agencies: [], language: 'zh-CN' },
  {
    name: 'jtt',
    kind: 'dingtalk',
    urlEnv: 'JTT_URL',
    secretEnv: 'JTT_SECRET',
    coordinators: false,
    agencies: [JTT],
    language: 'zh-CN',
  },
  {
    name: 'fgw',
    kind: 'feishu',
    urlEnv: 'FGW_URL',
    secretEnv: 'FGW_SECRET',
    coordinators: false,
    agencies: [FGW],
    language: 'zh-CN',
  },
];

function worldConfig(robots: RobotConfig[] = ROBOTS): Config {
  return {
    ...deliveryConfig({
      agencies: {
        [JTT]: [contact('交通联络人', 'sjtt@pprd.example.org', { mobile: '13800001111' })],
        [FGW]: [contact('发改联络人', 'sfgw@pprd.example.org')],
      },
      coordinators: [contact('省泛珠办 协调员一', 'coordinator1@pprd.example.org', { mobile: '13900002222' })],
      digests: [{ id: 'weekly', audience: 'coordinators', schedule: '0 9 * * 1' }],
    }),
    robots,
  };
}

/** The service's channels after a (re)start: email (memory) and the robots, sends counted in `dbx`. */
function channelsOf(
  config: Config,
  dbx: Db = db,
): { email: ReturnType<typeof createMemoryChannel>; channels: Channel[] } {
  const email = createMemoryChannel({ name: 'email', reach: (to) => Boolean(to.email) });
  return {
    email,
    channels: [email, ...robotsFromEnv(config.robots ?? [], env, createRobotSendRepo(dbx), { clock: () => wall })],
  };
}

async function tickAt(config: Config, channels: Channel[], local: string, dbx: Db = db) {
  const now = shanghai(local);
  wall = ms(now);
  return runTick({ db: dbx, catalog, config, channels, now, log: silentLog });
}

const acceptedCount = (id: string) => fake.accepted.get(id)?.length ?? 0;

describe('group robots: a 2020H1 round', () => {
  test('reaches every configured group once, as the email does, and a restart sends nothing again', async () => {
    const config = worldConfig();
    let { email, channels } = channelsOf(config);
    const days: string[] = [];
    for (let d = DateTime.fromISO('2020-06-23'); d <= DateTime.fromISO('2020-07-08'); d = d.plus({ days: 1 }))
      days.push(`${d.toISODate()}T09:00`);
    for (const day of days) await tickAt(config, channels, day);

    const repo = createDeliveryRepo(db);
    const sentKeys = (channel: string) =>
      repo
        .list({ status: 'sent' })
        .filter((r) => r.channel === channel)
        .map((r) => r.key)
        .sort();
    // The agency groups get exactly the reminders their contact's email got, one POST each.
    const jttMail = repo
      .list({ status: 'sent' })
      .filter((r) => r.channel === 'email' && r.agency === JTT)
      .map((r) => r.key)
      .sort();
    expect(jttMail.length).toBeGreaterThanOrEqual(5);
    expect(sentKeys('dingtalk:jtt')).toEqual(jttMail);
    expect(acceptedCount('jtt-token')).toBe(jttMail.length);
    const fgwMail = repo
      .list({ status: 'sent' })
      .filter((r) => r.channel === 'email' && r.agency === FGW)
      .map((r) => r.key)
      .sort();
    expect(sentKeys('feishu:fgw')).toEqual(fgwMail);
    expect(acceptedCount('fgw-hook')).toBe(fgwMail.length);
    // The office group: the Monday digests of 06-29 and 07-06 and the one folded escalation of 2020H1.
    expect(sentKeys('wecom:office')).toEqual([
      'digest/weekly/2020-06-29T09:00',
      'digest/weekly/2020-07-06T09:00',
      'escalation:half-yearly/2020H1/2020-07-07',
    ]);
    expect(acceptedCount('office-key')).toBe(3);
    expect(repo.list({ status: 'dead' })).toEqual([]);
    expect(repo.list({ status: 'failed' })).toEqual([]);

    // What DingTalk received: the 7-day reminder in markdown, the contact @-mentioned by mobile.
    const first = fake.accepted.get('jtt-token')![0] as {
      markdown: { title: string; text: string };
      at: { atMobiles: string[] };
    };
    expect(first.markdown.title).toBe(
      email.sent.find((m) => m.key.startsWith('half-yearly/2020H1/省交通运输厅/before/7'))!.subject,
    );
    expect(first.markdown.text).toContain('截止日期：2020-06-30（星期二），还有 7 天');
    expect(first.at.atMobiles).toEqual(['13800001111']);
    expect(first.markdown.text.endsWith('@13800001111')).toBe(true);
    // What Feishu received: a post with the same subject as title.
    const fgwFirst = fake.accepted.get('fgw-hook')![0] as {
      content: { post: { zh_cn: { title: string; content: { text: string }[][] } } };
    };
    expect(fgwFirst.content.post.zh_cn.title).toContain('还有 7 天');
    expect(fgwFirst.content.post.zh_cn.content[0][0].text).toBe(`${FGW}：`);
    // What WeCom received: the escalation within 4096 bytes.
    const esc = fake.accepted.get('office-key')![2] as { markdown: { content: string } };
    expect(esc.markdown.content.startsWith('### 【泛珠合作·督办】')).toBe(true);
    expect(utf8Bytes(esc.markdown.content)).toBeLessThanOrEqual(4096);
    expect(fake.answers.get('office-key')).toEqual([0, 0, 0]);

    // Restart: new channel objects on a second connection to the same file; the same day again sends nothing.
    const db2 = t.open();
    ({ email, channels } = channelsOf(config, db2));
    const again = await tickAt(config, channels, '2020-07-08T09:00', db2);
    expect(again).toMatchObject({ sent: 0, planned: 0 });
    expect(acceptedCount('jtt-token')).toBe(jttMail.length);
    expect(acceptedCount('office-key')).toBe(3);
  }, 60_000);
});

describe('group robots: rate limit', () => {
  test('20 a minute per DingTalk robot: the rest wait for the next free minute, none dropped, none refused, kept across a restart', async () => {
    const agencies = catalog.agencies
      .filter((a) => !a.group)
      .slice(0, 25)
      .map((a) => a.name);
    const config: Config = {
      ...deliveryConfig({
        agencies: Object.fromEntries(agencies.map((a, i) => [a, [contact(`联络人${i}`, `c${i}@pprd.example.org`)]])),
      }),
      robots: [
        {
          name: 'jtt',
          kind: 'dingtalk',
          urlEnv: 'JTT_URL',
          secretEnv: 'JTT_SECRET',
          coordinators: false,
          agencies,
          language: 'zh-CN',
        },
      ],
    };
    const r1 = await tickAt(config, channelsOf(config).channels, '2020-06-23T09:00');
    expect(acceptedCount('jtt-token')).toBe(20);
    expect(r1.retried).toBe(5);
    const repo = createDeliveryRepo(db);
    const waiting = repo.list({ status: 'failed' }).filter((r) => r.channel === 'dingtalk:jtt');
    expect(waiting).toHaveLength(5);
    expect(new Set(waiting.map((w) => w.nextAttemptAt))).toEqual(new Set(['2020-06-23T01:01:00.000Z']));
    expect(waiting[0].lastError).toMatch(/^rate-limit dingtalk:jtt: rate limit of 20\/60s reached; next free in 60 s$/);
    // Scheduled, not failed: status and the coordinators' digest do not list them as failed deliveries.
    expect(failedDeliveryLines(db).filter((l) => l.channel !== '-')).toEqual([]);
    const status = renderStatusText(
      buildStatus(collectStatusInput(db, catalog, config, shanghai('2020-06-23T09:00:30'))),
    );
    expect(status).not.toContain('dingtalk:jtt');

    // A restart 30 s later (new channel, new connection): the limit is read from SQLite, nothing is posted.
    const db2 = t.open();
    wall = ms(shanghai('2020-06-23T09:00')) + 30_000;
    const { channels } = channelsOf(config, db2);
    const early = channels.find((c) => c.name === 'dingtalk:jtt')!;
    await expect(
      early.send({
        key: 'k',
        messageId: 'm',
        to: { name: JTT, robot: 'dingtalk:jtt', language: 'zh-CN' },
        subject: 's',
        text: 't',
        html: '',
      }),
    ).rejects.toMatchObject({ kind: 'temporary', detail: 'rate-limit', retryAfterMs: 30_000 });
    expect(acceptedCount('jtt-token')).toBe(20);

    const r2 = await tickAt(config, channels, '2020-06-23T09:01', db2);
    expect(r2.sent).toBe(5);
    expect(acceptedCount('jtt-token')).toBe(25);
    // DingTalk never had to answer 130101: the sender kept the limit.
    expect(fake.answers.get('jtt-token')!.every((c) => c === 0)).toBe(true);
    const sent = repo
      .list({ status: 'sent' })
      .filter((r) => r.channel === 'dingtalk:jtt')
      .map((r) => r.key);
    expect(new Set(sent).size).toBe(25);
  }, 60_000);

  test("the platform's own rate-limit answer (WeCom 45009) is retried a minute later, not dead", async () => {
    const config = worldConfig();
    const { channels } = channelsOf(config);
    const office = channels.find((c) => c.name === 'wecom:office')!;
    // Another sender used up the robot's minute: fill the fake's window directly.
    for (let i = 0; i < 20; i++)
      await fetch(env.OFFICE_URL!, {
        method: 'POST',
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content: 'x' } }),
      });
    await expect(
      office.send({
        key: 'k',
        messageId: 'm',
        to: { name: '省泛珠办', robot: 'wecom:office', language: 'zh-CN' },
        subject: 's',
        text: 't',
        html: '',
      }),
    ).rejects.toMatchObject({
      kind: 'temporary',
      detail: 45009,
      retryAfterMs: 60_000,
    });
  });
});

describe('group robots: failures', () => {
  test('a removed robot (DingTalk 300001) is dead at once and reported in pprd status; the other groups still get theirs', async () => {
    fake.remove('jtt-token');
    const config = worldConfig();
    const r = await tickAt(config, channelsOf(config).channels, '2020-06-23T09:00');
    expect(r.dead).toBe(1);
    const dead = createDeliveryRepo(db).list({ status: 'dead' });
    expect(dead.map((d) => [d.key, d.channel, d.recipient])).toEqual([
      ['half-yearly/2020H1/省交通运输厅/before/7', 'dingtalk:jtt', 'robot:jtt'],
    ]);
    expect(acceptedCount('fgw-hook')).toBe(1);
    const status = renderStatusText(buildStatus(collectStatusInput(db, catalog, config, shanghai('2020-06-23T09:05'))));
    expect(status).toContain(
      'half-yearly/2020H1/省交通运输厅/before/7 → robot:jtt [dingtalk:jtt]: 300001 dingtalk:jtt: DingTalk refused the message: errcode 300001 token is not exist',
    );
  });

  test('a wrong signing secret (DingTalk 310000, Feishu 19021) is retried and names the variable to fix', async () => {
    env.JTT_SECRET = 'SECwrong';
    env.FGW_SECRET = 'wrong';
    const config = worldConfig();
    const r = await tickAt(config, channelsOf(config).channels, '2020-06-23T09:00');
    expect(r).toMatchObject({ dead: 0, retried: 2 });
    const failed = createDeliveryRepo(db).list({ status: 'failed' });
    expect(failed.map((f) => f.lastError?.split(' — ')[1]).sort()).toEqual([
      "fix: copy the robot's signing secret (security setting 加签/签名校验) into FGW_SECRET and restart",
      "fix: copy the robot's signing secret (security setting 加签/签名校验) into JTT_SECRET and restart",
    ]);
    expect(fake.answers.get('jtt-token')).toEqual([310000]);
    expect(fake.answers.get('fgw-hook')).toEqual([19021]);
  });

  test('a DingTalk timestamp more than an hour off is refused by the fake as DingTalk does', async () => {
    const config = worldConfig();
    const { channels } = channelsOf(config);
    const jtt = channels.find((c) => c.name === 'dingtalk:jtt')!;
    wall = ms(shanghai('2020-06-23T09:00'));
    const skewed = robotsFromEnv(config.robots!.slice(1, 2), env, createRobotSendRepo(db), {
      clock: () => wall - 3_600_001,
    })[0];
    await expect(
      skewed.send({
        key: 'k',
        messageId: 'm',
        to: { name: JTT, robot: 'dingtalk:jtt', language: 'zh-CN' },
        subject: 's',
        text: 't',
        html: '',
      }),
    ).rejects.toMatchObject({ detail: 310000 });
    await jtt.send({
      key: 'k',
      messageId: 'm',
      to: { name: JTT, robot: 'dingtalk:jtt', language: 'zh-CN' },
      subject: 's',
      text: 't',
      html: '',
    });
    expect(fake.answers.get('jtt-token')).toEqual([310000, 0]);
  });
});

describe('group robots: size limits', () => {
  test('a message over WeCom 4096 bytes keeps its head and says how many lines were left out', () => {
    const text = `汇总：\n${Array.from({ length: 300 }, (_, i) => `  - 第${i + 1}项 ${'单位'.repeat(5)}`).join('\n')}\n`;
    const doc = robotDocOf({ subject: '【泛珠合作】每周汇总', text }, 'zh-CN');
    const out = fitRobotDoc(doc, 4096, (d) => renderRobotMarkdown(d, 'wecom'));
    expect(utf8Bytes(out)).toBeLessThanOrEqual(4096);
    const kept = out.split('\n').filter((l) => l.startsWith('- 第')).length;
    expect(kept).toBe(96);
    expect(out.endsWith(moreLine(300 - kept, 'zh-CN'))).toBe(true);
    expect(out.split('\n').at(-2)).toBe(`- 第${kept}项 ${'单位'.repeat(5)}`);
  });
});

describe('config: robots', () => {
  const { directory } = loadDirectory('config/agencies.yaml');
  const check = (yaml: string) =>
    validatePprd(readYamlFile('config/pprd.yaml', yaml), { catalog, directory }).problems.map(formatProblem);

  test('a valid list resolves agency names and defaults the language', () => {
    const r = validatePprd(
      readYamlFile(
        'config/pprd.yaml',
        'robots:\n  - name: jtt\n    kind: dingtalk\n    urlEnv: JTT_URL\n    secretEnv: JTT_SECRET\n    agency: 交通运输厅\n',
      ),
      { catalog, directory },
    );
    expect(r.problems).toEqual([]);
    expect(r.value!.robots).toEqual([
      {
        name: 'jtt',
        kind: 'dingtalk',
        urlEnv: 'JTT_URL',
        secretEnv: 'JTT_SECRET',
        coordinators: false,
        agencies: [JTT],
        language: 'zh-CN',
      },
    ]);
  });

  test('every problem with its line and fix', () => {
    expect(
      check(
        'robots:\n  - name: office\n    kind: wecom\n    urlEnv: https://qyapi.weixin.qq.com/x\n    coordinators: true\n  - name: jtt\n    kind: dingtalk\n    urlEnv: JTT_URL\n    agency: 不存在厅\n',
      ),
    ).toEqual([
      'config/pprd.yaml:4:13 robots[0].urlEnv: urlEnv must be the NAME of an environment variable (upper-case, e.g. PPRD_ROBOT_OFFICE_URL), not the address itself — fix: name the environment variable that holds the webhook address, e.g. urlEnv: PPRD_ROBOT_OFFICE_URL, and set that variable',
    ]);
    const second = check('robots:\n  - name: jtt\n    kind: dingtalk\n    urlEnv: JTT_URL\n    agency: 不存在厅\n');
    expect(second).toHaveLength(2);
    expect(second[0]).toMatch(/^config\/pprd.yaml:3:11 robots\[0\]\.kind: a dingtalk robot needs secretEnv/);
    expect(second[1]).toMatch(/^config\/pprd.yaml:5:13 robots\[0\]\.agency: unknown agency "不存在厅"/);
  });

  test('a missing webhook variable refuses the start with its name and the fix; nothing is built', () => {
    expect(() => robotsFromEnv(ROBOTS, { JTT_URL: env.JTT_URL }, createRobotSendRepo(db))).toThrow(
      [
        'group robots not configured:',
        '- robot "office" (wecom): environment variable OFFICE_URL is not set — fix: set OFFICE_URL to the robot\'s webhook address (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…), or remove the robot from config/pprd.yaml',
        '- robot "jtt" (dingtalk): environment variable JTT_SECRET is not set — fix: set JTT_SECRET to the secret shown under the robot\'s security setting (加签, starts with SEC)',
        '- robot "fgw" (feishu): environment variable FGW_URL is not set — fix: set FGW_URL to the robot\'s webhook address (https://open.feishu.cn/open-apis/bot/v2/hook/…), or remove the robot from config/pprd.yaml',
        '- robot "fgw" (feishu): environment variable FGW_SECRET is not set — fix: set FGW_SECRET to the secret shown under the robot\'s security setting (签名校验)',
      ].join('\n'),
    );
  });
});
