import { afterAll, beforeAll, expect } from 'vitest';
import { openHandles, processState, settledHandles } from './processState.ts';

/**
 * Setup file of the `pure` project (vitest.config.ts), whose files share a worker process one after
 * another (`isolate: false`): each file must leave the process as it found it, or the next file of the
 * worker would run in what it left. Checked after the file's own `afterAll` hooks (vitest runs the
 * setup file's after-hooks last): the environment variables, `process.exitCode`, the listeners of the
 * signals, and the servers (any port) and child processes still open. A failure fails the file that
 * left them, naming what; the fix is to restore or close it in that file's hooks.
 */

let before: ReturnType<typeof processState>;
let handlesBefore: ReturnType<typeof openHandles>;

beforeAll(() => {
  before = processState();
  handlesBefore = openHandles();
});

afterAll(async () => {
  expect(processState(), 'the process state this file of the shared worker leaves behind').toEqual(before);
  expect(
    await settledHandles(handlesBefore),
    'servers and child processes this file of the shared worker leaves open',
  ).toEqual(handlesBefore);
});
