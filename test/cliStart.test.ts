import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/built.ts';
import { tempDir } from './helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..');

/** The packages (under node_modules) the compiled CLI loads for `args`, sorted, with its exit status. */
function packagesLoaded(
  args: string[],
  node: string[] = [join(ROOT, 'bin/pprd.js')],
): { status: number | null; packages: string[] } {
  const t = tempDir('pprd-start-');
  try {
    const out = join(t.dir, 'loaded.txt');
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'test/fixtures/listPackages.mjs'), ...node, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PPRD_LOADED_OUT: out, PPRD_DB: join(t.dir, 'pprd.sqlite') },
        encoding: 'utf8',
      },
    );
    const files = readFileSync(out, 'utf8').split('\n');
    const packages = new Set<string>();
    for (const f of files) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
      if (m) packages.add(m[1]);
    }
    return { status: r.status, packages: [...packages].sort() };
  } finally {
    t.cleanup();
  }
}

/** Packages only some commands need: none of them is loaded to print the help. */
const HEAVY = [
  '@hono/node-server',
  '@slack/bolt',
  'better-sqlite3',
  'chinese-days',
  'exceljs',
  'hono',
  'ical-generator',
  'node-cron',
  'nodemailer',
  'opencc-js',
  'pino',
  'prom-client',
  'seedrandom',
  'yaml',
];

describe('CLI start loads what the command needs (issue 11: start near node -e 0)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('pprd --help loads none of YAML, SQLite, cron, OpenCC, iCalendar, the holiday data, mail, Slack, Excel or the web server', () => {
    const help = packagesLoaded(['--help']);
    expect(help.status).toBe(0);
    expect(help.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(help.packages).toContain('commander');
  });

  it('pprd config check loads YAML and cron when it reads the config, and still no mail, Slack, Excel or web server', () => {
    const check = packagesLoaded(['config', 'check']);
    expect(check.status).toBe(0);
    expect(check.packages).toEqual(expect.arrayContaining(['yaml', 'node-cron']));
    expect(
      check.packages.filter((p) => ['@slack/bolt', 'exceljs', 'hono', 'nodemailer', 'pino', 'prom-client'].includes(p)),
    ).toEqual([]);
  });

  it('the service’s modules load no Slack code until Slack is configured (Bolt, its web client, Socket Mode, Express, undici)', () => {
    const serve = packagesLoaded(
      [],
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(join(ROOT, 'dist/service/serve.js'))}); await import(${JSON.stringify(join(ROOT, 'dist/main.js'))});`,
      ],
    );
    expect(serve.status).toBe(0);
    expect(serve.packages.filter((p) => p.startsWith('@slack/') || ['express', 'undici', 'axios'].includes(p))).toEqual(
      [],
    );
    expect(serve.packages).toContain('nodemailer');
  });
});
