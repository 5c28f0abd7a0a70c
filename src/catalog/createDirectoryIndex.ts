import { levelWordOf } from './expandAgencyNames.ts';
import { normalizePunctuation, toSimplified } from './normalizeText.ts';
import type { DirectoryEntry } from './types.ts';

/**
 * Looks names up in the agency directory (`config/agencies.yaml`) or in a catalog's agencies: the one
 * agency-name resolver (the parser, `findAgency`, config cycles and contacts).
 */
export interface DirectoryIndex<E extends NameEntry = DirectoryEntry> {
  /** Canonical name for a canonical, full or alias name (compared by {@link agencyNameKey}), else `undefined`. */
  resolve(name: string): string | undefined;
  /** The directory entry of a canonical name. */
  entry(canonical: string): E | undefined;
}

/** What an index reads of an entry: a directory entry (`config/agencies.yaml`) or a catalog agency. */
export interface NameEntry {
  name: string;
  fullName?: string;
  aliases?: readonly string[];
}

/** The document a directory is used for: its level prefix and its place. */
export interface DirectoryScope {
  /** The document's level prefix (`省`, `自治区`, `市`; `''` for a national document). */
  levelPrefix: string;
  /** The document's place with its level (`广东省`, `广西壮族自治区`, `深圳市`), `''` when unknown. */
  place: string;
}

/** Removes every kind of white space (ASCII, full-width U+3000, no-break). */
export function squash(name: string): string {
  return name.replace(/[\s\u3000\u00a0]+/g, '');
}

/**
 * The one normalisation of an agency name for lookups (issue 10: the parser, `findAgency`, the config's
 * cycles and contacts all compare names through it): white space removed, traditional characters read as
 * simplified (`廣東省財政廳` = `广东省财政厅`), full-width punctuation as half-width (`（` = `(`).
 */
export function agencyNameKey(name: string): string {
  return normalizePunctuation(toSimplified(squash(name)));
}

/** The place with its level a full name starts with: `广东省发展和改革委员会` -> `广东省`, `中共广东省委组织部` -> `广东省`. */
export function placeOf(text: string): string {
  return /^(\p{Script=Han}{2,8}?(?:自治区|省|市))/u.exec(text.replace(/^中共/, ''))?.[1] ?? '';
}

/**
 * Builds the lookup used by the parser and by `findAgency`.
 * Canonical names win over full names, which win over aliases, when two entries collide.
 *
 * With a `scope`, an entry applies only where its prefix fits (issue 16: the directory of one
 * province never rewrites another's names): an entry whose name starts with a level word (省, 市,
 * 自治区…) and whose full name starts with a place (`广东省…`) is used only in a document of that
 * place; its aliases and full name rewrite a name only in a document of its level (the alias
 * 发展改革委 of 省发展改革委 leaves a national or a 市 document's 发展改革委 alone), while its own
 * name is always itself (区自然资源局 in a 市 document). Entries without a level word (海关广东分署,
 * 广州市政府, 广铁集团) apply everywhere.
 */
export function createDirectoryIndex<E extends NameEntry = DirectoryEntry>(
  directory: readonly E[],
  scope?: DirectoryScope,
): DirectoryIndex<E> {
  const byName = new Map<string, string>();
  const entries = new Map<string, E>();
  const placeFits = (e: E) => {
    if (!scope || !levelWordOf(e.name)) return true;
    const place = e.fullName ? placeOf(e.fullName) : '';
    return !scope.place || !place || place === scope.place;
  };
  const levelFits = (e: E) => !scope || !levelWordOf(e.name) || levelWordOf(e.name) === scope.levelPrefix;
  // A name the text writes as the entry's own name is that entry (区自然资源局 in a 市 document);
  // rewriting another spelling to it (alias, full name) needs the level to fit too.
  const own = directory.filter(placeFits);
  const rewriting = own.filter(levelFits);
  for (const e of own) entries.set(e.name, e);
  const add = (key: string | undefined, canonical: string) => {
    if (!key) return;
    const k = agencyNameKey(key);
    if (!byName.has(k)) byName.set(k, canonical);
  };
  for (const e of own) add(e.name, e.name);
  for (const e of rewriting) add(e.fullName, e.name);
  for (const e of rewriting) for (const a of e.aliases ?? []) add(a, e.name);
  return {
    resolve: (name) => byName.get(agencyNameKey(name)),
    entry: (canonical) => entries.get(canonical),
  };
}
