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

const [configDir, dbPath, outbox, ticksArg, budgetArg] = process.argv.slice(2);
const clock = createManualClock(Date.parse('2026-06-29T00:00:00+08:00'));
const mb = () => process.memoryUsage().rss / 1048576;
const heap = () => ({
  total: process.memoryUsage().heapTotal / 1048576,
  young: getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size / 1048576,
});
const service = await startService({
  dbPath,
  configDir,
  env: { PPRD_OUTBOX: outbox },
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
let ticks = 0;
while (ticks < Number(ticksArg) && performance.now() - started < Number(budgetArg)) {
  clock.advance(60_000);
  await service.tick();
  ticks++;
}
const after = mb();
const heapAfter = heap();
await service.stop();
process.stdout.write(
  `${JSON.stringify({ atStart, after, heapAtStart, heapAfter, ticks, elapsedMs: performance.now() - started })}\n`,
);
