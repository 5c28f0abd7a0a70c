import { html, raw } from 'hono/html';
import type { Assignment, Task } from '../catalog/types.ts';
import type { BoardCell, BoardRound, BoardView, CellState, FailedDeliveryLine } from '../digest/index.ts';
import { CELL_STATES, daysPhrase, type Lang, periodLabel } from '../digest/index.ts';
import type { ExcusalRecord, ExtensionRecord, SubmissionRecord, TargetOutcomeRecord, TargetProgressRecord } from '../schedule/records.ts';
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

const STATE_TEXT: Record<CellState, { icon: string; zh: string; en: string }> = {
  overdue: { icon: '✖', zh: '逾期', en: 'overdue' },
  'due-soon': { icon: '▲', zh: '即将到期', en: 'due soon' },
  open: { icon: '○', zh: '未到期', en: 'open' },
  extended: { icon: '↻', zh: '已延期', en: 'extended' },
  submitted: { icon: '✔', zh: '已报送', en: 'submitted' },
  excused: { icon: '–', zh: '已免报', en: 'excused' },
  history: { icon: '◌', zh: '部署前未登记', en: 'before deployment, not recorded' },
};

/** A state as icon and text (never colour alone). */
export function stateLabel(state: CellState, lang: Lang): string {
  const s = STATE_TEXT[state];
  return `${s.icon} ${lang === 'en' ? s.en : s.zh}`;
}

const VIA_TEXT: Record<string, { zh: string; en: string }> = {
  cli: { zh: '命令行', en: 'CLI' },
  slack: { zh: 'Slack', en: 'Slack' },
  web: { zh: '网页', en: 'web' },
  email: { zh: '邮件', en: 'email' },
};

