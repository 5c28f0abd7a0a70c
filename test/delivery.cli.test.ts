import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { expect, test } from 'vitest';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { unusedPort } from './helpers/smtpServer.ts';
import { tempDir } from './helpers/tempDb.ts';

/** `pprd ARGS` in this process (runCli), on a temporary database and outbox, the shipped config/ tracking rounds from 2017H1. */
function pprd(dir: string, ...args: string[]) {
  return runCli(args, {
    PPRD_DB: join(dir, 'pprd.sqlite'),
    PPRD_OUTBOX: join(dir, 'outbox'),
    PPRD_CONFIG: configFrom2017(),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    PPRD_NOW: '',
  });
}

test('pprd tick --now 2020-06-23T09:00:00+08:00 on a fresh import: one 2020H1 reminder per agency contact in the outbox; again adds none; status shows the round', async () => {
  const t = tempDir();
  try {
    expect((await pprd(t.dir, 'import')).code).toBe(0);
    const first = await pprd(t.dir, 'tick', '--now', '2020-06-23T09:00:00+08:00');
    expect(first.code).toBe(0);
    expect(first.out).toContain('tick 2020-06-23T09:00:00.000+08:00: sent 63 (late 0), retried 0, dead 0,');
    const outbox = join(t.dir, 'outbox');
    const files = readdirSync(outbox).sort();
    expect(files).toHaveLength(63);
    const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(join(outbox, f)))));
    const to = mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0].address);
    expect(new Set(to).size).toBe(63);
    expect(
      mails.every((m) =>
        /^【泛珠合作】2020年上半年泛珠合作事项半年报送：还有 7 天（2020-06-30 星期二截止）$/.test(m.subject ?? ''),
      ),
    ).toBe(true);

    const again = await pprd(t.dir, 'tick', '--now', '2020-06-23T09:00:00+08:00', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ sent: 0, planned: 0 });
    expect(readdirSync(outbox)).toHaveLength(63);

    const status = JSON.parse((await pprd(t.dir, 'status', '--now', '2020-06-23T09:00:00+08:00', '--json')).out);
    expect(status.rounds[0]).toMatchObject({
      cycle: 'half-yearly',
      period: '2020H1',
      due: '2020-06-30',
      total: 63,
      submitted: 0,
    });
    expect(status.failed).toEqual([]);
    expect(status.targets.map((x: { id: string }) => x.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);

    const bad = await pprd(t.dir, 'tick', '--now', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'pprd: --now "yesterday" is not a date or instant: not one of the accepted forms — fix: write YYYY-MM-DD, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, each optionally followed by Z or ±HH:MM (e.g. 2024-12-20, 2024-12-20T09:00, 2024-12-20T09:00:00+08:00); without an offset it is local time in the configured timezone\n',
    );
  } finally {
    t.cleanup();
  }
}, 180_000);

test('pprd tick exits 1 when every send failed: SMTP server down at 2020-06-23 09:00, 63 to retry, none sent', async () => {
  const t = tempDir();
  try {
    const port = await unusedPort();
    const env = {
      PPRD_DB: join(t.dir, 'pprd.sqlite'),
      PPRD_OUTBOX: join(t.dir, 'outbox'),
      PPRD_CONFIG: configFrom2017(),
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      SLACK_BOT_TOKEN: '',
      PPRD_NOW: '',
    };
    expect((await runCli(['import'], env)).code).toBe(0);
    const down = await runCli(['tick', '--now', '2020-06-23T09:00:00+08:00', '--json'], env);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out)).toMatchObject({
      sent: 0,
      retried: 63,
      dead: 0,
      byChannel: { email: { sent: 0, retried: 63, dead: 0 } },
    });
    expect(down.err).toBe(
      "pprd: every send of this tick failed (63 to retry, 0 dead) — fix: see `pprd status` for the errors (SMTP_URL, SLACK_BOT_TOKEN, a robot's webhook) and run `pprd tick` again\n",
    );
    // Nothing due and nothing tried: not a failure.
    const quiet = await runCli(['tick', '--now', '2020-06-23T09:00:30+08:00'], env);
    expect(quiet.code).toBe(0);
  } finally {
    t.cleanup();
  }
});
