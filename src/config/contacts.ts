import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { createDirectoryIndex, didYouMeanAgency } from '../catalog/index.ts';
import { CONTROL_CHARS as CONTROL } from './headerText.ts';
import { lazySchema } from './lazySchema.ts';
import type { ConfigProblem, Contact, ContactsConfig, DirectoryEntry } from './types.ts';
import { positionOf, type YamlFile, yamlFileOf, zodProblems } from './yamlFile.ts';

/**
 * One address `local@domain.tld`: no spaces, quotes, angle brackets, commas or control characters
 * (RFC 5322 dot-atom in practice; quoted local parts are not accepted).
 */
/** One plain address `local@domain` (no display name), the form contacts and `office.replyTo` are written in. */
export const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

const FIX_NAME = 'write the name on one line with no control characters, e.g. `name: 张三`';
const FIX_EMAIL =
  'write one plain address such as `sfgw@pprd.example.org`, with no name, spaces, quotes or line breaks';
const FIX_SLACK = 'copy the member id from the Slack profile (⋮ → Copy member ID), e.g. `U0123ABCD`';
const FIX_LANGUAGE = 'use `zh-CN` (default) or `en`';

/** The schemas of a contact and of `config/contacts.yaml`, built on the first validation (zod loads then: issue 11). */
const schemas = lazySchema((z) => {
  /** Schema of one contact (agency contact or coordinator). */
  const contactSchema = z.strictObject({
    name: z
      .string({ error: 'name must be a string' })
      .trim()
      .min(1, 'name must not be empty')
      .refine((s) => !CONTROL.test(s), 'name contains a control character (CR, LF or similar)'),
    email: z
      .string({ error: 'email must be a string' })
      .trim()
      .refine((s) => !CONTROL.test(s), 'email contains a control character (CR, LF or similar)')
      .refine((s) => CONTROL.test(s) || EMAIL.test(s), 'email is not a valid address'),
    slackId: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, 'slackId must be a Slack member id such as U0123ABCD')
      .optional(),
    language: z.enum(['zh-CN', 'en'], { error: 'language must be zh-CN or en' }).default('zh-CN'),
    mobile: z
      .union([z.string(), z.number()], { error: 'mobile must be a mobile number' })
      .transform(String)
      .pipe(z.string().regex(/^1\d{10}$/, 'mobile must be an 11-digit mainland mobile number such as 13800001111'))
      .optional(),
  });

  /**
   * Schema of `config/contacts.yaml`:
   *
   * ```yaml
   * coordinators:                 # 省泛珠办: digests and escalations
   *   - name: 省泛珠办 王五
   *     email: pprd-office@pprd.example.org
   *     slackId: U0123ABCD        # optional
   * agencies:                     # canonical (or full / alias) agency name -> its contacts
   *   省发展改革委:
   *     - name: 省发展改革委联络人
   *       email: sfgw@pprd.example.org
   *       language: zh-CN         # optional: zh-CN (default) or en
   * ```
   */
  const contactsFileSchema = z.strictObject({
    coordinators: z.array(contactSchema).default([]),
    agencies: z
      .record(
        z.string(),
        z
          .array(contactSchema)
          .nullable()
          .transform((v) => v ?? []),
      )
      .default({}),
  });
  return { contactSchema, contactsFileSchema };
});

/** Schema of one contact (agency contact or coordinator), built on first use. */
export function contactSchema() {
  return schemas().contactSchema;
}

/** Schema of `config/contacts.yaml` ({@link schemas}), built on first use. */
export function contactsFileSchema() {
  return schemas().contactsFileSchema;
}

function fixFor(issue: z.core.$ZodIssue): string {
  const last = issue.path[issue.path.length - 1];
  if (last === 'name') return FIX_NAME;
  if (last === 'email') return FIX_EMAIL;
  if (last === 'slackId') return FIX_SLACK;
  if (last === 'language') return FIX_LANGUAGE;
  if (last === 'mobile')
    return 'write the 11-digit number the contact uses in WeCom/DingTalk, in quotes, e.g. mobile: "13800001111"';
  if (issue.code === 'unrecognized_keys')
    return 'a contact has only name, email, slackId, language and mobile; the file only coordinators and agencies';
  return 'see the shipped config/contacts.yaml for the shape: coordinators: [ {name, email} ], agencies: { 省发展改革委: [ {name, email} ] }';
}

