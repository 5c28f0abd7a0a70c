/**
 * The validated, frozen configuration: `config/pprd.yaml` + `config/agencies.yaml` +
 * `config/contacts.yaml` + secrets from the environment. Produced only by `loadConfig`
 * (src/config); everything else receives it as a parameter.
 *
 * The glossary types the core reads (cycle, due rule, agency selector, targets, holiday year, digest,
 * delivery policy, directory entry) live in the core (src/schedule/types.ts, src/catalog/types.ts) and are re-exported here.
 */

import type { DirectoryEntry } from '../catalog/types.ts';
import type {
  AgencySelector,
  CycleConfig,
  DeliveryConfig,
  DigestConfig,
  DueRule,
  HolidayYear,
  TargetsConfig,
} from '../schedule/types.ts';

export type {
  AgencySelector,
  CycleConfig,
  DeliveryConfig,
  DigestConfig,
  DirectoryEntry,
  DueRule,
  HolidayYear,
  TargetsConfig,
};

/** A person who receives messages. */
export interface Contact {
  name: string;
  email: string;
  /** Slack user id (`U…`), when the contact uses Slack. */
  slackId?: string;
  /** Message language; default `zh-CN`. */
  language: 'zh-CN' | 'en';
  /**
   * Mobile number (11 digits, mainland China), so that a group robot @-mentions the contact: DingTalk
   * `at.atMobiles`, WeCom `mentioned_mobile_list` (see src/channels/chatRobot).
   */
  mobile?: string;
}

export interface ContactsConfig {
  /** Canonical agency name -> its contacts. */
  agencies: Record<string, Contact[]>;
  /** Coordinators of 省泛珠办: receive digests and escalations. */
  coordinators: Contact[];
}

export interface SlackConfig {
  /** Channel id (or name) for the coordinators' digest; unset = digests by DM to coordinators. */
  digestChannel?: string;
}

/** `calendar:` of pprd.yaml: the deadline events of the feed and of the email attachment. */
export interface CalendarConfig {
  /**
   * A reminder (`VALARM`, RFC 5545 §3.6.6) on every deadline event, in seconds before the start of the due
   * day (00:00 local; negative = during the day, e.g. -32400 at 09:00 on it). Absent: no alarm.
   * From `alarm:` as whole days before (`1`) or a duration (`-P1D`, `-PT15H`, `PT9H`).
   */
  alarmSeconds?: number;
}

/** A group robot kind: WeCom (企业微信), DingTalk (钉钉) or Feishu (飞书) custom robot by webhook. */
export type RobotKind = 'wecom' | 'dingtalk' | 'feishu';

/**
 * A group chat robot of `config/pprd.yaml` `robots:`. Its webhook address and signing secret come from
 * the environment variables it names (secrets only from the environment).
 */
export interface RobotConfig {
  /** Lower-case id, e.g. `office-wecom`; the delivery channel is `<kind>:<name>`. */
  name: string;
  kind: RobotKind;
  /** Environment variable holding the webhook URL, e.g. `PPRD_ROBOT_OFFICE_URL`. */
  urlEnv: string;
  /** Environment variable holding the signing secret (DingTalk `SEC…`, Feishu); required for those two, absent for WeCom. */
  secretEnv?: string;
  /** The coordinators' group (省泛珠办): coordinators' digests and escalations. */
  coordinators: boolean;
  /** Canonical agency names whose reminders and agency digests this group gets. */
  agencies: string[];
  /** Message language; default the config's `language`. */
  language: 'zh-CN' | 'en';
}

/** `office:` of pprd.yaml: how people reach the coordinators' office. */
export interface OfficeConfig {
  /** The address of every email's `Reply-To` (one plain address), e.g. `pprd-office@example.gov.cn`. */
  replyTo?: string;
  /** One line saying how to reach a person, e.g. `省泛珠办 王五，020-12345678`: every email's closing line. */
  contact?: string;
}

export interface Config {
  /** IANA zone for every date; default `Asia/Shanghai`. */
  timezone: string;
  /** Local send time `HH:mm`; default `09:00`. */
  sendAt: string;
  /** Default message language; default `zh-CN`. */
  language: 'zh-CN' | 'en';
  cycles: CycleConfig[];
  targets: TargetsConfig;
  holidays: HolidayYear[];
  digests: DigestConfig[];
  delivery: DeliveryConfig;
  slack: SlackConfig;
  /** Group chat robots (WeCom, DingTalk, Feishu); absent or empty = none. */
  robots?: RobotConfig[];
  /** Calendar events' options; absent = none (no alarm). */
  calendar?: CalendarConfig;
  /** The coordinators' office as people reach it (`office:` of pprd.yaml); absent = see {@link officeOf}. */
  office?: OfficeConfig;
  directory: DirectoryEntry[];
  contacts: ContactsConfig;
}

/** One problem found in a config file. */
export interface ConfigProblem {
  /** File path as given, e.g. `config/pprd.yaml`. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column (characters) of the field's value or key on `line`, when known. */
  column?: number;
  /** Field path, e.g. `cycles[0].due[1]`. */
  path: string;
  message: string;
  /** What to do about it. */
  fix: string;
}
