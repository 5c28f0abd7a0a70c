import type { DirectoryEntry } from '../config/types.ts';

/** Looks names up in the agency directory (`config/agencies.yaml`). */
export interface DirectoryIndex {
  /** Canonical name for a canonical, full or alias name (white space ignored), else `undefined`. */
  resolve(name: string): string | undefined;
  /** The directory entry of a canonical name. */
  entry(canonical: string): DirectoryEntry | undefined;
}

/** Removes every kind of white space (ASCII, full-width U+3000, no-break). */
export function squash(name: string): string {
  return name.replace(/[\s\u3000\u00a0]+/g, '');
}

/**
 * Builds the lookup used by the parser and by `findAgency`.
 * Canonical names win over full names, which win over aliases, when two entries collide.
 */
export function createDirectoryIndex(directory: readonly DirectoryEntry[]): DirectoryIndex {
  const byName = new Map<string, string>();
  const entries = new Map<string, DirectoryEntry>();
  for (const e of directory) entries.set(e.name, e);
  const add = (key: string | undefined, canonical: string) => {
    if (!key) return;
    const k = squash(key);
    if (!byName.has(k)) byName.set(k, canonical);
  };
  for (const e of directory) add(e.name, e.name);
  for (const e of directory) add(e.fullName, e.name);
  for (const e of directory) for (const a of e.aliases) add(a, e.name);
  return {
    resolve: (name) => byName.get(squash(name)),
    entry: (canonical) => entries.get(canonical),
  };
}
