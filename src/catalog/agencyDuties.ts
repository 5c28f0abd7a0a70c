import { createSuccession, withSuccessors } from './succession.ts';
import type { Agency, Catalog, DirectoryEntry, Obligation, Target, Task } from './types.ts';

/** One task an agency appears in, with the paragraphs (1-based) that name it in that role. */
export interface TaskRole {
  task: Task;
  paragraphs: number[];
  /**
   * For a task it leads: the other paragraphs of the same task that name it as support (e.g. 牵头 in ¶1,
   * 按职责分工负责 in ¶3); never one of `paragraphs` (leading wins within a paragraph). Absent when none;
   * never set on a `supported` entry.
   */
  alsoSupports?: number[];
}

/** Everything the catalog asks of one agency. */
export interface AgencyDuties {
  agency: Agency;
  /** Tasks where some paragraph names it as lead (牵头), document order. */
  led: TaskRole[];
  /** Tasks where it is named only as support (按职责分工负责), never as lead: document order. */
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
 *
 * The one role rule (issue 10: `pprd agency`, Slack `/pprd agency`, reminders, the agency page): a task
 * counts once per agency, as `lead` if any of its paragraphs names the agency 牵头, else as `support`. In
 * 粤府〔2017〕8号 six task/agency pairs are both (lead of one paragraph, support of another); they are
 * led tasks, with the supporting paragraphs in `alsoSupports`. Within one paragraph leading wins: an agency
 * named both 牵头 and 按职责分工负责 there — after a succession, 省市场监管局 in task 4 ¶3 (省工商局 leads,
 * 省质监局 supports) and task 14 ¶1 — leads it and is listed once (DESIGN.md: an assignment is one
 * paragraph's lead and support; found by a tester).
 * An obligation whose `who` starts with 各 (各地、各部门: "every locality and department") applies
 * to every non-group agency; source: 三(一) of 粤府〔2017〕8号.
 *
 * A successor (issue 14 item 1, `config/agencies.yaml` `successor`/`since`) holds, besides its own, the
 * duties of the bodies it replaced (`Succession.predecessorsOf`): 省市场监管局 those of 省工商局, 省质监局 and
 * 省食品药品监管局; with `date`, only of those replaced by then.
 *
 * @param name canonical name (resolve user input with `findAgency` first)
 * @param directory the directory (`config.directory`); without it, the document's names only
 * @param date `YYYY-MM-DD`: count only predecessors whose duties had passed by then; default all
 * @returns null when neither the catalog nor the directory has an agency of that name
 */
export function agencyDuties(
  catalog: Catalog,
  name: string,
  directory: readonly DirectoryEntry[] = [],
  date?: string,
): AgencyDuties | null {
  const agency = (directory.length ? withSuccessors(catalog, directory) : catalog.agencies).find(
    (a) => a.name === name,
  );
  if (!agency) return null;
  const names = directory.length ? [name, ...createSuccession(directory).predecessorsOf(name, date)] : [name];
  const named = (list: readonly string[]) => names.some((n) => list.includes(n));
  const led: TaskRole[] = [];
  const supported: TaskRole[] = [];
  for (const task of catalog.tasks) {
    const leads = task.assignments.filter((a) => named(a.lead)).map((a) => a.paragraph);
    const supports = task.assignments.filter((a) => named(a.support)).map((a) => a.paragraph);
    // Leading wins within a paragraph: a successor whose predecessors lead and support the same paragraph
    // (省工商局 牵头, 省质监局 按职责分工负责 in task 4 ¶3) leads it, listed once.
    const alsoSupports = supports.filter((p) => !leads.includes(p));
    if (leads.length) led.push({ task, paragraphs: leads, ...(alsoSupports.length ? { alsoSupports } : {}) });
    else if (supports.length) supported.push({ task, paragraphs: supports });
  }
  return {
    agency,
    led,
    supported,
    targets: catalog.targets.filter((t) => named(t.responsible)),
    obligations: catalog.obligations.filter(
      (o) => named(o.who) || (!agency.group && o.who.some((w) => w.startsWith('各'))),
    ),
    receives: catalog.obligations.filter((o) => names.includes(o.to)),
  };
}
