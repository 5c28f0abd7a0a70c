import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { SHARED, TIMED } from '../vitest.config.ts';
import { openHandles, processState, settledHandles } from './helpers/processState.ts';
import { runCli } from './helpers/runCli.ts';

// Issue 11 (`npm test` < 2 min on 2 cores): the suite's own layout, checked so that an edit keeps it.

/** Test files under test/, relative to the project root. */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

/**
 * What a file that shares its worker with others (`isolate: false`) must not touch: state of the process
 * that test/helpers/sharedWorker.ts cannot see after the file (mocks and fake timers, listeners of any
 * event, the working directory, a browser's processes).
 */
const PROCESS_STATE: [string, RegExp][] = [
  ['vi.* (mocks, spies, fake timers)', /\bvi\./],
  ['process.chdir / process.on / process.once', /process\.(chdir|on|once)\b/],
  ['a browser (a child process of its own)', /playwright|chromium/],
];
// Allowed, and checked after each shared file by test/helpers/sharedWorker.ts (its checks are tested
// below): the in-process CLI (runCli, useCliStore), which restores the variables and process.exitCode it
// sets; variables the file sets and restores; servers the file closes; child processes that end.

describe('the test suite runs two files at a time, shared files in a shared worker, timed files alone', () => {
  const projects = (config.test?.projects ?? []) as {
    test: {
      name: string;
      include?: string[];
      exclude?: string[];
      maxWorkers?: number;
      isolate?: boolean;
      setupFiles?: string[];
    };
  }[];
  const byName = Object.fromEntries(projects.map((p) => [p.test.name, p.test]));

  it('every test file is in exactly one project: parallel (2 workers), shared (2, isolate: false, checked) or timed (1, last, shared and checked)', () => {
    expect(Object.keys(byName)).toEqual(['parallel', 'shared', 'timed']);
    expect([byName.parallel.maxWorkers, byName.shared.maxWorkers, byName.timed.maxWorkers]).toEqual([2, 2, 1]);
    expect([byName.shared.isolate, byName.timed.isolate]).toEqual([false, false]);
    expect([byName.shared.setupFiles, byName.timed.setupFiles]).toEqual([
      ['test/helpers/sharedWorker.ts'],
      ['test/helpers/sharedWorker.ts'],
    ]);
    const all = files('test').sort();
    const listed = [...SHARED, ...TIMED];
    // Each listed file exists and is listed once; the rest fall to `parallel`.
    expect(listed.filter((f) => !all.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(byName.parallel.exclude).toEqual([...TIMED, ...SHARED]);
  });

  it('no shared file touches process state it cannot give back (it would leak into the next file of its worker)', () => {
    const found = SHARED.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return PROCESS_STATE.filter(([, re]) => re.test(text)).map(([what]) => `${file}: ${what}`);
    });
    expect(found).toEqual([]);
  });

  it('the in-process CLI leaves process.env and process.exitCode as it found them, after a failed command too', async () => {
    process.env.PPRD_NOW = '2020-06-23T09:00:00+08:00';
    delete process.env.PPRD_DB;
    try {
      const r = await runCli(['tick', '--now', 'yesterday'], {
        PPRD_NOW: undefined,
        PPRD_DB: '/nonexistent/pprd.sqlite',
      });
      expect(r.code).toBe(2);
      expect([process.env.PPRD_NOW, process.env.PPRD_DB, process.exitCode]).toEqual([
        '2020-06-23T09:00:00+08:00',
        undefined,
        undefined,
      ]);
    } finally {
      delete process.env.PPRD_NOW;
    }
  });

  it('the shared worker check sees a child process left running, then not once it has ended', async () => {
    const handles = openHandles();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      expect(openHandles()).toEqual({ servers: handles.servers, children: handles.children + 1 });
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    expect(await settledHandles(handles)).toEqual(handles);
  });

  it('the shared worker check sees a server left open, a variable left set and a signal listener left behind', async () => {
    const state = processState();
    const handles = openHandles();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const onTerm = () => {};
    process.env.PPRD_LEFT_BEHIND = 'x';
    process.on('SIGTERM', onTerm);
    try {
      expect(openHandles()).toEqual({ servers: handles.servers + 1, children: handles.children });
      const left = processState();
      expect(left.env.PPRD_LEFT_BEHIND).toBe('x');
      expect(left.listeners.SIGTERM).toBe(state.listeners.SIGTERM + 1);
      expect(left).not.toEqual(state);
    } finally {
      delete process.env.PPRD_LEFT_BEHIND;
      process.off('SIGTERM', onTerm);
      await new Promise((r) => server.close(r));
    }
    expect(await settledHandles(handles)).toEqual(handles);
    expect(processState()).toEqual(state);
  });
});
