import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createDirectoryIndex,
  expandAgencyNames,
  findAgencyClause,
  levelPrefixOf,
  parseAgencyClause,
  parseDocument,
} from '../src/catalog/index.ts';
import { directoryOf, projectPath } from './helpers/catalogFixture.ts';

// A second document of the same shape, written for this test: another issuer (自治区 prefix), other
// agencies and numbers, full-width punctuation, CRLF line endings, no final newline, no (一) heading.
const GX_FILE = projectPath('test/fixtures/guangxi/gui-2019-12.txt');
const gx = parseDocument(
  readFileSync(GX_FILE, 'utf8'),
  directoryOf(projectPath('test/fixtures/guangxi/agencies.yaml')),
  { file: 'gui-2019-12.txt' },
);
const gxTask = (id: string) => gx.tasks.find((t) => t.id === id)!;

describe('a 自治区 document (桂政发〔2019〕12号, written for the test)', () => {
  it('reads its header', () => {
    expect(gx.document).toEqual({
      number: '桂政发〔2019〕12号',
      issuer: '广西壮族自治区人民政府',
      issued: '2019-03-05',
      title: '广西壮族自治区深化北部湾经济区合作实施方案',
    });
  });

  it('finds 5 tasks in 2 sections and 2 safeguard measures', () => {
    expect(gx.tasks.map((t) => [t.id, t.section, t.title])).toEqual([
      ['1', '二(一)', '建设综合交通枢纽'],
      ['2', '二(一)', '提升口岸通关能力'],
      ['3', '二(一)', '完善信息基础设施'],
      ['4', '二(二)', '共建产业园区'],
      ['5', '二(二)', '发展向海经济'],
      ['G1', '三(一)', '加强组织领导'],
      ['G2', '三(二)', '强化督查考核'],
    ]);
    expect(gxTask('1').paragraphs).toHaveLength(2);
    expect(gxTask('2').paragraphs).toHaveLength(2);
  });

  it('carries 自治区 over 、-lists until the comma, expands place lists, keeps own-prefix names', () => {
    expect(gxTask('1').assignments).toEqual([
      {
        paragraph: 1,
        line: 16,
        lead: ['自治区发展改革委', '自治区交通运输厅'],
        support: [
          '自治区财政厅',
          '自治区自然资源厅',
          '中国铁路南宁局集团',
          '南宁市人民政府',
          '北海市人民政府',
          '防城港市人民政府',
          '钦州市人民政府',
        ],
      },
      // 自治区住建厅 is an alias; 各设区市人民政府 is a group.
      {
        paragraph: 2,
        line: 17,
        lead: ['自治区交通运输厅'],
        support: ['自治区住房城乡建设厅', '自治区商务厅', '各设区市人民政府'],
      },
    ]);
  });

  it('no 牵头: no lead; a suffix shared by places (南宁、防城港海关); a parenthesised tail without 牵头/负责 is no clause', () => {
    expect(gxTask('2').assignments).toEqual([
      { paragraph: 1, line: 18, lead: [], support: ['南宁海关', '防城港海关', '自治区商务厅', '自治区口岸办'] },
    ]);
    expect(gxTask('2').paragraphs[1]).toBe('推进中国（广西）自由贸易试验区钦州港片区建设（试点）');
  });

  it('lead only; groups; a mass organisation with its own name; in-sentence (CEPA); PM2?5', () => {
    expect(gxTask('3').assignments[0]).toMatchObject({
      lead: ['自治区大数据发展局'],
      support: ['自治区通信管理局', '共青团广西区委', '自治区有关部门'],
    });
    expect(gxTask('4').assignments).toEqual([{ paragraph: 1, line: 22, lead: ['自治区商务厅'], support: [] }]);
    // 北部湾办 after a comma takes no carried prefix, but the directory knows 自治区北部湾办 as an alias.
    expect(gxTask('5').assignments[0]).toMatchObject({
      lead: ['自治区海洋局', '自治区工业和信息化厅'],
      support: ['自治区生态环境厅', '自治区北部湾经济区规划建设管理办公室'],
    });
  });

  it('marks groups and warns about names the directory lacks', () => {
    expect(gx.agencies.filter((a) => a.group).map((a) => a.name)).toEqual(['各设区市人民政府', '自治区有关部门']);
    expect(gx.agencies).toHaveLength(24);
    expect(gx.warnings).toEqual(['自治区督查室']);
    expect(gx.agencies.find((a) => a.name === '自治区督查室')).toEqual({ name: '自治区督查室', group: false });
  });

  it('finds its targets: two goals 到2025年左右, one dated sentence in task 1; a plan period (2017-2030) is none', () => {
    expect(gx.targets).toEqual([
      {
        id: 'T1',
        text: '互联互通水平明显提升。南宁至北海、钦州、防城港城际铁路全面建成。',
        deadline: '2025-12-31',
        task: null,
        responsible: [],
      },
      {
        id: 'T2',
        text: '开放合作平台基本建成。中国（广西）自由贸易试验区建设取得明显成效。',
        deadline: '2025-12-31',
        task: null,
        responsible: [],
      },
      {
        id: 'T3',
        text: '加快建设南宁国际铁路港，推进西部陆海新通道建设，到2023年底建成南宁至玉林高速铁路',
        deadline: '2023-12-31',
        task: '1',
        responsible: [
          '自治区发展改革委',
          '自治区交通运输厅',
          '自治区财政厅',
          '自治区自然资源厅',
          '中国铁路南宁局集团',
          '南宁市人民政府',
          '北海市人民政府',
          '防城港市人民政府',
          '钦州市人民政府',
        ],
      },
    ]);
  });

  it('finds its obligations with their dates and recipients', () => {
    expect(gx.obligations).toEqual([
      {
        id: 'O1',
        text: '各有关单位要于每年1月15日前向自治区发展改革委报送上一年度工作进展情况',
        who: ['各有关单位'],
        to: '自治区发展改革委',
        due: ['01-15'],
        task: 'G1',
      },
      {
        id: 'O2',
        text: '自治区发展改革委要定期向自治区人民政府报告实施情况',
        who: ['自治区发展改革委'],
        to: '自治区人民政府',
        due: null,
        task: 'G2',
      },
    ]);
  });
});

