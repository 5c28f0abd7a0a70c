import { type Recipient, robotChannelName } from '../channels/index.ts';
import type { Config, Contact, RobotConfig } from '../config/index.ts';
import { DEFAULT_SUBMIT_TO } from '../digest/index.ts';

/** `deliveries.recipient` of a robot's group: `robot:<name>`. */
export const ROBOT_RECIPIENT_PREFIX = 'robot:';

/** A robot's group as a delivery target: its recipient id, the recipient, and the one channel it goes on. */
export interface RobotTarget {
  id: string;
  to: Recipient;
  only: string;
}

function mobilesOf(contacts: readonly Contact[]): string[] {
  return [...new Set(contacts.flatMap((c) => (c.mobile ? [c.mobile] : [])))];
}

function recipientOf(config: Config, r: RobotConfig, agency: string | null): Recipient {
  const people = agency === null ? config.contacts.coordinators : (config.contacts.agencies[agency] ?? []);
  const mobiles = mobilesOf(people);
  // The greeting line of the shared rendering addresses the group: the agency, or 省泛珠办.
  return {
    name: agency ?? DEFAULT_SUBMIT_TO,
    robot: robotChannelName(r),
    language: r.language,
    ...(mobiles.length ? { mobiles } : {}),
  };
}

/**
 * The robots that get messages for `agency` (its reminders and agency digest), or for the coordinators
 * when `agency` is null (coordinators' digest and escalations: robots with `coordinators: true`).
 */
export function robotTargets(config: Config, agency: string | null): RobotTarget[] {
  return (config.robots ?? [])
    .filter((r) => (agency === null ? r.coordinators : r.agencies.includes(agency)))
    .map((r) => ({
      id: `${ROBOT_RECIPIENT_PREFIX}${r.name}`,
      to: recipientOf(config, r, agency),
      only: robotChannelName(r),
    }));
}

/**
 * The recipient of a stored robot row (`recipient` = `robot:<name>`), or undefined when the robot is no
 * longer configured for that audience (the row is then skipped `no-contact`, like a removed contact).
 */
export function robotRecipient(
  config: Config,
  recipientId: string,
  agency: string | null,
  coordinators: boolean,
): Recipient | undefined {
  return robotTargets(config, coordinators ? null : (agency ?? '')).find((t) => t.id === recipientId)?.to;
}
