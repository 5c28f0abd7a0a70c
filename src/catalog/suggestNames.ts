/** A name that may be suggested, and every spelling it is known by (the name itself among them). */
export interface SuggestionCandidate {
  name: string;
  keys: readonly string[];
}

/** Chinese names in pinyin order, others alphabetically: the tie-break that does not depend on list order. */
const COLLATOR = new Intl.Collator('zh-CN');

/**
 * The one "did you mean" ranking of the project (found by a new-user trial and a tester: `pprd deadlines
 * --agency` and `pprd config check` ranked a misspelt agency differently, and config keys had a third rule).
 * Used for agency names (`findAgency`, `agencySuggestions`: CLI, Slack, board, config check) and for
 * config keys (`nearestKey`: `remindrs` → `reminders`, `emial` → `email`).
 *
 * Each candidate is scored by its best key, `query` and keys compared after `normalize`:
 * 1. a key containing the query or contained in it (`省商务` → `省商务厅`; `holiday` → `holidays`), closest length first;
 * 2. the query's characters in order in the key, an abbreviation (`省市监局` → `省市场监管局`,
 *    `省文旅厅` → `省文化和旅游厅`), closest length first;
 * 3. only when no name matches by 1 or 2 (found by a tester: `省发改` was padded with 省编办、省外办, `省商务` with
 *    省工商局、省编办): within {@link editBudget} edits ({@link editDistance}, a swap of two neighbours is
 *    one edit: `emial` → `email`), nearest first, then more of the query's characters in order (longest
 *    common subsequence);
 * ties in `Intl.Collator('zh-CN')` order of the names (pinyin), so the list a name is found in does not
 * change the answer. Candidates matching none of these are left out.
 *
 * @param limit most names returned
 * @param normalize applied to the query and every key (agency names: `agencyNameKey`; config keys: lower case)
 * @returns candidate names, best first, each once
 */
export function suggestNames(
  query: string,
  candidates: readonly SuggestionCandidate[],
  limit: number,
  normalize: (s: string) => string = (s) => s,
): string[] {
  const q = normalize(query);
  if (!q) return [];
  const maxEdits = editBudget([...q].length);
  const better = (x: number[], y: number[]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  const best = new Map<string, number[]>();
  for (const c of candidates) {
    for (const key of c.keys) {
      const k = normalize(key);
      if (!k) continue;
      const lengthGap = Math.abs([...k].length - [...q].length);
      let rank: number[];
      if (k.includes(q) || q.includes(k)) rank = [0, lengthGap, 0];
      else if (commonSubsequence(k, q) === [...q].length) rank = [1, lengthGap, 0];
      else {
        const d = editDistance(k, q);
        if (d > maxEdits) continue;
        rank = [2, d, -commonSubsequence(k, q)];
      }
      const had = best.get(c.name);
      if (!had || better(rank, had) < 0) best.set(c.name, rank);
    }
  }
  // a name sharing the whole query (containment, abbreviation) makes near-misses that share less noise
  const whole = [...best.values()].some((r) => r[0] < 2);
  return [...best]
    .filter(([, r]) => !whole || r[0] < 2)
    .sort(([a, x], [b, y]) => better(x, y) || COLLATOR.compare(a, b))
    .slice(0, limit)
    .map(([name]) => name);
}

/** Length of the longest common subsequence of two strings, over code points. */
function commonSubsequence(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = [0];
    for (let j = 1; j <= y.length; j++)
      cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[y.length];
}

/**
 * Most edits a "did you mean" match may be from a query of `length` code points (found by a tester: 2 edits
 * let `xx` suggest `id` and `省发改` suggest `省外办`): 1 up to 4 characters, then ⌊length / 3⌋.
 */
export function editBudget(length: number): number {
  return length <= 4 ? 1 : Math.max(1, Math.floor(length / 3));
}

/**
 * Edit distance over code points (optimal string alignment: insertions, deletions, substitutions and
 * swaps of two neighbouring characters each count 1, so the typo `emial` is 1 from `email`).
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[y.length];
}
