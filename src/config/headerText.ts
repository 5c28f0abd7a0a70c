import { zod } from './lazySchema.ts';

/**
 * CR, LF and every other C0/C1 control character, DEL and the Unicode line/paragraph separators:
 * never allowed in a value that can reach a mail header (From, To, Subject), a Slack message or an
 * `.ics` field. A line break there would end the header and start another one (header injection,
 * RFC 5322 §2.2), or make nodemailer refuse every message at send time.
 */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Fix text for a value with a control character. */
export const FIX_ONE_LINE =
  'write it on one line with no line break, tab or other control character (a YAML `|` or `>` block adds a line break; use a plain or quoted string)';

/** Describes the first control character of `s` (`line break (U+000A) at character 5`), or undefined when there is none. */
export function controlCharIn(s: string): string | undefined {
  const m = CONTROL_CHARS.exec(s);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const what =
    code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029
      ? 'a line break'
      : code === 0x09
        ? 'a tab'
        : 'a control character';
  return `${what} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${m.index + 1}`;
}

/**
 * A zod string for a value that reaches a header or a one-line field: trimmed, non-empty, one line
 * with no control characters (see {@link CONTROL_CHARS}). Trailing whitespace YAML leaves is trimmed
 * first, so `name: 半年报送` followed by a space is fine; a line break inside is refused.
 * @param what the field as the message names it, e.g. `cycle name`.
 */
export function headerText(what: string) {
  return zod()
    .z.string({
      error: (issue) =>
        issue.input === undefined ? `${what} is missing` : `${what} must be text, got ${JSON.stringify(issue.input)}`,
    })
    .trim()
    .min(1, `${what} must not be empty`)
    .superRefine((s, ctx) => {
      const bad = controlCharIn(s);
      if (bad)
        ctx.addIssue({
          code: 'custom',
          message: `${what} contains ${bad}: it would reach a mail header or a Slack message`,
        });
    });
}
