import type { Lang, RobotDoc } from '../../digest/index.ts';
import type { OutgoingMessage } from '../types.ts';

/** The message language for a robot message (the recipient's). */
export function robotLang(message: OutgoingMessage): Lang {
  return message.to.language === 'en' ? 'en' : 'zh-CN';
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
