/**
 * A child process for the concurrency test: a service that ticks back to back on a database file.
 * Run as `node --import tsx test/helpers/tickLoop.ts` with env PPRD_DB, TICK_FROM (ISO instant of the
 * first tick), TICK_STEP_HOURS (business time between ticks, default 24) and TICK_PAUSE_MS (wall time
 * between ticks, default 0). It ticks (sending into a memory channel, for the shipped contacts) until
 * its stdin closes, then prints one JSON line:
 * `{ ticks, sent, errors }`, `errors` being the messages of ticks that threw.
 */
import { DateTime } from 'luxon';
import { createMemoryChannel } from '../../src/channels/index.ts';
import { loadDirectory } from '../../src/config/agencies.ts';
import { loadContacts } from '../../src/config/contacts.ts';
import { runTick, silentLog } from '../../src/service/index.ts';
import { loadCatalog, openStore } from '../../src/store/index.ts';
import { deliveryConfig } from './deliveryWorld.ts';

const db = openStore(process.env.PPRD_DB!);
const catalog = loadCatalog(db);
if (!catalog) throw new Error('no catalog in PPRD_DB');
const { directory } = loadDirectory('config/agencies.yaml');
const config = { ...deliveryConfig(), contacts: loadContacts('test/fixtures/contacts2017.yaml', directory).contacts };
const channel = createMemoryChannel();
const stepHours = Number(process.env.TICK_STEP_HOURS ?? 24);
const pauseMs = Number(process.env.TICK_PAUSE_MS ?? 0);
let at = DateTime.fromISO(process.env.TICK_FROM!, { setZone: true });
let stop = false;
process.stdin.on('end', () => {
  stop = true;
});
process.stdin.resume();
process.stdout.write('started\n');
let ticks = 0;
const errors: string[] = [];
while (!stop) {
  try {
    await runTick({ db, catalog, config, channels: [channel], now: at.toISO()!, log: silentLog, batchSize: 10 });
  } catch (err) {
    errors.push((err as Error).message);
  }
  ticks++;
  at = at.plus({ hours: stepHours });
  // Let the stdin 'end' event through between ticks (and leave the CPU to the commands a while).
  await new Promise((r) => (pauseMs ? setTimeout(r, pauseMs) : setImmediate(r)));
}
process.stdout.write(`${JSON.stringify({ ticks, sent: channel.sent.length, errors })}\n`);
db.close();
