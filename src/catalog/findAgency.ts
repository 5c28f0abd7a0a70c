import { agencyNameKey, createDirectoryIndex, type DirectoryIndex, type NameEntry } from './createDirectoryIndex.ts';
import type { Agency } from './types.ts';

/** What {@link findAgency} reads of an agency: a catalog agency or a directory entry (`group` absent = one body). */
export type FindableAgency = NameEntry & { group?: boolean };

/** Result of {@link findAgency}. */
export type AgencyMatch<A extends FindableAgency = Agency> =
  /** Found: how the name matched. */
  | { agency: A; matchedBy: 'name' | 'fullName' | 'alias' | 'prefix' }
  /** Not found: up to `limit` near misses, best first (may be empty). */
  | { agency: null; suggestions: string[] };

/** One index per catalog agency list (the web board and Slack look names up on every request). */
const INDEXES = new WeakMap<readonly FindableAgency[], DirectoryIndex<FindableAgency>>();

/**
 * Finds an agency of the catalog by canonical name, full official name or alias, through the one
 * agency-name resolver (`createDirectoryIndex`, names compared by `agencyNameKey`: white space,
 * full-/half-width punctuation and traditional characters ignored). A name without the level prefix
 * (`交通运输厅`) matches the one catalog name that is that name with a prefix (`省交通运输厅`), if
 * exactly one does.
 *
 * Otherwise returns suggestions, best first: names containing the query or contained in it (closest
 * length first); then names within edit distance 2 (Levenshtein over characters), nearest first and,
 * at the same distance, those sharing more of the query's characters in order (longest common
 * subsequence), so that a shortened name (`省交通厅`) suggests the one it shortens (`省交通运输厅`)
 * before names that only share its level and suffix (`省商务厅`); ties in catalog order.
 *
 * @param catalog the imported catalog (`loadCatalog(db)` or `parseDocument(...)`), or `{ agencies: directory }`
 *   for the entries of `config/agencies.yaml` (the config check's "did you mean")
 * @param name what the user typed (CLI argument, Slack text, web path, config key)
 * @param limit most suggestions returned; default 5
 */
export function findAgency<A extends FindableAgency = Agency>(
  catalog: { agencies: readonly A[] },
  name: string,
  limit = 5,
): AgencyMatch<A> {
  const q = agencyNameKey(name);
  if (!q) return { agency: null, suggestions: [] };
  const agencies = catalog.agencies;
  let index = INDEXES.get(agencies);
  if (!index) {
    index = createDirectoryIndex(agencies);
    INDEXES.set(agencies, index);
  }
  const found = index.resolve(name);
  if (found) {
    const agency = index.entry(found) as A;
    const matchedBy =
      agencyNameKey(agency.name) === q
        ? 'name'
        : agency.fullName && agencyNameKey(agency.fullName) === q
          ? 'fullName'
          : 'alias';
    return { agency, matchedBy };
  }
  const prefixed = agencies.filter(
    (a) => !a.group && agencyNameKey(a.name).endsWith(q) && agencyNameKey(a.name).length - q.length <= 3,
  );
  if (prefixed.length === 1) return { agency: prefixed[0], matchedBy: 'prefix' };

  // Rank: [contained (0) or edited (1), length difference or edit distance, − common subsequence].
  const scored: { name: string; rank: [number, number, number] }[] = [];
  const better = (x: [number, number, number], y: [number, number, number]) =>
    x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  for (const a of agencies) {
    const keys = [a.name, a.fullName, ...(a.aliases ?? [])].filter((k): k is string => !!k).map(agencyNameKey);
    let best: [number, number, number] | null = null;
    for (const k of keys) {
      const r: [number, number, number] =
        k.includes(q) || q.includes(k)
          ? [0, Math.abs(k.length - q.length), 0]
          : [1, editDistance(k, q), -commonSubsequence(k, q)];
      if (r[0] === 1 && r[1] > 2) continue;
      if (!best || better(r, best) < 0) best = r;
    }
    if (best) scored.push({ name: a.name, rank: best });
  }
  scored.sort((x, y) => better(x.rank, y.rank));
  return { agency: null, suggestions: scored.slice(0, limit).map((s) => s.name) };
}

/**
 * The "did you mean" of a config check (issue: config names get the suggestions `pprd agency` gives):
 * the names {@link findAgency} suggests for `name` among `sources` (the directory, then the catalog's
 * agencies), the prefix match (`交通运输厅` → `省交通运输厅`) first, no name twice, groups left out.
 * @returns ` (did you mean 省交通运输厅?)`, or `''` when nothing is near.
 */
export function didYouMeanAgency(sources: readonly (readonly FindableAgency[])[], name: string, limit = 3): string {
  const names: string[] = [];
  for (const agencies of sources) {
    const m = findAgency({ agencies }, name, limit);
    for (const n of m.agency ? [m.agency.name] : m.suggestions)
      if (!names.includes(n) && !agencies.find((a) => a.name === n)?.group) names.push(n);
  }
  return names.length ? ` (did you mean ${names.slice(0, limit).join('、')}?)` : '';
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
