import type { Agency, Catalog, Obligation, Target, Task } from './types.ts';

/** One task an agency appears in, with the paragraphs (1-based) that name it in that role. */
export interface TaskRole {
  task: Task;
  paragraphs: number[];
}

/** Everything the catalog asks of one agency. */
export interface AgencyDuties {
  agency: Agency;
  /** Tasks whose clauses name it as lead (牵头), document order. */
  led: TaskRole[];
  /** Tasks whose clauses name it as support (按职责分工负责), document order. */
  supported: TaskRole[];
  /** Targets listing it among the responsible agencies. */
  targets: Target[];
  /** Obligations it owes: it is named in `who`, or `who` is an all-bodies phrase (各地、各部门). */
  obligations: Obligation[];
  /** Obligations reported to it (`to` is its name). */
  receives: Obligation[];
}

/**
 * Collects an agency's tasks, targets and obligations from the catalog (pure).
 * An obligation whose `who` starts with 各 (各地、各部门: "every locality and department") applies
 * to every non-group agency; source: 三(一) of 粤府〔2017〕8号.
 *
 * @param name canonical name (resolve user input with `findAgency` first)
 * @returns null when the catalog has no agency of that name
 */
export function agencyDuties(catalog: Catalog, name: string): AgencyDuties | null {
  const agency = catalog.agencies.find((a) => a.name === name);
  if (!agency) return null;
  const roles = (role: 'lead' | 'support'): TaskRole[] =>
    catalog.tasks
      .map((task) => ({ task, paragraphs: task.assignments.filter((a) => a[role].includes(name)).map((a) => a.paragraph) }))
      .filter((r) => r.paragraphs.length > 0);
  return {
    agency,
    led: roles('lead'),
    supported: roles('support'),
    targets: catalog.targets.filter((t) => t.responsible.includes(name)),
    obligations: catalog.obligations.filter((o) => o.who.includes(name) || (!agency.group && o.who.some((w) => w.startsWith('各')))),
    receives: catalog.obligations.filter((o) => o.to === name),
  };
}
