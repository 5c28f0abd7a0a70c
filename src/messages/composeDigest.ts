import type { AgencyDigestView } from '../digest/buildStatus.ts';
import type { BeforeDeploymentLine, DigestView, OccurrenceLine, StatusView, TargetLine } from '../digest/views.ts';
import { targetIdOf } from '../schedule/cycleId.ts';
import { closing, type OfficeContact, reportName } from './composeReminder.ts';
import type { Lang, Line, Message, Section } from './model.ts';
import { dateWithWeekday, periodLabel, say } from './phrases.ts';

/** How a digest is sent: late (caught up after downtime) and the office's contact for the closing line. */
export interface DigestOptions {
  /**
   * Sent by catch-up: the date (`YYYY-MM-DD`) and time (`HH:mm`) it was due. The digest is then dated by
   * that day (subject and title), marked 【补发】/`[late]`, and says when it was planned.
   */
  late?: { date: string; time: string };
  /**
   * The coordinators' office to reach a person (config `office`); absent: no closing line. Used by the agency
   * digest only: the coordinator digest goes to the office itself.
   */
  office?: OfficeContact;
}

/** Characters of names a Slack line of a digest may use before 「…等另外 N 个」. */
const ROUND_NAMES_BUDGET = 900;
const GROUP_NAMES_BUDGET = 360;

/** One line per cycle with rounds before deployment: `泛珠合作事项半年报送 2017H1–2026H1：19 轮为部署前（1196 项不跟踪、不计逾期）`. */
export function beforeDeploymentText(l: BeforeDeploymentLine, lang: Lang): string {
  return say(lang).beforeDeployment(
    l.cycleName,
    l.first === l.last ? l.first : `${l.first}–${l.last}`,
    l.rounds,
    l.occurrences,
  );
}

/** The name of a list line's report: a target's progress report, else the cycle's display name. */
function nameOf(l: OccurrenceLine, lang: Lang): string {
  return reportName(l.cycle, l.cycleName, lang);
}

/** Groups occurrence lines by (cycle, period, due): `2019H2 泛珠合作事项半年报送（截止 …）3 个：A、B、C`. */
function groupedLines(lines: readonly OccurrenceLine[], lang: Lang): Line[] {
  const w = say(lang);
  const groups = new Map<string, OccurrenceLine[]>();
  for (const l of lines) {
    const k = `${l.cycle}\u0000${l.period}\u0000${l.due}`;
    const g = groups.get(k);
    if (g) g.push(l);
    else groups.set(k, [l]);
  }
  return [...groups.values()].map((g) => {
    const l = g[0];
    const allEscalated = g.every((x) => x.escalated);
    const who = g.map((x) => (x.escalated && !allEscalated ? `${x.agency}${w.escalatedMark()}` : x.agency));
    const what = w.roundName(nameOf(l, lang), l.period, targetIdOf(l.cycle) !== null);
    return [
      w.groupLine(
        what,
        dateWithWeekday(l.due, lang),
        w.days(l.daysLeft),
        l.provisional ? w.provisionalInline() : '',
        allEscalated,
        g.length,
      ),
      { names: who, budget: GROUP_NAMES_BUDGET },
    ];
  });
}

function targetLines(targets: readonly TargetLine[], lang: Lang): string[] {
  const w = say(lang);
  return targets.map((t) =>
    w.targetDigestLine(t.id, t.text, t.deadline, w.days(t.daysLeft), t.responsible.join(w.sep()), t.progress),
  );
}

function statusSections(v: StatusView, lang: Lang): { rounds: Section[]; overdue: Section } {
  const w = say(lang);
  const named = (label: string, names: readonly string[]): Line => [
    w.countedNames(label, names.length),
    names.length ? { names, budget: ROUND_NAMES_BUDGET } : w.none(),
  ];
  const rounds: Section[] = v.rounds.map((r) => ({
    heading: w.roundHeading(
      r.cycleName,
      periodLabel(r.period, lang),
      r.period,
      dateWithWeekday(r.due, lang),
      r.provisional ? w.provisionalSuffix() : '',
    ),
    lines: [
      w.roundSubmitted(r.submitted, r.total),
      named(w.missing(), r.missing),
      named(w.overdue(), r.overdue),
      named(w.escalated(), r.escalated),
      ...(r.beforeDeployment ? [w.beforeDeploymentCount(r.beforeDeployment)] : []),
    ],
    summary: w.roundFallback(r),
  }));
  if (v.beforeDeployment?.length)
    rounds.push({
      heading: w.beforeDeploymentHeading(),
      lines: v.beforeDeployment.map((l) => beforeDeploymentText(l, lang)),
    });
  if (v.unscheduled.length)
    rounds.push({ heading: w.noSchedule(), lines: v.unscheduled.map((c) => `${c.cycleName} (${c.cycle})`) });
  return {
    rounds,
    overdue: { heading: w.counted(w.overdueHeading(), v.overdue.length), lines: groupedLines(v.overdue, lang) },
  };
}

