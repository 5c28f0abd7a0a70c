import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/catalog/index.ts';
import {
  ConfigError,
  formatProblem,
  loadConfig,
  loadDirectory,
  parseConfig,
  readYamlFile,
  validatePprd,
} from '../src/config/index.ts';

const { directory } = loadDirectory('config/agencies.yaml');
const catalog = parseDocument(readFileSync('seeds/yuefu-2017-8-pprd-implementation-opinions.txt', 'utf8'), directory);

/** A valid pprd.yaml; line numbers below refer to this text. */
const lines = [
  'timezone: Asia/Shanghai', // 1
  'sendAt: "09:00"', // 2
  'cycles:', // 3
  '  - id: half-yearly', // 4
  '    name: 泛珠合作事项半年报送', // 5
  '    source: 三(一)', // 6
  '    due: [06-30, 12-31]', // 7
  '    agencies: all', // 8
  '    submitTo: 省泛珠办', // 9
  '    reminders: [30, 14, 7, 3, 1, 0]', // 10
  '    escalateAfter: 5', // 11
  '    start: 2017H1', // 12
  '  - id: progress-report', // 13
  '    name: 定期向省政府报告进展情况', // 14
  '    source: 三(四)', // 15
  '    due: null', // 16
  '    agencies: {leadsOf: [G4]}', // 17
  '    submitTo: 省政府', // 18
  'holidays: []', // 19
];
const FILE = 'config/pprd.yaml';
const check = (edit: Record<number, string>) => {
  const text = lines.map((l, i) => edit[i + 1] ?? l).join('\n');
  return validatePprd(readYamlFile(FILE, text), { catalog, directory });
};
const where = (r: ReturnType<typeof check>) => r.problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`);

describe('validatePprd', () => {
  it('accepts the shipped config/pprd.yaml with the documented defaults', () => {
    const r = validatePprd(readYamlFile(FILE), { catalog, directory });
    expect(r.problems).toEqual([]);
    const [half, progress] = r.value!.cycles;
    expect(half).toEqual({
      id: 'half-yearly',
      name: '泛珠合作事项半年报送',
      source: '三(一)',
      due: { dates: ['06-30', '12-31'] },
      agencies: { all: true },
      submitTo: '省泛珠办',
      reminders: [30, 14, 7, 3, 1, 0],
      overdue: [1, 3, 5],
      escalateAfter: 5,
      start: '2026H2',
      end: null,
    });
    expect([progress.id, progress.due, progress.agencies, progress.submitTo]).toEqual([
      'progress-report',
      null,
      { leadsOf: ['G4'] },
      '省政府',
    ]);
    expect(r.value!.digests).toEqual([
      { id: 'weekly-coordinators', audience: 'coordinators', schedule: '0 9 * * 1' },
      { id: 'monthly-agency', audience: 'agency', schedule: '0 9 1 * *' },
    ]);
    expect(r.value!.delivery).toEqual({ catchUpDays: 3, giveUpAfterHours: 48, retryBaseMinutes: 2, bundle: true });
    expect(r.value!.targets).toEqual({
      start: 2026,
      progressDue: '12-31',
      reminders: [30, 14, 7, 3, 1, 0],
      overdue: [1, 3, 5],
      escalateAfter: 5,
    });
    expect([r.value!.timezone, r.value!.sendAt, r.value!.language, r.value!.holidays, r.value!.slack]).toEqual([
      'Asia/Shanghai',
      '09:00',
      'zh-CN',
      [],
      {},
    ]);
  });

  it('fills defaults for an almost empty file', () => {
    const r = validatePprd(readYamlFile(FILE, 'holidays:\n'));
    expect(r.problems).toEqual([]);
    expect(r.value!.cycles.map((c) => c.id)).toEqual(['half-yearly', 'progress-report']);
    expect([r.value!.timezone, r.value!.sendAt]).toEqual(['Asia/Shanghai', '09:00']);
  });

  it('rejects a date that does not exist (02-30) with file, line and field', () => {
    const r = check({ 7: '    due: [06-30, 02-30]' });
    expect(where(r)).toEqual([
      'config/pprd.yaml:7 cycles[0].due[1]: invalid date "02-30": February has 29 days at most',
    ]);
    expect(formatProblem(r.problems[0])).toBe(
      'config/pprd.yaml:7:18 cycles[0].due[1]: invalid date "02-30": February has 29 days at most — fix: write due as a list of MM-DD dates in order (e.g. [06-30, 12-31]), {every: month|quarter, day: N|last}, or null',
    );
    expect(where(check({ 7: '    due: [13-01]' }))).toEqual([
      'config/pprd.yaml:7 cycles[0].due[0]: invalid date "13-01": there is no month 13',
    ]);
  });

  it('rejects an unknown agency name, and resolves aliases to canonical names', () => {
    const r = check({ 8: '    agencies: [省发展改革委, 省不存在厅]' });
    expect(where(r)).toEqual(['config/pprd.yaml:8 cycles[0].agencies[1]: unknown agency "省不存在厅"']);
    expect(r.problems[0].fix).toBe('use a name from config/agencies.yaml or `pprd agencies`, e.g. 省发展改革委');
    const full = directory.find((d) => d.fullName)!;
    const ok = check({ 8: `    agencies: [${full.fullName}]` });
    expect(ok.problems).toEqual([]);
    expect(ok.value!.cycles[0].agencies).toEqual({ names: [full.name] });
  });

  it('rejects an agency group as a name', () => {
    expect(where(check({ 8: '    agencies: [有关地级以上市政府]' }))).toEqual([
      'config/pprd.yaml:8 cycles[0].agencies[0]: "有关地级以上市政府" names a group, not one agency',
    ]);
  });

  it('rejects an unknown task id', () => {
    const r = check({ 17: '    agencies: {leadsOf: [G4, 31]}' });
    expect(where(r)).toEqual(['config/pprd.yaml:17 cycles[1].agencies.leadsOf[1]: unknown task id "31"']);
    expect(r.problems[0].fix).toBe('use a task id of 粤府〔2017〕8号: 1, 2, 3, …, G2, G3, G4');
  });

  it('rejects a negative offset', () => {
    const r = check({ 10: '    reminders: [30, -7, 0]' });
    expect(where(r)).toEqual([
      'config/pprd.yaml:10 cycles[0].reminders[1]: reminder must be 0 or more (a negative offset is not allowed)',
    ]);
    expect(r.problems[0].fix).toBe(
      'list whole days before the due date, 0 or more, e.g. [30, 14, 7, 3, 1, 0] (a cycle may also list working days as 3wd)',
    );
  });

  it('rejects a delivery.bundle that is not true or false, with its line and the fix (issue 14 item 2)', () => {
    const r = check({ 19: 'holidays: []\ndelivery:\n  catchUpDays: 3\n  bundle: daily' });
    expect(where(r)).toEqual(['config/pprd.yaml:22 delivery.bundle: bundle must be true or false']);
    expect(r.problems[0].fix).toBe(
      'write bundle: true (one message a day per person and channel, listing all that is due) or bundle: false (one message per report)',
    );
    expect(check({ 19: 'holidays: []\ndelivery:\n  bundle: false' }).value!.delivery.bundle).toBe(false);
    expect(check({}).value!.delivery.bundle).toBe(true);
  });

  it('rejects a wrong type', () => {
    const r = check({ 11: '    escalateAfter: five' });
    expect(where(r)).toEqual([
      'config/pprd.yaml:11 cycles[0].escalateAfter: Invalid input: expected number, received string',
    ]);
  });

  it('rejects digest schedules that node-cron cannot run, naming the bad fields', () => {
    const r = check({
      19: 'holidays: []\ndigests:\n  - id: weekly\n    audience: coordinators\n    schedule: "61 9 * * 8"\n  - id: monthly\n    audience: agency\n    schedule: "0 9 1 *"',
    });
    expect(where(r)).toEqual([
      'config/pprd.yaml:23 digests[0].schedule: schedule "61 9 * * 8": 61 is not a valid minute; 8 is not a valid dayOfWeek (minute 0-59, hour 0-23, day 1-31, month 1-12, week day 0-7)',
      'config/pprd.yaml:26 digests[1].schedule: schedule "0 9 1 *" has 4 fields; it must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1"',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const r = check({ 10: '    reminders: [30, 14]]' });
    expect(where(r)).toEqual([
      'config/pprd.yaml:10 : YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]"',
    ]);
    expect(r.value).toBeUndefined();
    expect(formatProblem(r.problems[0])).toBe(
      'config/pprd.yaml:10:24 YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]" — fix: fix the YAML syntax at that line (indentation, a missing colon, an unclosed quote or bracket)',
    );
  });

  it('reports every problem at once, each at its own line', () => {
    const r = check({
      2: 'sendAt: 9am',
      7: '    due: [02-30]',
      10: '    reminders: [-1]',
      17: '    agencies: {leadsOf: [G9]}',
      19: 'holidays: [{year: 2027, holidays: [2027-02-29]}]',
    });
    expect(where(r)).toEqual([
      'config/pprd.yaml:2 sendAt: sendAt must be a local time HH:mm, e.g. "09:00"',
      'config/pprd.yaml:7 cycles[0].due[0]: invalid date "02-30": February has 29 days at most',
      'config/pprd.yaml:10 cycles[0].reminders[0]: reminder must be 0 or more (a negative offset is not allowed)',
      // cycles[1] is well-formed, so its meaning is checked too.
      'config/pprd.yaml:17 cycles[1].agencies.leadsOf[0]: unknown task id "G9"',
      'config/pprd.yaml:19 holidays[0].holidays[0]: invalid date "2027-02-29": February 2027 has 28 days',
    ]);
  });

  it('refuses a holiday year with no days off, which would count as published (issue 9 item 6)', () => {
    const r = check({ 19: 'holidays:\n  - year: 2027\n    workdays: [2027-02-14]\n  - year: 2028\n    holidays: []' });
    expect(where(r)).toEqual([
      "config/pprd.yaml:20 holidays[0].holidays: year 2027 lists no holidays: an entry counts as the year's published arrangement, so 2027 would be planned with no day off and no longer marked provisional",
      "config/pprd.yaml:23 holidays[1].holidays: year 2028 lists no holidays: an entry counts as the year's published arrangement, so 2028 would be planned with no day off and no longer marked provisional",
    ]);
    expect(r.problems[0].fix).toBe(
      "list 2027's days off (YYYY-MM-DD) from the State Council notice, or remove the entry until the arrangement is published (the year then stays provisional)",
    );
    expect(check({ 19: 'holidays: [{year: 2027, holidays: [2027-01-01]}]' }).problems).toEqual([]);
  });

  it('checks start and end against the due rule, and unknown keys', () => {
    expect(where(check({ 12: '    start: 2017Q1' }))).toEqual([
      `config/pprd.yaml:12 cycles[0].start: start "2017Q1" is not a period of this cycle's due rule`,
    ]);
    expect(where(check({ 12: '    start: 2017H1', 19: 'holiday: []' }))).toEqual([
      'config/pprd.yaml:19 holiday: unknown key "holiday" (did you mean holidays?)',
    ]);
    expect(where(check({ 11: '    escalateAfter: 5\n    end: 2016H2' }))).toEqual([
      'config/pprd.yaml:12 cycles[0].end: end "2016H2" comes before start "2017H1"',
    ]);
  });
});

