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
  slackWho,
} from '../../../digest/index.ts';
import { formatLocal } from '../formatLocal.ts';
import { type PprdCommand, parseCommand } from '../parseCommand.ts';
import { maySubmit, type Requester, type SlackServices, scopeOf } from '../services.ts';
import { afterAck, errorSummary, type ListenerDeps } from './context.ts';

/** The slash command this app registers (slack/manifest.yaml). */
export const PPRD_COMMAND = '/pprd';

function notRegistered(who: Requester): SlackMessage {
  return renderNotice(
    who.language === 'en'
      ? 'You are not listed as a coordinator or an agency contact, so there is no board to show you. Ask an admin to add your Slack id to `config/contacts.yaml`.'
      : '您不在协调人或单位联络人名单中，暂无可显示的内容。请联系管理员在 `config/contacts.yaml` 中登记您的 Slack ID。',
    who.language,
  );
}

/**
 * Answers one parsed `/pprd` command for `who` (pure apart from the service calls).
 * Coordinators see the whole board, contacts their agencies; `agency`, `task` and `help` are
 * the document's public content and answer anyone. `submit` checks `maySubmit` first.
 */
export async function answerPprd(cmd: PprdCommand, who: Requester, services: SlackServices, timezone: string): Promise<SlackMessage> {
  const lang = who.language;
  const en = lang === 'en';
  const scope = scopeOf(who);
  switch (cmd.kind) {
    case 'help':
      return renderHelpBlocks(lang);
    case 'error':
      return renderNotice(escapeSlack(en ? cmd.en : cmd.zh), lang);
    case 'status':
      if (!scope) return notRegistered(who);
      return renderStatusBlocks(await services.status(scope, cmd.period), lang);
    case 'agency': {
      const a = await services.agency(cmd.name);
      return a.found ? renderAgencyBlocks(a.view, lang) : renderSuggestionsBlocks(cmd.name, a.suggestions, lang);
    }
    case 'task': {
      const t = await services.task(cmd.id);
      if (!t) return renderNotice(en ? `No task ${escapeSlack(cmd.id)}: tasks are 1-30 and G1-G4.` : `没有任务 ${escapeSlack(cmd.id)}：任务编号为 1-30 和 G1-G4。`, lang);
      return renderTaskBlocks(t, lang);
    }
    case 'due':
      if (!scope) return notRegistered(who);
      return renderOccurrenceListBlocks(en ? `Due in the next ${cmd.days} days` : `未来 ${cmd.days} 天到期`, await services.due(scope, cmd.days), lang);
    case 'overdue':
      if (!scope) return notRegistered(who);
      return renderOccurrenceListBlocks(en ? 'Overdue' : '逾期未报', await services.overdue(scope), lang);
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
        return renderNotice(
          en
            ? 'Say which agency: `/pprd submit CYCLE PERIOD AGENCY`.'
            : '请指明单位：`/pprd 报送 周期 期次 单位`。',
          lang,
        );
      }
      if (!maySubmit(who, agency)) {
        return renderNotice(
          en
            ? `Only ${escapeSlack(agency)}’s contacts or a coordinator can mark its report submitted. Nothing was recorded.`
            : `只有${escapeSlack(agency)}的联络人或协调人可以标记其报送。未作任何记录。`,
          lang,
        );
      }
      const out = await services.submit({ cycle: cmd.cycle, period: cmd.period, agency }, `slack:${who.userId}`);
      if (!out.ok) return renderNotice(escapeSlack(out.message), lang);
      if (out.alreadySubmitted) {
        return renderNotice(
          en
            ? `${escapeSlack(agency)} · ${escapeSlack(cmd.cycle)} ${escapeSlack(cmd.period)} was already marked submitted by ${slackWho(out.by ?? '?')} (${formatLocal(out.at, timezone)}). Nothing changed.`
            : `${escapeSlack(agency)} · ${escapeSlack(cmd.cycle)} ${escapeSlack(cmd.period)} 此前已由 ${slackWho(out.by ?? '?')} 标记为已报送（${formatLocal(out.at, timezone)}），未作改动。`,
          lang,
        );
      }
      return renderSubmittedBlocks({ ...out.ref, cycleName: out.cycleName }, `slack:${who.userId}`, formatLocal(out.at, timezone), lang);
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
      await respond({ response_type: cmd.public ? 'in_channel' : 'ephemeral', text: msg.text, blocks: msg.blocks as never });
      deps.log.info({ event: 'slack_command', sub: cmd.kind, user: command.user_id, ms: Math.round(performance.now() - started) });
    } catch (error) {
      deps.log.error({ event: 'slack_command_failed', sub: cmd.kind, user: command.user_id, ...errorSummary(error) });
      await respond({
        response_type: 'ephemeral',
        text: lang === 'en' ? 'Sorry, that failed on our side; it has been logged. Please try again later.' : '抱歉，处理出错，已记录日志，请稍后再试。',
      }).catch(() => undefined);
    }
  };
}
