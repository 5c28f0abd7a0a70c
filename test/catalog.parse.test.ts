import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogParseError, findAgency, parseDocument, readDocument } from '../src/catalog/index.ts';
import { directoryOf, realCatalog, SEED_DIRECTORY, SEED_DOCUMENT } from './helpers/catalogFixture.ts';

const catalog = realCatalog();
const task = (id: string) => {
  const t = catalog.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};
const join = (xs: string[]) => xs.join('、');

/**
 * Every paragraph's clause of 粤府〔2017〕8号, read by hand from the text:
 * [paragraph, leads joined by 、, supports joined by 、]. Checked against the seeds/ file, clause by clause.
 */
const EXPECTED: Record<string, [number, string, string][]> = {
  '1': [
    [
      1,
      '省发展改革委',
      '省经济和信息化委、省国土资源厅、省住房城乡建设厅、省商务厅、省海洋与渔业厅、省交通运输厅、省港澳办、有关地级以上市政府',
    ],
    [2, '省发展改革委', '省交通运输厅、省水利厅、省环境保护厅、交通运输部珠江航务管理局'],
    [3, '省发展改革委', '有关地级以上市政府'],
  ],
  '2': [
    [1, '省经济和信息化委', '省商务厅、省科技厅、省住房城乡建设厅、有关地级以上市政府'],
    [2, '省发展改革委', '省商务厅、省港澳办'],
    [3, '省农业厅', '省海洋与渔业厅'],
  ],
  '3': [
    [1, '省商务厅', '省经济和信息化委、省发展改革委'],
    [2, '省发展改革委', '省有关单位、有关地级以上市政府'],
  ],
  '4': [
    [1, '', '省发展改革委、省经济和信息化委、省人力资源社会保障厅、省商务厅、省国资委、省工商局、省金融办'],
    [2, '', '省食品药品监管局、省质监局、省工商局'],
    [3, '省工商局', '省发展改革委、省质监局、省食品药品监管局'],
    [4, '省法制办', '省工商局'],
  ],
  '5': [[1, '省发展改革委', '省社会信用体系建设统筹协调小组成员单位']],
  '6': [[1, '', '省口岸办、省质监局、海关广东分署、广东出入境检验检疫局、深圳出入境检验检疫局、珠海出入境检验检疫局']],
  '7': [
    [1, '省发展改革委、省交通运输厅', ''],
    [2, '省发展改革委、省交通运输厅', '广铁集团'],
    [3, '省交通运输厅', '省发展改革委'],
    [4, '', '省交通运输厅、省发展改革委、交通运输部珠江航务管理局、有关地级以上市政府'],
    [5, '', '民航中南管理局、省发展改革委、省机场管理集团、深圳机场集团'],
  ],
  '8': [[1, '省发展改革委', '省国土资源厅、省水利厅']],
  '9': [
    [1, '省水利厅、水利部珠江水利委员会', '省发展改革委、省经济和信息化委、省国土资源厅、省环境保护厅、省海洋与渔业厅'],
  ],
  '10': [[1, '省通信管理局', '省经济和信息化委、省发展改革委']],
  '11': [[1, '省科技厅', '省发展改革委、省经济和信息化委、省教育厅、省住房城乡建设厅、省科学院、有关地级以上市政府']],
  '12': [[1, '', '省发展改革委、省知识产权局、省工商局、省版权局、省人力资源社会保障厅、省科技厅、广州市政府']],
  '13': [
    [1, '省教育厅', '省发展改革委、省人力资源社会保障厅'],
    [2, '省文化厅', '省发展改革委、省新闻出版广电局、省体育局'],
  ],
  '14': [[1, '省卫生计生委、省食品药品监管局', '省发展改革委、省公安厅、省人力资源社会保障厅、省农业厅、省质监局']],
  '15': [[1, '省人力资源社会保障厅', '省委组织部、省发展改革委、省公安厅、省卫生计生委、省总工会']],
  '16': [[1, '省扶贫办', '省有关单位、广州市政府、深圳市政府、佛山市政府、中山市政府、东莞市政府、珠海市政府']],
  '17': [[1, '省旅游局', '省发展改革委、省公安厅、省工商局、省质监局']],
  '18': [
    [
      1,
      '',
      '省公安厅、省司法厅、省海防打私办、省民政厅、省人力资源社会保障厅、省环境保护厅、省交通运输厅、省卫生计生委、省安全监管局、省总工会',
    ],
  ],
  '19': [[1, '省发展改革委、省商务厅、省交通运输厅', '省外办、省国资委']],
  '20': [[1, '省自贸办', '省有关单位、广州市政府、深圳市政府、珠海市政府']],
  '21': [
    [
      1,
      '省口岸办',
      '省发展改革委、省交通运输厅、省商务厅、海关广东分署、广东出入境检验检疫局、深圳出入境检验检疫局、珠海出入境检验检疫局、广州市政府',
    ],
  ],
  '22': [
    [
      1,
      '省环境保护厅',
      '省水利厅、省发展改革委、省经济和信息化委、省国土资源厅、省交通运输厅、省海洋与渔业厅、水利部珠江水利委员会、有关地级以上市政府',
    ],
  ],
  '23': [[1, '省环境保护厅', '省发展改革委、省经济和信息化委、省科技厅、省交通运输厅、省公安厅、省港澳办']],
  '24': [[1, '省环境保护厅、省国土资源厅', '省发展改革委、省林业厅、省水利厅、省住房城乡建设厅']],
  '25': [[1, '省环境保护厅', '省发展改革委、省住房城乡建设厅、省财政厅']],
  '26': [
    [
      1,
      '省发展改革委、省交通运输厅',
      '省经济和信息化委、省国土资源厅、省港澳办、省商务厅、省水利厅、省国资委、省自贸办、省旅游局、省口岸办、省通信管理局、海关广东分署、广东出入境检验检疫局、深圳出入境检验检疫局、珠海出入境检验检疫局、省机场管理集团、深圳机场集团、广铁集团、深圳市政府、珠海市政府',
    ],
  ],
  '27': [
    [1, '省商务厅', '省发展改革委、省经济和信息化委、省港澳办'],
    [2, '', '省发展改革委、省商务厅、省金融办、省港澳办、省司法厅、深圳市政府'],
    [3, '', '省科技厅、省商务厅、省文化厅、省港澳办、省工商局、省知识产权局、省版权局、深圳市政府'],
    [4, '', '省商务厅、省旅游局、省港澳办、省中医药局'],
    [5, '省旅游局', '省公安厅、省口岸办'],
  ],
  '28': [[1, '省发展改革委', '省商务厅、省港澳办、省人力资源社会保障厅、有关地级以上市政府']],
  '29': [
    [
      1,
      '',
      '省人力资源社会保障厅、省民政厅、省教育厅、省港澳办、省发展改革委、省文化厅、省新闻出版广电局、省商务厅、省食品药品监管局、省经济和信息化委、省质监局、人民银行广州分行',
    ],
  ],
  '30': [
    [
      1,
      '省港澳办',
      '省发展改革委、省经济和信息化委、省商务厅、省民政厅、省发展研究中心、团省委、广州市政府、深圳市政府、珠海市政府',
    ],
  ],
  G1: [[1, '省发展改革委', '省编办、省推进泛珠三角区域合作工作协调领导小组成员单位、有关地级以上市政府']],
  G2: [[1, '省发展改革委', '']],
  G3: [[1, '省发展改革委', '省财政厅、省经济和信息化委、省商务厅']],
  G4: [[1, '省发展改革委', '省有关单位、有关地级以上市政府']],
};

