import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/built.ts';
import { tempDir } from './helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * The packages (under node_modules) the compiled CLI loads for `args` (on the database `db`, else a new one), sorted, with its exit status and
 * the project's own compiled modules it loads (`cli/main.js`, … relative to dist/, sorted).
 */
function packagesLoaded(
  args: string[],
  node: string[] = [join(ROOT, 'bin/pprd.js')],
  db?: string,
): { status: number | null; packages: string[]; modules: string[] } {
  const t = tempDir('pprd-start-');
  try {
    const out = join(t.dir, 'loaded.txt');
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'test/fixtures/listPackages.mjs'), ...node, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PPRD_LOADED_OUT: out, PPRD_DB: db ?? join(t.dir, 'pprd.sqlite') },
        encoding: 'utf8',
      },
    );
    const files = readFileSync(out, 'utf8').split('\n');
    const packages = new Set<string>();
    const modules = new Set<string>();
    for (const f of files) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
      if (m) packages.add(m[1]);
      const own = /\/dist\/(.+\.js)$/.exec(f);
      if (own && !m) modules.add(own[1]);
    }
    return { status: r.status, packages: [...packages].sort(), modules: [...modules].sort() };
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

  it('every help (pprd --help, a command’s and a subcommand’s --help, pprd help CMD) loads commander alone and no command’s code: no zod, luxon, config, store or schedule planner', () => {
    // The declarations (src/cli/register) and the three light texts the help shows (date forms, schema folder,
    // simulate's column legend).
    const declarations = [
      'cli/lazyAction.js',
      'cli/main.js',
      'cli/program.js',
      'cli/register/catalog.js',
      'cli/register/commandClock.js',
      'cli/register/delivery.js',
      'cli/register/schedule.js',
      'cli/register/service.js',
      'cli/register/web.js',
      'config/schemaFiles.js',
      'schedule/epochDays.js',
      'schedule/inputForms.js',
      'service/simulateColumns.js',
    ];
    for (const args of [
      ['--help'],
      ['preview', '--help'],
      ['config', 'check', '--help'],
      ['help', 'status'],
      ['simulate', '--help'],
    ]) {
      const help = packagesLoaded(args);
      expect(help.status, args.join(' ')).toBe(0);
      expect(help.packages, args.join(' ')).toEqual(['commander']);
      expect(help.modules, args.join(' ')).toEqual(declarations);
    }
  });

  it('pprd config check loads YAML and cron when it reads the config, and still no mail, Slack, Excel or web server, nor OpenCC for simplified names', () => {
    const check = packagesLoaded(['config', 'check']);
    expect(check.status).toBe(0);
    expect(check.packages).toEqual(expect.arrayContaining(['yaml', 'node-cron']));
    expect(
      check.packages.filter((p) =>
        ['@slack/bolt', 'exceljs', 'hono', 'nodemailer', 'opencc-js', 'pino', 'prom-client'].includes(p),
      ),
    ).toEqual([]);
  });

  it('pprd status and pprd preview (a document imported) load SQLite, YAML and zod, and no mail, HTTP, logger, Slack, metrics or Excel code', () => {
    const t = tempDir('pprd-start-db-');
    try {
      const db = join(t.dir, 'pprd.sqlite');
      const imported = spawnSync(process.execPath, [join(ROOT, 'bin/pprd.js'), 'import'], {
        cwd: ROOT,
        env: { ...process.env, PPRD_DB: db },
        encoding: 'utf8',
      });
      expect(imported.status, imported.stderr).toBe(0);
      // the shipped document and config are simplified: OpenCC's tables are not built for them
      for (const args of [
        ['status', '--now', '2026-03-02T10:00'],
        ['preview', '--from', '2026-06-01', '--to', '2026-07-31', '--now', '2026-03-02T10:00'],
      ]) {
        const run = packagesLoaded(args, [join(ROOT, 'bin/pprd.js')], db);
        expect(run.status, args[0]).toBe(0);
        expect(run.packages, args[0]).toEqual(expect.arrayContaining(['better-sqlite3', 'yaml', 'zod']));
        expect(
          run.packages.filter(
            (p) =>
              ['@hono/node-server', 'hono', 'nodemailer', 'pino', 'prom-client', 'exceljs', 'ical-generator'].includes(
                p,
              ) || p.startsWith('@slack/'),
          ),
          args[0],
        ).toEqual([]);
      }
    } finally {
      t.cleanup();
    }
  });

  it('the config code loads zod on its first validation, not at import: its schemas are built when a file is checked', () => {
    const config = JSON.stringify(join(ROOT, 'dist/config/index.js'));
    const imported = packagesLoaded([], ['--input-type=module', '-e', `await import(${config});`]);
    expect(imported.status).toBe(0);
    expect(imported.packages).not.toContain('zod');
    const validated = packagesLoaded(
      [],
      [
        '--input-type=module',
        '-e',
        `const c = await import(${config}); const r = c.loadDirectory(${JSON.stringify(join(ROOT, 'config/agencies.yaml'))}); if (r.problems.length || r.directory.length !== 79) process.exit(3);`,
      ],
    );
    expect(validated.status).toBe(0);
    expect(validated.packages).toEqual(expect.arrayContaining(['yaml', 'zod']));
  });

  it('the service’s modules load no Slack code until Slack is configured (Bolt, its web client, Socket Mode, Express, undici), and of prom-client only its registry and metric classes (not its index: no Summary’s tdigest and bintrees, no @opentelemetry/api)', () => {
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
    // issue 11, service RSS: src/service/metrics.ts requires prom-client/lib/{registry,counter,gauge,histogram}.
    expect(serve.packages).toContain('prom-client');
    expect(serve.packages.filter((p) => ['@opentelemetry/api', 'bintrees', 'tdigest'].includes(p))).toEqual([]);
  });
});
