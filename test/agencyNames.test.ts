import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agencyNameKey, findAgency, suggestNames } from '../src/catalog/index.ts';
import { loadContacts, loadDirectory, readYamlFile, validatePprd } from '../src/config/index.ts';
import { nearestKey } from '../src/config/yamlFile.ts';
import { projectPath } from './helpers/catalogFixture.ts';
import { runCli } from './helpers/runCli.ts';
import { slackWorld } from './helpers/slackWorld.ts';
import { tempDir } from './helpers/tempDb.ts';

/** One agency-name resolver (issue 10): the parser, findAgency, config cycles, robots and contacts compare names alike. */
describe('one agency-name resolver', () => {
  const { catalog, services } = slackWorld('2021-01-08T10:00:00+08:00');
  const { directory } = loadDirectory('config/agencies.yaml');

  it('a misspelt 省交通厅 gets 省交通运输厅 as its first suggestion (issue 14 item 5), in the CLI and in Slack', async () => {
    const m = findAgency(catalog, '省交通厅');
    expect(m.agency).toBeNull();
    // one ranking (suggestNames): the abbreviation match alone, not padded with other 省…厅 two edits away
    expect(m.agency ? [] : m.suggestions).toEqual(['省交通运输厅']);
    const answer = await services.agency('省交通厅');
    expect(answer.found ? [] : answer.suggestions).toEqual(['省交通运输厅']);
    // names containing the query still come first
    expect(
      findAgency(catalog, '省商务').agency
        ? []
        : (findAgency(catalog, '省商务') as { suggestions: string[] }).suggestions,
    ).toEqual(['省商务厅']);
  });

  it('one normalisation: white space, full-width punctuation and traditional characters', () => {
    expect(agencyNameKey(' 廣東省 交通運輸廳（港口）')).toBe('广东省交通运输厅(港口)');
    expect(findAgency(catalog, '廣東省交通運輸廳')).toMatchObject({
      agency: { name: '省交通运输厅' },
      matchedBy: 'fullName',
    });
    expect(findAgency(catalog, '省 交通运输厅')).toMatchObject({ agency: { name: '省交通运输厅' }, matchedBy: 'name' });
  });

  it('contacts.yaml and pprd.yaml resolve the names findAgency resolves (before: exact spelling only)', () => {
    const contacts = loadContacts(
      'config/contacts.yaml',
      directory,
      'coordinators: []\nagencies:\n  廣東省交通運輸廳:\n    - { name: 联络人, email: jtt@example.org }\n  省 财政厅:\n    - { name: 财政, email: czt@example.org }\n',
    );
    expect(contacts.problems).toEqual([]);
    expect(Object.keys(contacts.contacts.agencies)).toEqual(['省交通运输厅', '省财政厅']);

    const pprd = validatePprd(
      readYamlFile(
        'config/pprd.yaml',
        'robots:\n  - name: jtt\n    kind: wecom\n    urlEnv: JTT_URL\n    agency: 廣東省交通運輸廳\n',
      ),
      { catalog, directory },
    );
    expect(pprd.problems).toEqual([]);
    expect(pprd.value!.robots![0].agencies).toEqual(['省交通运输厅']);
  });
});

