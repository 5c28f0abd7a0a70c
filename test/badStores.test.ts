import { execFile } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkSmtpUrl, createEmailChannel, DeliveryError, outboxFileName } from '../src/channels/index.ts';
import { createRouter, serviceRoutes } from '../src/service/http.ts';
import { createManualClock, type Log } from '../src/service/index.ts';
import { type RunningService, startService } from '../src/service/serve.ts';
import { createDeliveryRepo, openStore } from '../src/store/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { createFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi.ts';
import { PPRD_BIN } from './helpers/runPprd.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 17 item 6: bad files and stores are refused or reported with the file or variable and the fix.

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const SMTP_FIX =
  'fix: write it as smtp://user:password@host:587 or smtps://user:password@host:465 with special characters of the user and password percent-encoded (space %20, @ %40, % %25, : %3A, / %2F), or unset it to write emails to the outbox';

describe('SMTP_URL', () => {
  it.each([
    ['smtp://pprd:my secret@mail.example.org:587', 'SMTP_URL contains a space or line break (in the password?)'],
    [
      'smtp://pprd:50%zz@mail.example.org:587',
      'SMTP_URL has a bad percent escape in the password (a % not followed by two hex digits)',
    ],
    [
      'smtp://pp%rd:x@mail.example.org:587',
      'SMTP_URL has a bad percent escape in the user name (a % not followed by two hex digits)',
    ],
    ['http://mail.example.org', 'SMTP_URL is not an SMTP URL'],
  ])('%s is refused at start, naming SMTP_URL and the fix, never the password', async (url, why) => {
    const err = (() => {
      try {
        checkSmtpUrl(url);
      } catch (e) {
        return e as Error & { code: string; exitCode: number };
      }
    })();
    expect([err?.code, err?.exitCode]).toEqual(['PPRD_SMTP_URL', 2]);
    expect(err?.message).toBe(`${why} — ${SMTP_FIX}`);
    expect(err?.message).not.toMatch(/secret|50%zz|pp%rd/);
    expect(() => createEmailChannel({ smtpUrl: url })).toThrow(why);
  });

  it('a password percent-encoded as documented is accepted', () => {
    expect(() => checkSmtpUrl('smtps://pprd:my%20secret%40%25@mail.example.org:465')).not.toThrow();
  });
});

describe('the outbox on a full disk', () => {
  it('a write that fails with ENOSPC leaves no temporary file; the delivery is temporary (retried)', async () => {
    const t = tempDir('pprd-full-');
    try {
      const outboxDir = join(t.dir, 'outbox');
      const email = createEmailChannel({ outboxDir });
      const key = 'half-yearly/2020H1/省交通运输厅/before/7|email|a@example.org';
      // Prime the folder, then make this delivery's temp file land on /dev/full (every write: ENOSPC).
      await email.send({
        key: 'prime',
        messageId: '<p@x>',
        to: { name: 'a', email: 'a@example.org', language: 'zh-CN' },
        subject: 's',
        text: 't',
        html: '<p>t</p>',
      });
      const tmp = join(outboxDir, `${outboxFileName(key)}.${process.pid}.tmp`);
      symlinkSync('/dev/full', tmp);
      const err = await email
        .send({
          key,
          messageId: '<m@x>',
          to: { name: 'a', email: 'a@example.org', language: 'zh-CN' },
          subject: 's',
          text: 't',
          html: '<p>t</p>',
        })
        .catch((e: unknown) => e as DeliveryError);
      expect(err).toBeInstanceOf(DeliveryError);
      expect([(err as DeliveryError).kind, (err as DeliveryError).detail]).toEqual(['temporary', 'ENOSPC']);
      expect((err as DeliveryError).message).toContain(
        `cannot write outbox file ${join(outboxDir, outboxFileName(key))}`,
      );
      expect(readdirSync(outboxDir)).toEqual([outboxFileName('prime')]);
    } finally {
      t.cleanup();
    }
  });
});

describe('a database that cannot be written', () => {
  // As root the test runs the CLI as `nobody` (root writes a 0444 file): nobody must reach the checkout, which a
  // clone inside a private (0700) folder such as mktemp's does not allow. There the case cannot be staged.
  const nobodyReaches = (dir: string): boolean =>
    (statSync(dir).mode & 0o001) !== 0 && (dirname(dir) === dir || nobodyReaches(dirname(dir)));
  const stageable = process.getuid?.() !== 0 || nobodyReaches(ROOT);
  it.skipIf(!stageable)(
    '`pprd tick` on a read-only database file names PPRD_DB, the path and the fix (exit 1)',
    async () => {
      const t = tempDir('pprd-ro-');
      try {
        const env = {
          ...process.env,
          PPRD_DB: join(t.dir, 'pprd.sqlite'),
          PPRD_OUTBOX: join(t.dir, 'outbox'),
          SMTP_URL: '',
          SLACK_BOT_TOKEN: '',
          PPRD_NOW: '',
          MAIL_FROM: '',
        };
        await run(process.execPath, [...PPRD_BIN, 'import'], { env });
        chmodSync(t.dir, 0o755);
        for (const f of readdirSync(t.dir)) chmodSync(join(t.dir, f), 0o444);
        // root may write a 0444 file: run as nobody then, the way a container's non-root user meets a root-owned volume.
        const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
        const r = await run(process.execPath, [...PPRD_BIN, 'tick', '--now', '2020-06-23T09:00:00+08:00'], {
          env: { ...env, HOME: t.dir },
          cwd: ROOT,
          ...asUser,
        }).catch((e: { code: number; stderr: string }) => e);
        expect((r as { code: number }).code).toBe(1);
        expect((r as { stderr: string }).stderr).toBe(
          `pprd: database ${env.PPRD_DB} (PPRD_DB) cannot be written: attempt to write a readonly database — fix: give the service's user write access to the file, its -wal and -shm files and its folder (e.g. \`chown -R node data/\` or \`chmod u+w\`), remount the volume read-write, or point PPRD_DB at a writable path\n`,
        );
      } finally {
        t.cleanup();
      }
    },
    120_000,
  );
});

