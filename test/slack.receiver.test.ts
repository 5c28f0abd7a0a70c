import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createSlackApp, type SlackApp, type SlackLog, type SlackServices } from '../src/channels/slack/index.ts';
import { ACTION_DETAILS, ACTION_SUBMIT, encodeOccurrenceRef } from '../src/digest/index.ts';
import { createRouter, serviceRoutes } from '../src/service/index.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { buttonBody, commandBody, postSigned, slackSignature } from './helpers/slackSign.ts';
import {
  COORDINATOR,
  COORDINATOR_EN,
  type SlackWorld,
  STRANGER,
  slackWorld,
  TRANSPORT_CONTACT,
} from './helpers/slackWorld.ts';

const SECRET = 'test-signing-secret-0123456789';
const NOW = '2020-06-23T10:00:00+08:00';

interface Logged {
  level: string;
  obj: Record<string, unknown>;
}

function captureLog(): SlackLog & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (obj) => lines.push({ level: 'info', obj }),
    warn: (obj) => lines.push({ level: 'warn', obj }),
    error: (obj) => lines.push({ level: 'error', obj }),
  };
}

/** Section and context texts of a Block Kit message, joined. */
function blockText(body: Record<string, unknown>): string {
  const blocks = (body.blocks ?? []) as { text?: { text: string }; elements?: { text?: string }[] }[];
  return blocks.map((b) => b.text?.text ?? (b.elements ?? []).map((e) => e.text ?? '').join(' ')).join('\n');
}

let fake: FakeSlackApi;
let world: SlackWorld;
let slack: SlackApp;
let url: string;
let log: ReturnType<typeof captureLog>;
/**
 * When set, `status` (the work behind `/pprd status`) first waits until the test resolves it: a slow
 * database, say, for as long as the test likes (the receiver has no timer of its own: order is what counts).
 */
let held: Promise<void> | null = null;

function slowStatus(services: SlackServices): SlackServices {
  return {
    ...services,
    async status(scope, period) {
      if (held) await held;
      return services.status(scope, period);
    },
  };
}

beforeAll(async () => {
  fake = await createFakeSlackApi();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  held = null;
  world = slackWorld(NOW);
  log = captureLog();
  slack = createSlackApp({
    signingSecret: SECRET,
    botToken: 'xoxb-test-token',
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    services: slowStatus(world.services),
    logger: log,
    // The service's own endpoints ride on the receiver's port in HTTP mode.
    fallback: createRouter(
      serviceRoutes({
        dbOpen: () => world.db.open,
        refusedEdit: () => null,
        lastTick: () => null,
        calendarFeed: (agency) =>
          agency === '省交通运输厅' ? { status: 200, feed: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' } : { status: 404 },
      }),
    ),
  });
  const { port } = await slack.start();
  url = `http://127.0.0.1:${port}/slack/events`;
});
afterEach(async () => {
  await slack.stop();
  world.db.close();
});

let seq = 0;
function rid(): string {
  seq += 1;
  return `r${seq}`;
}
async function command(
  text: string,
  userId: string,
): Promise<{ status: number; ackMs: number; body: Record<string, unknown> }> {
  const id = rid();
  const res = await postSigned(url, SECRET, commandBody({ text, userId, responseUrl: fake.responseUrl(id) }));
  expect(res.status).toBe(200);
  await fake.waitFor(() => fake.responses.some((r) => r.id === id));
  return { status: res.status, ackMs: res.ackMs, body: fake.responses.find((r) => r.id === id)!.body };
}

describe('Bolt HTTP receiver with signed requests', () => {
  test('start() verified the token with auth.test against SLACK_API_URL, and custom routes share the port', async () => {
    expect(fake.calls.filter((c) => c.method === 'auth.test').at(-1)?.token).toBe('xoxb-test-token');
    const health = await fetch(url.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, db: 'open' });
    const feed = await fetch(url.replace('/slack/events', `/calendar/${encodeURIComponent('省交通运输厅')}.ics`));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    const unknown = await fetch(url.replace('/slack/events', `/calendar/${encodeURIComponent('省不存在厅')}.ics`));
    expect(unknown.status).toBe(404);
  });

  test('a bad signature gets 401 and no answer', async () => {
    const before = fake.responses.length;
    const res = await postSigned(
      url,
      SECRET,
      commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl(rid()) }),
      {
        badSignature: true,
      },
    );
    expect(res.status).toBe(401);
    const wrongSecret = await postSigned(
      url,
      'another-secret',
      commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl(rid()) }),
    );
    expect(wrongSecret.status).toBe(401);
    expect(fake.responses.length).toBe(before);
  });

  test('a 10-minute-old timestamp gets 401 even with a correct signature', async () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const res = await postSigned(
      url,
      SECRET,
      commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl(rid()) }),
      {
        timestampSec: tenMinutesAgo,
      },
    );
    expect(res.status).toBe(401);
  });
});

