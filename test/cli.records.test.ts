import { describe, expect, it } from 'vitest';
import { runCli, useCliStore } from './helpers/runCli.ts';

useCliStore('pprd-cli-records-');

/** Runs one pprd command in this process (a fresh commander program each time) and captures its output. */
const pprd = (...args: string[]) => runCli(args);

const preview = async (...extra: string[]) =>
  JSON.parse(
    (await pprd('preview', '--from', '2024-11-01', '--to', '2025-02-28', '--agency', '省水利厅', '--json', ...extra))
      .out,
  ) as { date: string; due: string; kind: string }[];

describe('pprd extend / excuse / target / targets (in process, real store)', () => {
  it('extend moves the due date and the reminders; --undo moves them back', async () => {
    const r = await pprd(
      'extend',
      '--agency',
      '水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--to',
      '2025-01-15',
      '--by',
      '王五',
      '--now',
      '2024-12-20T10:00:00+08:00',
    );
    expect(r).toEqual({
      code: 0,
      out: 'recorded: half-yearly 2024H2 now due 2025-01-15 for 省水利厅 (by 王五)\n',
      err: '',
    });
    const moved = (await preview()).filter((x) => x.due === '2025-01-15');
    expect(moved.map((x) => `${x.date} ${x.kind}`)).toEqual([
      '2024-12-16 before',
      '2024-12-31 before',
      '2025-01-08 before',
      '2025-01-10 before',
      '2025-01-14 before',
      '2025-01-15 due',
      '2025-01-16 overdue',
      '2025-01-20 overdue',
      '2025-01-22 overdue',
      '2025-01-22 escalation',
    ]);
    expect(
      (await pprd('extend', '--agency', '省水利厅', '--cycle', 'half-yearly', '--period', '2024H2', '--undo')).code,
    ).toBe(0);
    expect((await preview()).filter((x) => x.due === '2024-12-31')).toHaveLength(10);
    const again = await pprd(
      'extend',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--undo',
    );
    expect([again.code, again.err]).toEqual([2, 'pprd: no extension recorded for half-yearly 2024H2 省水利厅\n']);
  });

  it('an extension cannot move the due date earlier', async () => {
    const r = await pprd(
      'extend',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--to',
      '2024-12-01',
    );
    expect([r.code, r.err]).toEqual([
      2,
      'pprd: --to 2024-12-01 is before the due date 2024-12-31 — fix: an extension moves the due date later\n',
    ]);
  });

  it('excuse stops the reminders from its instant', async () => {
    const r = await pprd(
      'excuse',
      '--agency',
      '省水利厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2024H2',
      '--at',
      '2024-12-20T00:00:00+08:00',
      '--note',
      '机构合并',
      '--by',
      '王五',
    );
    expect(r.code).toBe(0);
    expect((await preview()).filter((x) => x.due === '2024-12-31').map((x) => x.date)).toEqual([
      '2024-11-29',
      '2024-12-17',
    ]);
    const d = JSON.parse(
      (await pprd('deadlines', '--agency', '省水利厅', '--json', '--now', '2025-01-03T09:00:00+08:00')).out,
    );
    expect(d.occurrences.some((o: { period: string }) => o.period === '2024H2')).toBe(false);
  });

  it('target records progress and an outcome; targets lists them', async () => {
    expect(
      (
        await pprd(
          'target',
          'T5',
          '--progress',
          '广州至南宁高铁贯通',
          '--by',
          '王五',
          '--now',
          '2019-12-20T10:00:00+08:00',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await pprd(
          'target',
          't5',
          '--outcome',
          'partly',
          '--note',
          '九省区省会尚未全部联通',
          '--by',
          '李四',
          '--now',
          '2021-01-10T10:00:00+08:00',
        )
      ).out,
    ).toBe('recorded: T5 partly by 李四\n');
    const list = JSON.parse((await pprd('targets', '--json', '--now', '2021-01-11T09:00:00+08:00')).out);
    expect(
      list.map((s: { id: string; state: string; daysLeft: number }) => `${s.id} ${s.state} ${s.daysLeft}`),
    ).toEqual(['T1 overdue -11', 'T2 overdue -11', 'T3 overdue -11', 'T4 overdue -11', 'T5 partly -11']);
    expect(list[4].latestProgress).toEqual({
      target: 'T5',
      text: '广州至南宁高铁贯通',
      by: '王五',
      recordedAt: '2019-12-20T10:00:00.000+08:00',
    });
    expect(list[4].outcome).toEqual({
      target: 'T5',
      outcome: 'partly',
      note: '九省区省会尚未全部联通',
      by: '李四',
      recordedAt: '2021-01-10T10:00:00.000+08:00',
    });
    expect(list[4].responsible).toEqual(['省发展改革委', '省交通运输厅']);
    const bad = await pprd('target', 'T5', '--outcome', 'done');
    expect([bad.code, bad.err]).toEqual([2, 'pprd: --outcome "done" — fix: use achieved, partly or missed\n']);
    const unknown = await pprd('target', 'T9', '--progress', 'x');
    expect([unknown.code, unknown.err]).toEqual([
      2,
      'pprd: unknown target "T9" — fix: use one of T1, T2, T3, T4, T5\n',
    ]);
  });

  it('submit --all records every agency of the period at once', async () => {
    const r = await pprd(
      'submit',
      '--all',
      '--cycle',
      'half-yearly',
      '--period',
      '2017H1',
      '--at',
      '2017-06-28T10:00:00+08:00',
      '--by',
      '历史',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^recorded: half-yearly 2017H1 submitted at 2017-06-28T10:00:00.000\+08:00 by 历史 — 63 new \(省发展改革委、/,
    );
    const d = JSON.parse((await pprd('deadlines', '--json', '--now', '2017-07-03T09:00:00+08:00')).out);
    expect(d.occurrences.filter((o: { period: string }) => o.period === '2017H1')).toEqual([]);
  });
  it('submit --all --undo undoes only what that --all recorded; records by others are kept and named', async () => {
    const p = ['--cycle', 'half-yearly', '--period', '2018H1'];
    expect(
      (
        await pprd(
          'submit',
          '--agency',
          '省交通运输厅',
          ...p,
          '--by',
          '张三',
          '--at',
          '2018-06-20T09:00:00+08:00',
          '--now',
          '2018-06-20T09:00:00+08:00',
        )
      ).code,
    ).toBe(0);
    const all = await pprd('submit', '--all', ...p, '--by', '李四', '--now', '2018-07-01T09:00:00+08:00');
    expect(all.out).toMatch(/ — 62 new, 1 already recorded \(their earlier record is kept/);
    const undo = await pprd('submit', '--all', '--undo', ...p, '--by', '李四', '--now', '2018-07-02T09:00:00+08:00');
    expect(undo.code).toBe(0);
    expect(undo.out).toMatch(/^undone: 62 submissions of half-yearly 2018H1 \(/);
    expect(undo.out).toMatch(
      /; kept 1 submission recorded by others \(省交通运输厅 by 张三\) — fix: undo one with --agency NAME --undo\n$/,
    );
    expect(undo.out).not.toMatch(/\(省交通运输厅、|、省交通运输厅[、)]/);
    // 张三's record still stands: only 62 agencies are still owed a 2018H1 report.
    const d = JSON.parse((await pprd('deadlines', '--json', '--now', '2018-07-03T09:00:00+08:00')).out);
    const owed = d.occurrences.filter((o: { period: string }) => o.period === '2018H1');
    expect(owed.length).toBe(62);
    expect(owed.some((o: { agency: string }) => o.agency === '省交通运输厅')).toBe(false);
    // A second --all --undo finds nothing of 李四's and changes nothing.
    expect(await pprd('submit', '--all', '--undo', ...p, '--by', '李四', '--now', '2018-07-04T09:00:00+08:00')).toEqual(
      expect.objectContaining({ code: 2 }),
    );
    const again = await pprd('submit', '--all', '--undo', ...p, '--by', '李四');
    expect(again.err).toBe(
      'pprd: no submission recorded by 李四 for half-yearly 2018H1; kept 1 submission recorded by others (省交通运输厅 by 张三) — fix: undo one with --agency NAME --undo\n',
    );
    // Named, it is undone.
    expect((await pprd('submit', '--agency', '省交通运输厅', '--undo', ...p, '--by', '李四')).out).toBe(
      'undone: 1 submission of half-yearly 2018H1 (省交通运输厅)\n',
    );
  });

  it('excuse --all --undo keeps an excusal recorded by someone else', async () => {
    const p = ['--cycle', 'half-yearly', '--period', '2018H2'];
    await pprd('excuse', '--agency', '省水利厅', ...p, '--by', '张三', '--now', '2018-12-20T09:00:00+08:00');
    await pprd('excuse', '--all', ...p, '--by', '李四', '--now', '2018-12-21T09:00:00+08:00');
    const undo = await pprd('excuse', '--all', '--undo', ...p, '--by', '李四', '--json');
    const j = JSON.parse(undo.out);
    expect(j.agencies.length).toBe(62);
    expect(j.kept).toEqual([{ agency: '省水利厅', by: '张三' }]);
  });
});
