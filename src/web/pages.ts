import { html, raw } from 'hono/html';
import type { Assignment, Task } from '../catalog/types.ts';
import type { BoardCell, BoardRound, BoardView, CellState, FailedDeliveryLine } from '../digest/index.ts';
import { CELL_STATES, type Lang } from '../digest/index.ts';
import { daysPhrase, periodLabel, say } from '../messages/index.ts';
import type {
  ExcusalRecord,
  ExtensionRecord,
  SubmissionRecord,
  TargetOutcomeRecord,
  TargetProgressRecord,
} from '../schedule/records.ts';
import { occurrencePath } from './links.ts';

/**
 * The board's pages: pure functions of facts to HTML strings. Every interpolated value is escaped
 * (hono/html's `html` tag); nothing needs JavaScript; styles come from `/assets/pprd.css`
 * ({@link BOARD_CSS}) so the Content-Security-Policy allows no inline code.
 */

/** HTML as built by the pages (escaped by construction). */
type Html = ReturnType<typeof html>;

/** The person a page is shown to (from their signed link). */
export interface Viewer {
  name: string;
  coordinator: boolean;
  /** Canonical agencies of a contact (empty for a coordinator, who sees all). */
  agencies: string[];
}

/** What every page needs besides its facts. */
export interface PageContext {
  lang: Lang;
  viewer: Viewer;
  /** The CSRF token of the viewer's link, put in every form that posts. */
  csrf: string;
  /** IANA zone times are shown in (config `timezone`). */
  timezone: string;
}

/** A state's icon (its words are the phrase catalogue's `webCellState`). */
const STATE_ICON: Record<CellState, string> = {
  overdue: '✖',
  'due-soon': '▲',
  open: '○',
  extended: '↻',
  submitted: '✔',
  excused: '–',
  history: '◌',
};

/** A state as icon and text (never colour alone). */
export function stateLabel(state: CellState, lang: Lang): string {
  return `${STATE_ICON[state]} ${say(lang).webCellState(state)}`;
}

