import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createDirectoryIndex,
  type DocumentReading,
  expandAgencyNames,
  parseDocument,
  readDocument,
} from '../src/catalog/index.ts';
import { directoryOf, projectPath, SEED_DIRECTORY } from './helpers/catalogFixture.ts';

// Short documents of other levels and provinces, written for these tests (issue 16), each read with
// the shipped Guangdong directory unless said otherwise: [task id, section, title, [[lead, support]…]].
const GD = directoryOf(SEED_DIRECTORY);
const readFixture = (name: string, directory = GD): DocumentReading =>
  readDocument(readFileSync(projectPath(`test/fixtures/documents/${name}`), 'utf8'), directory, { file: name });
type Row = [string, string, string, [string, string][]];
const rows = (r: DocumentReading): Row[] =>
  r.catalog.tasks.map((t) => [
    t.id,
    t.section,
    t.title,
    t.assignments.map((a): [string, string] => [a.lead.join('、'), a.support.join('、')]),
  ]);

describe('01 another province (湖南), numbers "1. " and headings "一、 " with a space; 配合, 参与, 协同, 参加, 等部门', () => {
  const r = readFixture('01-hunan-province.txt');
  it('reads every clause form exactly', () => {
    expect(rows(r)).toEqual([
      ['1', '二', '共建交通网络', [['省发展改革委', '省财政厅、省交通运输厅']]],
      ['2', '二', '推进就业协作', [['省人力资源社会保障厅', '省财政厅、省教育厅']]],
      ['3', '二', '加强产业合作', [['省商务厅', '省发展改革委、省工业和信息化厅']]],
      ['4', '二', '强化市场监管', [['省市场监管局', '省公安厅']]],
    ]);
    expect(r.unread).toEqual([]);
  });
  it('the Guangdong directory rewrites none of its names: no 广东 full name, every name a warning', () => {
    expect(r.catalog.document).toEqual({
      number: '湘政办发〔2022〕15号',
      issuer: '湖南省人民政府办公厅',
      issued: '2022-04-08',
      title: '湖南省推进湘赣边区域合作重点工作任务分工方案',
    });
    expect(r.catalog.agencies.filter((a) => a.fullName)).toEqual([]);
    expect(r.catalog.warnings).toHaveLength(9);
  });
});

