import { defineConfig } from 'vitest/config';

/**
 * Files that assert a wall-clock bound on work sharing this machine's CPU (an ack under 1 s or 3 s while
 * the process floods itself or a child busy-loops; 20 emails accepted within 2.5 s while Slack waits out
 * a 429): they run last, one at a time, so no other file takes a core from them. (delivery.lanes beside
 * the other files failed its 2.5 s bound at 3.7 s on a busy machine.)
 */
export const TIMED = [
  'test/service.http.test.ts',
  'test/slack.syncwork.test.ts',
  'test/slack.receiver.test.ts',
  'test/delivery.lanes.test.ts',
];

/**
 * Files that leave their process as they found it: pure computation, private temporary stores, the
 * in-process CLI (test/helpers/runCli.ts sets the command's variables and process.exitCode and restores
 * both after each command; useCliStore after the suite), servers on loopback (SMTP, fake Slack and
 * robots, the service and its web board) and child processes that end before the file does, variables
 * (TZ) set and restored. No signal handler, no fake timers, no module mock, no browser, no tick left
 * running. They share a worker process one after another (`isolate: false`): the worker's start and the
 * modules' evaluation (the CLI's commands, the store, the config, the service, nodemailer) are paid once
 * per worker, not per file (~1.7 s CPU each on this machine). test/helpers/sharedWorker.ts fails a file
 * that leaves variables, process.exitCode, signal listeners, servers or child processes behind. A file
 * that needs any of the above, or cannot give it back, stays in `parallel`.
 */
export const SHARED = [
  'test/agencyNames.test.ts',
  'test/architecture.test.ts',
  'test/badStores.test.ts',
  'test/build.test.ts',
  'test/bundle.test.ts',
  'test/calendar.access.test.ts',
  'test/calendar.alarm.test.ts',
  'test/calendar.test.ts',
  'test/catalog.general.test.ts',
  'test/catalog.import.test.ts',
  'test/catalog.init.test.ts',
  'test/catalog.parse.test.ts',
  'test/catalog.shapes.test.ts',
  'test/chatRobot.service.test.ts',
  'test/chatRobot.test.ts',
  'test/cli.backup.test.ts',
  'test/cli.instant.test.ts',
  'test/cli.json.test.ts',
  'test/cli.ops.test.ts',
  'test/cli.progress.test.ts',
  'test/cli.provisionalYears.test.ts',
  'test/cli.records.test.ts',
  'test/cli.schedule.test.ts',
  'test/cli.statusLang.test.ts',
  'test/compositionRoot.test.ts',
  'test/config.agencies.test.ts',
  'test/config.messages.test.ts',
  'test/config.placeholders.test.ts',
  'test/config.schema.test.ts',
  'test/config.test.ts',
  'test/contactsReload.test.ts',
  'test/decide.test.ts',
  'test/delivery.cli.test.ts',
  'test/delivery.concurrent.test.ts',
  'test/delivery.contacts.test.ts',
  'test/delivery.engine.test.ts',
  'test/delivery.escalation.test.ts',
  'test/delivery.status.test.ts',
  'test/dst.test.ts',
  'test/dueOnDayOff.test.ts',
  'test/email.render.test.ts',
  'test/email.smtp.test.ts',
  'test/epochDays.test.ts',
  'test/errors.test.ts',
  'test/facts.queries.test.ts',
  'test/headers.test.ts',
  'test/history.test.ts',
  'test/ical.feed.test.ts',
  'test/mail.headers.test.ts',
  'test/messages.words.test.ts',
  'test/normalizeText.t2cn.test.ts',
  'test/plan.test.ts',
  'test/planInvariants.test.ts',
  'test/planWindow.test.ts',
  'test/scheduleRepo.test.ts',
  'test/service.metrics.test.ts',
  'test/service.test.ts',
  'test/settings.test.ts',
  'test/simulate.test.ts',
  'test/slack.blocks.test.ts',
  'test/slack.channel.test.ts',
  'test/slack.lifecycle.test.ts',
  'test/slack.manifest.test.ts',
  'test/slack.status.test.ts',
  'test/status.provisional.test.ts',
  'test/store.pageCache.test.ts',
  'test/successors.test.ts',
  'test/targetsBeforeDeployment.test.ts',
  'test/tickChannels.test.ts',
  'test/web.cli.test.ts',
  'test/web.pages.test.ts',
  'test/web.service.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A child process per worker (better-sqlite3, process.env, signal handlers and process.exitCode stay
    // per process).
    pool: 'forks',
    // `dist/` brought up to date once, before the files that run the compiled CLI start side by side.
    globalSetup: ['test/helpers/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: [...TIMED, ...SHARED],
          // Two files at a time. vitest's default for `run` is one less than the cores: ONE on the 2-core
          // machines of this project (CI too), which ran the files strictly one after another while most of
          // them wait on sockets, child processes and timers (issue 11: 245 s wall for 167 s of tests).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // After `parallel` in the same group (projects sort by name), on the same two workers.
        test: {
          name: 'shared',
          include: SHARED,
          isolate: false,
          setupFiles: ['test/helpers/sharedWorker.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // One worker, after all the others; shared by the four files as `shared` is (one start, one evaluation
        // of the service's modules instead of four, in the part of the run that has the machine to itself),
        // with the same check that each file leaves the process as it found it.
        test: {
          name: 'timed',
          include: TIMED,
          isolate: false,
          setupFiles: ['test/helpers/sharedWorker.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