describe('a 市 document (inline, half-width punctuation, one section without sub-headings)', () => {
  const text = [
    '深府〔2021〕3号',
    '深圳市人民政府',
    '2021年6月1日',
    '深圳市推进河套合作区建设工作方案',
    '一、主要任务',
    '1.推进跨境基础设施。到2022年6月完成皇岗口岸重建前期工作。(市发展改革委牵头,市交通运输局、市场监管局、城市管理和综合执法局,福田、罗湖区政府,团市委等按职责分工负责)',
    '2.深化科技合作。建设深港科技创新合作区(河套)。(市科技创新委牵头)',
    '二、保障措施',
    '(一)加强统筹。各区、各部门要于每年6月底和12月底前报送市河套办。(市发展改革委牵头)',
  ].join('\n');
  const c = parseDocument(text, []);

  it('reads the level 市 from the issuer and carries it', () => {
    expect(levelPrefixOf(c.document.issuer)).toBe('市');
    expect(c.tasks.map((t) => [t.id, t.section, t.title])).toEqual([
      ['1', '一', '推进跨境基础设施'],
      ['2', '一', '深化科技合作'],
      ['G1', '二(一)', '加强统筹'],
    ]);
    expect(c.tasks[0].assignments[0]).toMatchObject({
      lead: ['市发展改革委'],
      support: ['市交通运输局', '市市场监管局', '市城市管理和综合执法局', '福田区政府', '罗湖区政府', '团市委'],
    });
    expect(c.tasks[1].assignments[0]).toMatchObject({ lead: ['市科技创新委'], support: [] });
  });

  it('finds a month deadline and a half-yearly obligation', () => {
    expect(c.targets.map((t) => [t.deadline, t.task, t.responsible.length])).toEqual([['2022-06-30', '1', 7]]);
    expect(c.obligations.map((o) => [o.who, o.to, o.due, o.task])).toEqual([
      [['各区、各部门'], '市河套办', ['06-30', '12-31'], 'G1'],
    ]);
  });
});

