import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import {
  escapeSlack,
  renderAgencyBlocks,
  renderHelpBlocks,
  renderNotice,
  renderOccurrenceListBlocks,
  renderStatusBlocks,
  renderSubmittedBlocks,
  renderSuggestionsBlocks,
  renderTargetsBlocks,
  renderTaskBlocks,
  type SlackMessage,
  say,
  slackWho,
} from '../../../messages/index.ts';
import { formatLocal } from '../formatLocal.ts';
import { type PprdCommand, parseCommand } from '../parseCommand.ts';
import { maySubmit, type Requester, type SlackServices, scopeOf } from '../services.ts';
import { afterAck, errorSummary, type ListenerDeps } from './context.ts';

/** The slash command this app registers (slack/manifest.yaml). */
export const PPRD_COMMAND = '/pprd';

function notRegistered(who: Requester): SlackMessage {
  return renderNotice(say(who.language).notRegistered(), who.language);
}

/**
 * Answers one parsed `/pprd` command for `who` (pure apart from the service calls).
 * Coordinators see the whole board, contacts their agencies; `agency`, `task` and `help` are
 * the document's public content and answer anyone. `submit` checks `maySubmit` first.
 */
export async function answerPprd(
  cmd: PprdCommand,
  who: Requester,
  services: SlackServices,
  timezone: string,
): Promise<SlackMessage> {
  const lang = who.language;
  const w = say(lang);
  const scope = scopeOf(who);
  switch (cmd.kind) {
    case 'help':
      return renderHelpBlocks(lang);
    case 'error':
      return renderNotice(escapeSlack(w.commandError(cmd.zh, cmd.en)), lang);
    case 'status':
      if (!scope) return notRegistered(who);
      return renderStatusBlocks(await services.status(scope, cmd.period), lang);
    case 'agency': {
      const a = await services.agency(cmd.name);
      return a.found ? renderAgencyBlocks(a.view, lang) : renderSuggestionsBlocks(cmd.name, a.suggestions, lang);
    }
    case 'task': {
      const t = await services.task(cmd.id);
      if (!t) return renderNotice(w.noTask(escapeSlack(cmd.id)), lang);
      return renderTaskBlocks(t, lang);
    }
    case 'due':
      if (!scope) return notRegistered(who);
      return renderOccurrenceListBlocks(w.dueWithinSlack(cmd.days), await services.due(scope, cmd.days), lang);
    case 'overdue':
      if (!scope) return notRegistered(who);
      return renderOccurrenceListBlocks(w.overdueShort(), await services.overdue(scope), lang);
    case 'targets':
      if (!scope) return notRegistered(who);
      return renderTargetsBlocks(await services.targets(scope), lang);
    case 'submit': {
      let agency: string | null;
      if (cmd.agency) {
        agency = await services.resolveAgency(cmd.agency);
        if (!agency) {
          const a = await services.agency(cmd.agency);
          return renderSuggestionsBlocks(cmd.agency, a.found ? [a.view.name] : a.suggestions, lang);
        }
      } else if (!who.coordinator && who.agencies.length === 1) {
        agency = who.agencies[0];
      } else {
        return renderNotice(w.sayWhichAgency(), lang);
      }
      if (!maySubmit(who, agency)) {
        return renderNotice(w.onlyContacts(escapeSlack(agency)), lang);
      }
      const out = await services.submit({ cycle: cmd.cycle, period: cmd.period, agency }, `slack:${who.userId}`);
      if (!out.ok) return renderNotice(escapeSlack(out.message), lang);
      if (out.alreadySubmitted) {
        return renderNotice(
          w.alreadySubmitted(
            `${escapeSlack(agency)} · ${escapeSlack(cmd.cycle)} ${escapeSlack(cmd.period)}`,
            slackWho(out.by ?? '?'),
            formatLocal(out.at, timezone),
          ),
          lang,
        );
      }
      return renderSubmittedBlocks(
        { ...out.ref, cycleName: out.cycleName },
        `slack:${who.userId}`,
        formatLocal(out.at, timezone),
        lang,
      );
    }
  }
}

/**
 * `/pprd` listener: acknowledges at once (Slack's 3-second rule), then works and answers through
 * `respond` (ephemeral unless `public`/`公开` was given). Failures answer with a short apology and
 * are logged without the command text.
 */
export function pprdCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const cmd = parseCommand(command.text ?? '');
    const started = performance.now();
    let lang: 'zh-CN' | 'en' = 'zh-CN';
    try {
      const who = await deps.services.whoIs(command.user_id);
      lang = who.language;
      const msg = await answerPprd(cmd, who, deps.services, deps.timezone);
      await respond({
        response_type: cmd.public ? 'in_channel' : 'ephemeral',
        text: msg.text,
        blocks: msg.blocks as never,
      });
      deps.log.info({
        event: 'slack_command',
        sub: cmd.kind,
        user: command.user_id,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      deps.log.error({ event: 'slack_command_failed', sub: cmd.kind, user: command.user_id, ...errorSummary(error) });
      await respond({
        response_type: 'ephemeral',
        text: say(lang).commandFailed(),
      }).catch(() => undefined);
    }
  };
}
