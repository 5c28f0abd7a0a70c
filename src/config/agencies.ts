import { z } from 'zod';
import { headerText } from './headerText.ts';
import type { ConfigProblem, DirectoryEntry } from './types.ts';
import { positionOf, readYamlFile, zodProblems } from './yamlFile.ts';

/**
 * Schema of `config/agencies.yaml`, the agency directory:
 *
 * ```yaml
 * agencies:
 *   - name: 省发展改革委                 # canonical short name, as the document writes it out
 *     fullName: 广东省发展和改革委员会     # optional
 *     aliases: [省发改委]                 # optional, default []
 * ```
 */
export const agenciesFileSchema = z.strictObject({
  agencies: z.array(
    z.strictObject({
      name: headerText('name'),
      fullName: headerText('fullName').optional(),
      aliases: z.array(headerText('alias')).default([]),
    }),
  ),
});

/**
 * Reads and validates the agency directory.
 *
 * @param file path of `agencies.yaml` (as given; used in problems)
 * @param text the file's content, to validate text not on disk (tests)
 * @returns the entries (empty when the file has problems) and every problem found, each with file,
 *   line and field path: YAML syntax, schema errors, a name used twice (as a name, full name or
 *   alias of two different entries)
 */
export function loadDirectory(file: string, text?: string): { directory: DirectoryEntry[]; problems: ConfigProblem[] } {
  const y = readYamlFile(file, text);
  if (y.syntaxProblems.length > 0) return { directory: [], problems: y.syntaxProblems };
  const parsed = agenciesFileSchema.safeParse(y.value ?? {});
  if (!parsed.success) {
    return { directory: [], problems: zodProblems(y, parsed.error.issues, () => 'each entry needs `name`; `fullName` is a string; `aliases` is a list of strings, each on one line with no control character (see config/agencies.yaml)') };
  }
  const problems: ConfigProblem[] = [];
  const owner = new Map<string, string>();
  parsed.data.agencies.forEach((e, i) => {
    const keys: [string, string | number, string][] = [['name', 'name', e.name]];
    if (e.fullName) keys.push(['fullName', 'fullName', e.fullName]);
    e.aliases.forEach((a, j) => {
      keys.push([`aliases[${j}]`, j, a]);
    });
    for (const [field, pathEnd, value] of keys) {
      const prev = owner.get(value);
      if (prev !== undefined && prev !== e.name) {
        const path = field.startsWith('aliases') ? ['agencies', i, 'aliases', pathEnd] : ['agencies', i, pathEnd];
        problems.push({
          file,
          ...positionOf(y, path),
          path: `agencies[${i}].${field}`,
          message: `"${value}" already names ${prev}`,
          fix: 'give each name, full name and alias to one agency only',
        });
      } else owner.set(value, e.name);
    }
  });
  const directory: DirectoryEntry[] = parsed.data.agencies.map((e) => ({ name: e.name, ...(e.fullName ? { fullName: e.fullName } : {}), aliases: e.aliases }));
  return { directory: problems.length ? [] : directory, problems };
}
