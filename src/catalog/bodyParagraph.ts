import type { ExpandedName } from './expandAgencyNames.ts';

/** A non-empty line of the text: 1-based number, original text (trimmed), normalised text. */
export interface SourceLine {
  line: number;
  text: string;
  norm: string;
}

/** A body paragraph with where it belongs; used by target and obligation finders. */
export interface BodyParagraph extends SourceLine {
  /** Task id (`"7"`, `"G1"`) or null outside tasks (一、总体要求 …). */
  task: string | null;
  /** Section label, e.g. `一(三)`, `二(三)`, `三(一)`; the top label alone when the (N) heading is missing. */
  section: string;
  /** The paragraph's parsed agency clause, when it ends with one. */
  clause?: { lead: ExpandedName[]; support: ExpandedName[] };
  /** Index where the agency clause starts (the paragraph's length when it has none). */
  clauseStart: number;
}

/** The paragraph without its agency clause (original and normalised). */
export function withoutClause(p: BodyParagraph): { text: string; norm: string } {
  return { text: p.text.slice(0, p.clauseStart), norm: p.norm.slice(0, p.clauseStart) };
}
