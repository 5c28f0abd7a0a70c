import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';
import type { TickResult } from './deliver.ts';

const require = createRequire(import.meta.url);
/**
 * The four prom-client classes the service uses, each from its own module (prom-client 15.1.3, pinned in
 * package.json; its package has no `exports` map, `lib/registry.js` … are what its index re-exports).
 * Its index also loads Summary (tdigest, bintrees), Pushgateway (http, https, zlib), the default process
 * metrics, the cluster aggregator and @opentelemetry/api, none of which the service uses (issue 11, service
 * RSS: ~30 modules, ~1 MB of V8 heap from start). Same classes, so the same exposition.
 */
const Registry = require('prom-client/lib/registry') as typeof Prom.Registry;
const Counter = require('prom-client/lib/counter') as typeof Prom.Counter;
const Gauge = require('prom-client/lib/gauge') as typeof Prom.Gauge;
const Histogram = require('prom-client/lib/histogram') as typeof Prom.Histogram;

/** The service's Prometheus metrics (see {@link createServiceMetrics}). */
export interface ServiceMetrics {
  /** Adds one finished tick: its per-channel counts, its duration (wall-clock ms) and when it ended (wall-clock ms since the epoch). */
  recordTick(result: TickResult, durationMs: number, endedAtMs: number): void;
  /** The text exposition (Prometheus format 0.0.4) and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Creates the service's metrics on a registry of their own (prom-client; no process-global state, so
 * two services in one process do not mix their counts):
 * - `pprd_deliveries_sent_total{channel}`, `pprd_deliveries_retried_total{channel}` (temporary failures,
 *   retried later), `pprd_deliveries_dead_total{channel}` (given up): counters since the process started;
 * - `pprd_tick_duration_seconds`: histogram of tick durations (wall clock);
 * - `pprd_last_tick_timestamp_seconds`: when the last tick ended (wall clock, Unix seconds); alert when it
 *   stops moving (`time() - pprd_last_tick_timestamp_seconds > 300`);
 * - `pprd_pending_deliveries`: deliveries waiting to be sent or retried (`pending` + `failed` rows), read
 *   from the store at each scrape by `pending`.
 * @param pending counts the waiting deliveries (called at each scrape; it should not throw).
 */
export function createServiceMetrics(pending: () => number): ServiceMetrics {
  const registry = new Registry();
  const labelNames = ['channel'] as const;
  const sent = new Counter({
    name: 'pprd_deliveries_sent_total',
    help: 'Deliveries sent, by channel',
    labelNames,
    registers: [registry],
  });
  const retried = new Counter({
    name: 'pprd_deliveries_retried_total',
    help: 'Sends that failed temporarily and will be retried, by channel',
    labelNames,
    registers: [registry],
  });
  const dead = new Counter({
    name: 'pprd_deliveries_dead_total',
    help: 'Deliveries given up (permanent failure or past giveUpAfterHours), by channel',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'pprd_tick_duration_seconds',
    help: 'Duration of a delivery tick (wall clock)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const lastTick = new Gauge({
    name: 'pprd_last_tick_timestamp_seconds',
    help: 'When the last tick ended (Unix time, wall clock)',
    registers: [registry],
  });
  new Gauge({
    name: 'pprd_pending_deliveries',
    help: 'Deliveries waiting to be sent or retried',
    registers: [registry],
    collect() {
      this.set(pending());
    },
  });
  return {
    recordTick(result, durationMs, endedAtMs) {
      for (const [channel, n] of Object.entries(result.byChannel ?? {})) {
        // inc(0) still creates the labelled series, so a channel shows up with 0 before its first send.
        sent.inc({ channel }, n.sent);
        retried.inc({ channel }, n.retried);
        dead.inc({ channel }, n.dead);
      }
      duration.observe(durationMs / 1000);
      lastTick.set(endedAtMs / 1000);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
