import { dirname, join } from 'node:path';
import { IANAZone } from 'luxon';
import type { z } from 'zod';
import { createDirectoryIndex, didYouMeanAgency, findAgency } from '../catalog/index.ts';
import type { Catalog } from '../catalog/types.ts';
import { lazyRequire } from '../lazyRequire.ts';
import { dateProblem, exampleLabel, findPeriod, MONTHS } from '../schedule/index.ts';
import { EMAIL } from './contacts.ts';
import { CONTROL_CHARS, controlCharIn, headerText } from './headerText.ts';
import { lazySchema } from './lazySchema.ts';
import type {
  AgencySelector,
  Config,
  ConfigProblem,
  CycleConfig,
  DirectoryEntry,
  DueRule,
  RobotConfig,
} from './types.ts';
import { emptyFileProblem, formatPath, positionOf, type YamlFile, zodProblems } from './yamlFile.ts';

/** What `config/pprd.yaml` gives: the whole Config but the directory and contacts. */
/** node-cron (its CommonJS build, the one every reader loads), on the first schedule checked (issue 11: CLI start). */
const nodeCron = lazyRequire<typeof import('node-cron')>('node-cron');

export type PprdConfig = Omit<Config, 'directory' | 'contacts'>;

/** Default `reminders`: calendar days before the due date (issue 3). */
export const DEFAULT_REMINDERS = [30, 14, 7, 3, 1, 0];
/** Default `overdue`: working days after the due date. */
export const DEFAULT_OVERDUE = [1, 3, 5];
/** Default `escalateAfter`: working days overdue before coordinators are told. */
export const DEFAULT_ESCALATE_AFTER = 5;

/** The two duties the document states (三(一) and 三(四)); used when `cycles` is absent. */
export const DEFAULT_CYCLES: CycleConfig[] = [
  {
    id: 'half-yearly',
    name: '泛珠合作事项半年报送',
    source: '三(一)',
    due: { dates: ['06-30', '12-31'] },
    agencies: { all: true },
    submitTo: '省泛珠办',
    reminders: DEFAULT_REMINDERS,
    overdue: DEFAULT_OVERDUE,
    escalateAfter: DEFAULT_ESCALATE_AFTER,
    start: '2017H1',
    end: null,
  },
  {
    id: 'progress-report',
    name: '定期向省政府报告进展情况',
    source: '三(四)',
    due: null,
    agencies: { leadsOf: ['G4'] },
    submitTo: '省政府',
    reminders: DEFAULT_REMINDERS,
    overdue: DEFAULT_OVERDUE,
    escalateAfter: DEFAULT_ESCALATE_AFTER,
    start: '',
    end: null,
  },
];

/** Default digests: the coordinators' weekly board (Monday 09:00) and each agency's monthly digest (1st, 09:00). */
export const DEFAULT_DIGESTS = [
  { id: 'weekly-coordinators', audience: 'coordinators' as const, schedule: '0 9 * * 1' },
  { id: 'monthly-agency', audience: 'agency' as const, schedule: '0 9 1 * *' },
];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why `MM-DD` is not a date of the year, or undefined when it is (`02-29` allowed: it becomes 02-28 in common years). */
function monthDayError(v: string): string | undefined {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return `invalid date "${v}": expected MM-DD, e.g. 06-30`;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12) return `invalid date "${v}": there is no month ${m[1]}`;
  if (day < 1 || day > DAYS_IN_MONTH[month - 1])
    return `invalid date "${v}": ${MONTHS[month - 1]} has ${DAYS_IN_MONTH[month - 1]} days at most`;
  return undefined;
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Longest accepted alarm offset either side of the due day's start: 60 days, in seconds. */
export const MAX_ALARM_SECONDS = 60 * 86_400;

/** An RFC 5545 §3.3.6 duration: `[+-]P` then weeks, or days and/or `T` hours/minutes/seconds. */
const ALARM_DURATION = /^([+-]?)P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

/**
 * `calendar.alarm` as seconds before the start of the due day: whole days before (`1` = the day before at
 * 00:00), or an RFC 5545 duration relative to that start (`-P1D` the same; `-PT15H` 09:00 the day
 * before; `PT9H` 09:00 on the due day).
 * @returns the seconds, or null when the text is not such a duration (the schema then reports it).
 */
export function alarmSeconds(alarm: number | string): number | null {
  if (typeof alarm === 'number') return alarm * 86_400;
  const m = ALARM_DURATION.exec(alarm);
  if (!m || alarm.endsWith('T') || /^[+-]?P$/.test(alarm)) return null;
  const [, sign, w, d, h, min, sec] = m;
  const total =
    Number(w ?? 0) * 604_800 +
    Number(d ?? 0) * 86_400 +
    Number(h ?? 0) * 3600 +
    Number(min ?? 0) * 60 +
    Number(sec ?? 0);
  // A negative duration triggers before the start: that many seconds before.
  return sign === '-' ? total : -total;
}

