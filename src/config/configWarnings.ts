import { join } from 'node:path';
import { agenciesWithoutContact, contactsUnderPredecessors } from './contacts.ts';
import type { Config, ConfigProblem } from './types.ts';
import { formatPath, positionOf, readYamlFile, type YamlFile } from './yamlFile.ts';

/** What {@link configWarnings} checks a valid config against besides the files. */
export interface WarningContext {
  /** Agencies that owe reports (scheduled cycles and targets, from the catalog); absent: not checked. */
  owing?: readonly string[];
  /** Number of the document's targets with responsible agencies (their progress requests); absent: unknown (no catalog). */
  targets?: number;
  /** Provisional years of the plan (`provisionalYearsOf`: dates planned in years without holiday data); absent: none. */
  provisionalYears?: readonly number[];
  /** The files as already read (`readConfigFiles`): their positions are taken from them, not read again. */
  files?: { pprd?: YamlFile; contacts?: YamlFile };
}

/**
 * The warnings of a valid config (issue 15): what it would not do that its admin probably wants, each
 * with the file, line and column of the field it concerns and the fix (same shape as a problem; printed
 * `warning: file:line:col field: message — fix: …` on stderr by `pprd config check`):
 * - a config that would send nothing: no contacts at all, or no cycle with a schedule (and no target);
 * - agencies that owe reports but have no contact; no coordinators (escalations reach nobody);
 * - contact addresses in a reserved example domain ({@link isReservedDomain}): placeholders, mail to them
 *   is still written but reaches nobody;
 * - years the plan has dates in but no holiday data for (provisional, `provisionalYearsOf`).
 * Reads `pprd.yaml` or `contacts.yaml` of `dir` again for the positions only, a file only when one of
 * its warnings is given. Never throws.
 */
