/**
 * `npm run bench`: speed figures of planning, delivery, Slack command latency and the web board, printed as one table.
 * Figures, not assertions: tests never assert on wall-clock time. Run on an idle machine for
 * comparable numbers (this project's reference machine: 2 cores).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { createManualClock, silentLog } from '../src/service/index.ts';
import { startService } from '../src/service/serve.ts';
import { createFakeSlackApi } from '../test/helpers/fakeSlackApi.ts';
import { commandBody, postSigned } from '../test/helpers/slackSign.ts';
import { startSmtpServer } from '../test/helpers/smtpServer.ts';
import { benchBoard } from './board.ts';
import { benchDelivery } from './delivery.ts';
import { type BenchResult, benchPlanning } from './plan.ts';

interface Row {
  name: string;
  value: string;
  unit: string;
}

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Delivery and Slack latency on the real service (`startService`), in process: the real document,
 * the shipped config, a loopback SMTP server (smtp-server) and a local fake Slack Web API.
 * The clock is set to 2020-06-23 09:00 Asia/Shanghai, when all 63 agencies are due their seven-day
 * reminder of 2020H1.
 */
async function benchService(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pprd-bench-'));
  const smtp = await startSmtpServer();
  const slack = await createFakeSlackApi();
  const secret = 'bench-secret';
  cpSync(root('config'), join(dir, 'config'), { recursive: true });
  // The bench's Slack user is a coordinator, so `/pprd status` computes the whole board.
  const contactsFile = join(dir, 'config', 'contacts.yaml');
  const contacts = parse(readFileSync(contactsFile, 'utf8')) as { coordinators: { slackId?: string }[] };
  contacts.coordinators[0].slackId = 'UBENCH';
  writeFileSync(contactsFile, stringify(contacts));
  const clock = createManualClock(Date.parse('2020-06-23T08:59:00+08:00'));
  const dbPath = join(dir, 'pprd.sqlite');
  const configDir = join(dir, 'config');
  const service = await startService({
    dbPath,
    configDir,
    env: { SMTP_URL: smtp.url, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl, PPRD_OUTBOX: join(dir, 'outbox') },
    clock,
    log: silentLog,
    port: 0,
    host: '127.0.0.1',
    importDocument: () => {
      const o = importDocumentFile({ dbPath, configDir });
      return { changed: o.result.changed, summary: formatImport(o) };
    },
  });
  const rows: Row[] = [];
  try {
    await service.tick(); // start-up catch-up: old rounds recorded as skipped
    clock.set(Date.parse('2020-06-23T09:00:00+08:00'));
    let t0 = performance.now();
    await service.tick();
    const sendMs = performance.now() - t0;
    rows.push({ name: 'delivery: tick sending the 2020H1 seven-day reminders (63 SMTP)', value: sendMs.toFixed(0), unit: 'ms' });
    rows.push({ name: 'delivery: emails per second through SMTP', value: ((smtp.received.length / sendMs) * 1000).toFixed(1), unit: 'msg/s' });
    clock.set(Date.parse('2020-06-23T09:01:00+08:00'));
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await service.tick();
      idle.push(performance.now() - t0);
      clock.set(clock.now() + 60_000);
    }
    rows.push({ name: 'delivery: idle tick (nothing due), median of 5', value: percentile(idle, 50).toFixed(0), unit: 'ms' });

    const acks: number[] = [];
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `bench-${i}`;
      t0 = performance.now();
      const res = await postSigned(`http://127.0.0.1:${service.port}/slack/events`, secret, commandBody({ text: 'status', userId: 'UBENCH', responseUrl: slack.responseUrl(id) }));
      acks.push(res.ackMs);
      await slack.waitFor(() => slack.responses.some((r) => r.id === id), 15_000);
      answers.push(performance.now() - t0);
      const body = JSON.stringify(slack.responses.find((r) => r.id === id)?.body ?? {});
      if (!body.includes('2020H1')) throw new Error(`bench: /pprd status did not answer with the board: ${body.slice(0, 200)}`);
    }
    rows.push({ name: 'slack: /pprd status ack (p50 / p95 of 20)', value: `${percentile(acks, 50).toFixed(0)} / ${percentile(acks, 95).toFixed(0)}`, unit: 'ms' });
    rows.push({ name: 'slack: /pprd status answer posted (p50 / p95 of 20)', value: `${percentile(answers, 50).toFixed(0)} / ${percentile(answers, 95).toFixed(0)}`, unit: 'ms' });
  } finally {
    await service.stop();
    await smtp.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

const toRow = (r: BenchResult): Row => ({
  name: r.name,
  value: r.perSecond.toLocaleString('en-US'),
  unit: r.name.endsWith('(%)') ? '%' : `/s (${r.ops.toLocaleString('en-US')} in run)`,
});
const planRows = benchPlanning().map(toRow);
const deliveryRows = (await benchDelivery()).map(toRow);
const serviceRows = await benchService();
const rows = [...planRows, ...deliveryRows, ...serviceRows, ...benchBoard()];
const w = Math.max(...rows.map((r) => r.name.length));
const v = Math.max(...rows.map((r) => r.value.length));
console.log(`${'figure'.padEnd(w)}  ${'value'.padStart(v)}  unit`);
for (const r of rows) console.log(`${r.name.padEnd(w)}  ${r.value.padStart(v)}  ${r.unit}`);
