import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProgress } from '../src/cli/progress.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { PPRD_BIN } from './helpers/runPprd.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 15: a progress line on long work (simulate, import, history) only when stdout is a terminal.

/** A stream stand-in that keeps what was written. */
function stream(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => writes.push(s) > 0 };
}

describe('createProgress', () => {
  test('on a terminal: one redrawn line per whole percent, cleared at the end', () => {
    const s = stream(true);
    const p = createProgress('simulate', s);
    p.update(0, 200, '2020-01-01');
    p.update(1, 200, '2020-01-02'); // still 0%: not redrawn
    p.update(2, 200, '2020-01-03');
    p.update(200, 200, '2020-07-18');
    p.end();
    expect(s.writes).toEqual([
      '\rsimulate [........................]   0% (0/200) 2020-01-01\x1b[K',
      '\rsimulate [........................]   1% (2/200) 2020-01-03\x1b[K',
      '\rsimulate [########################] 100% (200/200) 2020-07-18\x1b[K',
      '\r\x1b[K',
    ]);
  });

  test('cut to the terminal width; nothing at all when not a terminal', () => {
    const narrow = stream(true, 30);
    createProgress('simulate', narrow).update(50, 100, 'a long label of the day');
    expect(narrow.writes).toEqual(['\rsimulate [############.......\x1b[K']);
    const piped = stream(false);
    const p = createProgress('simulate', piped);
    p.update(1, 2);
    p.end();
    expect(piped.writes).toEqual([]);
  });
});

describe('the commands', () => {
  let t: ReturnType<typeof tempDir>;
  const env = () => ({
    PPRD_CONFIG: configFrom2017(),
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    PPRD_NOW: '2026-12-01T09:00:00+08:00',
  });
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  /** `pprd ARGS` in process with `process.stdout.isTTY` as given (a terminal, or a pipe). */
  async function withTTY(isTTY: boolean, args: string[]) {
    const saved = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: isTTY, configurable: true });
    try {
      return await runCli(args, env());
    } finally {
      if (saved) Object.defineProperty(process.stdout, 'isTTY', saved);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  }

  test('simulate on a terminal draws its progress by day, then clears it before the report; piped, the report alone', async () => {
    const args = ['simulate', '--from', '2020-06-22', '--to', '2020-07-10'];
    const tty = await withTTY(true, args);
    const piped = await withTTY(false, args);
    expect([tty.code, piped.code]).toEqual([0, 0]);
    expect(piped.out).not.toContain('\r');
    expect(piped.out).not.toContain('\x1b');
    // One tick per day with something to send: 9 days from 06-22 (the 2020H1 reminders) to 07-07 (its last overdue one).
    const frames = tty.out.slice(0, tty.out.lastIndexOf('\r\x1b[K')).split('\r').filter(Boolean);
    expect(frames.at(-1)).toBe('simulate [########################] 100% (9/9) 2020-07-07\x1b[K');
    expect(frames).toHaveLength(9);
    expect(frames[0]).toBe('simulate [###.....................]  11% (1/9) 2020-06-22\x1b[K');
    // After the cleared line, the same report as piped (but for its measured duration).
    const report = (out: string) => out.replace(/, \d+\.\d s\n/, ', N s\n');
    expect(report(tty.out.slice(tty.out.lastIndexOf('\r\x1b[K') + 4))).toBe(report(piped.out));
    expect(piped.out.split('\n')[0]).toMatch(
      /^simulation 2020-06-22 \.\. 2020-07-10: 9 ticks, 1 half-yearly rounds, 69 digests, \d+\.\d s$/,
    );
  }, 120_000);

  test('import on a terminal: reading, checking, storing, done; piped, the summary alone', async () => {
    const tty = await withTTY(true, ['import']);
    expect(tty.code).toBe(0);
    expect(tty.out.split('\x1b[K')).toEqual([
      '\rimport [........................]   0% (0/3) reading',
      '\rimport [########................]  33% (1/3) checking the config',
      '\rimport [################........]  66% (2/3) storing',
      '\rimport [########################] 100% (3/3) done',
      '\r',
      expect.stringMatching(
        /^imported 粤府〔2017〕8号 .*: 34 tasks, 67 agencies \(4 groups\), 5 targets, 2 obligations\n$/,
      ),
    ]);
    const piped = await withTTY(false, ['import']);
    expect(piped.out).toMatch(
      /^unchanged: 粤府〔2017〕8号 广东省深化泛珠三角区域合作实施意见 is already imported from the same text \(sha256 [0-9a-f]{12}…\); nothing written\n$/,
    );
  });

  test('history on a terminal shows its three steps; piped, none', async () => {
    const tty = await withTTY(true, ['history', '--until', '2025', '--cycle', 'target:T5']);
    expect([tty.code, tty.err]).toEqual([0, '']);
    expect(
      tty.out.startsWith(
        '\rhistory [........................]   0% (0/3) checking\x1b[K\rhistory [########................]  33% (1/3) recording\x1b[K\rhistory [################........]  66% (2/3) planning through 2025-12-31\x1b[K',
      ),
    ).toBe(true);
    const piped = await withTTY(false, ['history', '--until', '2025', '--cycle', 'target:T5', '--undo']);
    expect(piped.out).toBe('undone: rounds before deployment of target:T5 (they are tracked again)\n');
  });

  test('through a real pseudo-terminal (script): the progress line reaches the terminal; through a pipe it does not', () => {
    const cmd = [process.execPath, ...PPRD_BIN, 'import', '--json'].join(' ');
    const e = { ...process.env, ...env(), PPRD_DB: join(t.dir, 'pty.sqlite') };
    const viaPty = execFileSync('script', ['-qec', cmd, '/dev/null'], { env: e, encoding: 'utf8' });
    expect(viaPty).toContain('import [########################] 100% (3/3) done');
    const viaPipe = execFileSync(process.execPath, [...PPRD_BIN, 'import', '--json'], { env: e, encoding: 'utf8' });
    expect(JSON.parse(viaPipe).result).toBe('unchanged');
  }, 60_000);
});