const ALARM_MESSAGE =
  'alarm must be whole days before the due date (0 to 60, e.g. 1) or a duration such as -P1D, -PT15H or PT9H, within 60 days of the due day';

/**
 * The schemas of `config/pprd.yaml` (the file, and one cycle for the per-cycle messages), built on the
 * first validation: zod loads then (issue 11: CLI start).
 */
const schemas = lazySchema((z) => {
  const monthDay = z.string().superRefine((v, ctx) => {
    const err = monthDayError(v);
    if (err) ctx.addIssue({ code: 'custom', message: err });
  });

  /** A calendar date `YYYY-MM-DD`, read by the product's one date reader (`dateProblem`, src/schedule/parseInstant.ts). */
  const isoDate = z.string().superRefine((v, ctx) => {
    const err = dateProblem(v);
    if (err) ctx.addIssue({ code: 'custom', message: `invalid date "${v}": ${err}` });
  });

  const dayOffsets = (what: string) =>
    z
      .array(
        z
          .number()
          .int(`${what} must be a whole number of days`)
          .min(0, `${what} must be 0 or more (a negative offset is not allowed)`),
      )
      .superRefine((xs, ctx) => {
        xs.forEach((x, i) => {
          if (xs.indexOf(x) !== i) ctx.addIssue({ code: 'custom', message: `${what} ${x} is listed twice`, path: [i] });
        });
      });

  /**
   * A cycle's `reminders`: whole calendar days before the due date (`7`, `0` = on it), or working days
   * before it written `3wd` or `-3wd` (issue 14 item 3). Each listed once.
   */
  const reminderOffsets = z
    .array(
      z.union([
        z
          .number()
          .int('reminder must be a whole number of days')
          .min(0, 'reminder must be 0 or more (a negative offset is not allowed)'),
        z
          .string()
          .regex(
            /^-?[1-9]\d*wd$/,
            'a reminder in working days is written like 3wd (or -3wd): 3 working days before the due date',
          ),
      ]),
    )
    .superRefine((xs, ctx) => {
      const norm = xs.map((x) => (typeof x === 'number' ? String(x) : x.replace(/^-/, '')));
      norm.forEach((x, i) => {
        if (norm.indexOf(x) !== i)
          ctx.addIssue({ code: 'custom', message: `reminder ${xs[i]} is listed twice`, path: [i] });
      });
    });

  const workingDayOffsets = (what: string) =>
    z
      .array(
        z
          .number()
          .int(`${what} must be a whole number of working days`)
          .min(1, `${what} must be 1 or more working days after the due date`),
      )
      .superRefine((xs, ctx) => {
        xs.forEach((x, i) => {
          if (xs.indexOf(x) !== i) ctx.addIssue({ code: 'custom', message: `${what} ${x} is listed twice`, path: [i] });
        });
      });

  /** `due`: a list of MM-DD, `{every: month|quarter, day: N|last}`, or null (no schedule set). */
  const dueRule = z.unknown().transform((v, ctx): DueRule | null => {
    if (v === null) return null;
    if (v === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'due is missing (write null if the document gives no date)',
        input: v,
      });
      return z.NEVER;
    }
    if (Array.isArray(v)) {
      if (!v.length) {
        ctx.issues.push({ code: 'custom', message: 'due lists no date', input: v });
        return z.NEVER;
      }
      let ok = true;
      v.forEach((d, i) => {
        const err =
          typeof d === 'string'
            ? monthDayError(d)
            : `invalid date ${JSON.stringify(d)}: expected MM-DD text, e.g. 06-30`;
        if (err) {
          ok = false;
          ctx.issues.push({ code: 'custom', message: err, input: d, path: [i] });
        } else if (i > 0 && String(d) <= String(v[i - 1])) {
          ok = false;
          ctx.issues.push({
            code: 'custom',
            message: `due dates must be in calendar order without repeats ("${d}" after "${v[i - 1]}")`,
            input: d,
            path: [i],
          });
        }
      });
      return ok ? { dates: v as string[] } : z.NEVER;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      let ok = true;
      for (const k of Object.keys(o)) {
        if (k !== 'every' && k !== 'day') {
          ok = false;
          ctx.issues.push({
            code: 'custom',
            message: `unknown key "${k}" in due (allowed: every, day)`,
            input: o[k],
            path: [k],
          });
        }
      }
      if (o.every !== 'month' && o.every !== 'quarter') {
        ok = false;
        ctx.issues.push({
          code: 'custom',
          message: `due.every must be month or quarter, got ${JSON.stringify(o.every ?? null)}`,
          input: o.every,
          path: ['every'],
        });
      }
      const day = o.day;
      if (!(day === 'last' || (typeof day === 'number' && Number.isInteger(day) && day >= 1 && day <= 31))) {
        ok = false;
        ctx.issues.push({
          code: 'custom',
          message: `due.day must be a day 1-31 or last, got ${JSON.stringify(day ?? null)}`,
          input: day,
          path: ['day'],
        });
      }
      return ok ? { every: o.every as 'month' | 'quarter', day: day as number | 'last' } : z.NEVER;
    }
    ctx.issues.push({
      code: 'custom',
      message: `invalid due ${JSON.stringify(v)}: expected a list of MM-DD, {every: month|quarter, day: N|last}, or null`,
      input: v,
    });
    return z.NEVER;
  });

  /** `agencies`: `all`, `{leadsOf: [task ids]}`, or a list of names. Task ids may be written as numbers (`22`). */
  const agencySelector = z.unknown().transform((v, ctx): AgencySelector => {
    if (v === 'all') return { all: true };
    if (Array.isArray(v)) {
      let ok = v.length > 0;
      if (!ok) ctx.issues.push({ code: 'custom', message: 'agencies lists no name', input: v });
      v.forEach((n, i) => {
        if (typeof n !== 'string' || !n.trim()) {
          ok = false;
          ctx.issues.push({
            code: 'custom',
            message: `agency name must be text, got ${JSON.stringify(n)}`,
            input: n,
            path: [i],
          });
        } else if (controlCharIn(n.trim())) {
          ok = false;
          ctx.issues.push({
            code: 'custom',
            message: `agency name contains ${controlCharIn(n.trim())}: it would reach a mail header`,
            input: n,
            path: [i],
          });
        }
      });
      return ok ? { names: (v as string[]).map((n) => n.trim()) } : z.NEVER;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const extra = Object.keys(o).filter((k) => k !== 'leadsOf');
      for (const k of extra)
        ctx.issues.push({
          code: 'custom',
          message: `unknown key "${k}" in agencies (allowed: leadsOf)`,
          input: o[k],
          path: [k],
        });
      const ids = o.leadsOf;
      if (!Array.isArray(ids) || !ids.length) {
        ctx.issues.push({
          code: 'custom',
          message: 'agencies.leadsOf must list task ids, e.g. [G4] or [1, 22]',
          input: ids,
          path: ['leadsOf'],
        });
        return z.NEVER;
      }
      let ok = !extra.length;
      ids.forEach((id, i) => {
        const s = typeof id === 'number' ? String(id) : id;
        if (typeof s !== 'string' || !/^(?:[1-9]\d*|G[1-9]\d*)$/.test(s)) {
          ok = false;
          ctx.issues.push({
            code: 'custom',
            message: `invalid task id ${JSON.stringify(id)}: expected 1-30 or G1-G4`,
            input: id,
            path: ['leadsOf', i],
          });
        }
      });
      return ok ? { leadsOf: ids.map(String) } : z.NEVER;
    }
    ctx.issues.push({
      code: 'custom',
      message: `invalid agencies ${JSON.stringify(v)}: expected all, {leadsOf: [task ids]}, or a list of names`,
      input: v,
    });
    return z.NEVER;
  });

  /** A period label; a yearly `2017` may be written unquoted (a YAML number). */
  const periodLabel = z.union([z.string(), z.number().int()]).transform(String);

  const cycleSchema = z.strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'cycle id must be lower-case letters, digits and dashes, e.g. half-yearly'),
    name: headerText('cycle name'),
    source: headerText('source'),
    due: dueRule,
    agencies: agencySelector.default({ all: true } as AgencySelector),
    submitTo: headerText('submitTo'),
    reminders: reminderOffsets.default(DEFAULT_REMINDERS),
    overdue: workingDayOffsets('overdue').default(DEFAULT_OVERDUE),
    escalateAfter: z
      .number()
      .int('escalateAfter must be a whole number of working days')
      .min(1, 'escalateAfter must be 1 or more working days')
      .default(DEFAULT_ESCALATE_AFTER),
    /** A due date on a day off: keep it (default) or move it to the next working day. */
    dueOnDayOff: z
      .enum(['keep', 'next-working-day'], { error: 'dueOnDayOff must be keep or next-working-day' })
      .optional(),
    start: periodLabel.optional(),
    end: periodLabel.nullable().default(null),
  });

  const holidayYearSchema = z.strictObject({
    year: z.number().int().min(2000).max(2200),
    holidays: z.array(isoDate).default([]),
    workdays: z.array(isoDate).default([]),
  });

  /**
   * A digest schedule: exactly 5 fields (minute hour day-of-month month day-of-week), each checked by
   * node-cron's own parser (`validateDetailed`), the grammar the service's timer and `latestCronMatch` use.
   */
  const cronSchema = z.string().superRefine((s, ctx) => {
    const fields = s.trim().split(/\s+/);
    if (fields.length !== 5) {
      ctx.addIssue({
        code: 'custom',
        message: `schedule "${s}" has ${fields.length} fields; it must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1"`,
      });
      return;
    }
    const result = nodeCron().validateDetailed(fields.join(' '));
    if (!result.valid) {
      const what = (result.errors ?? []).map((e) => `${e.value} is not a valid ${e.field}`).join('; ');
      ctx.addIssue({
        code: 'custom',
        message: `schedule "${s}": ${what || 'not a valid cron expression'} (minute 0-59, hour 0-23, day 1-31, month 1-12, week day 0-7)`,
      });
    }
  });

  const digestSchema = z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'digest id must be lower-case letters, digits and dashes'),
    audience: z.enum(['coordinators', 'agency']),
    schedule: cronSchema,
  });

  const robotSchema = z.strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'robot name must be lower-case letters, digits and dashes, e.g. office-wecom'),
    kind: z.enum(['wecom', 'dingtalk', 'feishu'], { error: 'kind must be wecom, dingtalk or feishu' }),
    urlEnv: z
      .string()
      .regex(
        ENV_NAME,
        'urlEnv must be the NAME of an environment variable (upper-case, e.g. PPRD_ROBOT_OFFICE_URL), not the address itself',
      ),
    secretEnv: z
      .string()
      .regex(
        ENV_NAME,
        'secretEnv must be the NAME of an environment variable (upper-case, e.g. PPRD_ROBOT_OFFICE_SECRET), not the secret itself',
      )
      .optional(),
    coordinators: z.boolean().optional(),
    agency: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).optional(),
    language: z.enum(['zh-CN', 'en']).optional(),
  });

  const calendarSchema = z.strictObject({
    /** Days before the due date, or an RFC 5545 duration from the start of the due day; absent = no alarm. */
    alarm: z
      .union([z.number(), z.string()], { error: ALARM_MESSAGE })
      .refine((a) => {
        if (typeof a === 'number' && (!Number.isInteger(a) || a < 0 || a > 60)) return false;
        const s = alarmSeconds(a);
        return s !== null && Math.abs(s) <= MAX_ALARM_SECONDS;
      }, ALARM_MESSAGE)
      .nullable()
      .optional(),
  });

  /** The schema of `config/pprd.yaml`; every default documented here is the product default. */
  const pprdSchema = z.strictObject({
    /** IANA zone; default Asia/Shanghai. */
    timezone: z
      .string()
      .default('Asia/Shanghai')
      .refine((z) => IANAZone.isValidZone(z), 'unknown time zone'),
    /** Local send time HH:mm; default 09:00. */
    sendAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'sendAt must be a local time HH:mm, e.g. "09:00"')
      .default('09:00'),
    language: z.enum(['zh-CN', 'en']).default('zh-CN'),
    cycles: z.array(cycleSchema).optional(),
    targets: z
      .strictObject({
        progressDue: monthDay.default('12-31'),
        reminders: dayOffsets('reminder').default(DEFAULT_REMINDERS),
        overdue: workingDayOffsets('overdue').default(DEFAULT_OVERDUE),
        escalateAfter: z
          .number()
          .int()
          .min(1, 'escalateAfter must be 1 or more working days')
          .default(DEFAULT_ESCALATE_AFTER),
        /** First year of progress requests; absent = the year the document was issued. */
        start: z
          .number()
          .int('targets.start must be a year, e.g. 2026')
          .min(2000, 'targets.start must be a year, e.g. 2026')
          .max(2200, 'targets.start must be a year, e.g. 2026')
          .optional(),
      })
      .default({
        progressDue: '12-31',
        reminders: DEFAULT_REMINDERS,
        overdue: DEFAULT_OVERDUE,
        escalateAfter: DEFAULT_ESCALATE_AFTER,
      }),
    holidays: z.array(holidayYearSchema).nullable().default([]),
    digests: z.array(digestSchema).optional(),
    delivery: z
      .strictObject({
        catchUpDays: z.number().int().min(0, 'catchUpDays must be 0 or more').default(3),
        giveUpAfterHours: z.number().positive('giveUpAfterHours must be more than 0').default(48),
        retryBaseMinutes: z.number().positive('retryBaseMinutes must be more than 0').default(2),
        bundle: z.boolean({ error: 'bundle must be true or false' }).default(true),
      })
      .default({ catchUpDays: 3, giveUpAfterHours: 48, retryBaseMinutes: 2, bundle: true }),
    slack: z
      .strictObject({
        digestChannel: z
          .string()
          .regex(
            /^(?:[CG][A-Z0-9]{2,}|#[a-z0-9][a-z0-9._-]{0,79})$/,
            'digestChannel must be a Slack channel id such as C0123456789',
          )
          .optional(),
      })
      .nullable()
      .default({}),
    /** Group chat robots (WeCom, DingTalk, Feishu custom robots by webhook); see README "Group robots". */
    robots: z.array(robotSchema).nullable().default([]),
    /** Deadline events (feed and email attachment): `alarm` adds a VALARM; absent = none. */
    calendar: calendarSchema.nullable().optional(),
    /** How people reach the coordinators' office: every email's Reply-To and closing line; absent = the coordinators of contacts.yaml. */
    office: z
      .strictObject({
        replyTo: headerText('office.replyTo')
          .refine((s) => CONTROL_CHARS.test(s) || EMAIL.test(s), 'office.replyTo is not one plain address')
          .optional(),
        contact: headerText('office.contact').optional(),
      })
      .nullable()
      .optional(),
  });
  return { cycleSchema, pprdSchema };
});

