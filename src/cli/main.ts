import { Command } from 'commander';
import * as serviceCommands from './commands/service.ts';
import * as catalogCommands from './commands/catalog.ts';
import * as scheduleCommands from './commands/schedule.ts';
import * as deliveryCommands from './commands/delivery.ts';

/**
 * `pprd` CLI: argv -> commands. Each command module exports `register(program)`;
 * this file is the only list of them. No business logic here.
 */
const program = new Command('pprd').description('Reminder bot for 粤府〔2017〕8号 reporting cycles and 2020 targets');
program.showHelpAfterError();

const modules: { register(p: Command): void }[] = [
  // catalog (issue 2): import, catalog, task, agency, agencies
  catalogCommands,
  // schedule (issue 3): config check, preview, deadlines, submit, extend, excuse, target, targets
  scheduleCommands,
  // delivery (issue 4): tick, status
  deliveryCommands,
  // service (issue 6): serve, simulate
  serviceCommands,
];
for (const m of modules) m.register(program);

await program.parseAsync(process.argv);
