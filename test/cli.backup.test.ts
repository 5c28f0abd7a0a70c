import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, useCliStore } from './helpers/runCli.ts';

const t = useCliStore('pprd-cli-backup-');
const pprd = (...args: string[]) => runCli(args);

/** The submissions stored in the database file `file`, as (agency, period, by). */
function submissionsIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare('SELECT agency, period, by FROM submissions ORDER BY agency').all() as Record<string, string>[]
    ).map((r) => `${r.agency} ${r.period} ${r.by}`);
  } finally {
    db.close();
  }
}

describe('pprd backup: a checked copy of the database while it is in use', () => {
  it('copies the records a coordinator cannot re-create, says what the copy holds, and the copy opens', async () => {
    const p = ['--cycle', 'half-yearly', '--period', '2017H1', '--now', '2017-07-03T09:00:00+08:00'];
    expect((await pprd('submit', '--agency', '省交通运输厅', ...p, '--by', '张三')).code).toBe(0);
    expect((await pprd('excuse', '--agency', '省教育厅', ...p, '--note', '并入专项报告', '--by', '张三')).code).toBe(0);
    // The service's connection stays open (and holds WAL content) while the backup runs.
    const live = new Database(process.env.PPRD_DB!);
    try {
      const file = join(t.dir, 'backup-1.sqlite');
      const r = await pprd('backup', file);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toMatch(
        new RegExp(
          `^backed up ${process.env.PPRD_DB} to ${file}: \\d+ bytes, integrity ok; 1 submissions, 1 excusals, 0 extensions, 0 target outcomes, 0 delivery rows\\n$`,
        ),
      );
      expect(submissionsIn(file)).toEqual(['省交通运输厅 2017H1 张三']);
      expect(existsSync(`${file}.partial`)).toBe(false);
      // A restored copy serves the CLI: the submission is there, the excused agency owes nothing.
      const restored = await runCli(['deadlines', '--json', '--now', '2017-07-03T09:00:00+08:00'], { PPRD_DB: file });
      const overdue2017 = JSON.parse(restored.out).occurrences.filter((o: { period: string }) => o.period === '2017H1');
      expect(overdue2017.map((o: { agency: string }) => o.agency)).not.toContain('省交通运输厅');
      expect(overdue2017.map((o: { agency: string }) => o.agency)).not.toContain('省教育厅');
      expect(overdue2017).toHaveLength(61);
    } finally {
      live.close();
    }
  });

  it('--json gives the counts; --force replaces an existing file only with a complete copy', async () => {
    const file = join(t.dir, 'backup-2.sqlite');
    writeFileSync(file, 'an older backup');
    const refused = await pprd('backup', file);
    expect([refused.code, refused.out, refused.err]).toEqual([
      2,
      '',
      `pprd: ${file} already exists; nothing was written — fix: name a new file, or add --force to replace it with this backup\n`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe('an older backup');
    const forced = await pprd('backup', file, '--force', '--json');
    expect(forced.code).toBe(0);
    const j = JSON.parse(forced.out);
    expect([j.file, j.integrity, j.records, j.deliveries]).toEqual([
      file,
      'ok',
      { submissions: 1, excusals: 1, extensions: 0, targetOutcomes: 0 },
      0,
    ]);
    expect(submissionsIn(file)).toEqual(['省交通运输厅 2017H1 张三']);
  });

  it('refuses a missing folder, the database itself and a missing database, naming the fix; writes nothing', async () => {
    const noFolder = join(t.dir, 'no-such-folder', 'b.sqlite');
    const r1 = await pprd('backup', noFolder);
    expect([r1.code, r1.err]).toEqual([
      2,
      `pprd: folder ${join(t.dir, 'no-such-folder')} does not exist — fix: create it (mkdir -p ${join(t.dir, 'no-such-folder')}) or name a file in an existing folder\n`,
    ]);
    expect(existsSync(join(t.dir, 'no-such-folder'))).toBe(false);
    const r2 = await pprd('backup', process.env.PPRD_DB!, '--force');
    expect([r2.code, r2.err]).toEqual([
      2,
      `pprd: ${process.env.PPRD_DB} is the database itself (PPRD_DB) — fix: name another file\n`,
    ]);
    const missing = join(t.dir, 'never-created.sqlite');
    const r3 = await runCli(['backup', join(t.dir, 'b3.sqlite')], { PPRD_DB: missing });
    expect([r3.code, r3.err]).toEqual([
      2,
      `pprd: no database at ${missing} — fix: set PPRD_DB to the service's database (default data/pprd.sqlite)\n`,
    ]);
    expect([existsSync(missing), existsSync(join(t.dir, 'b3.sqlite'))]).toEqual([false, false]);
  });

  it('a copy that cannot be put in place (FILE is a folder): exit 1 naming it, no partial file left', async () => {
    const folder = join(t.dir, 'a-folder');
    mkdirSync(folder);
    const r = await pprd('backup', folder, '--force');
    expect(r.code).toBe(1);
    expect(r.err).toContain(folder);
    expect([existsSync(`${folder}.partial`), statSync(folder).isDirectory()]).toEqual([false, true]);
  });
});
