/**
 * The validated, frozen configuration: `config/pprd.yaml` + `config/agencies.yaml` +
 * `config/contacts.yaml` + secrets from the environment. Produced only by `loadConfig`
 * (src/config); everything else receives it as a parameter.
 */

/** `MM-DD` list (e.g. `["06-30","12-31"]`), or a monthly / quarterly rule. */
export type DueRule =
  | { dates: string[] }
  /** Every month (`month`) or at the end of each quarter's last month (`quarter`), on `day` (1-31, or `last`). */
  | { every: 'month' | 'quarter'; day: number | 'last' };

/** Which agencies owe a cycle's report. */
export type AgencySelector =
  /** Every non-group agency of the catalog. */
  | { all: true }
  /** The leads of the listed task ids (e.g. `["7","G1"]`). */
  | { leadsOf: string[] }
  /** Named agencies (canonical, full or alias names, resolved to canonical). */
  | { names: string[] };

/** A recurring reporting duty. Defaults documented in the YAML schema (src/config/pprd.ts). */
export interface CycleConfig {
  id: string;
  name: string;
  /** The clause of the document it comes from, e.g. `三(一)`. */
  source: string;
  /** Null when the text gives no date: the cycle shows as "no schedule set". */
  due: DueRule | null;
  agencies: AgencySelector;
  /** To whom the report goes, e.g. `省泛珠办`. */
  submitTo: string;
  /** Days before the due date to remind (calendar days; 0 = on the due date). Default [30,14,7,3,1,0]. */
  reminders: number[];
  /**
   * Working days before the due date to remind (written `3wd` or `-3wd` in `reminders`; issue 14 item 3).
   * Absent or empty = none.
   */
  reminderWorkingDays?: number[];
  /**
   * A due date on a day off: `keep` it (default; the first overdue reminder is the next working day), or
   * move it to the `next-working-day` (issue 14 item 3). The occurrence records the rule and the stated date.
   */
  dueOnDayOff?: 'keep' | 'next-working-day';
  /** Working days after the due date to remind again. Default [1,3,5]. */
  overdue: number[];
  /** Working days overdue before coordinators are told. Default 5. */
  escalateAfter: number;
  /**
   * First period to track (e.g. `2026H2` for a deployment in the second half of 2026): earlier periods
   * are not planned at all (issue 14 item 4).
   */
  start: string;
  /** Last period label, or null for open-ended. */
  end: string | null;
}

/** Progress requests for the 2020 targets. */
export interface TargetsConfig {
  /** Yearly due date `MM-DD` on which responsible agencies report progress. Default `12-31`. */
  progressDue: string;
  /** First year of progress requests (issue 14 item 4); absent = the year the document was issued. */
  start?: number;
  reminders: number[];
  overdue: number[];
  escalateAfter: number;
}

/** Extra calendar data for a year the holiday package lacks. */
export interface HolidayYear {
  year: number;
  /** Public holidays `YYYY-MM-DD` (days off even if weekdays). */
  holidays: string[];
  /** Make-up working days `YYYY-MM-DD` (调休上班, working even if weekend). */
  workdays: string[];
}

/** A digest: who gets it and when. */
export interface DigestConfig {
  id: string;
  /** `coordinators` (weekly board) or `agency` (each agency its own). */
  audience: 'coordinators' | 'agency';
  /** 5-field cron expression in the configured time zone, e.g. `0 9 * * 1`. */
  schedule: string;
}

export interface DeliveryConfig {
  /** Only a missed reminder due within this many days is caught up after downtime. Default 3. */
  catchUpDays: number;
  /** Give up retrying a temporary failure after this many hours. Default 48. */
  giveUpAfterHours: number;
  /** First retry delay in minutes; doubles each attempt. Default 2. */
  retryBaseMinutes: number;
}

/** An entry of `config/agencies.yaml`. */
export interface DirectoryEntry {
  /** Canonical short name (省发展改革委). */
  name: string;
  /** Full official name (广东省发展和改革委员会). */
  fullName?: string;
  /** Other spellings the text or users may use; map to `name`. */
  aliases: string[];
}

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
  directory: DirectoryEntry[];
  contacts: ContactsConfig;
}

/** One problem found in a config file. */
export interface ConfigProblem {
  /** File path as given, e.g. `config/pprd.yaml`. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** Field path, e.g. `cycles[0].due[1]`. */
  path: string;
  message: string;
  /** What to do about it. */
  fix: string;
}
