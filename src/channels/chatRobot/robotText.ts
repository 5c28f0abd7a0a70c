import { type Lang, langOf, type RobotDoc, robotDocOf, robotDocOfMessage } from '../../messages/index.ts';
import type { OutgoingMessage } from '../types.ts';

/** The message laid out for a robot: its composed `content` when it has one, else its plain text; the group's link last. */
export function robotDocFor(message: OutgoingMessage): RobotDoc {
  const link = robotLinkOf(message);
  return message.content ? robotDocOfMessage(message.content, link) : robotDocOf(message, robotLang(message), link);
}

/** The message language for a robot message (the recipient's). */
export function robotLang(message: OutgoingMessage): Lang {
  return langOf(message.to.language);
}

/** `meta.link` (`{ text, url }`, e.g. the board's page of the occurrence) when the sender gave one. */
export function robotLinkOf(message: OutgoingMessage): RobotDoc['link'] {
  const l = message.meta?.link as { text?: unknown; url?: unknown } | undefined;
  return l && typeof l.text === 'string' && typeof l.url === 'string' ? { text: l.text, url: l.url } : undefined;
}

/** Mobiles to @-mention: the group's contacts with a `mobile`, on reminders and escalations (not digests). */
export function robotMentions(message: OutgoingMessage): string[] {
  return message.meta?.source === 'reminder' ? [...(message.to.mobiles ?? [])] : [];
}
