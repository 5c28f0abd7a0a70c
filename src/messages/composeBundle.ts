import type { Button, Message, Section } from './model.ts';
import { say } from './phrases.ts';

/** An actions block holds at most 25 elements (Slack); the buttons of a bundle stop before. */
const MAX_BUTTONS = 24;

/**
 * One message for everything due to one recipient on one channel that day (issue 14 item 2): `parts` are
 * the messages each item would have been on its own, most urgent first. The subject is the first part's
 * with `（另有N项）` / ` (and N more)`; the message opens with the list of the parts' subjects, then
 * each part in full under a line `————（i/n）subject`, its greeting (a letter's) said once at the top.
 * Buttons are every part's (at most 24); the command to copy is the first part's.
 * @param parts two or more composed messages in one language.
 * @throws Error when `parts` is empty.
 */
export function composeBundle(parts: readonly Message[]): Message {
  if (!parts.length) throw new Error('composeBundle: no parts');
  const lang = parts[0].lang;
  const w = say(lang);
  const n = parts.length;
  const intro = w.bundleIntro(n);
  const list: Section = { lines: [intro], list: parts.map((m) => m.subject), summary: true };
  const body = parts.flatMap((m, i): Section[] => [{ lines: [w.bundleItem(i + 1, n, m.subject)] }, ...m.sections]);
  const greeting = parts.find((m) => m.greeting !== undefined)?.greeting;
  const buttons: Button[] = parts.flatMap((m) => m.buttons ?? []).slice(0, MAX_BUTTONS);
  return {
    lang,
    subject: w.bundleSubject(parts[0].subject, n - 1),
    title: intro,
    ...(greeting !== undefined ? { greeting } : {}),
    sections: [list, ...body],
    ...(buttons.length ? { buttons } : {}),
    ...(parts[0].code !== undefined ? { code: parts[0].code } : {}),
  };
}