/** The schema of `config/pprd.yaml` ({@link schemas}); also the source of its JSON Schema. */
export function pprdSchema() {
  return schemas().pprdSchema;
}

/** What the semantic checks compare names and ids with. */
export interface ValidationContext {
  /** The imported catalog; unknown task ids and agency names are checked against it when given. */
  catalog?: Catalog;
  /** `config/agencies.yaml` entries; names are resolved through their full names and aliases. */
  directory?: readonly DirectoryEntry[];
}

const FIXES: Record<string, string> = {
  due: 'write due as a list of MM-DD dates in order (e.g. [06-30, 12-31]), {every: month|quarter, day: N|last}, or null',
  reminders:
    'list whole days before the due date, 0 or more, e.g. [30, 14, 7, 3, 1, 0] (a cycle may also list working days as 3wd)',
  dueOnDayOff: 'write keep (the stated date stands) or next-working-day',
  overdue: 'list whole working days after the due date, 1 or more, e.g. [1, 3, 5]',
  escalateAfter: 'write a whole number of working days, 1 or more, e.g. 5',
  agencies: 'write all, {leadsOf: [task ids]} or a list of agency names from config/agencies.yaml',
  leadsOf: 'use task ids of the document: 1-30 or G1-G4 (see `pprd catalog`)',
  timezone: 'use an IANA zone name, e.g. Asia/Shanghai',
  sendAt: 'write a local time in quotes, e.g. "09:00"',
  language: 'use zh-CN or en',
  progressDue: 'write a real date of the year as MM-DD, e.g. 12-31',
  holidays: 'list dates as YYYY-MM-DD within that year, e.g. 2027-01-01',
  workdays: 'list make-up working days as YYYY-MM-DD within that year',
  year: 'write the year as a number, e.g. 2027',
  schedule: 'write a 5-field cron expression in quotes, e.g. "0 9 * * 1"',
  audience: 'use coordinators or agency',
  id: 'use lower-case letters, digits and dashes, e.g. half-yearly',
  name: 'write the cycle name on one line, e.g. 泛珠合作事项半年报送 (no line break, tab or control character; not a `|` or `>` block)',
  source: 'write the clause on one line, e.g. 三(一)',
  submitTo: 'write to whom the report goes on one line, e.g. 省泛珠办',
  kind: 'use wecom (企业微信), dingtalk (钉钉) or feishu (飞书)',
  replyTo:
    "write the coordinators' office address as one plain address, e.g. pprd-office@example.gov.cn (no display name)",
  contact: 'write on one line who to call and how, e.g. 省泛珠办 王五，020-12345678',
  urlEnv:
    'name the environment variable that holds the webhook address, e.g. urlEnv: PPRD_ROBOT_OFFICE_URL, and set that variable',
  secretEnv: 'name the environment variable that holds the signing secret, e.g. secretEnv: PPRD_ROBOT_OFFICE_SECRET',
  coordinators: 'write coordinators: true for the 省泛珠办 group',
  agency: 'write the agency name (or a list of names) from config/agencies.yaml',
  digestChannel: 'copy the channel id from Slack (channel details → About → Channel ID), e.g. C0123456789',
  start: 'write the first period as the cycle labels it, e.g. 2017H1',
  end: 'write the last period as the cycle labels it (e.g. 2030H2), or null for open-ended',
  bundle:
    'write bundle: true (one message a day per person and channel, listing all that is due) or bundle: false (one message per report)',
  alarm:
    'write days before the due date (e.g. alarm: 1) or an RFC 5545 duration from the start of the due day in quotes, e.g. "-PT15H" (09:00 the day before) or "PT9H" (09:00 on the day); remove it for no alarm',
};

