import type { SourceLine } from './bodyParagraph.ts';
import { normalizePunctuation, removeSpacesInWords, toSimplified } from './normalizeText.ts';

const NUMERAL = '[一二三四五六七八九十]+';
/** `一、总体要求` (a space after 、 is removed with the spaces inside words). */
export const TOP_HEADING = new RegExp(`^(${NUMERAL})、([^,。;:()]{1,30}?)。?$`);
/** `(一)标题。正文…` */
export const SUB_HEADING = new RegExp(`^\\((${NUMERAL})\\)([^,;:。]{1,40})。?(.*)$`);
/** `1.标题。正文…`, `1、标题`, `1. 标题`. */
export const TASK_LINE = /^(\d{1,3})[.、](?!\d)(.+)$/;
/** Lines below a task that name its agencies: `部门分工:…`, `牵头单位:…`, `责任单位:…`, `配合单位:…`. */
export const LABEL_LINE = /^(部门分工|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协办单位):(.*)$/;

const MARK_START = new RegExp(
  `^(?:${NUMERAL}、|\\(${NUMERAL}\\)|\\d{1,3}[.、](?!\\d)|——|(?:部门分工|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协办单位):)`,
);
/** A paragraph's end: after it a new line is a new paragraph. */
const ENDS_PARAGRAPH = /[。;:!?！？)」”"…]$/;
/** A line that is only an agency clause, wrapped below its paragraph. */
const CLAUSE_ONLY = /^[(〔].*(牵头|负责|配合|参与|参加|协同|责任单位|牵头单位).*[)〕][。]?$/;

/**
 * Splits a policy text into its non-empty lines, as the parser reads them (pure).
 *
 * - Each line is trimmed; white space inside words that PDF/Word extraction leaves (`自治 区财政厅`,
 *   `2022 年`) is removed (`removeSpacesInWords`); `text` is what the document writes, `norm` the same
 *   characters with punctuation normalised and traditional characters simplified (same length).
 * - A run-on line (the whole document on one line) is cut before each heading `一、`, `(一)`, task
 *   number `1.`, bullet `——` or label `牵头单位:` that follows the end of a sentence (`。`, `;`, `)`) or
 *   a heading; the pieces keep the line number of their line.
 * - From the first `一、` heading on, a paragraph split across lines (a line that does not end a
 *   sentence, followed by one that starts no heading, number, bullet or label) is joined again, and a
 *   line holding only an agency clause joins the paragraph above it. The joined paragraph has the
 *   number of its first line.
 */
export function readLines(text: string): SourceLine[] {
  const raw: SourceLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((r, i) => {
      const t = removeSpacesInWords(r.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ''));
      if (t) for (const piece of splitRunOn(t)) raw.push({ line: i + 1, text: piece.text, norm: piece.norm });
    });
  const firstHeading = raw.findIndex((l) => TOP_HEADING.test(l.norm));
  if (firstHeading < 0) return raw;
  const out = raw.slice(0, firstHeading);
  for (const l of raw.slice(firstHeading)) {
    const prev = out.length > firstHeading ? out[out.length - 1] : undefined;
    if (prev && joins(prev, l))
      out[out.length - 1] = { line: prev.line, text: prev.text + l.text, norm: prev.norm + l.norm };
    else out.push(l);
  }
  return out;
}

function joins(prev: SourceLine, l: SourceLine): boolean {
  // Inside an open bracket: join only when this line closes it (a clause split across lines), not
  // when a clause lacks its ")" and the next paragraph starts.
  const open = depthOf(prev.norm);
  if (open > 0) return depthOf(prev.norm + l.norm) < open && !MARK_START.test(l.norm);
  if (TOP_HEADING.test(prev.norm) || (SUB_HEADING.test(prev.norm) && !/[。]/.test(prev.norm))) return false;
  if (CLAUSE_ONLY.test(l.norm) && !MARK_START.test(l.norm) && !LABEL_LINE.test(prev.norm)) return true;
  if (ENDS_PARAGRAPH.test(prev.norm) || MARK_START.test(l.norm)) return false;
  // A task number with its title alone on the line (`1.建设综合交通枢纽`): the body starts below.
  if (TASK_LINE.test(prev.norm) && !/[。,;]/.test(prev.norm)) return false;
  if (LABEL_LINE.test(prev.norm)) return false;
  return true;
}

function depthOf(s: string): number {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(' || ch === '〔') depth++;
    else if ((ch === ')' || ch === '〕') && depth > 0) depth--;
  }
  return depth;
}

/** Cuts a line before each heading, task number, bullet or label that follows a sentence end or a heading. */
function splitRunOn(text: string): { text: string; norm: string }[] {
  const norm = normalizePunctuation(toSimplified(text));
  const cuts: number[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 1; i < norm.length; i++) {
    const ch = norm[i - 1];
    if (ch === '(' || ch === '〔') depth++;
    else if ((ch === ')' || ch === '〕') && depth > 0) depth--;
    // Labels and numbers inside a clause (`(牵头单位:X;责任单位:Y)`) cut nothing.
    if (depth > 0 || !MARK_START.test(norm.slice(i, i + 12))) continue;
    const before = norm.slice(start, i);
    // A heading run on into its first item (`二、重点任务(一)…`, `一、政务服务1.…`) starts there too.
    const headingRunOn = new RegExp(
      `^${NUMERAL}、[^,。;:()]{1,30}?(?:\\(${NUMERAL}\\)|\\d{1,3}[.、]\\p{Script=Han})`,
      'u',
    ).test(norm.slice(i));
    const afterSentence = /[。;)]$/.test(before) || headingRunOn;
    const afterHeading =
      TOP_HEADING.test(before) || (/^\(/.test(before) && SUB_HEADING.test(before) && before.length <= 42);
    if (afterSentence || afterHeading) {
      // `(2016-2020)` and `2.5` are no numbers of tasks: a number must be followed by text.
      if (/^\d/.test(norm.slice(i)) && !/^\d{1,3}[.、]\p{Script=Han}/u.test(norm.slice(i))) continue;
      cuts.push(i);
      start = i;
    }
  }
  if (cuts.length === 0) return [{ text, norm }];
  const bounds = [0, ...cuts, norm.length];
  const out: { text: string; norm: string }[] = [];
  for (let k = 0; k + 1 < bounds.length; k++)
    out.push({ text: text.slice(bounds[k], bounds[k + 1]), norm: norm.slice(bounds[k], bounds[k + 1]) });
  return out;
}