function via(v: string | undefined, lang: Lang): string {
  if (!v) return '';
  return say(lang).webVia(v);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * `2020-06-23 10:05`: an ISO instant as local time in `zone` (records may be written in UTC or another
 * offset). Intl, one formatter per zone: a board shows hundreds of instants.
 */
function when(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `?lang=en` kept on internal links when the page is English and the viewer's default is not asked for. */
function href(path: string, lang: Lang, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  if (lang === 'en') q.set('lang', 'en');
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function agencyHref(agency: string, lang: Lang): string {
  return href(`/agency/${encodeURIComponent(agency)}`, lang);
}

/** Styles of every page: phone first (one column, large tap targets), colour plus icon plus text. */
export const BOARD_CSS = `
*{box-sizing:border-box}
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;padding:0 0 2rem;color:#1a1a1a;background:#f6f7f9;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
header a{color:#fff}
header .who{margin-left:auto;font-size:.9rem}
main{padding:0 1rem;max-width:72rem;margin:0 auto}
h1{font-size:1.4rem;margin:1rem 0 .5rem}
h2{font-size:1.15rem;margin:1.4rem 0 .4rem}
a{color:#0b4f9c}
a.feed{overflow-wrap:anywhere}
.counts{margin:.2rem 0 .6rem;font-size:.95rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.4rem;padding:0;margin:0;list-style:none}
.cell{display:block;border-radius:.4rem;padding:.45rem .6rem;border:1px solid #ccc;background:#fff;text-decoration:none;color:inherit;min-height:3.2rem}
.cell .name{font-weight:600;display:block}
.cell .state{font-size:.85rem}
.s-overdue{background:#fde2e2;border-color:#c62828}
.s-due-soon{background:#fff4cc;border-color:#c99a00}
.s-submitted{background:#dff3e3;border-color:#2e7d32}
.s-excused,.s-history{background:#eceff1;border-color:#90a4ae}
.s-open,.s-extended{background:#fff;border-color:#9e9e9e}
.badge{display:inline-block;border-radius:.3rem;padding:0 .35rem;font-size:.8rem;background:#333;color:#fff;margin-left:.25rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}
form.filters label{display:flex;flex-direction:column;font-size:.85rem}
select,input,button{font-size:1rem;padding:.35rem .5rem}
button{border-radius:.4rem;border:1px solid #555;background:#fff;cursor:pointer}
button.primary{background:#2e7d32;color:#fff;border-color:#2e7d32;font-size:1.15rem;padding:.6rem 1.2rem}
.notice{border-left:.35rem solid #2e7d32;background:#dff3e3;padding:.6rem .8rem;margin:1rem 0}
.error{border-left:.35rem solid #c62828;background:#fde2e2;padding:.6rem .8rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{border:1px solid #ddd;padding:.35rem .45rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
ul.events{margin:.2rem 0;padding-left:1.1rem;font-size:.88rem}
.muted{color:#555;font-size:.9rem}
`;

/** The page frame: header with navigation (coordinators see the board and deliveries), language switch. */
export function layout(
  title: string,
  ctx: Pick<PageContext, 'lang'> & { viewer?: Viewer },
  body: Html | string,
  path = '/',
): string {
  const { lang, viewer } = ctx;
  const other = lang === 'en' ? `${path}?lang=zh-CN` : `${path}?lang=en`;
  const nav = viewer
    ? html`${viewer.coordinator ? html`<a href="${href('/', lang)}">${say(lang).webNavBoard()}</a>` : viewer.agencies.map((a) => html`<a href="${agencyHref(a, lang)}">${a}</a>`)}
        <a href="${href('/targets', lang)}">${say(lang).targetsShort()}</a>
        ${viewer.coordinator ? html`<a href="${href('/deliveries', lang)}">${say(lang).webNavDeliveries()}</a> <a href="/export/status.xlsx">${say(lang).webNavExcel()}</a> <a href="/export/status.csv">CSV</a>` : ''}
        <span class="who">${viewer.name}${viewer.coordinator ? say(lang).webCoordinatorMark() : ''} · <a href="${other}">${say(lang).webOtherLanguage()}</a></span>`
    : html`<span class="who"><a href="${other}">${say(lang).webOtherLanguage()}</a></span>`;
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · ${say(lang).webSiteName()}</title><link rel="stylesheet" href="/assets/pprd.css"></head><body><header><strong>${say(lang).webSiteName()}</strong>${nav}</header><main><h1>${title}</h1>${body}</main></body></html>`}`;
}

/** A page that only says why nothing is shown (401 no/bad/expired link, 403 not yours, 404). */
export function messagePage(status: 401 | 403 | 404 | 400, lang: Lang, detail?: string): string {
  const w = say(lang);
  const [title, text] = {
    401: [w.web401(), w.web401Detail()],
    403: [w.web403(), w.web403Detail()],
    404: [w.web404(), w.web404Detail()],
    400: [w.web400(), w.web400Detail()],
  }[status];
  return layout(title, { lang }, html`<p class="error">${text}${detail ? html`<br>${detail}` : ''}</p>`);
}

function cellDetail(c: BoardCell, lang: Lang, zone: string): string {
  if (c.state === 'submitted' || c.state === 'excused') {
    return [c.closedAt ? when(c.closedAt, zone) : '', c.by ?? '', c.via ? `(${via(c.via, lang)})` : '']
      .filter(Boolean)
      .join(' ');
  }
  if (c.state === 'history') return say(lang).webDueOn(c.due);
  if (c.state === 'extended') return say(lang).webMovedTo(c.due);
  return `${c.due} · ${daysPhrase(c.daysLeft, lang)}`;
}

function cellHtml(c: BoardCell, lang: Lang, zone: string): Html {
  return html`<li><a class="cell s-${c.state}" href="${href(occurrencePath(c.cycle, c.period, c.agency), lang)}"><span class="name">${c.agency}</span><span class="state">${stateLabel(c.state, lang)}${c.escalated ? html`<span class="badge">${say(lang).escalated()}</span>` : ''}${c.noContact ? html`<span class="badge">${say(lang).webNoContact()}</span>` : ''}</span><br><span class="state">${cellDetail(c, lang, zone)}</span></a></li>`;
}

function roundHeading(r: BoardRound, lang: Lang): Html {
  return html`<h2 id="${`${r.cycle}-${r.period}`}">${periodLabel(r.period, lang)} ${r.cycleName} <span class="muted">(${r.period}, ${say(lang).webDueWord()} ${r.due}${r.provisional ? say(lang).provisionalInline() : ''}${r.history ? say(lang).webBeforeDeploymentRound() : ''})</span></h2>`;
}

function stateCounts(r: BoardRound, lang: Lang): string {
  const n = new Map<CellState, number>();
  for (const c of r.cells) n.set(c.state, (n.get(c.state) ?? 0) + 1);
  return CELL_STATES.filter((s) => n.get(s))
    .map((s) => `${stateLabel(s, lang)} ${n.get(s)}`)
    .join(' · ');
}

/** Sentence of a round's count, the status board's: `已报送 12 / 63` / `submitted 12 of 63`. */
export function roundCount(r: Pick<BoardRound, 'submitted' | 'total'>, lang: Lang): string {
  return say(lang).roundSubmitted(r.submitted, r.total);
}

/**
 * `/`: the coordinators' board (红黄绿灯). Filters (cycle, period, agency, state) as a GET form;
 * per round its count (`已报送 n / m`, from the status board), a count per state, and a cell per agency
 * linking to that occurrence.
 */
export function renderBoardPage(view: BoardView, ctx: PageContext, agencies: readonly string[]): string {
  const { lang } = ctx;
  const f = view.filter;
  const opt = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${raw(selected === value ? ' selected' : '')}>${label}</option>`;
  const filters = html`<form class="filters" method="get" action="/">
    <label>${say(lang).webFilterCycle()}<select name="cycle">${opt('', say(lang).webAll(), f.cycle ?? '')}${view.cycles.map((c) => opt(c.id, c.name, f.cycle))}</select></label>
    <label>${say(lang).webPeriod()}<select name="period">${opt('', say(lang).webCurrentAndRecent(), f.period ?? '')}${view.periods.map((p) => opt(p, `${periodLabel(p, lang)} (${p})`, f.period))}</select></label>
    <label>${say(lang).webAgency()}<select name="agency">${opt('', say(lang).webAll(), f.agency ?? '')}${agencies.map((a) => opt(a, a, f.agency))}</select></label>
    <label>${say(lang).webState()}<select name="state">${opt('', say(lang).webAll(), f.state ?? '')}${CELL_STATES.map((s) => opt(s, stateLabel(s, lang), f.state))}</select></label>
    ${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <button type="submit">${say(lang).webFilter()}</button></form>`;
  const rounds = view.rounds.map(
    (r) =>
      html`<section>${roundHeading(r, lang)}<p class="counts"><strong>${roundCount(r, lang)}</strong>${r.overdue.length ? say(lang).webOverdueCount(r.overdue.length) : ''}${r.escalated.length ? say(lang).webEscalatedCount(r.escalated.length) : ''}<br><span class="muted">${stateCounts(r, lang)}</span></p><ul class="grid">${r.cells.map((c) => cellHtml(c, lang, ctx.timezone))}</ul></section>`,
  );
  const body = html`<p class="muted">${say(lang).webAsOf(view.asOf)}</p>${filters}${rounds.length ? rounds : html`<p>${say(lang).webNoRound()}</p>`}`;
  return layout(say(lang).webBoardTitle(), ctx, body, '/');
}

/** One occurrence and what was recorded about it. */
export interface OccurrenceFacts {
  cell: BoardCell;
  cycleName: string;
  submitTo: string;
  submission?: SubmissionRecord;
  excusal?: ExcusalRecord;
  extensions: readonly ExtensionRecord[];
  /** Reminders sent for it: local send instant (ISO) and channel. */
  remindersSent: readonly { at: string; channel: string }[];
}

function events(
  f: Pick<OccurrenceFacts, 'submission' | 'excusal' | 'extensions' | 'remindersSent'>,
  lang: Lang,
  zone: string,
): Html {
  const items: Html[] = [];
  for (const r of f.remindersSent)
    items.push(html`<li>${when(r.at, zone)} ${say(lang).webReminderSent()} (${via(r.channel, lang)})</li>`);
  for (const x of f.extensions)
    items.push(
      html`<li>${when(x.recordedAt, zone)} ${x.by} ${say(lang).webExtendedTo(x.to)}${x.note ? `：${x.note}` : ''}</li>`,
    );
  if (f.excusal)
    items.push(
      html`<li>${when(f.excusal.recordedAt, zone)} ${f.excusal.by} ${say(lang).webExcusedEvent()}${f.excusal.note ? `：${f.excusal.note}` : ''}</li>`,
    );
  if (f.submission) {
    items.push(
      html`<li>${when(f.submission.at, zone)} ${f.submission.by} ${say(lang).webSubmittedEvent()}${f.submission.via ? ` (${via(f.submission.via, lang)})` : ''}</li>`,
    );
  }
  return items.length
    ? html`<ul class="events">${items}</ul>`
    : html`<p class="muted">${say(lang).webNothingRecorded()}</p>`;
}

/** What an action did, shown once after it (Post/Redirect/Get). */
export type ActionResult = 'submitted' | 'already' | 'extended' | 'excused';

/**
 * `/o/CYCLE/PERIOD/AGENCY`: one occurrence (the page a reminder's link opens): its state, due date and
 * history; a 已报送 / Mark submitted button while it is open (its contact or a coordinator); extend and
 * excuse forms for coordinators; the result of the last action.
 */
export function renderOccurrencePage(f: OccurrenceFacts, ctx: PageContext, done?: ActionResult): string {
  const { lang, viewer } = ctx;
  const c = f.cell;
  const path = occurrencePath(c.cycle, c.period, c.agency);
  const open = c.state !== 'submitted' && c.state !== 'excused';
  const doneText: Record<ActionResult, string> = {
    submitted: say(lang).webSubmittedDone(c.agency, periodLabel(c.period, lang), f.cycleName),
    already: say(lang).webAlready(),
    extended: say(lang).webExtendedDone(c.due),
    excused: say(lang).webExcusedDone(),
  };
  const form = (action: string, inner: Html) =>
    html`<form method="post" action="${href(`${path}/${action}`, lang)}"><input type="hidden" name="csrf" value="${ctx.csrf}">${inner}</form>`;
  const actions: Html[] = [];
  if (open) actions.push(form('submit', html`<button class="primary" type="submit">已报送 / Mark submitted</button>`));
  if (open && viewer.coordinator) {
    actions.push(
      html`<h2>${say(lang).webCoordinatorActions()}</h2>${form('extend', html`<label>${say(lang).webExtendTo()} <input type="date" name="to" required value="${c.due}"></label> <button type="submit">${say(lang).webExtend()}</button>`)}<p></p>${form('excuse', html`<button type="submit">${say(lang).webExcuse()}</button>`)}`,
    );
  }
  const body = html`${done ? html`<p class="notice" role="status">✔ ${doneText[done]}</p>` : ''}
    <p class="cell s-${c.state}"><span class="name">${stateLabel(c.state, lang)}</span> ${cellDetail(c, lang, ctx.timezone)}${c.escalated ? html`<span class="badge">${say(lang).escalated()}</span>` : ''}</p>
    <table><tr><th>${say(lang).webAgency()}</th><td><a href="${agencyHref(c.agency, lang)}">${c.agency}</a></td></tr>
    <tr><th>${say(lang).webReport()}</th><td>${f.cycleName}</td></tr>
    <tr><th>${say(lang).webPeriod()}</th><td>${periodLabel(c.period, lang)} (${c.period})</td></tr>
    <tr><th>${say(lang).webSubmitTo()}</th><td>${f.submitTo}</td></tr>
    <tr><th>${say(lang).webDueDate()}</th><td>${c.due}${c.due !== c.originalDue ? say(lang).webWas(c.originalDue) : ''}</td></tr></table>
    ${actions}
    <h2>${say(lang).webHistory()}</h2>${events(f, lang, ctx.timezone)}`;
  return layout(
    `${c.agency} · ${periodLabel(c.period, lang)}${say(lang).webPeriodNameSep()}${f.cycleName}`,
    ctx,
    body,
    path,
  );
}

/** `/agency/NAME`: what the agency owes and has done. */
export interface AgencyFacts {
  agency: string;
  fullName?: string;
  tasks: readonly { id: string; title: string; role: 'lead' | 'support' }[];
  /** Its occurrences, newest due first, with their history. */
  occurrences: readonly (Omit<OccurrenceFacts, 'submitTo'> & { cell: BoardCell })[];
  targets: readonly { id: string; text: string; deadline: string }[];
  /** The viewer's signed address of the agency's calendar feed (`/calendar/AGENCY.ics?t=…`), to subscribe to. */
  calendarUrl?: string;
}

/** `/agency/NAME`: the agency's tasks (led / supported), deadlines with their history, 2020 targets. */
export function renderAgencyPage(f: AgencyFacts, ctx: PageContext): string {
  const { lang } = ctx;
  const lead = f.tasks.filter((t) => t.role === 'lead');
  const support = f.tasks.filter((t) => t.role === 'support');
  const taskList = (ts: typeof lead) =>
    ts.length
      ? html`<ul>${ts.map((t) => html`<li><a href="${href(`/task/${encodeURIComponent(t.id)}`, lang)}">${say(lang).webTask(t.id)}</a> ${t.title}</li>`)}</ul>`
      : html`<p class="muted">${say(lang).none()}</p>`;
  const rows = f.occurrences.map(
    (o) =>
      html`<tr><td><a href="${href(occurrencePath(o.cell.cycle, o.cell.period, o.cell.agency), lang)}">${periodLabel(o.cell.period, lang)}</a><br><span class="muted">${o.cycleName}</span></td><td>${o.cell.due}</td><td class="s-${o.cell.state}">${stateLabel(o.cell.state, lang)}${o.cell.escalated ? html`<span class="badge">${say(lang).escalated()}</span>` : ''}</td><td>${events(o, lang, ctx.timezone)}</td></tr>`,
  );
  const body = html`${f.fullName ? html`<p>${f.fullName}</p>` : ''}
    <h2>${say(lang).webTasksLed()} (${lead.length})</h2>${taskList(lead)}
    <h2>${say(lang).webTasksSupported()} (${support.length})</h2>${taskList(support)}
    <h2>${say(lang).webDeadlinesAndHistory()}</h2>
    ${f.calendarUrl ? html`<p>${say(lang).webCalendarIntro()} <a class="feed" href="${f.calendarUrl}">${f.calendarUrl}</a></p>` : ''}
    <div class="scroll"><table><tr><th>${say(lang).webPeriod()}</th><th>${say(lang).webDueColumn()}</th><th>${say(lang).webState()}</th><th>${say(lang).webHistory()}</th></tr>${rows}</table></div>
    <h2>${say(lang).targetsShort()} (${f.targets.length})</h2>${f.targets.length ? html`<ul>${f.targets.map((t) => html`<li>${t.id}（${t.deadline}）${t.text}</li>`)}</ul>` : html`<p class="muted">${say(lang).none()}</p>`}`;
  return layout(f.agency, ctx, body, `/agency/${encodeURIComponent(f.agency)}`);
}

function agencyLinks(names: readonly string[], lang: Lang, linkable: (a: string) => boolean): Html {
  return html`${names.map((a, i) => html`${i ? '、' : ''}${linkable(a) ? html`<a href="${agencyHref(a, lang)}">${a}</a>` : a}`)}`;
}

/** `/task/ID`: title, and per paragraph its lead and support agencies (linked when the viewer may open them). */
export function renderTaskPage(task: Task, ctx: PageContext, linkable: (agency: string) => boolean): string {
  const { lang } = ctx;
  const byParagraph = new Map<number, Assignment>(task.assignments.map((a) => [a.paragraph, a]));
  const paras = task.paragraphs.map((p, i) => {
    const a = byParagraph.get(i + 1);
    return html`<li><p>${p}</p>${a ? html`<p class="muted">${say(lang).webLead()}${a.lead.length ? agencyLinks(a.lead, lang, linkable) : say(lang).webNotNamed()}${a.support.length ? html`<br>${say(lang).webSupport()}${agencyLinks(a.support, lang, linkable)}` : ''}</p>` : ''}</li>`;
  });
  const body = html`<p class="muted">${task.section} ${task.sectionTitle}</p><ol>${paras}</ol>`;
  return layout(say(lang).webTaskTitle(task.id, task.title), ctx, body, `/task/${encodeURIComponent(task.id)}`);
}

/** One target with its progress reports and outcome. */
export interface TargetFacts {
  id: string;
  text: string;
  deadline: string;
  responsible: readonly string[];
  progress: readonly TargetProgressRecord[];
  outcome?: TargetOutcomeRecord;
}

/** `/targets`: the 2020 targets with their responsible agencies, progress reports per year and outcome. */
export function renderTargetsPage(
  targets: readonly TargetFacts[],
  ctx: PageContext,
  linkable: (agency: string) => boolean,
): string {
  const { lang } = ctx;
  const rows = targets.map((t) => {
    const years = new Map<string, TargetProgressRecord[]>();
    for (const p of t.progress) {
      const y = p.recordedAt.slice(0, 4);
      years.set(y, [...(years.get(y) ?? []), p]);
    }
    return html`<tr><td>${t.id}</td><td>${t.text}<br><span class="muted">${say(lang).webDeadline()} ${t.deadline}</span></td><td>${t.responsible.length ? agencyLinks(t.responsible, lang, linkable) : say(lang).webGeneralGoal()}</td><td>${years.size ? html`<ul class="events">${[...years].map(([y, ps]) => html`<li>${y}：${ps.map((p) => `${p.text}（${p.by}）`).join('；')}</li>`)}</ul>` : say(lang).webNoneYet()}</td><td>${t.outcome ? `${say(lang).webOutcomeName(t.outcome.outcome)}${t.outcome?.note ? `：${t.outcome.note}` : ''}` : say(lang).webNotRecorded()}</td></tr>`;
  });
  const body = html`<div class="scroll"><table><tr><th>#</th><th>${say(lang).webTarget()}</th><th>${say(lang).webResponsible()}</th><th>${say(lang).webProgressByYear()}</th><th>${say(lang).webOutcome()}</th></tr>${rows}</table></div>`;
  return layout(say(lang).targetsShort(), ctx, body, '/targets');
}

/** `/deliveries`: failed and dead deliveries with their reason, and agencies with no contact. */
export function renderDeliveriesPage(lines: readonly FailedDeliveryLine[], ctx: PageContext): string {
  const { lang } = ctx;
  const body = lines.length
    ? html`<div class="scroll"><table><tr><th>${say(lang).webWhat()}</th><th>${say(lang).webChannel()}</th><th>${say(lang).webRecipient()}</th><th>${say(lang).webReason()}</th></tr>${lines.map((l) => html`<tr><td>${l.what}</td><td>${l.channel}</td><td>${l.recipient}</td><td>${l.error}</td></tr>`)}</table></div>`
    : html`<p>${say(lang).webNoFailed()}</p>`;
  return layout(say(lang).webDeliveriesTitle(), ctx, body, '/deliveries');
}
