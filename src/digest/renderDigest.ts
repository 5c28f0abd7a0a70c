import type { AgencyDigestView } from './buildStatus.ts';
import { beforeDeploymentText, type DigestView, type OccurrenceLine, type StatusView, type TargetLine } from './blocks.ts';
import { isTargetCycle } from '../schedule/cycleId.ts';
import { dateWithWeekday, daysPhrase, escapeHtml, type Lang, periodLabel } from './format.ts';
import type { RenderedMessage } from './types.ts';

/** A titled block of lines; rendered as text (indented lines) and HTML (a heading and a list). */
interface Section {
  title: string;
  lines: string[];
}

const sep = (lang: Lang) => (lang === 'en' ? ', ' : '、');

function names(list: readonly string[], lang: Lang): string {
  return list.length ? list.join(sep(lang)) : lang === 'en' ? 'none' : '无';
}

/** Groups occurrence lines by (cycle, period): `2019H2 泛珠合作事项半年报送 (due …): A、B、C`. */
function groupedLines(lines: readonly OccurrenceLine[], lang: Lang, withDays: boolean): string[] {
  const groups = new Map<string, OccurrenceLine[]>();
  for (const l of lines) {
    const k = `${l.cycle}\u0000${l.period}\u0000${l.due}`;
    const g = groups.get(k);
    if (g) g.push(l);
    else groups.set(k, [l]);
  }
  return [...groups.values()].map((g) => {
    const l = g[0];
    const what = isTargetCycle(l.cycle) ? `${l.cycleName ?? l.cycle} ${l.period}` : `${l.period} ${l.cycleName ?? l.cycle}`;
    const days = withDays ? (lang === 'en' ? `, ${daysPhrase(l.daysLeft, lang)}` : `，${daysPhrase(l.daysLeft, lang)}`) : '';
    const prov = l.provisional ? (lang === 'en' ? ', provisional' : '，暂定') : '';
    const allEscalated = g.every((x) => x.escalated);
    const who = g.map((x) => (x.escalated && !allEscalated ? `${x.agency}${lang === 'en' ? ' (escalated)' : '（已督办）'}` : x.agency));
    const tail = allEscalated ? (lang === 'en' ? ', all escalated' : '，均已督办') : '';
    return lang === 'en'
      ? `${what} (due ${dateWithWeekday(l.due, lang)}${days}${prov}${tail}) — ${g.length}: ${who.join(', ')}`
      : `${what}（截止 ${dateWithWeekday(l.due, lang)}${days}${prov}${tail}）${g.length} 个：${who.join('、')}`;
  });
}

function targetLines(targets: readonly TargetLine[], lang: Lang): string[] {
  return targets.map((t) => {
    const head = `${t.id} ${t.text}`;
    const when = lang === 'en' ? `deadline ${t.deadline}, ${daysPhrase(t.daysLeft, lang)}` : `期限 ${t.deadline}，${daysPhrase(t.daysLeft, lang)}`;
    const who = t.responsible.length ? (lang === 'en' ? `; responsible: ${t.responsible.join(', ')}` : `；责任单位：${t.responsible.join('、')}`) : '';
    const progress = t.progress ? (lang === 'en' ? `; latest progress: ${t.progress}` : `；最新进展：${t.progress}`) : '';
    return `${head}（${when}${who}${progress}）`;
  });
}

function statusSections(v: StatusView, lang: Lang): Section[] {
  const en = lang === 'en';
  const out: Section[] = [];
  for (const r of v.rounds) {
    out.push({
      title: `${r.cycleName} — ${periodLabel(r.period, lang)} (${r.period}), ${en ? 'due' : '截止'} ${dateWithWeekday(r.due, lang)}${r.provisional ? (en ? ' (provisional)' : '（暂定）') : ''}`,
      lines: [
        en ? `submitted ${r.submitted} of ${r.total}` : `已报送 ${r.submitted} / ${r.total}`,
        `${en ? 'missing' : '未报送'} (${r.missing.length}): ${names(r.missing, lang)}`,
        `${en ? 'overdue' : '已逾期'} (${r.overdue.length}): ${names(r.overdue, lang)}`,
        `${en ? 'escalated' : '已督办'} (${r.escalated.length}): ${names(r.escalated, lang)}`,
        ...(r.beforeDeployment ? [en ? `before deployment (not tracked): ${r.beforeDeployment}` : `部署前（未跟踪）：${r.beforeDeployment}`] : []),
      ],
    });
  }
  if (v.beforeDeployment?.length) {
    out.push({ title: en ? 'Before deployment' : '部署前的轮次', lines: v.beforeDeployment.map((l) => beforeDeploymentText(l, lang)) });
  }
  if (v.unscheduled.length) {
    out.push({
      title: en ? 'No schedule set' : '未设定报送日期',
      lines: v.unscheduled.map((c) => `${c.cycleName} (${c.cycle})`),
    });
  }
  out.push({ title: `${en ? 'Overdue' : '逾期未报送'} (${v.overdue.length})`, lines: groupedLines(v.overdue, lang, true) });
  return out;
}

function tailSections(v: StatusView, lang: Lang): Section[] {
  const en = lang === 'en';
  const out: Section[] = [];
  const failed = v.failed ?? [];
  if (failed.length) {
    out.push({
      title: `${en ? 'Failed deliveries and agencies with no contact' : '发送失败及无联络人的单位'} (${failed.length})`,
      lines: failed.map((f) => (f.channel === '-' ? `${f.what}: ${f.error}` : `${f.what} → ${f.recipient} [${f.channel}]: ${f.error}`)),
    });
  }
  if (v.provisionalYears?.length) {
    out.push({
      title: en ? 'Provisional calendar years' : '暂定日历年份',
      lines: [
        en
          ? `${v.provisionalYears.join(', ')}: no official holiday data yet; dates assume Monday-Friday (add the year under holidays in config/pprd.yaml)`
          : `${v.provisionalYears.join('、')}：尚无官方节假日数据，日期按周一至周五推算（可在 config/pprd.yaml 的 holidays 中补充）`,
      ],
    });
  }
  return out;
}

