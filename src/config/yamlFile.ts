import { readFileSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import { lazyRequire } from '../lazyRequire.ts';

/** `yaml`, loaded on the first config read (issue 11: CLI start). */
const yaml = lazyRequire<typeof import('yaml')>('yaml');

import type { z } from 'zod';
import { suggestNames } from '../catalog/suggestNames.ts';
import type { ConfigProblem } from './types.ts';

/** A YAML file parsed with its line map, so that problems can name the line of a field. */
export interface YamlFile {
  /** Path as given (used in messages). */
  file: string;
  doc: Document;
  lines: LineCounter;
  /** Plain JS value of the document (undefined when the YAML has syntax errors). */
  value: unknown;
  /** Syntax errors, each as a problem with its line. */
  syntaxProblems: ConfigProblem[];
}

/**
 * Reads and parses a YAML file, keeping line numbers.
 * @throws never for bad YAML (reported in `syntaxProblems`); a missing file is reported as a problem too.
 */
export function readYamlFile(file: string, text?: string): YamlFile {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  let src: string;
  try {
    src = text ?? readFileSync(file, 'utf8');
  } catch (cause) {
    const doc = parseDocument('');
    return {
      file,
      doc,
      lines,
      value: undefined,
      syntaxProblems: [
        {
          file,
          path: '',
          message: `cannot read file: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
          fix: 'create the file (see the shipped example in the repository) or fix its permissions',
        },
      ],
    };
  }
  // merge: YAML merge keys (`<<: *cycle`) work as admins expect when they copy a cycle (found by a tester).
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, path: '' };
  };
  const syntaxProblems: ConfigProblem[] = doc.errors.map(
    (e) =>
      (e.code === 'DUPLICATE_KEY' ? duplicateKeyProblem(doc, e.pos[0], at) : undefined) ?? {
        file,
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        column: e.linePos?.[0]?.col ?? lines.linePos(e.pos[0]).col,
        path: '',
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
        fix: 'fix the YAML syntax at that line (indentation, a missing colon, an unclosed quote or bracket)',
      },
  );
  if (syntaxProblems.length) return { file, doc, lines, value: undefined, syntaxProblems };
  try {
    return { file, doc, lines, value: doc.toJS(), syntaxProblems };
  } catch (cause) {
    // Found by a tester: an alias whose anchor is not set (`- *nope`) throws only when the document is
    // converted; uncaught, it ended the running service on a reload.
    return { file, doc, lines, value: undefined, syntaxProblems: conversionProblems(doc, cause as Error, at) };
  }
}

type At = (offset: number) => Omit<ConfigProblem, 'message' | 'fix'>;

/**
 * The key a `DUPLICATE_KEY` error at `offset` repeats, with the line of its first occurrence
 * (`duplicate key "sendAt" (first at line 3, again at line 5)`); `undefined` when no mapping repeats a
 * key there.
 */
function duplicateKeyProblem(doc: Document, offset: number, at: At): ConfigProblem | undefined {
  const { isMap, isNode, isScalar, visit } = yaml();
  let found: ConfigProblem | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const first = new Map<unknown, number>();
      for (const pair of map.items) {
        if (!isNode(pair.key) || !pair.key.range) continue;
        const key = isScalar(pair.key) ? pair.key.value : String(pair.key);
        const start = pair.key.range[0];
        const before = first.get(key);
        if (before === undefined) first.set(key, start);
        else if (start === offset) {
          const firstLine = at(before).line;
          const line = at(start).line;
          found = {
            ...at(start),
            message: `duplicate key "${String(key)}" (first at line ${firstLine}, again at line ${line})`,
            fix: `keep one "${String(key)}:" (line ${firstLine} or line ${line}) and delete the other`,
          };
          return visit.BREAK;
        }
      }
    },
  });
  return found;
}

/**
 * Problems for a document that parsed but cannot be converted to plain values: one per alias whose
 * anchor is not set before it (`*nope`), at the alias; otherwise the library's message at line 1.
 */
function conversionProblems(doc: Document, cause: Error, at: At): ConfigProblem[] {
  const { visit } = yaml();
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return;
      problems.push({
        ...at(alias.range?.[0] ?? 0),
        message: `undefined alias *${alias.source}: no anchor &${alias.source} is set before it`,
        fix: `define the anchor (&${alias.source} before a value, above this line), or write the value here instead of *${alias.source}`,
      });
    },
  });
  if (problems.length) return problems;
  return [
    {
      ...at(0),
      message: `YAML error: ${cause.message.split('\n')[0]}`,
      fix: 'fix the YAML at that line (anchors & and aliases *, merge keys <<)',
    },
  ];
}

/**
 * A problem when the file parsed to nothing (empty, or only comments and blank lines), `undefined`
 * otherwise (found by a tester: an emptied pprd.yaml was taken as "all defaults" and changed every cycle).
 * For files whose every setting matters (pprd.yaml, agencies.yaml); an emptied contacts.yaml is valid and
 * held by the reload's removal check instead (README, Configuration).
 * @param what what the file holds, e.g. `the cycles and settings`, for the message.
 */
export function emptyFileProblem(y: YamlFile, what: string): ConfigProblem | undefined {
  if (y.syntaxProblems.length || y.doc.contents !== null) return undefined;
  return {
    file: y.file,
    line: 1,
    column: 1,
    path: '',
    message: `the file is empty (or only comments) but must hold ${what}: it may have been emptied or saved half-written`,
    fix: 'restore the file (from a backup or the shipped example in the repository); the running service keeps its last good config meanwhile',
  };
}

/**
 * `text` as {@link readYamlFile} takes it, or a file it already parsed (`ConfigFiles`, issue 11: the
 * service validates one reading of `config/` against several catalogs instead of parsing it again).
 * A parsed file is only read: validation builds new values from it.
 */
export function yamlFileOf(file: string, text?: string | YamlFile): YamlFile {
  return typeof text === 'object' ? text : readYamlFile(file, text);
}

/**
 * 1-based line and column of the node at `path` in the file (or of its nearest existing parent), as
 * editors count them (column in characters from 1); empty when the file has no such node at all.
 */
export function positionOf(y: YamlFile, path: readonly (string | number)[]): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = y.doc.getIn(path.slice(0, n), true);
    if (yaml().isNode(node) && node.range) {
      const { line, col } = y.lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
}

/** 1-based line of the node at `path` in the file (or of its nearest existing parent): {@link positionOf}'s line. */
export function lineOf(y: YamlFile, path: readonly (string | number)[]): number | undefined {
  return positionOf(y, path).line;
}

/** Formats a field path as `cycles[0].due[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * 1-based line and column of the mapping KEY `path`'s last element names (an unknown key points at
 * the key, not its value); the value's or nearest parent's position ({@link positionOf}) when there is
 * no such key.
 */
export function keyPositionOf(y: YamlFile, path: readonly (string | number)[]): { line?: number; column?: number } {
  const parent = y.doc.getIn(path.slice(0, -1), true);
  if (yaml().isMap(parent)) {
    const pair = parent.items.find((p) => yaml().isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
    if (pair && yaml().isNode(pair.key) && pair.key.range) {
      const { line, col } = y.lines.linePos(pair.key.range[0]);
      return { line, column: col };
    }
  }
  return positionOf(y, path);
}

/** What the walk reads of a zod 4 schema's definition. */
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

/**
 * The keys an object of `schema` at `path` allows (zod 4 definitions: objects, arrays, records, unions,
 * optional/nullable/default wrappers, pipes and transforms), or `undefined` when no object schema is there.
 */
export function allowedKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] | undefined {
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined) ?? def.getter?.();
  if (inner) return allowedKeysAt(inner, path);
  if (def.type === 'union' || def.type === 'intersection') {
    for (const o of def.options ?? [def.left!, def.right!]) {
      const keys = allowedKeysAt(o, path);
      if (keys) return keys;
    }
    return undefined;
  }
  if (path.length === 0) return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
  const [step, ...rest] = path;
  if (def.type === 'array' && def.element) return allowedKeysAt(def.element, rest);
  if (def.type === 'tuple' && def.items && typeof step === 'number' && def.items[step])
    return allowedKeysAt(def.items[step], rest);
  if (def.type === 'record' && def.valueType) return allowedKeysAt(def.valueType, rest);
  if (def.type === 'object' && def.shape && typeof step === 'string' && def.shape[step])
    return allowedKeysAt(def.shape[step], rest);
  return undefined;
}

/**
 * The allowed key nearest to a misspelt one (`remindrs` → `reminders`, `catchupDays` → `catchUpDays`,
 * `emial` → `email`): the first of {@link suggestNames} (the project's one "did you mean" ranking, also
 * that of agency names), case ignored. `undefined` when none is near.
 */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  return suggestNames(
    key,
    allowed.map((k) => ({ name: k, keys: [k] })),
    1,
    (s) => s.toLowerCase(),
  )[0];
}

/** The plain value at `path` of a parsed YAML value (`undefined` when some step is missing). */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** A YAML mapping's plain value (not a list, not null). */
function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Turns zod issues into problems with file, line and field path (found by a new-user trial: zod's own
 * words for a key left out or a list written as a mapping pointed at no fix). Rules, one for every config file:
 * - an unknown key (`unrecognized_keys`) becomes one problem per key, at the key's line and column,
 *   `unknown key "remindrs" (did you mean reminders?)` when `schema` (the file's schema) allows a key
 *   near it ({@link nearestKey});
 * - a required key that is absent is `email is missing`, at its mapping's line, and when an unknown key
 *   of the same mapping is near it, `email is missing ("emial" at line 3 is not a known key: did you mean
 *   email?)` with the fix `rename "emial" to email`;
 * - a list written as a mapping (`holidays: {2027: …}`) is `holidays is a mapping (key: value lines) but
 *   must be a list, one "- " entry per item` with `fixFor`'s fix (pprd.yaml's shows the list form).
 * @param fixFor returns the fix for an issue (default: a generic hint from zod's message).
 */
export function zodProblems(
  y: YamlFile,
  issues: z.core.$ZodIssue[],
  fixFor?: (issue: z.core.$ZodIssue) => string,
  schema?: z.ZodType,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const fix = fixFor?.(issue) ?? 'correct the value as the message says (see README, Configuration)';
    if (issue.code === 'unrecognized_keys') {
      const allowed = schema ? (allowedKeysAt(schema, path) ?? []) : [];
      return issue.keys.map((k) => {
        const near = nearestKey(k, allowed);
        return {
          file: y.file,
          ...keyPositionOf(y, [...path, k]),
          path: formatPath([...path, k]),
          message: `unknown key "${k}"${near ? ` (did you mean ${near}?)` : ''}`,
          fix,
        };
      });
    }
    const at = { file: y.file, ...positionOf(y, path), path: formatPath(path) };
    const key = path.at(-1);
    const parent = valueAt(y.value, path.slice(0, -1));
    if (issue.code === 'invalid_type' && typeof key === 'string' && isMapping(parent) && !(key in parent)) {
      const allowed = schema ? (allowedKeysAt(schema, path.slice(0, -1)) ?? []) : [];
      const misspelt = Object.keys(parent).find((k) => !allowed.includes(k) && nearestKey(k, allowed) === key);
      if (misspelt === undefined) return [{ ...at, message: `${key} is missing`, fix }];
      const line = keyPositionOf(y, [...path.slice(0, -1), misspelt]).line;
      return [
        {
          ...at,
          message: `${key} is missing ("${misspelt}"${line ? ` at line ${line}` : ''} is not a known key: did you mean ${key}?)`,
          fix: `rename "${misspelt}" to ${key}`,
        },
      ];
    }
    if (issue.code === 'invalid_type' && issue.expected === 'array' && isMapping(valueAt(y.value, path)))
      return [
        {
          ...at,
          message: `${formatPath(path)} is a mapping (key: value lines) but must be a list, one "- " entry per item`,
          fix,
        },
      ];
    return [{ ...at, message: issue.message, fix }];
  });
}

/** One line per problem: `config/pprd.yaml:12:14 cycles[0].due[1]: invalid date "02-30" — fix: …`. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line ? `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}` : p.file;
  return `${where} ${p.path ? `${p.path}: ` : ''}${p.message} — fix: ${p.fix}`;
}