describe("Slack's 5-minute window, both ways, and replays", () => {
  test('a timestamp 10 minutes in the future gets 401 even with a correct signature, and nothing is answered', async () => {
    const id = rid();
    const tenMinutesAhead = Math.floor(Date.now() / 1000) + 600;
    const res = await postSigned(
      url,
      SECRET,
      commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl(id) }),
      { timestampSec: tenMinutesAhead },
    );
    expect(res.status).toBe(401);
    expect(log.lines.find((l) => l.obj.event === 'slack_request_refused')?.obj.reason).toMatch(
      /^x-slack-request-timestamp is 60\d s in the future \(more than 300 s from local time\)$/,
    );
    // One within the window (4 minutes ahead: clocks drift) is accepted.
    const near = await postSigned(
      url,
      SECRET,
      commandBody({ text: 'help', userId: COORDINATOR, responseUrl: fake.responseUrl(rid()) }),
      { timestampSec: Math.floor(Date.now() / 1000) + 240 },
    );
    expect(near.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses.some((r) => r.id === id)).toBe(false);
  });

  test('a replayed button click (same body, same signature) is refused and records one submission, not two', async () => {
    const id = rid();
    const body = buttonBody({
      actionId: ACTION_SUBMIT,
      value: encodeOccurrenceRef({ cycle: 'half-yearly', period: '2020H1', agency: '省交通运输厅' }),
      userId: TRANSPORT_CONTACT,
      responseUrl: fake.responseUrl(id),
    });
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(SECRET, body) };
    const first = await fetch(url, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.id === id));
    const replay = await fetch(url, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(log.lines.filter((l) => l.obj.event === 'slack_request_refused').map((l) => l.obj.reason)).toEqual([
      'replayed request: this signature was already accepted',
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(1);
    expect(world.submissions.map((s) => [s.agency, s.period, s.by])).toEqual([
      ['省交通运输厅', '2020H1', `slack:${TRANSPORT_CONTACT}`],
    ]);
  });
});

