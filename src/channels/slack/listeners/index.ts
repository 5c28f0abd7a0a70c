import type { App } from '@slack/bolt';
import { ACTION_DETAILS, ACTION_SUBMIT } from '../../../digest/index.ts';
import type { ListenerDeps } from './context.ts';
import { markSubmitted } from './markSubmitted.ts';
import { PPRD_COMMAND, pprdCommand } from './pprdCommand.ts';
import { showDetails } from './showDetails.ts';

export type { ListenerDeps, SlackLog } from './context.ts';
export { answerPprd, PPRD_COMMAND } from './pprdCommand.ts';

/** Registers every listener of the app: the `/pprd` command and the two reminder buttons. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(PPRD_COMMAND, pprdCommand(deps));
  app.action({ type: 'block_actions', action_id: ACTION_SUBMIT }, markSubmitted(deps) as never);
  app.action({ type: 'block_actions', action_id: ACTION_DETAILS }, showDetails(deps) as never);
}
