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
 *   duty to the issuer. Cycles start with the period of the issue date (else of `year`);
 * - `contacts.yaml`: a placeholder coordinator and one placeholder contact per agency under the
 *   reserved domain pprd.example.org (RFC 2606), to be replaced.
 * Each file starts with its `# yaml-language-server: $schema=./schema/…` line (`pprd init` writes the schemas there).
 *
 * @param catalog the parsed document
 * @param year the first year when the document has no issue date (the current year)
 */
export function starterConfig(catalog: Catalog, year: number): StarterConfig {
  const doc = catalog.document;
  const label = doc.number || doc.title;
  const startYear = doc.issued ? Number(doc.issued.slice(0, 4)) : year;
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
      name: shorten(o.text),
      source: o.task ?? o.id,
      due,
      agencies: whoOf(o),
      submitTo: o.to,
    };
    if (due) {
      const first = periodsOfYear({ dates: due }, startYear)[0].label;
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
      start: `${startYear}H1`,
      end: null,
    });
  }

  const pprd = {
    timezone: 'Asia/Shanghai',
    sendAt: '09:00',
    language: 'zh-CN',
    cycles,
    targets: { progressDue: '12-31', reminders: [30, 14, 7, 3, 1, 0], overdue: [1, 3, 5], escalateAfter: 5 },
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

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
