import { DateTime } from 'luxon';
import {
  agencySuggestions,
  type Catalog,
  createSuccession,
  didYouMean,
  findAgency,
  withSuccessors,
} from '../../catalog/index.ts';
import type { Config } from '../../config/index.ts';
import { LinkConfigError } from '../../errors.ts';
import { openStore } from '../../store/index.ts';
import { action, CliError } from '../errors.ts';
import { commandNow } from '../instant.ts';
import { cliSettings } from '../settings.ts';
import { passedOnFix, requireCatalog, requireConfig } from './schedule.ts';

/**
 * The agency of `pprd link --calendar [AGENCY]`: the one named (for a coordinator: canonical, full or alias
 * name in the catalog or the directory, successors included), else a contact's first agency. `own` lists a contact's agencies (null: a
 * coordinator, who may open any). `today` (`YYYY-MM-DD`, the command's date) decides whether a body has passed its duties on.
 * @throws CliError `LINK_CALENDAR_AGENCY` (exit 2): a coordinator without a name, an agency the contact's link would not
 * open, or a body merged into a successor by `today` (found by a tester: `--calendar 省工商局` signed an empty feed;
 * refused with the fix `pprd submit` gives, {@link passedOnFix}).
 */
function calendarAgency(
  catalog: Catalog,
  directory: Config['directory'],
  given: string | boolean,
  own: readonly string[] | null,
  today: string,
): string {
  if (typeof given !== 'string') {
    if (own) return own[0];
    throw new CliError(
      'LINK_CALENDAR_AGENCY',
      "a coordinator's calendar link needs the agency — fix: e.g. `pprd link --coordinator NAME --calendar 省交通运输厅`",
      2,
    );
  }
  const name = given.trim();
  if (own && !own.includes(name)) {
    throw new CliError(
      'LINK_CALENDAR_AGENCY',
      `this contact's link opens only ${own.join('、')}, not "${name}" — fix: leave out the agency, or name one of theirs`,
      2,
    );
  }
  if (own) return name;
  const match = findAgency({ agencies: withSuccessors(catalog, directory) }, name);
  if (!match.agency || match.agency.group) {
    const hint =
      (!match.agency && didYouMean(agencySuggestions([catalog.agencies, directory], name))) ||
      'see `pprd agencies` for the names';
    throw new CliError(
      'LINK_CALENDAR_AGENCY',
      `no agency named "${name}" in ${catalog.document.number} — fix: ${hint}`,
      2,
    );
  }
  const succession = createSuccession(directory);
  const heir = succession.at(match.agency.name, today);
  if (heir !== match.agency.name) {
    const since = succession.successorOf(match.agency.name)!.since;
    throw new CliError(
      'LINK_CALENDAR_AGENCY',
      `${match.agency.name} passed its duties on: its rounds are ${passedOnFix(heir, since, '--calendar')}`,
      2,
    );
  }
  return match.agency.name;
}

/** The action of `pprd link`: prints a person's signed board link (issue 12); declared in src/cli/register/web.ts. */
export const actions = {
  link: action(
    async (opts: {
      contact?: string;
      coordinator?: string;
      days?: string;
      calendar?: string | boolean;
      now?: string;
    }) => {
      const { personalLink } = await import('../../service/index.ts');
      const { linksFromEnv } = await import('../../main.ts');
      const { calendarPath } = await import('../../web/index.ts');
      if (Boolean(opts.contact) === Boolean(opts.coordinator)) {
        throw new CliError(
          'LINK_WHO',
          'give exactly one of --contact EMAIL or --coordinator NAME — fix: e.g. `pprd link --coordinator "省泛珠办 协调员一"`',
          2,
        );
      }
      let settings: ReturnType<typeof linksFromEnv>;
      try {
        // The flag over the environment (`--days` over `PPRD_LINK_DAYS`).
        settings = linksFromEnv(cliSettings({ linkDays: opts.days }).env);
      } catch (err) {
        throw new LinkConfigError(
          (err as Error).message.replace('PPRD_LINK_DAYS', opts.days ? '--days' : 'PPRD_LINK_DAYS'),
        );
      }
      if (!settings)
        throw new LinkConfigError(
          'PPRD_LINK_SECRET is not set — fix: set it (at least 32 random characters, e.g. `openssl rand -hex 32`) here and in the service, and PPRD_PUBLIC_URL to the board address',
        );
      if (!settings.publicUrl)
        throw new LinkConfigError(
          'PPRD_PUBLIC_URL is not set — fix: set it to the address people open the board at, e.g. https://pprd.example.gov.cn',
        );
      const db = openStore(cliSettings().dbPath);
      let config: Config;
      let catalog: Catalog;
      try {
        catalog = requireCatalog(db);
        config = requireConfig({ catalog });
      } finally {
        db.close();
      }
      // The command's clock (`--now`, else PPRD_NOW, else now: the rule of every command, src/cli/instant.ts);
      // found by a tester: the expiry was counted from the host clock whatever PPRD_NOW said.
      const now = DateTime.fromISO(commandNow(opts.now, config.timezone), { setZone: true });
      const today = now.toISODate()!;
      const print = (url: string) => {
        const end = now.plus({ days: settings!.days });
        const until = end.toFormat('yyyy-MM-dd HH:mm ZZ');
        const from = opts.now !== undefined ? '--now' : cliSettings().now !== undefined ? 'PPRD_NOW' : 'now';
        process.stdout.write(`${url}\n`);
        process.stderr.write(`valid until ${until} (${settings!.days} days from ${from})\n`);
        // The board verifies links on the host clock, not on the command's (found by a tester: a link
        // signed under an old PPRD_NOW was printed as valid, yet the board refuses it at once).
        if (end.toMillis() <= Date.now())
          process.stderr.write(
            `warning: the board checks links on the real clock, where this link has already expired (${until}) — fix: sign it without ${from}, or from a later instant\n`,
          );
      };
      if (opts.coordinator) {
        const c = config.contacts.coordinators.find((x) => x.name === opts.coordinator);
        if (!c) {
          throw new CliError(
            'UNKNOWN_PERSON',
            `no coordinator named "${opts.coordinator}" in config/contacts.yaml — fix: one of ${config.contacts.coordinators.map((x) => `"${x.name}"`).join(', ') || '(none: add coordinators first)'}`,
            2,
          );
        }
        const path =
          opts.calendar === undefined
            ? '/'
            : calendarPath(calendarAgency(catalog, config.directory, opts.calendar, null, today));
        print(personalLink(settings, { kind: 'coordinator', name: c.name }, now.toMillis(), path));
        return;
      }
      const email = opts.contact!.trim().toLowerCase();
      const agencies = Object.entries(config.contacts.agencies)
        .filter(([, list]) => list.some((x) => x.email.toLowerCase() === email))
        .map(([a]) => a);
      if (!agencies.length)
        throw new CliError(
          'UNKNOWN_PERSON',
          `no agency contact with email ${opts.contact} in config/contacts.yaml — fix: add them under their agency, or check the address`,
          2,
        );
      const path =
        opts.calendar === undefined
          ? `/agency/${encodeURIComponent(agencies[0])}`
          : calendarPath(calendarAgency(catalog, config.directory, opts.calendar, agencies, today));
      print(personalLink(settings, { kind: 'contact', email }, now.toMillis(), path));
    },
  ),
};
