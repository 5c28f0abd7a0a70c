import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogJson, formatImport, importDocumentFile } from '../src/cli/commands/catalog.ts';
import { CliError } from '../src/cli/errors.ts';
import { type Db, importCatalog, loadCatalog, openStore } from '../src/store/index.ts';
import { projectPath, realCatalog, SEED_DOCUMENT } from './helpers/catalogFixture.ts';
import { type CliRun, runCli } from './helpers/runCli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pprd-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CONFIG = projectPath('config');
const seedText = readFileSync(SEED_DOCUMENT, 'utf8');

let dbPath: string;
let n = 0;
beforeEach(() => {
  dbPath = join(tmp, `t${++n}.sqlite`);
});

const run = (file?: string) => importDocumentFile({ file, dbPath, configDir: CONFIG });

/** Every row of every table (schema_migrations aside), each table's rows sorted by their JSON: the database's content (WITHOUT ROWID tables included). */
function dump(path = dbPath): string {
  const db: Db = openStore(path);
  try {
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all() as { name: string }[]
    ).map((r) => r.name);
    return JSON.stringify(
      tables.map((t) => [
        t,
        db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

function writeTemp(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

/** The CliError thrown by `fn`. */
function cliErrorOf(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('importCatalog through `pprd import`', () => {
  it('imports the real document and reads it back exactly', () => {
    const o = run();
    expect(o.result).toMatchObject({ changed: true, first: true });
    expect(o.result.changes.tasks.added).toHaveLength(34);
    expect(formatImport(o)).toEqual([
      'imported 粤府〔2017〕8号 广东省深化泛珠三角区域合作实施意见 (广东省人民政府, 2017-01-20) from seeds/yuefu-2017-8-pprd-implementation-opinions.txt: 34 tasks, 67 agencies (4 groups), 5 targets, 2 obligations',
    ]);
    const db = openStore(dbPath);
    try {
      expect(loadCatalog(db)).toEqual(realCatalog());
      const doc = db.prepare('SELECT number, source_file, source_sha256 FROM catalog_document').get();
      expect(doc).toEqual({
        number: '粤府〔2017〕8号',
        source_file: 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt',
        source_sha256: createHash('sha256').update(readFileSync(SEED_DOCUMENT)).digest('hex'),
      });
      const count = (role: string) =>
        (db.prepare('SELECT COUNT(*) AS n FROM assignments WHERE role = ?').get(role) as { n: number }).n;
      // 51 clauses name 48 leads and 223 supports in all (counted from the hand-checked table of the parse test).
      expect([count('lead'), count('support')]).toEqual([48, 223]);
    } finally {
      db.close();
    }
  });

  it('re-importing the same document changes nothing', () => {
    run();
    const before = dump();
    const o = run();
    expect(o.result.changed).toBe(false);
    expect(formatImport(o)[0]).toMatch(
      /^unchanged: 粤府〔2017〕8号 广东省深化泛珠三角区域合作实施意见 is already imported from the same text \(sha256 [0-9a-f]{12}…\); nothing written$/,
    );
    expect(dump()).toBe(before);
  });

  it('importing a changed document reports what changed', () => {
    run();
    const changed = seedText
      .replace('(省发展改革委、交通运输厅牵头)', '(省发展改革委、交通运输厅牵头,省统计局等按职责分工负责)')
      .replace('实现到2020年内地九省区', '实现到2021年内地九省区')
      .replace('30.开展多层次合作交流。', '30.开展多层次交流合作。');
    const o = run(writeTemp('changed.txt', changed));
    expect(o.result.changed).toBe(true);
    expect(o.result.changes).toEqual({
      document: [],
      tasks: { added: [], removed: [], changed: ['7', '30'] },
      agencies: { added: ['省统计局'], removed: [], changed: [] },
      targets: { added: [], removed: [], changed: ['T5'] },
      obligations: { added: [], removed: [], changed: [] },
    });
    const lines = formatImport(o);
    expect(lines.slice(1)).toEqual([
      '  tasks: 2 changed (7, 30)',
      '  agencies: 1 added (省统计局)',
      '  targets: 1 changed (T5)',
      'warning: "省统计局" is used by the text but missing from agencies.yaml — fix: add it with its full name (or as an alias of an existing agency)',
    ]);
    const db = openStore(dbPath);
    try {
      const c = loadCatalog(db)!;
      expect(c.targets[4]).toMatchObject({
        deadline: '2021-12-31',
        responsible: ['省发展改革委', '省交通运输厅', '省统计局'],
      });
      expect(c.warnings).toEqual(['省统计局']);
    } finally {
      db.close();
    }
    // And back: the removed agency is reported and gone.
    const back = run();
    expect(back.result.changes.agencies).toEqual({ added: [], removed: ['省统计局'], changed: [] });
  });

  it('a write that fails half-way leaves the stored catalog as it was (one transaction)', () => {
    run();
    const before = dump();
    const broken = realCatalog();
    broken.tasks[0].title = '改过的标题';
    // An assignment naming an agency missing from the agency list breaks a foreign key late in the write.
    broken.tasks[33].assignments[0].support.push('不存在的单位');
    const db = openStore(dbPath);
    try {
      expect(() => importCatalog(db, broken, { sha256: 'f'.repeat(64), file: 'broken.txt' })).toThrow(
        /FOREIGN KEY constraint failed/,
      );
    } finally {
      db.close();
    }
    expect(dump()).toBe(before);
  });

  describe('bad input: one line naming file and line, exit 2, database unchanged', () => {
    const expectRejected = (file: string, message: string, code: string) => {
      run();
      const before = dump();
      const e = cliErrorOf(() => run(file));
      expect(e.message).toBe(message);
      expect(e.message).not.toContain('\n');
      expect([e.code, e.exitCode]).toEqual([code, 2]);
      expect(dump()).toBe(before);
    };

    it('a missing file', () => {
      const p = join(tmp, 'nope.txt');
      expectRejected(
        p,
        `${p}: cannot read the document (no such file) — fix: give the path of the policy text, or run \`pprd import\` with no argument for the document in seeds/`,
        'DOCUMENT_UNREADABLE',
      );
    });

    it('bytes that are not UTF-8 (a GBK line)', () => {
      const utf8 = Buffer.from(seedText, 'utf8');
      const at = utf8.indexOf(Buffer.from('7.共建现代化', 'utf8')) + 2; // line 40, the 共 after "7."
      const bytes = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xb9, 0xb2]), utf8.subarray(at + 3)]); // 共 in GBK
      const p = writeTemp('gbk.txt', bytes);
      expectRejected(
        p,
        `${p}:40: byte ${at} is not UTF-8 (0xb9) — fix: save the file as UTF-8 (e.g. \`iconv -f GB18030 -t UTF-8 in.txt > out.txt\`) and import it again`,
        'NOT_UTF8',
      );
    });

    it('a NUL byte (issue 17 item 6): refused with the file, line and byte offset', () => {
      const utf8 = Buffer.from(seedText, 'utf8');
      const at = utf8.indexOf(Buffer.from('7.共建现代化', 'utf8')) + 2; // line 40, before the 共 after "7."
      const p = writeTemp('nul.txt', Buffer.concat([utf8.subarray(0, at), Buffer.from([0x00]), utf8.subarray(at)]));
      expectRejected(
        p,
        `${p}:40: byte offset ${at} is a NUL byte (0x00): the file is binary or damaged — fix: import the plain text of the document (remove the byte, e.g. \`tr -d '\\000' < in.txt > out.txt\` for NUL, or export the text again)`,
        'CONTROL_BYTE',
      );
    });

    it('an empty file', () => {
      const p = writeTemp('empty.txt', '');
      expectRejected(
        p,
        `${p}: the file is empty — fix: point the command at the text of the policy document (UTF-8)`,
        'EMPTY',
      );
    });

    it('a text with no numbered tasks', () => {
      const p = writeTemp('notasks.txt', seedText.replace(/^(\d+)\./gm, '第$1项'));
      expectRejected(
        p,
        `${p}:86: no numbered tasks found (expected headings such as "二、主要任务" followed by lines "1.标题。…") — fix: check that this is the policy document and that its numbered tasks start their lines ("1." … "30.")`,
        'NO_TASKS',
      );
    });

    it('an agency clause that does not close', () => {
      const p = writeTemp(
        'unclosed.txt',
        seedText.replace(
          '(省农业厅牵头,省海洋与渔业厅等按职责分工负责)',
          '(省农业厅牵头,省海洋与渔业厅等按职责分工负责',
        ),
      );
      expectRejected(
        p,
        `${p}:29: the agency clause "(省农业厅牵头,省海洋与渔业厅等按职责分工负责" does not close — fix: add the closing ")" at the end of the paragraph (or join the paragraph that was split across lines)`,
        'UNCLOSED_CLAUSE',
      );
    });

    it('a file cut short after line 30: refused, it would drop 31 tasks', () => {
      const p = writeTemp('cut30.txt', seedText.split('\n').slice(0, 30).join('\n'));
      expectRejected(
        p,
        `${p}: not imported, it would remove 31 tasks of the stored catalog (4, 5, 6, 7, 8, 9, 10, 11, …) — fix: check that the file is complete (not cut short); if the document really dropped them, run \`pprd import ${p} --replace\``,
        'IMPORT_REMOVES_TASKS',
      );
    });

    it('a document that would make the config invalid, even with --replace', () => {
      run();
      const before = dump();
      const p = writeTemp('cut30b.txt', seedText.split('\n').slice(0, 30).join('\n'));
      const e = cliErrorOf(() => importDocumentFile({ file: p, dbPath, configDir: CONFIG, replace: true }));
      expect(e.code).toBe('CONFIG_INVALID_FOR_DOCUMENT');
      expect(e.message).toMatch(
        new RegExp(
          `^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not imported, the configuration would be invalid with this document: .*pprd\\.yaml:\\d+:\\d+ cycles\\[1\\]\\.agencies\\.leadsOf\\[0\\]: unknown task id "G4"`,
        ),
      );
      expect(e.exitCode).toBe(2);
      expect(dump()).toBe(before);
    });

    it('a bad agency directory', () => {
      run();
      const before = dump();
      const dir = join(tmp, 'badconfig');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'agencies.yaml'), 'agencies:\n  - name: 省发展改革委\n  - fullName: 无名\n');
      const e = cliErrorOf(() => importDocumentFile({ dbPath, configDir: dir }));
      expect(e.message).toBe(
        `${join(dir, 'agencies.yaml')}:3:5 agencies[1].name: name is missing — fix: each entry needs \`name\`; \`fullName\` is a string; \`aliases\` is a list of strings, each on one line with no control character (see config/agencies.yaml)`,
      );
      expect(e.exitCode).toBe(2);
      expect(dump()).toBe(before);
    });
  });
});

