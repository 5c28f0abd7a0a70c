import type { BodyParagraph, SourceLine } from './bodyParagraph.ts';
import { CatalogParseError } from './CatalogParseError.ts';
import { createDirectoryIndex, placeOf } from './createDirectoryIndex.ts';
import { type ExpandedName, expandAgencyNames, type NameContext } from './expandAgencyNames.ts';
import { findObligations } from './findObligations.ts';
import { findTargets } from './findTargets.ts';
import { toSimplified } from './normalizeText.ts';
import { findAgencyClause, LEAD_CONVENTION, type ParsedClause, parseAgencyClause } from './parseAgencyClause.ts';
import { LABEL_LINE, readLines, SUB_HEADING, TASK_LINE, TOP_HEADING } from './readLines.ts';
import type { Agency, Assignment, Catalog, DirectoryEntry, PolicyDocument, Task } from './types.ts';

/** Options of {@link parseDocument} and {@link readDocument}. */
export interface ParseOptions {
  /** File name used in error messages (no file is read). */
  file?: string;
}

/** A clause the reader could not read: it is reported, never dropped in silence. */
export interface UnreadClause {
  /** 1-based line of the paragraph in the file. */
  line: number;
  /** The paragraph (or labelled lines) as the document writes it. */
  text: string;
  /** Error code: `UNCLOSED_CLAUSE`, `EMPTY_CLAUSE` or `UNREADABLE_CLAUSE`. */
  code: string;
  /** What is wrong and how to fix it, one line (`file:line: problem — fix: …`). */
  message: string;
}

/** What {@link readDocument} read: the catalog and everything it could not read or found missing. */
export interface DocumentReading {
  catalog: Catalog;
  /** Clauses that could not be read, in line order; their paragraphs have no assignment in `catalog`. */
  unread: UnreadClause[];
  /** Header fields the text lacks (文号, issuer, date, title): warnings, not refusals. */
  headerWarnings: string[];
  /**
   * The document's identity: its 文号 when it has one, else its title and a hash of its text
   * (`广西…方案#1a2b3c4d`, FNV-1a 32-bit of the normalised text).
   */
  identity: string;
}

/**
 * Parses a policy text into a catalog, strictly: the first clause it cannot read is an error.
 * See {@link readDocument} for the shapes read.
 *
 * @throws CatalogParseError `EMPTY`, `NO_TASKS`, `DUPLICATE_TASK`, and for the first clause it
 *   cannot read `UNCLOSED_CLAUSE`, `EMPTY_CLAUSE` or `UNREADABLE_CLAUSE`
 */
export function parseDocument(text: string, directory: readonly DirectoryEntry[], options: ParseOptions = {}): Catalog {
  return read(text, directory, options, true).catalog;
}

/**
 * Reads a task-division document (分工方案, 实施意见, 实施方案, 政策清单: 粤府〔2017〕8号 and any other of
 * its kind) into a catalog, collecting what it cannot read instead of stopping at it (pure).
 *
 * Shape read (general, nothing of one document's answers is built in; issue 2, issue 16):
 * - lines as `readLines` gives them (run-on PDF/Word text cut at headings, split paragraphs joined,
 *   spaces inside words removed, traditional characters matched as simplified);
 * - header before the first `一、` heading: 文号 (`X〔YYYY〕N号`, 號), issuer, date `YYYY年M月D日`,
 *   title (the line after the date, else the `《…》` the header quotes, else a line ending 意见/方案/清单…);
 *   issuer and date may also close the document. A missing field is a warning (`headerWarnings`);
 * - top-level headings `一、…`, sub-headings `(一)…`; numbered tasks `N.标题。…` (`1、`, `1. `) under
 *   any top section, each running over the following paragraphs until the next number or heading;
 *   in top sections after the first with tasks, each `(N)` without numbered tasks is a safeguard
 *   measure `G1`, `G2`, …; a document with no numbered task whose `(一)` items run on across the sections
 *   that assign agencies (一 … 五, 六 … 九) uses those items as its tasks, ids their numbers;
 * - each paragraph's agency clause (`findAgencyClause`, `parseAgencyClause`, `expandAgencyNames`) or
 *   labelled lines below it (`部门分工:…`, `牵头单位:…`, `责任单位:…`, `配合单位:…`);
 * - a lead convention (`列第一位者为牵头单位`, `排在首位的为牵头单位`): stated outside clauses it
 *   governs every clause; inside a clause, that clause, and with `下同` every later one;
 * - targets (`findTargets`) and reporting obligations (`findObligations`).
 *
 * The document's level prefix (省, 自治区, 市; none for a national body) and place are read from the
 * issuer, else from the title; the directory applies only where its prefix fits (`createDirectoryIndex`).
 *
 * @param text the decoded text (any line endings; a final newline is optional)
 * @param directory the agency directory; names it lacks are listed in `warnings`
 * @throws CatalogParseError `EMPTY`, `NO_TASKS`, `DUPLICATE_TASK`
 */