/** Line and column of a mapping key (the agency name), falling back to its value's. */
function keyPosition(y: YamlFile, agency: string): { line?: number; column?: number } {
  const agencies = y.doc.get('agencies', true) as
    | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
    | undefined;
  const pair = agencies?.items?.find((p) => p.key?.value === agency);
  if (pair?.key?.range) {
    const { line, col } = y.lines.linePos(pair.key.range[0]);
    return { line, column: col };
  }
  return positionOf(y, ['agencies', agency]);
}

/**
 * Reads and validates `config/contacts.yaml`.
 *
 * Rules: each contact has a `name` and an `email` (no CR, LF or other control characters in either:
 * they would let a name inject mail headers), an optional Slack member id and a `language` (`zh-CN`
 * default, or `en`); agency keys must name an agency of the directory (canonical, full or alias name;
 * stored under the canonical name); a name given twice (e.g. canonical and alias) has its lists merged.
 *
 * @param file path of the file (as given; used in problems).
 * @param directory the agency directory (`config/agencies.yaml`).
 * @param options.checkNames report agency names missing from the directory (default true); the config
 *   loader turns it off when the directory itself is broken, so one bad line there is not echoed as
 *   dozens of "unknown agency" lines here.
 * @param text the file's content instead of reading `file` (tests), or the file as already parsed
 *   (`readConfigFiles`).
 * @returns the contacts (what is valid of them) and every problem, each with file, line, field and fix.
 *   Never throws for bad input.
 */
export function loadContacts(
  file: string,
  directory: readonly DirectoryEntry[],
  text?: string | YamlFile,
  options: { checkNames?: boolean } = {},
): { contacts: ContactsConfig; problems: ConfigProblem[] } {
  const empty: ContactsConfig = { agencies: {}, coordinators: [] };
  const y = yamlFileOf(file, text);
  if (y.syntaxProblems.length) return { contacts: empty, problems: y.syntaxProblems };
  const problems: ConfigProblem[] = [];
  const names = createDirectoryIndex(directory);
  const directoryFile = join(dirname(file), 'agencies.yaml');
  const raw = (y.value ?? {}) as { agencies?: unknown };
  if (raw.agencies && typeof raw.agencies === 'object' && !Array.isArray(raw.agencies)) {
    for (const key of Object.keys(raw.agencies)) {
      if (options.checkNames === false || names.resolve(key)) continue;
      problems.push({
        file,
        ...keyPosition(y, key),
        path: `agencies.${key}`,
        message: `unknown agency "${key}": not in the directory (${directoryFile})${didYouMeanAgency([directory], key)}`,
        fix: `use the agency's canonical name as \`pprd agencies\` lists it, or add the agency to ${directoryFile}`,
      });
    }
  }
  const parsed = contactsFileSchema().safeParse(y.value ?? {});
  if (!parsed.success)
    return {
      contacts: empty,
      problems: [...zodProblems(y, parsed.error.issues, fixFor, contactsFileSchema()), ...problems],
    };
  const agencies: Record<string, Contact[]> = {};
  for (const [key, list] of Object.entries(parsed.data.agencies)) {
    const canonical = names.resolve(key);
    if (!canonical) continue;
    agencies[canonical] = [...(agencies[canonical] ?? []), ...list];
  }
  return { contacts: { agencies, coordinators: parsed.data.coordinators }, problems };
}

/**
 * The agencies of `agencyNames` (canonical) that have no contact in `contacts`, in the given order.
 * `pprd config check`, `pprd status` and the coordinators' digest list them.
 */
export function agenciesWithoutContact(contacts: ContactsConfig, agencyNames: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const name of agencyNames) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (!contacts.agencies[name]?.length) out.push(name);
  }
  return out;
}

/**
 * Agencies whose directory entry names a successor (issue 14 item 1) but that still have contacts in
 * `contacts.yaml`: from `since` their reports go to the successor's contacts, so these contacts get only
 * the rounds due before it. Directory order. `pprd config check` warns about each.
 */
export function contactsUnderPredecessors(
  contacts: ContactsConfig,
  directory: readonly DirectoryEntry[],
): { agency: string; successor: string; since: string; contacts: number }[] {
  return directory
    .filter((e) => e.successor && e.since && (contacts.agencies[e.name]?.length ?? 0) > 0)
    .map((e) => ({
      agency: e.name,
      successor: e.successor!,
      since: e.since!,
      contacts: contacts.agencies[e.name].length,
    }));
}
