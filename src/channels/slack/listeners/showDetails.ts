import { renderAgencyBlocks, renderNotice, say } from '../../../messages/index.ts';
import { type ListenerDeps, occurrenceButton } from './context.ts';

/**
 * "详情 / Details" button: answers the clicker (ephemeral, the reminder stays) with the agency's
 * tasks, targets and open reports, the occurrence's state first.
 */
export function showDetails(deps: ListenerDeps) {
  return occurrenceButton(deps, 'details', async ({ ref, userId, who, respond }) => {
    const lang = who.language;
    const answer = await deps.services.agency(ref.agency);
    const msg = answer.found ? renderAgencyBlocks(answer.view, lang) : renderNotice(say(lang).agencyGone(), lang);
    await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks as never });
    deps.log.info({ event: 'slack_details', user: userId, agency: ref.agency });
  });
}
