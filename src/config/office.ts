import type { Config } from './types.ts';

/** How people reach the coordinators' office, as every email gives it. */
export interface Office {
  /** Every email's `Reply-To`: `office.replyTo`, else the coordinators' addresses (contacts.yaml); empty when neither is set. */
  replyTo: string[];
  /** The closing line's contact: `office.contact`, else absent (messages then name the coordinators). */
  contact?: string;
  /** The coordinators (contacts.yaml), named when `contact` is absent. */
  coordinators: { name: string; email: string }[];
}

/**
 * The coordinators' office of a config (pure): `office:` of pprd.yaml, falling back to the coordinators of
 * contacts.yaml, so that every email has a Reply-To and a way to reach a person (issue 14 item 5).
 */
export function officeOf(config: Pick<Config, 'office' | 'contacts'>): Office {
  const coordinators = config.contacts.coordinators.map((c) => ({ name: c.name, email: c.email }));
  return {
    replyTo: config.office?.replyTo ? [config.office.replyTo] : coordinators.map((c) => c.email),
    ...(config.office?.contact ? { contact: config.office.contact } : {}),
    coordinators,
  };
}