export function readDocument(
  text: string,
  directory: readonly DirectoryEntry[],
  options: ParseOptions = {},
): DocumentReading {
  return read(text, directory, options, false);
}

function read(
  text: string,
  directory: readonly DirectoryEntry[],
  options: ParseOptions,
  strict: boolean,
): DocumentReading {
  const { file } = options;
  let lines = readLines(text);
  if (lines.length === 0) {
    throw new CatalogParseError(
      'EMPTY',
      0,
      'the file holds no text',
      'point the command at the text of the policy document',
      file,
    );
  }
  const firstHeading = lines.findIndex((l) => TOP_HEADING.test(l.norm));
  // A signature block closing the document (issuer, date) is header, not part of the last task.
  const tail: SourceLine[] = [];
  while (lines.length > firstHeading + 1 && tail.length < 3 && isSignatureLine(lines[lines.length - 1].norm))
    tail.unshift(lines.pop()!);
  if (tail.length > 0 && !tail.some((l) => dateOf(l.norm))) lines = [...lines, ...tail.splice(0)];

  const numbered = new Set<string>();
  const assigning = new Set<string>();
  {
    let t = '';
    for (const l of lines.slice(Math.max(firstHeading, 0))) {
      const m = TOP_HEADING.exec(l.norm);
      if (m) t = m[1];
      else if (t && TASK_LINE.test(l.norm)) numbered.add(t);
      else if (t && (LABEL_LINE.test(l.norm) || hasClause(l.norm))) assigning.add(t);
    }
  }
  // Without numbered tasks, `(一)` items are the tasks when their numbers run on across the sections.
  const subs: { l: SourceLine; n: number }[] = [];
  if (numbered.size === 0 && firstHeading >= 0) {
    let t = '';
    for (const l of lines.slice(firstHeading)) {
      const m = TOP_HEADING.exec(l.norm);
      if (m) t = m[1];
      const s = SUB_HEADING.exec(l.norm);
      if (s && assigning.has(t)) subs.push({ l, n: chineseNumber(s[1]) });
    }
  }
  const subTasks = subs.length > 0 && subs.every((s, i) => i === 0 || s.n > subs[i - 1].n);
  const taskSectionTops = subTasks ? assigning : numbered;
  if (firstHeading < 0 || taskSectionTops.size === 0) {
    const last = lines[lines.length - 1].line;
    throw new CatalogParseError(
      'NO_TASKS',
      last,
      'no numbered tasks found (expected headings such as "二、主要任务" followed by lines "1.标题。…")',
      'check that this is the policy document and that its numbered tasks start their lines ("1." … "30.")',
      file,
    );
  }

  const { document, warnings: headerWarnings } = parseHeader(lines.slice(0, firstHeading), tail);
  const issuer = toSimplified(document.issuer);
  const levelPrefix = levelPrefixOf(issuer || toSimplified(document.title));
  const place = placeOf(issuer) || placeOf(toSimplified(document.title));
  const ctx: NameContext = { levelPrefix, directory: createDirectoryIndex(directory, { levelPrefix, place }) };
  const display = displayNames(lines);
  const shown = (names: ExpandedName[]) => names.map((n) => (n.known ? n : { ...n, name: display(n.name) }));

  const subIds = new Map<SourceLine, string>(subTasks ? subs.map((s) => [s.l, String(s.n)]) : []);

  // A convention stated outside any clause governs the whole document.
  const documentConvention = lines.some((l) => {
    const span = safeClause(l.norm);
    return LEAD_CONVENTION.test(span ? l.norm.slice(0, span.start) : l.norm);
  });
  let carriedConvention = false;

  const body: BodyParagraph[] = [];
  const tasks: Task[] = [];
  const unread: UnreadClause[] = [];
  const taskLines = new Map<string, number>();
  let top = '';
  let topTitle = '';
  let sub: string | null = null;
  let subTitle = '';
  let seenTaskSection = false;
  let topHasTasks = false;
  let gCount = 0;
  let current: Task | null = null;
  let labels: SourceLine[] = [];

  /** Parses a clause; an unreadable one is collected (or thrown when strict) and gives null. */
  const clauseOf = (content: string, l: SourceLine, shownText: string): ParsedClause | null => {
    try {
      const c = parseAgencyClause(content, ctx, l.line, file, { firstIsLead: documentConvention || carriedConvention });
      if (c.convention?.carries) carriedConvention = true;
      return { ...c, lead: shown(c.lead), support: shown(c.support) };
    } catch (err) {
      if (strict || !(err instanceof CatalogParseError)) throw err;
      unread.push({ line: l.line, text: shownText, code: err.code, message: err.message });
      return null;
    }
  };

  const addAssignment = (para: BodyParagraph, clause: ParsedClause, line: number) => {
    if (!current) return;
    para.clause = clause;
    const a: Assignment = {
      paragraph: current.paragraphs.length,
      line,
      lead: clause.lead.map((n) => n.name),
      support: clause.support.map((n) => n.name),
    };
    current.assignments.push(a);
  };

  const addParagraph = (l: SourceLine, norm: string, original: string) => {
    const section = sub ? `${top}(${sub})` : top;
    let span: ReturnType<typeof findAgencyClause> = null;
    let unclosed = false;
    try {
      span = findAgencyClause(norm, l.line, file);
    } catch (err) {
      if (strict || !(err instanceof CatalogParseError) || !current) throw err;
      unread.push({ line: l.line, text: original, code: err.code, message: err.message });
      unclosed = true;
    }
    const para: BodyParagraph = {
      line: l.line,
      text: original,
      norm,
      task: current?.id ?? null,
      section,
      clauseStart: span?.start ?? norm.length,
    };
    if (current) {
      current.paragraphs.push(original);
      if (span && !unclosed) {
        const clause = clauseOf(span.content, l, original);
        if (clause) addAssignment(para, clause, l.line);
      }
    }
    body.push(para);
  };

  /** Labelled lines (`牵头单位:…`, `责任单位:…`) name the agencies of the paragraph above them. */
  const flushLabels = () => {
    if (labels.length === 0 || !current) {
      labels = [];
      return;
    }
    const group = labels;
    labels = [];
    const content = group.map((l) => l.norm.replace(/^部门分工:/, '')).join(';');
    const shownText = group.map((l) => l.text).join('\n');
    const last = body[body.length - 1];
    const clause = clauseOf(content, group[0], shownText);
    if (last && last.task === current.id && !last.clause) {
      current.paragraphs[current.paragraphs.length - 1] += `\n${shownText}`;
      if (clause) addAssignment(last, clause, group[0].line);
    } else {
      const para: BodyParagraph = {
        line: group[0].line,
        text: shownText,
        norm: content,
        task: current.id,
        section: sub ? `${top}(${sub})` : top,
        clauseStart: 0,
      };
      current.paragraphs.push(shownText);
      if (clause) addAssignment(para, clause, group[0].line);
      body.push(para);
    }
  };

  for (const l of lines.slice(firstHeading)) {
    if (current && LABEL_LINE.test(l.norm)) {
      labels.push(l);
      continue;
    }
    flushLabels();
    const topM = TOP_HEADING.exec(l.norm);
    if (topM) {
      top = topM[1];
      topTitle = topM[2];
      sub = null;
      subTitle = '';
      current = null;
      topHasTasks = taskSectionTops.has(top);
      if (topHasTasks) seenTaskSection = true;
      continue;
    }
    const subM = SUB_HEADING.exec(l.norm);
    if (subM) {
      sub = subM[1];
      subTitle = subM[2];
      current = null;
      const subId = subIds.get(l);
      if (subId) {
        current = { id: subId, section: top, sectionTitle: topTitle, title: subTitle, paragraphs: [], assignments: [] };
        registerTask(current, l.line);
      } else if (!subTasks && seenTaskSection && !topHasTasks) {
        gCount++;
        current = {
          id: `G${gCount}`,
          section: `${top}(${sub})`,
          sectionTitle: subTitle,
          title: subTitle,
          paragraphs: [],
          assignments: [],
        };
        registerTask(current, l.line);
      }
      const rest = subM[3];
      if (rest) {
        const offset = l.norm.length - rest.length;
        addParagraph(l, rest, l.text.slice(offset));
      }
      continue;
    }
    const taskM = topHasTasks && !subTasks ? TASK_LINE.exec(l.norm) : null;
    if (taskM) {
      const title = taskM[2].split('。')[0];
      current = {
        id: String(Number(taskM[1])),
        section: sub ? `${top}(${sub})` : top,
        sectionTitle: sub ? subTitle : topTitle,
        title: display(title),
        paragraphs: [],
        assignments: [],
      };
      registerTask(current, l.line);
    }
    addParagraph(l, l.norm, l.text);
  }
  flushLabels();

  function registerTask(task: Task, line: number) {
    const prev = taskLines.get(task.id);
    if (prev !== undefined) {
      throw new CatalogParseError(
        'DUPLICATE_TASK',
        line,
        `task ${task.id} appears twice (first at line ${prev})`,
        'renumber the tasks so that each number appears once',
        file,
      );
    }
    task.title = display(task.title);
    task.sectionTitle = display(task.sectionTitle);
    taskLines.set(task.id, line);
    tasks.push(task);
  }

  // Numbered tasks first (in number order as the text gives them), then safeguards G1…
  const ordered = [...tasks.filter((t) => !t.id.startsWith('G')), ...tasks.filter((t) => t.id.startsWith('G'))];

  const agencies: Agency[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const p of body) {
    if (!p.clause) continue;
    for (const n of [...p.clause.lead, ...p.clause.support]) {
      if (seen.has(n.name)) continue;
      seen.add(n.name);
      const entry = ctx.directory.entry(n.name);
      const agency: Agency = { name: n.name, group: n.group };
      if (entry?.fullName) agency.fullName = entry.fullName;
      if (entry && entry.aliases.length > 0) agency.aliases = [...entry.aliases];
      agencies.push(agency);
      if (!n.known && !n.group) warnings.push(n.name);
    }
  }

  const catalog: Catalog = {
    document,
    tasks: ordered,
    agencies,
    targets: findTargets(body),
    obligations: findObligations(body, (list) => shown(expandAgencyNames(list, ctx))),
    warnings,
  };
  const identity = document.number || `${document.title}#${fnv1a(lines.map((l) => l.norm).join('\n'))}`;
  return { catalog, unread: unread.sort((a, b) => a.line - b.line), headerWarnings, identity };
}

