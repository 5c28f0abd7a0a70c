import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dryRunImport, formatDryRun, importDocumentFile } from '../src/cli/commands/catalog.ts';
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
    // The document states no dated duty: a half-yearly report of every agency, from its issue date.
    expect(readFileSync(join(dir, 'pprd.yaml'), 'utf8')).toContain(
      '  - id: half-yearly\n    name: 任务进展半年报送\n    source: 桂政办发〔2021〕30号\n    due:\n      - 06-30\n      - 12-31\n    agencies: all\n    submitTo: 广西壮族自治区人民政府办公厅\n    start: 2021H1\n',
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
        `warning: ${dir}/pprd.yaml:33:11 holidays: 2027 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2027 under holidays in ${dir}/pprd.yaml once its arrangement is published\n` +
        `warning: ${dir}/pprd.yaml:33:11 holidays: 2028 has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional) — fix: add 2028 under holidays in ${dir}/pprd.yaml once its arrangement is published\n`,
    ]);
  });

  it("uses the document's own dated reporting duty as the cycle", async () => {
    const env = { PPRD_DB: join(tmp, 'init2.sqlite') };
    const dir = join(tmp, 'sg-config');
    expect((await cli(['init', fixture('08-sub-numbered-tasks.txt'), '--dir', dir], env)).code).toBe(0);
    expect(readFileSync(join(dir, 'pprd.yaml'), 'utf8')).toContain(
      '    due:\n      - 12-10\n    agencies: all\n    submitTo: 市发展改革局\n    start: 2020\n',
    );
    expect((await cli(['config', 'check'], { ...env, PPRD_CONFIG: dir })).code).toBe(0);
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