describe('expandAgencyNames', () => {
  const ctx = (levelPrefix = '省') => ({ levelPrefix, directory: createDirectoryIndex([]) });
  const names = (list: string, p?: string) =>
    expandAgencyNames(list, ctx(p)).map((n) => (n.group ? `[${n.name}]` : n.name));

  it('carries the level prefix over 、 and 及 until the next comma', () => {
    expect(names('省发展改革委、交通运输厅及财政厅')).toEqual(['省发展改革委', '省交通运输厅', '省财政厅']);
    expect(names('省发展改革委,交通运输厅')).toEqual(['省发展改革委', '交通运输厅']);
  });

  it('carries a shared suffix back over places', () => {
    expect(names('广东、深圳、珠海出入境检验检疫局')).toEqual([
      '广东出入境检验检疫局',
      '深圳出入境检验检疫局',
      '珠海出入境检验检疫局',
    ]);
    expect(names('深圳、珠海市政府等')).toEqual(['深圳市政府', '珠海市政府']);
    expect(names('乌鲁木齐、克拉玛依市人民政府', '自治区')).toEqual(['乌鲁木齐市人民政府', '克拉玛依市人民政府']);
  });

  it('leaves names with their own owner as written', () => {
    expect(
      names('省通信管理局、海关广东分署、民航中南管理局、广铁集团、人民银行广州分行、水利部珠江水利委员会、团省委'),
    ).toEqual([
      '省通信管理局',
      '海关广东分署',
      '民航中南管理局',
      '广铁集团',
      '人民银行广州分行',
      '水利部珠江水利委员会',
      '团省委',
    ]);
  });

  it('marks groups', () => {
    expect(names('省有关单位及有关地级以上市政府、省推进某某工作领导小组成员单位')).toEqual([
      '[省有关单位]',
      '[有关地级以上市政府]',
      '[省推进某某工作领导小组成员单位]',
    ]);
  });

  it('uses the directory: a known prefixed name, an alias', () => {
    const directory = createDirectoryIndex([
      { name: '省住房城乡建设厅', aliases: ['省城乡住房建设厅'] },
      { name: '省机场管理集团', aliases: [] },
    ]);
    const out = expandAgencyNames('省发展改革委、城乡住房建设厅、机场管理集团', { levelPrefix: '省', directory });
    expect(out).toEqual([
      { name: '省发展改革委', group: false, known: false },
      { name: '省住房城乡建设厅', group: false, known: true },
      { name: '省机场管理集团', group: false, known: true },
    ]);
  });
});

describe('findAgencyClause and parseAgencyClause', () => {
  const ctx = { levelPrefix: '省', directory: createDirectoryIndex([]) };
  const clause = (para: string) => {
    const span = findAgencyClause(para, 1);
    if (!span) return null;
    const c = parseAgencyClause(span.content, ctx, 1);
    return { lead: c.lead.map((n) => n.name), support: c.support.map((n) => n.name) };
  };

  it('reads lead and support, lead only, support only', () => {
    expect(clause('任务。(省发展改革委牵头,省财政厅、教育厅等按职责分工负责)')).toEqual({
      lead: ['省发展改革委'],
      support: ['省财政厅', '省教育厅'],
    });
    expect(clause('任务。(省发展改革委牵头)')).toEqual({ lead: ['省发展改革委'], support: [] });
    expect(clause('任务。(省财政厅、教育厅等按职责分工负责)')).toEqual({ lead: [], support: ['省财政厅', '省教育厅'] });
  });

  it('strips a trailing ", 等" and accepts 配合 and a full stop after the clause', () => {
    expect(clause('任务。(省发展改革委牵头,省财政厅, 等按职责分工负责)')).toEqual({
      lead: ['省发展改革委'],
      support: ['省财政厅'],
    });
    expect(clause('任务。(省发展改革委牵头,省财政厅配合)。')).toEqual({
      lead: ['省发展改革委'],
      support: ['省财政厅'],
    });
  });

  it('ignores parentheses that are no clause', () => {
    expect(clause('深入实施CEPA(内地与香港关于建立更紧密经贸关系的安排)')).toBeNull();
    expect(clause('依托中国(广东)自由贸易试验区,推进建设。')).toBeNull();
    expect(clause('推动开展“宽带中国”示范城市(群)创建工作。')).toBeNull();
  });

  it('an unclosed clause is an error naming its line', () => {
    expect(() => findAgencyClause('任务。(省发展改革委牵头,省财政厅等按职责分工负责', 12, 'a.txt')).toThrow(
      'a.txt:12: the agency clause "(省发展改革委牵头,省财政厅等按职责分工负责" does not close — fix: add the closing ")" at the end of the paragraph (or join the paragraph that was split across lines)',
    );
  });

  it('a clause naming nobody is an error', () => {
    expect(() => parseAgencyClause('按职责分工负责', ctx, 3, 'a.txt')).toThrow(
      /^a\.txt:3: the agency clause "\(按职责分工负责\)" names no agency — fix: /,
    );
  });
});
