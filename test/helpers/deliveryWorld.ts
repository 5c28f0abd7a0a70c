import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Catalog } from '../../src/catalog/index.ts';
import type { Config, Contact, DigestConfig } from '../../src/config/types.ts';
import { type Db, importCatalog, loadCatalog } from '../../src/store/index.ts';
import { halfYearly, planConfig } from '../fixtures/planConfig.ts';
import { realCatalog } from './catalogFixture.ts';

export const SEED = 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt';

/** Imports the real document into `db` (real migrations, one transaction) and loads it back. */
export function importRealCatalog(db: Db): Catalog {
  const bytes = readFileSync(SEED);
  importCatalog(db, realCatalog(), {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    file: SEED,
    importedAt: '2020-06-01T00:00:00.000Z',
  });
  const catalog = loadCatalog(db);
  if (!catalog) throw new Error('catalog did not load back');
  return catalog;
}

/** A contact with a placeholder address under pprd.example.org. */
export function contact(name: string, email: string, extra: Partial<Contact> = {}): Contact {
  return { name, email, language: 'zh-CN', ...extra };
}

/**
 * A full config for delivery tests: the shipped half-yearly cycle (三(一), due 06-30 and 12-31 from
 * 2017H1, reminders 30/14/7/3/1/0 days before, overdue 1/3/5 working days, escalation after 5),
 * target progress requests, no digests unless given, delivery defaults (catch-up 3 days, give up
 * after 48 h, first retry after 2 min, one message per reminder: `bundle` off).
 */
export function deliveryConfig(
  opts: {
    agencies?: Record<string, Contact[]>;
    coordinators?: Contact[];
    digests?: DigestConfig[];
    delivery?: Partial<Config['delivery']>;
    targets?: boolean;
    digestChannel?: string;
  } = {},
): Config {
  const base = planConfig([halfYearly]);
  return {
    ...base,
    // Target progress requests are off unless asked for: the tests count half-yearly reminders.
    targets: opts.targets ? base.targets : { ...base.targets, reminders: [], overdue: [], escalateAfter: 0 },
    language: 'zh-CN',
    holidays: [],
    digests: opts.digests ?? [],
    // One message per reminder (bundle off): the engine tests follow each reminder's own message; test/bundle.test.ts turns it on.
    delivery: { catchUpDays: 3, giveUpAfterHours: 48, retryBaseMinutes: 2, bundle: false, ...opts.delivery },
    slack: opts.digestChannel ? { digestChannel: opts.digestChannel } : {},
    directory: [],
    contacts: { agencies: opts.agencies ?? {}, coordinators: opts.coordinators ?? [] },
  };
}
