/**
 * `/pprd` text -> a command (pure). Subcommands and their Chinese aliases:
 * help 帮助 · status 状态 [PERIOD] · agency 单位 部门 NAME · task 任务 ID · due 到期 [DAYS]
 * · overdue 逾期 · targets 目标 · submit 报送 已报送 CYCLE PERIOD [AGENCY].
 * The word `public` / `公开` anywhere makes the answer visible in the channel (default: ephemeral).
 */
import { type CommandProblem, say } from '../../messages/index.ts';
export type PprdCommand = (
  | { kind: 'help' }
  | { kind: 'status'; period?: string }
  | { kind: 'agency'; name: string }
  | { kind: 'task'; id: string }
  | { kind: 'due'; days: number }
  | { kind: 'overdue' }
  | { kind: 'targets' }
  | { kind: 'submit'; cycle: string; period: string; agency?: string }
  | { kind: 'error'; zh: string; en: string }
) & { public: boolean };

/** Default window of `/pprd due`, calendar days (issue 5). */
export const DEFAULT_DUE_DAYS = 14;
/** Largest window `/pprd due` accepts, calendar days. */
export const MAX_DUE_DAYS = 366;

const ALIASES: Record<string, PprdCommand['kind']> = {
  help: 'help',
  帮助: 'help',
  '?': 'help',
  status: 'status',
  状态: 'status',
  agency: 'agency',
  单位: 'agency',
  部门: 'agency',
  task: 'task',
  任务: 'task',
  due: 'due',
  到期: 'due',
  overdue: 'overdue',
  逾期: 'overdue',
  targets: 'targets',
  target: 'targets',
  目标: 'targets',
  submit: 'submit',
  报送: 'submit',
  已报送: 'submit',
};

const PUBLIC_WORDS = new Set(['public', '公开']);

/** Period labels: `2026`, `2026H1`, `2026Q3`, `2026-07` (DESIGN.md glossary). */
const PERIOD_RE = /^\d{4}(?:[Hh][12]|[Qq][1-4]|-(?:0[1-9]|1[0-2]))?$/;

/** Normalises a period label (`2026h1` -> `2026H1`); null when it is not one. */
export function normalizePeriod(p: string): string | null {
  return PERIOD_RE.test(p) ? p.toUpperCase() : null;
}

/**
 * Parses the text after `/pprd`. Never throws: bad input gives `kind: 'error'` with a message in
 * Chinese and English saying what was expected.
 */
export function parseCommand(text: string): PprdCommand {
  // Full-width spaces are common in Chinese input.
  const words = text
    .replace(/\u3000/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const isPublic = words.some((w) => PUBLIC_WORDS.has(w.toLowerCase()));
  const args = words.filter((w) => !PUBLIC_WORDS.has(w.toLowerCase()));
  const pub = { public: isPublic };
  if (args.length === 0) return { kind: 'help', ...pub };
  const kind = ALIASES[args[0].toLowerCase()];
  const rest = args.slice(1);
  // The refusal in both languages (the listener answers in the asker's): words from the phrase catalogue.
  const err = (problem: CommandProblem, got = ''): PprdCommand => ({
    kind: 'error',
    zh: say('zh-CN').commandProblem(problem, got, MAX_DUE_DAYS),
    en: say('en').commandProblem(problem, got, MAX_DUE_DAYS),
    ...pub,
  });
  switch (kind) {
    case 'help':
      return { kind: 'help', ...pub };
    case 'status': {
      if (rest.length === 0) return { kind: 'status', ...pub };
      const period = normalizePeriod(rest[0]);
      if (!period || rest.length > 1) return err('period', rest.join(' '));
      return { kind: 'status', period, ...pub };
    }
    case 'agency':
      if (rest.length === 0) return err('agency');
      return { kind: 'agency', name: rest.join(' '), ...pub };
    case 'task': {
      const id = rest[0]?.toUpperCase();
      if (!id || rest.length > 1 || !/^(?:\d{1,3}|G\d{1,2})$/.test(id)) return err('task');
      return { kind: 'task', id, ...pub };
    }
    case 'due': {
      if (rest.length === 0) return { kind: 'due', days: DEFAULT_DUE_DAYS, ...pub };
      const days = Number(rest[0]);
      if (rest.length > 1 || !Number.isInteger(days) || days < 1 || days > MAX_DUE_DAYS) {
        return err('days', rest.join(' '));
      }
      return { kind: 'due', days, ...pub };
    }
    case 'overdue':
      return { kind: 'overdue', ...pub };
    case 'targets':
      return { kind: 'targets', ...pub };
    case 'submit': {
      if (rest.length < 2) return err('usage');
      const period = normalizePeriod(rest[1]);
      if (!period) return err('submitPeriod');
      const agency = rest.slice(2).join(' ') || undefined;
      return { kind: 'submit', cycle: rest[0], period, ...(agency ? { agency } : {}), ...pub };
    }
    default:
      return err('unknown', args[0]);
  }
}