/** A calendar date as written in YAML (`2027-01-01`: the core schema reads it as a string). */
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const isDateText = (v: unknown): v is string => typeof v === 'string' && DATE_TEXT.test(v);

/**
 * The fix for `holidays:` not written as the list of years (found by a new-user trial and a tester):
 * the list form of the shipped config/pprd.yaml, on one line so that it can be pasted, e.g.
 * `holidays: [{year: 2027, holidays: [2027-01-01], workdays: [2027-02-14]}]`, filled with what was given:
 * - a mapping of years (`2027: [2027-01-01]` or `2027: {holidays, workdays}`);
 * - a mapping with date keys (`2027-01-01: 元旦`), a list of dates or one date: the dates, grouped by
 *   their year as days off.
 * @returns `undefined` when `given` is none of these (the schema's own message and fix apply).
 */
function holidaysListFix(given: unknown): string | undefined {
  const years = new Map<string, { holidays: string[]; workdays: string[] }>();
  const year = (y: string) => {
    if (!years.has(y)) years.set(y, { holidays: [], workdays: [] });
    return years.get(y)!;
  };
  const dates = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  if (isDateText(given)) year(given.slice(0, 4)).holidays.push(given);
  else if (Array.isArray(given) && given.length && given.every(isDateText))
    for (const d of given) year(d.slice(0, 4)).holidays.push(d);
  else if (given && typeof given === 'object' && !Array.isArray(given))
    for (const [k, v] of Object.entries(given)) {
      if (isDateText(k)) {
        year(k.slice(0, 4)).holidays.push(k);
        continue;
      }
      const o =
        v && typeof v === 'object' && !Array.isArray(v) ? (v as { holidays?: unknown; workdays?: unknown }) : {};
      year(k).holidays.push(...dates(Array.isArray(v) ? v : o.holidays));
      year(k).workdays.push(...dates(o.workdays));
    }
  else return undefined;
  const entries = [...years].map(
    ([y, e]) => `{year: ${y}, holidays: [${e.holidays.join(', ')}], workdays: [${e.workdays.join(', ')}]}`,
  );
  return `write a list with one "- year: ${[...years.keys()][0] ?? 2027}" entry per year, its holidays: and workdays: indented under it, as the shipped config/pprd.yaml shows; on one line: holidays: [${entries.join(', ')}]`;
}

