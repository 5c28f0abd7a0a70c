import { describe, expect, it } from 'vitest';
import { createScheduleRepo, openStore } from '../src/store/index.ts';

const ref = { cycle: 'half-yearly', period: '2024H2', agency: '省水利厅' };

describe('scheduleRepo (real SQLite, real migrations)', () => {
  it('records a submission once, with who and when, and undoes it', () => {
    const db = openStore(':memory:');
    const repo = createScheduleRepo(db);
    const first = repo.recordSubmission({
      ...ref,
      at: '2024-12-20T10:00:00+08:00',
      by: '王五',
      recordedAt: '2024-12-20T10:05:00+08:00',
    });
    expect(first).toEqual({
      created: true,
      record: {
        ...ref,
        at: '2024-12-20T10:00:00+08:00',
        by: '王五',
        recordedAt: '2024-12-20T10:05:00+08:00',
        via: 'cli',
      },
    });
    // A second click keeps the first record.
    const again = repo.recordSubmission({
      ...ref,
      by: 'U0SLACK',
      via: 'slack',
      recordedAt: '2024-12-21T09:00:00+08:00',
    });
    expect(again).toEqual({ created: false, record: first.record });
    expect(repo.records().submissions).toEqual([first.record]);

    expect(repo.undoSubmission(ref, { by: '李四', recordedAt: '2024-12-22T09:00:00+08:00' })).toBe(true);
    expect(repo.records().submissions).toEqual([]);
    expect(repo.undoSubmission(ref, { by: '李四', recordedAt: '2024-12-22T09:01:00+08:00' })).toBe(false);
    // Nothing is deleted: the undone row keeps who undid it and when.
    expect(db.prepare('SELECT by, via, undone_by, undone_at FROM submissions').all()).toEqual([
      { by: '王五', via: 'cli', undone_by: '李四', undone_at: '2024-12-22T09:00:00+08:00' },
    ]);
    // After an undo a new submission can be recorded; `at` defaults to recordedAt.
    expect(repo.recordSubmission({ ...ref, by: '王五', recordedAt: '2024-12-23T09:00:00+08:00' }).record.at).toBe(
      '2024-12-23T09:00:00+08:00',
    );
  });

  it('records many submissions in one transaction', () => {
    const repo = createScheduleRepo(openStore(':memory:'));
    const list = ['省水利厅', '省商务厅', '省水利厅'].map((agency) => ({
      cycle: 'half-yearly',
      period: '2017H1',
      agency,
      by: 'history',
      recordedAt: '2026-11-29T09:00:00+08:00',
    }));
    expect(repo.recordSubmissions(list)).toEqual({ created: 2, existing: 1 });
    expect(repo.records().submissions.map((s) => s.agency)).toEqual(['省水利厅', '省商务厅']);
  });

  it('undoBatch undoes only the latest batch of the same person by cli; the web board and earlier batches are kept', () => {
    const repo = createScheduleRepo(openStore(':memory:'));
    const a = { ...ref, agency: '省水利厅' };
    const b = { ...ref, agency: '省教育厅' };
    const c = { ...ref, agency: '省交通运输厅' };
    // 李四 marks 省教育厅 on the web board; 李四's earlier cli batch recorded 省交通运输厅.
    repo.recordSubmission({ ...b, by: '李四', via: 'web', recordedAt: '2024-12-20T09:00:00+08:00' });
    repo.recordSubmission({ ...c, by: '李四', recordedAt: '2024-12-21T09:00:00+08:00' });
    repo.recordSubmissions([a, b, c].map((x) => ({ ...x, by: '李四', recordedAt: '2024-12-22T09:00:00+08:00' })));
    const r = repo.undoBatch('submissions', [a, b, c], { by: '李四', recordedAt: '2024-12-23T09:00:00+08:00' });
    expect(r).toEqual({
      undone: [a],
      kept: [
        { agency: '省教育厅', by: '李四', via: 'web' },
        { agency: '省交通运输厅', by: '李四', via: 'cli' },
      ],
    });
    expect(repo.records().submissions.map((s) => `${s.agency} ${s.via}`)).toEqual(['省教育厅 web', '省交通运输厅 cli']);
  });

  it('keeps extensions in order; undo returns to the earlier one', () => {
    const repo = createScheduleRepo(openStore(':memory:'));
    repo.recordExtension({
      ...ref,
      to: '2025-01-15',
      by: 'a',
      recordedAt: '2024-12-20T09:00:00+08:00',
      note: '机构调整',
    });
    repo.recordExtension({ ...ref, to: '2025-01-31', by: 'b', recordedAt: '2024-12-21T09:00:00+08:00' });
    expect(repo.records().extensions.map((x) => [x.to, x.by, x.note])).toEqual([
      ['2025-01-15', 'a', '机构调整'],
      ['2025-01-31', 'b', undefined],
    ]);
    expect(repo.undoExtension(ref, { by: 'c', recordedAt: '2024-12-22T09:00:00+08:00' })).toBe(true);
    expect(repo.records().extensions.map((x) => x.to)).toEqual(['2025-01-15']);
  });

  it('records excusals, target progress and outcomes with undo', () => {
    const repo = createScheduleRepo(openStore(':memory:'));
    expect(repo.recordExcusal({ ...ref, by: 'a', recordedAt: '2024-12-20T09:00:00+08:00', note: '合并' }).created).toBe(
      true,
    );
    expect(repo.recordExcusal({ ...ref, by: 'b', recordedAt: '2024-12-21T09:00:00+08:00' }).created).toBe(false);
    repo.recordTargetProgress({
      target: 'T5',
      text: '完成年度评估',
      by: '王五',
      recordedAt: '2020-06-01T10:00:00+08:00',
    });
    repo.recordTargetProgress({ target: 'T5', text: '第二次', by: '王五', recordedAt: '2020-07-01T10:00:00+08:00' });
    repo.recordTargetOutcome({
      target: 'T5',
      outcome: 'partly',
      note: '部分完成',
      by: '李四',
      recordedAt: '2021-01-05T10:00:00+08:00',
    });
    expect(repo.undoTargetProgress('T5', { by: 'x', recordedAt: '2021-01-06T10:00:00+08:00' })).toBe(true);
    const r = repo.records();
    expect(r.excusals.map((e) => [e.agency, e.at, e.note])).toEqual([
      ['省水利厅', '2024-12-20T09:00:00+08:00', '合并'],
    ]);
    expect(r.targetProgress).toEqual([
      { target: 'T5', text: '完成年度评估', by: '王五', recordedAt: '2020-06-01T10:00:00+08:00' },
    ]);
    expect(r.targetOutcomes).toEqual([
      { target: 'T5', outcome: 'partly', note: '部分完成', by: '李四', recordedAt: '2021-01-05T10:00:00+08:00' },
    ]);
    expect(repo.undoTargetOutcome('T5', { by: 'x', recordedAt: '2021-01-06T10:00:00+08:00' })).toBe(true);
    expect(repo.records().targetOutcomes).toEqual([]);
    expect(repo.undoExcusal(ref, { by: 'x', recordedAt: '2024-12-22T09:00:00+08:00' })).toBe(true);
    expect(repo.records().excusals).toEqual([]);
  });

  it('rejects an outcome outside achieved|partly|missed at the database', () => {
    const repo = createScheduleRepo(openStore(':memory:'));
    expect(() =>
      repo.recordTargetOutcome({
        target: 'T5',
        outcome: 'great' as 'missed',
        by: 'x',
        recordedAt: '2021-01-05T10:00:00+08:00',
      }),
    ).toThrow(/CHECK constraint failed/);
  });
});
