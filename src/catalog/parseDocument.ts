import type { DirectoryEntry } from '../config/types.ts';
import { CatalogParseError } from './CatalogParseError.ts';
import { createDirectoryIndex } from './createDirectoryIndex.ts';
import { expandAgencyNames, type NameContext } from './expandAgencyNames.ts';
import { findObligations } from './findObligations.ts';
import { findTargets } from './findTargets.ts';
import { normalizePunctuation } from './normalizeText.ts';
import { findAgencyClause, parseAgencyClause } from './parseAgencyClause.ts';
import type { Agency, Assignment, Catalog, PolicyDocument, Task } from './types.ts';
import type { BodyParagraph, SourceLine } from './bodyParagraph.ts';

/** Options of {@link parseDocument}. */
export interface ParseOptions {
  /** File name used in error messages (no file is read). */
  file?: string;
}

const NUMERAL = '[一二三四五六七八九十]+';
const TOP_HEADING = new RegExp(`^(${NUMERAL})、([^,。;:]{1,30})$`);
const SUB_HEADING = new RegExp(`^\\((${NUMERAL})\\)([^,;:。]{1,40})。?(.*)$`);
const TASK_LINE = /^(\d{1,3})[.、](.+)$/;

/**
 * Parses a policy text of the shape of 粤府〔2017〕8号 into a catalog.
 *
 * Shape read (general, nothing of this document's answers is built in):
 * - header lines before the first `一、` heading: the 文号 (`X〔YYYY〕N号`), the issuer (the line
 *   before the date), the date `YYYY年M月D日`, the title (the line after the date);
 * - top-level headings `一、…`, sub-headings `(一)…` (full- or half-width parentheses; a missing
 *   `(一)` is tolerated: paragraphs before the first sub-heading belong to the top section);
 * - numbered tasks `N.标题。…` under any top section; a task runs over the following paragraphs
 *   until the next number or heading;
 * - in top sections after the first one with tasks, each `(N)` sub-heading without numbered tasks is
 *   a safeguard measure `G1`, `G2`, … (三、保障措施 (一)-(四) in the document);
 * - each paragraph's agency clause (see `findAgencyClause`, `parseAgencyClause`,
 *   `expandAgencyNames`);
 * - targets (`findTargets`) and reporting obligations (`findObligations`).
 *
 * The document's level prefix (省, 自治区, 市) is read from the issuer (`广东省人民政府` -> 省).
 *
 * @param text the decoded text (any line endings; a final newline is optional)
 * @param directory the agency directory; names it lacks are listed in `warnings`
 * @throws CatalogParseError `EMPTY`, `NO_HEADER`, `NO_TASKS`, `DUPLICATE_TASK`, `UNCLOSED_CLAUSE`, `EMPTY_CLAUSE`
 */
