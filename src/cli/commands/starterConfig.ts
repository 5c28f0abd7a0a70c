import type { Catalog, Obligation } from '../../catalog/index.ts';
import { schemaComment } from '../../config/index.ts';
import { lazyRequire } from '../../lazyRequire.ts';
import { periodsOfYear } from '../../schedule/index.ts';

/** `yaml`'s writer, loaded by `pprd init` only (issue 11: CLI start). */
const yaml = lazyRequire<typeof import('yaml')>('yaml');
const stringify = (value: unknown): string => yaml().stringify(value);

/** The three files of a starting config folder, as YAML text. */
export interface StarterConfig {
  'pprd.yaml': string;
  'agencies.yaml': string;
  'contacts.yaml': string;
}

/** A cycle as written to `pprd.yaml`. */
interface CycleYaml {
  id: string;
  name: string;
  source: string;
  due: string[] | null;
  agencies: 'all' | string[];
  submitTo: string;
  start?: string | number;
  end?: null;
}

/**
 * Writes a starting config for an imported document (`pprd init`, issue 16), valid as it stands
 * (`pprd config check` passes):
 * - `agencies.yaml`: every agency the clauses name (groups left out), with the full name and aliases
 *   the current directory gave them, else a comment asking for the full name;
 * - `pprd.yaml`: one cycle per reporting duty the document states with dates of 1, 2 or 4 per year
 *   (`findObligations`: who, to whom, when), one unscheduled cycle (`due: null`) per duty without a
 *   date; when it states no dated duty, a half-yearly report (06-30, 12-31) of every agency with a
 *   duty to the issuer, each named by {@link cycleName}. Cycles start with the period in progress on
 *   `today` (the first whose due date is on or after it) and `targets.start` with its year, as the
 *   README's First deployment advises; a comment says how to track earlier rounds;
 * - `contacts.yaml`: a placeholder coordinator and one placeholder contact per agency under the
 *   reserved domain pprd.example.org (RFC 2606), to be replaced.
 * Each file starts with its `# yaml-language-server: $schema=./schema/…` line (`pprd init` writes the schemas there).
 *
 * @param catalog the parsed document
 * @param today the command's date `YYYY-MM-DD` in the written time zone (Asia/Shanghai; `--now`/`PPRD_NOW`, else now)
 */
