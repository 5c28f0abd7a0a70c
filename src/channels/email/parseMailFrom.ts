import addressparser from 'nodemailer/lib/addressparser/index.js';
import { controlCharIn } from '../../config/index.ts';
import { MailFromError } from '../../errors.ts';

/** The sender of every email: a display name (may be empty) and one address. */
export interface MailFrom {
  name: string;
  address: string;
}

/** One `local@domain` (`pprd@localhost` too) as addressparser returns it: no spaces, quotes, brackets or control characters. */
const ADDRESS = /^[^\s@<>"(),;:\\]+@[^\s@<>"(),;:\\.]+(?:\.[^\s@<>"(),;:\\.]+)*$/;

const FIX =
  "fix: set MAIL_FROM to one sender on one line, e.g. MAIL_FROM='省泛珠办 <pprd@example.gov.cn>' or MAIL_FROM=pprd@example.gov.cn (quote a display name that has a comma), or unset it for the default";

function refuse(why: string): MailFromError {
  return new MailFromError(`MAIL_FROM ${why} — ${FIX}`);
}

/**
 * Reads `MAIL_FROM` (RFC 5322 `mailbox`: `Name <local@domain>` or a bare address) with nodemailer's
 * own address parser, the one that later writes the `From:` header, so what is checked is what is sent.
 *
 * @param value the variable's value as set.
 * @returns the display name (`''` when none) and the address.
 * @throws MailFromError (`PPRD_MAIL_FROM`, exit 2), naming MAIL_FROM and the fix, when the
 *   value holds a line break or other control character (it would replace or add headers), is not
 *   exactly one address (a list or a group), or the address is not `local@domain`.
 */
export function parseMailFrom(value: string): MailFrom {
  const bad = controlCharIn(value);
  if (bad) throw refuse(`contains ${bad}: a line break would start a new mail header`);
  const parsed = addressparser(value.trim());
  if (parsed.length !== 1) throw refuse(`names ${parsed.length} senders; it must name exactly one`);
  const one = parsed[0];
  if ('group' in one) throw refuse(`is an address group ("${one.name}: …;"); it must name exactly one sender`);
  if (!ADDRESS.test(one.address))
    throw refuse(`has no valid address (found "${one.address}"); write local@domain inside < >`);
  return { name: one.name, address: one.address };
}
