import { lazyRequire } from '../lazyRequire.ts';
import { T2CN_CHARS, T2CN_PHRASES } from './t2cnChanges.ts';

/**
 * Maps full-width punctuation the parser cares about to one form, character for character (so
 * indexes into the normalised text are indexes into the original): `，`->`,`, `（`->`(`,
 * `）`->`)`, `；`->`;`, `：`->`:`, `．`->`.`. The document mixes both widths (粤府〔2017〕8号 writes
 * `(省发展改革委牵头,…)` with ASCII marks, others write `（…，…）`).
 */
export function normalizePunctuation(text: string): string {
  return text.replace(/[，（）；：．]/g, (c) => FULL_TO_HALF[c] ?? c);
}

const FULL_TO_HALF: Record<string, string> = { '，': ',', '（': '(', '）': ')', '；': ';', '：': ':', '．': '.' };

/** opencc-js's tables (loaded on the first text converted: issue 11, CLI start). */
const opencc = lazyRequire<typeof import('opencc-js/t2cn')>('opencc-js/t2cn');
let converter: ((text: string) => string) | undefined;
/** opencc-js, traditional (any variant) -> mainland simplified; built once, on first use. */
function t2cn(text: string): string {
  const convert = converter ?? opencc().Converter({ from: 't', to: 'cn' });
  converter = convert;
  return convert(text);
}

let changes: RegExp | undefined;
/**
 * True when OpenCC's `t` -> `cn` tables leave `text` as it is: it has no character they change and no
 * phrase they rewrite (src/catalog/t2cnChanges.ts, generated from the same tables). The converter
 * replaces only what its tables match in the text, so such text needs no tables: simplified names and
 * documents are read without building OpenCC's dictionaries (issue 11: CLI start).
 */
function unchangedByT2cn(text: string): boolean {
  if (!changes) {
    const inClass = (s: string) => s.replace(/[\\\]^-]/g, '\\$&');
    const phrases = T2CN_PHRASES.split('|');
    const firsts = [...new Set(phrases.map((p) => String.fromCodePoint(p.codePointAt(0)!)))].join('');
    // a changed character, or one of the phrases (looked for only where one of their first characters is)
    changes = new RegExp(
      `[${inClass(T2CN_CHARS)}]|(?=[${inClass(firsts)}])(?:${phrases.map((p) => p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|')})`,
      'u',
    );
  }
  return !changes.test(text);
}

/**
 * Traditional characters read as their simplified forms (OpenCC's `t` -> `cn` tables, opencc-js),
 * one character for one, so that indexes into the result are indexes into `text` (a phrase the
 * tables would rewrite to another length is converted character by character instead).
 * Source: issue 16, documents written in traditional characters (`廣東省財政廳`, `號`).
 */
export function toSimplified(text: string): string {
  if (unchangedByT2cn(text)) return text;
  const whole = t2cn(text);
  if (whole.length === text.length) return whole;
  return Array.from(text, (c) => {
    const s = t2cn(c);
    return s.length === c.length ? s : c;
  }).join('');
}

/** Han characters, CJK punctuation and full-width forms: white space next to them is no word break. */
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’—…、';

/**
 * Removes white space that text extracted from PDF or Word puts inside words (`自治 区财政厅`,
 * `2022 年`, `1. 标题`): any run of spaces with a Han character or CJK punctuation on one side and
 * a Han character, CJK punctuation or digit on the other. Spaces between Latin words stay.
 */
export function removeSpacesInWords(text: string): string {
  return text
    .replace(new RegExp(`([${CJK}])[\\s\\u00a0]+(?=[${CJK}\\d(（.,:;])`, 'gu'), '$1')
    .replace(new RegExp(`([\\d.,:;()（）])[\\s\\u00a0]+(?=[${CJK}])`, 'gu'), '$1');
}