function safeClause(norm: string): ReturnType<typeof findAgencyClause> {
  try {
    return findAgencyClause(norm, 0);
  } catch {
    return null;
  }
}

function hasClause(norm: string): boolean {
  try {
    return findAgencyClause(norm, 0) !== null;
  } catch {
    return true;
  }
}

const NUMBER_RE = /[〔[［(]\d{4}[〕\]］)]\d+号/;
const DOC_KIND =
  /(实施意见|指导意见|意见|实施方案|工作方案|分工方案|方案|政策清单|任务清单|清单|通知|行动计划|计划|工作要点|要点|办法|措施|规划)$/;
const ISSUER_END = /(人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|办公厅|办公室|委员会|国务院)$/;

function isSignatureLine(norm: string): boolean {
  return (
    norm.length <= 30 &&
    !/[,。;:]/.test(norm) &&
    (dateOf(norm) !== null || ISSUER_END.test(norm) || /^\(此件.*\)$/.test(norm))
  );
}

/** `YYYY-MM-DD` of a date `2017年1月20日` or `二〇一七年一月二十日` in `s`, with where it is; null when none. */
function dateOf(s: string): { iso: string; index: number; length: number } | null {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(s);
  if (m)
    return { iso: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`, index: m.index, length: m[0].length };
  const c = /([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/.exec(s);
  if (!c) return null;
  const year = [...c[1]].map((d) => '〇一二三四五六七八九'.indexOf(d.replace(/[○零]/, '〇'))).join('');
  return {
    iso: `${year}-${String(chineseNumber(c[2])).padStart(2, '0')}-${String(chineseNumber(c[3])).padStart(2, '0')}`,
    index: c.index,
    length: c[0].length,
  };
}

/** 一 -> 1, 十二 -> 12, 二十三 -> 23 (up to 99). */
function chineseNumber(s: string): number {
  const d = (ch: string | undefined) => (ch ? '一二三四五六七八九'.indexOf(ch) + 1 : 0);
  const k = s.indexOf('十');
  if (k < 0) return d(s[0]);
  return (k === 0 ? 1 : d(s[0])) * 10 + d(s[k + 1]);
}

/**
 * Reads number, issuer, date and title from the header lines (and a closing signature block).
 * A missing field is left empty (`''`) and named in `warnings`.
 */
function parseHeader(header: SourceLine[], tail: SourceLine[]): { document: PolicyDocument; warnings: string[] } {
  const warnings: string[] = [];
  let number = '';
  const whole = header.find((l) => new RegExp(`^\\p{Script=Han}{1,12}${NUMBER_RE.source}$`, 'u').test(l.norm));
  const leading =
    header.length > 0 ? new RegExp(`^\\p{Script=Han}{1,12}${NUMBER_RE.source}`, 'u').exec(header[0].norm) : null;
  if (whole) number = whole.text;
  else if (leading) number = header[0].text.slice(0, leading[0].length);

  let issuer = '';
  let issued = '';
  let title = '';
  const all = [...header, ...tail];
  const dateIdx = all.findIndex((l) => {
    const d = dateOf(l.norm);
    return d !== null && (l.norm.length <= 30 || !/[,;]/.test(l.norm.slice(0, d.index).replace(/^.*。/, '')));
  });
  if (dateIdx >= 0) {
    const l = all[dateIdx];
    const d = dateOf(l.norm)!;
    issued = d.iso;
    let before = l.text.slice(0, d.index);
    const beforeNorm = l.norm.slice(0, d.index);
    const cut = Math.max(
      beforeNorm.lastIndexOf('。'),
      beforeNorm.lastIndexOf(':'),
      beforeNorm.lastIndexOf(','),
      number && beforeNorm.startsWith(number) ? number.length - 1 : -1,
    );
    before = before.slice(cut + 1);
    if (before && ISSUER_END.test(beforeNorm.slice(cut + 1))) issuer = before;
    else if (dateIdx > 0 && ISSUER_END.test(all[dateIdx - 1].norm) && !/[,。;:]/.test(all[dateIdx - 1].norm))
      issuer = all[dateIdx - 1].text;
    const after = l.text.slice(d.index + d.length);
    const afterNorm = l.norm.slice(d.index + d.length);
    const kind =
      /^[^,。;:]{2,60}?(实施意见|指导意见|意见|实施方案|工作方案|分工方案|方案|政策清单|任务清单|清单|行动计划|工作要点|措施)/.exec(
        afterNorm,
      );
    if (kind) title = after.slice(0, kind[0].length);
    else if (
      !afterNorm &&
      dateIdx + 1 < header.length &&
      header.indexOf(l) >= 0 &&
      !/[,。;:]/.test(all[dateIdx + 1].norm)
    )
      title = all[dateIdx + 1].text;
  }
  if (!title) {
    const line = header.find((l) => !/[,。;:]/.test(l.norm) && DOC_KIND.test(l.norm) && l.text !== number);
    const quoted = header.map((l) => /《([^》]+)》/.exec(l.text)?.[1]).find((t) => t !== undefined);
    title = line?.text ?? quoted ?? '';
  }
  if (!number)
    warnings.push(
      'no document number (文号, e.g. "粤府〔2017〕8号") in the header: the document is identified by its title and a hash of its text',
    );
  if (!issuer) warnings.push('no issuer (e.g. "广东省人民政府") in the header or at the end');
  if (!issued) warnings.push('no issue date (e.g. "2017年1月20日") in the header or at the end');
  if (!title) {
    title = header[0]?.text.slice(0, 40) ?? '';
    warnings.push(`no title (a line ending 意见, 方案, 清单…): the first line "${title}" stands for it`);
  }
  return { document: { number, issuer, issued, title }, warnings };
}

/**
 * Shows a name read from the simplified text as the document writes it: each character the
 * document writes in another form (traditional 財 for 财) is written back that way.
 */
function displayNames(lines: readonly SourceLine[]): (name: string) => string {
  const back = new Map<string, string>();
  for (const l of lines) {
    for (let i = 0; i < l.norm.length; i++) {
      if (l.norm[i] !== l.text[i] && /\p{Script=Han}/u.test(l.norm[i]) && !back.has(l.norm[i]))
        back.set(l.norm[i], l.text[i]);
    }
  }
  if (back.size === 0) return (name) => name;
  return (name) => Array.from(name, (c) => back.get(c) ?? c).join('');
}

/** FNV-1a 32-bit hash as 8 hex digits (a short, stable fingerprint; not for security). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The prefix the document's own level writes before its departments: `广东省人民政府` -> `省`,
 * `广西壮族自治区人民政府` -> `自治区`, `深圳市人民政府` -> `市`; the same from a title
 * (`广西壮族自治区深化…方案`). `''` for a national body (国务院办公厅) or when no level is named.
 */
export function levelPrefixOf(issuerOrTitle: string): string {
  const body = issuerOrTitle.replace(/^中共/, '').replace(/(人民政府|政府)(办公厅|办公室)?$/, '');
  const m = /(自治区|省|市|州|县|区)$/.exec(body) ?? /(自治区|省|市|州|县|区)$/.exec(placeOf(body));
  return m ? m[1] : '';
}
