import type { Command } from 'commander';
import { lazyAction } from '../lazyAction.ts';
import { readsPprdNow } from './commandClock.ts';

const load = () => import('../commands/catalog.ts');

/**
 * Declares the catalog commands (issue 2): `import`, `init`, `catalog`, `task`, `agency`, `agencies`; their
 * actions are in src/cli/commands/catalog.ts, imported when one of them runs.
 */
export function register(program: Command): void {
  program
    .command('import')
    .description('parse the policy document and store its catalog (default: the document in seeds/)')
    .argument('[file]', 'policy text (UTF-8)')
    .option('--replace', 'accept a document that drops tasks of the stored catalog')
    .option('--dry-run', 'show what would be stored and every clause that cannot be read; change nothing')
    .option(
      '--json',
      'print one JSON object: {result, file, document, counts, changes, warnings} (with --dry-run: {dryRun, unread, refusal, …})',
    )
    .action(lazyAction(load, 'import'));

  readsPprdNow(program.command('init'))
    .description(
      'start with another document: import it and write a starting config for it (directory, cycles, placeholder contacts)',
    )
    .argument('<file>', 'policy text (UTF-8)')
    .option('--dir <dir>', 'config folder to write (default: PPRD_CONFIG or config)')
    .option('--force', 'overwrite config files already in the folder')
    .option('--replace', 'replace the catalog of another document stored in PPRD_DB')
    .action(lazyAction(load, 'init'));

  const catalogView = (
    name: 'catalog' | 'task' | 'agency' | 'agencies',
    description: string,
    json: string,
    argument?: [string, string],
  ) => {
    const cmd = program.command(name).description(description);
    if (argument) cmd.argument(...argument);
    cmd.option('--json', json).action(lazyAction(load, name));
  };
  catalogView(
    'catalog',
    'show the imported catalog: document, tasks, agencies, targets, obligations',
    'print one JSON object',
  );
  catalogView(
    'task',
    'show one task (1-30) or safeguard measure (G1-G4) with its agencies',
    'print JSON: {id, title, section, sectionTitle, paragraphs: [{n, text, line, lead, support}], targets, obligations}',
    ['<id>', 'task id, e.g. 7 or G1'],
  );
  catalogView(
    'agency',
    "show an agency's tasks (led and supported), targets and obligations",
    'print JSON: {name, fullName, aliases, group, successor, since, replaces, leads: [{task, title, paragraphs, alsoSupports?}], supports (tasks it only supports), targets, obligations, receives}',
    ['<name>', 'canonical, full or alias name, e.g. 省交通运输厅, 广东省交通运输厅'],
  );
  catalogView(
    'agencies',
    'list every agency the document names, with full names and task counts',
    'print JSON: {document, agencies: [{name, fullName, aliases, group, lead, support, successor, since}], notInDirectory}',
  );
}
