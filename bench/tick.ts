import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { type Clock, createManualClock, silentLog } from '../src/service/index.ts';
import { type RunningService, startService } from '../src/service/serve.ts';
import { configFrom2017 } from '../test/helpers/configFrom2017.ts';
import { type Figure, summarize } from './stats.ts';

/**
 * The real service in process (`startService`) on `dir`/config (copied from config/ unless it is
 * there) and `dir`/pprd.sqlite, importing the shipped document, silent, on a free loopback port.
 */
export function startBenchService(dir: string, clock: Clock, env: NodeJS.ProcessEnv): Promise<RunningService> {
  const configDir = join(dir, 'config');
  if (!existsSync(configDir)) cpSync(configFrom2017(), configDir, { recursive: true });
  const dbPath = join(dir, 'pprd.sqlite');
  return startService({
    dbPath,
    configDir,
    env: { PPRD_OUTBOX: join(dir, 'outbox'), ...env },
    clock,
    log: silentLog,
    port: 0,
    host: '127.0.0.1',
    importDocument: (configFiles) => {
      const o = importDocumentFile({ dbPath, configDir, configFiles });
      return { changed: o.result.changed, summary: formatImport(o) };
    },
  });
}

/** What {@link benchTicks} measured. */
export interface TickFigures {
  /** Rows the start-up catch-up left in the store (the real history up to the clock). */
  historyRows: number;
  /** Idle ticks (nothing due) on the real history only, ms. */
  idle: Figure;
  /** Idle ticks with `rows` delivery rows in the store, ms. */
  bySize: { rows: number; ms: Figure }[];
}

/**
 * Tick cost as the service pays it (`startService`, its own tick, shipped config and real document),
 * clock 2026-11-29 (a Sunday: nothing due): first the real history only (the start-up tick records
 * every old reminder as skipped), then with the store grown to each of `sizes` delivery rows by filler
 * rows written in one `INSERT … SELECT` over a recursive CTE (sent reminders of keys no plan has).
 * Each figure is `runs` ticks, one service-clock minute apart. Wall time via `performance.now()`.
 */
export async function benchTicks(
  sizes: readonly number[] = [10_000, 100_000, 1_000_000],
  runs = 7,
): Promise<TickFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'pprd-bench-tick-'));
  const clock = createManualClock(Date.parse('2026-11-29T10:00:00+08:00'));
  const service = await startBenchService(dir, clock, {});
  const filler = new Database(join(dir, 'pprd.sqlite'));
  const count = () => (filler.prepare('SELECT COUNT(*) FROM deliveries').pluck().get() as number) ?? 0;
  const insertFiller = filler.prepare(
    `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO deliveries (key, channel, recipient, source, occurrence_key, agency, planned_at, status, message_id, sent_at, created_at, updated_at)
     SELECT 'bench/' || i || '/before/7', 'email', 'c' || (i % 97) || '@pprd.example.org', 'reminder', 'bench/' || i, '机构', '2016-06-23T09:00:00.000+08:00',
            'sent', '<bench-' || i || '@pprd>', '2016-06-23T01:00:00.000Z', '2016-06-23T01:00:00.000Z', '2016-06-23T01:00:00.000Z'
       FROM n`,
  );
  const ticks = async (): Promise<Figure> => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      clock.advance(60_000);
      const t0 = performance.now();
      await service.tick();
      ms.push(performance.now() - t0);
    }
    return summarize(ms);
  };
  try {
    await service.tick(); // the start-up tick (catch-up), if it is still in flight
    const historyRows = count();
    await ticks(); // warm
    const idle = await ticks();
    const bySize: TickFigures['bySize'] = [];
    let next = 1;
    for (const size of sizes) {
      const have = count();
      if (size > have) {
        insertFiller.run(next, next + (size - have) - 1);
        next += size - have;
      }
      await ticks(); // warm
      bySize.push({ rows: count(), ms: await ticks() });
    }
    return { historyRows, idle, bySize };
  } finally {
    filler.close();
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchTicks(), null, 1));
}
