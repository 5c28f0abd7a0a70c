import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { PURE, TIMED } from '../vitest.config.ts';
import { runCli } from './helpers/runCli.ts';

// Issue 11 (`npm test` < 2 min on 2 cores): the suite's own layout, checked so that an edit keeps it.

/** Test files under test/, relative to the project root. */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

/** What a file that shares its worker with others (`isolate: false`) must not touch: state of the process. */
const PROCESS_STATE: [string, RegExp][] = [
  ['process.env', /process\.env/],
  ['vi.* (mocks, spies, fake timers)', /\bvi\./],
  ['a child process', /node:child_process|spawn\(|execFile/],
  ['process.chdir / process.on / process.exitCode', /process\.(chdir|on|once|exitCode)\b/],
  [
    'a server or a running service',
    /startService|startWebWorld|createServer|\.listen\(|startSmtpServer|createFakeSlackApi/,
  ],
];
// The in-process CLI (runCli, useCliStore) is allowed: it restores the variables and process.exitCode it
// sets (checked below).

describe('the test suite runs two files at a time, pure files in a shared worker, timed files alone', () => {
  const projects = (config.test?.projects ?? []) as {
    test: { name: string; include?: string[]; exclude?: string[]; maxWorkers?: number; isolate?: boolean };
  }[];
  const byName = Object.fromEntries(projects.map((p) => [p.test.name, p.test]));

  it('every test file is in exactly one project: parallel (2 workers), pure (2, shared) or timed (1, last)', () => {
    expect(Object.keys(byName)).toEqual(['parallel', 'pure', 'timed']);
    expect([byName.parallel.maxWorkers, byName.pure.maxWorkers, byName.timed.maxWorkers]).toEqual([2, 2, 1]);
    expect(byName.pure.isolate).toBe(false);
    const all = files('test').sort();
    const listed = [...PURE, ...TIMED];
    // Each listed file exists and is listed once; the rest fall to `parallel`.
    expect(listed.filter((f) => !all.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(byName.parallel.exclude).toEqual([...TIMED, ...PURE]);
  });

  it('no pure file touches process state (it would leak into the next file of its worker)', () => {
    const found = PURE.flatMap((file) => {
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
});
