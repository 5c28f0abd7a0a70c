import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeOccurrenceRef, renderAgencyBlocks, renderNotice, say } from '../../../messages/index.ts';
import { afterAck, errorSummary, type ListenerDeps } from './context.ts';

/**
 * "详情 / Details" button: answers the clicker (ephemeral, the reminder stays) with the agency's
 * tasks, targets and open reports, the occurrence's state first.
 */
export function showDetails(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const userId = body.user.id;
    const ref = decodeOccurrenceRef(action.value);
    try {
      const who = await deps.services.whoIs(userId);
      const lang = who.language;
      const w = say(lang);
      if (!ref) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: w.noReference() });
        return;
      }
      const answer = await deps.services.agency(ref.agency);
      const msg = answer.found
        ? renderAgencyBlocks(answer.view, lang)
        : renderNotice(w.agencyGone(), lang);
      await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks as never });
      deps.log.info({ event: 'slack_details', user: userId, agency: ref.agency });
    } catch (error) {
      deps.log.error({ event: 'slack_action_failed', action: 'details', user: userId, ...errorSummary(error) });
      await respond({ response_type: 'ephemeral', replace_original: false, text: '抱歉，处理出错 / Sorry, that failed.' }).catch(() => undefined);
    }
  };
}
