import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadDirectory } from '../src/config/agencies.ts';
import { loadContacts } from '../src/config/contacts.ts';
import { validatePprd } from '../src/config/pprd.ts';
import { formatProblem, readYamlFile } from '../src/config/yamlFile.ts';
import { directoryOf, projectPath, realCatalog, SEED_DIRECTORY } from './helpers/catalogFixture.ts';
import { runCli } from './helpers/runCli.ts';
import { tempDir } from './helpers/tempDb.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the shipped config/ in a temporary folder (PPRD_CONFIG=/tmp/x), with `edit` applied. */
function configCopy(edit: (dir: string) => void = () => {}): string {
  const d = mkdtempSync(join(tmpdir(), 'pprd-cfgmsg-'));
  dirs.push(d);
  cpSync(projectPath('config'), d, { recursive: true });
  edit(d);
  return d;
}

describe('config agency names get the suggestions `pprd agency` gives, and name the actual files', () => {
  const directory = directoryOf(SEED_DIRECTORY);

  test('contacts.yaml: a misspelt agency key suggests the canonical name, naming the directory file beside it', () => {
    const text = 'agencies:\n  省交通厅:\n    - name: 丙\n      email: c@pprd.example.org\n';
    const { problems } = loadContacts('/tmp/x/contacts.yaml', directory, text);
    expect(problems.map(formatProblem)).toEqual([
      '/tmp/x/contacts.yaml:2:3 agencies.省交通厅: unknown agency "省交通厅": not in the directory (/tmp/x/agencies.yaml) (did you mean 省交通运输厅?) — fix: use the agency\'s canonical name as `pprd agencies` lists it, or add the agency to /tmp/x/agencies.yaml',
    ]);
  });

  test('contacts.yaml: a name without its level prefix suggests the prefixed one; nothing near, no suggestion', () => {
    const text =
      'agencies:\n  市场监督局:\n    - name: 丙\n      email: c@pprd.example.org\n  完全不同的名字:\n    - name: 丁\n      email: d@pprd.example.org\n';
    const { problems } = loadContacts('config/contacts.yaml', directory, text);
    expect(problems.map((p) => p.message)).toEqual([
      'unknown agency "市场监督局": not in the directory (config/agencies.yaml) (did you mean 省市场监管局?)',
      'unknown agency "完全不同的名字": not in the directory (config/agencies.yaml)',
    ]);
  });

  test('pprd.yaml: a misspelt cycle agency, or one without its prefix, suggests the canonical name', () => {
    const text = [
      'cycles:',
      '  - id: half-yearly',
      '    name: 泛珠合作事项半年报送',
      '    source: 三(一)',
      '    due: [06-30, 12-31]',
      '    agencies: [省交通厅, 发展改革委员会]',
      '    submitTo: 省泛珠办',
      '    start: 2026H2',
      '',
    ].join('\n');
    const r = validatePprd(readYamlFile('/tmp/x/pprd.yaml', text), { catalog: realCatalog(), directory });
    expect(r.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:6:16 cycles[0].agencies[0]: unknown agency "省交通厅" (did you mean 省交通运输厅?) — fix: use a name from /tmp/x/agencies.yaml or `pprd agencies`, e.g. 省发展改革委',
      '/tmp/x/pprd.yaml:6:22 cycles[0].agencies[1]: unknown agency "发展改革委员会" (did you mean 省发展改革委?) — fix: use a name from /tmp/x/agencies.yaml or `pprd agencies`, e.g. 省发展改革委',
    ]);
  });

  test('agencies.yaml: a misspelt successor suggests the entry, and the fix names the file checked', () => {
    const text =
      'agencies:\n  - name: 省工商局\n    successor: 省市场监督局\n    since: 2018-10-22\n  - name: 省市场监管局\n    fullName: 广东省市场监督管理局\n';
    const { problems } = loadDirectory('/tmp/x/agencies.yaml', text);
    expect(problems.map(formatProblem)).toEqual([
      '/tmp/x/agencies.yaml:3:16 agencies[0].successor: successor "省市场监督局" of 省工商局 is not in the directory (did you mean 省市场监管局?) — fix: add an entry for 省市场监督局 (name and fullName) to /tmp/x/agencies.yaml',
    ]);
  });
});

