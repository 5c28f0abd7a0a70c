import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigProblem, ContactsConfig, RobotConfig } from './types.ts';

/** The files of the config folder whose content a confirmation covers. */
export const CONFIG_FILES = ['pprd.yaml', 'agencies.yaml', 'contacts.yaml'] as const;

/**
 * The confirmation marker in the config folder: it holds {@link configDigest} of the folder as the admin
 * confirmed it (`pprd config check --accept-removals`). The running service applies an edit that drops
 * contacts only when the marker matches the files exactly; any later edit needs a new confirmation.
 */
export const ACCEPT_REMOVALS_FILE = '.accept-removals';

const FIX =
  'restore the file (an editor or a merge may have saved it half-written); if the change is meant, run `pprd config check --accept-removals` with the same PPRD_CONFIG and the running service applies it';

/** sha256 (hex) of the config files' contents, in {@link CONFIG_FILES} order; a missing file counts as empty. */
export function configDigest(dir: string): string {
  const h = createHash('sha256');
  for (const f of CONFIG_FILES) {
    let text = '';
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch {
      text = '';
    }
    h.update(f).update('\0').update(text).update('\0');
  }
  return h.digest('hex');
}

/** Whether the marker in `dir` confirms the files as they are now. */
export function removalsAccepted(dir: string): boolean {
  try {
    return readFileSync(join(dir, ACCEPT_REMOVALS_FILE), 'utf8').trim() === configDigest(dir);
  } catch {
    return false;
  }
}

/**
 * Writes the confirmation marker for the files as they are now.
 * @returns the digest written.
 * @throws the file system's error when the folder cannot be written.
 */
export function acceptRemovals(dir: string): string {
  const digest = configDigest(dir);
  writeFileSync(join(dir, ACCEPT_REMOVALS_FILE), `${digest}\n`);
  return digest;
}

/**
 * Why an edit of the config that validates may still be a damaged file (issue 17 item 1), as problems
 * (file, field, message, fix): a reload that would apply them is held until confirmed.
 *
 * - An agency that owes reports (`owing`, canonical names) has fewer contacts after than before
 *   (`省交通运输厅 1 → 0`), or the coordinators are fewer: an emptied file or one cut short at a line end.
 * - A config file that is not empty and does not end with a line break: cut short mid-line (a half-saved
 *   `email: sfgw@pprd.exa` still parses).
 *
 * @param dir the config folder (files are read for the line-break check).
 * @returns no problem when nothing was dropped.
 */
export function droppedRecipients(
  dir: string,
  before: ContactsConfig,
  after: ContactsConfig,
  owing: Iterable<string>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const file = join(dir, 'contacts.yaml');
  const fewer: string[] = [];
  for (const agency of new Set(owing)) {
    const b = before.agencies[agency]?.length ?? 0;
    const a = after.agencies[agency]?.length ?? 0;
    if (a < b) fewer.push(`${agency} ${b} → ${a}`);
  }
  if (fewer.length) {
    const shown = fewer.length > 5 ? `${fewer.slice(0, 5).join(', ')}, … (${fewer.length - 5} more)` : fewer.join(', ');
    problems.push({
      file,
      path: 'agencies',
      message: `the edit removes contacts of ${fewer.length} agenc${fewer.length === 1 ? 'y' : 'ies'} that owe reports: ${shown}`,
      fix: FIX,
    });
  }
  if (after.coordinators.length < before.coordinators.length) {
    problems.push({
      file,
      path: 'coordinators',
      message: `the edit removes coordinators (${before.coordinators.length} → ${after.coordinators.length}): escalations and digests would reach fewer people`,
      fix: FIX,
    });
  }
  for (const f of CONFIG_FILES) {
    let text = '';
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch {
      continue;
    }
    if (text.length && !text.endsWith('\n')) {
      problems.push({
        file: join(dir, f),
        line: text.split('\n').length,
        column: (text.split('\n').at(-1)?.length ?? 0) + 1,
        path: '',
        message: 'the file does not end with a line break: it may have been cut short while being saved',
        fix: FIX,
      });
    }
  }
  return problems;
}

/**
 * Why a reload cannot apply an edit of `robots:` in `config/pprd.yaml` (issue 13): the running service
 * builds each group robot's channel (webhook variable, secret, send log) once at start, so a robot added,
 * removed or changed takes effect only on restart. Compared as the validated `RobotConfig` list, in order.
 *
 * @param dir the config folder (`pprd.yaml` is read for the line of its `robots:` key).
 * @returns one problem (file, line of `robots:`, names of the robots added/removed/changed, fix: restart)
 *   when the lists differ, else none.
 */
export function robotsEdited(
  dir: string,
  before: readonly RobotConfig[] | undefined,
  after: readonly RobotConfig[] | undefined,
): ConfigProblem[] {
  const b = new Map((before ?? []).map((r) => [r.name, JSON.stringify(r)]));
  const a = new Map((after ?? []).map((r) => [r.name, JSON.stringify(r)]));
  if (JSON.stringify([...b.values()]) === JSON.stringify([...a.values()])) return [];
  const parts = [
    ...[...a.keys()].filter((n) => !b.has(n)).map((n) => `added ${n}`),
    ...[...b.keys()].filter((n) => !a.has(n)).map((n) => `removed ${n}`),
    ...[...a.keys()].filter((n) => b.has(n) && b.get(n) !== a.get(n)).map((n) => `changed ${n}`),
  ];
  const file = join(dir, 'pprd.yaml');
  let line: number | undefined;
  try {
    const at = readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => /^robots:/.test(l));
    line = at >= 0 ? at + 1 : undefined;
  } catch {
    line = undefined;
  }
  return [
    {
      file,
      ...(line ? { line, column: 1 } : {}),
      path: 'robots',
      message: `the edit changes the group robots (${parts.length ? parts.join(', ') : 'order'}): robots are built at start, a reload cannot change them`,
      fix: 'restart the service (pprd serve) to apply the robots; until then the last good config stays in force',
    },
  ];
}