describe('health of a service whose ticks fail', () => {
  let tmp: { dir: string; cleanup(): void };
  let service: RunningService | null = null;
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await createFakeSlackApi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    tmp = tempDir('pprd-health-');
    cpSync(configFrom2017(), join(tmp.dir, 'config'), { recursive: true });
  });
  afterEach(async () => {
    await service?.stop();
    service = null;
    tmp.cleanup();
  });
  const start = (
    env: NodeJS.ProcessEnv,
    log: Log,
    clock = createManualClock(Date.parse('2020-06-23T08:59:50+08:00')),
  ) => {
    return startService(serviceOptionsIn(tmp.dir, log, { env, clock }));
  };

  it('/readyz is 503 with the error while the last tick failed, and 200 again once one finishes', async () => {
    const m = memoryLog();
    service = await start({}, m.log);
    const base = `http://127.0.0.1:${service.port}`;
    await service.tick();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // The store breaks under the running service (another program renamed its table): every tick fails.
    const other = new Database(join(tmp.dir, 'pprd.sqlite'));
    other.exec('ALTER TABLE deliveries RENAME TO deliveries_moved');
    expect(await service.tick()).toBeNull();
    const failing = await fetch(`${base}/readyz`);
    expect(failing.status).toBe(503);
    const body = (await failing.json()) as { ready: boolean; tickError: { error: string; inARow: number } };
    expect([body.ready, body.tickError.error, body.tickError.inARow]).toEqual([false, 'no such table: deliveries', 1]);
    expect(m.lines.filter((l) => l.obj.event === 'tick_failed').map((l) => l.obj.error)).toEqual([
      'no such table: deliveries',
    ]);
    // One failed tick is not yet unhealthy (a passing lock); three in a row are (below).
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    other.exec('ALTER TABLE deliveries_moved RENAME TO deliveries');
    other.close();
    expect(await service.tick()).not.toBeNull();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 30_000);

  it('/healthz is 503 once 3 ticks in a row failed, naming the database and the fix', async () => {
    const error = `database /srv/pprd.sqlite (PPRD_DB) cannot be written: attempt to write a readonly database — fix: …`;
    let state: { at: string; error: string; inARow: number } | null = {
      at: '2020-06-23T09:02:00.000+08:00',
      error,
      inARow: 2,
    };
    const app = createRouter(
      serviceRoutes({
        dbOpen: () => true,
        refusedEdit: () => null,
        lastTick: () => '2020-06-23T09:00:00.000+08:00',
        tickError: () => state,
        calendarFeed: () => ({ status: 404 }),
      }),
    );
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, body: await res.json() };
    };
    expect((await get('/healthz')).status).toBe(200);
    state = { ...state, inARow: 3 };
    expect(await get('/healthz')).toEqual({ status: 503, body: { ok: false, db: 'open', tickError: state } });
    expect((await get('/readyz')).status).toBe(503);
    state = null;
    expect((await get('/healthz')).status).toBe(200);
  });

  it('a revoked Slack token: the Slack reminders wait (failed, retried) and /readyz names SLACK_BOT_TOKEN; a good token sends them', async () => {
    const contacts = join(tmp.dir, 'config', 'contacts.yaml');
    const text = readFileSync(contacts, 'utf8');
    // The first agency contact gets a Slack id, so one Slack DM is due with the 2020-06-23 reminders.
    writeFileSync(
      contacts,
      text.replace(/(\n {4}- name: [^\n]+\n {6}email: [^\n]+\n)/, '$1      slackId: U0REVOKED\n'),
    );
    const clock = createManualClock(Date.parse('2020-06-23T09:00:00+08:00'));
    service = await start(
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl },
      memoryLog().log,
      clock,
    );
    const base = `http://127.0.0.1:${service.port}`;
    fake.failNext('chat.postMessage', { kind: 'slack_error', error: 'token_revoked' });
    const first = await service.tick();
    expect([first?.sent, first?.retried, first?.dead]).toEqual([63, 1, 0]);
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { ready: boolean; channelFaults: unknown[] };
    expect(ready.ready).toBe(true);
    expect(ready.channelFaults).toEqual([
      {
        channel: 'slack',
        variable: 'SLACK_BOT_TOKEN',
        error:
          'Slack refused the bot token: token_revoked — fix: reinstall the app or copy a new bot token into SLACK_BOT_TOKEN and restart',
        since: '2020-06-23T09:00:00.000+08:00',
      },
    ]);
    const db = openStore(join(tmp.dir, 'pprd.sqlite'));
    try {
      expect(
        createDeliveryRepo(db)
          .list({ status: 'failed' })
          .map((r) => [r.channel, r.recipient, r.lastError]),
      ).toEqual([
        [
          'slack',
          expect.stringMatching(/@pprd\.example\.org$/),
          'token_revoked Slack refused the bot token: token_revoked — fix: reinstall the app or copy a new bot token into SLACK_BOT_TOKEN and restart',
        ],
      ]);
    } finally {
      db.close();
    }
    // The token is fixed: the retry (2 minutes later) goes out and the fault is gone.
    clock.advance(3 * 60_000);
    const second = await service.tick();
    expect([second?.sent, second?.dead]).toEqual([1, 0]);
    const after = (await (await fetch(`${base}/readyz`)).json()) as Record<string, unknown>;
    expect(after.channelFaults).toBeUndefined();
  }, 60_000);
});