describe('parseDocument on 粤府〔2017〕8号', () => {
  it('reads the header', () => {
    expect(catalog.document).toEqual({
      number: '粤府〔2017〕8号',
      issuer: '广东省人民政府',
      issued: '2017-01-20',
      title: '广东省深化泛珠三角区域合作实施意见',
    });
  });

  it('finds tasks 1-30 then G1-G4, in document order', () => {
    expect(catalog.tasks.map((t) => t.id)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => String(i + 1)),
      'G1',
      'G2',
      'G3',
      'G4',
    ]);
  });

  it('puts each task in its section 二(一)..二(八), 三(一)..三(四)', () => {
    const bySection = (s: string) => catalog.tasks.filter((t) => t.section === s).map((t) => t.id);
    expect(bySection('二(一)')).toEqual(['1', '2', '3']);
    expect(bySection('二(二)')).toEqual(['4', '5', '6']);
    expect(bySection('二(三)')).toEqual(['7', '8', '9', '10']);
    expect(bySection('二(四)')).toEqual(['11', '12']);
    expect(bySection('二(五)')).toEqual(['13', '14', '15', '16', '17', '18']);
    expect(bySection('二(六)')).toEqual(['19', '20', '21']);
    expect(bySection('二(七)')).toEqual(['22', '23', '24', '25']);
    expect(bySection('二(八)')).toEqual(['26', '27', '28', '29', '30']);
    expect(['三(一)', '三(二)', '三(三)', '三(四)'].map(bySection)).toEqual([['G1'], ['G2'], ['G3'], ['G4']]);
    expect(task('1').sectionTitle).toBe('深化区域经济合作发展');
    expect(task('26').sectionTitle).toBe('深化粤港澳合作');
  });

  it('reads titles', () => {
    expect(task('1').title).toBe('优化区域经济发展格局');
    expect(task('7').title).toBe('共建现代化综合交通运输体系');
    expect(task('19').title).toBe('积极融入“一带一路”建设');
    expect(task('30').title).toBe('开展多层次合作交流');
    expect(catalog.tasks.slice(30).map((t) => t.title)).toEqual([
      '加强统筹协调',
      '创新合作机制',
      '建立合作资金支持机制',
      '强化督促落实',
    ]);
  });

  it('lets a task run over its paragraphs until the next number', () => {
    expect(task('1').paragraphs).toHaveLength(3);
    expect(task('7').paragraphs).toHaveLength(5);
    expect(task('7').paragraphs[1].startsWith('铁路方面。')).toBe(true);
    expect(task('27').paragraphs).toHaveLength(5);
    expect(task('4').paragraphs).toHaveLength(4);
    expect(task('G1').paragraphs).toHaveLength(1);
    expect(task('G1').paragraphs[0].startsWith('充分发挥省推进泛珠三角区域合作工作协调领导小组作用')).toBe(true);
    // 86 lines: 7 of header and preamble, 1+13 of 一, 1+8 headings of 二, 1+4 headings of 三 -> 51 task paragraphs.
    expect(catalog.tasks.reduce((n, t) => n + t.paragraphs.length, 0)).toBe(51);
  });

  it('gives every paragraph its lead and support lists as the text means them', () => {
    const actual = Object.fromEntries(
      catalog.tasks.map((t) => [t.id, t.assignments.map((a) => [a.paragraph, join(a.lead), join(a.support)])]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('task 7: first clause leads 省发展改革委 and 省交通运输厅, no support; source lines recorded', () => {
    const a = task('7').assignments[0];
    expect(a).toEqual({ paragraph: 1, line: 40, lead: ['省发展改革委', '省交通运输厅'], support: [] });
    expect(task('7').assignments.map((x) => x.line)).toEqual([40, 41, 42, 43, 44]);
  });

  it('task 6: no lead (nobody promoted), support in text order with 海关广东分署 and three inspection bureaus', () => {
    expect(task('6').assignments).toEqual([
      {
        paragraph: 1,
        line: 38,
        lead: [],
        support: [
          '省口岸办',
          '省质监局',
          '海关广东分署',
          '广东出入境检验检疫局',
          '深圳出入境检验检疫局',
          '珠海出入境检验检疫局',
        ],
      },
    ]);
  });

  it('task 26: the list starting 海关广东分署,广东、深圳、珠海出入境检验检疫局 yields those four agencies', () => {
    const s = task('26').assignments[0].support;
    const i = s.indexOf('海关广东分署');
    expect(s.slice(i, i + 4)).toEqual([
      '海关广东分署',
      '广东出入境检验检疫局',
      '深圳出入境检验检疫局',
      '珠海出入境检验检疫局',
    ]);
    expect(s.slice(i - 1, i)).toEqual(['省通信管理局']);
    expect(s.slice(-5)).toEqual(['省机场管理集团', '深圳机场集团', '广铁集团', '深圳市政府', '珠海市政府']);
    expect(s).toHaveLength(19);
  });

  it('task 15 keeps 省委组织部 and 省总工会 as written; task 30 团省委', () => {
    expect(task('15').assignments[0].support).toEqual([
      '省委组织部',
      '省发展改革委',
      '省公安厅',
      '省卫生计生委',
      '省总工会',
    ]);
    expect(task('30').assignments[0].support).toContain('团省委');
    expect(task('30').assignments[0].support).toContain('省发展研究中心');
  });

  it('task 16 expands 广州、深圳、佛山、中山、东莞、珠海市政府 into six city governments', () => {
    expect(task('16').assignments[0].support).toEqual([
      '省有关单位',
      '广州市政府',
      '深圳市政府',
      '佛山市政府',
      '中山市政府',
      '东莞市政府',
      '珠海市政府',
    ]);
  });

  it('task 25 maps the variant 城乡住房建设厅 to 省住房城乡建设厅', () => {
    expect(task('25').paragraphs[0]).toContain('城乡住房建设厅');
    expect(task('25').assignments[0].support).toEqual(['省发展改革委', '省住房城乡建设厅', '省财政厅']);
    expect(catalog.agencies.map((a) => a.name)).not.toContain('省城乡住房建设厅');
  });

  it('G2 has a lead only', () => {
    expect(task('G2').assignments).toEqual([{ paragraph: 1, line: 82, lead: ['省发展改革委'], support: [] }]);
  });

  it('does not take parentheses inside sentences for clauses', () => {
    // 中国(广东)自由贸易试验区, (CEPA), (2016-2020), 广安(深圳)产业园, 示范城市(群) are all in the text.
    for (const t of catalog.tasks)
      for (const a of t.assignments)
        for (const n of [...a.lead, ...a.support]) expect(n).not.toMatch(/[()（）]|CEPA|广东\)/);
    expect(task('23').paragraphs[0]).toContain('PM2?5');
    expect(task('23').assignments).toHaveLength(1);
  });

  it('lists exactly the names the clauses use, first use first, groups marked, with full names', () => {
    const used: string[] = [];
    for (const t of catalog.tasks)
      for (const a of t.assignments) for (const n of [...a.lead, ...a.support]) if (!used.includes(n)) used.push(n);
    expect(catalog.agencies.map((a) => a.name)).toEqual(used);
    expect(catalog.agencies).toHaveLength(67);
    expect(catalog.agencies.filter((a) => a.group).map((a) => a.name)).toEqual([
      '有关地级以上市政府',
      '省有关单位',
      '省社会信用体系建设统筹协调小组成员单位',
      '省推进泛珠三角区域合作工作协调领导小组成员单位',
    ]);
    const byName = (n: string) => catalog.agencies.find((a) => a.name === n);
    expect(byName('省发展改革委')?.fullName).toBe('广东省发展和改革委员会');
    expect(byName('省交通运输厅')?.fullName).toBe('广东省交通运输厅');
    expect(byName('省经济和信息化委')?.fullName).toBe('广东省经济和信息化委员会');
    expect(byName('有关地级以上市政府')).toEqual({ name: '有关地级以上市政府', group: true });
    expect(catalog.agencies.map((a) => a.name)).not.toContain('省泛珠办');
    expect(catalog.warnings).toEqual([]);
  });

  it('finds the 2020 targets: the four goals of 一(三) and task 7 high-speed rail', () => {
    expect(catalog.targets.map((t) => [t.id, t.deadline, t.task, t.responsible])).toEqual([
      ['T1', '2020-12-31', null, []],
      ['T2', '2020-12-31', null, []],
      ['T3', '2020-12-31', null, []],
      ['T4', '2020-12-31', null, []],
      ['T5', '2020-12-31', '7', ['省发展改革委', '省交通运输厅']],
    ]);
    expect(catalog.targets.map((t) => t.text.split('。')[0])).toEqual([
      '紧密合作格局基本形成',
      '经济发展深度融合',
      '社会发展共享共治',
      '合作机制进一步完善',
      '规划建设服务和辐射泛珠合作各方的高快速铁路网和高速公路网,实现到2020年内地九省区省会城市高速铁路互联互通',
    ]);
    // 《珠江水运科学发展行动计划(2016-2020)》 names a plan's period, not a target.
    expect(catalog.targets.some((t) => t.text.includes('2016-2020'))).toBe(false);
  });

  it('finds the reporting obligations of G1 and G4', () => {
    expect(catalog.obligations).toEqual([
      {
        id: 'O1',
        text: '各地、各部门要及时梳理与泛珠各方相关的合作事项,于每年6月底和12月底前报送省泛珠办',
        who: ['各地、各部门'],
        to: '省泛珠办',
        due: ['06-30', '12-31'],
        task: 'G1',
      },
      {
        id: 'O2',
        text: '加强督促检查,定期向省政府报告进展情况',
        who: ['省发展改革委'],
        to: '省政府',
        due: null,
        task: 'G4',
      },
    ]);
  });

  it('reads the same catalog from full-width punctuation, CRLF line endings and a final newline', () => {
    const text = readFileSync(SEED_DOCUMENT, 'utf8')
      .replace(/,/g, '，')
      .replace(/\(/g, '（')
      .replace(/\)/g, '）')
      .replace(/\n/g, '\r\n');
    const wide = parseDocument(`${text}\r\n`, directoryOf(SEED_DIRECTORY));
    expect(wide.tasks.map((t) => t.assignments)).toEqual(catalog.tasks.map((t) => t.assignments));
    expect(wide.agencies).toEqual(catalog.agencies);
    expect(wide.targets.map((t) => [t.id, t.deadline, t.task, t.responsible])).toEqual(
      catalog.targets.map((t) => [t.id, t.deadline, t.task, t.responsible]),
    );
    expect(wide.obligations.map((o) => [o.who, o.to, o.due])).toEqual(
      catalog.obligations.map((o) => [o.who, o.to, o.due]),
    );
  });

  it('without a directory, expands names the same way and warns about each (only the alias differs)', () => {
    const bare = parseDocument(readFileSync(SEED_DOCUMENT, 'utf8'), []);
    const diff = bare.tasks.flatMap((t, i) =>
      t.assignments
        .filter((a, j) => JSON.stringify(a) !== JSON.stringify(catalog.tasks[i].assignments[j]))
        .map((a) => [t.id, a.support]),
    );
    expect(diff).toEqual([['25', ['省发展改革委', '省城乡住房建设厅', '省财政厅']]]);
    expect(bare.warnings).toHaveLength(64); // 68 names - 4 groups
    expect(bare.warnings).toContain('海关广东分署');
  });
});

describe('findAgency', () => {
  it('resolves canonical, full and alias names', () => {
    expect(findAgency(catalog, '省交通运输厅')).toMatchObject({ agency: { name: '省交通运输厅' }, matchedBy: 'name' });
    expect(findAgency(catalog, '广东省交通运输厅')).toMatchObject({
      agency: { name: '省交通运输厅' },
      matchedBy: 'fullName',
    });
    expect(findAgency(catalog, '城乡住房建设厅')).toMatchObject({
      agency: { name: '省住房城乡建设厅' },
      matchedBy: 'alias',
    });
    expect(findAgency(catalog, '省发改委')).toMatchObject({ agency: { name: '省发展改革委' }, matchedBy: 'alias' });
    expect(findAgency(catalog, ' 广东省发展和改革委员会 ')).toMatchObject({ agency: { name: '省发展改革委' } });
  });

  it('resolves a name without its 省 prefix when exactly one agency fits', () => {
    expect(findAgency(catalog, '水利厅')).toMatchObject({ agency: { name: '省水利厅' }, matchedBy: 'prefix' });
  });

  it('suggests near misses', () => {
    expect(findAgency(catalog, '省交通运输局')).toEqual({ agency: null, suggestions: ['省交通运输厅'] });
    expect(findAgency(catalog, '完全无关的名字')).toEqual({ agency: null, suggestions: [] });
  });
});

describe('parse errors', () => {
  const dir = directoryOf(SEED_DIRECTORY);
  const text = readFileSync(SEED_DOCUMENT, 'utf8');
  const errorOf = (t: string): CatalogParseError => {
    try {
      parseDocument(t, dir, { file: 'doc.txt' });
    } catch (e) {
      if (e instanceof CatalogParseError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('an agency clause that does not close names its line', () => {
    const broken = text.replace('(省发展改革委、交通运输厅牵头)', '(省发展改革委、交通运输厅牵头');
    const e = errorOf(broken);
    expect([e.code, e.line]).toEqual(['UNCLOSED_CLAUSE', 40]);
    expect(e.message).toBe(
      'doc.txt:40: the agency clause "(省发展改革委、交通运输厅牵头" does not close — fix: add the closing ")" at the end of the paragraph (or join the paragraph that was split across lines)',
    );
  });

  it('a text without numbered tasks', () => {
    const e = errorOf(text.replace(/^(\d+)\./gm, '第$1项'));
    expect([e.code, e.line]).toEqual(['NO_TASKS', 86]);
  });

  it('a text that is no policy document at all', () => {
    const e = errorOf('会议纪要\n今天讨论了预算。\n下次再议。');
    expect(e.message).toBe(
      'doc.txt:3: no numbered tasks found (expected headings such as "二、主要任务" followed by lines "1.标题。…") — fix: check that this is the policy document and that its numbered tasks start their lines ("1." … "30.")',
    );
  });

  it('a header without its number (a web copy) is read, with a warning; the document is identified by title and hash', () => {
    const r = readDocument(text.replace('粤府〔2017〕8号\n', ''), dir, { file: 'doc.txt' });
    expect(r.catalog.document).toEqual({
      number: '',
      issuer: '广东省人民政府',
      issued: '2017-01-20',
      title: '广东省深化泛珠三角区域合作实施意见',
    });
    expect(r.headerWarnings).toEqual([
      'no document number (文号, e.g. "粤府〔2017〕8号") in the header: the document is identified by its title and a hash of its text',
    ]);
    expect(r.identity).toMatch(/^广东省深化泛珠三角区域合作实施意见#[0-9a-f]{8}$/);
    expect(r.catalog.tasks).toHaveLength(34);
  });

  it('an empty text', () => {
    expect(errorOf(' \n\u3000\n').code).toBe('EMPTY');
  });

  it('a task number used twice', () => {
    const e = errorOf(text.replace('8.共建能源供应保障体系', '7.共建能源供应保障体系'));
    expect([e.code, e.line, e.problem]).toEqual(['DUPLICATE_TASK', 45, 'task 7 appears twice (first at line 40)']);
  });
});
