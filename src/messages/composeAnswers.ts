/**
 * Answers to `/pprd` in chat (pure): composed messages for status, due and overdue lists, targets, an
 * agency, a task, help and the notices of the listeners, each formatted by `formatSlack`.
 */
import type {
  AgencyView,
  DigestView,
  OccurrenceLine,
  OccurrenceRef,
  StatusView,
  TargetLine,
  TaskView,
} from '../digest/views.ts';
import { beforeDeploymentText, composeCoordinatorDigest, type DigestOptions } from './composeDigest.ts';
import { reportName } from './composeReminder.ts';
import { cut, escapeSlack, formatSlack, type SlackMessage, slackNotice, slackWho } from './formatSlack.ts';
import type { Lang, Line, Message, Section } from './model.ts';
import { say } from './phrases.ts';

/** First letter in capitals (English labels at the start of a line; Chinese is unchanged). */
const cap = (s: string) => s.replace(/^./, (c) => c.toUpperCase());

function occLine(o: OccurrenceLine, lang: Lang, withAgency = true): Line {
  const w = say(lang);
  const flags = `${o.escalated ? ` · ${w.escalatedFlag()}` : ''}${o.provisional ? ` · ${w.provisionalFlag()}` : ''}`;
  return [
    ...(withAgency ? [{ strong: o.agency }, ' · '] : []),
    `${reportName(o.cycle, o.cycleName, lang)} ${o.period} · ${o.due} · ${w.days(o.daysLeft)}${flags}`,
  ];
}

/**
 * Overdue occurrences grouped by round (cycle and period, in the given order): one line per round
 * with its due date, how many agencies and their names (cut with "…and N more"), escalations counted.
 * A board with years of unrecorded rounds then reads as a few lines, not hundreds.
 */
function overdueLines(lines: OccurrenceLine[], lang: Lang): Line[] {
  const w = say(lang);
  const groups = new Map<string, OccurrenceLine[]>();
  for (const o of lines) {
    const k = `${o.cycle}\u0000${o.period}`;
    const g = groups.get(k);
    if (g) g.push(o);
    else groups.set(k, [o]);
  }
  return [...groups.values()].map((g) => {
    const o = g[0];
    const esc = g.filter((x) => x.escalated).length;
    return [
      { strong: `${reportName(o.cycle, o.cycleName, lang)} ${o.period}` },
      w.overdueRound(
        o.due,
        w.days(o.daysLeft),
        g.some((x) => x.provisional) ? w.provisionalInline() : '',
        g.length,
        esc,
      ),
      { names: g.map((x) => x.agency), budget: 360 },
    ];
  });
}

function roundSections(v: StatusView, lang: Lang): Section[] {
  const w = say(lang);
  if (v.rounds.length === 0) return [{ lines: [w.noRound()], summary: true }];
  return v.rounds.map((r) => {
    const budget = 900;
    const named = (label: string, names: readonly string[]): Line[] =>
      names.length ? [[cap(w.countedNames(label, names.length)), { names, budget }]] : [];
    return {
      lines: [
        [
          { strong: r.cycleName },
          w.roundDue(r.period, r.due, r.provisional ? w.provisionalInline() : ''),
          { strong: String(r.submitted) },
          w.of(),
          { strong: String(r.total) },
        ],
        ...(r.beforeDeployment ? [w.beforeDeploymentShort(r.beforeDeployment)] : []),
        ...named(w.missing(), r.missing),
        ...named(w.overdue(), r.overdue),
        ...named(w.escalated(), r.escalated),
      ],
      summary: w.roundFallback(r),
    };
  });
}

/** The end of a status answer: rounds before deployment, cycles with no schedule, failed deliveries, provisional years. */
function footer(v: StatusView, lang: Lang): Section[] {
  const w = say(lang);
  const out: Section[] = [];
  if (v.beforeDeployment?.length)
    out.push({ lines: v.beforeDeployment.map((l) => beforeDeploymentText(l, lang)), tone: 'note' });
  if (v.unscheduled.length)
    out.push({ lines: [[`${w.noScheduleShort()}: `, { names: v.unscheduled.map((u) => u.cycleName) }]], tone: 'note' });
  if (v.failed?.length) {
    out.push({
      heading: w.counted(w.failedShort(), v.failed.length),
      lines: [],
      list: v.failed.map((f) => `${f.recipient} · ${f.channel} · ${f.error} · ${f.what}`),
      summary: `${w.failedShort()}: ${v.failed.length}`,
    });
  }
  if (v.provisionalYears?.length)
    out.push({
      lines: [`⚠️ ${w.provisionalNote(v.provisionalYears.map((y) => w.provisionalYear(String(y))).join(w.sep()))}`],
      tone: 'note',
    });
  return out;
}

