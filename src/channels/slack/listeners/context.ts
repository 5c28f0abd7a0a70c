import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeOccurrenceRef, type OccurrenceRef, say } from '../../../messages/index.ts';
import type { SlackServices } from '../services.ts';

/** A structured logger (the service's pino logger fits): one object per event, never message bodies. */
export interface SlackLog {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** What every listener closes over. */
export interface ListenerDeps {
  services: SlackServices;
  log: SlackLog;
  /** IANA zone for times shown to users (config `timezone`, default `Asia/Shanghai`). */
  timezone: string;
}

/**
 * Yields to the event loop once, so the HTTP response written by `ack()` leaves the socket before
 * any synchronous work (better-sqlite3 queries are synchronous) starts: Slack's 3-second rule.
 */
export function afterAck(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A short, body-free description of an error for the log. */
export function errorSummary(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; code?: string; message?: string };
  return { error: e?.name ?? 'Error', code: e?.code, reason: e?.message?.slice(0, 200) };
}

/** What a button's handler gets: the decoded occurrence, the clicker and a reply function. */
export interface ButtonClick {
  ref: OccurrenceRef;
  userId: string;
  who: Awaited<ReturnType<SlackServices['whoIs']>>;
  respond: SlackActionMiddlewareArgs<BlockButtonAction>['respond'];
}

/**
 * A listener for a button that carries an occurrence reference (`encodeOccurrenceRef`): acks at once
 * (Slack's 3-second rule), finds who clicked, answers a missing or garbled reference, and turns a
 * thrown error into a logged `slack_action_failed` (named `action`) and an ephemeral apology in the
 * clicker's language. `handle` does the rest.
 */
export function occurrenceButton(deps: ListenerDeps, action: string, handle: (click: ButtonClick) => Promise<void>) {
  return async ({
    ack,
    body,
    action: button,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await afterAck();
    const userId = body.user.id;
    const ref = decodeOccurrenceRef(button.value);
    let lang: 'zh-CN' | 'en' = 'zh-CN';
    try {
      const who = await deps.services.whoIs(userId);
      lang = who.language;
      if (!ref) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: say(lang).noReference() });
        return;
      }
      await handle({ ref, userId, who, respond });
    } catch (error) {
      deps.log.error({ event: 'slack_action_failed', action, user: userId, ...errorSummary(error) });
      await respond({ response_type: 'ephemeral', replace_original: false, text: say(lang).buttonFailed() }).catch(
        () => undefined,
      );
    }
  };
}