describe('unknown keys point at the key and suggest the nearest allowed one', () => {
  test('pprd.yaml: a misspelt cycle key and delivery key, at their own line and column', () => {
    const text = [
      'cycles:', // 1
      '  - id: half-yearly', // 2
      '    name: 泛珠合作事项半年报送', // 3
      '    source: 三(一)', // 4
      '    due: [06-30, 12-31]', // 5
      '    agencies: all', // 6
      '    submitTo: 省泛珠办', // 7
      '    remindrs: [30, 14, 7]', // 8
      'delivery:', // 9
      '  catchupDays: 3', // 10
      '  zzz: 1', // 11
      '',
    ].join('\n');
    const r = validatePprd(readYamlFile('/tmp/x/pprd.yaml', text));
    expect(r.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:8:5 cycles[0].remindrs: unknown key "remindrs" (did you mean reminders?) — fix: remove the key or correct its spelling (see README, Configuration)',
      '/tmp/x/pprd.yaml:10:3 delivery.catchupDays: unknown key "catchupDays" (did you mean catchUpDays?) — fix: remove the key or correct its spelling (see README, Configuration)',
      '/tmp/x/pprd.yaml:11:3 delivery.zzz: unknown key "zzz" — fix: remove the key or correct its spelling (see README, Configuration)',
    ]);
  });

  test('found by a tester: a 2-character key gets no name 2 edits away (was xx → "did you mean id?")', () => {
    const text =
      'cycles:\n  - id: half-yearly\n    name: 泛珠合作事项半年报送\n    source: 三(一)\n    due: [06-30, 12-31]\n    agencies: all\n    submitTo: 省泛珠办\n    xx: 1\n';
    const r = validatePprd(readYamlFile('/tmp/x/pprd.yaml', text));
    expect(r.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:8:5 cycles[0].xx: unknown key "xx" — fix: remove the key or correct its spelling (see README, Configuration)',
    ]);
  });

  test('contacts.yaml and agencies.yaml: a misspelt contact field and entry field', () => {
    const contacts = loadContacts(
      'config/contacts.yaml',
      directoryOf(SEED_DIRECTORY),
      'coordinators:\n  - name: 王五\n    emial: w@pprd.example.org\n',
    );
    expect(contacts.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '2:5 coordinators[0].email: email is missing ("emial" at line 3 is not a known key: did you mean email?)',
      '3:5 coordinators[0].emial: unknown key "emial" (did you mean email?)',
    ]);
    const agencies = loadDirectory('config/agencies.yaml', 'agencies:\n  - name: 省甲厅\n    fullname: 广东省甲厅\n');
    expect(agencies.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '3:5 agencies[0].fullname: unknown key "fullname" (did you mean fullName?)',
    ]);
  });
});