export function starterConfig(catalog: Catalog, today: string): StarterConfig {
  const doc = catalog.document;
  const label = doc.number || doc.title;
  const startYear = Number(today.slice(0, 4));
  // The period in progress on `today`: this year's first period due on or after it, else next year's first.
  const inProgress = (due: readonly string[]): string => {
    const rule = { dates: [...due] };
    return (periodsOfYear(rule, startYear).find((p) => p.due >= today) ?? periodsOfYear(rule, startYear + 1)[0]!).label;
  };
  const agencies = catalog.agencies.filter((a) => !a.group);
  const names = new Set(agencies.map((a) => a.name));

  const cycles: CycleYaml[] = [];
  const ids = new Set<string>();
  const idFor = (base: string) => {
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}-${k}`;
    ids.add(id);
    return id;
  };
  const whoOf = (o: Obligation): 'all' | string[] => {
    const own = o.who.filter((w) => names.has(w));
    return own.length > 0 && own.length === o.who.length ? own : 'all';
  };
  for (const o of catalog.obligations) {
    const due = o.due ? [...new Set(o.due)].sort() : null;
    if (due && ![1, 2, 4].includes(due.length)) continue;
    const kind = !due ? 'report' : due.length === 1 ? 'yearly' : due.length === 2 ? 'half-yearly' : 'quarterly';
    const cycle: CycleYaml = {
      id: idFor(kind),
      name: cycleName(o.text, due),
      source: o.task ?? o.id,
      due,
      agencies: whoOf(o),
      submitTo: o.to,
    };
    if (due) {
      const first = inProgress(due);
      cycle.start = /^\d{4}$/.test(first) ? Number(first) : first;
      cycle.end = null;
    }
    cycles.push(cycle);
  }
  if (!cycles.some((c) => c.due)) {
    cycles.unshift({
      id: idFor('half-yearly'),
      name: '任务进展半年报送',
      source: label,
      due: ['06-30', '12-31'],
      agencies: 'all',
      submitTo: doc.issuer || '牵头单位',
      start: inProgress(['06-30', '12-31']),
      end: null,
    });
  }

  const pprd = {
    timezone: 'Asia/Shanghai',
    sendAt: '09:00',
    language: 'zh-CN',
    cycles,
    targets: {
      start: startYear,
      progressDue: '12-31',
      reminders: [30, 14, 7, 3, 1, 0],
      overdue: [1, 3, 5],
      escalateAfter: 5,
    },
    holidays: [],
    digests: [
      { id: 'weekly-coordinators', audience: 'coordinators', schedule: '0 9 * * 1' },
      { id: 'monthly-agency', audience: 'agency', schedule: '0 9 1 * *' },
    ],
    delivery: { catchUpDays: 3, giveUpAfterHours: 48, retryBaseMinutes: 2 },
    slack: {},
  };
  const directory = {
    agencies: agencies.map((a) => ({
      name: a.name,
      ...(a.fullName ? { fullName: a.fullName } : {}),
      ...(a.aliases?.length ? { aliases: a.aliases } : {}),
    })),
  };
  const contacts = {
    coordinators: [{ name: '协调员', email: 'coordinator@pprd.example.org' }],
    agencies: Object.fromEntries(
      agencies.map((a, i) => [a.name, [{ name: `${a.name}联络人`, email: `agency${i + 1}@pprd.example.org` }]]),
    ),
  };
  const head = (file: keyof StarterConfig, what: string) =>
    `${schemaComment(file)}\n# Starting config for ${label} ${doc.title}, written by \`pprd init\`: ${what}\n# Check it with: PPRD_CONFIG=<this folder> pprd config check\n\n`;
  const missingFull = agencies.filter((a) => !a.fullName).length;
  return {
    'pprd.yaml':
      head('pprd.yaml', 'cycles from the reporting duties the document states (edit due, start, submitTo as needed).') +
      `# Cycles start at the period in progress on ${today} and targets.start at ${startYear}: earlier rounds are not\n` +
      '# tracked. To track them, set start (and targets.start) earlier and record the past rounds with\n' +
      '# `pprd history --until PERIOD` (README: First deployment, rounds before deployment).\n\n' +
      stringify(pprd),
    'agencies.yaml':
      head(
        'agencies.yaml',
        `the agencies the document names${missingFull ? `; ${missingFull} lack a fullName: add each one's full official name` : ''}.`,
      ) + stringify(directory),
    'contacts.yaml':
      head(
        'contacts.yaml',
        'PLACEHOLDERS under the reserved domain pprd.example.org: replace every name and address with the real contacts.',
      ) + stringify(contacts),
  };
}

/** The frequency word of a cycle with `n` due dates a year (1, 2, 4, 12). */
const FREQUENCY: Record<number, string> = { 1: '每年', 2: '半年', 4: '每季度', 12: '每月' };
/** A recipient (省泛珠办, 省农业农村厅…) rather than the thing reported. */
const RECIPIENT = /(?:办|厅|局|委|府|部|室|处|院|会|政府)$/;

/**
 * A cycle's short name for email subjects (the shipped config's style, `泛珠合作事项半年报送`): what is
 * reported plus the frequency word and 报送. What is reported: the words after 报送 when they are not
 * the recipient (`报送工作进展` → 工作进展), else the object before the date clause, its `与X各方相关的`
 * qualifier kept as X (`梳理与泛珠各方相关的合作事项` → 泛珠合作事项). Without one of 2-12 characters:
 * the frequency alone (`半年报送`); an undated duty keeps its text up to 20 characters, else `定期报送`.
 * Never a cut sentence.
 * @param text the duty's sentence (`Obligation.text`)
 * @param due its distinct due dates, or null when the document gives none
 */
export function cycleName(text: string, due: readonly string[] | null): string {
  const sentence = text.replace(/[。；;，,\s]+$/, '');
  if (!due) return sentence.length <= 20 ? sentence : '定期报送';
  const freq = FREQUENCY[due.length] ?? '';
  const after = /报送([^，,。；;、]+)$/.exec(sentence)?.[1];
  let object = after && !RECIPIENT.test(after) ? after : undefined;
  if (!object) {
    const before = sentence
      .split(/[，,]\s*(?:并|要)?于/)[0]!
      .split(/[，,]/)
      .at(-1)!;
    const head = /的([^的]+)$/.exec(before)?.[1];
    const qualifier = /与(.{1,6}?)(?:各方)?(?:相关|有关)的/.exec(before)?.[1] ?? '';
    object = head ? `${qualifier}${head}` : undefined;
  }
  if (!object || !/^[\u4e00-\u9fff]{2,12}$/.test(object)) return `${freq}报送`;
  return freq === '每年' && object.startsWith('年度') ? `${object}报送` : `${object}${freq}报送`;
}
