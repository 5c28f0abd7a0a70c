import { CatalogParseError } from './CatalogParseError.ts';
import { type ExpandedName, expandAgencyNames, type NameContext } from './expandAgencyNames.ts';

/** Words that make a parenthesised tail an agency clause. Source: `(X牵头,Y等按职责分工负责)`. */
const CLAUSE_WORD = /牵头|负责|配合/;

/** Where a paragraph's agency clause sits, in the (punctuation-normalised) paragraph. */
export interface ClauseSpan {
  /** Index of the opening parenthesis. */
  start: number;
  /** The text between the parentheses. */
  content: string;
}

/**
 * Finds the agency clause of a paragraph: the parenthesised tail that ends the paragraph (a full
 * stop after it allowed) and contains 牵头, 负责 or 配合. Parentheses inside sentences (`(CEPA)`, `中国(广东)自由贸易试验区`,
 * `(国发〔2016〕18号)`) are not clauses: they do not end the paragraph or lack those words.
 *
 * @param para the paragraph, punctuation normalised (`（`->`(`, `，`->`,`), trimmed
 * @param line its 1-based line, for errors
 * @returns the clause, or null when the paragraph has none
 * @throws CatalogParseError `UNCLOSED_CLAUSE` when a `(` opens a text with 牵头/负责/配合 and never closes
 */
export function findAgencyClause(para: string, line: number, file?: string): ClauseSpan | null {
  const open: number[] = [];
  for (let i = 0; i < para.length; i++) {
    if (para[i] === '(') open.push(i);
    else if (para[i] === ')') open.pop();
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
  if (para[end - 1] !== ')') return null;
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (para[i] === ')') depth++;
    else if (para[i] === '(') {
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
}

/**
 * Splits a clause's content into lead (before `牵头`) and support (after it, up to
 * `等按职责分工负责` / `负责` / `配合`). A clause without 牵头 has no lead: nobody is promoted.
 *
 * @throws CatalogParseError `EMPTY_CLAUSE` when neither list names anybody
 */
export function parseAgencyClause(content: string, ctx: NameContext, line: number, file?: string): ParsedClause {
  let leadText = '';
  let supportText = content;
  const k = content.indexOf('牵头');
  if (k >= 0) {
    leadText = content.slice(0, k);
    supportText = content.slice(k + 2);
  }
  supportText = supportText
    .replace(/^[,;\s]+/, '')
    .replace(/(等)?(按职责分工)?(负责|配合|参与)[。.]?$/, '')
    .replace(/[,\s]*等?$/, '');
  leadText = leadText.replace(/[,\s]*等?$/, '');
  const clause = { lead: expandAgencyNames(leadText, ctx), support: expandAgencyNames(supportText, ctx) };
  if (clause.lead.length === 0 && clause.support.length === 0) {
    throw new CatalogParseError('EMPTY_CLAUSE', line, `the agency clause "(${content})" names no agency`, 'write the lead and supporting agencies into the clause, e.g. (省发展改革委牵头,省财政厅等按职责分工负责)', file);
  }
  return clause;
}
