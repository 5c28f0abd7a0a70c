// Child process of `npm run bench` (bench/service.ts): the compiled service (dist/, as `npm start` runs
// it, no TypeScript loader) on a temporary copy of config/ and a fresh database, with a manual clock.
// Prints one JSON line: RSS (MB) after start and after N minute ticks of the service clock, and at each
// point V8's heap as reserved (heapTotal) and its young generation (new space, two semi-spaces): the
// parts of RSS the service's own allocations decide (issue 11; node itself and ICU are ~45 MB of the rest).
// argv: <configDir> <dbPath> <outbox> <ticks> <budgetMs>
import { getHeapSpaceStatistics } from 'node:v8';
import { formatImport, importDocumentFile } from '../dist/cli/commands/catalog.js';
import { createManualClock, silentLog } from '../dist/service/index.js';
import { startService } from '../dist/service/serve.js';
import { signLink } from '../dist/web/index.js';

const [configDir, dbPath, outbox, ticksArg, budgetArg] = process.argv.slice(2);
const LINK_SECRET = 'b'.repeat(64);
const clock = createManualClock(Date.parse('2026-06-29T00:00:00+08:00'));
const mb = () => process.memoryUsage().rss / 1048576;
const heap = () => ({
  total: process.memoryUsage().heapTotal / 1048576,
  young: getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size / 1048576,
});
const service = await startService({
  dbPath,
  configDir,
  env: { PPRD_OUTBOX: outbox, PPRD_LINK_SECRET: LINK_SECRET, PPRD_PUBLIC_URL: 'http://127.0.0.1' },
  clock,
  log: silentLog,
  port: 0,
  host: '127.0.0.1',
  importDocument: (configFiles) => {
    const o = importDocumentFile({ dbPath, configDir, configFiles });
    return { changed: o.result.changed, summary: formatImport(o) };
  },
});
await service.tick();
const atStart = mb();
const heapAtStart = heap();
const started = performance.now();
const cpuBefore = process.cpuUsage();
let ticks = 0;
while (ticks < Number(ticksArg) && performance.now() - started < Number(budgetArg)) {
  clock.advance(60_000);
  await service.tick();
  ticks++;
}
const cpu = process.cpuUsage(cpuBefore);
const after = mb();
const heapAfter = heap();
// The coordinators' board (\`/\`) served over HTTP by this process, after the day: median wall ms of 20 GETs.
// The coordinators' board (`/`) served over HTTP by this process, after the day: median wall ms of 20 GETs
// (the link sets the session cookie, as a browser opening it would).
const base = `http://127.0.0.1:${service.port}`;
const token = signLink(
  { kind: 'coordinator', name: '省泛珠办 协调员一' },
  LINK_SECRET,
  Math.max(Date.now(), clock.now()) + 3_600_000,
);
const opened = await fetch(`${base}/?t=${encodeURIComponent(token)}`, { redirect: 'manual' });
const cookie = opened.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
await opened.text();
const boardMs = [];
for (let i = 0; i < 21; i++) {
  const t = performance.now();
  const res = await fetch(`${base}/`, { headers: { cookie } });
  const html = await res.text();
  if (res.status !== 200 || !html.includes('<title>报送看板'))
    throw new Error(`board: HTTP ${res.status} ${html.slice(0, 200)}`);
  if (i > 0) boardMs.push(performance.now() - t);
}
boardMs.sort((a, b) => a - b);
await service.stop();
process.stdout.write(
  `${JSON.stringify({ atStart, after, heapAtStart, heapAfter, ticks, elapsedMs: performance.now() - started, tickCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(ticks, 1), boardMs: boardMs[10], execArgv: process.execArgv })}\n`,
);