export function configWarnings(dir: string, config: Readonly<Config>, ctx: WarningContext = {}): ConfigProblem[] {
  const pprdFile = join(dir, 'pprd.yaml');
  const contactsFile = join(dir, 'contacts.yaml');
  // A file is read again only when a warning needs a position in it (issue 11: config check reads each once).
  const read = new Map<string, YamlFile>();
  if (ctx.files?.pprd) read.set(pprdFile, ctx.files.pprd);
  if (ctx.files?.contacts) read.set(contactsFile, ctx.files.contacts);
  const at = (file: string, path: (string | number)[]) => {
    const y = read.get(file) ?? readYamlFile(file);
    read.set(file, y);
    return { file, ...positionOf(y, path), path: formatPath(path) };
  };
  const out: ConfigProblem[] = [];

  const scheduled = config.cycles.filter((c) => c.due);
  if (!scheduled.length && ctx.targets !== undefined && ctx.targets === 0) {
    out.push({
      ...at(pprdFile, ['cycles']),
      message: `nothing would be sent: no cycle has a schedule (due) and the document has no target with responsible agencies${config.cycles.length ? ` (${config.cycles.map((c) => c.id).join(', ')}: no schedule set)` : ''}`,
      fix: 'give a cycle its due dates and start, e.g. due: [06-30, 12-31] and start: 2026H2 (see the shipped config/pprd.yaml)',
    });
  } else if (!scheduled.length) {
    out.push({
      ...at(pprdFile, ['cycles']),
      message: `no cycle has a schedule (due): no report reminder would be sent${ctx.targets ? `, only the progress requests of ${ctx.targets} target${ctx.targets === 1 ? '' : 's'}` : ''}`,
      fix: 'give a cycle its due dates and start, e.g. due: [06-30, 12-31] and start: 2026H2 (see the shipped config/pprd.yaml)',
    });
  }

  const agencyContacts = Object.values(config.contacts.agencies).reduce((n, l) => n + l.length, 0);
  if (!agencyContacts && !config.contacts.coordinators.length) {
    out.push({
      ...at(contactsFile, ['agencies']),
      message: 'nothing would be sent: there are no contacts at all (no agency contact, no coordinator)',
      fix: `add each agency's contacts under agencies and the coordinators under coordinators in ${contactsFile}`,
    });
  } else {
    const missing = ctx.owing ? agenciesWithoutContact(config.contacts, ctx.owing) : [];
    if (missing.length) {
      const n = missing.length;
      out.push({
        ...at(contactsFile, ['agencies']),
        message: `${n} agenc${n === 1 ? 'y owes' : 'ies owe'} reports but ha${n === 1 ? 's' : 've'} no contact: ${missing.join('、')}`,
        fix: `add ${n === 1 ? 'it' : 'them'} under agencies in ${contactsFile}`,
      });
    }
    // issue 14 item 1: contacts of a body whose duties passed to a successor get only the rounds before it.
    for (const p of contactsUnderPredecessors(config.contacts, config.directory)) {
      out.push({
        ...at(contactsFile, ['agencies', p.agency]),
        message: `${p.agency} has ${p.contacts} contact${p.contacts === 1 ? '' : 's'} but its duties passed to ${p.successor} on ${p.since}: reports due from then go to ${p.successor}'s contacts`,
        fix: `file ${p.contacts === 1 ? 'it' : 'them'} under ${p.successor} in ${contactsFile} (keep ${p.agency} only for rounds due before ${p.since})`,
      });
    }
    const placeholders = reservedAddresses(config);
    if (placeholders.length) {
      const n = placeholders.length;
      const first = placeholders.slice(0, 3).map((c) => ({ ...c, at: at(contactsFile, c.path) }));
      const shown = first.map((c) => `${c.owner} ${c.email} (${c.at.line ?? '?'}:${c.at.column ?? '?'})`).join(', ');
      out.push({
        ...first[0]!.at,
        message: `${n} contact${n === 1 ? ' has an address' : 's have addresses'} in a reserved example domain (RFC 2606 / RFC 6761), which reach nobody: ${shown}${n > first.length ? ` and ${n - first.length} more` : ''}`,
        fix: `replace ${n === 1 ? 'it' : 'them'} with real addresses in ${contactsFile}`,
      });
    }
    if (!config.contacts.coordinators.length) {
      out.push({
        ...at(contactsFile, ['coordinators']),
        message: "no coordinators: escalations and the coordinators' digest reach nobody",
        fix: `add coordinators in ${contactsFile}`,
      });
    }
  }

  for (const y of ctx.provisionalYears ?? []) {
    out.push({
      ...at(pprdFile, ['holidays']),
      message: `${y} has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (provisional)`,
      fix: `add ${y} under holidays in ${pprdFile} once its arrangement is published`,
    });
  }
  return out;
}

/** Second-level names reserved for examples (RFC 2606 section 3), with their subdomains. */
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'];
/** Top-level names reserved for tests, examples, invalid and local names (RFC 2606 section 2, RFC 6761). */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

/**
 * Whether the domain of an email address (`local@domain`, case-insensitive) is reserved and reaches
 * nobody: example.com/.net/.org and their subdomains, and any name under the `.example`, `.test`,
 * `.invalid` or `.localhost` TLDs (RFC 2606, RFC 6761). False for an address without `@`.
 */
export function isReservedDomain(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  if (EXAMPLE_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`))) return true;
  return RESERVED_TLDS.has(domain.slice(domain.lastIndexOf('.') + 1));
}

/** The contacts (coordinators, then agencies in file order) whose address is in a reserved domain, with their YAML path. */
function reservedAddresses(config: Readonly<Config>): { owner: string; email: string; path: (string | number)[] }[] {
  const out: { owner: string; email: string; path: (string | number)[] }[] = [];
  config.contacts.coordinators.forEach((c, i) => {
    if (isReservedDomain(c.email))
      out.push({ owner: 'coordinators', email: c.email, path: ['coordinators', i, 'email'] });
  });
  for (const [agency, list] of Object.entries(config.contacts.agencies))
    list.forEach((c, i) => {
      if (isReservedDomain(c.email))
        out.push({ owner: agency, email: c.email, path: ['agencies', agency, i, 'email'] });
    });
  return out;
}