describe('found by a new-user trial: a key left out or misspelt, a list written as a mapping', () => {
  test('pprd.yaml: holidays written as a mapping of years names file, line and field, and gives the list form with their dates', () => {
    const text = [
      'timezone: Asia/Shanghai', // 1
      'holidays:', // 2
      '  2027:', // 3
      '    holidays: [2027-01-01, 2027-02-05]', // 4
      '    workdays: [2027-02-14]', // 5
      '  2028: [2028-01-01]', // 6
      '',
    ].join('\n');
    const r = validatePprd(readYamlFile('/tmp/x/pprd.yaml', text));
    expect(r.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:3:3 holidays: holidays is a mapping (key: value lines) but must be a list, one "- " entry per item — fix: write a list with one "- year: 2027" entry per year, its holidays: and workdays: indented under it, as the shipped config/pprd.yaml shows; on one line: holidays: [{year: 2027, holidays: [2027-01-01, 2027-02-05], workdays: [2027-02-14]}, {year: 2028, holidays: [2028-01-01], workdays: []}]',
    ]);
    // the one-line form of the fix is valid as it stands
    const fixed = validatePprd(
      readYamlFile('/tmp/x/pprd.yaml', `timezone: Asia/Shanghai\n${r.problems[0].fix.split('on one line: ')[1]}\n`),
    );
    expect(fixed.problems).toEqual([]);
    expect(fixed.value!.holidays).toEqual([
      { year: 2027, holidays: ['2027-01-01', '2027-02-05'], workdays: ['2027-02-14'] },
      { year: 2028, holidays: ['2028-01-01'], workdays: [] },
    ]);
  });

  test('the list form of the shipped comment (- year: …) is accepted; a year entry without year says year is missing', () => {
    const ok = validatePprd(
      readYamlFile(
        '/tmp/x/pprd.yaml',
        'holidays:\n  - year: 2027\n    holidays: [2027-01-01]\n    workdays: [2027-02-14]\n',
      ),
    );
    expect(ok.problems).toEqual([]);
    const noYear = validatePprd(
      readYamlFile('/tmp/x/pprd.yaml', 'holidays:\n  - yaer: 2027\n    holidays: [2027-01-01]\n'),
    );
    expect(noYear.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:2:5 holidays[0].year: year is missing ("yaer" at line 2 is not a known key: did you mean year?) — fix: rename "yaer" to year',
      '/tmp/x/pprd.yaml:2:5 holidays[0].yaer: unknown key "yaer" (did you mean year?) — fix: remove the key or correct its spelling (see README, Configuration)',
    ]);
  });

  test('contacts.yaml: emial for email says email is missing and emial is unknown (was "email must be a string"); no email at all says what to add', () => {
    const directory = directoryOf(SEED_DIRECTORY);
    const misspelt = loadContacts(
      '/tmp/x/contacts.yaml',
      directory,
      'coordinators:\n  - name: 王五\n    emial: w@pprd.example.org\n',
    );
    expect(misspelt.problems.map(formatProblem)).toEqual([
      '/tmp/x/contacts.yaml:2:5 coordinators[0].email: email is missing ("emial" at line 3 is not a known key: did you mean email?) — fix: rename "emial" to email',
      '/tmp/x/contacts.yaml:3:5 coordinators[0].emial: unknown key "emial" (did you mean email?) — fix: a contact has only name, email, slackId, language and mobile; the file only coordinators and agencies',
    ]);
    const none = loadContacts('/tmp/x/contacts.yaml', directory, 'coordinators:\n  - name: 王五\n');
    expect(none.problems.map(formatProblem)).toEqual([
      '/tmp/x/contacts.yaml:2:5 coordinators[0].email: email is missing — fix: write one plain address such as `sfgw@pprd.example.org`, with no name, spaces, quotes or line breaks',
    ]);
    expect(none.contacts.coordinators).toEqual([]);
  });

  test('agencies.yaml: a misspelt name key says name is missing and suggests it', () => {
    const { problems } = loadDirectory(
      '/tmp/x/agencies.yaml',
      'agencies:\n  - nmae: 省甲厅\n    fullName: 广东省甲厅\n',
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '2:5 agencies[0].name: name is missing ("nmae" at line 2 is not a known key: did you mean name?)',
      '2:5 agencies[0].nmae: unknown key "nmae" (did you mean name?)',
    ]);
  });
});

