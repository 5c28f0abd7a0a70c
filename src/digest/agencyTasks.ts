import { agencyDuties } from '../catalog/agencyDuties.ts';
import type { Catalog, DirectoryEntry } from '../catalog/types.ts';

/** A task an agency has a part in, and its role. */
export interface AgencyTask {
  /** Task id (`7`, `G1`). */
  id: string;
  title: string;
  /** `lead` if any paragraph names it 牵头, else `support` (the catalog's one role rule, `agencyDuties`). */
  role: 'lead' | 'support';
}

/**
 * The tasks of the document in which `agency` (canonical name) is lead or support, in document order,
 * each once: `agencyDuties`' led and supported lists (a task where it leads one paragraph and supports
 * another counts as `lead`). A successor's include those of the bodies it replaced (by `date`,
 * `YYYY-MM-DD`, when given; `agencyDuties` with `directory`). Empty for a name neither knows.
 */
export function agencyTasks(
  catalog: Catalog,
  agency: string,
  directory?: readonly DirectoryEntry[],
  date?: string,
): AgencyTask[] {
  // Every reminder lists its agency's tasks (issue 11: not the whole catalog walked per message): the
  // answer is kept per (catalog, directory, agency, date) object and returned as fresh copies.
  let byDirectory = MEMO.get(catalog);
  if (!byDirectory) {
    byDirectory = new WeakMap();
    MEMO.set(catalog, byDirectory);
  }
  const dirKey = directory ?? NO_DIRECTORY;
  let answers = byDirectory.get(dirKey);
  if (!answers) {
    answers = new Map();
    byDirectory.set(dirKey, answers);
  }
  const key = `${agency}\u0000${date ?? ''}`;
  let tasks = answers.get(key);
  if (!tasks) {
    tasks = collectTasks(catalog, agency, directory, date);
    answers.set(key, tasks);
  }
  return tasks.map((t) => ({ ...t }));
}

const NO_DIRECTORY: readonly DirectoryEntry[] = [];
const MEMO = new WeakMap<Catalog, WeakMap<readonly DirectoryEntry[], Map<string, readonly AgencyTask[]>>>();

function collectTasks(
  catalog: Catalog,
  agency: string,
  directory: readonly DirectoryEntry[] | undefined,
  date: string | undefined,
): AgencyTask[] {
  const d = agencyDuties(catalog, agency, directory, date);
  if (!d) return [];
  const order = new Map(catalog.tasks.map((t, i) => [t.id, i]));
  return [
    ...d.led.map((r) => ({ id: r.task.id, title: r.task.title, role: 'lead' as const })),
    ...d.supported.map((r) => ({ id: r.task.id, title: r.task.title, role: 'support' as const })),
  ].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
