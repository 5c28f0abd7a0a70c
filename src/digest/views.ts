/** The facts views read (pure data, no wording): board lines, rounds, status, digests, agency and task answers. */

/** The occurrence a reminder button refers to: cycle id, period label, canonical agency name. */
export interface OccurrenceRef {
  cycle: string;
  period: string;
  agency: string;
}

/** State of an occurrence, as the planner names it. */
export type LineState = 'open' | 'overdue' | 'submitted' | 'excused' | 'before-deployment';

/** One occurrence in a list (due soon, overdue, escalated). */
export interface OccurrenceLine extends OccurrenceRef {
  /** Cycle's display name, e.g. `泛珠合作事项半年报送`. */
  cycleName?: string;
  /** Due date `YYYY-MM-DD` (after extensions). */
  due: string;
  state: LineState;
  /** Calendar days from the view's date to `due`; negative when overdue. */
  daysLeft: number;
  provisional: boolean;
  /** True when coordinators were told (escalation). */
  escalated?: boolean;
  /** ISO instant of the submission, when submitted. */
  closedAt?: string;
}

/** The current round (period) of one cycle. */
export interface RoundSummary {
  cycle: string;
  cycleName: string;
  /** Period label, e.g. `2026H1`. */
  period: string;
  /** Due date `YYYY-MM-DD`. */
  due: string;
  /** Occurrences in scope (agencies that owe this round). */
  total: number;
  /** Of which submitted or excused. */
  submitted: number;
  /** Agencies not yet submitted, in catalog order. */
  missing: string[];
  /** Agencies past the due date and not submitted. */
  overdue: string[];
  /** Agencies escalated to coordinators. */
  escalated: string[];
  /** Occurrences of the round recorded as before deployment (`pprd history`): neither submitted nor missing. */
  beforeDeployment?: number;
  provisional: boolean;
}

/** A cycle's rounds recorded as before deployment (`pprd history --until`): not tracked, not overdue. */
export interface BeforeDeploymentLine {
  cycle: string;
  cycleName: string;
  /** First and last period labels of those rounds, e.g. `2017H1` and `2026H1`. */
  first: string;
  last: string;
  /** How many rounds (periods) and occurrences are before deployment. */
  rounds: number;
  occurrences: number;
}

/** A 2020 target line. */
export interface TargetLine {
  id: string;
  text: string;
  /** `YYYY-MM-DD`. */
  deadline: string;
  responsible: string[];
  /** Calendar days from the view's date to the deadline; negative when past. */
  daysLeft: number;
  /** `achieved` | `partly` | `missed`, or null when none is recorded. */
  outcome: string | null;
  /** Latest progress note, when any. */
  progress?: string | null;
  /** No outcome and a deadline before the deployment (`targetStatuses` state `before-deployment`): not overdue. */
  beforeDeployment?: true;
}

/** A delivery that gave up (dead) or keeps failing. */
export interface FailedDeliveryLine {
  /** What it was: reminder or digest key. */
  what: string;
  channel: string;
  recipient: string;
  /** Short error detail, e.g. `550` or `channel_not_found`. */
  error: string;
}

/** What `/pprd status` shows. */
export interface StatusView {
  /** The date the view is computed for, `YYYY-MM-DD` (local). */
  asOf: string;
  /** `all` for coordinators, else the agencies of the asking contact. */
  scope: 'all' | string[];
  rounds: RoundSummary[];
  /** Cycles the config lists with no due date (三(四) progress report): "no schedule set". */
  unscheduled: { cycle: string; cycleName: string }[];
  /** Overdue occurrences in scope, oldest first. */
  overdue: OccurrenceLine[];
  failed?: FailedDeliveryLine[];
  /** Years planned on Monday-Friday because holiday data is missing. */
  provisionalYears?: number[];
  /** Rounds recorded as before deployment, per cycle (absent or empty: none). */
  beforeDeployment?: BeforeDeploymentLine[];
}

/** The coordinators' digest. */
export interface DigestView extends StatusView {
  /** Occurrences due within `dueWindowDays`, soonest first. */
  dueSoon: OccurrenceLine[];
  dueWindowDays: number;
  escalations: OccurrenceLine[];
  /** Targets with no recorded outcome. */
  targets: TargetLine[];
}

/** `/pprd agency NAME`. */
export interface AgencyView {
  name: string;
  fullName?: string;
  group: boolean;
  led: { id: string; title: string }[];
  supported: { id: string; title: string }[];
  targets: { id: string; text: string; deadline: string }[];
  /** Open occurrences (open or overdue), soonest first. */
  open: OccurrenceLine[];
}

/** `/pprd task ID`. */
export interface TaskView {
  id: string;
  section: string;
  sectionTitle: string;
  title: string;
  assignments: { lead: string[]; support: string[] }[];
  targets: { id: string; text: string; deadline: string }[];
}
