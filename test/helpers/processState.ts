/**
 * What a test file could leave behind in its process for the next file of a shared worker (the `pure`
 * project of vitest.config.ts, `isolate: false`; checked by test/helpers/sharedWorker.ts).
 */

/** Counts of the libuv handles still open: listening servers (`TCPServerWrap`), child processes (`ProcessWrap`). */
export function openHandles(): { servers: number; children: number } {
  const info = process.getActiveResourcesInfo();
  return {
    servers: info.filter((r) => r === 'TCPServerWrap').length,
    children: info.filter((r) => r === 'ProcessWrap').length,
  };
}

/** The signals and process events a service or the CLI could listen to. */
const PROCESS_EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * The environment variables (a copy: names and values), `process.exitCode`, and the number of listeners
 * of each of PROCESS_EVENTS: equal before and after a file when it restored what it set.
 */
export function processState(): {
  env: Record<string, string | undefined>;
  exitCode: typeof process.exitCode;
  listeners: Record<string, number>;
} {
  return {
    env: { ...process.env },
    exitCode: process.exitCode,
    listeners: Object.fromEntries(PROCESS_EVENTS.map((e) => [e, process.listenerCount(e)])),
  };
}

/**
 * `openHandles()` once the handles closed so far are released: a closed server's handle leaves libuv's
 * list in the loop's close phase, after its 'close' event. Polls every 10 ms, up to `ms`, until it equals
 * `expected`; returns the last reading.
 */
export async function settledHandles(
  expected: ReturnType<typeof openHandles>,
  ms = 200,
): Promise<ReturnType<typeof openHandles>> {
  const end = Date.now() + ms;
  for (;;) {
    const now = openHandles();
    if ((now.servers === expected.servers && now.children === expected.children) || Date.now() >= end) return now;
    await new Promise((r) => setTimeout(r, 10));
  }
}
