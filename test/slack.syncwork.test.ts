import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { commandBody, postSigned } from './helpers/slackSign.ts';
import { COORDINATOR } from './helpers/slackWorld.ts';

/**
 * How long the status work blocks the child's event loop: twice the ack bound, so an ack that waited for
 * the work (≥ 2 s) fails it, and long enough that the answer after the ack (≥ 1 s later) shows it waited.
 */
const BLOCK_MS = 2000;

let fake: FakeSlackApi;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  fake = await createFakeSlackApi();
  child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/slackSyncWorkApp.ts'], {
    env: { ...process.env, SLACK_API_URL: fake.apiUrl, BLOCK_MS: String(BLOCK_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  url = `http://127.0.0.1:${(JSON.parse(line.toString()) as { port: number }).port}/slack/events`;
});
afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await fake.close();
});

test('work that blocks the event loop for 2 s (synchronous) still lets the ack leave first, under 1 s', async () => {
  const res = await postSigned(
    url,
    'sync-secret',
    commandBody({ text: 'status', userId: COORDINATOR, responseUrl: fake.responseUrl('sync') }),
  );
  expect(res.status).toBe(200);
  expect(res.ackMs).toBeLessThan(1000);
  const t0 = performance.now();
  await fake.waitFor(() => fake.responses.some((r) => r.id === 'sync'), 20_000);
  expect(performance.now() - t0).toBeGreaterThan(BLOCK_MS - 1000);
  expect(String(fake.responses.find((r) => r.id === 'sync')!.body.text)).toContain(
    '泛珠合作事项半年报送 2020H1：已报送 0/63',
  );
});
