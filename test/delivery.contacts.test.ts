import { describe, expect, test } from 'vitest';
import { createSuccession } from '../src/catalog/index.ts';
import { loadDirectory } from '../src/config/agencies.ts';
import { agenciesWithoutContact, loadContacts } from '../src/config/contacts.ts';
import { openStore } from '../src/store/index.ts';
import { importRealCatalog } from './helpers/deliveryWorld.ts';

const { directory } = loadDirectory('config/agencies.yaml');
const FILE = 'config/contacts.yaml';

describe('config/contacts.yaml as shipped', () => {
  test("one placeholder contact under pprd.example.org for every non-group agency that owes reports today (the document's, or its successor), two coordinators", () => {
    const { contacts, problems } = loadContacts(FILE, directory);
    expect(problems).toEqual([]);
    const db = openStore(':memory:');
    const catalog = importRealCatalog(db);
    db.close();
    const agencies = catalog.agencies.filter((a) => !a.group).map((a) => a.name);
    expect(agencies).toHaveLength(63);
    // issue 14 item 1: the 63 bodies of 2017 are 57 today (省工商局, 省质监局, 省食品药品监管局 -> 省市场监管局 …)
    const today = createSuccession(directory).allAt(agencies, '2026-12-01');
    expect(today).toHaveLength(57);
    expect(agenciesWithoutContact(contacts, today)).toEqual([]);
    expect(Object.keys(contacts.agencies).sort()).toEqual([...today].sort());
    const emails = Object.values(contacts.agencies)
      .flat()
      .map((c) => c.email);
    expect(new Set(emails).size).toBe(57);
    expect(emails.every((e) => e.endsWith('@pprd.example.org'))).toBe(true);
    expect(contacts.agencies.省发展改革委).toEqual([
      { name: '省发展改革委联络人', email: 'sfgw@pprd.example.org', language: 'zh-CN' },
    ]);
    expect(contacts.coordinators.map((c) => c.email)).toEqual([
      'coordinator1@pprd.example.org',
      'coordinator2@pprd.example.org',
    ]);
  });
});

describe('bad contacts: every problem with file, line, field and fix', () => {
  test('CR/LF in a name, LF in an address, an invalid address, an unknown agency, a bad language, an unknown field', () => {
    const text = [
      'coordinators:', // 1
      '  - name: "王五\\r\\nBcc: all@pprd.example.org"', // 2
      '    email: coordinator@pprd.example.org', // 3
      'agencies:', // 4
      '  省发改委:', // 5
      '    - name: 甲', // 6
      '      email: "a@pprd.example.org\\nBcc: x@evil.example.com"', // 7
      '  不存在厅:', // 8
      '    - name: 乙', // 9
      '      email: b@pprd.example.org', // 10
      '  省交通运输厅:', // 11
      '    - name: 丙', // 12
      '      email: not-an-address', // 13
      '      language: fr', // 14
      '      phone: "123"', // 15
    ].join('\n');
    const { problems } = loadContacts(FILE, directory, text);
    const brief = problems.map((p) => `${p.line} ${p.path}: ${p.message}`).sort();
    expect(brief).toEqual(
      [
        '2 coordinators[0].name: name contains a control character (CR, LF or similar)',
        '7 agencies.省发改委[0].email: email contains a control character (CR, LF or similar)',
        '8 agencies.不存在厅: unknown agency "不存在厅": not in the directory (config/agencies.yaml)',
        '13 agencies.省交通运输厅[0].email: email is not a valid address',
        '14 agencies.省交通运输厅[0].language: language must be zh-CN or en',
        '15 agencies.省交通运输厅[0].phone: unknown key "phone"',
      ].sort(),
    );
    for (const p of problems) {
      expect(p.file).toBe(FILE);
      expect(p.fix.length).toBeGreaterThan(10);
    }
    expect(problems.find((p) => p.path.endsWith('email') && p.line === 13)!.fix).toContain('sfgw@pprd.example.org');
  });

  test('a full or alias name maps to the canonical one; an empty list means no contact', () => {
    const text = [
      'agencies:',
      '  广东省发展和改革委员会:',
      '    - { name: 甲, email: a@pprd.example.org }',
      '  省发改委:',
      '    - { name: 乙, email: b@pprd.example.org, language: en }',
      '  省教育厅: []',
    ].join('\n');
    const { contacts, problems } = loadContacts(FILE, directory, text);
    expect(problems).toEqual([]);
    expect(contacts.agencies.省发展改革委.map((c) => `${c.name}:${c.language}`)).toEqual(['甲:zh-CN', '乙:en']);
    expect(agenciesWithoutContact(contacts, ['省发展改革委', '省教育厅', '省财政厅'])).toEqual([
      '省教育厅',
      '省财政厅',
    ]);
  });

  test('a YAML syntax error and a missing file are problems, not exceptions', () => {
    expect(loadContacts(FILE, directory, 'agencies:\n  省教育厅: [\n').problems[0]).toMatchObject({
      file: FILE,
      message: expect.stringContaining('YAML syntax error'),
    });
    expect(loadContacts('config/nope.yaml', directory).problems[0]).toMatchObject({
      file: 'config/nope.yaml',
      message: 'cannot read file: ENOENT',
    });
  });
});