export function parseDocument(text: string, directory: readonly DirectoryEntry[], options: ParseOptions = {}): Catalog {
  const { file } = options;
  const lines: SourceLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const t = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
      if (t) lines.push({ line: i + 1, text: t, norm: normalizePunctuation(t) });
    });
  if (lines.length === 0) {
    throw new CatalogParseError('EMPTY', 0, 'the file holds no text', 'point the command at the text of the policy document', file);
  }

  const firstHeading = lines.findIndex((l) => TOP_HEADING.test(l.norm));
  const taskSectionTops = new Set<string>();
  // First pass: which top sections hold numbered tasks (safeguards come after the first of them).
  {
    let t = '';
    for (const l of lines.slice(Math.max(firstHeading, 0))) {
      const m = TOP_HEADING.exec(l.norm);
      if (m) t = m[1];
      else if (t && TASK_LINE.test(l.norm)) taskSectionTops.add(t);
    }
  }
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

  const document = parseHeader(lines.slice(0, firstHeading), file);
  const ctx: NameContext = { levelPrefix: levelPrefixOf(document.issuer), directory: createDirectoryIndex(directory) };

  // Walk the body: headings, tasks, safeguard measures, paragraphs.
  const body: BodyParagraph[] = [];
  const tasks: Task[] = [];
  const taskLines = new Map<string, number>();
  let top = '';
  let topTitle = '';
  let sub: string | null = null;
  let subTitle = '';
  let seenTaskSection = false;
  let topHasTasks = false;
  let gCount = 0;
  let current: Task | null = null;

  const addParagraph = (l: SourceLine, norm: string, original: string) => {
    const section = sub ? `${top}(${sub})` : top;
    const span = findAgencyClause(norm, l.line, file);
    const para: BodyParagraph = { line: l.line, text: original, norm, task: current?.id ?? null, section, clauseStart: span?.start ?? norm.length };
    if (current) {
      current.paragraphs.push(original);
      if (span) {
        para.clause = parseAgencyClause(span.content, ctx, l.line, file);
        const a: Assignment = {
          paragraph: current.paragraphs.length,
          line: l.line,
          lead: para.clause.lead.map((n) => n.name),
          support: para.clause.support.map((n) => n.name),
        };
        current.assignments.push(a);
      }
    }
    body.push(para);
  };

  for (const l of lines.slice(firstHeading)) {
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
      if (seenTaskSection && !topHasTasks) {
        gCount++;
        current = { id: `G${gCount}`, section: `${top}(${sub})`, sectionTitle: subTitle, title: subTitle, paragraphs: [], assignments: [] };
        registerTask(current, l.line);
      }
      const rest = subM[3];
      if (rest) {
        const offset = l.norm.length - rest.length;
        addParagraph(l, rest, l.text.slice(offset));
      }
      continue;
    }
    const taskM = topHasTasks ? TASK_LINE.exec(l.norm) : null;
    if (taskM) {
      const title = taskM[2].split('。')[0];
      current = {
        id: String(Number(taskM[1])),
        section: sub ? `${top}(${sub})` : top,
        sectionTitle: sub ? subTitle : topTitle,
        title,
        paragraphs: [],
        assignments: [],
      };
      registerTask(current, l.line);
    }
    addParagraph(l, l.norm, l.text);
  }

  function registerTask(task: Task, line: number) {
    const prev = taskLines.get(task.id);
    if (prev !== undefined) {
      throw new CatalogParseError('DUPLICATE_TASK', line, `task ${task.id} appears twice (first at line ${prev})`, 'renumber the tasks so that each number appears once', file);
    }
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

  return {
    document,
    tasks: ordered,
    agencies,
    targets: findTargets(body),
    obligations: findObligations(body, (list) => expandAgencyNames(list, ctx)),
    warnings,
  };
}

/** Reads number, issuer, date and title from the header lines. */
function parseHeader(header: SourceLine[], file?: string): PolicyDocument {
  const numberLine = header.find((l) => /[〔[［]\d{4}[〕\]］]\d+号$/.test(l.norm));
  const dateIdx = header.findIndex((l) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(l.norm));
  const at = header[0]?.line ?? 1;
  if (!numberLine) {
    throw new CatalogParseError('NO_HEADER', at, 'no document number (文号, e.g. "粤府〔2017〕8号") in the header', 'keep the header lines of the document (文号, issuer, date, title) before "一、…"', file);
  }
  if (dateIdx < 1) {
    throw new CatalogParseError('NO_HEADER', at, 'no issuer and issue date ("广东省人民政府" then "2017年1月20日") in the header', 'keep the header lines of the document (文号, issuer, date, title) before "一、…"', file);
  }
  const dm = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(header[dateIdx].norm)!;
  const issued = `${dm[1]}-${dm[2].padStart(2, '0')}-${dm[3].padStart(2, '0')}`;
  const issuer = header[dateIdx - 1].text;
  const after = header.slice(dateIdx + 1).find((l) => !/[,。;:]/.test(l.norm));
  const quoted = header.map((l) => /《([^》]+)》/.exec(l.text)?.[1]).find((t) => t !== undefined);
  const title = after?.text ?? quoted;
  if (!title) {
    throw new CatalogParseError('NO_HEADER', header[dateIdx].line, 'no title after the issue date', 'put the title on the line after the issue date', file);
  }
  return { number: numberLine.text, issuer, issued, title };
}

/**
 * The prefix the document's own level writes before its departments: `广东省人民政府` -> `省`,
 * `广西壮族自治区人民政府` -> `自治区`, `深圳市人民政府` -> `市`. Defaults to `省`.
 */
export function levelPrefixOf(issuer: string): string {
  const body = issuer.replace(/(人民政府|政府)(办公厅|办公室)?$/, '');
  const m = /(自治区|省|市|州|县|区)$/.exec(body);
  return m ? m[1] : '省';
}
