import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../src/config/agencies.ts';
import { SEED_DIRECTORY } from './helpers/catalogFixture.ts';

describe('loadDirectory (config/agencies.yaml)', () => {
  it('loads the shipped directory: every entry has a full name', () => {
    const { directory, problems } = loadDirectory(SEED_DIRECTORY);
    expect(problems).toEqual([]);
    // the 63 single bodies the clauses name, the two recipients of reports (省泛珠办, 省政府) and the
    // 14 successors of the 2018 reform and later (省市场监管局…) that are not among the 63
    expect(directory).toHaveLength(79);
    expect(directory.filter((e) => e.successor)).toHaveLength(20);
    expect(directory.filter((e) => !e.fullName)).toEqual([]);
    expect(directory.find((e) => e.name === '省住房城乡建设厅')).toEqual({
      name: '省住房城乡建设厅',
      fullName: '广东省住房和城乡建设厅',
      aliases: ['省城乡住房建设厅', '城乡住房建设厅', '省住建厅'],
    });
  });

  it('reports a name claimed by two agencies, with its line', () => {
    const text = [
      'agencies:',
      '  - name: 省财政厅',
      '    aliases: [财政厅]',
      '  - name: 省教育厅',
      '    aliases:',
      '      - 财政厅',
      '',
    ].join('\n');
    expect(loadDirectory('a.yaml', text)).toEqual({
      directory: [],
      problems: [
        {
          file: 'a.yaml',
          line: 6,
          column: 9,
          path: 'agencies[1].aliases[0]',
          message: '"财政厅" already names 省财政厅',
          fix: 'give each name, full name and alias to one agency only',
        },
      ],
    });
  });

  it('reports schema and syntax errors with their lines', () => {
    const schema = loadDirectory('a.yaml', 'agencies:\n  - name: 省财政厅\n    fullname: 广东省财政厅\n');
    expect(schema.problems.map((p) => [p.line, p.path])).toEqual([[3, 'agencies[0].fullname']]);
    expect(schema.problems[0].message).toMatch(/fullname/);
    const syntax = loadDirectory('a.yaml', 'agencies:\n  - name: [省财政厅\n');
    expect(syntax.problems[0]).toMatchObject({ file: 'a.yaml', message: expect.stringMatching(/^YAML syntax error/) });
    expect(syntax.directory).toEqual([]);
  });

  it('reports a missing file', () => {
    expect(loadDirectory('/nonexistent/agencies.yaml').problems[0]).toMatchObject({
      file: '/nonexistent/agencies.yaml',
      message: 'cannot read file: ENOENT',
    });
  });
});
