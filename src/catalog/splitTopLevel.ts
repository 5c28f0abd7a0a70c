/** Opening brackets the clause reader knows, to their closing ones. */
export const BRACKET_OPEN: Readonly<Record<string, string>> = { '(': ')', '〔': '〕', '[': ']' };
/** Closing brackets, to their opening ones. */
export const BRACKET_CLOSE: Readonly<Record<string, string>> = { ')': '(', '〕': '〔', ']': '[' };

/**
 * Splits `text` at any character of `separators` that stands outside brackets, so that
 * `各县(市、区)人民政府、省财政厅` splits at the second 、 only.
 */
export function splitTopLevel(text: string, separators: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (BRACKET_OPEN[ch]) depth++;
    else if (BRACKET_CLOSE[ch]) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(ch)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
