import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createDeliveryRepo } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { importRealCatalog } from './helpers/deliveryWorld.ts';
import { shanghai } from './helpers/fixedClock.ts';
import type { PprdRun } from './helpers/runPprd.ts';
import { tempDb } from './helpers/tempDb.ts';
import { tsxChild } from './helpers/tsxChild.ts';

/** A ticking service on the database file (test/helpers/tickLoop.ts); closing its stdin stops it. */
function ticker(env: Record<string, string>) {
  const t = tsxChild('test/helpers/tickLoop.ts', env, 'pipe');
  const started = new Promise<void>((resolve) => {
    const seen = () => {
      if (!t.out().includes('started\n')) return;
      t.child.stdout?.off('data', seen);
      resolve();
    };
    t.child.stdout?.on('data', seen);
  });
  return {
    started,
    async stop(): Promise<{ ticks: number; sent: number; errors: string[] }> {
      t.child.stdin?.end();
      const { code } = await t.exited;
      expect(code, t.err()).toBe(0);
      return JSON.parse(t.out().trim().split('\n').pop()!);
    },
  };
}

/**
 * Runs the commands of `stream` one after another in one child process of their own
 * (test/helpers/cliStream.ts: each as `pprd ARGS` runs it), with `env` over the test's environment.
 */
async function cliStream(stream: string[][], env: Record<string, string>): Promise<PprdRun[]> {
  const t = tsxChild('test/helpers/cliStream.ts', { ...env, PPRD_STREAM: JSON.stringify(stream) });
  const { code } = await t.exited;
  if (code !== 0) throw new Error(`cliStream exited ${code}: ${t.err()}`);
  return JSON.parse(t.out().trim().split('\n').pop()!) as PprdRun[];
}

test('two ticking services and two streams of submit/extend/excuse and their --undo on one database: 0 commands fail, 0 updates lost', async () => {
  const t = tempDb();
  try {
    importRealCatalog(t.db);
    // Two services ticking a day of business time every ~200 ms of wall time (writing decisions, claims and records).
    const tickEnv = { PPRD_DB: t.path, TICK_FROM: shanghai('2020-05-25T09:00'), TICK_PAUSE_MS: '200' };
    const tickers = [ticker(tickEnv), ticker(tickEnv)];
    await Promise.all(tickers.map((x) => x.started));

    const env = { PPRD_DB: t.path, PPRD_CONFIG: configFrom2017(), PPRD_NOW: '', SMTP_URL: '', SLACK_BOT_TOKEN: '' };
    const agencies = ['省发展改革委', '省商务厅'];
    const occ = (agency: string) => [
      '--agency',
      agency,
      '--cycle',
      'half-yearly',
      '--period',
      '2020H1',
      '--by',
      '省泛珠办',
      '--now',
      '2020-06-20T10:00:00+08:00',
    ];
    // Each stream records an extension, a submission and an excusal, then undoes each: nothing stays live.
    const steps = (agency: string): string[][] => [
      ['extend', ...occ(agency), '--to', '2020-07-15'],
      ['submit', ...occ(agency)],
      ['excuse', ...occ(agency)],
      ['extend', ...occ(agency), '--undo'],
      ['submit', ...occ(agency), '--undo'],
      ['excuse', ...occ(agency), '--undo'],
    ];
    // One process per stream (a user typing the six commands one after another; each command opens its own
    // connection as `pprd` does), both streams at once, beside the two ticking services.
    const runs = (await Promise.all(agencies.map((agency) => cliStream(steps(agency), env)))).flat();
    const ticked = await Promise.all(tickers.map((x) => x.stop()));

    const failed = runs
      .filter((r) => r.code !== 0)
      .map((r) => `${r.args.slice(0, 3).join(' ')} → ${r.code}: ${r.stderr.trim()}`);
    expect(failed).toEqual([]);
    expect(runs).toHaveLength(12);
    for (const x of ticked) {
      expect(x.errors).toEqual([]);
      // The commands ran while both services ticked (and sent: the 2020H1 reminders of 30 days before and later).
      expect(x.ticks).toBeGreaterThanOrEqual(2);
    }

    // Lost updates: every record and every undo is in the database.
    const rows = (table: string) =>
      t.db.prepare(`SELECT agency, undone_at IS NOT NULL AS undone FROM ${table} ORDER BY agency, id`).all() as {
        agency: string;
        undone: number;
      }[];
    const undone = [...agencies].sort().map((agency) => ({ agency, undone: 1 }));
    expect(rows('submissions')).toEqual(undone);
    expect(rows('extensions')).toEqual(undone);
    expect(rows('excusals')).toEqual(undone);
    // And every delivery the services claimed was recorded.
    expect(createDeliveryRepo(t.db).counts().sending).toBe(0);
  } finally {
    t.cleanup();
  }
}, 180_000);

test('every transaction in src/ takes the write lock at its start: no db.transaction(…) outside writeTransaction', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const deferred = files('src').flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
      .filter((x) => /\.transaction\(/.test(x.line) && !x.where.startsWith(join('src', 'store', 'openStore.ts')))
      .map((x) => x.where),
  );
  expect(deferred).toEqual([]);
});