describe('/pprd status on the imported document', () => {
  test('coordinator: the 2020H1 round counts submissions, missing and overdue', async () => {
    for (const agency of ['省发展改革委', '省交通运输厅', '省教育厅']) {
      world.deps.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency,
        at: '2020-06-20T09:00:00+08:00',
        by: 'cli',
        via: 'cli',
      });
    }
    const { body } = await command('status', COORDINATOR);
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    // 63 single agencies owe the half-yearly report (the document's groups are not agencies).
    expect(text).toContain('*泛珠合作事项半年报送* 2020H1（截止 2020-06-30）：已报送 *3* / *63*');
    expect(text).toContain('未报送 (60)');
    expect(text).not.toContain('未报送 (60): 省发展改革委');
    const overdue = (await world.services.overdue('all')).length;
    expect(overdue).toBeGreaterThan(300); // every 2017H1-2019H2 report is unrecorded in this store
    expect(text).toContain(`*逾期未报 (${overdue})*`);
    expect(text).toMatch(/…等另外 \d+ 个/);
    expect(String(body.text)).toContain('泛珠合作事项半年报送 2020H1：已报送 3/63，未报送 60，逾期 0，已督办 0');
    expect((body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });

  test('an agency contact sees only their agency; a stranger sees no board', async () => {
    world.deps.recordSubmission({
      cycle: 'half-yearly',
      period: '2020H1',
      agency: '省交通运输厅',
      at: '2020-06-20T09:00:00+08:00',
      by: 'cli',
      via: 'cli',
    });
    const mine = blockText((await command('状态', TRANSPORT_CONTACT)).body);
    expect(mine).toContain('范围: 省交通运输厅');
    expect(mine).toContain('已报送 *1* / *1*');
    const stranger = blockText((await command('status', STRANGER)).body);
    expect(stranger).toContain('您不在协调人或单位联络人名单中');
    expect(stranger).not.toContain('已报送');
  });

  test('status PERIOD, public answers, and English for an English contact are honoured', async () => {
    const { body } = await command('状态 2019h2 公开', COORDINATOR);
    expect(body.response_type).toBe('in_channel');
    expect(blockText(body)).toContain('2019H2（截止 2019-12-31）：已报送 *0* / *63*');
    const en = await command('status', COORDINATOR_EN);
    expect(en.body.text).toMatch(
      /^Status on 2020-06-23\n泛珠合作事项半年报送 2020H1: submitted 0 of 63, missing 63, overdue 0, escalated 0/,
    );
    expect(blockText(en.body)).toContain('*泛珠合作事项半年报送* 2020H1 (due 2020-06-30): submitted *0* of *63*');
  });
});

describe('/pprd other subcommands', () => {
  test('agency by alias-free short name, and suggestions for a near miss', async () => {
    const found = blockText((await command('单位 交通运输厅', COORDINATOR)).body);
    expect(found).toContain('*省交通运输厅*（广东省交通运输厅）');
    expect(found).toContain('• 7 共建现代化综合交通运输体系');
    const miss = blockText((await command('agency 省交通运输局', COORDINATOR)).body);
    expect(miss).toContain('没有名为“省交通运输局”的单位。您是否要找：');
    expect(miss).toContain('省交通运输厅');
  });

  test('task 7 lists its leads; due 14 lists the 2020H1 reports due 2020-06-30 for the contact', async () => {
    const task = blockText((await command('任务 7', STRANGER)).body);
    expect(task).toContain('*7. 共建现代化综合交通运输体系*');
    expect(task).toContain('1. 牵头：省发展改革委、省交通运输厅；配合：—');
    const due = blockText((await command('到期', TRANSPORT_CONTACT)).body);
    expect(due).toContain('• *省交通运输厅* · 泛珠合作事项半年报送 2020H1 · 2020-06-30 · 还有 7 天');
  });

  test('an unknown subcommand answers with the way to get help', async () => {
    const { body } = await command('foo', COORDINATOR);
    expect(blockText(body)).toContain('不认识的子命令“foo”');
  });

  test('submit: a contact marks their own agency, not another; a coordinator any', async () => {
    const own = blockText((await command('报送 half-yearly 2020H1', TRANSPORT_CONTACT)).body);
    expect(own).toContain(`已由 <@${TRANSPORT_CONTACT}> 于 2020-06-23 10:00 标记为已报送`);
    expect(world.submissions.map((s) => [s.agency, s.period, s.by])).toEqual([
      ['省交通运输厅', '2020H1', `slack:${TRANSPORT_CONTACT}`],
    ]);

    const other = blockText((await command('submit half-yearly 2020H1 省教育厅', TRANSPORT_CONTACT)).body);
    expect(other).toContain('只有省教育厅的联络人或协调人可以标记其报送。未作任何记录。');
    expect(world.submissions).toHaveLength(1);

    const coord = blockText((await command('submit half-yearly 2020H1 教育厅', COORDINATOR)).body);
    expect(coord).toContain('*省教育厅*');
    expect(world.submissions.map((s) => s.agency)).toEqual(['省交通运输厅', '省教育厅']);

    const twice = blockText((await command('submit half-yearly 2020H1 省教育厅', COORDINATOR)).body);
    expect(twice).toContain(
      `省教育厅 · half-yearly 2020H1 此前已由 <@${COORDINATOR}> 标记为已报送（2020-06-23 10:00），未作改动。`,
    );

    const unknown = blockText((await command('submit yearly 2020H1 省教育厅', COORDINATOR)).body);
    expect(unknown).toContain('没有周期“yearly”');
    expect(world.submissions).toHaveLength(2);
  });
});

