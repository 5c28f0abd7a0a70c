import { squash } from './createDirectoryIndex.ts';
import { normalizePunctuation } from './normalizeText.ts';
import type { Agency, Catalog } from './types.ts';

/** Result of {@link findAgency}. */
export type AgencyMatch =
  /** Found: how the name matched. */
  | { agency: Agency; matchedBy: 'name' | 'fullName' | 'alias' | 'prefix' }
  /** Not found: up to `limit` near misses, best first (may be empty). */
  | { agency: null; suggestions: string[] };

/**
 * Finds an agency of the catalog by canonical name, full official name or alias (white space and
 * full-/half-width punctuation ignored). A name without the level prefix (`交通运输厅`) matches the
 * one catalog name that is that name with a prefix (`省交通运输厅`), if exactly one does.
 * Otherwise returns suggestions: names containing the query or contained in it, then names within
 * edit distance 2 (Levenshtein over characters), nearest first.
 *
 * @param catalog the imported catalog (`loadCatalog(db)` or `parseDocument(...)`)
 * @param name what the user typed (CLI argument, Slack text)
 * @param limit most suggestions returned; default 5
 */
export function findAgency(catalog: Pick<Catalog, 'agencies'>, name: string, limit = 5): AgencyMatch {
  const q = key(name);
  if (!q) return { agency: null, suggestions: [] };
  const agencies = catalog.agencies;
  for (const a of agencies) if (key(a.name) === q) return { agency: a, matchedBy: 'name' };
  for (const a of agencies) if (a.fullName && key(a.fullName) === q) return { agency: a, matchedBy: 'fullName' };
  for (const a of agencies) if (a.aliases?.some((x) => key(x) === q)) return { agency: a, matchedBy: 'alias' };
  const prefixed = agencies.filter((a) => !a.group && key(a.name).endsWith(q) && key(a.name).length - q.length <= 3);
  if (prefixed.length === 1) return { agency: prefixed[0], matchedBy: 'prefix' };

  const scored: { name: string; score: number }[] = [];
  for (const a of agencies) {
    const keys = [a.name, a.fullName, ...(a.aliases ?? [])].filter((k): k is string => !!k).map(key);
    let best = Number.POSITIVE_INFINITY;
    for (const k of keys) {
      if (k.includes(q) || q.includes(k)) best = Math.min(best, Math.abs(k.length - q.length) / 100);
      else best = Math.min(best, editDistance(k, q));
    }
    if (best <= 2) scored.push({ name: a.name, score: best });
  }
  scored.sort((x, y) => x.score - y.score);
  return { agency: null, suggestions: scored.slice(0, limit).map((s) => s.name) };
}

function key(s: string): string {
  return squash(normalizePunctuation(s));
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}
