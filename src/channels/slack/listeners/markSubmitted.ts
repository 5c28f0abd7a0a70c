import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeOccurrenceRef, escapeSlack, renderNotice, renderSubmittedBlocks, say } from '../../../messages/index.ts';
import { formatLocal } from '../formatLocal.ts';
import { maySubmit } from '../services.ts';
import { afterAck, errorSummary, type ListenerDeps } from './context.ts';

/**
 * "已报送 / Mark submitted" button: a click by the agency's contact or a coordinator records the
 * submission (`services.submit`, by `slack:U…`) and replaces the reminder with a confirmation
 * (`respond` with `replace_original`); anyone else gets an ephemeral refusal and nothing is recorded.
 */
export function markSubmitted(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const userId = body.user.id;
    const ref = decodeOccurrenceRef(action.value);
    let lang: 'zh-CN' | 'en' = 'zh-CN';
    try {
      const who = await deps.services.whoIs(userId);
      lang = who.language;
      const w = say(lang);
      if (!ref) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: w.noReference() });
        return;
      }
      if (!maySubmit(who, ref.agency)) {
        deps.log.warn({ event: 'slack_submit_refused', user: userId, cycle: ref.cycle, period: ref.period, agency: ref.agency });
        const msg = renderNotice(w.onlyContactsButton(escapeSlack(ref.agency)), lang);
        await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks as never });
        return;
      }
      const out = await deps.services.submit(ref, `slack:${userId}`);
      if (!out.ok) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: escapeSlack(out.message) });
        return;
      }
      // Already submitted: show the earlier record (its author and time), not this click.
      const by = out.alreadySubmitted ? (out.by ?? '?') : `slack:${userId}`;
      const msg = renderSubmittedBlocks({ ...ref, cycleName: out.cycleName }, by, formatLocal(out.at, deps.timezone), lang);
      await respond({ replace_original: true, text: msg.text, blocks: msg.blocks as never });
      deps.log.info({
        event: 'slack_submitted',
        user: userId,
        cycle: ref.cycle,
        period: ref.period,
        agency: ref.agency,
        already: out.alreadySubmitted === true,
      });
    } catch (error) {
      deps.log.error({ event: 'slack_action_failed', action: 'mark_submitted', user: userId, ...errorSummary(error) });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: say(lang).buttonFailed(),
      }).catch(() => undefined);
    }
  };
}
