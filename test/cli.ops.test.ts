import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configFrom2017 } from './helpers/configFrom2017.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

// Issue 15, operations: --json on every command that prints data, warnings on stderr with line and column,
// and a config that would send nothing warns.
let t: ReturnType<typeof tempDir>;
let cfg: string;
/** `pprd ARGS` in process on a temporary database and a copy of the config from 2017H1; 2020-06-23 09:00 Shanghai is now. */
const pprd = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, {
    PPRD_CONFIG: cfg,
    PPRD_DB: join(t.dir, 'pprd.sqlite'),
    PPRD_OUTBOX: join(t.dir, 'outbox'),
    SMTP_URL: '',
    SLACK_BOT_TOKEN: '',
    PPRD_NOW: '2020-06-23T09:00:00+08:00',
    PPRD_USER: 'ops',
    ...env,
  });

beforeAll(() => {
  t = tempDir();
  cfg = join(t.dir, 'config');
  cpSync(configFrom2017(), cfg, { recursive: true });
});
afterAll(() => t.cleanup());

describe('--json', () => {
  test('import --json: the first import of the real document as data, then unchanged; stdout is one JSON object', async () => {
    const first = await pprd(['import', '--json']);
    expect([first.code, first.err]).toEqual([0, '']);
    const j = JSON.parse(first.out);
    expect(first.out.trim().split('\n')).toHaveLength(1);
    expect(j.result).toBe('imported');
    expect(j.document).toEqual({
      number: '粤府〔2017〕8号',
      title: '广东省深化泛珠三角区域合作实施意见',
      issuer: '广东省人民政府',
      issued: '2017-01-20',
    });
    expect(j.counts).toEqual({ tasks: 34, agencies: 67, groups: 4, targets: 5, obligations: 2 });
    expect(j.changes.tasks.added).toHaveLength(34);
    expect(j.warnings).toEqual([]);
    const again = JSON.parse((await pprd(['import', '--json'])).out);
    expect([again.result, again.changes.tasks.added]).toEqual(['unchanged', []]);
    const dry = JSON.parse((await pprd(['import', '--dry-run', '--json'])).out);
    expect([dry.dryRun, dry.counts.tasks, dry.unread, dry.refusal, dry.changes.tasks]).toEqual([
      true,
      34,
      [],
      null,
      { added: [], removed: [], changed: [] },
    ]);
  });

  test('submit, extend, excuse --json print the record; --undo --json what was undone', async () => {
    const sub = await pprd([
      'submit',
      '--agency',
      '广东省交通运输厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2020H1',
      '--at',
      '2020-06-22T10:00',
      '--json',
    ]);
    expect(sub.code).toBe(0);
    expect(JSON.parse(sub.out)).toEqual({
      command: 'submit',
      cycle: 'half-yearly',
      period: '2020H1',
      undone: false,
      agencies: ['省交通运输厅'],
      at: '2020-06-22T10:00:00.000+08:00',
      by: 'ops',
      recordedAt: '2020-06-23T09:00:00.000+08:00',
      created: 1,
      existing: 0,
    });
    const ext = JSON.parse(
      (
        await pprd([
          'extend',
          '--agency',
          '省教育厅',
          '--cycle',
          'half-yearly',
          '--period',
          '2020H1',
          '--to',
          '2020-07-10',
          '--note',
          '材料补充',
          '--json',
        ])
      ).out,
    );
    expect(ext).toEqual({
      command: 'extend',
      cycle: 'half-yearly',
      period: '2020H1',
      undone: false,
      agencies: ['省教育厅'],
      to: '2020-07-10',
      note: '材料补充',
      by: 'ops',
      recordedAt: '2020-06-23T09:00:00.000+08:00',
    });
    const undo = JSON.parse(
      (
        await pprd([
          'submit',
          '--agency',
          '省交通运输厅',
          '--cycle',
          'half-yearly',
          '--period',
          '2020H1',
          '--undo',
          '--json',
        ])
      ).out,
    );
    expect(undo).toEqual({
      command: 'submit',
      cycle: 'half-yearly',
      period: '2020H1',
      undone: true,
      agencies: ['省交通运输厅'],
      by: 'ops',
      recordedAt: '2020-06-23T09:00:00.000+08:00',
    });
    const nothing = await pprd([
      'excuse',
      '--agency',
      '省交通运输厅',
      '--cycle',
      'half-yearly',
      '--period',
      '2020H1',
      '--undo',
      '--json',
    ]);
    expect([nothing.code, nothing.out, nothing.err]).toEqual([
      2,
      '',
      'pprd: no excusal recorded for half-yearly 2020H1 省交通运输厅\n',
    ]);
  });

  test('config check --json: valid, with the summary and the placeholder addresses warned; invalid, every problem with line and column, exit 2', async () => {
    const ok = await pprd(['config', 'check', '--json']);
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(JSON.parse(ok.out)).toEqual({
      ok: true,
      dir: cfg,
      problems: [],
      warnings: [
        {
          file: join(cfg, 'contacts.yaml'),
          line: 16,
          column: 12,
          path: 'coordinators[0].email',
          message:
            '65 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: coordinators coordinator1@pprd.example.org (16:12), coordinators coordinator2@pprd.example.org (18:12), 省发展改革委 sfgw@pprd.example.org (23:14) and 62 more',
          fix: `replace them with real addresses in ${join(cfg, 'contacts.yaml')}`,
        },
      ],
      summary: {
        cycles: 2,
        unscheduled: ['progress-report'],
        directory: 79,
        contacts: 65,
        checkedAgainst: '粤府〔2017〕8号',
      },
    });
    const bad = join(t.dir, 'bad');
    cpSync(cfg, bad, { recursive: true });
    const file = join(bad, 'pprd.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('sendAt: "09:00"', 'sendAt: "9 点"'));
    const r = await pprd(['config', 'check', '--json'], { PPRD_CONFIG: bad });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({
      ok: false,
      dir: bad,
      problems: [
        {
          file,
          line: 7,
          column: 9,
          path: 'sendAt',
          message: 'sendAt must be a local time HH:mm, e.g. "09:00"',
          fix: 'write a local time in quotes, e.g. "09:00"',
        },
      ],
      warnings: [],
      summary: null,
    });
  });
});

describe('warnings on stderr, with line and column', () => {
  test('a config that would send nothing: no contacts at all, no cycle with a schedule — warned on stderr, stdout keeps the OK line', async () => {
    const empty = join(t.dir, 'empty');
    cpSync(cfg, empty, { recursive: true });
    writeFileSync(join(empty, 'contacts.yaml'), 'coordinators: []\nagencies: {}\n');
    const pprdFile = join(empty, 'pprd.yaml');
    writeFileSync(pprdFile, readFileSync(pprdFile, 'utf8').replace('    due: [06-30, 12-31]', '    due: null'));
    const r = await pprd(['config', 'check'], { PPRD_CONFIG: empty });
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${empty}/pprd.yaml, ${empty}/agencies.yaml, ${empty}/contacts.yaml: OK — 2 cycles (no schedule set: half-yearly, progress-report), 79 agencies in the directory, 0 contacts, checked against 粤府〔2017〕8号\n`,
    );
    expect(r.err.split('\n')).toEqual([
      `warning: ${empty}/pprd.yaml:27:3 cycles: no cycle has a schedule (due): no report reminder would be sent, only the progress requests of 1 target — fix: give a cycle its due dates and start, e.g. due: [06-30, 12-31] and start: 2026H2 (see the shipped config/pprd.yaml)`,
      `warning: ${empty}/contacts.yaml:2:11 agencies: nothing would be sent: there are no contacts at all (no agency contact, no coordinator) — fix: add each agency's contacts under agencies and the coordinators under coordinators in ${empty}/contacts.yaml`,
      '',
    ]);
    const json = JSON.parse((await pprd(['config', 'check', '--json'], { PPRD_CONFIG: empty })).out);
    expect(
      json.warnings.map(
        (w: { file: string; line: number; column: number; path: string }) => `${w.line}:${w.column} ${w.path}`,
      ),
    ).toEqual(['27:3 cycles', '2:11 agencies']);
  });

  test('no coordinators, and a year without holiday data: each warning names its field with line and column', async () => {
    const few = join(t.dir, 'few');
    cpSync(cfg, few, { recursive: true });
    const contacts = join(few, 'contacts.yaml');
    writeFileSync(
      contacts,
      readFileSync(contacts, 'utf8').replace(/^coordinators:\n(?: {2}.*\n)+/m, 'coordinators: []\n'),
    );
    // The provisional years are those of the plan (as `pprd status` shows them), which needs the catalog.
    const env = { PPRD_CONFIG: few, PPRD_NOW: '2026-12-01T09:00:00+08:00', PPRD_DB: join(t.dir, 'few.sqlite') };
    expect((await pprd(['import'], env)).code).toBe(0);
    const r = await pprd(['config', 'check'], env);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `warning: ${few}/contacts.yaml:19:14 agencies.省发展改革委[0].email: 63 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: 省发展改革委 sfgw@pprd.example.org (19:14), 省经济和信息化委 sjxw@pprd.example.org (22:14), 省国土资源厅 sgtt@pprd.example.org (25:14) and 60 more — fix: replace them with real addresses in ${few}/contacts.yaml`,
      `warning: ${few}/contacts.yaml:14:15 coordinators: no coordinators: escalations and the coordinators' digest reach nobody — fix: add coordinators in ${few}/contacts.yaml`,
      `warning: ${few}/pprd.yaml:66:11 holidays: 2027 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2027 under holidays in ${few}/pprd.yaml once its arrangement is published`,
      `warning: ${few}/pprd.yaml:66:11 holidays: 2028 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2028 under holidays in ${few}/pprd.yaml once its arrangement is published`,
      '',
    ]);
  });
});
