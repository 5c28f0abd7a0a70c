import { defineConfig } from 'vitest/config';

/**
 * Files that assert a wall-clock bound on work sharing this process's CPU (an ack under 1 s or 3 s while
 * the process floods itself or a child busy-loops, Slack's lane under 3 s beside stuck SMTP): they run
 * last, one at a time, so no other file takes a core from them.
 */
const TIMED = [
  'test/service.http.test.ts',
  'test/slack.syncwork.test.ts',
  'test/slack.receiver.test.ts',
  'test/delivery.lanes.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file in a child process of its own (better-sqlite3, process.env, signal handlers and
    // process.exitCode stay per file).
    pool: 'forks',
    // `dist/` brought up to date once, before the files that run the compiled CLI start side by side.
    globalSetup: ['test/helpers/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: TIMED,
          // Two files at a time. vitest's default for `run` is one less than the cores: ONE on the 2-core
          // machines of this project (CI too), which ran the files strictly one after another while most of
          // them wait on sockets, child processes and timers (issue 11: 245 s wall for 167 s of tests).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: TIMED,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