/** `/pprd status`: each current round, the overdue list, unscheduled cycles, failures, provisional years. */
export function composeStatusAnswer(v: StatusView, lang: Lang = 'zh-CN'): Message {
  const w = say(lang);
  const title = w.statusHeader(v.asOf);
  const sections: Section[] = [
    { lines: [[w.scope(), v.scope === 'all' ? w.allAgencies() : { names: v.scope, budget: 120 }]], tone: 'note' },
    ...roundSections(v, lang),
  ];
  if (v.overdue.length) {
    sections.push({
      heading: w.counted(w.overdueShort(), v.overdue.length),
      lines: [],
      list: overdueLines(v.overdue, lang),
      summary: `${w.overdueShort()}: ${v.overdue.length}`,
    });
  }
  return { lang, subject: title, title, sections: [...sections, ...footer(v, lang)] };
}

/** `/pprd due DAYS` and `/pprd overdue`: a list of occurrences under a title (a fixed label). */
export function composeOccurrenceList(title: string, lines: OccurrenceLine[], lang: Lang = 'zh-CN'): Message {
  const t = `${title} (${lines.length})`;
  return {
    lang,
    subject: t,
    title: t,
    sections: [
      { heading: '', lines: [], list: lines.map((o) => occLine(o, lang)), summary: `${title}: ${lines.length}` },
    ],
  };
}

function targetLine(t: TargetLine, lang: Lang): Line {
  const w = say(lang);
  const when = t.beforeDeployment ? w.targetBeforeDeployment() : w.targetWhen(t.daysLeft, w.days(t.daysLeft));
  return [{ strong: t.id }, ` ${cut(t.text, 120)} · ${t.deadline} · ${when}${t.outcome ? ` · ${t.outcome}` : ''}`];
}

/** `/pprd targets`. */
export function composeTargets(targets: TargetLine[], lang: Lang = 'zh-CN'): Message {
  const w = say(lang);
  const title = w.targetsHeader(targets.length);
  return {
    lang,
    subject: title,
    title,
    sections: [
      {
        heading: '',
        lines: [],
        list: targets.map((t) => [
          ...(targetLine(t, lang) as []),
          `\n   ${w.responsible()}: `,
          t.responsible.length ? { names: t.responsible, budget: 300 } : '—',
        ]),
        summary: `${w.targetsShort()}: ${targets.length}`,
      },
    ],
  };
}

/** `/pprd agency NAME`: tasks led and supported, targets, open occurrences. */
export function composeAgency(v: AgencyView, lang: Lang = 'zh-CN'): Message {
  const w = say(lang);
  const taskLine = (t: { id: string; title: string }) => `${t.id} ${t.title}`;
  const sections: Section[] = [
    {
      lines: [[{ strong: v.name }, v.fullName ? `（${v.fullName}）` : '', v.group ? w.group() : '']],
      summary: `${v.name}${v.fullName ? ` ${v.fullName}` : ''}`,
    },
    { heading: w.counted(w.leads(), v.led.length), lines: [], list: v.led.map(taskLine) },
    { heading: w.counted(w.supports(), v.supported.length), lines: [], list: v.supported.map(taskLine) },
  ];
  if (v.targets.length)
    sections.push({
      heading: w.counted(w.targets(), v.targets.length),
      lines: [],
      list: v.targets.map((t) => [{ strong: t.id }, ` ${cut(t.text, 200)} · ${t.deadline}`]),
    });
  sections.push({
    heading: w.counted(w.openReports(), v.open.length),
    lines: [],
    list: v.open.map((o) => occLine(o, lang, false)),
    summary: w.agencyFallback(v.led.length, v.supported.length, v.open.length),
  });
  return { lang, subject: v.name, title: '', sections };
}