/** A config folder with the shipped pprd.yaml and agencies.yaml and a small contacts.yaml. */
function configDir(pprd?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pprd-config-'));
  copyFileSync('config/agencies.yaml', join(dir, 'agencies.yaml'));
  if (pprd === undefined) copyFileSync('config/pprd.yaml', join(dir, 'pprd.yaml'));
  else writeFileSync(join(dir, 'pprd.yaml'), pprd);
  writeFileSync(
    join(dir, 'contacts.yaml'),
    [
      'coordinators:',
      '  - name: 省泛珠办 王五',
      '    email: pprd-office@pprd.example.org',
      'agencies:',
      '  省发展改革委:',
      '    - name: 联络人',
      '      email: sfgw@pprd.example.org',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('loadConfig / parseConfig', () => {
  it('combines pprd.yaml, agencies.yaml and contacts.yaml into one deep-frozen config', () => {
    const dir = configDir();
    const { config, problems } = loadConfig(dir, { catalog, env: {} });
    expect(problems).toEqual([]);
    expect(config.cycles.map((c) => c.id)).toEqual(['half-yearly', 'progress-report']);
    expect(config.directory.length).toBe(directory.length);
    expect(config.contacts.coordinators.map((c) => c.email)).toEqual(['pprd-office@pprd.example.org']);
    expect(config.contacts.agencies.省发展改革委.map((c) => c.email)).toEqual(['sfgw@pprd.example.org']);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.cycles[0].reminders)).toBe(true);
    expect(() => {
      (config.cycles[0] as { id: string }).id = 'x';
    }).toThrow(TypeError);
  });

  it('lets PPRD_TIMEZONE and PPRD_SEND_AT override the file, validated the same way', () => {
    const dir = configDir();
    expect(parseConfig(dir, { env: { PPRD_SEND_AT: '08:30' } }).sendAt).toBe('08:30');
    const { problems } = loadConfig(dir, { env: { PPRD_TIMEZONE: 'Mars/Base' } });
    expect(problems.map(formatProblem)).toEqual([
      'environment PPRD_TIMEZONE: unknown time zone — fix: use an IANA zone name, e.g. Asia/Shanghai',
    ]);
  });

  it('parseConfig throws a ConfigError listing every problem of every file', () => {
    const dir = configDir(
      [
        'sendAt: 9am',
        'cycles:',
        '  - id: half-yearly',
        '    name: x',
        '    source: 三(一)',
        '    due: [02-30]',
        '    submitTo: 省泛珠办',
        '    start: 2017H1',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'contacts.yaml'), 'coordinators:\n  - name: 王五\n    email: not-an-address\n');
    let err: unknown;
    try {
      parseConfig(dir, { catalog, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line} ${p.path}`);
    expect(lines).toEqual([
      'pprd.yaml:1 sendAt',
      'pprd.yaml:6 cycles[0].due[0]',
      'contacts.yaml:3 coordinators[0].email',
    ]);
    expect((err as ConfigError).message.split('\n')[0]).toBe('invalid configuration (3 problems):');
  });

  it('reports a broken directory once, not again as "unknown agency" in contacts.yaml', () => {
    const dir = configDir();
    writeFileSync(join(dir, 'contacts.yaml'), readFileSync('config/contacts.yaml', 'utf8'));
    const agencies = readFileSync('config/agencies.yaml', 'utf8').replace(
      'aliases: [省发改委, 发展改革委]',
      'aliases: [省发改委, 发展改革委, 交通运输厅]',
    );
    writeFileSync(join(dir, 'agencies.yaml'), agencies);
    const { problems } = loadConfig(dir, { catalog, env: {} });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`)).toEqual([
      `${join(dir, 'agencies.yaml')}:50 agencies[12].aliases[0]: "交通运输厅" already names 省发展改革委`,
    ]);
  });

  it('reports a missing pprd.yaml as a problem', () => {
    const dir = configDir();
    const { problems } = loadConfig(join(dir, 'nowhere'), { env: {} });
    expect(problems[0].file).toBe(join(dir, 'nowhere', 'pprd.yaml'));
    expect(problems[0].message).toBe('cannot read file: ENOENT');
  });
});
