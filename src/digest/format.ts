import { DateTime } from 'luxon';

/** Message language (contacts.yaml `language`). */
export type Lang = 'zh-CN' | 'en';

const ZH_WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Weekday of a calendar date `YYYY-MM-DD`: `星期二` (zh-CN) or `Tuesday` (en). Zone-free (a date has one weekday). */
export function weekdayOf(date: string, lang: Lang): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return (lang === 'en' ? EN_WEEKDAYS : ZH_WEEKDAYS)[d.weekday - 1];
}

/** `2020-06-30（星期二）` or `Tuesday 2020-06-30`. */
export function dateWithWeekday(date: string, lang: Lang): string {
  return lang === 'en' ? `${weekdayOf(date, lang)} ${date}` : `${date}（${weekdayOf(date, lang)}）`;
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** Days since 1970-01-01 of a calendar date (luxon, UTC), memoized: digests compare the same few dates thousands of times. */
const epochDays = new Map<string, number>();
function epochDay(date: string): number {
  let d = epochDays.get(date);
  if (d === undefined) {
    d = Math.round(DateTime.fromISO(date, { zone: 'UTC' }).toMillis() / 86_400_000);
    if (epochDays.size > 20_000) epochDays.clear();
    epochDays.set(date, d);
  }
  return d;
}

/** Local calendar date `YYYY-MM-DD` of an ISO instant in `zone`. */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { setZone: true }).setZone(zone).toISODate()!;
}

/**
 * Human period label: `2020H1` → `2020年上半年` / `first half of 2020`; `2026Q3` → `2026年第三季度` /
 * `Q3 2026`; `2026-07` → `2026年7月` / `July 2026`; `2026` → `2026年度` / `2026`. Unknown shapes stay as given.
 */
export function periodLabel(period: string, lang: Lang): string {
  let m = /^(\d{4})H([12])$/.exec(period);
  if (m) return lang === 'en' ? `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}` : `${m[1]}年${m[2] === '1' ? '上' : '下'}半年`;
  m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return lang === 'en' ? `Q${m[2]} ${m[1]}` : `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const d = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]) }, { zone: 'UTC' });
    return lang === 'en' ? d.setLocale('en').toFormat('LLLL yyyy') : `${m[1]}年${Number(m[2])}月`;
  }
  if (/^\d{4}$/.test(period)) return lang === 'en' ? period : `${period}年度`;
  return period;
}

/**
 * The name of a 2020 target's progress report: `2020年目标进展报告（T5）` / `progress report on 2020 target T5`.
 * With `forSubject`, the Chinese name spells the target `目标5` instead: a Chinese subject whose only
 * Latin letters are capitals (`T5`, `H1`) scores as an all-capitals subject in spam filters (rspamd
 * SUBJ_ALL_CAPS); periods likewise go into subjects as {@link periodLabel}, not `2026H1`.
 * @param id the target's id in the catalog, e.g. `T5`.
 */
export function targetReportName(id: string, lang: Lang, forSubject = false): string {
  if (lang === 'en') return `progress report on 2020 target ${id}`;
  return forSubject ? `2020年目标进展报告（目标${id.replace(/^T/, '')}）` : `2020年目标进展报告（${id}）`;
}

/** Days left / overdue phrase: `还有 7 天` / `今天到期` / `已逾期 3 天`; `7 days left` / `due today` / `3 days overdue`. */
export function daysPhrase(daysLeft: number, lang: Lang): string {
  if (lang === 'en') {
    if (daysLeft > 0) return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
    if (daysLeft === 0) return 'due today';
    return `${-daysLeft} day${daysLeft === -1 ? '' : 's'} overdue`;
  }
  if (daysLeft > 0) return `还有 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已逾期 ${-daysLeft} 天`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Quotes a shell argument when needed (for the `pprd submit …` line a contact may copy). */
export function shellArg(s: string): string {
  return /^[\w./:@+=,-]+$/u.test(s) || /^[\p{L}\p{N}\w./:@+=,-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A paragraph of a message: lines (joined by line breaks) and an optional list under them. */
export interface MessageBlock {
  lines: string[];
  list?: string[];
  /** A link after the lines: the URL on its own line in text, a link in HTML. */
  link?: { href: string; text: string };
}

/**
 * Renders message paragraphs as the plain-text and HTML parts of one email (multipart/alternative):
 * text paragraphs separated by a blank line, list items as `  - item`; HTML with every string escaped,
 * `code` lines (a command to copy) in `<code>`, lists as `<ul>` or `<ol>` (`ordered`).
 */
export function renderTextAndHtml(
  blocks: readonly MessageBlock[],
  opts: { subject: string; lang: Lang; code?: string; ordered?: boolean },
): { text: string; html: string } {
  const list = opts.ordered ? 'ol' : 'ul';
  const text = `${blocks.map((b) => [...b.lines, ...(b.list ?? []).map((x) => `  - ${x}`), ...(b.link ? [b.link.href] : [])].join('\n')).join('\n\n')}\n`;
  const html = `<!doctype html><html lang="${opts.lang}"><head><meta charset="utf-8"><title>${escapeHtml(opts.subject)}</title></head><body>\n${blocks
    .map(
      (b) =>
        `<p>${b.lines.map((l) => (l === opts.code ? `<code>${escapeHtml(l)}</code>` : escapeHtml(l))).join('<br>')}</p>${
          b.list ? `<${list}>${b.list.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</${list}>` : ''
        }${b.link ? `<p><a href="${escapeHtml(b.link.href)}">${escapeHtml(b.link.text)}</a></p>` : ''}`,
    )
    .join('\n')}\n</body></html>\n`;
  return { text, html };
}

/**
 * Who reports go to when neither the cycle nor the message says: 省泛珠办, the office every locality
 * and department reports to (粤府〔2017〕8号 三(一)); target progress requests have no cycle of their own.
 */
export const DEFAULT_SUBMIT_TO = '省泛珠办';
