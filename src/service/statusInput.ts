import type { Catalog } from '../catalog/index.ts';
// The group robots' part of the channels only: reading the board loads no mail or Slack code.
import { ROBOT_RATE_LIMITED } from '../channels/chatRobot/index.ts';
import type { Config } from '../config/index.ts';
import { type BoardInput, type FailedDeliveryLine, localDate, type StatusInput } from '../digest/index.ts';
import { createCalendar, type Plan, planSchedule, type ScheduleRecords, targetStatuses } from '../schedule/index.ts';
import { createScheduleRepo, type Db, deliveryRepoFor } from '../store/index.ts';

/**
 * Dead or still-failing deliveries, one line each (`what` = reminder or digest key, `error` = last
 * protocol error or reason), then the reminders not sent for want of a contact and still waiting for one
 * (`no-contact` rows; channel and recipient `-`): they show until a contact makes them go out, a later
 * reminder of the occurrence goes out, or the occurrence is submitted (issue 17 item 1).
 * Agencies with no contact now are listed from the contacts config as well (`agenciesWithoutContact`).
 * A row waiting only for a group robot's own rate-limit window ({@link ROBOT_RATE_LIMITED}: nothing was
 * posted, it goes at the next free minute) is scheduled, not failed, and is left out (issue 13); it shows
 * if it later fails for another reason or is given up (`dead`).
 */
export function failedDeliveryLines(db: Db): FailedDeliveryLine[] {
  return deliveryRepoFor(db)
    .problems()
    .filter((p) => !(p.status === 'failed' && p.lastError?.startsWith(`${ROBOT_RATE_LIMITED} `)))
    .map((p) =>
      p.reason === 'no-contact'
        ? {
            what: p.key,
            channel: '-',
            recipient: '-',
            error: 'not sent: no contact in config/contacts.yaml when it was due',
          }
        : { what: p.key, channel: p.channel, recipient: p.recipient, error: p.lastError ?? p.reason ?? p.status },
    );
}

/**
 * Everything `buildStatus` / `buildCoordinatorDigest` read, gathered from the store at `now`:
 * the plan (with the store's submissions, extensions, excusals), target statuses, failed deliveries,
 * the agencies that owe an open report but have no contact in `config/contacts.yaml`, and the
 * occurrences whose escalation was delivered (so rounds from before the deployment, whose escalations
 * were skipped, do not show as escalated).
 *
 * @param now ISO instant with offset.
 * @param given a plan and records already computed for `now` (the tick passes its own).
 */
export function collectStatusInput(
  db: Db,
  catalog: Catalog,
  config: Config,
  now: string,
  given: { plan?: Plan; records?: ScheduleRecords } = {},
): StatusInput {
  const records = given.records ?? createScheduleRepo(db).records();
  const plan =
    given.plan ??
    planSchedule({ catalog, config, calendar: createCalendar(config.holidays, config.timezone), records, now });
  const owing = new Set<string>();
  for (const o of plan.occurrences) if (o.state === 'open' || o.state === 'overdue') owing.add(o.agency);
  return {
    plan,
    cycles: config.cycles,
    now,
    timezone: config.timezone,
    targets: targetStatuses(catalog, records, now, config.timezone, config.targets.start),
    failed: [
      ...failedDeliveryLines(db),
      ...(config.contacts.coordinators.length
        ? []
        : [
            {
              what: 'coordinators',
              channel: '-',
              recipient: '-',
              error: 'no coordinator in config/contacts.yaml: escalations and the weekly digest reach nobody',
            },
          ]),
    ],
    agenciesWithoutContact: [...owing].filter((a) => !config.contacts.agencies[a]?.length),
    escalated: deliveryRepoFor(db).escalatedOccurrences(),
  };
}

/**
 * Local date (`YYYY-MM-DD` in `zone`) of the service's first tick: the earliest delivery recorded, or
 * undefined before any. Rounds due before it were loaded as history (README "First run in the middle of
 * the programme"); the board shows them as such, not as red.
 */
export function deployedOn(db: Db, zone: string): string | undefined {
  let first: string | undefined;
  for (const d of deliveryRepoFor(db).list()) if (!first || d.createdAt < first) first = d.createdAt;
  return first ? localDate(first, zone) : undefined;
}

/** What `buildBoard` reads, gathered as for `pprd status` ({@link collectStatusInput}) plus the records and the deployment date. */
export function collectBoardInput(
  db: Db,
  catalog: Catalog,
  config: Config,
  now: string,
  given: { deployedOn?: string } = {},
): BoardInput {
  const records = createScheduleRepo(db).records();
  const calendar = createCalendar(config.holidays, config.timezone);
  return {
    ...collectStatusInput(db, catalog, config, now, { records }),
    records,
    calendar,
    deployedOn: given.deployedOn ?? deployedOn(db, config.timezone),
  };
}
