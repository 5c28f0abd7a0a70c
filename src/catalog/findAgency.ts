import { agencyNameKey, createDirectoryIndex, type DirectoryIndex, type NameEntry } from './createDirectoryIndex.ts';
import { suggestNames } from './suggestNames.ts';
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
 * Otherwise returns suggestions, best first, by the one ranking of {@link suggestNames} (names containing
 * the query or contained in it, then abbreviations, then within a few edits; ties in pinyin order).
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

  const candidates = agencies.map((a) => ({
    name: a.name,
    keys: [a.name, a.fullName, ...(a.aliases ?? [])].filter((k): k is string => !!k),
  }));
  return { agency: null, suggestions: suggestNames(name, candidates, limit, agencyNameKey) };
}

/**
 * The agencies to suggest for a name that matched none (found by a new-user trial and a tester: `pprd
 * deadlines --agency`, `pprd agency`, `pprd link --calendar` and `pprd config check` gave different lists):
 * every CLI command and the config check call this. The bodies of all `sources` together (the catalog's
 * agencies, the directory; each name once, groups left out), the prefix match (`交通运输厅` → `省交通运输厅`)
 * alone, else up to `limit` names by {@link suggestNames}.
 * @returns names, best first (empty: nothing near)
 */
export function agencySuggestions(sources: readonly (readonly FindableAgency[])[], name: string, limit = 3): string[] {
  const seen = new Set<string>();
  const bodies = sources.flat().filter((a) => !a.group && !seen.has(a.name) && seen.add(a.name));
  const m = findAgency({ agencies: bodies }, name, limit);
  return m.agency ? [m.agency.name] : m.suggestions;
}

/** `did you mean 省交通运输厅、省教育厅?` for {@link agencySuggestions}' names; `undefined` for none. */
export function didYouMean(names: readonly string[]): string | undefined {
  return names.length ? `did you mean ${names.join('、')}?` : undefined;
}

/**
 * The "did you mean" of a config check: {@link agencySuggestions} in parentheses.
 * @returns ` (did you mean 省交通运输厅?)`, or `''` when nothing is near.
 */
export function didYouMeanAgency(sources: readonly (readonly FindableAgency[])[], name: string, limit = 3): string {
  const hint = didYouMean(agencySuggestions(sources, name, limit));
  return hint ? ` (${hint})` : '';
}