function toText(title: string, sections: Section[]): string {
  return `${title}\n\n${sections.map((s) => `${s.title}\n${s.lines.map((l) => `  ${l}`).join('\n')}`).join('\n\n')}\n`;
}

function toHtml(title: string, sections: Section[], lang: Lang): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n<h1>${escapeHtml(title)}</h1>\n${sections
    .map((s) => `<h2>${escapeHtml(s.title)}</h2>${s.lines.length ? `<ul>${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}`)
    .join('\n')}\n</body></html>\n`;
}

/** Plain-text status board (`pprd status`). Chinese by default. Pure. */
export function renderStatusText(v: StatusView, lang: Lang = 'zh-CN'): string {
  const title = lang === 'en' ? `PPRD reporting status as of ${dateWithWeekday(v.asOf, lang)}` : `泛珠合作报送状态（截至 ${dateWithWeekday(v.asOf, lang)}）`;
  return toText(title, [...statusSections(v, lang), ...tailSections(v, lang)]);
}

/**
 * The coordinators' weekly digest as an email: subject, text and HTML. Sections: current rounds, due in the
 * next N days, overdue, escalations, targets with no recorded outcome, failed deliveries and agencies with no
 * contact, provisional years. Pure.
 */
export function renderCoordinatorDigest(v: DigestView, lang: Lang = 'zh-CN'): RenderedMessage {
  const en = lang === 'en';
  const subject = en
    ? `[PPRD] Weekly digest ${v.asOf}: ${v.overdue.length} overdue, ${v.dueSoon.length} due within ${v.dueWindowDays} days`
    : `【泛珠合作】每周汇总 ${v.asOf}：逾期 ${v.overdue.length} 项，${v.dueWindowDays} 天内到期 ${v.dueSoon.length} 项`;
  const title = en ? `PPRD weekly digest, ${dateWithWeekday(v.asOf, lang)}` : `泛珠合作报送每周汇总（${dateWithWeekday(v.asOf, lang)}）`;
  const [roundsAndUnscheduled, overdue] = [statusSections(v, lang).slice(0, -1), statusSections(v, lang).slice(-1)];
  const sections: Section[] = [
    ...roundsAndUnscheduled,
    { title: `${en ? `Due in the next ${v.dueWindowDays} days` : `${v.dueWindowDays} 天内到期`} (${v.dueSoon.length})`, lines: groupedLines(v.dueSoon, lang, true) },
    ...overdue,
    { title: `${en ? 'Escalations' : '督办'} (${v.escalations.length})`, lines: groupedLines(v.escalations, lang, true) },
    { title: `${en ? '2020 targets with no recorded outcome' : '尚未登记结果的2020年目标'} (${v.targets.length})`, lines: targetLines(v.targets, lang) },
    ...tailSections(v, lang),
  ];
  return { subject, text: toText(title, sections), html: toHtml(title, sections, lang) };
}

/** One agency's monthly digest as an email: its open deadlines and its targets. Pure. */
export function renderAgencyDigest(v: AgencyDigestView, lang: Lang = 'zh-CN'): RenderedMessage {
  const en = lang === 'en';
  const subject = en
    ? `[PPRD] ${v.agency}: ${v.open.length} open deadline${v.open.length === 1 ? '' : 's'} as of ${v.asOf}`
    : `【泛珠合作】${v.agency}月度提醒 ${v.asOf}：待报送 ${v.open.length} 项`;
  const title = en ? `${v.agency}: monthly digest, ${dateWithWeekday(v.asOf, lang)}` : `${v.agency}月度汇总（${dateWithWeekday(v.asOf, lang)}）`;
  const sections: Section[] = [
    {
      title: `${en ? 'Open deadlines' : '待报送事项'} (${v.open.length})`,
      lines: v.open.map((l) =>
        isTargetCycle(l.cycle)
          ? en
            ? `${l.cycleName ?? l.cycle}, ${l.period}: due ${dateWithWeekday(l.due, lang)}, ${daysPhrase(l.daysLeft, lang)}`
            : `${l.cycleName ?? l.cycle}（${l.period}年度）：${dateWithWeekday(l.due, lang)}截止，${daysPhrase(l.daysLeft, lang)}`
          : en
          ? `${l.cycleName ?? l.cycle}, ${periodLabel(l.period, lang)} (${l.period}): due ${dateWithWeekday(l.due, lang)}, ${daysPhrase(l.daysLeft, lang)}${l.provisional ? ', provisional' : ''}`
          : `${periodLabel(l.period, lang)}${l.cycleName ?? l.cycle}（${l.period}）：${dateWithWeekday(l.due, lang)}截止，${daysPhrase(l.daysLeft, lang)}${l.provisional ? '，暂定' : ''}`,
      ),
    },
    // An agency with no target of its own gets no empty targets section.
    ...(v.targets.length ? [{ title: `${en ? 'Targets with no recorded outcome' : '尚未登记结果的目标'} (${v.targets.length})`, lines: targetLines(v.targets, lang) }] : []),
  ];
  return { subject, text: toText(title, sections), html: toHtml(title, sections, lang) };
}