function via(v: string | undefined, lang: Lang): string {
  if (!v) return '';
  const t = VIA_TEXT[v];
  return t ? (lang === 'en' ? t.en : t.zh) : v;
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
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function tr(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
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
export function layout(title: string, ctx: Pick<PageContext, 'lang'> & { viewer?: Viewer }, body: Html | string, path = '/'): string {
  const { lang, viewer } = ctx;
  const other = lang === 'en' ? `${path}?lang=zh-CN` : `${path}?lang=en`;
  const nav = viewer
    ? html`${viewer.coordinator ? html`<a href="${href('/', lang)}">${tr(lang, '报送看板', 'Board')}</a>` : viewer.agencies.map((a) => html`<a href="${agencyHref(a, lang)}">${a}</a>`)}
        <a href="${href('/targets', lang)}">${tr(lang, '2020年目标', '2020 targets')}</a>
        ${viewer.coordinator ? html`<a href="${href('/deliveries', lang)}">${tr(lang, '投递问题', 'Deliveries')}</a> <a href="/export/status.xlsx">${tr(lang, '导出 Excel', 'Excel')}</a> <a href="/export/status.csv">CSV</a>` : ''}
        <span class="who">${viewer.name}${viewer.coordinator ? tr(lang, '（省泛珠办）', ' (coordinator)') : ''} · <a href="${other}">${lang === 'en' ? '中文' : 'English'}</a></span>`
    : html`<span class="who"><a href="${other}">${lang === 'en' ? '中文' : 'English'}</a></span>`;
  return `<!doctype html>${html`<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · ${tr(lang, '泛珠合作报送', 'PPRD reports')}</title><link rel="stylesheet" href="/assets/pprd.css"></head><body><header><strong>${tr(lang, '泛珠合作报送', 'PPRD reports')}</strong>${nav}</header><main><h1>${title}</h1>${body}</main></body></html>`}`;
}

/** A page that only says why nothing is shown (401 no/bad/expired link, 403 not yours, 404). */
export function messagePage(status: 401 | 403 | 404 | 400, lang: Lang, detail?: string): string {
  const title = {
    401: tr(lang, '链接无效或已过期', 'This link is not valid or has expired'),
    403: tr(lang, '无权查看或操作', 'Not allowed'),
    404: tr(lang, '未找到', 'Not found'),
    400: tr(lang, '请求有误', 'Bad request'),
  }[status];
  const text = {
    401: tr(lang, '请使用提醒邮件中的个人链接打开本页；链接过期后，请向省泛珠办索取新链接。', 'Open this page with the personal link of your reminder email; when it has expired, ask 省泛珠办 for a new one.'),
    403: tr(lang, '您的链接只能查看和报送本单位的事项。', 'Your link shows and acts for your own agency only.'),
    404: tr(lang, '没有这个页面。', 'There is no such page.'),
    400: tr(lang, '请求内容不完整。', 'The request is incomplete.'),
  }[status];
  return layout(title, { lang }, html`<p class="error">${text}${detail ? html`<br>${detail}` : ''}</p>`);
}

function cellDetail(c: BoardCell, lang: Lang, zone: string): string {
  if (c.state === 'submitted' || c.state === 'excused') {
    return [c.closedAt ? when(c.closedAt, zone) : '', c.by ?? '', c.via ? `(${via(c.via, lang)})` : ''].filter(Boolean).join(' ');
  }
  if (c.state === 'history') return tr(lang, `截止 ${c.due}`, `due ${c.due}`);
  if (c.state === 'extended') return tr(lang, `延至 ${c.due}`, `moved to ${c.due}`);
  return `${c.due} · ${daysPhrase(c.daysLeft, lang)}`;
}

function cellHtml(c: BoardCell, lang: Lang, zone: string): Html {
  return html`<li><a class="cell s-${c.state}" href="${href(occurrencePath(c.cycle, c.period, c.agency), lang)}"><span class="name">${c.agency}</span><span class="state">${stateLabel(c.state, lang)}${c.escalated ? html`<span class="badge">${tr(lang, '已督办', 'escalated')}</span>` : ''}${c.noContact ? html`<span class="badge">${tr(lang, '无联络人', 'no contact')}</span>` : ''}</span><br><span class="state">${cellDetail(c, lang, zone)}</span></a></li>`;
}

function roundHeading(r: BoardRound, lang: Lang): Html {
  return html`<h2 id="${`${r.cycle}-${r.period}`}">${periodLabel(r.period, lang)} ${r.cycleName} <span class="muted">(${r.period}, ${tr(lang, '截止', 'due')} ${r.due}${r.provisional ? tr(lang, '，暂定', ', provisional') : ''}${r.history ? tr(lang, '，部署前的期次', ', before deployment') : ''})</span></h2>`;
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
  return lang === 'en' ? `submitted ${r.submitted} of ${r.total}` : `已报送 ${r.submitted} / ${r.total}`;
}

/**
 * `/`: the coordinators' board (红黄绿灯). Filters (cycle, period, agency, state) as a GET form;
 * per round its count (`已报送 n / m`, from the status board), a count per state, and a cell per agency
 * linking to that occurrence.
 */
export function renderBoardPage(view: BoardView, ctx: PageContext, agencies: readonly string[]): string {
  const { lang } = ctx;
  const f = view.filter;
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${raw(selected === value ? ' selected' : '')}>${label}</option>`;
  const filters = html`<form class="filters" method="get" action="/">
    <label>${tr(lang, '报送事项', 'Cycle')}<select name="cycle">${opt('', tr(lang, '全部', 'all'), f.cycle ?? '')}${view.cycles.map((c) => opt(c.id, c.name, f.cycle))}</select></label>
    <label>${tr(lang, '期次', 'Period')}<select name="period">${opt('', tr(lang, '当前及近期', 'current and recent'), f.period ?? '')}${view.periods.map((p) => opt(p, `${periodLabel(p, lang)} (${p})`, f.period))}</select></label>
    <label>${tr(lang, '单位', 'Agency')}<select name="agency">${opt('', tr(lang, '全部', 'all'), f.agency ?? '')}${agencies.map((a) => opt(a, a, f.agency))}</select></label>
    <label>${tr(lang, '状态', 'State')}<select name="state">${opt('', tr(lang, '全部', 'all'), f.state ?? '')}${CELL_STATES.map((s) => opt(s, stateLabel(s, lang), f.state))}</select></label>
    ${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <button type="submit">${tr(lang, '筛选', 'Filter')}</button></form>`;
  const rounds = view.rounds.map(
    (r) =>
      html`<section>${roundHeading(r, lang)}<p class="counts"><strong>${roundCount(r, lang)}</strong>${r.overdue.length ? tr(lang, `，逾期 ${r.overdue.length}`, `, ${r.overdue.length} overdue`) : ''}${r.escalated.length ? tr(lang, `，已督办 ${r.escalated.length}`, `, ${r.escalated.length} escalated`) : ''}<br><span class="muted">${stateCounts(r, lang)}</span></p><ul class="grid">${r.cells.map((c) => cellHtml(c, lang, ctx.timezone))}</ul></section>`,
  );
  const body = html`<p class="muted">${tr(lang, `截至 ${view.asOf}`, `As of ${view.asOf}`)}</p>${filters}${rounds.length ? rounds : html`<p>${tr(lang, '没有符合条件的期次。', 'No round matches.')}</p>`}`;
  return layout(tr(lang, '报送看板', 'Reporting board'), ctx, body, '/');
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

function events(f: Pick<OccurrenceFacts, 'submission' | 'excusal' | 'extensions' | 'remindersSent'>, lang: Lang, zone: string): Html {
  const items: Html[] = [];
  for (const r of f.remindersSent) items.push(html`<li>${when(r.at, zone)} ${tr(lang, '发送提醒', 'reminder sent')} (${r.channel})</li>`);
  for (const x of f.extensions) items.push(html`<li>${when(x.recordedAt, zone)} ${x.by} ${tr(lang, `延期至 ${x.to}`, `extended to ${x.to}`)}${x.note ? `：${x.note}` : ''}</li>`);
  if (f.excusal) items.push(html`<li>${when(f.excusal.recordedAt, zone)} ${f.excusal.by} ${tr(lang, '免报', 'excused')}${f.excusal.note ? `：${f.excusal.note}` : ''}</li>`);
  if (f.submission) {
    items.push(html`<li>${when(f.submission.at, zone)} ${f.submission.by} ${tr(lang, '已报送', 'submitted')}${f.submission.via ? ` (${via(f.submission.via, lang)})` : ''}</li>`);
  }
  return items.length ? html`<ul class="events">${items}</ul>` : html`<p class="muted">${tr(lang, '暂无记录。', 'Nothing recorded yet.')}</p>`;
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
    submitted: tr(lang, `已登记为已报送：${c.agency}，${periodLabel(c.period, lang)}${f.cycleName}。此后不再发送提醒。`, `Recorded as submitted: ${c.agency}, ${f.cycleName}, ${periodLabel(c.period, lang)}. No more reminders will be sent.`),
    already: tr(lang, '此前已登记为已报送，无需重复操作。', 'This was already recorded as submitted.'),
    extended: tr(lang, `截止日期已改为 ${c.due}。`, `The due date is now ${c.due}.`),
    excused: tr(lang, '已登记为免报。', 'Recorded as excused.'),
  };
  const form = (action: string, inner: Html) => html`<form method="post" action="${href(`${path}/${action}`, lang)}"><input type="hidden" name="csrf" value="${ctx.csrf}">${inner}</form>`;
  const actions: Html[] = [];
  if (open) actions.push(form('submit', html`<button class="primary" type="submit">已报送 / Mark submitted</button>`));
  if (open && viewer.coordinator) {
    actions.push(
      html`<h2>${tr(lang, '协调人操作', 'Coordinator actions')}</h2>${form('extend', html`<label>${tr(lang, '延期至', 'Extend to')} <input type="date" name="to" required value="${c.due}"></label> <button type="submit">${tr(lang, '延期', 'Extend')}</button>`)}<p></p>${form('excuse', html`<button type="submit">${tr(lang, '免报', 'Excuse')}</button>`)}`,
    );
  }
  const body = html`${done ? html`<p class="notice" role="status">✔ ${doneText[done]}</p>` : ''}
    <p class="cell s-${c.state}"><span class="name">${stateLabel(c.state, lang)}</span> ${cellDetail(c, lang, ctx.timezone)}${c.escalated ? html`<span class="badge">${tr(lang, '已督办', 'escalated')}</span>` : ''}</p>
    <table><tr><th>${tr(lang, '单位', 'Agency')}</th><td><a href="${agencyHref(c.agency, lang)}">${c.agency}</a></td></tr>
    <tr><th>${tr(lang, '报送事项', 'Report')}</th><td>${f.cycleName}</td></tr>
    <tr><th>${tr(lang, '期次', 'Period')}</th><td>${periodLabel(c.period, lang)} (${c.period})</td></tr>
    <tr><th>${tr(lang, '报送对象', 'Submit to')}</th><td>${f.submitTo}</td></tr>
    <tr><th>${tr(lang, '截止日期', 'Due')}</th><td>${c.due}${c.due !== c.originalDue ? tr(lang, `（原为 ${c.originalDue}）`, ` (was ${c.originalDue})`) : ''}</td></tr></table>
    ${actions}
    <h2>${tr(lang, '记录', 'History')}</h2>${events(f, lang, ctx.timezone)}`;
  return layout(`${c.agency} · ${periodLabel(c.period, lang)}${lang === 'en' ? ' ' : ''}${f.cycleName}`, ctx, body, path);
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
  const taskList = (ts: typeof lead) => (ts.length ? html`<ul>${ts.map((t) => html`<li><a href="${href(`/task/${encodeURIComponent(t.id)}`, lang)}">${tr(lang, `任务${t.id}`, `Task ${t.id}`)}</a> ${t.title}</li>`)}</ul>` : html`<p class="muted">${tr(lang, '无', 'none')}</p>`);
  const rows = f.occurrences.map(
    (o) =>
      html`<tr><td><a href="${href(occurrencePath(o.cell.cycle, o.cell.period, o.cell.agency), lang)}">${periodLabel(o.cell.period, lang)}</a><br><span class="muted">${o.cycleName}</span></td><td>${o.cell.due}</td><td class="s-${o.cell.state}">${stateLabel(o.cell.state, lang)}${o.cell.escalated ? html`<span class="badge">${tr(lang, '已督办', 'escalated')}</span>` : ''}</td><td>${events(o, lang, ctx.timezone)}</td></tr>`,
  );
  const body = html`${f.fullName ? html`<p>${f.fullName}</p>` : ''}
    <h2>${tr(lang, '牵头任务', 'Tasks it leads')} (${lead.length})</h2>${taskList(lead)}
    <h2>${tr(lang, '配合任务', 'Tasks it supports')} (${support.length})</h2>${taskList(support)}
    <h2>${tr(lang, '报送期限与记录', 'Deadlines and history')}</h2>
    ${f.calendarUrl ? html`<p>${tr(lang, '在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：', "Subscribe to the agency's deadlines in your calendar program (your personal link, do not forward it):")} <a href="${f.calendarUrl}">${f.calendarUrl}</a></p>` : ''}
    <div class="scroll"><table><tr><th>${tr(lang, '期次', 'Period')}</th><th>${tr(lang, '截止', 'Due')}</th><th>${tr(lang, '状态', 'State')}</th><th>${tr(lang, '记录', 'History')}</th></tr>${rows}</table></div>
    <h2>${tr(lang, '2020年目标', '2020 targets')} (${f.targets.length})</h2>${f.targets.length ? html`<ul>${f.targets.map((t) => html`<li>${t.id}（${t.deadline}）${t.text}</li>`)}</ul>` : html`<p class="muted">${tr(lang, '无', 'none')}</p>`}`;
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
    return html`<li><p>${p}</p>${a ? html`<p class="muted">${tr(lang, '牵头：', 'Lead: ')}${a.lead.length ? agencyLinks(a.lead, lang, linkable) : tr(lang, '未写明', 'not named')}${a.support.length ? html`<br>${tr(lang, '配合：', 'Support: ')}${agencyLinks(a.support, lang, linkable)}` : ''}</p>` : ''}</li>`;
  });
  const body = html`<p class="muted">${task.section} ${task.sectionTitle}</p><ol>${paras}</ol>`;
  return layout(tr(lang, `任务${task.id} ${task.title}`, `Task ${task.id}: ${task.title}`), ctx, body, `/task/${encodeURIComponent(task.id)}`);
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

const OUTCOME_TEXT: Record<string, { zh: string; en: string }> = {
  achieved: { zh: '已实现', en: 'achieved' },
  partly: { zh: '部分实现', en: 'partly achieved' },
  missed: { zh: '未实现', en: 'missed' },
};

/** `/targets`: the 2020 targets with their responsible agencies, progress reports per year and outcome. */
export function renderTargetsPage(targets: readonly TargetFacts[], ctx: PageContext, linkable: (agency: string) => boolean): string {
  const { lang } = ctx;
  const rows = targets.map((t) => {
    const years = new Map<string, TargetProgressRecord[]>();
    for (const p of t.progress) {
      const y = p.recordedAt.slice(0, 4);
      years.set(y, [...(years.get(y) ?? []), p]);
    }
    const o = t.outcome ? OUTCOME_TEXT[t.outcome.outcome] : undefined;
    return html`<tr><td>${t.id}</td><td>${t.text}<br><span class="muted">${tr(lang, '期限', 'deadline')} ${t.deadline}</span></td><td>${t.responsible.length ? agencyLinks(t.responsible, lang, linkable) : tr(lang, '总体目标', 'general goal')}</td><td>${years.size ? html`<ul class="events">${[...years].map(([y, ps]) => html`<li>${y}：${ps.map((p) => `${p.text}（${p.by}）`).join('；')}</li>`)}</ul>` : tr(lang, '暂无', 'none')}</td><td>${o ? `${tr(lang, o.zh, o.en)}${t.outcome?.note ? `：${t.outcome.note}` : ''}` : tr(lang, '未登记', 'not recorded')}</td></tr>`;
  });
  const body = html`<div class="scroll"><table><tr><th>#</th><th>${tr(lang, '目标', 'Target')}</th><th>${tr(lang, '责任单位', 'Responsible')}</th><th>${tr(lang, '年度进展', 'Progress by year')}</th><th>${tr(lang, '结果', 'Outcome')}</th></tr>${rows}</table></div>`;
  return layout(tr(lang, '2020年目标', '2020 targets'), ctx, body, '/targets');
}

/** `/deliveries`: failed and dead deliveries with their reason, and agencies with no contact. */
export function renderDeliveriesPage(lines: readonly FailedDeliveryLine[], ctx: PageContext): string {
  const { lang } = ctx;
  const body = lines.length
    ? html`<div class="scroll"><table><tr><th>${tr(lang, '内容', 'What')}</th><th>${tr(lang, '渠道', 'Channel')}</th><th>${tr(lang, '收件人', 'Recipient')}</th><th>${tr(lang, '原因', 'Reason')}</th></tr>${lines.map((l) => html`<tr><td>${l.what}</td><td>${l.channel}</td><td>${l.recipient}</td><td>${l.error}</td></tr>`)}</table></div>`
    : html`<p>${tr(lang, '没有失败的投递。', 'No failed deliveries.')}</p>`;
  return layout(tr(lang, '投递问题', 'Failed deliveries'), ctx, body, '/deliveries');
}
