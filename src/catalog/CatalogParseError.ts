/**
 * The one error the catalog parser throws. It names the place (file, 1-based line) and the fix,
 * so that the CLI can print one line and exit 2 (bad input).
 */

/** Codes of {@link CatalogParseError}. */
export type CatalogParseErrorCode =
  /** The bytes are not valid UTF-8 (WHATWG Encoding, `fatal: true`). */
  | 'NOT_UTF8'
  /** A NUL byte or another control character (not tab, line feed, carriage return or form feed): a binary or damaged file. */
  | 'CONTROL_BYTE'
  /** The file holds no text (zero bytes or only white space). */
  | 'EMPTY'
  /** No numbered task (`1.标题。`) under any top-level heading. */
  | 'NO_TASKS'
  /** The same task number appears twice. */
  | 'DUPLICATE_TASK'
  /** A paragraph opens an agency clause `(…牵头…` / `(…负责…` that never closes. */
  | 'UNCLOSED_CLAUSE'
  /** An agency clause names no agency at all. */
  | 'EMPTY_CLAUSE'
  /** An agency clause holds something that is not a list of agencies with their roles (issue 16). */
  | 'UNREADABLE_CLAUSE';

/** A bad policy text: `code`, 1-based `line` (0 when the whole file is concerned), what to do (`fix`). */
export class CatalogParseError extends Error {
  readonly code: CatalogParseErrorCode;
  readonly line: number;
  readonly fix: string;
  /** File name as given by the caller (for messages only); `undefined` for in-memory text. */
  readonly file: string | undefined;
  /** The problem alone, without place or fix. */
  readonly problem: string;

  constructor(code: CatalogParseErrorCode, line: number, problem: string, fix: string, file?: string) {
    super(formatParseError(file, line, problem, fix));
    this.name = 'CatalogParseError';
    this.code = code;
    this.line = line;
    this.problem = problem;
    this.fix = fix;
    this.file = file;
  }
}

/** One line: `seeds/x.txt:12: agency clause does not close — fix: add the closing ")"`. */
export function formatParseError(file: string | undefined, line: number, problem: string, fix: string): string {
  const where = `${file ?? '<text>'}${line > 0 ? `:${line}` : ''}`;
  return `${where}: ${problem} — fix: ${fix}`;
}
