/**
 * A child process for the kill test: runs delivery ticks against a database file and an SMTP server.
 * Run as `node --import tsx test/helpers/tickWorker.ts` with env PPRD_DB, SMTP_URL, TICK_NOW.
 * Prints one JSON line with the tick's counts when done.
 */
import { createEmailChannel } from '../../src/channels/index.ts';
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
const channel = createEmailChannel({ smtpUrl: process.env.SMTP_URL!, pool: { maxConnections: 2 } });
process.stdout.write('started\n');
const result = await runTick({
  db,
  catalog,
  config,
  channels: [channel],
  now: process.env.TICK_NOW!,
  log: silentLog,
  concurrency: 2,
  batchSize: 10,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
await channel.close();
db.close();
