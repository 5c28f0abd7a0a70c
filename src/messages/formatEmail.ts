/**
 * The email formatter (pure): a composed {@link Message} as the plain-text and HTML parts of one email
 * (multipart/alternative, UTF-8). The CLI's text board uses the same plain text.
 */
import type { RenderedAttachment, RenderedMessage } from '../digest/types.ts';
import type { Line, Message, Section } from './model.ts';
import { plainLine } from './model.ts';
import { say } from './phrases.ts';

export type { RenderedAttachment, RenderedMessage };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const shown = (s: Section) => s.only !== 'chat';

function sectionText(s: Section, sep: string): string {
  const line = (l: Line) => plainLine(l, sep);
  if (s.heading !== undefined)
    return `${line(s.heading)}\n${[...s.lines, ...(s.list ?? [])].map((l) => `  ${line(l)}`).join('\n')}`;
  return [...s.lines.map(line), ...(s.list ?? []).map((x) => `  - ${line(x)}`), ...(s.link ? [s.link.href] : [])].join(
    '\n',
  );
}

function sectionHtml(s: Section, m: Message, sep: string): string {
  const text = (l: Line) => escapeHtml(plainLine(l, sep));
  if (s.heading !== undefined) {
    const items = [...s.lines, ...(s.list ?? [])];
    return `<h2>${text(s.heading)}</h2>${items.length ? `<ul>${items.map((l) => `<li>${text(l)}</li>`).join('')}</ul>` : ''}`;
  }
  const list = m.ordered ? 'ol' : 'ul';
  const lines = s.lines.map((l) => {
    const plain = plainLine(l, sep);
    return plain === m.code ? `<code>${escapeHtml(plain)}</code>` : escapeHtml(plain);
  });
  return `<p>${lines.join('<br>')}</p>${s.list ? `<${list}>${s.list.map((x) => `<li>${text(x)}</li>`).join('')}</${list}>` : ''}${
    s.link ? `<p><a href="${escapeHtml(s.link.href)}">${escapeHtml(s.link.text)}</a></p>` : ''
  }`;
}

/** The plain-text part: a letter opens with its greeting, a report with its title; sections separated by a blank line. */
export function formatText(m: Message): string {
  const sep = say(m.lang).sep();
  const parts = m.sections.filter(shown).map((s) => sectionText(s, sep));
  return m.greeting !== undefined
    ? `${[m.greeting, ...parts].join('\n\n')}\n`
    : `${m.title}\n\n${parts.join('\n\n')}\n`;
}

/**
 * Formats a composed message as an email: subject, plain text (paragraphs separated by a blank line, list
 * items `  - item`, a titled section's lines indented by two spaces) and HTML (every string escaped; the
 * message's `code` line in `<code>`; lists as `<ul>`, or `<ol>` for an `ordered` message; titled sections
 * as `<h2>` and a list). Sections marked `only: 'chat'` are left out.
 */
export function formatEmail(m: Message): RenderedMessage {
  const sep = say(m.lang).sep();
  const body = m.sections
    .filter(shown)
    .map((s) => sectionHtml(s, m, sep))
    .join('\n');
  const head = `<!doctype html><html lang="${m.lang}"><head><meta charset="utf-8"><title>${escapeHtml(m.greeting !== undefined ? m.subject : m.title)}</title></head><body>\n`;
  const html =
    m.greeting !== undefined
      ? `${head}<p>${escapeHtml(m.greeting)}</p>\n${body}\n</body></html>\n`
      : `${head}<h1>${escapeHtml(m.title)}</h1>\n${body}\n</body></html>\n`;
  return { subject: m.subject, text: formatText(m), html };
}
