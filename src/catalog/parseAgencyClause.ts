import { CatalogParseError } from './CatalogParseError.ts';
import { type ExpandedName, expandAgencyNames, type NameContext } from './expandAgencyNames.ts';
import { BRACKET_CLOSE as CLOSE, BRACKET_OPEN as OPEN, splitTopLevel } from './splitTopLevel.ts';

/**
 * Words that make a bracketed tail an agency clause. Sources: `(X牵头,Y等按职责分工负责)` (粤府〔2017〕8号),
 * `(X负责,Y配合)`, `(X牵头,Y参与)`, `(责任单位:…)`, `(牵头单位:X;责任单位:Y)`, `〔责任单位:…〕` (issue 16).
 */
const CLAUSE_WORD = /牵头|负责|配合|参与|参加|协同|责任单位|责任部门|牵头单位|配合单位/;

/** Where a paragraph's agency clause sits, in the (punctuation-normalised) paragraph. */
export interface ClauseSpan {
  /** Index of the opening bracket. */
  start: number;
  /** The text between the brackets. */
  content: string;
}

/**
 * Finds the agency clause of a paragraph: the bracketed tail (`( )` or `〔 〕`) that ends the
 * paragraph (a full stop after it allowed) and contains a clause word (牵头, 负责, 配合, 参与, 参加,
 * 协同, 责任单位, 牵头单位, 配合单位). Brackets inside sentences (`(CEPA)`, `中国(广东)自由贸易试验区`,
 * `(国发〔2016〕18号)`) are not clauses: they do not end the paragraph or lack those words.
 *
 * @param para the paragraph, punctuation normalised (`（`->`(`, `，`->`,`), trimmed
 * @param line its 1-based line, for errors
 * @returns the clause, or null when the paragraph has none
 * @throws CatalogParseError `UNCLOSED_CLAUSE` when a bracket opens a text with a clause word and never closes
 */
export function findAgencyClause(para: string, line: number, file?: string): ClauseSpan | null {
  const open: number[] = [];
  for (let i = 0; i < para.length; i++) {
    if (OPEN[para[i]]) open.push(i);
    else if (CLOSE[para[i]]) open.pop();
  }
  if (open.length > 0) {
    const at = open[0];
    const rest = para.slice(at + 1);
    if (CLAUSE_WORD.test(rest)) {
      throw new CatalogParseError(
        'UNCLOSED_CLAUSE',
        line,
        `the agency clause "${shorten(para.slice(at))}" does not close`,
        'add the closing ")" at the end of the paragraph (or join the paragraph that was split across lines)',
        file,
      );
    }
  }
  // Some texts put a full stop after the clause: `…(省发展改革委牵头)。`
  const end = para.replace(/[。.;\s\u3000]+$/, '').length;
  const closer = para[end - 1];
  if (!CLOSE[closer]) return null;
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (CLOSE[para[i]]) depth++;
    else if (OPEN[para[i]]) {
      depth--;
      if (depth === 0) {
        const content = para.slice(i + 1, end - 1);
        return CLAUSE_WORD.test(content) ? { start: i, content } : null;
      }
    }
  }
  return null;
}

