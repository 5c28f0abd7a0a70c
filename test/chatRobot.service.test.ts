import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FakeRobots, startFakeRobots } from './helpers/fakeChatRobots.ts';
import { JTT, withRobots } from './helpers/robotsConfig.ts';
import { startWebWorld, type WebWorld } from './helpers/webWorld.ts';

/** GET following the link's 303 (token into a cookie) as a browser does; status and body of the page. */
async function open(url: string): Promise<{ status: number; body: string }> {
  let cookie = '';
  let next = url;
  for (let i = 0; i < 3; i++) {
    const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    if (res.status !== 303) return { status: res.status, body: await res.text() };
    next = new URL(res.headers.get('location')!, next).toString();
  }
  throw new Error('too many redirects');
}

/** The markdown link `[text](url)` on a robot message's last line. */
function lastLink(markdown: string): { text: string; url: string } {
  const m = /\[([^\]]+)\]\((\S+)\)$/.exec(
    markdown
      .split('\n')
      .filter((l) => !l.startsWith('@'))
      .at(-1) ?? '',
  );
  if (!m) throw new Error(`no link on the last line of:\n${markdown}`);
  return { text: m[1], url: m[2] };
}

let fake: FakeRobots;
let world: WebWorld;
beforeAll(async () => {
  // The robots sign with the real wall clock (the service's robots do): the fake checks against it too.
  fake = await startFakeRobots(Date.now);
  world = await startWebWorld(
    {
      PPRD_ROBOT_OFFICE_URL: fake.wecom('office-key'),
      PPRD_ROBOT_JTT_URL: fake.dingtalk('jtt-token', 'SECjtt-secret'),
      PPRD_ROBOT_JTT_SECRET: 'SECjtt-secret',
    },
    withRobots,
  );
}, 60_000);
afterAll(async () => {
  await world?.close();
  await fake?.close();
});

describe('group robots carry the board link (issue 13 gap 1)', () => {
  test("the agency's robot gets its occurrence link, which opens that report's page; a tampered one is 401", async () => {
    // 2020-06-23 09:00: the 7-day reminders of 2020H1.
    await world.service.tick();
    const got = fake.accepted.get('jtt-token') as { markdown: { text: string } }[];
    expect(got).toHaveLength(1);
    const link = lastLink(got[0].markdown.text);
    expect(link.text).toBe('打开报送页面，报送后点“已报送”');
    expect(link.url.startsWith(`${world.base}/o/half-yearly/2020H1/${encodeURIComponent(JTT)}?t=v1.`)).toBe(true);

    const page = await open(link.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain(JTT);
    expect(page.body).toContain('2020-06-30');
    expect(page.body).toContain('已报送');
    // The group sees its own agency, not another's.
    const other = await open(link.url.replace(encodeURIComponent(JTT), encodeURIComponent('省教育厅')));
    expect(other.status).toBe(403);
    // One character of the signature changed: refused, nothing shown.
    const tampered = link.url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const refused = await open(tampered);
    expect(refused.status).toBe(401);
    expect(refused.body).not.toContain('2020-06-30');
  });

  test("the coordinators' robot gets the board link on the weekly digest, which opens the board", async () => {
    world.clock.set(Date.parse('2020-06-29T09:00:00+08:00'));
    await world.service.tick();
    const got = fake.accepted.get('office-key') as { markdown: { content: string } }[];
    expect(got).toHaveLength(1);
    expect(got[0].markdown.content).toContain('每周');
    const link = lastLink(got[0].markdown.content);
    expect(link.text).toBe('打开报送看板');
    expect(link.url.startsWith(`${world.base}/?t=v1.`)).toBe(true);
    const board = await open(link.url);
    expect(board.status).toBe(200);
    expect(board.body).toContain('报送看板');
    expect(board.body).toContain('2020H1');
  });
});