describe('with PPRD_CONFIG elsewhere, fixes name the files of that folder', () => {
  const t = tempDir('pprd-cfgmsg-db-');
  afterAll(() => t.cleanup());

  test('pprd deadlines: the provisional-holiday warning names $PPRD_CONFIG/pprd.yaml', async () => {
    const dir = configCopy();
    const env = { PPRD_DB: join(t.dir, 'pprd.sqlite'), PPRD_CONFIG: dir, TZ: 'Asia/Shanghai' };
    expect((await runCli(['import'], env)).code).toBe(0);
    const r = await runCli(['deadlines', '--now', '2026-12-01T09:00:00+08:00'], env);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `警告：2027 年尚无节假日数据，其日期按周一至周五（除元旦、劳动节、国庆节）推算（暂定）— 处理：2027 年节假日安排公布后，在 ${dir}/pprd.yaml 的 holidays 中添加 2027`,
      `警告：2028 年尚无节假日数据，其日期按周一至周五（除元旦、劳动节、国庆节）推算（暂定）— 处理：2028 年节假日安排公布后，在 ${dir}/pprd.yaml 的 holidays 中添加 2028`,
      '',
    ]);
  });
});

describe('found by a tester: every YAML error (alias, duplicate key, empty file) is a config problem with file:line and fix', () => {
  const shipped = readFileSync(projectPath('config/pprd.yaml'), 'utf8');

  test('contacts.yaml: an undefined alias (*nope) names file, line:column and the fix; `config check --json` prints the problem', async () => {
    const dir = configCopy((d) => {
      const f = join(d, 'contacts.yaml');
      const text = readFileSync(f, 'utf8');
      writeFileSync(f, text.replace(/^ {4}- name: .*\n {6}email: .*\n/m, '    - *nope\n'));
    });
    const line = readFileSync(join(dir, 'contacts.yaml'), 'utf8').split('\n').indexOf('    - *nope') + 1;
    const fix = 'define the anchor (&nope before a value, above this line), or write the value here instead of *nope';
    const r = await runCli(['config', 'check'], { PPRD_CONFIG: dir });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toContain(
      `${dir}/contacts.yaml:${line}:7 undefined alias *nope: no anchor &nope is set before it — fix: ${fix}`,
    );
    const json = JSON.parse((await runCli(['config', 'check', '--json'], { PPRD_CONFIG: dir })).out);
    expect(json.ok).toBe(false);
    expect(json.problems).toEqual([
      {
        file: `${dir}/contacts.yaml`,
        line,
        column: 7,
        path: '',
        message: 'undefined alias *nope: no anchor &nope is set before it',
        fix,
      },
    ]);
  });

  test('pprd.yaml: sendAt twice names the key and both lines', () => {
    const r = validatePprd(
      readYamlFile(
        '/tmp/x/pprd.yaml',
        'timezone: Asia/Shanghai\nsendAt: "09:00"\nlanguage: zh-CN\nsendAt: "10:00"\ncycles: []\n',
      ),
    );
    expect(r.problems.map(formatProblem)).toEqual([
      '/tmp/x/pprd.yaml:4:1 duplicate key "sendAt" (first at line 2, again at line 4) — fix: keep one "sendAt:" (line 2 or line 4) and delete the other',
    ]);
  });

  test('pprd.yaml and agencies.yaml: empty or only comments is refused naming the file; an empty contacts.yaml stays valid (its reload is held)', () => {
    for (const text of ['', '# yaml-language-server: $schema=./schema/pprd.schema.json\n\n# all commented out\n']) {
      expect(validatePprd(readYamlFile('/tmp/x/pprd.yaml', text)).problems.map(formatProblem)).toEqual([
        '/tmp/x/pprd.yaml:1:1 the file is empty (or only comments) but must hold the settings and cycles (timezone, sendAt, cycles, …): it may have been emptied or saved half-written — fix: restore the file (from a backup or the shipped example in the repository); the running service keeps its last good config meanwhile',
      ]);
    }
    expect(loadDirectory('/tmp/x/agencies.yaml', '# nothing\n').problems.map(formatProblem)).toEqual([
      '/tmp/x/agencies.yaml:1:1 the file is empty (or only comments) but must hold the agency directory (agencies: with one entry per agency): it may have been emptied or saved half-written — fix: restore the file (from a backup or the shipped example in the repository); the running service keeps its last good config meanwhile',
    ]);
    expect(loadContacts('/tmp/x/contacts.yaml', [], '').problems).toEqual([]);
  });

  test('pprd.yaml: a cycle copied with a merge key (<<: *hy) is the cycle with its own id and name, not an unknown key "<<"', () => {
    const text = shipped
      .replace('  - id: half-yearly\n', '  - &hy\n    id: half-yearly\n')
      .replace(
        '  - id: progress-report\n',
        '  - <<: *hy\n    id: half-yearly-2\n    name: 第二个半年报送\n\n  - id: progress-report\n',
      );
    const r = validatePprd(readYamlFile('/tmp/x/pprd.yaml', text), { catalog: realCatalog() });
    expect(r.problems).toEqual([]);
    const copy = r.value!.cycles.find((c) => c.id === 'half-yearly-2')!;
    const first = r.value!.cycles.find((c) => c.id === 'half-yearly')!;
    expect([copy.name, copy.source, copy.due, copy.reminders, copy.start]).toEqual([
      '第二个半年报送',
      '三(一)',
      first.due,
      [30, 14, 7, 3, 1, 0],
      '2026H2',
    ]);
  });
});

