import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Catalog, parseDocument } from '../../src/catalog/index.ts';
import { loadDirectory } from '../../src/config/agencies.ts';
import type { DirectoryEntry } from '../../src/config/types.ts';

/** Absolute path inside the project. */
export const projectPath = (rel: string): string => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

/** The real document 粤府〔2017〕8号, as shipped in seeds/. */
export const SEED_DOCUMENT = projectPath('seeds/yuefu-2017-8-pprd-implementation-opinions.txt');
/** The shipped directory. */
export const SEED_DIRECTORY = projectPath('config/agencies.yaml');

/** Loads a directory file and fails the test on any problem. */
export function directoryOf(file: string): DirectoryEntry[] {
  const { directory, problems } = loadDirectory(file);
  if (problems.length > 0) throw new Error(`directory problems: ${JSON.stringify(problems)}`);
  return directory;
}

let seedParsed: Catalog | undefined;

/**
 * The real document parsed with the shipped directory. Parsed once per test process (the parse and the
 * directory's YAML are the slow part of most fixtures, which ask for it before every test); each call
 * returns its own deep copy, so a test that changes its catalog changes no other test's.
 */
export function realCatalog(): Catalog {
  seedParsed ??= parseDocument(readFileSync(SEED_DOCUMENT, 'utf8'), directoryOf(SEED_DIRECTORY), {
    file: 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt',
  });
  return structuredClone(seedParsed);
}