/** `/pprd task ID`. */
export function composeTask(v: TaskView, lang: Lang = 'zh-CN'): Message {
  const w = say(lang);
  const lines: Line[] = v.assignments.map((a, i) => [
    `${i + 1}. ${w.leadLabel()}`,
    a.lead.length ? { names: a.lead, budget: 600 } : w.noLead(),
    w.supportLabel(),
    a.support.length ? { names: a.support, budget: 900 } : '—',
  ]);
  const sections: Section[] = [
    { lines: [[{ strong: `${v.id}. ${v.title}` }], `${v.section} ${v.sectionTitle}`], summary: `${v.id}. ${v.title}` },
    { heading: w.assignments(), lines },
  ];
  if (v.targets.length)
    sections.push({
      heading: w.targets(),
      lines: [],
      list: v.targets.map((t) => [{ strong: t.id }, ` ${cut(t.text, 300)} · ${t.deadline}`]),
    });
  return { lang, subject: `${v.id}. ${v.title}`, title: '', sections };
}

// ---------------------------------------------------------------- Slack forms

/** `/pprd status` in Block Kit. */
export function renderStatusBlocks(v: StatusView, lang: Lang = 'zh-CN'): SlackMessage {
  return formatSlack(composeStatusAnswer(v, lang));
}

/** The coordinators' digest in Block Kit: the same composed message as its email. */
export function renderDigestBlocks(v: DigestView, lang: Lang = 'zh-CN', opts: DigestOptions = {}): SlackMessage {
  return formatSlack(composeCoordinatorDigest(v, lang, opts));
}

/** `/pprd due DAYS` and `/pprd overdue` in Block Kit. */
export function renderOccurrenceListBlocks(title: string, lines: OccurrenceLine[], lang: Lang = 'zh-CN'): SlackMessage {
  return formatSlack(composeOccurrenceList(title, lines, lang));
}

/** `/pprd targets` in Block Kit. */
export function renderTargetsBlocks(targets: TargetLine[], lang: Lang = 'zh-CN'): SlackMessage {
  return formatSlack(composeTargets(targets, lang));
}

/** `/pprd agency NAME` in Block Kit. */
export function renderAgencyBlocks(v: AgencyView, lang: Lang = 'zh-CN'): SlackMessage {
  return formatSlack(composeAgency(v, lang));
}

/** `/pprd task ID` in Block Kit. */
export function renderTaskBlocks(v: TaskView, lang: Lang = 'zh-CN'): SlackMessage {
  return formatSlack(composeTask(v, lang));
}

/** A one-section notice (errors, refusals, confirmations). `mrkdwn` must already be escaped. */
export function renderNotice(mrkdwn: string, lang: Lang = 'zh-CN'): SlackMessage {
  return slackNotice(mrkdwn, lang);
}

/** `/pprd agency NAME` with no match: up to 10 suggestions (escaped). */
export function renderSuggestionsBlocks(query: string, suggestions: string[], lang: Lang = 'zh-CN'): SlackMessage {
  const w = say(lang);
  const q = escapeSlack(query);
  if (suggestions.length === 0) return slackNotice(w.noAgency(q), lang);
  return formatSlack({
    lang,
    subject: '',
    title: '',
    sections: [{ lines: [[w.didYouMean(query), { names: suggestions.slice(0, 10) }, w.question()]], summary: true }],
  });
}

/** `/pprd help` in the asker's language; lists every subcommand and its Chinese alias. */
export function renderHelpBlocks(lang: Lang = 'zh-CN'): SlackMessage {
  return slackNotice(say(lang).help(), lang);
}

/**
 * The reminder message after it was marked submitted: the occurrence, who recorded it
 * (`slack:U…` → a mention, see `slackWho`) and when (`atLocal`, already formatted), no buttons.
 */
export function renderSubmittedBlocks(
  ref: OccurrenceRef & { cycleName?: string },
  by: string,
  atLocal: string,
  lang: Lang = 'zh-CN',
): SlackMessage {
  const what = `*${escapeSlack(ref.agency)}* · ${escapeSlack(ref.cycleName ?? ref.cycle)} ${escapeSlack(ref.period)}`;
  return slackNotice(say(lang).submittedBy(what, slackWho(by), escapeSlack(atLocal)), lang);
}
