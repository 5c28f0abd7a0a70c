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
