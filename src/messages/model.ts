/**
 * The one message model every medium is formatted from (pure data, no wording of its own: composers fill
 * it from facts with the phrases of `phrases.ts`; `formatEmail`, `formatSlack` and `robotDocOf` lay it out).
 */

import type { Lang } from '../digest/format.ts';
import type { OccurrenceRef } from '../digest/views.ts';

export type { Lang, OccurrenceRef };

/**
 * A piece of a line: plain text, text a medium may stress (Slack `*bold*`; plain in email), a command
 * (Slack `` `code` ``), or a list of names each medium fits to its own limits (email: all of them;
 * Slack: as many as fit in `budget` characters, then 「…等另外 N 个」).
 */
export type Inline = string | { strong: string } | { code: string } | { names: readonly string[]; budget?: number };

/** A line of text: one string, or pieces laid end to end. */
export type Line = string | readonly Inline[];

/** A button: `submit` (已报送 / Mark submitted) or `details` (详情 / Details) of one occurrence. */
export interface Button {
  action: 'submit' | 'details';
  ref: OccurrenceRef;
}

/**
 * One part of a message. Email: a paragraph (`lines`, then `list` as `  - x`, then `link`), or with a
 * `heading` a titled block (heading, then `lines` and `list` indented). Slack: one section (the heading in
 * bold over the lines; list entries `• x`), or a small-print context block for `tone: 'note'`.
 */
export interface Section {
  heading?: Line;
  lines: Line[];
  list?: Line[];
  /** A link after the lines: the URL on its own line in text, a link in HTML and robots. */
  link?: { href: string; text: string };
  /** `note`: a side remark (Slack context block); `body` (default) the message itself. */
  tone?: 'body' | 'note';
  /** Shown only in this medium: `email` (a letter's greeting and signature, the link) or `chat` (Slack). */
  only?: 'email' | 'chat';
  /** Part of the Slack notification text (the fallback every message has): its lines (`true`) or this text; default none. */
  summary?: true | string;
  /** Slack: spread the lines over up to this many sections (each ≤ 3000 characters) instead of one. */
  chunks?: number;
}

/** A composed message: what every medium says, in the recipient's language. */
export interface Message {
  lang: Lang;
  /** Email subject, robot title. */
  subject: string;
  /** Slack header; the first heading of a report's email (one with no greeting). */
  title: string;
  /** A letter's first line (`张三：` / `Dear Ada,`): a letter's email shows it instead of the title. */
  greeting?: string;
  sections: Section[];
  buttons?: Button[];
  /** A command line to copy (`pprd submit …`): `<code>` in HTML, a code line for robots. */
  code?: string;
  /** Lists are numbered (`<ol>`) in HTML. */
  ordered?: boolean;
}

/** Plain text of a line (names joined in full with `sep`). */
export function plainLine(l: Line, sep: string): string {
  if (typeof l === 'string') return l;
  return l
    .map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : 'code' in p ? p.code : p.names.join(sep)))
    .join('');
}
