/**
 * What a delivery is about, as a value: the structured form of `deliveries.key` (issue 10: keys are
 * values, not strings parsed back). The text form is only the store's unique key; it is written by
 * {@link keyText} and read back by {@link readKey}, both here, and nowhere else.
 *
 * Text forms (stored; unchanged since migration 003/004):
 * - a reminder: the planner's reminder key, `cycle/period/agency/kind/offset[@due]`;
 * - a folded escalation: `escalation:<cycle>/<period>/<date>`, `…#2`, `#3` for a later fold of that day;
 * - a digest: `digest/<id>/<stamp>` (coordinators) or `digest/<id>/<stamp>/<agency>` (each agency);
 *   `stamp` is the cron match's local minute `YYYY-MM-DDTHH:mm`.
 */
export type DeliveryKey =
  /** One planned reminder of one occurrence (`Reminder.key`). */
  | { type: 'reminder'; reminder: string }
  /** Every escalation of one round (cycle, period) decided for one day (`YYYY-MM-DD`); `n` ≥ 1 is that day's fold number. */
  | { type: 'escalation'; cycle: string; period: string; date: string; n: number }
  /** One run of a configured digest: its id, the cron match's local minute, and the agency (null: the coordinators'). */
  | { type: 'digest'; digest: string; stamp: string; agency: string | null };

/** Key prefix of a folded escalation (`escalation:<cycle>/<period>/<date>[#n]`). */
export const ESCALATION_PREFIX = 'escalation:';
const DIGEST_PREFIX = 'digest/';

/** The store's text of `key` (see {@link DeliveryKey} for the forms). */
export function keyText(key: DeliveryKey): string {
  switch (key.type) {
    case 'reminder':
      return key.reminder;
    case 'escalation':
      return `${ESCALATION_PREFIX}${key.cycle}/${key.period}/${key.date}${key.n > 1 ? `#${key.n}` : ''}`;
    case 'digest':
      return `${DIGEST_PREFIX}${key.digest}/${key.stamp}${key.agency === null ? '' : `/${key.agency}`}`;
  }
}

/** `deliveries.source` of a key: `digest` for digests, else `reminder` (folded escalations too). */
export function sourceOf(key: DeliveryKey): 'reminder' | 'digest' {
  return key.type === 'digest' ? 'digest' : 'reminder';
}

/**
 * The key a stored row's `key` text stands for (the inverse of {@link keyText}). Cycle and digest ids
 * have no `/` (config: lower-case letters, digits, dashes); an agency name may, so it is the rest.
 * A text of none of the forms (a row written by hand) is read as a reminder key, which the tick then
 * finds not planned (`skipped`, `not-planned`).
 */
export function readKey(text: string, source: 'reminder' | 'digest'): DeliveryKey {
  if (source === 'digest' && text.startsWith(DIGEST_PREFIX)) {
    const [digest, stamp, ...agency] = text.slice(DIGEST_PREFIX.length).split('/');
    return { type: 'digest', digest, stamp: stamp ?? '', agency: agency.length ? agency.join('/') : null };
  }
  const fold =
    source === 'reminder' ? /^escalation:([^/]+)\/([^/]+)\/(\d{4}-\d{2}-\d{2})(?:#(\d+))?$/.exec(text) : null;
  if (fold)
    return { type: 'escalation', cycle: fold[1], period: fold[2], date: fold[3], n: fold[4] ? Number(fold[4]) : 1 };
  return { type: 'reminder', reminder: text };
}
