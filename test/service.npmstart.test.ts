import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureBuilt } from './helpers/built.ts';
import { unusedPort } from './helpers/smtpServer.ts';
import { tempDir } from './helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..');

/** Pids of every live descendant of `pid` whose command is `node` (read from /proc). */
function nodeDescendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  const comm = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      comm.set(Number(entry), name);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we read
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      if (comm.get(c) === 'node') out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
}

test('SIGTERM to the `npm start` process stops the service: npm exits 0, its node child is gone, the log says stopped', async () => {
  const t = tempDir('pprd-npmstart-');
  const port = await unusedPort();
  const env = {
    ...process.env,
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    PPRD_OUTBOX: join(t.dir, 'outbox'),
    PPRD_CONFIG: 'config',
    PPRD_NOW: '2020-06-23T08:59:50+08:00',
    PORT: String(port),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    SLACK_APP_TOKEN: '',
    npm_config_update_notifier: 'false',
  };
  // npm start runs the compiled service (dist/): build it first if src/ changed since.
  ensureBuilt();
  const npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  npm.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  // 'exit', not 'close': a service left running would hold npm's stdout open.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let service: number[] = [];
  try {
    await until(
      '/healthz',
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200,
      90_000,
      () => output,
    );
    service = nodeDescendants(npm.pid!);
    expect(service).toHaveLength(1);
    // The service runs with V8 sized for memory and without its optimizing compiler, and with two malloc
    // arenas (issue 11, README Operations → Memory): the flags are on the service's own command line (no
    // wrapper process between npm and it), the variable in its environment.
    expect(readFileSync(`/proc/${service[0]}/cmdline`, 'utf8').split('\0').slice(1, 5)).toEqual([
      '--optimize-for-size',
      '--no-opt',
      'bin/pprd.js',
      'serve',
    ]);
    expect(
      readFileSync(`/proc/${service[0]}/environ`, 'utf8')
        .split('\0')
        .filter((v) => v.startsWith('MALLOC_ARENA_MAX=')),
    ).toEqual(['MALLOC_ARENA_MAX=2']);

    npm.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    await until(
      'the service process to end',
      () => !alive(service[0]),
      15_000,
      () => output,
    );
    const events = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event?: string; signal?: string });
    expect(events.filter((e) => e.event === 'signal').map((e) => e.signal)).toEqual(['SIGTERM']);
    expect(events.at(-1)?.event).toBe('stopped');
    // The port is free again: nothing answers.
    expect(await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => 'refused')).toBe('refused');
  } finally {
    npm.kill('SIGKILL');
    for (const pid of service) if (alive(pid)) process.kill(pid, 'SIGKILL');
    t.cleanup();
  }
}, 150_000);
