import { beforeAll, describe, expect, test } from 'vitest';
import type { Catalog } from '../src/catalog/index.ts';
import { createMemoryChannel } from '../src/channels/index.ts';
import { renderReminder } from '../src/digest/index.ts';
import type { Reminder } from '../src/schedule/index.ts';
import { runTick, silentLog } from '../src/service/index.ts';
import { openStore } from '../src/store/index.ts';
import { contact, deliveryConfig, importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';

let catalog: Catalog;
beforeAll(() => {
  const db = openStore(':memory:');
  catalog = importRealCatalog(db);
  db.close();
});

const HALF = { id: 'half-yearly', name: '泛珠合作事项半年报送', submitTo: '省泛珠办' };

function reminder(over: Partial<Reminder>): Reminder {
  const base: Reminder = {
    key: 'half-yearly/2020H1/省交通运输厅/before/7',
    occurrenceKey: 'half-yearly/2020H1/省交通运输厅',
    date: '2020-06-23',
    time: '09:00',
    at: '2020-06-23T09:00:00.000+08:00',
    agency: '省交通运输厅',
    cycle: 'half-yearly',
    period: '2020H1',
    due: '2020-06-30',
    kind: 'before',
    offset: 7,
    provisional: false,
    dueProvisional: false,
  };
  return { ...base, ...over };
}

describe('renderReminder', () => {
  test('a target progress request names the target, its period and how to mark it', () => {
    const r = reminder({
      key: 'target:T5/2020/省交通运输厅/due/0',
      occurrenceKey: 'target:T5/2020/省交通运输厅',
      cycle: 'target:T5',
      period: '2020',
      due: '2020-12-31',
      date: '2020-12-31',
      at: '2020-12-31T09:00:00.000+08:00',
      kind: 'due',
      offset: 0,
    });
    const m = renderReminder({
      reminder: r,
      catalog,
      to: { name: '交通联络人', language: 'zh-CN' },
      now: r.at,
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
    });
    expect(m.subject).toBe('【泛珠合作】2020年目标5进展报告（2020年度）：今天到期（2020-12-31 星期四截止）');
    expect(m.text).toContain(
      '目标：规划建设服务和辐射泛珠合作各方的高快速铁路网和高速公路网,实现到2020年内地九省区省会城市高速铁路互联互通',
    );
    // Contacts cannot run the admin CLI: the message never shows `pprd submit`.
    expect(m.text).not.toContain('pprd submit');
    expect(m.text).toContain('报送后，请告知省泛珠办登记为已报送，提醒即停止。');
  });

  test('an English escalation for a provisional year: agency, days overdue, no contacts, provisional note, no .ics', () => {
    const r = reminder({
      key: 'half-yearly/2027H1/省教育厅/escalation/-5',
      occurrenceKey: 'half-yearly/2027H1/省教育厅',
      agency: '省教育厅',
      period: '2027H1',
      due: '2027-06-30',
      date: '2027-07-07',
      at: '2027-07-07T09:00:00.000+08:00',
      kind: 'escalation',
      offset: -5,
      provisional: true,
      dueProvisional: true,
    });
    const m = renderReminder({
      reminder: r,
      catalog,
      cycle: HALF,
      to: { name: 'Coordinator', language: 'en' },
      now: r.at,
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
      agencyContacts: [],
    });
    expect(m.subject).toBe(
      '[PPRD escalation] 省教育厅 has not submitted: 泛珠合作事项半年报送, first half of 2027 (7 days overdue)',
    );
    expect(m.text).toContain('Due date: Wednesday 2027-06-30 (7 days overdue).');
    expect(m.text).toContain('  - none in config/contacts.yaml');
    expect(m.text).toContain('Provisional: the official holiday calendar for 2027 is not published yet');
    expect(m.attachments).toEqual([]);
    // Coordinators record it: the command is theirs.
    expect(m.text).toContain('pprd submit --agency 省教育厅 --cycle half-yearly --period 2027H1');
  });

  test('a provisional, late reminder says so in the subject and the text; the Slack button is offered to a Slack user', () => {
    const r = reminder({
      period: '2027H1',
      due: '2027-06-30',
      key: 'half-yearly/2027H1/省交通运输厅/before/1',
      occurrenceKey: 'half-yearly/2027H1/省交通运输厅',
      date: '2027-06-29',
      at: '2027-06-29T09:00:00.000+08:00',
      offset: 1,
      provisional: true,
      dueProvisional: true,
    });
    const m = renderReminder({
      reminder: r,
      catalog,
      cycle: HALF,
      to: { name: '交通联络人', language: 'zh-CN', slackId: 'U0JTT' },
      now: '2027-06-30T15:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: true,
    });
    expect(m.subject).toBe(
      '【补发】【泛珠合作】2027年上半年泛珠合作事项半年报送：今天到期（2027-06-30 星期三截止（暂定））',
    );
    expect(m.text).toContain('本提醒原定于 2027-06-29（星期二） 09:00 发送，因提醒服务中断，现补发。');
    expect(m.text).toContain('暂定：2027年节假日安排尚未公布');
    expect(m.text).toContain('也可在 Slack 提醒消息中点击「已报送 / Mark submitted」按钮。');
    // Slack not running: no button is promised; the contact tells 省泛珠办 (no admin command shown).
    const off = renderReminder({
      reminder: r,
      catalog,
      cycle: HALF,
      to: { name: '交通联络人', language: 'zh-CN', slackId: 'U0JTT' },
      now: '2027-06-30T15:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: true,
      slackButton: false,
    });
    expect(off.text).not.toContain('Slack');
    expect(off.text).toContain('报送后，请告知省泛珠办登记为已报送，提醒即停止。\n');
    expect(off.text).not.toContain('登记命令');
    expect(off.text).not.toContain('pprd submit');
  });

  test('names from config are escaped in HTML and kept as written in text', () => {
    const m = renderReminder({
      reminder: reminder({}),
      catalog,
      cycle: HALF,
      to: { name: '<b>张三</b> & "Co"', language: 'zh-CN' },
      now: '2020-06-23T09:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
    });
    expect(m.text.startsWith('<b>张三</b> & "Co"：')).toBe(true);
    expect(m.html).toContain('<p>&lt;b&gt;张三&lt;/b&gt; &amp; &quot;Co&quot;：</p>');
    expect(m.html).not.toContain('<b>张三');
  });

  test('the .ics event is the due date as an all-day date (no zone, no hour)', () => {
    const m = renderReminder({
      reminder: reminder({}),
      catalog,
      cycle: HALF,
      to: { name: 'x', language: 'zh-CN' },
      now: '2020-06-23T09:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:30',
      late: false,
    });
    const ics = m.attachments![0];
    expect(ics).toMatchObject({
      filename: 'half-yearly-2020H1.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
    expect(ics.content).toContain('DTSTART;VALUE=DATE:20200630\r\nDTEND;VALUE=DATE:20200701\r\n');
    expect(ics.content).toContain('DTSTAMP:20200623T010000Z');
    expect(ics.content).toMatch(/UID:[0-9a-f]{32}@pprd-reminder/);
  });

  test('an agency contact sees the personal link, never the CLI command (text, HTML, .ics); the escalation to coordinators has it and no "how to reach" line', () => {
    const office = { contact: '省泛珠办 王五，020-12345678' };
    const m = renderReminder({
      reminder: reminder({}),
      catalog,
      cycle: HALF,
      to: { name: '交通联络人', language: 'zh-CN' },
      now: '2020-06-23T09:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
      link: 'https://pprd.example.org/r/abc',
      office,
    });
    expect(m.text).toContain(
      '报送后，请打开您的个人链接，点击「已报送 / Mark submitted」，即登记为已报送，提醒随即停止。',
    );
    expect(m.text).toContain('https://pprd.example.org/r/abc');
    expect(m.text).toContain('也可告知省泛珠办代为登记。');
    for (const part of [m.text, m.html, m.attachments![0].content]) {
      expect(part).not.toContain('pprd submit');
      expect(part).not.toContain('登记命令');
    }
    expect(m.text.trimEnd().endsWith('如需联系工作人员：省泛珠办 王五，020-12345678（也可直接回复本邮件）。')).toBe(
      true,
    );

    const e = renderReminder({
      reminder: reminder({ key: 'half-yearly/2020H1/省交通运输厅/escalation/-5', kind: 'escalation', offset: -5 }),
      catalog,
      cycle: HALF,
      to: { name: '协调员', language: 'zh-CN' },
      now: '2020-07-07T09:00:00+08:00',
      timezone: 'Asia/Shanghai',
      sendAt: '09:00',
      late: false,
      agencyContacts: [],
      office,
    });
    expect(e.text).toContain('pprd submit --agency 省交通运输厅 --cycle half-yearly --period 2020H1');
    expect(e.text).not.toContain('如需联系工作人员');
  });
});

describe('the .ics of a deadline in a tick (issue 11: rendered once per event, not per recipient)', () => {
  test('three contacts of 省交通运输厅 (two Chinese, one English) and one of 省公安厅 at 2020-06-23 09:00: the two Chinese share one attachment, each is the text renderReminder gives alone', async () => {
    const db = openStore(':memory:');
    const cat = importRealCatalog(db);
    const config = deliveryConfig({
      agencies: {
        省交通运输厅: [
          contact('张三', 'zs@pprd.example.org'),
          contact('李四', 'ls@pprd.example.org'),
          contact('Wang Wu', 'ww@pprd.example.org', { language: 'en' }),
        ],
        省公安厅: [contact('赵六', 'zl@pprd.example.org')],
      },
    });
    const mem = createMemoryChannel({ name: 'email' });
    const r = await runTick({
      db,
      catalog: cat,
      config,
      channels: [mem],
      now: shanghai('2020-06-23T09:00'),
      log: silentLog,
    });
    db.close();
    expect(r.sent).toBe(4);
    const ics = (email: string) => mem.sent.find((m) => m.to.email === email)?.attachments?.[0];
    const [zs, ls, ww, zl] = ['zs', 'ls', 'ww', 'zl'].map((u) => ics(`${u}@pprd.example.org`)!);
    expect(zs).toBe(ls); // one rendering, the same object
    expect(ww).not.toBe(zs);
    expect(zl).not.toBe(zs);
    expect([zs, ww, zl].map((a) => a.filename)).toEqual([
      'half-yearly-2020H1.ics',
      'half-yearly-2020H1.ics',
      'half-yearly-2020H1.ics',
    ]);
    // Each is exactly what rendering that reminder alone gives (the same bytes as before it was shared).
    const alone = (to: { name: string; language: 'zh-CN' | 'en' }, agency: string) =>
      renderReminder({
        reminder: reminder({
          key: `half-yearly/2020H1/${agency}/before/7`,
          occurrenceKey: `half-yearly/2020H1/${agency}`,
          agency,
        }),
        catalog,
        cycle: HALF,
        to,
        now: '2020-06-23T09:00:00.000+08:00',
        timezone: 'Asia/Shanghai',
        sendAt: '09:00',
        late: false,
      }).attachments?.[0]?.content;
    expect(zs.content).toBe(alone({ name: '张三', language: 'zh-CN' }, '省交通运输厅'));
    expect(ww.content).toBe(alone({ name: 'Wang Wu', language: 'en' }, '省交通运输厅'));
    expect(zl.content).toBe(alone({ name: '赵六', language: 'zh-CN' }, '省公安厅'));
    expect(zl.content).toContain('省公安厅');
  });
});