function tailSections(v: StatusView, lang: Lang): Section[] {
  const w = say(lang);
  const out: Section[] = [];
  const failed = v.failed ?? [];
  if (failed.length)
    out.push({
      heading: w.counted(w.failedHeading(), failed.length),
      lines: failed.map((f) => w.failedLine(f.what, f.recipient, f.channel, f.error)),
    });
  if (v.provisionalYears?.length)
    out.push({ heading: w.provisionalYearsHeading(), lines: [w.provisionalYears(v.provisionalYears.join(w.sep()))] });
  return out;
}

function lateSections(lang: Lang, opts: DigestOptions): Section[] {
  const w = say(lang);
  return opts.late
    ? [{ lines: [w.late('digest', `${dateWithWeekday(opts.late.date, lang)} ${opts.late.time}`)], tone: 'note' }]
    : [];
}

/** The closing of a digest's email (a report: no signature; the way to reach a person). */
function digestClosing(lang: Lang, opts: DigestOptions): Section[] {
  return closing(say(lang), opts.office);
}

/** The plain-text status board (`pprd status`): each current round, rounds before deployment, unscheduled cycles, overdue, failures, provisional years. Pure. */
export function composeStatusReport(v: StatusView, lang: Lang = 'zh-CN'): Message {
  const w = say(lang);
  const { rounds, overdue } = statusSections(v, lang);
  const title = w.statusTitle(dateWithWeekday(v.asOf, lang));
  return { lang, subject: title, title, sections: [...rounds, overdue, ...tailSections(v, lang)] };
}

/**
 * The coordinators' weekly digest (pure): current rounds, due in the next N days, overdue, escalations,
 * targets with no recorded outcome, failed deliveries and agencies with no contact, provisional years.
 * A caught-up digest is dated by the day it was due and marked 【补发】 (`opts.late`).
 */
export function composeCoordinatorDigest(v: DigestView, lang: Lang = 'zh-CN', opts: DigestOptions = {}): Message {
  const w = say(lang);
  const date = opts.late?.date ?? v.asOf;
  const { rounds, overdue } = statusSections(v, lang);
  return {
    lang,
    subject: `${opts.late ? w.lateTag() : ''}${w.digestTag()}${w.weeklySubject(date, v.overdue.length, v.dueWindowDays, v.dueSoon.length)}`,
    title: w.weeklyTitle(dateWithWeekday(date, lang)),
    sections: [
      ...lateSections(lang, opts),
      ...rounds,
      { heading: w.counted(w.dueWithin(v.dueWindowDays), v.dueSoon.length), lines: groupedLines(v.dueSoon, lang) },
      overdue,
      { heading: w.counted(w.escalationsHeading(), v.escalations.length), lines: groupedLines(v.escalations, lang) },
      { heading: w.counted(w.openTargetsHeading(), v.targets.length), lines: targetLines(v.targets, lang) },
      ...tailSections(v, lang),
    ],
  };
}

/**
 * One agency's monthly digest (pure): its open deadlines and its targets with no recorded outcome (no empty
 * targets section for an agency with none). A caught-up digest is dated by the day it was due (`opts.late`).
 */
export function composeAgencyDigest(v: AgencyDigestView, lang: Lang = 'zh-CN', opts: DigestOptions = {}): Message {
  const w = say(lang);
  const date = opts.late?.date ?? v.asOf;
  return {
    lang,
    subject: `${opts.late ? w.lateTag() : ''}${w.digestTag()}${w.agencySubject(v.agency, date, v.open.length)}`,
    title: w.agencyTitle(v.agency, dateWithWeekday(date, lang)),
    sections: [
      ...lateSections(lang, opts),
      {
        heading: w.counted(w.openDeadlines(), v.open.length),
        lines: v.open.map((l) => {
          const target = targetIdOf(l.cycle) !== null;
          const what = w.reportFor(nameOf(l, lang), periodLabel(l.period, lang), target);
          return w.openDeadlineLine(
            target ? what : w.periodWithId(what, l.period),
            dateWithWeekday(l.due, lang),
            w.days(l.daysLeft),
            l.provisional ? w.provisionalInline() : '',
          );
        }),
      },
      ...(v.targets.length
        ? [{ heading: w.counted(w.agencyTargetsHeading(), v.targets.length), lines: targetLines(v.targets, lang) }]
        : []),
      ...digestClosing(lang, opts),
    ],
  };
}
