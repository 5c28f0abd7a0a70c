import { readFileSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import { lazyRequire } from '../lazyRequire.ts';

/** `yaml`, loaded on the first config read (issue 11: CLI start). */
const yaml = lazyRequire<typeof import('yaml')>('yaml');

import type { z } from 'zod';
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
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntaxProblems: ConfigProblem[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
    column: e.linePos?.[0]?.col ?? lines.linePos(e.pos[0]).col,
    path: '',
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
    fix: 'fix the YAML syntax at that line (indentation, a missing colon, an unclosed quote or bracket)',
  }));
  return { file, doc, lines, value: syntaxProblems.length ? undefined : doc.toJS(), syntaxProblems };
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
 * Turns zod issues into problems with file, line and field path.
 * @param fixFor returns the fix for an issue (default: a generic hint from zod's message).
 */
export function zodProblems(
  y: YamlFile,
  issues: z.core.$ZodIssue[],
  fixFor?: (issue: z.core.$ZodIssue) => string,
): ConfigProblem[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return {
      file: y.file,
      ...positionOf(y, path),
      path: formatPath(path),
      message: issue.message,
      fix: fixFor?.(issue) ?? 'correct the value as the message says (see README, Configuration)',
    };
  });
}

/** One line per problem: `config/pprd.yaml:12:14 cycles[0].due[1]: invalid date "02-30" — fix: …`. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line ? `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}` : p.file;
  return `${where} ${p.path ? `${p.path}: ` : ''}${p.message} — fix: ${p.fix}`;
}
