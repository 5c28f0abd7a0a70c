import { DateTime } from 'luxon';
import type { DueRule } from './types.ts';

/** One instance of a cycle (DESIGN.md, "period"), e.g. `2026H1` due `2026-06-30`. */
export interface Period {
  /** `2026H1`, `2026H2`, `2026Q3`, `2026`, `2026-07` (or `2026-07-15` for lists with repeated months). */
  label: string;
  year: number;
  /** 0-based position within its year; (year, index) orders periods. */
  index: number;
  /** Due date `YYYY-MM-DD` (local calendar date). */
  due: string;
}

/** How a rule labels its periods. */
export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'date';

/**
 * The label kind a due rule implies: one date a year -> `2026`; two -> `2026H1`/`2026H2`;
 * four -> `2026Q1`..`Q4`; `{every: quarter}` -> `2026Q1`..; `{every: month}` or a list whose months
 * differ -> `2026-07`; otherwise `2026-07-15`.
 */
export function periodKind(rule: DueRule): PeriodKind {
  if ('every' in rule) return rule.every === 'month' ? 'month' : 'quarter';
  const n = rule.dates.length;
  if (n === 1) return 'year';
  if (n === 2) return 'half';
  if (n === 4) return 'quarter';
  const months = new Set(rule.dates.map((d) => d.slice(0, 2)));
  return months.size === n ? 'month' : 'date';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `MM-DD` in `year`, clamped to the month's last day (`02-29` -> `02-28` in common years). */
function dayIn(year: number, month: number, day: number | 'last'): string {
  const first = DateTime.utc(year, month, 1);
  const last = first.daysInMonth!;
  const d = day === 'last' ? last : Math.min(day, last);
  return `${year}-${pad(month)}-${pad(d)}`;
}

function label(kind: PeriodKind, year: number, index: number, due: string): string {
  switch (kind) {
    case 'year':
      return String(year);
    case 'half':
      return `${year}H${index + 1}`;
    case 'quarter':
      return `${year}Q${index + 1}`;
    case 'month':
      return due.slice(0, 7);
    case 'date':
      return due;
  }
}

const yearCache = new WeakMap<DueRule, Map<number, Period[]>>();

/**
 * The periods of `year` under `rule`, in due-date order. Dates of a `dates` list are taken in
 * the order given (config validation requires ascending). Results are cached per rule object.
 */
export function periodsOfYear(rule: DueRule, year: number): Period[] {
  let byYear = yearCache.get(rule);
  if (!byYear) {
    byYear = new Map();
    yearCache.set(rule, byYear);
  }
  const hit = byYear.get(year);
  if (hit) return hit;
  const kind = periodKind(rule);
  let dues: string[];
  if ('dates' in rule) {
    dues = rule.dates.map((md) => dayIn(year, Number(md.slice(0, 2)), Number(md.slice(3, 5))));
  } else if (rule.every === 'month') {
    dues = Array.from({ length: 12 }, (_, i) => dayIn(year, i + 1, rule.day));
  } else {
    // Quarterly: on `day` of each quarter's last month (March, June, September, December).
    dues = [3, 6, 9, 12].map((m) => dayIn(year, m, rule.day));
  }
  const out = dues.map((due, index) => ({ label: label(kind, year, index, due), year, index, due }));
  byYear.set(year, out);
  return out;
}

/**
 * Finds the period a label names under `rule` (e.g. `2017H1` under `[06-30, 12-31]`).
 * @returns the period, or undefined when the label does not fit the rule (e.g. `2017Q1` for a half-yearly rule).
 */
export function findPeriod(rule: DueRule, periodLabel: string): Period | undefined {
  const m = /^(\d{4})/.exec(periodLabel);
  if (!m) return undefined;
  return periodsOfYear(rule, Number(m[1])).find((p) => p.label === periodLabel);
}

/** An example label of the rule's kind, for error messages (`2026H1`, `2026Q3`, `2026-07`, …). */
export function exampleLabel(rule: DueRule, year = 2026): string {
  const ps = periodsOfYear(rule, year);
  return ps[Math.min(ps.length - 1, ps.length > 2 ? 2 : 0)].label;
}

/**
 * Every period of `rule` from `start` to `end` (labels, inclusive; `end` null = open-ended) whose
 * due date lies in `[fromDate, toDate]` (`YYYY-MM-DD`, inclusive), in order.
 * @throws RangeError when `start` or `end` does not fit the rule.
 */
export function periodsBetween(
  rule: DueRule,
  start: string,
  end: string | null,
  fromDate: string,
  toDate: string,
): Period[] {
  const s = findPeriod(rule, start);
  if (!s) throw new RangeError(`period "${start}" does not fit the due rule (expected e.g. ${exampleLabel(rule)})`);
  const e = end === null ? undefined : findPeriod(rule, end);
  if (end !== null && !e)
    throw new RangeError(`period "${end}" does not fit the due rule (expected e.g. ${exampleLabel(rule)})`);
  const firstYear = Math.max(s.year, Number(fromDate.slice(0, 4)));
  const lastYear = Math.min(e ? e.year : Number.POSITIVE_INFINITY, Number(toDate.slice(0, 4)));
  const out: Period[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    for (const p of periodsOfYear(rule, y)) {
      if (p.year === s.year && p.index < s.index) continue;
      if (e && p.year === e.year && p.index > e.index) continue;
      if (p.due < fromDate || p.due > toDate) continue;
      out.push(p);
    }
  }
  return out;
}
