import { describe, expect, it } from 'vitest';
import { agencyNameKey, findAgency } from '../src/catalog/index.ts';
import { loadContacts, loadDirectory, readYamlFile, validatePprd } from '../src/config/index.ts';
import { slackWorld } from './helpers/slackWorld.ts';

/** One agency-name resolver (issue 10): the parser, findAgency, config cycles, robots and contacts compare names alike. */
describe('one agency-name resolver', () => {
  const { catalog, services } = slackWorld('2021-01-08T10:00:00+08:00');
  const { directory } = loadDirectory('config/agencies.yaml');

  it('a misspelt 省交通厅 gets 省交通运输厅 as its first suggestion (issue 14 item 5), in the CLI and in Slack', async () => {
    const m = findAgency(catalog, '省交通厅');
    expect(m.agency).toBeNull();
    expect(m.agency ? [] : m.suggestions).toEqual([
      '省交通运输厅',
      '省国土资源厅',
      '省住房城乡建设厅',
      '省商务厅',
      '省水利厅',
    ]);
    const answer = await services.agency('省交通厅');
    expect(answer.found ? [] : answer.suggestions).toEqual([
      '省交通运输厅',
      '省国土资源厅',
      '省住房城乡建设厅',
      '省商务厅',
      '省水利厅',
      '省环境保护厅',
      '省科技厅',
      '省农业厅',
      '省人力资源社会保障厅',
      '省教育厅',
    ]);
    // names containing the query still come first
    expect(
      findAgency(catalog, '省商务').agency
        ? []
        : (findAgency(catalog, '省商务') as { suggestions: string[] }).suggestions,
    ).toEqual(['省商务厅', '省工商局', '省外办', '省编办']);
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