describe('found by a tester: holidays given as dates get the "- year:" form with the dates grouped by year', () => {
  const fixOf = (holidays: string) =>
    validatePprd(readYamlFile('/tmp/x/pprd.yaml', `timezone: Asia/Shanghai\n${holidays}\n`)).problems.map(
      formatProblem,
    );
  const oneLine = (entries: string) =>
    `write a list with one "- year: 2027" entry per year, its holidays: and workdays: indented under it, as the shipped config/pprd.yaml shows; on one line: holidays: [${entries}]`;

  test('a mapping with date keys (2027-01-01: 元旦): the dates grouped by year, and the pasted fix is accepted', () => {
    const problems = fixOf('holidays:\n  2027-01-01: 元旦\n  2027-02-05: 春节\n  2028-01-01: 元旦');
    const fix = oneLine(
      '{year: 2027, holidays: [2027-01-01, 2027-02-05], workdays: []}, {year: 2028, holidays: [2028-01-01], workdays: []}',
    );
    expect(problems).toEqual([
      `/tmp/x/pprd.yaml:3:3 holidays: holidays is a mapping (key: value lines) but must be a list, one "- " entry per item — fix: ${fix}`,
    ]);
    const fixed = validatePprd(
      readYamlFile('/tmp/x/pprd.yaml', `timezone: Asia/Shanghai\n${fix.split('on one line: ')[1]}\n`),
    );
    expect(fixed.problems).toEqual([]);
    expect(fixed.value!.holidays).toEqual([
      { year: 2027, holidays: ['2027-01-01', '2027-02-05'], workdays: [] },
      { year: 2028, holidays: ['2028-01-01'], workdays: [] },
    ]);
  });

  test('a list of bare dates, or one date: one problem at holidays with the "- year:" form', () => {
    const message =
      'but must be a list of years, one "- year:" entry each with its holidays: (days off) and workdays: (make-up working days)';
    expect(fixOf('holidays: [2027-01-01, 2027-02-05]')).toEqual([
      `/tmp/x/pprd.yaml:2:11 holidays: holidays lists dates ${message} — fix: ${oneLine('{year: 2027, holidays: [2027-01-01, 2027-02-05], workdays: []}')}`,
    ]);
    expect(fixOf('holidays: 2027-01-01')).toEqual([
      `/tmp/x/pprd.yaml:2:11 holidays: holidays is a date ${message} — fix: ${oneLine('{year: 2027, holidays: [2027-01-01], workdays: []}')}`,
    ]);
  });
});
