import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFrom2017 } from '../test/helpers/configFrom2017.ts';
import { type Figure, summarize } from './stats.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/**
 * Makes sure the compiled CLI exists (`dist/cli/main.js`, built by `npm ci` through `prepare`);
 * builds it when it is missing. @throws when `npm run build` fails.
 */
export function ensureBuilt(): void {
  if (existsSync(root('dist/cli/main.js'))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: root(''), stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench: npm run build failed');
}

/** Wall ms of one process run to its exit, with `env` over this process's. @throws when it exits non-zero. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root(''),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`bench: node ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
  return ms;
}

/**
 * CLI start-up: `node bin/pprd.js --help` (the compiled CLI, as `npx pprd` runs it), a command that reads
 * and validates the shipped config (`pprd config check`, no database) and their peer `node -e 0` (node's
 * own start), alternating, `runs` each after one warm-up of each.
 */
export function benchStartup(runs = 7): { cli: Figure; check: Figure; node: Figure } {
  ensureBuilt();
  const cli: number[] = [];
  const check: number[] = [];
  const node: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pprd-bench-start-'));
  const env = { PPRD_DB: join(dir, 'none.sqlite') };
  try {
    timeProcess(['bin/pprd.js', '--help']);
    timeProcess(['bin/pprd.js', 'config', 'check'], env);
    timeProcess(['-e', '0']);
    for (let i = 0; i < runs; i++) {
      cli.push(timeProcess(['bin/pprd.js', '--help']));
      check.push(timeProcess(['bin/pprd.js', 'config', 'check'], env));
      node.push(timeProcess(['-e', '0']));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { cli: summarize(cli), check: summarize(check), node: summarize(node) };
}

/**
 * The environment and node flags of `npm start` (package.json: `[VAR=value …] exec node FLAGS bin/pprd.js
 * serve`; the Dockerfile's ENV and CMD have the same, test/build.test.ts): the bench's service child runs
 * with them, as the service does.
 * @throws when the start script no longer has that shape.
 */
export function serviceStart(): { env: Record<string, string>; flags: string[] } {
  const start = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const m = /^((?:[A-Z_]+=\S+ )*)exec node ((?:--\S+ )*)bin\/pprd\.js serve$/.exec(start);
  if (!m)
    throw new Error(
      `bench: package.json's start script "${start}" is not \`[VAR=value …] exec node [flags] bin/pprd.js serve\``,
    );
  const env = Object.fromEntries(
    m[1]
      .split(' ')
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  return { env, flags: m[2].split(' ').filter(Boolean) };
}

/** RSS of the compiled service in its own process: after start, and after `ticks` minute ticks. */
export interface RssFigures {
  atStartMb: number;
  afterMb: number;
  /** V8's heap at each point (MB): reserved in all (`heapTotal`) and its young generation (two semi-spaces). */
  heapAtStart: { total: number; young: number };
  heapAfter: { total: number; young: number };
  ticks: number;
  elapsedMs: number;
  /** CPU ms (user + system) per minute tick over the day. */
  tickCpuMs: number;
  /** Median wall ms of 20 GETs of the coordinators' board (`/`) from this process, after the day. */
  boardMs: number;
  /** The child's node flags (`process.execArgv`): those of `npm start`. */
  execArgv: string[];
  /** The environment variables `npm start` sets, as the child ran with them (e.g. `MALLOC_ARENA_MAX=2`). */
  startEnv: Record<string, string>;
}

/**
 * Service memory: runs `bench/serviceRss.mjs` (the compiled service, a fresh database, shipped config,
 * outbox email, a manual clock from 2026-06-29 00:00 Shanghai) in a child node process and reads its
 * RSS after the start-up tick and after up to `ticks` minute ticks (a day is 1,440), within `budgetMs`, with
 * the environment and node flags of `npm start` ({@link serviceStart}); then the board's time served over HTTP.
 */
export function benchServiceRss(ticks = 1440, budgetMs = 30_000): RssFigures {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'pprd-bench-rss-'));
  const start = serviceStart();
  try {
    cpSync(configFrom2017(), join(dir, 'config'), { recursive: true });
    const r = spawnSync(
      process.execPath,
      [
        ...start.flags,
        root('bench/serviceRss.mjs'),
        join(dir, 'config'),
        join(dir, 'pprd.sqlite'),
        join(dir, 'outbox'),
        String(ticks),
        String(budgetMs),
      ],
      {
        cwd: root(''),
        env: { ...process.env, ...start.env },
        encoding: 'utf8',
        timeout: budgetMs + 60_000,
      },
    );
    if (r.status !== 0) throw new Error(`bench: service RSS child exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    // The child's last line: the figures, with the two RSS readings named atStart and after (MB).
    const { atStart, after, ...rest } = JSON.parse(r.stdout.trim().split('\n').pop()!) as Omit<
      RssFigures,
      'atStartMb' | 'afterMb' | 'startEnv'
    > & { atStart: number; after: number };
    return { atStartMb: atStart, afterMb: after, ...rest, startEnv: start.env };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU ms used by this process's children that have ended (Linux `/proc/self/stat` cutime + cstime), or NaN elsewhere. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from after the command name (field 3 is the state): clock ticks.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One `pprd simulate` process: its report's own time, the process's wall and CPU time (ms), ticks and violations. */
export interface SimulateRun {
  elapsedMs: number;
  processMs: number;
  cpuMs: number;
  ticks: number;
  violations: number;
}

/**
 * `pprd simulate --from 2017-01-20 --to T --json` as a user runs it: the compiled CLI in a process of its
 * own, cold, on the shipped config as a deployment from 2017 had it (test/helpers/configFrom2017.ts);
 * `runs` of each `to`, alternating. CPU is the child's (kernel clock ticks, 10 ms).
 * @throws when a run exits with anything but 0.
 */
export function benchSimulateCli(tos: readonly string[], runs = 3): Map<string, SimulateRun[]> {
  ensureBuilt();
  const out = new Map<string, SimulateRun[]>(tos.map((t) => [t, []]));
  for (let i = 0; i < runs; i++) {
    for (const to of tos) {
      const cpu0 = childrenCpuMs();
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['bin/pprd.js', 'simulate', '--from', '2017-01-20', '--to', to, '--json'], {
        cwd: root(''),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', PPRD_CONFIG: configFrom2017() },
      });
      const processMs = performance.now() - t0;
      if (r.status !== 0)
        throw new Error(`bench: pprd simulate --to ${to} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
      const report = JSON.parse(r.stdout) as { elapsedMs: number; ticks: number; violations: unknown[] };
      out.get(to)?.push({
        elapsedMs: report.elapsedMs,
        processMs,
        cpuMs: childrenCpuMs() - cpu0,
        ticks: report.ticks,
        violations: report.violations.length,
      });
    }
  }
  return out;
}
