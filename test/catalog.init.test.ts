import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dryRunImport, formatDryRun, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { cycleName } from '../src/cli/commands/starterConfig.ts';
import { CliError } from '../src/cli/errors.ts';
import { projectPath } from './helpers/catalogFixture.ts';
import { runCli } from './helpers/runCli.ts';

// `pprd import FILE --dry-run` and `pprd init FILE --dir DIR` (issue 16), on documents other than the seed.
const tmp = mkdtempSync(join(tmpdir(), 'pprd-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CONFIG = projectPath('config');
const fixture = (name: string) => projectPath(`test/fixtures/documents/${name}`);
const cli = (args: string[], env: Record<string, string>) =>
  runCli(args, { PPRD_NOW: '2026-03-02T10:00:00+08:00', ...env });

describe('pprd import FILE --dry-run', () => {
  it('shows what would be stored and every clause it cannot read, with line and text', async () => {
    const d = dryRunImport({ file: fixture('10-unreadable.txt'), dbPath: join(tmp, 'none.sqlite'), configDir: CONFIG });
    const lines = formatDryRun(d).map((l) => l.replace(projectPath(''), ''));
    expect(lines.slice(0, 3)).toEqual([
      `dry run of test/fixtures/documents/10-unreadable.txt: nothing is written`,
      'document: 粤发改〔2024〕2号 广东省发展改革系统年度重点工作分工方案 (广东省发展和改革委员会, 2024-01-05)',
      'would store: 4 tasks, 3 agencies (0 groups), 0 targets, 0 obligations',
    ]);
    expect(lines).toContain('      ¶1 (line 6): lead 省发展改革委; support 省财政厅');
    const at = lines.indexOf('cannot read 2 clauses:');
    expect(lines[at + 2]).toBe('    line 7: 2.研究制定配套政策。（由省发展改革委会同有关部门研究确定后负责）');
    expect(lines[at + 4]).toBe('    line 8: 3.加强统计监测。（省统计局牵头，省发展改革委按职责分工负责');
    expect(lines).toContain('no catalog stored yet');
    expect(d.refusal?.code).toBe('UNREADABLE_CLAUSE');
    expect(existsSync(join(tmp, 'none.sqlite'))).toBe(false);
  });

  it('changes nothing: the database file stays byte-identical; exit 2 when a real import would be refused', async () => {
    const env = { PPRD_DB: join(tmp, 'dry.sqlite') };
    expect((await cli(['import'], env)).code).toBe(0);
    const before = readFileSync(env.PPRD_DB);
    const dry = await cli(['import', fixture('01-hunan-province.txt'), '--dry-run'], env);
    expect(dry.code).toBe(2);
    expect(dry.out).toContain('compared with the stored 粤府〔2017〕8号:');
    expect(dry.out).toContain('would store: 4 tasks, 9 agencies (0 groups), 0 targets, 0 obligations');
    expect(dry.out).toMatch(
      /result: would NOT be imported: .*not imported, it would remove 30 tasks of the stored catalog \(5, 6, 7, 8, 9, 10, 11, 12, …\)/,
    );
    expect(readFileSync(env.PPRD_DB).equals(before)).toBe(true);
    const same = await cli(['import', '--dry-run'], env);
    expect([same.code, same.out.trim().split('\n').at(-1)]).toEqual([
      0,
      'result: would be imported (run the command again without --dry-run)',
    ]);
    expect(readFileSync(env.PPRD_DB).equals(before)).toBe(true);
  });

  it('a real import of a document with unreadable clauses is refused, naming the first and counting the rest', async () => {
    let e: unknown;
    try {
      importDocumentFile({
        file: fixture('10-unreadable.txt'),
        dbPath: join(tmp, 'refused.sqlite'),
        configDir: CONFIG,
      });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).message).toMatch(
      /10-unreadable\.txt:7: the agency clause .* \(and 1 more clause it cannot read: run `pprd import .*10-unreadable\.txt --dry-run` to see every one\)$/,
    );
  });
});

describe('pprd init FILE --dir DIR', () => {
  it('imports a non-seed document and writes a config that passes `pprd config check`', async () => {
    const env = { PPRD_DB: join(tmp, 'init.sqlite') };
    const dir = join(tmp, 'gx-config');
    const init = await cli(['init', fixture('03-convention-in-clause.txt'), '--dir', dir], env);
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(init.out.split('\n')[0]).toBe(
      `imported 桂政办发〔2021〕30号 广西壮族自治区加快发展向海经济实施方案 (广西壮族自治区人民政府办公厅, 2021-05-20) from ${fixture('03-convention-in-clause.txt').replace(`${projectPath('')}`, '')}: 4 tasks, 12 agencies (1 groups), 0 targets, 0 obligations`,
    );
    const check = await cli(['config', 'check'], { ...env, PPRD_CONFIG: dir });
    expect(check.code).toBe(0);
    expect(check.out).toContain(
      'OK — 1 cycles, 11 agencies in the directory, 12 contacts, checked against 桂政办发〔2021〕30号',
    );
    // The document states no dated duty: a half-yearly report of every agency, from the period in progress
    // at PPRD_NOW (2026-03-02: 2026H1), not the document's first (2021H1).
    expect(readFileSync(join(dir, 'pprd.yaml'), 'utf8')).toContain(
      '  - id: half-yearly\n    name: 任务进展半年报送\n    source: 桂政办发〔2021〕30号\n    due:\n      - 06-30\n      - 12-31\n    agencies: all\n    submitTo: 广西壮族自治区人民政府办公厅\n    start: 2026H1\n',
    );
    const lead = await cli(['agency', '自治区交通运输厅'], { ...env, PPRD_CONFIG: dir });
    expect(lead.out).toContain('leads (1 task):');
  });

  it('each written file names its schema on its first line; the schemas are written next to it, and ajv accepts the files under them', async () => {
    const env = { PPRD_DB: join(tmp, 'init-schema.sqlite') };
    const dir = join(tmp, 'schema-config');
    expect((await cli(['init', fixture('03-convention-in-clause.txt'), '--dir', dir], env)).code).toBe(0);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    for (const [file, schemaFile] of [
      ['pprd.yaml', 'pprd.schema.json'],
      ['agencies.yaml', 'agencies.schema.json'],
      ['contacts.yaml', 'contacts.schema.json'],
    ]) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./schema/${schemaFile}`);
      // The path the line names, resolved from the file's folder as the language server does, holds the shipped schema.
      const written = readFileSync(join(dir, 'schema', schemaFile), 'utf8');
      expect(written).toBe(readFileSync(join(CONFIG, 'schema', schemaFile), 'utf8'));
      const validate = ajv.compile(JSON.parse(written));
      expect([file, validate(parse(text)), validate.errors ?? null]).toEqual([file, true, null]);
    }
    const check = await cli(['config', 'check'], { ...env, PPRD_CONFIG: dir });
    // Valid; the warnings are the placeholder addresses init writes, and the plan's years without holiday
    // data (PPRD_NOW is in 2026: 2027, and 2028 where 2027's last round is reminded after its due date).
    expect([check.code, check.err]).toEqual([
      0,
      `warning: ${dir}/contacts.yaml:7:12 coordinators[0].email: 12 contacts have addresses in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: coordinators coordinator@pprd.example.org (7:12), 自治区交通运输厅 agency1@pprd.example.org (11:14), 自治区发展改革委 agency2@pprd.example.org (14:14) and 9 more — fix: replace them with real addresses in ${dir}/contacts.yaml\n` +
        `warning: ${dir}/pprd.yaml:38:11 holidays: 2027 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2027 under holidays in ${dir}/pprd.yaml once its arrangement is published\n` +
        `warning: ${dir}/pprd.yaml:38:11 holidays: 2028 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2028 under holidays in ${dir}/pprd.yaml once its arrangement is published\n`,
    ]);
  });

  it("uses the document's own dated reporting duty as the cycle", async () => {
    const env = { PPRD_DB: join(tmp, 'init2.sqlite') };
    const dir = join(tmp, 'sg-config');
    expect((await cli(['init', fixture('08-sub-numbered-tasks.txt'), '--dir', dir], env)).code).toBe(0);
    expect(readFileSync(join(dir, 'pprd.yaml'), 'utf8')).toContain(
      '    due:\n      - 12-10\n    agencies: all\n    submitTo: 市发展改革局\n    start: 2026\n',
    );
    expect((await cli(['config', 'check'], { ...env, PPRD_CONFIG: dir })).code).toBe(0);
  });

  it('the seed document: the cycle starts at the period in progress at the clock (Asia/Shanghai), targets.start that year, named as the shipped config', async () => {
    const dir = join(tmp, 'seed-config');
    const env = { PPRD_DB: join(tmp, 'init-seed.sqlite'), PPRD_NOW: '2026-12-01T09:00:00+08:00' };
    const seed = projectPath('seeds/yuefu-2017-8-pprd-implementation-opinions.txt');
    expect((await cli(['init', seed, '--dir', dir], env)).code).toBe(0);
    const text = readFileSync(join(dir, 'pprd.yaml'), 'utf8');
    expect(text.split('\n').slice(4, 8)).toEqual([
      '# Cycles start at the period in progress on 2026-12-01 and targets.start at 2026: earlier rounds are not',
      '# tracked. To track them, set start (and targets.start) earlier and record the past rounds with',
      '# `pprd history --until PERIOD` (README: First deployment, rounds before deployment).',
      '',
    ]);
    const cfg = parse(text);
    expect([cfg.cycles[0].name, cfg.cycles[0].start, cfg.targets.start]).toEqual([
      '泛珠合作事项半年报送',
      '2026H2',
      2026,
    ]);
    // 2026-12-31T20:00Z is 2027-01-01 04:00 in Asia/Shanghai: the period in progress is 2027H1.
    const next = join(tmp, 'seed-config-2027');
    expect((await cli(['init', seed, '--dir', next], { ...env, PPRD_NOW: '2026-12-31T20:00:00Z' })).code).toBe(0);
    const later = parse(readFileSync(join(next, 'pprd.yaml'), 'utf8'));
    expect([later.cycles[0].start, later.targets.start]).toEqual(['2027H1', 2027]);
  });

  it('names each cycle by what is reported and how often, never a cut sentence', async () => {
    const names: string[] = [];
    for (const [doc, db] of [
      ['05-one-line-pdf.txt', 'init-05.sqlite'],
      ['08-sub-numbered-tasks.txt', 'init-08.sqlite'],
    ]) {
      const dir = join(tmp, `names-${db}`);
      expect((await cli(['init', fixture(doc), '--dir', dir], { PPRD_DB: join(tmp, db) })).code).toBe(0);
      const cfg = parse(readFileSync(join(dir, 'pprd.yaml'), 'utf8'));
      names.push(`${cfg.cycles[0].name} ${cfg.cycles[0].start}`);
    }
    // 05: due 06-30, so at 2026-03-02 the period in progress is 2026; 08: due 12-10.
    expect(names).toEqual(['工作进展每年报送 2026', '年度进展情况报送 2026']);
    expect([
      cycleName('各地、各部门要及时梳理与泛珠各方相关的合作事项,于每年6月底和12月底前报送省泛珠办', ['06-30', '12-31']),
      cycleName('各单位要于每季度末前报送省政府', ['03-31', '06-30', '09-30', '12-31']),
      cycleName('各地要按要求，于每年6月底和12月底前将贯彻落实本意见的情况和存在的主要问题及时报送省发展改革委', [
        '06-30',
        '12-31',
      ]),
      cycleName('加强督促检查,定期向省政府报告进展情况', null),
    ]).toEqual(['泛珠合作事项半年报送', '每季度报送', '半年报送', '加强督促检查,定期向省政府报告进展情况']);
  });

  it('refuses to overwrite an existing config folder and writes nothing', async () => {
    const dir = join(tmp, 'taken');
    const env = { PPRD_DB: join(tmp, 'init3.sqlite') };
    expect((await cli(['init', fixture('09-national.txt'), '--dir', dir], env)).code).toBe(0);
    writeFileSync(join(dir, 'contacts.yaml'), '# mine\n');
    const again = await cli(['init', fixture('09-national.txt'), '--dir', dir], env);
    expect([again.code, again.err]).toEqual([
      2,
      `pprd: ${dir}: already holds pprd.yaml, agencies.yaml, contacts.yaml; nothing written — fix: give another folder with --dir, or add --force to overwrite them\n`,
    ]);
    expect(readFileSync(join(dir, 'contacts.yaml'), 'utf8')).toBe('# mine\n');
  });
});
