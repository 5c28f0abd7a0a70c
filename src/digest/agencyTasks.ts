import type { Catalog } from '../catalog/types.ts';

/** A task an agency has a part in, and its role. */
export interface AgencyTask {
  /** Task id (`7`, `G1`). */
  id: string;
  title: string;
  /** `lead` if any paragraph names it 牵头, else `support`. */
  role: 'lead' | 'support';
}

/**
 * The tasks of the document in which `agency` (canonical name) is lead or support, in document order;
 * a task where it leads one paragraph and supports another counts as `lead`.
 */
export function agencyTasks(catalog: Catalog, agency: string): AgencyTask[] {
  const out: AgencyTask[] = [];
  for (const t of catalog.tasks) {
    const lead = t.assignments.some((a) => a.lead.includes(agency));
    const support = t.assignments.some((a) => a.support.includes(agency));
    if (lead || support) out.push({ id: t.id, title: t.title, role: lead ? 'lead' : 'support' });
  }
  return out;
}