describe('found by a new-user trial and a tester: one "did you mean" rule for agency names and config keys', () => {
  const t = tempDir('pprd-suggest-');
  afterAll(() => t.cleanup());

  it('suggestNames: abbreviations (省市监局, 省文旅厅) find the body; the order of the list does not change the answer', () => {
    const names = ['省质监局', '省市场监管局', '省安全监管局', '省文化厅', '省文化和旅游厅', '省财政厅'];
    const candidates = names.map((name) => ({ name, keys: [name] }));
    for (const list of [candidates, [...candidates].reverse()]) {
      expect(suggestNames('省市监局', list, 3, agencyNameKey)).toEqual(['省市场监管局']);
      expect(suggestNames('省文旅厅', list, 3, agencyNameKey)).toEqual(['省文化和旅游厅']);
    }
    // config keys go through the same ranking, case ignored
    expect(
      ['emial', 'remindrs', 'catchupDays', 'holiday', 'zzz'].map((k) =>
        nearestKey(k, ['email', 'name', 'reminders', 'catchUpDays', 'holidays']),
      ),
    ).toEqual(['email', 'reminders', 'catchUpDays', 'holidays', undefined]);
  });

  it('found by a tester: short queries get no unrelated names (省发改, 省商务, xx); the edit budget grows with length', async () => {
    const { catalog } = slackWorld('2021-01-08T10:00:00+08:00');
    const names = (q: string) => {
      const m = findAgency(catalog, q);
      return m.agency ? [m.agency.name] : m.suggestions;
    };
    // before: 省发展改革委、省编办、省外办 and 省商务厅、省工商局、省编办
    expect(names('省发改')).toEqual(['省发展改革委']);
    expect(names('省商务')).toEqual(['省商务厅']);
    // 1 edit up to 4 characters (a swap of neighbours is one edit)
    const list = ['id', 'name', 'email', 'reminders', 'catchUpDays'].map((k) => ({ name: k, keys: [k] }));
    const lower = (s: string) => s.toLowerCase();
    expect(suggestNames('xx', list, 3, lower)).toEqual([]);
    expect(suggestNames('ix', list, 3, lower)).toEqual(['id']);
    expect(suggestNames('nmea', list, 3, lower)).toEqual([]);
    expect(suggestNames('nmae', list, 3, lower)).toEqual(['name']);
    // ⌊9 / 3⌋ = 3 edits for a 9-character query
    expect(suggestNames('ramendrrs', list, 3, lower)).toEqual(['reminders']);
    expect(suggestNames('rxmxndxxs', list, 3, lower)).toEqual([]);
  });

  it('pprd deadlines --agency, pprd agency, pprd link --calendar and pprd config check suggest the same names (before: two rankings, 5 or 3 names)', async () => {
    const dir = join(t.dir, 'config');
    cpSync(projectPath('config'), dir, { recursive: true });
    const contacts = join(dir, 'contacts.yaml');
    writeFileSync(
      contacts,
      readFileSync(contacts, 'utf8')
        .replace('  省交通运输厅:\n', '  省文旅厅:\n')
        .replace('  省商务厅:\n', '  省市监局:\n'),
    );
    const env = {
      PPRD_DB: join(t.dir, 'pprd.sqlite'),
      PPRD_CONFIG: projectPath('config'),
      PPRD_NOW: '2026-12-01T09:00:00+08:00',
      PPRD_LINK_SECRET: 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f',
      PPRD_PUBLIC_URL: 'https://pprd.example.gov.cn/',
    };
    expect((await runCli(['import'], env)).code).toBe(0);
    const expected = {
      省文旅厅: 'did you mean 省文化和旅游厅?',
      省市监局: 'did you mean 省市场监管局?',
    };
    for (const [name, hint] of Object.entries(expected)) {
      const deadlines = await runCli(['deadlines', '--agency', name], env);
      expect([deadlines.code, deadlines.err]).toEqual([2, `pprd: unknown agency "${name}" — fix: ${hint}\n`]);
      const agency = await runCli(['agency', name], env);
      expect([agency.code, agency.err]).toEqual([2, `pprd: no agency "${name}" in 粤府〔2017〕8号 — fix: ${hint}\n`]);
      const link = await runCli(['link', '--coordinator', '省泛珠办 协调员一', '--calendar', name], env);
      expect([link.code, link.err]).toEqual([2, `pprd: no agency named "${name}" in 粤府〔2017〕8号 — fix: ${hint}\n`]);
    }
    // found by a tester: an empty or blank agency is refused alike everywhere (deadlines and status listed all 57)
    const refusals = [];
    for (const args of [
      ['agency', ' '],
      ['deadlines', '--agency', ''],
      ['status', '--agency', ' '],
      ['preview', '--from', '2026-12-01', '--to', '2026-12-31', '--agency', ''],
      ['submit', '--agency', '', '--cycle', 'half-yearly', '--period', '2026H2'],
      ['link', '--coordinator', '省泛珠办 协调员一', '--calendar', ''],
    ]) {
      const r = await runCli(args, env);
      refusals.push([
        r.code,
        r.out,
        r.err.split('\n')[0].replace(/^error: .* is invalid( for argument 'name')?[.] /, ''),
      ]);
    }
    expect(refusals).toEqual(
      Array(6).fill([2, '', 'the agency name is empty — fix: name an agency as `pprd agencies` lists it']),
    );
    const check = await runCli(['config', 'check', '--json'], { ...env, PPRD_CONFIG: dir });
    const problems = (JSON.parse(check.out) as { problems: { message: string }[] }).problems.map((p) => p.message);
    expect(problems).toEqual([
      `unknown agency "省市监局": not in the directory (${dir}/agencies.yaml) (${expected.省市监局})`,
      `unknown agency "省文旅厅": not in the directory (${dir}/agencies.yaml) (${expected.省文旅厅})`,
    ]);
  });
});