function shorten(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

/** A parsed agency clause. */
export interface ParsedClause {
  lead: ExpandedName[];
  support: ExpandedName[];
  /**
   * The lead convention the clause states (`列第一位者为牵头单位`, `排在首位的为牵头单位`), if any:
   * `carries` when it adds `下同` ("the same below"), so that it governs the following clauses too.
   */
  convention?: { carries: boolean };
}

/** Options of {@link parseAgencyClause}. */
export interface ClauseOptions {
  /** A convention stated before (in the document or with 下同) makes the first responsible agency the lead. */
  firstIsLead?: boolean;
}

/** `列第一位者为牵头单位`, `排在首位的为牵头单位`, `排第一位的为牵头部门`. */
export const LEAD_CONVENTION = /(?:列|排)(?:在)?(?:第一位|首位)(?:的|者)?(?:单位|部门)?为牵头(?:单位|部门)/;
const LEAD_LABEL = /^(牵头单位|牵头部门|主责单位)$/;
const RESPONSIBLE_LABEL = /^(责任单位|责任部门)$/;
const LABEL = /(牵头单位|牵头部门|主责单位|责任单位|责任部门|配合单位|配合部门|参与单位|协办单位|协同单位):/g;
/** Marks an item followed by `(牵头)` inside a list; never in a policy text. */
const LEAD_MARK = '\u2020';

type Role = 'lead' | 'responsible' | 'support';

/**
 * Reads a clause's content into lead and support agencies (issue 2, issue 16).
 *
 * Forms: `X牵头,Y、Z按职责分工负责`; `X、Y负责`; support introduced by 配合, 参与, 参加, 协同
 * (`X负责,Y配合`, `X牵头,Y参与`); labels `责任单位:…`, `牵头单位:X;责任单位:Y`, `配合单位:…`; an
 * item marked `X(牵头)`. Lead: what the text marks as leading (牵头, 牵头单位, `(牵头)`); else,
 * when the clause sets apart who supports (配合…), the responsible agencies before it; else, when a
 * convention is stated (`列第一位者为牵头单位` in this clause or before it, see `options`), the first
 * responsible agency; else nobody: no lead is invented. The convention sentence and `下同` are not agencies.
 *
 * @throws CatalogParseError `EMPTY_CLAUSE` when the clause names nobody; `UNREADABLE_CLAUSE` when a
 *   part of it is not a list of agency names (the reader would have to guess)
 */
export function parseAgencyClause(
  content: string,
  ctx: NameContext,
  line: number,
  file?: string,
  options: ClauseOptions = {},
): ParsedClause {
  let c = content;
  let convention: ParsedClause['convention'];
  if (LEAD_CONVENTION.test(c)) {
    convention = { carries: /下同/.test(c) };
    c = c
      .replace(new RegExp(`\\([^()]*${LEAD_CONVENTION.source}[^()]*\\)`), '')
      .replace(new RegExp(`[,;]?(?:其中)?${LEAD_CONVENTION.source}(?:[,;]?下同)?`), '');
  }
  c = c.replace(/[,;]?下同$/, '').replace(/\((牵头|牵头单位)\)/g, LEAD_MARK);

  const parts: { role: Role | null; text: string }[] = [];
  const labels = [...c.matchAll(LABEL)];
  if (labels.length > 0) {
    const before = c.slice(0, labels[0].index).replace(/^[,;\s]+|[,;\s]+$/g, '');
    if (before) parts.push(...unlabelledParts(before));
    labels.forEach((m, i) => {
      const text = c
        .slice(m.index + m[0].length, i + 1 < labels.length ? labels[i + 1].index : c.length)
        .replace(/^[,;\s]+|[,;。\s]+$/g, '');
      const label = m[1];
      parts.push({
        role: LEAD_LABEL.test(label) ? 'lead' : RESPONSIBLE_LABEL.test(label) ? 'responsible' : 'support',
        text,
      });
    });
  } else {
    parts.push(...unlabelledParts(c));
  }
  // A part without a role word belongs with the next part that has one (`X牵头,Y,Z等按职责分工负责`).
  for (let i = parts.length - 1, next: Role | null = null; i >= 0; i--) {
    if (parts[i].role) next = parts[i].role;
    else parts[i].role = next;
  }
  for (let i = 0, prev: Role | null = null; i < parts.length; i++) {
    if (parts[i].role) prev = parts[i].role;
    else parts[i].role = prev === 'lead' ? 'support' : prev;
  }
  const quoted = `"(${content})"`;
  if (parts.some((p) => p.role === null)) {
    throw unreadable(line, quoted, 'says nobody leads, is responsible or supports (no 牵头, 负责, 配合…)', file);
  }

  const expand = (role: Role) => {
    const text = parts
      .filter((p) => p.role === role)
      .map((p) => p.text)
      .filter((t) => t.length > 0)
      .join(',');
    return text ? expandAgencyNames(text, ctx) : [];
  };
  const marked: ExpandedName[] = [];
  const unmark = (names: ExpandedName[]) =>
    names.filter((n) => {
      if (!n.name.includes(LEAD_MARK)) return true;
      const bare = n.name.replaceAll(LEAD_MARK, '');
      const canonical = ctx.directory.resolve(bare);
      marked.push({ name: canonical ?? bare, group: n.group, known: canonical !== undefined });
      return false;
    });
  const leads = unmark(expand('lead'));
  const responsible = unmark(expand('responsible'));
  const supports = unmark(expand('support'));
  leads.push(...marked);

  let clause: ParsedClause;
  if (leads.length > 0) clause = { lead: leads, support: [...responsible, ...supports] };
  else if (supports.length > 0 && responsible.length > 0) clause = { lead: responsible, support: supports };
  else if ((convention || options.firstIsLead) && responsible.length > 0)
    clause = { lead: responsible.slice(0, 1), support: [...responsible.slice(1), ...supports] };
  else clause = { lead: [], support: [...responsible, ...supports] };
  if (convention) clause.convention = convention;

  if (clause.lead.length === 0 && clause.support.length === 0) {
    throw new CatalogParseError(
      'EMPTY_CLAUSE',
      line,
      `the agency clause "(${content})" names no agency`,
      'write the lead and supporting agencies into the clause, e.g. (省发展改革委牵头,省财政厅等按职责分工负责)',
      file,
    );
  }
  for (const n of [...clause.lead, ...clause.support]) {
    if (!isNameLike(n.name)) throw unreadable(line, quoted, `has "${n.name}", which is not an agency name`, file);
  }
  return clause;
}

function unreadable(line: number, quoted: string, why: string, file?: string): CatalogParseError {
  return new CatalogParseError(
    'UNREADABLE_CLAUSE',
    line,
    `the agency clause ${quoted} cannot be read: it ${why}`,
    'write it as (X牵头,Y、Z按职责分工负责), (责任单位:X、Y) or (牵头单位:X;配合单位:Y)',
    file,
  );
}

/** Role words at the end (or start) of a comma part. */
const LEAD_END = /牵头(?:负责)?$/;
const RESPONSIBLE_END = /(?:按照?职责分工|按职责|分别|共同)?(?:负责|落实)$/;
const SUPPORT_END = /(?:按照?职责分工|按职责)?(?:配合|参与|参加|协同|协助)(?:实施|推进)?$/;
const SUPPORT_START = /^(?:配合|协同|参与|参加|协助)(?:单位)?/;

/** Splits an unlabelled clause at its top-level commas into parts with the role their words state. */
function unlabelledParts(text: string): { role: Role | null; text: string }[] {
  const out: { role: Role | null; text: string }[] = [];
  for (let piece of splitTopLevel(text, ',;')) {
    piece = piece.trim();
    if (!piece) continue;
    const k = piece.indexOf('牵头');
    if (k > 0 && k + 2 < piece.length && !LEAD_END.test(piece)) {
      out.push({ role: 'lead', text: piece.slice(0, k) });
      piece = piece.slice(k + 2).replace(/^[,;\s]+/, '');
      if (!piece) continue;
    }
    if (LEAD_END.test(piece)) out.push({ role: 'lead', text: piece.replace(LEAD_END, '') });
    else if (SUPPORT_START.test(piece))
      out.push({ role: 'support', text: piece.replace(SUPPORT_START, '').replace(SUPPORT_END, '').replace(/^:/, '') });
    else if (SUPPORT_END.test(piece)) out.push({ role: 'support', text: piece.replace(SUPPORT_END, '') });
    else if (RESPONSIBLE_END.test(piece)) out.push({ role: 'responsible', text: piece.replace(RESPONSIBLE_END, '') });
    else out.push({ role: null, text: piece });
  }
  return out.map((p) => ({ ...p, text: p.text.replace(/[,;\s]*等?$/, '') }));
}

/**
 * Words of a sentence, not of a name: a clause holding them says what to do, not who (`由X会同Y研究确定`).
 * Source: the verbs and connectives of Chinese administrative prose.
 */
const SENTENCE_WORD = /^由|会同|研究确定|研究制定|确定后|视情|根据|按照|以及|并且|其中|组织实施|负责|牵头|配合/;

/** An agency name: 2-40 characters, Han letters, Latin letters, digits, balanced brackets, `·`, no sentence words. */
function isNameLike(name: string): boolean {
  if (!/^[\p{Script=Han}A-Za-z0-9()·、]{2,40}$/u.test(name)) return false;
  if (SENTENCE_WORD.test(name)) return false;
  let depth = 0;
  for (const ch of name) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