describe("Slack's 3-second rule", () => {
  test('a command whose work is still running is acknowledged under 1 s, and answered once the work ends', async () => {
    let release: () => void = () => {};
    held = new Promise<void>((r) => {
      release = r;
    });
    const id = rid();
    const res = await postSigned(
      url,
      SECRET,
      commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl(id) }),
    );
    // The ack came back while the work was still held (a receiver that acked after its work would never
    // answer here, and the test would time out).
    expect(res.status).toBe(200);
    expect(res.ackMs).toBeLessThan(1000);
    expect(fake.responses.some((r) => r.id === id)).toBe(false);
    // The work ends only now (past Slack's 3 s, were the test to wait): its answer follows.
    release();
    await fake.waitFor(() => fake.responses.some((r) => r.id === id), 20_000);
    expect(blockText(fake.responses.find((r) => r.id === id)!.body)).toContain('已报送 *0* / *63*');
  });
});

describe('reminder buttons', () => {
  const value = encodeOccurrenceRef({ cycle: 'half-yearly', period: '2020H1', agency: '省交通运输厅' });

  async function click(actionId: string, userId: string): Promise<Record<string, unknown>> {
    const id = rid();
    const res = await postSigned(
      url,
      SECRET,
      buttonBody({ actionId, value, userId, responseUrl: fake.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.id === id));
    return fake.responses.find((r) => r.id === id)!.body;
  }

  test("a stranger's click is refused and records nothing; the contact's click records and replaces the reminder", async () => {
    const refused = await click(ACTION_SUBMIT, STRANGER);
    expect(refused.replace_original).toBe(false);
    expect(refused.response_type).toBe('ephemeral');
    expect(blockText(refused)).toContain('只有省交通运输厅的联络人或协调人可以标记此项已报送。未作任何记录。');
    expect(world.submissions).toEqual([]);
    expect(log.lines.some((l) => l.obj.event === 'slack_submit_refused' && l.obj.user === STRANGER)).toBe(true);

    const done = await click(ACTION_SUBMIT, TRANSPORT_CONTACT);
    expect(done.replace_original).toBe(true);
    expect(blockText(done)).toContain(
      `✅ *省交通运输厅* · 泛珠合作事项半年报送 2020H1：已由 <@${TRANSPORT_CONTACT}> 于 2020-06-23 10:00 标记为已报送`,
    );
    expect(world.submissions.map(({ cycle, period, agency, at, by }) => ({ cycle, period, agency, at, by }))).toEqual([
      { cycle: 'half-yearly', period: '2020H1', agency: '省交通运输厅', at: NOW, by: `slack:${TRANSPORT_CONTACT}` },
    ]);
    // The planner now sees it submitted: no more reminders for it.
    const line = await world.services.occurrence({ cycle: 'half-yearly', period: '2020H1', agency: '省交通运输厅' });
    expect(line?.state).toBe('submitted');

    // A second click (say, by the coordinator) changes nothing and shows the first record.
    const again = await click(ACTION_SUBMIT, COORDINATOR);
    expect(again.replace_original).toBe(true);
    expect(blockText(again)).toContain(`已由 <@${TRANSPORT_CONTACT}> 于 2020-06-23 10:00 标记为已报送`);
    expect(world.submissions).toHaveLength(1);
  });

  test('Details answers the clicker privately and leaves the reminder', async () => {
    const details = await click(ACTION_DETAILS, STRANGER);
    expect(details.replace_original).toBe(false);
    expect(details.response_type).toBe('ephemeral');
    expect(blockText(details)).toContain('*省交通运输厅*（广东省交通运输厅）');
    expect(world.submissions).toEqual([]);
  });
});
