import type {
  AgencyView,
  OccurrenceLine,
  OccurrenceRef,
  StatusView,
  TargetLine,
  TaskView,
} from '../../digest/index.ts';

type Lang = 'zh-CN' | 'en';

/**
 * Who is asking, as the Slack listeners see it. Derived from `config/contacts.yaml`
 * (`requesterFromContacts`): coordinators by their Slack id, agency contacts by theirs.
 */
export interface Requester {
  /** Slack user id (`U…`). */
  userId: string;
  /** True for coordinators of 省泛珠办: they see the whole board and may submit for any agency. */
  coordinator: boolean;
  /** Canonical names of the agencies this user is a contact of (empty for strangers). */
  agencies: string[];
  /** Answer language: the contact's, else the config default. */
  language: Lang;
}

/** The result of recording a submission. */
export type SubmitOutcome =
  /** Recorded now; `at` ISO instant. */
  | { ok: true; ref: OccurrenceRef; cycleName?: string; at: string; alreadySubmitted?: false }
  /** It was already submitted (idempotent: nothing changes); `at` and `by` are the earlier record's. */
  | { ok: true; ref: OccurrenceRef; cycleName?: string; at: string; alreadySubmitted: true; by?: string }
  /** No such cycle / period / agency; `message` says which and what exists. */
  | { ok: false; reason: 'unknown'; message: string };

/** `/pprd agency NAME`: a view or, with no match, suggestions (closest names first). */
export type AgencyAnswer = { found: true; view: AgencyView } | { found: false; suggestions: string[] };

/**
 * What the Slack side asks of the rest of the service. The lead's composition root supplies it
 * (see `createSlackServices`); tests inject fakes or slow versions. Every function may be sync or
 * async; the listeners have acknowledged Slack before calling any of them (Slack's 3-second rule).
 * Scope: `'all'` for coordinators, else the listed canonical agency names.
 */
export interface SlackServices {
  /** Resolves a Slack user to a requester (coordinator / contact / stranger). */
  whoIs(userId: string): Requester | Promise<Requester>;
  /** `/pprd status [PERIOD]`; with no period, the current round of each cycle. */
  status(scope: 'all' | string[], period?: string): StatusView | Promise<StatusView>;
  /** `/pprd agency NAME` (canonical, full or alias name). */
  agency(name: string): AgencyAnswer | Promise<AgencyAnswer>;
  /** `/pprd task ID` (`7`, `G1`); null when no such task. */
  task(id: string): TaskView | null | Promise<TaskView | null>;
  /** `/pprd due [DAYS]`: open occurrences due within `days` calendar days from today, soonest first. */
  due(scope: 'all' | string[], days: number): OccurrenceLine[] | Promise<OccurrenceLine[]>;
  /** `/pprd overdue`: overdue occurrences, oldest first. */
  overdue(scope: 'all' | string[]): OccurrenceLine[] | Promise<OccurrenceLine[]>;
  /** `/pprd targets`: targets (for a contact: those their agencies are responsible for). */
  targets(scope: 'all' | string[]): TargetLine[] | Promise<TargetLine[]>;
  /**
   * Resolves an agency name typed by a user (canonical, full or alias) to its canonical name, or null.
   * Used by `/pprd submit CYCLE PERIOD AGENCY`.
   */
  resolveAgency(name: string): string | null | Promise<string | null>;
  /**
   * Records a submission of (cycle, period, agency) by `by` (`slack:U…`), the same store function as
   * `pprd submit`: it stops reminders on every channel. Authorization is checked by the caller.
   */
  submit(ref: OccurrenceRef, by: string): SubmitOutcome | Promise<SubmitOutcome>;
  /** One occurrence's current line (Details button); null when unknown. */
  occurrence(ref: OccurrenceRef): OccurrenceLine | null | Promise<OccurrenceLine | null>;
}

/** The contacts part of the config that `requesterFromContacts` reads. */
export interface ContactsLike {
  agencies: Record<string, { slackId?: string; language?: Lang }[]>;
  coordinators: { slackId?: string; language?: Lang }[];
}

/**
 * Builds the requester for a Slack user id from the contacts config.
 * A coordinator is a coordinator whatever else they are; agencies are every agency listing the id.
 * @param fallback language when the user is in no contact list (config `language`, default `zh-CN`).
 */
export function requesterFromContacts(contacts: ContactsLike, userId: string, fallback: Lang = 'zh-CN'): Requester {
  let language: Lang | undefined;
  const coord = contacts.coordinators.find((c) => c.slackId === userId);
  if (coord) language = coord.language;
  const agencies: string[] = [];
  for (const [agency, list] of Object.entries(contacts.agencies)) {
    const c = list.find((x) => x.slackId === userId);
    if (c) {
      agencies.push(agency);
      language ??= c.language;
    }
  }
  return { userId, coordinator: Boolean(coord), agencies, language: language ?? fallback };
}

/**
 * Whether `who` may mark `agency`'s occurrence submitted: a coordinator any, a contact only their own
 * agency's (issue 5: "a contact may mark their own agency's occurrence; a coordinator any").
 */
export function maySubmit(who: Requester, agency: string): boolean {
  return who.coordinator || who.agencies.includes(agency);
}

/** The scope a requester sees: coordinators everything, contacts their agencies, strangers nothing (null). */
export function scopeOf(who: Requester): 'all' | string[] | null {
  if (who.coordinator) return 'all';
  return who.agencies.length ? who.agencies : null;
}
