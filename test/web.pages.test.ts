import { describe, expect, test } from 'vitest';
import type { Config } from '../src/config/index.ts';
import { type BoardInput, buildBoard, buildStatus, occurrenceCell } from '../src/digest/index.ts';
import { createCalendar, planSchedule } from '../src/schedule/index.ts';
import { createScheduleRepo } from '../src/store/index.ts';
import { csrfTokenFor, renderBoardPage, renderOccurrencePage, signLink, verifyLink } from '../src/web/index.ts';
import { importedCatalog, slackTestConfig } from './helpers/slackWorld.ts';

/** 2020-06-23 09:00 Asia/Shanghai, seven days before the 2020H1 deadline. */
const NOW = '2020-06-23T09:00:00.000+08:00';
const coordinator = {
  lang: 'zh-CN' as const,
  viewer: { name: '协调人', coordinator: true, agencies: [] },
  csrf: 'csrf-token',
  timezone: 'Asia/Shanghai',
};

/** The real catalog and half-yearly cycle; records as given; deployed on `deployedOn`. */
function boardInput(
  record: (repo: ReturnType<typeof createScheduleRepo>) => void,
  deployedOn?: string,
  now = NOW,
): BoardInput {
  const { db, catalog } = importedCatalog();
  const config = slackTestConfig() as Config;
  const repo = createScheduleRepo(db);
  record(repo);
  const records = repo.records();
  const plan = planSchedule({ catalog, config, calendar: createCalendar([], config.timezone), records, now });
  return {
    plan,
    cycles: config.cycles,
    now,
    timezone: config.timezone,
    records,
    calendar: createCalendar([], config.timezone),
    deployedOn,
    agenciesWithoutContact: ['省教育厅'],
  };
}