describe('02 a web copy of a city list: no 文号, issuer and date at the end, labelled clauses', () => {
  const r = readFixture('02-web-copy-city.txt');
  it('warns about the missing 文号 and identifies the document by title and hash', () => {
    expect(r.catalog.document).toEqual({
      number: '',
      issuer: '株洲市人民政府办公室',
      issued: '2023-02-10',
      title: '株洲市优化营商环境重点任务清单',
    });
    expect(r.headerWarnings).toEqual([
      'no document number (文号, e.g. "粤府〔2017〕8号") in the header: the document is identified by its title and a hash of its text',
    ]);
    expect(r.identity).toMatch(/^株洲市优化营商环境重点任务清单#[0-9a-f]{8}$/);
  });
  it('(责任单位:…) with no stated convention has no lead; 牵头单位/责任单位/配合单位; 等有关单位 kept as a group', () => {
    expect(rows(r)).toEqual([
      ['1', '一', '推行“一网通办”', [['', '市政务服务中心、市数据资源局']]],
      ['2', '一', '压缩开办企业时间', [['市市场监管局', '市公安局、市税务局']]],
      ['3', '二', '降低用地成本', [['市自然资源和规划局', '市财政局、市住房城乡建设局、有关单位']]],
    ]);
    expect(r.catalog.agencies.filter((a) => a.group).map((a) => a.name)).toEqual(['有关单位']);
    // The signature block is header, not a paragraph of task 3.
    expect(r.catalog.tasks[2].paragraphs).toHaveLength(1);
  });
});

describe('03 列第一位者为牵头单位,下同 inside the first clause governs it and the clauses after it', () => {
  const r = readFixture('03-convention-in-clause.txt');
  it('first listed leads; the convention sentence is no agency; suffix carried back over places', () => {
    expect(rows(r)).toEqual([
      ['1', '二', '建设现代港口', [['自治区交通运输厅', '自治区发展改革委']]],
      ['2', '二', '发展海洋渔业', [['自治区农业农村厅', '自治区海洋局、自治区财政厅']]],
      ['3', '二', '培育临港产业', [['自治区工业和信息化厅', '北海市人民政府、钦州市人民政府、防城港市人民政府']]],
      ['4', '二', '保护海洋生态', [['自治区生态环境厅', '自治区自然资源厅、有关单位']]],
    ]);
    expect(r.catalog.agencies.map((a) => a.name).filter((n) => /牵头|第一位|下同/.test(n))).toEqual([]);
  });
  it('without 下同 the convention governs only its own clause', () => {
    const text = readFileSync(projectPath('test/fixtures/documents/03-convention-in-clause.txt'), 'utf8')
      .replace(',下同', '')
      .replace('，下同', '');
    const c = parseDocument(text, GD);
    expect(c.tasks.map((t) => t.assignments[0].lead.join('、'))).toEqual(['自治区交通运输厅', '', '', '']);
  });
});

describe('04 排在首位的为牵头单位 stated once for the document; 〔责任单位:…〕 with a nested (牵头)', () => {
  const r = readFixture('04-convention-note.txt');
  it('every clause follows the note; an item marked (牵头) leads wherever it stands', () => {
    expect(rows(r)).toEqual([
      ['1', '一', '推动企业技术改造', [['市工业和信息化局', '市财政局、市科技局']]],
      ['2', '一', '培育龙头企业', [['市工业和信息化局', '市发展改革局、市商务局']]],
      ['3', '一', '建设产业园区', [['市自然资源局', '市住房城乡建设局、各区人民政府']]],
    ]);
  });
  it('the same clauses without the note name no lead (none is invented)', () => {
    const text = readFileSync(projectPath('test/fixtures/documents/04-convention-note.txt'), 'utf8').replace(
      '各项任务中排在首位的为牵头单位。\n',
      '',
    );
    expect(parseDocument(text, GD).tasks.map((t) => t.assignments[0].lead.join('、'))).toEqual([
      '',
      '市工业和信息化局',
      '',
    ]);
  });
});

describe('05 a PDF extract: the whole document on one line, spaces inside words', () => {
  const r = readFixture('05-one-line-pdf.txt');
  it('reads header, headings, tasks and the safeguard measure', () => {
    expect(r.catalog.document).toEqual({
      number: '湘府发〔2022〕3号',
      issuer: '湖南省人民政府',
      issued: '2022-03-01',
      title: '湖南省推进乡村振兴重点任务分工方案',
    });
    expect(rows(r)).toEqual([
      ['1', '一(一)', '发展特色产业', [['省农业农村厅', '省发展改革委、省财政厅']]],
      ['2', '一(一)', '建设冷链物流', [['省商务厅', '省交通运输厅、省供销社']]],
      ['3', '一(二)', '培养高素质农民', [['', '省农业农村厅、省教育厅']]],
      ['G1', '二(一)', '加强领导', [['省农业农村厅', '']]],
    ]);
  });
  it('reads "2025 年" and "6月底" across the removed spaces', () => {
    expect(r.catalog.targets.map((t) => [t.deadline, t.task, t.responsible])).toEqual([
      ['2025-12-31', '2', ['省商务厅', '省交通运输厅', '省供销社']],
    ]);
    expect(r.catalog.obligations.map((o) => [o.who, o.to, o.due, o.task])).toEqual([
      [['各地、各部门'], '省农业农村厅', ['06-30'], 'G1'],
    ]);
  });
});

describe('06 a Word copy: paragraphs and a clause split across lines, labelled lines below tasks, group phrases', () => {
  const r = readFixture('06-split-lines-labels.txt');
  it('joins split paragraphs and reads 部门分工: / 牵头单位: + 责任单位: lines as the task clause', () => {
    expect(rows(r)).toEqual([
      ['1', '一', '建设数字基础设施', [['省通信管理局', '省发展改革委、省工业和信息化厅']]],
      ['2', '一', '推进产业数字化', [['省工业和信息化厅', '省科技厅、省商务厅']]],
      ['3', '一', '发展数字政府', [['省政务服务办', '省大数据中心、南昌市政府、九江市政府、赣州市政府']]],
      ['4', '一', '培育数据要素市场', [['', '县级有关部门、各地级以上市人民政府、相关市、县政府']]],
    ]);
    expect(r.catalog.tasks[0].assignments[0].line).toBe(6);
    expect(r.catalog.tasks[2].assignments[0].line).toBe(12); // the 牵头单位: line
    expect(r.catalog.tasks[0].paragraphs).toEqual([
      '1.建设数字基础设施。加快5G网络和数据中心建设，提升网络覆盖水平。（省通信管理局牵头，省发展改革委、工业和信息化厅按职责分工负责）',
    ]);
  });
  it('keeps group phrases whole and marks them', () => {
    expect(r.catalog.agencies.filter((a) => a.group).map((a) => a.name)).toEqual([
      '县级有关部门',
      '各地级以上市人民政府',
      '相关市、县政府',
    ]);
  });
});

describe('07 traditional characters (粵府辦〔2019〕21號)', () => {
  const r = readFixture('07-traditional.txt');
  it('matches the directory through the simplified forms; header and titles as written', () => {
    expect(r.catalog.document).toEqual({
      number: '粵府辦〔2019〕21號',
      issuer: '廣東省人民政府辦公廳',
      issued: '2019-06-18',
      title: '廣東省推進粵港澳大灣區建設重點工作分工方案',
    });
    expect(rows(r)).toEqual([
      ['1', '一', '推進基礎設施互聯互通', [['省发展改革委', '省交通运输厅、省财政厅']]],
      ['2', '一', '深化科技創新合作', [['省科技厅', '省港澳办、广州市政府']]],
    ]);
    expect(r.catalog.warnings).toEqual([]);
  });
  it('a name the directory lacks is shown as the document writes it', () => {
    const c = readFixture('07-traditional.txt', []).catalog;
    expect(c.tasks[0].assignments[0]).toMatchObject({ lead: ['省發展改革委'], support: ['省交通運輸廳', '省財政廳'] });
  });
});

describe('08 (一)…(五) numbered on across the parts are the tasks; 区 prefix carried; 韶关、清远、河源市政府', () => {
  const r = readFixture('08-sub-numbered-tasks.txt');
  it('reads five tasks numbered by their headings', () => {
    expect(rows(r)).toEqual([
      ['1', '一', '推进森林城市建设', [['市林业局', '区自然资源局、区住房城乡建设局、县级有关部门']]],
      ['2', '一', '保护北江水质', [['市生态环境局', '韶关市政府、清远市政府、河源市政府']]],
      ['3', '二', '发展生态旅游', [['市文化广电旅游体育局', '各县(市、区)人民政府']]],
      ['4', '二', '发展绿色农业', [['', '市农业农村局']]],
      ['5', '三', '强化考核', [['市发展改革局', '']]],
    ]);
    expect(r.catalog.obligations.map((o) => [o.who, o.to, o.due, o.task])).toEqual([
      [['各县(市、区)'], '市发展改革局', ['12-10'], '5'],
    ]);
  });
});

describe('09 a national document: ministries take no prefix, the provincial directory does not apply', () => {
  const r = readFixture('09-national.txt');
  it('keeps 发展改革委 as written (the directory alias of 省发展改革委 needs the prefix 省)', () => {
    expect(rows(r)).toEqual([
      ['1', '一', '拓宽就业渠道', [['', '人力资源社会保障部、发展改革委、财政部']]],
      ['2', '一', '畅通职称评审', [['人力资源社会保障部', '教育部、科技部']]],
    ]);
  });
  it("the same alias still applies in a 省 document of the directory's own province", () => {
    const ctx = { levelPrefix: '省', directory: createDirectoryIndex(GD, { levelPrefix: '省', place: '广东省' }) };
    expect(expandAgencyNames('发展改革委', ctx).map((n) => n.name)).toEqual(['省发展改革委']);
    const hunan = { levelPrefix: '省', directory: createDirectoryIndex(GD, { levelPrefix: '省', place: '湖南省' }) };
    expect(expandAgencyNames('发展改革委', hunan).map((n) => n.name)).toEqual(['发展改革委']);
  });
});

describe('10 clauses the reader cannot read are reported with line and text, never dropped in silence', () => {
  const r = readFixture('10-unreadable.txt');
  it('lists both, and their tasks keep no half-read assignment', () => {
    expect(r.unread.map((u) => [u.line, u.code, u.text])).toEqual([
      [7, 'UNREADABLE_CLAUSE', '2.研究制定配套政策。（由省发展改革委会同有关部门研究确定后负责）'],
      [8, 'UNCLOSED_CLAUSE', '3.加强统计监测。（省统计局牵头，省发展改革委按职责分工负责'],
    ]);
    expect(r.unread[0].message).toBe(
      '10-unreadable.txt:7: the agency clause "(由省发展改革委会同有关部门研究确定后负责)" cannot be read: it has "由省发展改革委会同有关部门研究确定后", which is not an agency name — fix: write it as (X牵头,Y、Z按职责分工负责), (责任单位:X、Y) or (牵头单位:X;配合单位:Y)',
    );
    expect(rows(r)).toEqual([
      ['1', '一', '推进重大项目建设', [['省发展改革委', '省财政厅']]],
      ['2', '一', '研究制定配套政策', []],
      ['3', '一', '加强统计监测', []],
      ['4', '一', '做好信息公开', [['省政务服务数据管理局', '']]],
    ]);
  });
  it('parseDocument (strict) stops at the first', () => {
    expect(() =>
      parseDocument(readFileSync(projectPath('test/fixtures/documents/10-unreadable.txt'), 'utf8'), GD),
    ).toThrow(/^<text>:7: the agency clause .* cannot be read/);
  });
});