function fixFor(path: readonly PropertyKey[], code: string, raw?: unknown): string {
  const holidays = (raw as { holidays?: unknown } | undefined)?.holidays;
  if (path.length === 1 && path[0] === 'holidays') {
    const fix = holidaysListFix(holidays);
    if (fix) return fix;
  }
  if (code === 'unrecognized_keys') return 'remove the key or correct its spelling (see README, Configuration)';
  for (let i = path.length - 1; i >= 0; i--) {
    const k = path[i];
    if (typeof k === 'string' && FIXES[k]) return FIXES[k];
  }
  return 'correct the value as the message says (see README, Configuration)';
}

/**
 * Validates `config/pprd.yaml` (already read with `readYamlFile`) and applies defaults.
 * Structure (types, ranges, dates) is checked by `pprdSchema`; meaning (unique ids, periods that
 * fit the due rule, task ids and agency names known to the catalog/directory) after it.
 * Agency names are resolved to canonical names through the directory.
 *
 * @returns the config part (undefined when the file could not be parsed at all) and every problem
 *   found, each with file, line, field path and fix. Never throws for bad input.
 */
export function validatePprd(
  y: YamlFile,
  ctx: ValidationContext = {},
): { value?: PprdConfig; problems: ConfigProblem[] } {
  // Later syntax errors are mostly the parser recovering from the first one: report that one.
  if (y.syntaxProblems.length) return { problems: y.syntaxProblems.slice(0, 1) };
  const empty = emptyFileProblem(y, 'the settings and cycles (timezone, sendAt, cycles, …)');
  if (empty) return { problems: [empty] };
  const raw = y.value ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      problems: [
        {
          file: y.file,
          line: 1,
          column: 1,
          path: '',
          message: 'the file must be a mapping of settings (timezone, cycles, …)',
          fix: 'start from the shipped config/pprd.yaml',
        },
      ],
    };
  }
  const parsed = pprdSchema().safeParse(raw);
  if (!parsed.success) {
    // Dates where the list of years belongs (`holidays: 2027-01-01`, `holidays: [2027-01-01, …]`): one
    // problem with the list form, not zod's "expected array" or one "expected object" per date.
    const rawHolidays = (raw as { holidays?: unknown }).holidays;
    const datesOnly = isDateText(rawHolidays) || (Array.isArray(rawHolidays) && holidaysListFix(rawHolidays));
    const issues = datesOnly ? parsed.error.issues.filter((i) => i.path[0] !== 'holidays') : parsed.error.issues;
    const problems = zodProblems(y, issues, (i) => fixFor(i.path, i.code, raw), pprdSchema());
    if (datesOnly)
      problems.push({
        file: y.file,
        ...positionOf(y, ['holidays']),
        path: 'holidays',
        message: `holidays ${Array.isArray(rawHolidays) ? 'lists dates' : 'is a date'} but must be a list of years, one "- year:" entry each with its holidays: (days off) and workdays: (make-up working days)`,
        fix: holidaysListFix(rawHolidays)!,
      });
    // Cycles that are well-formed on their own still get their meaning checked, so that one run
    // shows an unknown agency in one cycle next to a bad date in another.
    const rawCycles = (raw as { cycles?: unknown }).cycles;
    if (Array.isArray(rawCycles)) {
      const resolveName = directoryResolver(ctx, y.file);
      const problem = (path: (string | number)[], message: string, fix: string) =>
        problems.push({ file: y.file, ...positionOf(y, path), path: formatPath(path), message, fix });
      rawCycles.forEach((rc, i) => {
        const one = schemas().cycleSchema.safeParse(rc);
        if (one.success) checkCycleMeaning(one.data, i, problem, ctx, resolveName);
      });
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    }
    return { problems };
  }
  const p = parsed.data;
  const problems: ConfigProblem[] = [];
  const problem = (path: (string | number)[], message: string, fix: string) =>
    problems.push({ file: y.file, ...positionOf(y, path), path: formatPath(path), message, fix });

  const resolveName = directoryResolver(ctx, y.file);
  const cycles: CycleConfig[] = [];
  const seen = new Set<string>();
  (p.cycles ?? DEFAULT_CYCLES).forEach((c, i) => {
    if (seen.has(c.id)) problem(['cycles', i, 'id'], `cycle id "${c.id}" is used twice`, 'give every cycle its own id');
    seen.add(c.id);
    cycles.push(checkCycleMeaning(c, i, problem, ctx, resolveName));
  });

  const years = new Set<number>();
  (p.holidays ?? []).forEach((h, i) => {
    if (years.has(h.year))
      problem(['holidays', i, 'year'], `year ${h.year} is listed twice`, 'merge the two entries into one');
    years.add(h.year);
    // A year listed here stops being provisional (calendar.isProvisional); with no day off it would be
    // planned as if it had no public holiday at all, silently and without the provisional mark.
    if (!h.holidays.length) {
      problem(
        ['holidays', i, 'holidays'],
        `year ${h.year} lists no holidays: an entry counts as the year's published arrangement, so ${h.year} would be planned with no day off and no longer marked provisional`,
        `list ${h.year}'s days off (YYYY-MM-DD) from the State Council notice, or remove the entry until the arrangement is published (the year then stays provisional)`,
      );
    }
    for (const key of ['holidays', 'workdays'] as const) {
      h[key].forEach((d, j) => {
        if (Number(d.slice(0, 4)) !== h.year)
          problem(
            ['holidays', i, key, j],
            `${d} is not in ${h.year}`,
            `list only dates of ${h.year} here, or add an entry for its year`,
          );
        if (key === 'workdays' && h.holidays.includes(d))
          problem(
            ['holidays', i, key, j],
            `${d} is listed both as a holiday and as a make-up working day`,
            'keep it in one list',
          );
      });
    }
  });

  const digests = p.digests ?? DEFAULT_DIGESTS.map((d) => ({ ...d }));
  const digestIds = new Set<string>();
  digests.forEach((d, i) => {
    if (digestIds.has(d.id))
      problem(['digests', i, 'id'], `digest id "${d.id}" is used twice`, 'give every digest its own id');
    digestIds.add(d.id);
  });

  const robots: RobotConfig[] = [];
  const robotNames = new Set<string>();
  (p.robots ?? []).forEach((r, i) => {
    if (robotNames.has(r.name))
      problem(['robots', i, 'name'], `robot name "${r.name}" is used twice`, 'give every robot its own name');
    robotNames.add(r.name);
    const signed = r.kind === 'dingtalk' || r.kind === 'feishu';
    if (signed && !r.secretEnv) {
      problem(
        ['robots', i, 'kind'],
        `a ${r.kind} robot needs secretEnv: its security setting must be 签名校验/加签 (signature)`,
        `turn on the signature security setting of the robot and name the variable holding its secret, e.g. secretEnv: PPRD_ROBOT_${r.name.toUpperCase().replace(/-/g, '_')}_SECRET`,
      );
    }
    if (r.kind === 'wecom' && r.secretEnv)
      problem(
        ['robots', i, 'secretEnv'],
        'a wecom robot has no signing secret (the key in its webhook address is the credential)',
        'remove secretEnv',
      );
    const names = r.agency === undefined ? [] : Array.isArray(r.agency) ? r.agency : [r.agency];
    if (!r.coordinators && !names.length)
      problem(
        ['robots', i, 'name'],
        `robot "${r.name}" gets nothing: it has neither coordinators: true nor agency`,
        "add coordinators: true (the 省泛珠办 group) or agency: NAME (that agency's group)",
      );
    const agencies: string[] = [];
    names.forEach((n, j) => {
      const res = resolveName(n);
      if (res.ok) agencies.push(res.name);
      else
        problem(Array.isArray(r.agency) ? ['robots', i, 'agency', j] : ['robots', i, 'agency'], res.message, res.fix);
    });
    robots.push({
      name: r.name,
      kind: r.kind,
      urlEnv: r.urlEnv,
      ...(r.secretEnv ? { secretEnv: r.secretEnv } : {}),
      coordinators: r.coordinators === true,
      agencies,
      language: r.language ?? p.language,
    });
  });

  const value: PprdConfig = {
    timezone: p.timezone,
    sendAt: p.sendAt,
    language: p.language,
    cycles,
    targets: p.targets,
    holidays: p.holidays ?? [],
    digests,
    delivery: p.delivery,
    slack: p.slack ?? {},
    robots,
    ...(p.calendar?.alarm != null ? { calendar: { alarmSeconds: alarmSeconds(p.calendar.alarm)! } } : {}),
    ...(p.office
      ? {
          office: {
            ...(p.office.replyTo ? { replyTo: p.office.replyTo } : {}),
            ...(p.office.contact ? { contact: p.office.contact } : {}),
          },
        }
      : {}),
  };
  return { value, problems };
}