describe('the board (pure: facts in, HTML out)', () => {
  test("each round has the status board's counts; a cell says who submitted, when and how", () => {
    const input = boardInput((repo) => {
      repo.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency: '省交通运输厅',
        by: '交通联络人',
        via: 'web',
        recordedAt: '2020-06-22T15:30:00.000+08:00',
      });
      // Slack writes its instants in UTC: shown in Asia/Shanghai like the others.
      repo.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency: '省科技厅',
        by: 'slack:U0KJT',
        via: 'slack',
        recordedAt: '2020-06-22T02:00:00.000Z',
      });
    });
    const view = buildBoard(input);
    expect(view.rounds.map((r) => r.period)).toEqual(['2020H1', '2019H2', '2019H1', '2018H2']);
    for (const r of view.rounds) {
      const status = buildStatus({ ...input, period: r.period }).rounds[0];
      expect([r.period, r.submitted, r.total, r.overdue.length]).toEqual([
        status.period,
        status.submitted,
        status.total,
        status.overdue.length,
      ]);
    }
    expect([view.rounds[0].submitted, view.rounds[0].total]).toEqual([2, 63]);
    const cell = view.rounds[0].cells.find((c) => c.agency === '省交通运输厅')!;
    expect(cell).toMatchObject({
      state: 'submitted',
      closedAt: '2020-06-22T15:30:00.000+08:00',
      by: '交通联络人',
      via: 'web',
      noContact: false,
    });
    expect(view.rounds[0].cells.find((c) => c.agency === '省教育厅')).toMatchObject({
      state: 'open',
      noContact: true,
      daysLeft: 7,
    });
    const html = renderBoardPage(view, coordinator, ['省交通运输厅']);
    expect(html).toContain('<strong>已报送 2 / 63</strong>');
    expect(html).toContain('<span class="state">2020-06-22 10:00 slack:U0KJT (Slack)</span>');
    expect(html).toContain('<span class="state">2020-06-22 15:30 交通联络人 (网页)</span>');
    expect(html).toContain('<span class="badge">无联络人</span>');
  });

  test('rounds before the deployment read as history, not red; after it an unrecorded report is overdue', () => {
    const input = boardInput(() => {}, '2020-06-01');
    const view = buildBoard(input);
    const h2 = view.rounds.find((r) => r.period === '2019H2')!;
    expect([h2.history, h2.cells[0].state]).toEqual([true, 'history']);
    expect(renderBoardPage(view, coordinator, [])).toContain('◌ 部署前未登记');
    const later = buildBoard({ ...boardInput(() => {}, '2020-06-01', '2020-07-03T09:00:00.000+08:00') });
    expect(later.rounds.find((r) => r.period === '2020H1')!.cells[0].state).toBe('overdue');
  });

  test('due soon counts working days: on Wed 2020-06-24 the 06-30 deadline is 3 working days away (端午 06-25..27 off, Sun 06-28 a make-up day), on Tue 06-23 it is 4', () => {
    const state = (now: string) =>
      buildBoard({ ...boardInput(() => {}, undefined, now), filter: { period: '2020H1' } }).rounds[0].cells.find(
        (c) => c.agency === '省发展改革委',
      )!;
    expect(state('2020-06-24T09:00:00.000+08:00')).toMatchObject({ state: 'due-soon', daysLeft: 6 });
    expect(state('2020-06-23T09:00:00.000+08:00')).toMatchObject({ state: 'open', daysLeft: 7 });
  });

  test('three days before the due date a cell is yellow (due soon); an extension shows its new date; filters keep only matching cells', () => {
    const input = boardInput(
      (repo) => {
        repo.recordExtension({
          cycle: 'half-yearly',
          period: '2020H1',
          agency: '省交通运输厅',
          to: '2020-07-31',
          by: '协调人',
          recordedAt: NOW,
        });
      },
      undefined,
      '2020-06-27T09:00:00.000+08:00',
    );
    const view = buildBoard({ ...input, filter: { period: '2020H1' } });
    expect(view.rounds.map((r) => r.period)).toEqual(['2020H1']);
    expect(view.rounds[0].cells.find((c) => c.agency === '省发展改革委')!.state).toBe('due-soon');
    expect(view.rounds[0].cells.find((c) => c.agency === '省交通运输厅')).toMatchObject({
      state: 'extended',
      due: '2020-07-31',
      originalDue: '2020-06-30',
    });
    const extended = buildBoard({ ...input, filter: { period: '2020H1', state: 'extended' } });
    expect(extended.rounds[0].cells.map((c) => c.agency)).toEqual(['省交通运输厅']);
    expect([extended.rounds[0].submitted, extended.rounds[0].total]).toEqual([0, 63]);
  });

  test('everything interpolated is escaped: a name with markup shows as text', () => {
    const input = boardInput((repo) => {
      repo.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency: '省交通运输厅',
        by: '<script>alert(1)</script>',
        recordedAt: NOW,
      });
    });
    const html = renderBoardPage(buildBoard(input), coordinator, ['"><img src=x>']);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<option value="&quot;&gt;&lt;img src=x&gt;">');
  });

  test('the occurrence page in English: the button, the CSRF field, the confirmation; no button once submitted', () => {
    const open = boardInput(() => {});
    const facts = {
      cell: occurrenceCell(open, 'half-yearly/2020H1/省交通运输厅')!,
      cycleName: '泛珠合作事项半年报送',
      submitTo: '省泛珠办',
      extensions: [],
      remindersSent: [],
    };
    const en = {
      lang: 'en' as const,
      viewer: { name: 'Contact', coordinator: false, agencies: ['省交通运输厅'] },
      csrf: 'tok"en',
      timezone: 'Asia/Shanghai',
    };
    const page = renderOccurrencePage(facts, en);
    expect(page).toContain(
      '<form method="post" action="/o/half-yearly/2020H1/%E7%9C%81%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E5%8E%85/submit?lang=en"><input type="hidden" name="csrf" value="tok&quot;en"><button class="primary" type="submit">已报送 / Mark submitted</button></form>',
    );
    expect(page).toContain('<tr><th>Due</th><td>2020-06-30</td></tr>');
    expect(page).not.toContain('Coordinator actions');
    const done = boardInput((repo) => {
      repo.recordSubmission({
        cycle: 'half-yearly',
        period: '2020H1',
        agency: '省交通运输厅',
        by: 'Contact',
        via: 'web',
        recordedAt: NOW,
      });
    });
    const after = renderOccurrencePage(
      { ...facts, cell: occurrenceCell(done, 'half-yearly/2020H1/省交通运输厅')! },
      en,
      'submitted',
    );
    expect(after).toContain(
      '✔ Recorded as submitted: 省交通运输厅, 泛珠合作事项半年报送, first half of 2020. No more reminders will be sent.',
    );
    expect(after).not.toContain('<button');
  });
});

describe('signed links', () => {
  const SECRET = 'k'.repeat(40);
  const at = Date.parse('2020-06-23T09:00:00+08:00');
  test('a link verifies until it expires; another key, an edited payload or a cut token do not', () => {
    const token = signLink({ kind: 'contact', email: 'SJTT@pprd.example.org' }, SECRET, at + 86_400_000);
    expect(verifyLink(token, SECRET, at)).toEqual({
      ok: true,
      person: { kind: 'contact', email: 'sjtt@pprd.example.org' },
      expiresMs: at + 86_400_000,
    });
    expect(verifyLink(token, SECRET, at + 86_400_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLink(token, 'r'.repeat(40), at)).toEqual({ ok: false, reason: 'bad-signature' });
    const [v, payload, mac] = token.split('.');
    const edited = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('sjtt', 'sjyt')).toString(
      'base64url',
    );
    expect(verifyLink(`${v}.${edited}.${mac}`, SECRET, at)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyLink(token.slice(0, -1), SECRET, at)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyLink('', SECRET, at)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyLink('v2.a.b', SECRET, at)).toEqual({ ok: false, reason: 'malformed' });
    expect(csrfTokenFor(token, SECRET)).not.toBe(
      csrfTokenFor(signLink({ kind: 'coordinator', name: '协调人' }, SECRET, at + 1000), SECRET),
    );
  });
});
