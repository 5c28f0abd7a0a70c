import type { Recipient } from '../channels/index.ts';
import { LinkConfigError } from '../errors.ts';
import {
  calendarPath,
  LINK_DAYS,
  type LinkPerson,
  linkUrl,
  MIN_LINK_SECRET_LENGTH,
  occurrencePath,
  signLink,
} from '../web/index.ts';

/** Signed-link settings from the environment. */
export interface LinkSettings {
  /** `PPRD_LINK_SECRET`: the HMAC key; a new value revokes every link given out. */
  secret: string;
  /** `PPRD_PUBLIC_URL`: the board's address as people reach it, e.g. `https://pprd.example.gov.cn`; links need it. */
  publicUrl?: string;
  /** Days a link stays valid (`PPRD_LINK_DAYS`, default {@link LINK_DAYS}). */
  days: number;
}

/**
 * Reads `PPRD_LINK_SECRET`, `PPRD_PUBLIC_URL` and `PPRD_LINK_DAYS`.
 * @returns null when `PPRD_LINK_SECRET` is unset and `PPRD_PUBLIC_URL` too (no links; the board answers 401).
 * @throws LinkConfigError (`PPRD_LINK_CONFIG`, exit 2) naming the variable and the fix: a secret shorter than
 *   {@link MIN_LINK_SECRET_LENGTH}, a URL that is not http(s), `PPRD_PUBLIC_URL` without a secret, bad days.
 */
export function linkSettingsFromEnv(env: NodeJS.ProcessEnv): LinkSettings | null {
  const secret = env.PPRD_LINK_SECRET?.trim() || undefined;
  const publicUrl = env.PPRD_PUBLIC_URL?.trim() || undefined;
  const fail = (message: string) => new LinkConfigError(message);
  if (!secret) {
    if (publicUrl)
      throw fail(
        'PPRD_PUBLIC_URL is set but PPRD_LINK_SECRET is not — fix: set PPRD_LINK_SECRET to at least 32 random characters (e.g. `openssl rand -hex 32`)',
      );
    return null;
  }
  if (secret.length < MIN_LINK_SECRET_LENGTH) {
    throw fail(
      `PPRD_LINK_SECRET is ${secret.length} characters — fix: set it to at least ${MIN_LINK_SECRET_LENGTH} random characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  if (publicUrl) {
    let url: URL | undefined;
    try {
      url = new URL(publicUrl);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw fail(`PPRD_PUBLIC_URL="${publicUrl}" is not an http(s) address — fix: e.g. https://pprd.example.gov.cn`);
  }
  const days = env.PPRD_LINK_DAYS ? Number(env.PPRD_LINK_DAYS) : LINK_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw fail(
      `PPRD_LINK_DAYS="${env.PPRD_LINK_DAYS}" — fix: a whole number of days from 1 to 3660 (default ${LINK_DAYS})`,
    );
  return { secret, publicUrl, days };
}

/**
 * A person's signed link to `path` (default the board `/`), valid `settings.days` from `nowMs`.
 * @throws LinkConfigError when `PPRD_PUBLIC_URL` is unset.
 */
export function personalLink(settings: LinkSettings, person: LinkPerson, nowMs: number, path = '/'): string {
  if (!settings.publicUrl)
    throw new LinkConfigError(
      'PPRD_PUBLIC_URL is not set — fix: set it to the address people open the board at, e.g. https://pprd.example.gov.cn',
    );
  return linkUrl(settings.publicUrl, path, signLink(person, settings.secret, nowMs + settings.days * 86_400_000));
}

/**
 * `runTick`'s `reminderLink`: each reminder's recipient gets their own link to the occurrence (a
 * coordinator's for escalations; for a folded escalation, to the board filtered to that round), or to
 * the board (`/`) when `occurrence` is null (a coordinators' group robot's digest).
 * A contact's link is signed for their email, a coordinator's (`audience` `coordinator`) for their name, a
 * group robot's (`to.robot`) for the group (see `LinkPerson`). Undefined without `PPRD_PUBLIC_URL`, or for a
 * person with no email and no robot.
 * @param wallClock ms now, for the expiry (real time: a link outlives the business clock of a demo).
 */
export function reminderLinks(settings: LinkSettings | null, wallClock: () => number = Date.now) {
  if (!settings?.publicUrl) return undefined;
  return (
    to: Recipient,
    o: { cycle: string; period: string; agency?: string } | null,
    audience: 'contact' | 'coordinator',
  ): string | undefined => {
    let person: LinkPerson;
    if (to.robot) person = { kind: 'group', robot: to.robot };
    else if (!to.email) return undefined;
    else
      person =
        audience === 'coordinator' ? { kind: 'coordinator', name: to.name } : { kind: 'contact', email: to.email };
    // A round (folded escalation) opens the board filtered to it; an occurrence its own page; null the board.
    const path = !o
      ? '/'
      : o.agency
        ? occurrencePath(o.cycle, o.period, o.agency)
        : `/?${new URLSearchParams({ cycle: o.cycle, period: o.period })}`;
    return personalLink(settings, person, wallClock(), path);
  };
}

/**
 * `runTick`'s `calendarLink`: an email contact's signed address of `agency`'s calendar feed
 * (`PPRD_PUBLIC_URL/calendar/AGENCY.ics?t=…`, valid `settings.days`), signed for their email like their board
 * link, so the feed opens for them and no one else's link. Undefined without `PPRD_PUBLIC_URL`.
 * @param wallClock ms now, for the expiry.
 */
export function calendarLinks(settings: LinkSettings | null, wallClock: () => number = Date.now) {
  if (!settings?.publicUrl) return undefined;
  return (to: Recipient, agency: string): string | undefined =>
    to.email
      ? personalLink(settings, { kind: 'contact', email: to.email }, wallClock(), calendarPath(agency))
      : undefined;
}
