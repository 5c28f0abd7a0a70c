import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { createManualClock, silentLog } from '../src/service/index.ts';
import { DEFAULT_STALL_AFTER_MS, type RunningService, startService } from '../src/service/serve.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { tempDir } from './helpers/tempDb.ts';

/** Wall clock of the test: 2026-03-02T00:00:00Z, moved by hand. */
const WALL0 = Date.parse('2026-03-02T00:00:00Z');

/** The value of one sample line (`name{labels} value`) of a Prometheus exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics and liveness of the running service (shipped config from 2017H1, real document, outbox)', () => {
  let tmp: { dir: string; cleanup(): void };
  let service: RunningService | null = null;
  let wall = WALL0;
  beforeEach(() => {
    tmp = tempDir('pprd-metrics-');
    cpSync(configFrom2017(), join(tmp.dir, 'config'), { recursive: true });
    wall = WALL0;
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
    tmp.cleanup();
  });
  let clock = createManualClock(0);
  const start = (now: string) => {
    clock = createManualClock(Date.parse(now));
    const dbPath = join(tmp.dir, 'pprd.sqlite');
    const configDir = join(tmp.dir, 'config');
    return startService({
      dbPath,
      configDir,
      env: { PPRD_OUTBOX: join(tmp.dir, 'outbox') },
      log: silentLog,
      port: 0,
      host: '127.0.0.1',
      clock,
      wallNow: () => wall,
      importDocument: () => {
        const o = importDocumentFile({ dbPath, configDir });
        return { changed: o.result.changed, summary: formatImport(o) };
      },
    });
  };

  it('after the 09:00 tick of 2020-06-23: sent by channel, no retries or deaths, one tick of 1.5 s ending at the wall time, nothing pending', async () => {
    service = await start('2020-06-23T08:59:50+08:00');
    const base = `http://127.0.0.1:${service.port}`;
    await service.tick(); // the tick at start (or one more): nothing due before 09:00
    const before = await (await fetch(`${base}/metrics`)).text();
    const ticksBefore = sample(before, 'pprd_tick_duration_seconds_count')!;
    expect(sample(before, 'pprd_deliveries_sent_total{channel="email"}')).toBeUndefined(); // no send tried yet
    expect(sample(before, 'pprd_pending_deliveries')).toBe(0);

    clock.set(Date.parse('2020-06-23T09:00:30+08:00'));
    const tick = service.tick();
    wall += 1500;
    const result = await tick;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(result?.sent).toBe(SENT);
    expect(sample(text, 'pprd_deliveries_sent_total{channel="email"}')).toBe(SENT);
    expect(sample(text, 'pprd_deliveries_retried_total{channel="email"}')).toBe(0);
    expect(sample(text, 'pprd_deliveries_dead_total{channel="email"}')).toBe(0);
    expect(sample(text, 'pprd_tick_duration_seconds_count')).toBe(ticksBefore + 1);
    expect(sample(text, 'pprd_tick_duration_seconds_sum')).toBe(1.5);
    expect(sample(text, 'pprd_last_tick_timestamp_seconds')).toBe((WALL0 + 1500) / 1000);
    expect(sample(text, 'pprd_pending_deliveries')).toBe(0);
    // HEAD as GET; other methods 405.
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('/healthz fails when no tick has finished for 5 minutes, and recovers with the next tick', async () => {
    service = await start('2020-06-23T08:00:00+08:00');
    const base = `http://127.0.0.1:${service.port}`;
    await service.tick(); // the tick at start ends at WALL0
    wall += DEFAULT_STALL_AFTER_MS;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    wall += 1;
    const stalled = await fetch(`${base}/healthz`);
    expect(stalled.status).toBe(503);
    expect(await stalled.json()).toEqual({
      ok: false,
      db: 'open',
      ticksStalled: { lastTickEndedAt: '2026-03-02T00:00:00.000Z', silentMs: 300_001 },
    });
    await service.tick();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    wall += DEFAULT_STALL_AFTER_MS + 60_000;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({
      ok: false,
      db: 'open',
      ticksStalled: { lastTickEndedAt: '2026-03-02T00:05:00.001Z', silentMs: 360_000 },
    });
  });
});

/** 7-day reminders of 2020H1, one to each of the 63 agencies of the shipped config (outbox). */
const SENT = 63;
