import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/built.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const ROOT = join(import.meta.dirname, '..');
const REFUSE_TS = join(ROOT, 'test/fixtures/refuseTypeScript.mjs');

/** `node --import refuseTypeScript.mjs bin/pprd.js ARGS`: the compiled CLI, failing on any TypeScript at run time. */
function runBuilt(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', REFUSE_TS, join(ROOT, 'bin/pprd.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('compiled CLI (issue 11: start-up without a TypeScript loader)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('bin/pprd.js --help and --version run from dist/ with no tsx and no .ts module loaded', () => {
    const help = runBuilt(['--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('Usage: pprd [options] [command]');
    expect(help.stdout).toContain('Dates and instants (--now, --at, PPRD_NOW; --from, --to take dates only):');
    const version = runBuilt(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('the built import finds the seed document and the migrations from dist/ and stores the catalog', () => {
    const t = tempDir('pprd-built-');
    try {
      const r = runBuilt(['import'], { PPRD_DB: join(t.dir, 'pprd.sqlite'), PPRD_CONFIG: 'config' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(
        'imported 粤府〔2017〕8号 广东省深化泛珠三角区域合作实施意见 (广东省人民政府, 2017-01-20) from seeds/yuefu-2017-8-pprd-implementation-opinions.txt: 34 tasks, 67 agencies (4 groups), 5 targets, 2 obligations\n',
      );
    } finally {
      t.cleanup();
    }
  });

  it('tsx and typescript are development dependencies only: the production install has no TypeScript loader', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies).filter((d) => d === 'tsx' || d === 'typescript')).toEqual([]);
    expect(pkg.devDependencies.tsx).toBe('4.23.15');
    expect(pkg.scripts.prepare).toBe('npm run build');
    // The service starts with V8 sized for memory, without its optimizing compiler, and with two malloc
    // arenas (issue 11, README Operations → Memory), the same way in npm start and the image;
    // `exec`/exec form: no shell or wrapper between the signal and the service.
    expect(pkg.scripts.start).toBe('MALLOC_ARENA_MAX=2 exec node --optimize-for-size --no-opt bin/pprd.js serve');
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^CMD .*$/m)?.[0]).toBe(
      'CMD ["node", "--optimize-for-size", "--no-opt", "bin/pprd.js", "serve"]',
    );
    expect(dockerfile.match(/^ {4}MALLOC_ARENA_MAX=.*$/m)?.[0]).toBe('    MALLOC_ARENA_MAX=2 \\');
  });

  it('runCli (tests in process) gives what the process gives: exit code, stdout and stderr, for help, a usage error and a command error', async () => {
    const t = tempDir('pprd-same-');
    try {
      const env = { PPRD_DB: join(t.dir, 'none.sqlite'), PPRD_CONFIG: 'config', PPRD_NOW: '' };
      for (const args of [
        ['--help'],
        ['deadlines', '--help'],
        ['--version'],
        ['nope'],
        ['preview', '--bogus'],
        ['agency', '省交通运输厅'],
        ['tick', '--now', 'yesterday'],
      ]) {
        const p = runBuilt(args, env);
        const i = await runCli(args, env);
        expect({ args, code: i.code, out: i.out, err: i.err }).toEqual({
          args,
          code: p.status,
          out: p.stdout,
          err: p.stderr,
        });
      }
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
