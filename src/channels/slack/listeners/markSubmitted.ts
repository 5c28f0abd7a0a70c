import { escapeSlack, renderNotice, renderSubmittedBlocks, say } from '../../../messages/index.ts';
import { formatLocal } from '../formatLocal.ts';
import { maySubmit } from '../services.ts';
import { type ListenerDeps, occurrenceButton } from './context.ts';

/**
 * "已报送 / Mark submitted" button: a click by the agency's contact or a coordinator records the
 * submission (`services.submit`, by `slack:U…`) and replaces the reminder with a confirmation
 * (`respond` with `replace_original`); anyone else gets an ephemeral refusal and nothing is recorded.
 */
export function markSubmitted(deps: ListenerDeps) {
  return occurrenceButton(deps, 'mark_submitted', async ({ ref, userId, who, respond }) => {
    const lang = who.language;
    const w = say(lang);
    if (!maySubmit(who, ref.agency)) {
      deps.log.warn({
        event: 'slack_submit_refused',
        user: userId,
        cycle: ref.cycle,
        period: ref.period,
        agency: ref.agency,
      });
      const msg = renderNotice(w.onlyContactsButton(escapeSlack(ref.agency)), lang);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: msg.text,
        blocks: msg.blocks as never,
      });
      return;
    }
    const out = await deps.services.submit(ref, `slack:${userId}`);
    if (!out.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: escapeSlack(out.message) });
      return;
    }
    // Already submitted: show the earlier record (its author and time), not this click.
    const by = out.alreadySubmitted ? (out.by ?? '?') : `slack:${userId}`;
    const msg = renderSubmittedBlocks(
      { ...ref, cycleName: out.cycleName },
      by,
      formatLocal(out.at, deps.timezone),
      lang,
    );
    await respond({ replace_original: true, text: msg.text, blocks: msg.blocks as never });
    deps.log.info({
      event: 'slack_submitted',
      user: userId,
      cycle: ref.cycle,
      period: ref.period,
      agency: ref.agency,
      already: out.alreadySubmitted === true,
    });
  });
}