type ProblemSink = (path: (string | number)[], message: string, fix: string) => void;

/** Checks what a well-formed cycle means: start/end fit its due rule, task ids and agency names exist. */
function checkCycleMeaning(
  c: z.output<ReturnType<typeof schemas>['cycleSchema']>,
  i: number,
  problem: ProblemSink,
  ctx: ValidationContext,
  resolveName: (name: string) => Resolved,
): CycleConfig {
  const start = c.start ?? '';
  if (c.due) {
    if (!start)
      problem(
        ['cycles', i, 'start'],
        'start is missing',
        `write the first period, e.g. start: ${exampleLabel(c.due, 2017)}`,
      );
    else if (!findPeriod(c.due, start))
      problem(
        ['cycles', i, 'start'],
        `start "${start}" is not a period of this cycle's due rule`,
        `write a label such as ${exampleLabel(c.due, 2017)}`,
      );
    if (c.end !== null) {
      const e = findPeriod(c.due, c.end);
      const s = start ? findPeriod(c.due, start) : undefined;
      if (!e)
        problem(
          ['cycles', i, 'end'],
          `end "${c.end}" is not a period of this cycle's due rule`,
          `write a label such as ${exampleLabel(c.due, 2030)}, or null`,
        );
      else if (s && (e.year < s.year || (e.year === s.year && e.index < s.index)))
        problem(
          ['cycles', i, 'end'],
          `end "${c.end}" comes before start "${start}"`,
          'write an end period on or after start, or null',
        );
    }
  }
  let agencies = c.agencies;
  if ('leadsOf' in agencies && ctx.catalog) {
    const ids = new Set(ctx.catalog.tasks.map((t) => t.id));
    agencies.leadsOf.forEach((id, j) => {
      if (!ids.has(id))
        problem(
          ['cycles', i, 'agencies', 'leadsOf', j],
          `unknown task id "${id}"`,
          `use a task id of ${ctx.catalog!.document.number}: ${firstAndLast(ctx.catalog!.tasks.map((t) => t.id))}`,
        );
    });
  }
  if ('names' in agencies) {
    const names: string[] = [];
    agencies.names.forEach((n, j) => {
      const r = resolveName(n);
      if (r.ok) names.push(r.name);
      else problem(['cycles', i, 'agencies', j], r.message, r.fix);
    });
    agencies = { names };
  }
  // `3wd` / `-3wd` are working days before the due date; the rest calendar days.
  const reminders = c.reminders.filter((x): x is number => typeof x === 'number');
  const workingDays = c.reminders
    .filter((x): x is string => typeof x === 'string')
    .map((x) => Number(x.replace(/^-/, '').slice(0, -2)));
  const { dueOnDayOff, ...rest } = c;
  return {
    ...rest,
    reminders,
    ...(workingDays.length ? { reminderWorkingDays: workingDays } : {}),
    ...(dueOnDayOff ? { dueOnDayOff } : {}),
    agencies,
    start,
    end: c.end,
  };
}

