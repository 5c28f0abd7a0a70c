import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  buildAgencyDigest,
  buildCoordinatorDigest,
  buildStatus,
  renderCoordinatorDigest,
  renderStatusText,
  type StatusInput,
} from '../src/digest/index.ts';
import type { Occurrence, Reminder } from '../src/schedule/index.ts';
import { latestCronMatch } from '../src/service/index.ts';

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const local = (d: DateTime | null) => d?.setZone('Asia/Shanghai').toFormat("yyyy-MM-dd'T'HH:mm ccc") ?? null;

describe('latestCronMatch: the latest cron minute in (after, upTo] in the configured zone', () => {
  test('weekly Monday 09:00 Shanghai, whatever the host zone', () => {
    const m = latestCronMatch(
      '0 9 * * 1',
      'Asia/Shanghai',
      ms('2020-06-20T00:00:00+08:00'),
      ms('2020-06-23T10:00:00+08:00'),
    );
    expect(local(m)).toBe('2020-06-22T09:00 Mon');
    expect(m!.toUTC().toISO()).toBe('2020-06-22T01:00:00.000Z');
  });
  test('the upper bound is inclusive, the lower exclusive', () => {
    expect(
      local(
        latestCronMatch('0 9 * * 1', 'Asia/Shanghai', ms('2020-06-22T08:59:00+08:00'), ms('2020-06-22T09:00:00+08:00')),
      ),
    ).toBe('2020-06-22T09:00 Mon');
    expect(
      latestCronMatch('0 9 * * 1', 'Asia/Shanghai', ms('2020-06-22T09:00:00+08:00'), ms('2020-06-22T09:30:00+08:00')),
    ).toBeNull();
  });
  test('monthly on the 1st, last day of month (L), several matches in a window gives the latest', () => {
    expect(
      local(
        latestCronMatch('0 9 1 * *', 'Asia/Shanghai', ms('2020-06-01T00:00:00+08:00'), ms('2020-07-02T00:00:00+08:00')),
      ),
    ).toBe('2020-07-01T09:00 Wed');
    expect(
      local(
        latestCronMatch(
          '30 17 L * *',
          'Asia/Shanghai',
          ms('2020-02-01T00:00:00+08:00'),
          ms('2020-03-05T00:00:00+08:00'),
        ),
      ),
    ).toBe('2020-02-29T17:30 Sat');
    expect(
      local(
        latestCronMatch(
          '*/15 9 * * *',
          'Asia/Shanghai',
          ms('2020-06-22T09:00:00+08:00'),
          ms('2020-06-22T09:40:00+08:00'),
        ),
      ),
    ).toBe('2020-06-22T09:30 Mon');
  });
  test('day-of-month and day-of-week both restricted: either matches (Vixie cron)', () => {
    // 2020-06-13 is a Saturday; the 15th a Monday.
    expect(
      local(
        latestCronMatch(
          '0 9 13 * 1',
          'Asia/Shanghai',
          ms('2020-06-10T00:00:00+08:00'),
          ms('2020-06-14T00:00:00+08:00'),
        ),
      ),
    ).toBe('2020-06-13T09:00 Sat');
    expect(
      local(
        latestCronMatch(
          '0 9 13 * 1',
          'Asia/Shanghai',
          ms('2020-06-10T00:00:00+08:00'),
          ms('2020-06-16T00:00:00+08:00'),
        ),
      ),
    ).toBe('2020-06-15T09:00 Mon');
  });
});

const CYCLES = [
  { id: 'half-yearly', name: '泛珠合作事项半年报送', due: { dates: ['06-30', '12-31'] } },
  { id: 'progress-report', name: '定期向省政府报告进展情况', due: null },
];

function occ(
  period: string,
  agency: string,
  due: string,
  state: Occurrence['state'],
  extra: Partial<Occurrence> = {},
): Occurrence {
  return {
    key: `half-yearly/${period}/${agency}`,
    cycle: 'half-yearly',
    period,
    agency,
    due,
    originalDue: due,
    state,
    provisional: false,
    ...extra,
  };
}
function escalation(o: Occurrence, date: string): Reminder {
  return {
    key: `${o.key}/escalation/-5`,
    occurrenceKey: o.key,
    date,
    time: '09:00',
    at: `${date}T09:00:00.000+08:00`,
    agency: o.agency,
    cycle: o.cycle,
    period: o.period,
    due: o.due,
    kind: 'escalation',
    offset: -5,
    provisional: false,
    dueProvisional: false,
  };
}

function input(
  now: string,
  occurrences: Occurrence[],
  reminders: Reminder[] = [],
  extra: Partial<StatusInput> = {},
): StatusInput {
  return {
    plan: {
      occurrences,
      reminders,
      unscheduled: [{ id: 'progress-report', name: '定期向省政府报告进展情况' }],
      provisionalYears: [],
    },
    cycles: CYCLES,
    now,
    timezone: 'Asia/Shanghai',
    ...extra,
  };
}

