import { resolve } from 'node:path';
import type { ContactsConfig } from '../config/index.ts';
import { createDeliveryRepo, type Db } from '../store/index.ts';

/** `meta` key of the contacts the running service has in force (see {@link recordContactsInForce}). */
export const CONTACTS_IN_FORCE_KEY = 'contacts_in_force';

/** What the service records: its config folder (absolute), the contacts it applies, since when (UTC ISO). */
interface Recorded {
  configDir: string;
  contacts: ContactsConfig;
  since: string;
}

/**
 * Records in the database the contacts the service applies (called by `pprd serve` at start and after
 * each reload it applies), so that `pprd config check` can tell, before the service does, that an edit
 * drops contacts and will be refused (`reload_refused`) until confirmed with `--accept-removals`.
 * @param configDir the service's config folder (stored absolute).
 * @param at the instant, UTC ISO.
 */
export function recordContactsInForce(db: Db, configDir: string, contacts: ContactsConfig, at: string): void {
  createDeliveryRepo(db).setMeta(
    CONTACTS_IN_FORCE_KEY,
    JSON.stringify({ configDir: resolve(configDir), contacts, since: at } satisfies Recorded),
  );
}

/**
 * The contacts the service recorded as in force for `configDir` (same folder, compared absolute), with
 * when; `undefined` when no service recorded any for that folder.
 */
export function contactsInForce(db: Db, configDir: string): { contacts: ContactsConfig; since: string } | undefined {
  const raw = createDeliveryRepo(db).getMeta(CONTACTS_IN_FORCE_KEY);
  if (!raw) return undefined;
  const r = JSON.parse(raw) as Recorded;
  return r.configDir === resolve(configDir) ? { contacts: r.contacts, since: r.since } : undefined;
}