describe('the pprd CLI (in process through runCli)', () => {
  const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

  const env = { PPRD_DB: join(tmp, 'cli.sqlite') };
  let imp: CliRun;
  beforeAll(async () => {
    imp = await cli(['import'], env);
  });

  it('`pprd import` then `pprd agency 省交通运输厅` prints its tasks', async () => {
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('imported 粤府〔2017〕8号');

    const ag = await cli(['agency', '省交通运输厅'], env);
    expect(ag.code).toBe(0);
    const lines = ag.out.split('\n');
    expect(lines[0]).toBe('省交通运输厅 (广东省交通运输厅)');
    const leadsAt = lines.indexOf('leads (3 tasks):');
    expect(lines.slice(leadsAt + 1, leadsAt + 4)).toEqual([
      // one role rule (issue 10): it leads ¶1-3 of task 7 and supports ¶4, so task 7 is a led task, once
      '  7   二(三)   共建现代化综合交通运输体系  ¶1, ¶2, ¶3 (supports ¶4)',
      '  19  二(六)   积极融入“一带一路”建设  ¶1',
      '  26  二(八)   推进重大基础设施对接  ¶1',
    ]);
    const supAt = lines.indexOf('supports (5 tasks):');
    expect(lines.slice(supAt + 1, supAt + 7).map((l) => l.trim().split(/\s+/)[0])).toEqual([
      '1',
      '18',
      '21',
      '22',
      '23',
      '',
    ]);
    expect(ag.out).toContain('T5 2020-12-31 task 7');
    expect(ag.out).toContain('O1 reports to 省泛珠办, due 06-30, 12-31');

    // the full name resolves to the same agency
    expect((await cli(['agency', '广东省交通运输厅'], env)).out).toBe(ag.out);
  });

  it('`pprd catalog --json` prints the shape of issue 2', async () => {
    const json = JSON.parse((await cli(['catalog', '--json'], env)).out);
    expect(Object.keys(json)).toEqual(['document', 'tasks', 'agencies', 'targets', 'obligations']);
    expect(json).toEqual(catalogJson(realCatalog()));
    expect(json.tasks[6]).toEqual({
      id: '7',
      section: '二(三)',
      title: '共建现代化综合交通运输体系',
      assignments: [
        { lead: ['省发展改革委', '省交通运输厅'], support: [] },
        { lead: ['省发展改革委', '省交通运输厅'], support: ['广铁集团'] },
        { lead: ['省交通运输厅'], support: ['省发展改革委'] },
        { lead: [], support: ['省交通运输厅', '省发展改革委', '交通运输部珠江航务管理局', '有关地级以上市政府'] },
        { lead: [], support: ['民航中南管理局', '省发展改革委', '省机场管理集团', '深圳机场集团'] },
      ],
    });
    expect(json.agencies[8]).toEqual({ name: '有关地级以上市政府', group: true });
    expect(json.agencies[0]).toEqual({ name: '省发展改革委', group: false, fullName: '广东省发展和改革委员会' });
  });

  it('`pprd task` and `pprd agencies`', async () => {
    const task = await cli(['task', 'g1'], env);
    expect(task.code).toBe(0);
    expect(task.out.split('\n').slice(0, 2)).toEqual(['task G1 — 加强统筹协调', 'section 三(一) 加强统筹协调']);
    expect(task.out).toContain('O1 各地、各部门 -> 省泛珠办, due 06-30, 12-31');

    const all = await cli(['agencies'], env);
    expect(all.out.split('\n')[0]).toBe(
      '67 agencies in 粤府〔2017〕8号 (lead / support = number of tasks; → successor since a date):',
    );
    expect(all.out).toContain('  省发展改革委 — 广东省发展和改革委员会  lead 13 / support 17');
    expect(all.out).toContain('  有关地级以上市政府 [group]  lead 0 / support 9');
  });

  it('errors before any import: exit 2 and one line on stderr', async () => {
    const empty = { PPRD_DB: join(tmp, 'cli-empty.sqlite') };
    const none = await cli(['agency', '省交通运输厅'], empty);
    expect([none.code, none.err]).toEqual([
      2,
      `pprd: no document imported in ${empty.PPRD_DB} yet — fix: run \`pprd import\` first (or set PPRD_DB to the database you imported into)\n`,
    ]);
    const missing = await cli(['import', 'nope.txt'], empty);
    expect([missing.code, missing.err]).toEqual([
      2,
      'pprd: nope.txt: cannot read the document (no such file) — fix: give the path of the policy text, or run `pprd import` with no argument for the document in seeds/\n',
    ]);
  });

  it('errors after import: unknown agency (with a suggestion), unknown task', async () => {
    const unknown = await cli(['agency', '省交通运输局'], env);
    expect([unknown.code, unknown.err]).toEqual([
      2,
      'pprd: no agency "省交通运输局" in 粤府〔2017〕8号 — fix: did you mean 省交通运输厅?\n',
    ]);
    const badTask = await cli(['task', '31'], env);
    expect([badTask.code, badTask.err]).toEqual([
      2,
      'pprd: no task "31" — fix: use one of 1…G4 (`pprd catalog` lists them)\n',
    ]);
  });
});
