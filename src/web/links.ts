import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whom a personal link belongs to: an agency contact (by email), a coordinator (by name), or a group chat
 * whose robot posted it (by the robot's channel name, e.g. `dingtalk:jtt`: it sees what the robot's
 * config gives it, that agency's pages, or the board for a `coordinators: true` robot).
 */
export type LinkPerson =
  | { kind: 'contact'; email: string }
  | { kind: 'coordinator'; name: string }
  | { kind: 'group'; robot: string };

const KIND_CODE = { contact: 'c', coordinator: 'k', group: 'g' } as const;

/** Default lifetime of a link, in days: a reminder's link outlives its round (30 days before to 5 working days after). */
export const LINK_DAYS = 90;

/** Shortest accepted `PPRD_LINK_SECRET`, in characters (32 random bytes as hex or base64 are longer). */
export const MIN_LINK_SECRET_LENGTH = 32;

/** Why a link is refused. */
export type LinkRefusal = 'missing' | 'malformed' | 'bad-signature' | 'expired';

const VERSION = 'v1';

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}

/**
 * A signed token for `person`, valid until `expiresMs` (ms since the epoch):
 * `v1.<base64url JSON {k, id, exp}>.<base64url HMAC-SHA256(secret, "v1.<payload>")>`.
 * A new secret (rotation) makes every earlier token fail {@link verifyLink}.
 */
export function signLink(person: LinkPerson, secret: string, expiresMs: number): string {
  const payload = Buffer.from(
    JSON.stringify({
      k: KIND_CODE[person.kind],
      id: person.kind === 'contact' ? person.email.toLowerCase() : person.kind === 'group' ? person.robot : person.name,
      exp: Math.floor(expiresMs / 1000),
    }),
  ).toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, payload)}`;
}

/**
 * Checks a token at `nowMs`: its signature under `secret` (constant-time) and its expiry.
 * @returns the person and expiry (ms), or the reason it is refused. Never throws.
 */
export function verifyLink(
  token: string | undefined | null,
  secret: string,
  nowMs: number,
): { ok: true; person: LinkPerson; expiresMs: number } | { ok: false; reason: LinkRefusal } {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad-signature' };
  let body: { k?: unknown; id?: unknown; exp?: unknown };
  try {
    body = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    (body.k !== 'c' && body.k !== 'k' && body.k !== 'g') ||
    typeof body.id !== 'string' ||
    typeof body.exp !== 'number'
  )
    return { ok: false, reason: 'malformed' };
  const expiresMs = body.exp * 1000;
  if (expiresMs <= nowMs) return { ok: false, reason: 'expired' };
  const person: LinkPerson =
    body.k === 'c'
      ? { kind: 'contact', email: body.id }
      : body.k === 'g'
        ? { kind: 'group', robot: body.id }
        : { kind: 'coordinator', name: body.id };
  return { ok: true, person, expiresMs };
}

/** The CSRF token of a link's forms: HMAC of the link token, so only a page served for that link can post. */
export function csrfTokenFor(linkToken: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf.${linkToken}`).digest('base64url');
}

/** True when `given` is the CSRF token of `linkToken` (constant-time). */
export function checkCsrf(given: string | undefined, linkToken: string, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(csrfTokenFor(linkToken, secret));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Path of one occurrence's page: `/o/CYCLE/PERIOD/AGENCY`, each part URL-encoded. */
export function occurrencePath(cycle: string, period: string, agency: string): string {
  return `/o/${encodeURIComponent(cycle)}/${encodeURIComponent(period)}/${encodeURIComponent(agency)}`;
}

/**
 * Path of an agency's calendar feed: `/calendar/AGENCY.ics` (name URL-encoded). The feed lists who is
 * overdue, so it opens only with a signed link (`?t=TOKEN`) of someone who may see that agency.
 */
export function calendarPath(agency: string): string {
  return `/calendar/${encodeURIComponent(agency)}.ics`;
}

/** `base` (PPRD_PUBLIC_URL, trailing slash or not) + `path` (which may carry a query) + `t=TOKEN`. */
export function linkUrl(base: string, path: string, token: string): string {
  return `${base.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`;
}
