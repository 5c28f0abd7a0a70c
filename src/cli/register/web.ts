import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.ts';

const load = () => import('../commands/web.ts');

/** Declares `pprd link` (issue 12); its action is in src/cli/commands/web.ts. */
export function register(program: Command): void {
  program
    .command('link')
    .description(
      'print a personal signed link to the web board: a contact sees their agency, a coordinator everything (needs PPRD_LINK_SECRET and PPRD_PUBLIC_URL)',
    )
    .option('--contact <email>', 'an agency contact of config/contacts.yaml, by email')
    .option('--coordinator <name>', 'a coordinator of config/contacts.yaml, by name')
    .option('--days <n>', 'days the link stays valid (default PPRD_LINK_DAYS, else 90)')
    .option('--now <iso>', 'the instant its validity counts from (default PPRD_NOW, else now)')
    .option(
      '--calendar [agency]',
      "print the signed address of an agency's calendar feed instead (a contact's own agency by default; a coordinator names one)",
    )
    .action(lazyAction(load, 'link'));
}