describe('buildStatus: the status board', () => {
  const h1 = [
    occ('2020H1', '省发展改革委', '2020-06-30', 'submitted', { closedAt: '2020-06-28T10:00:00+08:00' }),
    occ('2020H1', '省交通运输厅', '2020-06-30', 'overdue'),
    occ('2020H1', '省教育厅', '2020-07-10', 'open', { originalDue: '2020-06-30' }),
  ];
  const h2 = [
    occ('2020H2', '省发展改革委', '2020-12-31', 'open'),
    occ('2020H2', '省交通运输厅', '2020-12-31', 'open'),
    occ('2020H2', '省教育厅', '2020-12-31', 'open'),
  ];
  const old = [occ('2019H2', '省交通运输厅', '2019-12-31', 'overdue')];

  test('the round just closed stays current for 14 days: submitted n of m, missing, overdue, escalated', () => {
    const all = [...old, ...h1, ...h2];
    const v = buildStatus(
      input('2020-07-08T10:00:00+08:00', all, [escalation(h1[1], '2020-07-07'), escalation(old[0], '2020-01-08')], {
        agenciesWithoutContact: ['省教育厅'],
      }),
    );
    expect(v.asOf).toBe('2020-07-08');
    expect(v.rounds).toEqual([
      {
        cycle: 'half-yearly',
        cycleName: '泛珠合作事项半年报送',
        period: '2020H1',
        due: '2020-06-30',
        total: 3,
        submitted: 1,
        missing: ['省交通运输厅', '省教育厅'],
        overdue: ['省交通运输厅'],
        escalated: ['省交通运输厅'],
        provisional: false,
      },
    ]);
    expect(v.unscheduled).toEqual([{ cycle: 'progress-report', cycleName: '定期向省政府报告进展情况' }]);
    expect(v.overdue.map((l) => `${l.period} ${l.agency} ${l.daysLeft} ${l.escalated ?? false}`)).toEqual([
      '2019H2 省交通运输厅 -190 true',
      '2020H1 省交通运输厅 -8 true',
    ]);
    expect(v.failed).toEqual([
      { what: '省教育厅', channel: '-', recipient: '-', error: 'no contact in config/contacts.yaml' },
    ]);
    const text = renderStatusText(v);
    expect(text).toContain('已报送 1 / 3');
    expect(text).toContain('未报送 (2): 省交通运输厅、省教育厅');
    expect(text).toContain(
      '2019H2 泛珠合作事项半年报送（截止 2019-12-31（星期二），已逾期 190 天，均已督办）1 个：省交通运输厅',
    );
    expect(renderStatusText(v, 'en')).toContain('submitted 1 of 3');
  });

  test('15 days after the due date the next round is current; a period can be asked for; scope filters agencies', () => {
    const all = [...h1, ...h2];
    expect(buildStatus(input('2020-07-15T10:00:00+08:00', all)).rounds[0].period).toBe('2020H2');
    expect(buildStatus(input('2020-07-15T10:00:00+08:00', all, [], { period: '2020H1' })).rounds[0]).toMatchObject({
      period: '2020H1',
      submitted: 1,
      total: 3,
    });
    const mine = buildStatus(input('2020-07-08T10:00:00+08:00', all, [], { scope: ['省交通运输厅'] }));
    expect(mine.rounds[0]).toMatchObject({ total: 1, submitted: 0, missing: ['省交通运输厅'] });
  });
});

describe('digests', () => {
  test('the coordinators digest lists due-soon, overdue, escalations, targets without outcome; null when nothing to act on', () => {
    const h1 = [
      occ('2020H1', '省发展改革委', '2020-06-30', 'open'),
      occ('2020H1', '省交通运输厅', '2020-06-30', 'submitted', { closedAt: '2020-06-20T10:00:00+08:00' }),
    ];
    const targets = [
      {
        id: 'T5',
        text: '高速铁路互联互通',
        deadline: '2020-12-31',
        responsible: ['省发展改革委', '省交通运输厅'],
        outcome: null,
      },
      {
        id: 'T1',
        text: '紧密合作格局基本形成',
        deadline: '2020-12-31',
        responsible: [],
        outcome: { outcome: 'achieved' },
      },
    ];
    const d = buildCoordinatorDigest(input('2020-06-22T09:00:00+08:00', h1, [], { targets }))!;
    expect(d.dueSoon.map((l) => `${l.agency} ${l.daysLeft}`)).toEqual(['省发展改革委 8']);
    expect(d.targets.map((t) => t.id)).toEqual(['T5']);
    const m = renderCoordinatorDigest(d);
    expect(m.subject).toBe('【泛珠合作】每周汇总 2020-06-22：逾期 0 项，14 天内到期 1 项');
    expect(m.text).toContain('14 天内到期 (1)');
    expect(m.text).toContain(
      'T5 高速铁路互联互通（期限 2020-12-31，还有 192 天；责任单位：省发展改革委、省交通运输厅）',
    );
    expect(m.html).toContain('<h2>14 天内到期 (1)</h2>');
    // Everything submitted, nothing due within 14 days, no failures, targets not yet past: no digest.
    const quiet = [
      occ('2020H1', '省发展改革委', '2020-06-30', 'submitted'),
      occ('2020H2', '省发展改革委', '2020-12-31', 'open'),
    ];
    expect(buildCoordinatorDigest(input('2020-07-20T09:00:00+08:00', quiet, [], { targets }))).toBeNull();
    // The same, with a dead delivery: sent.
    expect(
      buildCoordinatorDigest(
        input('2020-07-20T09:00:00+08:00', quiet, [], {
          targets,
          failed: [
            {
              what: 'half-yearly/2020H1/省发展改革委/due/0',
              channel: 'email',
              recipient: 'sfgw@pprd.example.org',
              error: '550 no such user',
            },
          ],
        }),
      ),
    ).not.toBeNull();
  });

  test('an agency digest is null when the agency owes nothing and has no open target', () => {
    const quiet = [occ('2020H1', '省教育厅', '2020-06-30', 'submitted')];
    expect(buildAgencyDigest({ ...input('2020-07-01T09:00:00+08:00', quiet), agency: '省教育厅' })).toBeNull();
  });
});