function firstAndLast(ids: string[]): string {
  return ids.length > 6 ? `${ids.slice(0, 3).join(', ')}, …, ${ids.slice(-3).join(', ')}` : ids.join(', ');
}

type Resolved = { ok: true; name: string } | { ok: false; message: string; fix: string };

/** Resolves an agency name (canonical, full or alias) to its canonical name through the one resolver (`createDirectoryIndex`), directory first, then the catalog's names. */
function directoryResolver(ctx: ValidationContext, pprdFile: string): (name: string) => Resolved {
  const directory = createDirectoryIndex(ctx.directory ?? []);
  const catalogAgencies = new Map((ctx.catalog?.agencies ?? []).map((a) => [a.name, a]));
  const checkable = (ctx.directory?.length ?? 0) > 0 || catalogAgencies.size > 0;
  return (name) => {
    const inCatalog = ctx.catalog ? findAgency(ctx.catalog, name) : null;
    const canonical =
      directory.resolve(name) ??
      (inCatalog?.agency && inCatalog.matchedBy !== 'prefix' ? inCatalog.agency.name : undefined);
    if (canonical) {
      if (catalogAgencies.get(canonical)?.group) {
        return {
          ok: false,
          message: `"${name}" names a group, not one agency`,
          fix: 'list the member agencies by name instead',
        };
      }
      return { ok: true, name: canonical };
    }
    if (!checkable) return { ok: true, name };
    const example =
      [...catalogAgencies.values()].find((a) => !a.group)?.name ?? ctx.directory?.[0]?.name ?? '省发展改革委';
    return {
      ok: false,
      message: `unknown agency "${name}"${didYouMeanAgency([ctx.directory ?? [], ctx.catalog?.agencies ?? []], name)}`,
      fix: `use a name from ${join(dirname(pprdFile), 'agencies.yaml')} or \`pprd agencies\`, e.g. ${example}`,
    };
  };
}
