import { createDirectoryIndex, didYouMeanAgency } from '../catalog/index.ts';
import { dateProblem } from '../schedule/index.ts';
import { headerText } from './headerText.ts';
import { lazySchema } from './lazySchema.ts';
import type { ConfigProblem, DirectoryEntry } from './types.ts';
import { emptyFileProblem, positionOf, type YamlFile, yamlFileOf, zodProblems } from './yamlFile.ts';

/**
 * Schema of `config/agencies.yaml`, the agency directory (built on first use: zod loads then, issue 11):
 *
 * ```yaml
 * agencies:
 *   - name: 省发展改革委                 # canonical short name, as the document writes it out
 *     fullName: 广东省发展和改革委员会     # optional
 *     aliases: [省发改委]                 # optional, default []
 *   - name: 省国土资源厅
 *     successor: 省自然资源厅             # optional: the body that took its duties over (a directory entry)
 *     since: 2018-10-22                  # with successor: the first day the successor holds them
 * ```
 */
export const agenciesFileSchema = lazySchema((z) =>
  z.strictObject({
    agencies: z.array(
      z.strictObject({
        name: headerText('name'),
        fullName: headerText('fullName').optional(),
        aliases: z.array(headerText('alias')).default([]),
        successor: headerText('successor').optional(),
        since: z.string().optional(),
      }),
    ),
  }),
);

/**
 * Reads and validates the agency directory.
 *
 * @param file path of `agencies.yaml` (as given; used in problems)
 * @param text the file's content, to validate text not on disk (tests), or the file as already parsed
 *   (`readConfigFiles`)
 * @returns the entries (empty when the file has problems) and every problem found, each with file,
 *   line and field path: YAML syntax, schema errors, a name used twice (as a name, full name or
 *   alias of two different entries)
 */
export function loadDirectory(
  file: string,
  text?: string | YamlFile,
): { directory: DirectoryEntry[]; problems: ConfigProblem[] } {
  const y = yamlFileOf(file, text);
  if (y.syntaxProblems.length > 0) return { directory: [], problems: y.syntaxProblems };
  const empty = emptyFileProblem(y, 'the agency directory (agencies: with one entry per agency)');
  if (empty) return { directory: [], problems: [empty] };
  const parsed = agenciesFileSchema().safeParse(y.value ?? {});
  if (!parsed.success) {
    return {
      directory: [],
      problems: zodProblems(
        y,
        parsed.error.issues,
        () =>
          'each entry needs `name`; `fullName` is a string; `aliases` is a list of strings, each on one line with no control character (see config/agencies.yaml)',
        agenciesFileSchema(),
      ),
    };
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
  const directory: DirectoryEntry[] = parsed.data.agencies.map((e) => ({
    name: e.name,
    ...(e.fullName ? { fullName: e.fullName } : {}),
    aliases: e.aliases,
  }));
  checkSuccessors(file, parsed.data.agencies, directory, (i, field, message, fix) =>
    problems.push({ file, ...positionOf(y, ['agencies', i, field]), path: `agencies[${i}].${field}`, message, fix }),
  );
  return { directory: problems.length ? [] : directory, problems };
}

/**
 * Checks `successor`/`since` (issue 14 item 1) and sets them, the successor by its canonical name, on
 * `directory` (same order as `entries`): both or neither; `since` a real date `YYYY-MM-DD`; the successor
 * a directory entry other than the agency itself; no chain that comes back to where it started.
 */
function checkSuccessors(
  file: string,
  entries: readonly { name: string; successor?: string; since?: string }[],
  directory: DirectoryEntry[],
  problem: (i: number, field: 'successor' | 'since', message: string, fix: string) => void,
): void {
  const index = createDirectoryIndex(directory);
  for (const [i, e] of entries.entries()) {
    if (e.successor === undefined && e.since === undefined) continue;
    if (e.successor === undefined) {
      problem(
        i,
        'since',
        `${e.name} has since but no successor`,
        'add successor: NAME (the body that took its duties over), or remove since',
      );
      continue;
    }
    if (e.since === undefined) {
      problem(
        i,
        'successor',
        `${e.name} has a successor but no since`,
        'add since: YYYY-MM-DD, the first day the successor holds its duties',
      );
      continue;
    }
    const bad = dateProblem(e.since);
    if (bad) {
      problem(
        i,
        'since',
        `since "${e.since}": ${bad}`,
        'write the date the successor took over as YYYY-MM-DD, e.g. since: 2018-10-22',
      );
      continue;
    }
    const successor = index.resolve(e.successor);
    if (!successor) {
      problem(
        i,
        'successor',
        `successor "${e.successor}" of ${e.name} is not in the directory${didYouMeanAgency([directory.filter((d) => d.name !== e.name)], e.successor)}`,
        `add an entry for ${e.successor} (name and fullName) to ${file}`,
      );
      continue;
    }
    if (successor === e.name) {
      problem(
        i,
        'successor',
        `${e.name} names itself as successor`,
        'name the body that took its duties over, or remove successor and since',
      );
      continue;
    }
    directory[i].successor = successor;
    directory[i].since = e.since;
  }
  const next = new Map(directory.filter((d) => d.successor).map((d) => [d.name, d.successor!]));
  for (const [i, d] of directory.entries()) {
    const seen = [d.name];
    for (let a = next.get(d.name); a !== undefined; a = next.get(a)) {
      if (a === d.name) {
        problem(
          i,
          'successor',
          `successors go round in a circle: ${[...seen, a].join(' → ')}`,
          'a successor is a body that still exists: remove successor from one of them',
        );
        break;
      }
      if (seen.includes(a)) break;
      seen.push(a);
    }
  }
}
