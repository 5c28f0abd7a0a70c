import type { Command } from 'commander';
import type { Config } from '../../config/index.ts';
import { dbPathFromEnv, openStore } from '../../store/index.ts';
import { action, CliError } from '../errors.ts';
import { requireCatalog, requireConfig } from './schedule.ts';

/** Registers `pprd link`: prints a person's signed board link (issue 12). */
export function register(program: Command): void {
  program
    .command('link')
    .description('print a personal signed link to the web board: a contact sees their agency, a coordinator everything (needs PPRD_LINK_SECRET and PPRD_PUBLIC_URL)')
    .option('--contact <email>', 'an agency contact of config/contacts.yaml, by email')
    .option('--coordinator <name>', 'a coordinator of config/contacts.yaml, by name')
    .option('--days <n>', 'days the link stays valid (default PPRD_LINK_DAYS, else 90)')
    .action(
      action(async (opts: { contact?: string; coordinator?: string; days?: string }) => {
        const { linkSettingsFromEnv, personalLink } = await import('../../service/index.ts');
        if (Boolean(opts.contact) === Boolean(opts.coordinator)) {
          throw new CliError('LINK_WHO', 'give exactly one of --contact EMAIL or --coordinator NAME — fix: e.g. `pprd link --coordinator "省泛珠办 协调员一"`', 2);
        }
        let settings: ReturnType<typeof linkSettingsFromEnv>;
        try {
          settings = linkSettingsFromEnv(opts.days ? { ...process.env, PPRD_LINK_DAYS: opts.days } : process.env);
        } catch (err) {
          throw new CliError('LINK_CONFIG', (err as Error).message.replace('PPRD_LINK_DAYS', opts.days ? '--days' : 'PPRD_LINK_DAYS'), 2);
        }
        if (!settings) throw new CliError('LINK_CONFIG', 'PPRD_LINK_SECRET is not set — fix: set it (at least 32 random characters, e.g. `openssl rand -hex 32`) here and in the service, and PPRD_PUBLIC_URL to the board address', 2);
        if (!settings.publicUrl) throw new CliError('LINK_CONFIG', 'PPRD_PUBLIC_URL is not set — fix: set it to the address people open the board at, e.g. https://pprd.example.gov.cn', 2);
        const db = openStore(dbPathFromEnv());
        let config: Config;
        try {
          config = requireConfig({ catalog: requireCatalog(db) });
        } finally {
          db.close();
        }
        if (opts.coordinator) {
          const c = config.contacts.coordinators.find((x) => x.name === opts.coordinator);
          if (!c) {
            throw new CliError('UNKNOWN_PERSON', `no coordinator named "${opts.coordinator}" in config/contacts.yaml — fix: one of ${config.contacts.coordinators.map((x) => `"${x.name}"`).join(', ') || '(none: add coordinators first)'}`, 2);
          }
          process.stdout.write(`${personalLink(settings, { kind: 'coordinator', name: c.name }, Date.now())}\n`);
          return;
        }
        const email = opts.contact!.trim().toLowerCase();
        const agencies = Object.entries(config.contacts.agencies)
          .filter(([, list]) => list.some((x) => x.email.toLowerCase() === email))
          .map(([a]) => a);
        if (!agencies.length) throw new CliError('UNKNOWN_PERSON', `no agency contact with email ${opts.contact} in config/contacts.yaml — fix: add them under their agency, or check the address`, 2);
        process.stdout.write(`${personalLink(settings, { kind: 'contact', email }, Date.now(), `/agency/${encodeURIComponent(agencies[0])}`)}\n`);
      }),
    );
}
