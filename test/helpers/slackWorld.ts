import type { Catalog } from '../../src/catalog/index.ts';
import { createSlackServices, type SlackServiceDeps, type SlackServices } from '../../src/channels/slack/index.ts';
import type { Config } from '../../src/config/types.ts';
import { createCalendar, type SubmissionRecord } from '../../src/schedule/index.ts';
import { createScheduleRepo, type Db, openStore } from '../../src/store/index.ts';
import { planConfig } from '../fixtures/planConfig.ts';
import { importRealCatalog } from './deliveryWorld.ts';

export const SEED = 'seeds/yuefu-2017-8-pprd-implementation-opinions.txt';
/** The coordinator's Slack id in the test contacts. */
export const COORDINATOR = 'U0COORD';
/** The Slack id of 省交通运输厅's contact. */
export const TRANSPORT_CONTACT = 'U0JTT';
/** A coordinator who reads English. */
export const COORDINATOR_EN = 'U0COORDEN';
/** A Slack user in no contact list. */
export const STRANGER = 'U0STRANGER';

/** The real document, imported into a fresh SQLite store with the real migrations, then loaded back. */
export function importedCatalog(): { db: Db; catalog: Catalog } {
  const db = openStore(':memory:');
  return { db, catalog: importRealCatalog(db) };
}

/** Config for the Slack tests: the shipped half-yearly cycle, one agency contact, one coordinator. */
export function slackTestConfig(): Pick<
  Config,
  'cycles' | 'targets' | 'timezone' | 'sendAt' | 'language' | 'contacts'
> {
  return {
    ...planConfig(),
    language: 'zh-CN',
    contacts: {
      agencies: {
        省交通运输厅: [{ name: '交通联络人', email: 'jtt@example.org', slackId: TRANSPORT_CONTACT, language: 'zh-CN' }],
      },
      coordinators: [
        { name: '协调人', email: 'coord@example.org', slackId: COORDINATOR, language: 'zh-CN' },
        { name: 'Coordinator', email: 'coord-en@example.org', slackId: COORDINATOR_EN, language: 'en' },
      ],
    },
  };
}

/** A world for the Slack tests: real catalog, planner, status and schedule store (SQLite, real migrations). */
export interface SlackWorld {
  catalog: Catalog;
  db: Db;
  services: SlackServices;
  /** Live submissions in the schedule store, as the planner reads them. */
  readonly submissions: readonly SubmissionRecord[];
  deps: SlackServiceDeps;
}

/**
 * Builds the world at `now` (ISO): the imported catalog and the schedule store share one database;
 * `recordSubmission` is the store's (`createScheduleRepo(db).recordSubmission`), as the service wires it.
 */
export function slackWorld(now: string): SlackWorld {
  const { db, catalog } = importedCatalog();
  const config = slackTestConfig();
  const calendar = createCalendar([], config.timezone);
  const repo = createScheduleRepo(db);
  const deps: SlackServiceDeps = {
    catalog: () => catalog,
    config: () => config,
    calendar: () => calendar,
    records: () => repo.records(),
    recordSubmission(sub) {
      const r = repo.recordSubmission({ ...sub, recordedAt: now });
      return { recorded: r.created, at: r.record.at };
    },
    now: () => now,
  };
  return {
    catalog,
    db,
    services: createSlackServices(deps),
    get submissions() {
      return repo.records().submissions;
    },
    deps,
  };
}
