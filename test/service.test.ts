import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { ConfigError } from '../src/config/index.ts';
import { DateInputError } from '../src/errors.ts';
import { createManualClock, type Log } from '../src/service/index.ts';
import { type RunningService, type ServiceOptions, StartError, startService } from '../src/service/serve.ts';
import { openStore } from '../src/store/index.ts';
import { signLink } from '../src/web/index.ts';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { memoryLog, serviceOptionsIn } from './helpers/serviceWorld.ts';
import { startSmtpServer, unusedPort } from './helpers/smtpServer.ts';
import { tempDir } from './helpers/tempDb.ts';

describe('startService (in process, real document, shipped config, outbox)', () => {
  let tmp: { dir: string; cleanup(): void };
  let configDir: string;
  let dbPath: string;
  let service: RunningService | null;

  /** Options of a service on the test's folder, outbox, port 0 and loopback; `over` replaces any of them. */
  const serviceOptions = (log: Log, over: Partial<ServiceOptions> = {}): ServiceOptions =>
    serviceOptionsIn(tmp.dir, log, over);
  const start = (log: Log, now = '2020-06-23T08:59:50+08:00', clock = createManualClock(Date.parse(now))) =>
    startService(serviceOptions(log, { clock }));

  beforeEach(() => {
    tmp = tempDir('pprd-service-');
    configDir = join(tmp.dir, 'config');
    dbPath = join(tmp.dir, 'pprd.sqlite');
    cpSync(configFrom2017(), configDir, { recursive: true });
    service = null;
  });
  afterEach(async () => {
    await service?.stop();
    tmp.cleanup();
  });

  it('prints a summary with the document, counts, next deadline and next reminder', async () => {
    const m = memoryLog();
    service = await start(m.log);
    expect(service.summary[0]).toBe(
      'document: 粤府〔2017〕8号 广东省深化泛珠三角区域合作实施意见 (广东省人民政府, 2017-01-20)',
    );
    expect(service.summary[1]).toBe('catalog: 34 tasks, 67 agencies (4 groups), 5 targets');
    expect(service.summary[3]).toBe('next deadline: 2020-06-30 half-yearly 2020H1 (63 agencies)');
    expect(service.summary[4]).toBe('next reminder: 2020-06-23 09:00 before half-yearly 2020H1');
    expect(m.events()).toContain('imported');
    expect(m.events()).toContain('started');
  });

  it('serves /healthz, /readyz after the first tick, and an agency calendar feed by canonical or full name', async () => {
    const secret = 'e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3';
    service = await startService(
      serviceOptions(memoryLog().log, {
        clock: createManualClock(Date.parse('2020-06-23T08:59:50+08:00')),
        env: { PPRD_LINK_SECRET: secret },
      }),
    );
    const t = `?t=${encodeURIComponent(signLink({ kind: 'coordinator', name: '省泛珠办 协调员一' }, secret, Date.now() + 86_400_000))}`;
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await service.tick();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, config: 'valid', lastTick: '2020-06-23T08:59:50.000+08:00' });

    const feed = await fetch(`${base}/calendar/${encodeURIComponent('省交通运输厅')}.ics${t}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await feed.text();
    // 2020H1 is due Tuesday 2020-06-30: an all-day event on that date.
    expect(ics).toContain('DTSTART;VALUE=DATE:20200630');
    expect(ics).toContain('SUMMARY:泛珠合作事项半年报送 2020年上半年 截止');
    // Target progress requests by name, not by internal id (省交通运输厅 leads task 7, target T5).
    expect(ics).toContain('SUMMARY:2020年目标（T5）进展报告 2020年度 截止');
    expect(ics).not.toContain('target:');
    const byFullName = await (await fetch(`${base}/calendar/${encodeURIComponent('广东省交通运输厅')}.ics${t}`)).text();
    expect(byFullName).toContain('DTSTART;VALUE=DATE:20200630');

    const unknown = await fetch(`${base}/calendar/${encodeURIComponent('不存在的单位')}.ics${t}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()) as object).toEqual({ error: 'no agency named 不存在的单位; see `pprd agencies`' });
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it('refuses to start on an invalid config, listing every problem with file and line', async () => {
    const file = join(configDir, 'pprd.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('due: [06-30, 12-31]', 'due: [06-30, 02-30]')
        .replace('overdue: [1, 3, 5]', 'overdue: [1, -3, 5]'),
    );
    const err = await start(memoryLog().log).catch((e: unknown) => e);
    // The config's one catalogued error, as every command meets it (issue 10).
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('PPRD_CONFIG_INVALID');
    const msg = (err as ConfigError).message;
    expect(msg).toMatch(/^invalid configuration, not starting \(2 problems\):/);
    expect(msg).toContain(`${file}:`);
    expect(msg).toContain('cycles[0].due[1]');
    expect(msg).toContain('cycles[0].overdue[1]');
    expect((err as ConfigError).exitCode).toBe(2);
  });

  it('reads PPRD_NOW with the CLI’s strict reader: local in the configured zone without offset; 2024-02-30 or 20 refuses to start, writing nothing (issue 9 item 2)', async () => {
    // No `clock`: the service reads PPRD_NOW from its environment, as `pprd serve` does.
    const opts = (PPRD_NOW: string) => serviceOptions(memoryLog().log, { env: { PPRD_NOW } });
    for (const [value, reason] of [
      ['2024-02-30', 'February 2024 has 29 days'],
      ['20', 'not one of the accepted forms'],
    ]) {
      // The same catalogued error, code and exit status as `pprd tick --now` (issue 10: one failure, one code).
      const err = await startService(opts(value)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DateInputError);
      expect((err as DateInputError).message).toBe(
        `PPRD_NOW "${value}" is not a date or instant: ${reason} — fix: write YYYY-MM-DD, YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss, each optionally followed by Z or ±HH:MM (e.g. 2024-12-20, 2024-12-20T09:00, 2024-12-20T09:00:00+08:00); without an offset it is local time in the configured timezone`,
      );
      expect([(err as DateInputError).code, (err as DateInputError).exitCode]).toEqual(['BAD_INSTANT', 2]);
    }
    expect(existsSync(dbPath)).toBe(false);
    expect(existsSync(join(tmp.dir, 'outbox'))).toBe(false);
    // Without an offset: 07:00 in Asia/Shanghai (as the CLI reads it), not 07:00 UTC (15:00 in Shanghai).
    service = await startService(opts('2020-06-23T07:00'));
    expect(service.summary[2]).toMatch(/^clock: 2020-06-23T07:00:0\d\.\d{3}\+08:00 \(Asia\/Shanghai\)$/);
  });

  it('refuses a bad SMTP_URL or PORT before writing anything, and a busy port with a fix', async () => {
    const base = {
      dbPath,
      configDir,
      clock: createManualClock(Date.parse('2020-06-23T08:59:50+08:00')),
      log: memoryLog().log,
      host: '127.0.0.1',
      importDocument: () => {
        const o = importDocumentFile({ dbPath, configDir });
        return { changed: o.result.changed, summary: formatImport(o) };
      },
    };
    const smtp = await startService({ ...base, env: { SMTP_URL: 'notaurl' }, port: 0 }).catch((e: Error) => e);
    expect((smtp as Error).message).toBe(
      'SMTP_URL is not an SMTP URL — fix: write it as smtp://user:password@host:587 or smtps://user:password@host:465 with special characters of the user and password percent-encoded (space %20, @ %40, % %25, : %3A, / %2F), or unset it to write emails to the outbox',
    );
    const badPort = await startService({ ...base, env: { PORT: 'abc' } }).catch((e: Error) => e);
    expect(badPort).toBeInstanceOf(StartError);
    expect((badPort as Error).message).toBe(
      'PORT="abc" is not a port number — fix: set PORT to a number from 1 to 65535 (default 3000)',
    );
    expect(existsSync(dbPath)).toBe(false);

    service = await start(memoryLog().log);
    const busy = await startService({
      ...base,
      env: { PPRD_OUTBOX: join(tmp.dir, 'outbox') },
      port: service.port,
    }).catch((e: Error) => e);
    expect((busy as Error).message).toBe(
      `port ${service.port} is already in use — fix: stop the other process on it or set PORT to a free port`,
    );
  });

  it('runs on email alone when Slack is configured but unreachable, and says so', async () => {
    const m = memoryLog();
    const deadApi = `http://127.0.0.1:${await unusedPort()}/api/`;
    service = await startService({
      dbPath,
      configDir,
      env: {
        PPRD_OUTBOX: join(tmp.dir, 'outbox'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: deadApi,
      },
      clock: createManualClock(Date.parse('2020-06-23T09:00:00+08:00')),
      log: m.log,
      port: 0,
      host: '127.0.0.1',
      importDocument: () => {
        const o = importDocumentFile({ dbPath, configDir });
        return { changed: o.result.changed, summary: formatImport(o) };
      },
    });
    const unavailable = m.lines.find((l) => l.obj.event === 'slack_unavailable');
    expect(unavailable?.level).toBe('error');
    expect(service.summary[5]).toMatch(/; slack: off; http: port \d+$/);
    const result = await service.tick();
    expect(result?.sent).toBe(63);
    expect(readdirSync(join(tmp.dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(63);
    expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200);
  });

  it('applies a valid config edit and logs what changed in the plan; refuses an invalid one and keeps the last good config', async () => {
    const m = memoryLog();
    service = await start(m.log);
    await service.tick();
    const file = join(configDir, 'pprd.yaml');
    const original = readFileSync(file, 'utf8');

    // Valid edit: no 30-day reminder any more.
    writeFileSync(
      file,
      original.replace('reminders: [30, 14, 7, 3, 1, 0]\n    overdue', 'reminders: [14, 7, 3, 1, 0]\n    overdue'),
    );
    expect(service.reloadConfig()).toEqual([]);
    const reloaded = m.lines.find((l) => l.obj.event === 'reloaded')!;
    expect(reloaded.msg).toMatch(/^config reloaded: 0 reminders added, \d+ removed$/);
    expect(Number(/(\d+) removed/.exec(reloaded.msg!)![1])).toBeGreaterThan(0);

    // Invalid edit: refused with file, line and field; /readyz says so; the plan is unchanged.
    writeFileSync(file, original.replace('sendAt: "09:00"', 'sendAt: "25:00"'));
    const problems = service.reloadConfig();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, line: 7, path: 'sendAt' });
    const refused = m.lines.find((l) => l.obj.event === 'reload_refused')!;
    expect(refused.level).toBe('warn');
    const ready = (await (await fetch(`http://127.0.0.1:${service.port}/readyz`)).json()) as {
      config: string;
      refusedEdit: string[];
    };
    expect(ready.config).toBe('valid');
    expect(ready.refusedEdit[0]).toContain(`${file}:7:9 sendAt:`);
    expect(service.summary[4]).toBe('next reminder: 2020-06-23 09:00 before half-yearly 2020H1');
  });

  it('watches config/: an edited file is reloaded, a broken one refused while the last good config keeps sending', async () => {
    const m = memoryLog();
    const clock = createManualClock(Date.parse('2020-06-23T08:59:50+08:00'));
    service = await start(m.log, undefined, clock);
    await service.tick();
    const file = join(configDir, 'pprd.yaml');
    const original = readFileSync(file, 'utf8');
    const waitFor = async (event: string) => {
      for (let i = 0; i < 1000 && !m.lines.some((l) => l.obj.event === event); i++)
        await new Promise((r) => setTimeout(r, 10));
      return m.lines.find((l) => l.obj.event === event);
    };
    writeFileSync(
      file,
      original.replace('reminders: [30, 14, 7, 3, 1, 0]\n    overdue', 'reminders: [14, 7, 3, 1, 0]\n    overdue'),
    );
    expect((await waitFor('reloaded'))?.msg).toMatch(/^config reloaded: 0 reminders added, [1-9]\d* removed$/);

    writeFileSync(file, original.replace('sendAt: "09:00"', 'sendAt: "25:00"'));
    const refused = await waitFor('reload_refused');
    expect((refused?.obj.problems as string[] | undefined)?.[0]).toContain(`${file}:7:9 sendAt:`);
    // Still the last good config: the seven-day reminders go out at 09:00.
    clock.set(Date.parse('2020-06-23T09:00:00+08:00'));
    expect((await service.tick())?.sent).toBe(63);
  });

  it('stop lets the sends in flight finish before closing the database', async () => {
    const smtp = await startSmtpServer(0, { acceptDelayMs: 50 });
    try {
      const clock = createManualClock(Date.parse('2020-06-23T08:59:50+08:00'));
      service = await startService({
        dbPath,
        configDir,
        env: { SMTP_URL: smtp.url },
        clock,
        log: memoryLog().log,
        port: 0,
        host: '127.0.0.1',
        importDocument: () => {
          const o = importDocumentFile({ dbPath, configDir });
          return { changed: o.result.changed, summary: formatImport(o) };
        },
      });
      await service.tick();
      clock.set(Date.parse('2020-06-23T09:00:00+08:00'));
      const inFlight = service.tick();
      await smtp.waitFor(1, 20_000);
      await service.stop(); // SIGTERM's path: the batch of 63 is mid-way
      service = null;
      expect((await inFlight)?.sent).toBe(63);
      expect(smtp.received).toHaveLength(63);
      const db = openStore(dbPath);
      try {
        const rows = db
          .prepare(
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE key LIKE 'half-yearly/2020H1/%/before/7' GROUP BY status",
          )
          .all();
        expect(rows).toEqual([{ status: 'sent', n: 63 }]);
      } finally {
        db.close();
      }
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it('stops cleanly: the port is released and stop can be called twice', async () => {
    service = await start(memoryLog().log);
    const port = service.port;
    await service.stop();
    await service.stop();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    service = null;
  });
});
