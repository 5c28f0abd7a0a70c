import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signLink, verifyLink } from '../src/web/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';
import {
  COORDINATOR,
  EDUCATION_EMAIL,
  LINK_SECRET,
  startWebWorld,
  TRANSPORT_EMAIL,
  type WebWorld,
} from './helpers/webWorld.ts';

const TRANSPORT = '省交通运输厅';
const FEED = `/calendar/${encodeURIComponent(TRANSPORT)}.ics`;
const day = 86_400_000;
const token = (person: Parameters<typeof signLink>[0], secret = LINK_SECRET, expires = Date.now() + day) =>
  encodeURIComponent(signLink(person, secret, expires));

/** The calendar address in a received email's text part. */
function calendarLinkInMail(text: string | undefined): string {
  const m = /https?:\/\/\S+\/calendar\/\S+\.ics\?t=\S+/.exec(text ?? '');
  if (!m) throw new Error('no calendar link in the email text');
  return m[0];
}

let world: WebWorld;
beforeAll(async () => {
  // With an alarm the day before each deadline (config calendar.alarm), for the feed and the email's .ics.
  world = await startWebWorld({}, (dir) => {
    const file = join(dir, 'pprd.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^calendar: \{\}$/m, 'calendar:\n  alarm: 1'));
  });
  await world.service.tick();
  await world.smtp.waitFor(63);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe("the calendar feed needs the agency's signed link (issue 15)", () => {
  test("the 2020-06-23 reminder to 省交通运输厅 carries its contact's calendar address; it opens the feed, read by ical.js", async () => {
    const mail = world.smtp.received.find((m) => m.rcptTo.includes(TRANSPORT_EMAIL))!;
    expect(mail.parsed.text).toContain('在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：');
    const link = calendarLinkInMail(mail.parsed.text);
    const url = new URL(link);
    expect([url.origin, decodeURIComponent(url.pathname)]).toEqual([world.base, `/calendar/${TRANSPORT}.ics`]);
    expect(verifyLink(url.searchParams.get('t'), LINK_SECRET, Date.now())).toMatchObject({
      ok: true,
      person: { kind: 'contact', email: TRANSPORT_EMAIL },
    });
    expect(mail.parsed.html).toContain('>报送日历</a>');
    const res = await fetch(link);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const h1 = cal
      .getAllSubcomponents('vevent')
      .find((e) => e.getFirstPropertyValue('summary') === '泛珠合作事项半年报送 2020年上半年 截止')!;
    expect(h1.getFirstPropertyValue('dtstart')!.toString()).toBe('2020-06-30');
    // calendar.alarm: 1 — the day before, in the feed and in the email's attachment alike.
    expect(h1.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger')!.toString()).toBe('-P1D');
    const ics = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    const attached = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(attached.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger')!.toString()).toBe('-P1D');
    // The attachment is the feed's event: same UID, title and description (no admin command in it).
    for (const prop of ['uid', 'summary', 'description'])
      expect([prop, attached.getFirstPropertyValue(prop)]).toEqual([prop, h1.getFirstPropertyValue(prop)]);
    expect(attached.getFirstPropertyValue('description')).toBe(
      `${TRANSPORT}：泛珠合作事项半年报送（2020年上半年）报送省泛珠办，截止 2020-06-30。`,
    );
  });

  test('no link, a forged, an expired or a rotated-key link: 401 for a known and an unknown name alike, no feed', async () => {
    const bad = [
      '',
      `?t=${token({ kind: 'coordinator', name: COORDINATOR }, 'another-secret-of-at-least-32-characters!!')}`,
      `?t=${token({ kind: 'coordinator', name: COORDINATOR }, LINK_SECRET, Date.now() - 1000)}`,
      `?t=${token({ kind: 'contact', email: 'left@pprd.example.org' })}`,
      '?t=v1.garbage.x',
    ];
    for (const q of bad) {
      for (const path of [FEED, `/calendar/${encodeURIComponent('不存在的单位')}.ics`]) {
        const res = await fetch(`${world.base}${path}${q}`);
        const body = await res.text();
        expect([q, path, res.status]).toEqual([q, path, 401]);
        expect(JSON.parse(body)).toEqual({
          error:
            'this calendar opens only with your signed link (from a reminder email, the board, or `pprd link --calendar`)',
        });
        expect(body).not.toContain('BEGIN:VCALENDAR');
      }
    }
    const head = await fetch(`${world.base}${FEED}`, { method: 'HEAD' });
    expect(head.status).toBe(401);
  });

  test("another agency's contact gets 403 for 省交通运输厅's feed and 200 for its own; a coordinator opens any, 404 for an unknown name", async () => {
    const edu = token({ kind: 'contact', email: EDUCATION_EMAIL });
    const other = await fetch(`${world.base}${FEED}?t=${edu}`);
    expect([other.status, await other.json()]).toEqual([
      403,
      { error: 'your link does not give access to this agency' },
    ]);
    const own = await fetch(`${world.base}/calendar/${encodeURIComponent('省教育厅')}.ics?t=${edu}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('SUMMARY:泛珠合作事项半年报送 2020年上半年 截止');
    const coord = token({ kind: 'coordinator', name: COORDINATOR });
    // By full name too: the feed resolves names as before.
    expect(
      (await fetch(`${world.base}/calendar/${encodeURIComponent('广东省交通运输厅')}.ics?t=${coord}`)).status,
    ).toBe(200);
    const unknown = await fetch(`${world.base}/calendar/${encodeURIComponent('不存在的单位')}.ics?t=${coord}`);
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { error: 'no agency named 不存在的单位; see `pprd agencies`' },
    ]);
  });

  test("the agency's board page shows the viewer's own calendar address, and it opens the feed", async () => {
    const t = signLink({ kind: 'contact', email: TRANSPORT_EMAIL }, LINK_SECRET, Date.now() + day);
    const first = await fetch(`${world.base}/agency/${encodeURIComponent(TRANSPORT)}?t=${encodeURIComponent(t)}`, {
      redirect: 'manual',
    });
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    const page = await (
      await fetch(`${world.base}/agency/${encodeURIComponent(TRANSPORT)}`, { headers: { cookie } })
    ).text();
    expect(page).toContain('在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：');
    const href = /href="([^"]*\/calendar\/[^"]+)"/.exec(page)![1].replaceAll('&amp;', '&');
    expect(href).toBe(`${world.base}${FEED}?t=${encodeURIComponent(t)}`);
    expect((await fetch(href)).status).toBe(200);
  });
});

describe('pprd link --calendar', () => {
  let t: ReturnType<typeof tempDir>;
  const LINKS = { PPRD_LINK_SECRET: LINK_SECRET, PPRD_PUBLIC_URL: 'https://pprd.example.gov.cn/' };
  const pprd = (args: string[]) =>
    runCli(args, {
      PPRD_CONFIG: configFrom2017(),
      PPRD_DB: join(t.dir, 'pprd.sqlite'),
      PPRD_OUTBOX: join(t.dir, 'outbox'),
      SMTP_URL: '',
      SLACK_BOT_TOKEN: '',
      PPRD_NOW: '',
      PPRD_LINK_DAYS: undefined,
      ...LINKS,
    });
  beforeAll(async () => {
    t = tempDir();
    expect((await pprd(['import'])).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  test("prints a contact's own agency feed and a coordinator's for the agency named; refuses another agency or none", async () => {
    const contact = await pprd(['link', '--contact', TRANSPORT_EMAIL, '--calendar']);
    expect(contact.code).toBe(0);
    const url = new URL(contact.out.trim());
    expect([url.origin, decodeURIComponent(url.pathname)]).toEqual([
      'https://pprd.example.gov.cn',
      `/calendar/${TRANSPORT}.ics`,
    ]);
    expect(verifyLink(url.searchParams.get('t'), LINK_SECRET, Date.now())).toMatchObject({
      ok: true,
      person: { kind: 'contact', email: TRANSPORT_EMAIL },
    });

    const coord = await pprd(['link', '--coordinator', COORDINATOR, '--calendar', '广东省交通运输厅']);
    expect(decodeURIComponent(new URL(coord.out.trim()).pathname)).toBe(`/calendar/${TRANSPORT}.ics`);

    const noAgency = await pprd(['link', '--coordinator', COORDINATOR, '--calendar']);
    expect([noAgency.code, noAgency.err]).toEqual([
      2,
      "pprd: a coordinator's calendar link needs the agency — fix: e.g. `pprd link --coordinator NAME --calendar 省交通运输厅`\n",
    ]);
    const notTheirs = await pprd(['link', '--contact', TRANSPORT_EMAIL, '--calendar', '省教育厅']);
    expect([notTheirs.code, notTheirs.err]).toEqual([
      2,
      `pprd: this contact's link opens only ${TRANSPORT}, not "省教育厅" — fix: leave out the agency, or name one of theirs\n`,
    ]);
  });
});
