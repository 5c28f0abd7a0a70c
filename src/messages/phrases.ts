/**
 * Every phrase a person reads, in Chinese and English, written once (issue 10: "a wording change is one
 * line"). Composers and formatters take their words from {@link say}`(lang)`; nothing else in `src/`
 * chooses between `zh-CN` and `en`. Each entry pairs the two languages: `zh` and `en` take the same
 * arguments (already formatted facts: dates, names, counts) and return the text.
 * Pure: no clock, no I/O.
 */
import { DateTime } from 'luxon';
import type { RoundSummary } from '../digest/views.ts';
import { epochDay, weekdayOfEpochDay } from '../schedule/index.ts';
import type { Lang } from './model.ts';

/** A 2020 target's digest line: id, text, deadline, days left (worded), responsible agencies, latest progress. */
type TargetLineParts = [
  id: string,
  text: string,
  deadline: string,
  days: string,
  responsible: string,
  progress: string | null | undefined,
];

/** One phrase in both languages, taking the same arguments. */
function p<A extends unknown[]>(
  zh: (...a: A) => string,
  en: (...a: A) => string,
): { zh: (...a: A) => string; en: (...a: A) => string } {
  return { zh, en };
}
/** A phrase with no argument. */
function c(zh: string, en: string): { zh: () => string; en: () => string } {
  return { zh: () => zh, en: () => en };
}

const ZH_WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ZH_QUARTERS = '一二三四';
/**
 * ISO weekday (1 Monday … 7 Sunday) of a date: a `YYYY-MM-DD` calendar date by day arithmetic (issue 11:
 * every date line of every message and digest; no luxon parse), any other ISO form as luxon reads it in UTC.
 */
function isoWeekday(date: string): number {
  let day: number;
  try {
    day = epochDay(date);
  } catch {
    return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  }
  return weekdayOfEpochDay(day);
}
const s = (n: number, one: string, many: string) => (n === 1 ? one : many);
/** What a `/pprd` command typed wrong: a bad period, no agency, a bad task id, bad days, submit's usage, an unknown subcommand. */
export type CommandProblem = 'period' | 'agency' | 'task' | 'days' | 'usage' | 'submitPeriod' | 'unknown';
const ZH_SUBMIT_USAGE = '用法：`/pprd 报送 周期 期次 [单位]`，例如 `/pprd 报送 half-yearly 2026H1`';
const EN_SUBMIT_USAGE = 'Usage: `/pprd submit CYCLE PERIOD [AGENCY]`, e.g. `/pprd submit half-yearly 2026H1`';
/** The word for a date computed on a year without published holidays; its forms below only punctuate it. */
const PROVISIONAL = { zh: '暂定', en: 'provisional' };

const PHRASES = {
  // ---------------------------------------------------------------- dates, periods, counts
  /** Weekday of a `YYYY-MM-DD` date. */
  weekday: p(
    (date: string) => ZH_WEEKDAYS[isoWeekday(date) - 1],
    (date: string) => EN_WEEKDAYS[isoWeekday(date) - 1],
  ),
  /** `2020-06-30（星期二）` / `Tuesday 2020-06-30`. */
  dateWithWeekday: p(
    (date: string, weekday: string) => `${date}（${weekday}）`,
    (date: string, weekday: string) => `${weekday} ${date}`,
  ),
  halfYear: p(
    (year: string, half: 1 | 2) => `${year}年${half === 1 ? '上' : '下'}半年`,
    (year: string, half: 1 | 2) => `${half === 1 ? 'first' : 'second'} half of ${year}`,
  ),
  quarter: p(
    (year: string, q: number) => `${year}年第${ZH_QUARTERS[q - 1]}季度`,
    (year: string, q: number) => `Q${q} ${year}`,
  ),
  month: p(
    (year: string, month: number) => `${year}年${month}月`,
    (year: string, month: number) =>
      DateTime.fromObject({ year: Number(year), month }, { zone: 'UTC' })
        .setLocale('en')
        .toFormat('LLLL yyyy'),
  ),
  year: p(
    (year: string) => `${year}年度`,
    (year: string) => year,
  ),
  /** Days left or overdue: `还有 7 天` / `今天到期` / `已逾期 3 天`. */
  days: p(
    (left: number) => (left > 0 ? `还有 ${left} 天` : left === 0 ? '今天到期' : `已逾期 ${-left} 天`),
    (left: number) =>
      left > 0
        ? `${left} ${s(left, 'day', 'days')} left`
        : left === 0
          ? 'due today'
          : `${-left} ${s(-left, 'day', 'days')} overdue`,
  ),
  /** A target's deadline: days left, or how long ago it passed. */
  targetWhen: p(
    (left: number, days: string) => (left >= 0 ? days : `已过期限 ${-left} 天`),
    (left: number, days: string) => (left >= 0 ? days : `past deadline by ${-left} days`),
  ),
  /** A target whose deadline lies before the deployment (no outcome): neither open nor overdue. */
  targetBeforeDeployment: c('部署前（未跟踪）', 'before deployment (not tracked)'),
  /** Separator of names in a list. */
  sep: c('、', ', '),
  /** What stands for the items a size limit left out (Slack). */
  more: p(
    (n: number) => `…等另外 ${n} 个`,
    (n: number) => `…and ${n} more`,
  ),
  /** What stands for the lines a robot's size limit left out. */
  moreLines: p(
    (n: number) => `…及其他${n}项`,
    (n: number) => `…and ${n} more`,
  ),
  none: c('无', 'none'),
  /** An empty list in Slack. */
  noneItalic: c('_无_', '_none_'),

  // ---------------------------------------------------------------- report names
  /**
   * The one name of a 2020 target's progress report: `2020年目标（T5）进展报告`. `forSubject`: the target
   * spelt without Latin capitals (`2020年目标5进展报告`), since a Chinese subject whose only Latin letters
   * are capitals (`T5`, `H1`) scores as all-capitals in spam filters (rspamd SUBJ_ALL_CAPS).
   */
  targetReport: p(
    (id: string, forSubject: boolean) =>
      forSubject ? `2020年目标${id.replace(/^T/, '')}进展报告` : `2020年目标（${id}）进展报告`,
    (id: string, _forSubject: boolean) => `progress report on 2020 target ${id}`,
  ),
  /**
   * A report for a period: `2020年上半年泛珠合作事项半年报送`, a target's `2020年目标（T5）进展报告（2020年度）`
   * (the period after the name: the name starts with a year of its own).
   */
  reportFor: p(
    (name: string, period: string, nameFirst: boolean) => (nameFirst ? `${name}（${period}）` : `${period}${name}`),
    (name: string, period: string, _nameFirst: boolean) => `${name}, ${period}`,
  ),
  provisionalFlag: c(PROVISIONAL.zh, PROVISIONAL.en),
  /** After a date in running text: `，暂定`. */
  provisionalInline: c(`，${PROVISIONAL.zh}`, `, ${PROVISIONAL.en}`),
  /** After a date in a subject or heading: `（暂定）`. */
  provisionalSuffix: c(`（${PROVISIONAL.zh}）`, ` (${PROVISIONAL.en})`),
  escalatedFlag: c('已督办', 'escalated'),

  // ---------------------------------------------------------------- letters
  greeting: p(
    (name: string) => `${name}：`,
    (name: string) => `Dear ${name},`,
  ),
  signature: p(
    (submitTo: string) => `——泛珠合作报送提醒（${submitTo}）`,
    (submitTo: string) => `— pprd-reminder, for ${submitTo}`,
  ),
  /** The closing line of every email: how to reach a person (config `office.contact`). */
  reachPerson: p(
    (contact: string) => `如需联系工作人员：${contact}（也可直接回复本邮件）。`,
    (contact: string) => `To reach a person: ${contact} (or reply to this email).`,
  ),
  /** A message sent by catch-up: when it was planned. `what`: reminder, escalation or digest. */
  late: p(
    (what: 'reminder' | 'escalation' | 'digest', planned: string) =>
      `${{ reminder: '本提醒', escalation: '本督办提醒', digest: '本汇总' }[what]}原定于 ${planned} 发送，因提醒服务中断，现补发。`,
    (what: 'reminder' | 'escalation' | 'digest', planned: string) =>
      `This ${what} was planned for ${planned} and is sent late, after an interruption of the reminder service.`,
  ),
  lateTag: c('【补发】', '[late] '),
  /** Why a date is provisional: `years` the years without published holidays, e.g. `2027年`. */
  provisionalNote: p(
    (years: string) => `${PROVISIONAL.zh}：${years}节假日安排尚未公布，日期按周一至周五工作日推算，可能调整。`,
    (years: string) =>
      `Provisional: the official holiday calendar for ${years} is not published yet; dates assume Monday-Friday working days and may move.`,
  ),
  provisionalYear: p(
    (year: string) => `${year}年`,
    (year: string) => year,
  ),

  // ---------------------------------------------------------------- reminders
  tag: p(
    (escalation: boolean) => (escalation ? '【泛珠合作·督办】' : '【泛珠合作】'),
    (escalation: boolean) => (escalation ? '[PPRD escalation] ' : '[PPRD] '),
  ),
  reminderSubject: p(
    (what: string, days: string, due: string, weekday: string, provisional: string) =>
      `${what}：${days}（${due} ${weekday}截止${provisional}）`,
    (what: string, days: string, due: string, weekday: string, provisional: string) =>
      `${what}: ${days} (due ${weekday} ${due}${provisional})`,
  ),
  escalationSubject: p(
    (agency: string, what: string, days: string) => `${agency}未报送${what}（${days}）`,
    (agency: string, what: string, days: string) => `${agency} has not submitted: ${what} (${days})`,
  ),
  /** Slack header of a reminder. */
  reminderTitle: p(
    (kind: 'before' | 'overdue' | 'escalation', name: string, period: string) =>
      `${{ before: '报送提醒：', overdue: '逾期提醒：', escalation: '督办：' }[kind]}${name} ${period}${kind === 'escalation' ? ' 未报送' : ''}`,
    (kind: 'before' | 'overdue' | 'escalation', name: string, period: string) =>
      `${{ before: 'Reminder', overdue: 'Overdue', escalation: 'Not submitted' }[kind]}: ${name} ${period}`,
  ),
  factAgency: c('报送单位：', 'Agency: '),
  factReport: c('报送事项：', 'Report: '),
  factTarget: c('目标：', 'Target: '),
  factPeriod: c('报送期次：', 'Period: '),
  factSubmitTo: c('报送对象：', 'Submit to: '),
  factDue: p(
    (dueText: string, days: string) => `截止日期：${dueText}，${days}`,
    (dueText: string, days: string) => `Due date: ${dueText} — ${days}`,
  ),
  periodWithId: p(
    (label: string, id: string) => `${label}（${id}）`,
    (label: string, id: string) => `${label} (${id})`,
  ),
  tasksIntro: p(
    (document: string) => `贵单位在${document}中承担的任务：`,
    (document: string) => `Your agency's tasks in ${document}:`,
  ),
  /** The task(s) behind a target, in a target progress request. */
  targetTasksIntro: p(
    (document: string) => `该目标在${document}中所属的任务：`,
    (document: string) => `The task of ${document} this target belongs to:`,
  ),
  taskItem: p(
    (id: string, title: string, lead: boolean) => `任务${id} ${title}（${lead ? '牵头' : '配合'}）`,
    (id: string, title: string, lead: boolean) => `Task ${id} ${title} (${lead ? 'lead' : 'support'})`,
  ),
  calendarFeedIntro: c(
    '在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：',
    "Subscribe to your agency's deadlines in your calendar program (your personal link, do not forward it):",
  ),
  calendarFeed: c('报送日历', 'Calendar feed'),
  markByLink: c(
    '报送后，请打开您的个人链接，点击「已报送 / Mark submitted」，即登记为已报送，提醒随即停止。',
    'When it has been submitted, open your personal link and press "已报送 / Mark submitted": it is recorded at once and the reminders stop.',
  ),
  orTell: p(
    (submitTo: string) => `也可告知${submitTo}代为登记。`,
    (submitTo: string) => `Or tell ${submitTo}, who records it.`,
  ),
  tell: p(
    (submitTo: string) => `报送后，请告知${submitTo}登记为已报送，提醒即停止。`,
    (submitTo: string) => `When it has been submitted, tell ${submitTo} so that it is recorded and the reminders stop.`,
  ),
  orSlackButton: c(
    '也可在 Slack 提醒消息中点击「已报送 / Mark submitted」按钮。',
    'Or press "已报送 / Mark submitted" on the Slack reminder.',
  ),
  /** Slack: how to mark a reminder submitted. */
  chatMark: p(
    (cycle: string, period: string) =>
      `报送后请点击「已报送」（或输入 \`/pprd 报送 ${cycle} ${period}\`），所有渠道的提醒随即停止。`,
    (cycle: string, period: string) =>
      `Once sent, click *Mark submitted* (or \`/pprd submit ${cycle} ${period}\`); reminders then stop on every channel.`,
  ),
  // ---------------------------------------------------------------- CLI tables (`pprd preview`, `pprd deadlines`)
  previewHeader: c('日期|时间|类型|偏移|单位|周期|期次|截止日期|', 'date|time|kind|offset|agency|cycle|period|due|'),
  reminderKind: p(
    (kind: 'before' | 'due' | 'overdue' | 'escalation') =>
      ({ before: '提前提醒', due: '到期提醒', overdue: '逾期提醒', escalation: '督办' })[kind],
    (kind: 'before' | 'due' | 'overdue' | 'escalation') => kind,
  ),
  /** `pprd preview`/`pprd deadlines` (stderr): `year` has no holiday data; `file` the pprd.yaml to add it to. */
  provisionalWarning: p(
    (year: number, file: string) =>
      `警告：${year} 年尚无节假日数据，其日期按周一至周五（除元旦、劳动节、国庆节）推算（${PROVISIONAL.zh}）— 处理：${year} 年节假日安排公布后，在 ${file} 的 holidays 中添加 ${year}`,
    (year: number, file: string) =>
      `warning: ${year} has no holiday data; its dates are planned Monday-Friday less the fixed-date holidays (${PROVISIONAL.en}) — fix: add ${year} under holidays in ${file} once its arrangement is published`,
  ),
  /** `pprd status --xlsx FILE` (stderr): the 报送情况统计表 written, with its rounds and cells. */
  xlsxWritten: p(
    (file: string, rounds: number, cells: number) => `已写入 ${file}：${rounds} 轮，${cells} 个单元格`,
    (file: string, rounds: number, cells: number) =>
      `wrote ${file}: ${rounds} ${s(rounds, 'round', 'rounds')}, ${cells} ${s(cells, 'cell', 'cells')}`,
  ),
  remindersCount: p(
    (n: number) => `共 ${n} 条提醒`,
    (n: number) => `${n} ${s(n, 'reminder', 'reminders')}`,
  ),
  noReminders: p(
    (from: string, to: string) => `${from} 至 ${to} 没有计划中的提醒`,
    (from: string, to: string) => `no reminders planned from ${from} to ${to}`,
  ),
  deadlinesHeader: c('截止日期|状态|天数|单位|周期|期次|', 'due|state|days|agency|cycle|period|'),
  occurrenceState: p(
    (state: string) =>
      ({ open: '待报送', overdue: '已逾期', submitted: '已报送', excused: '免报', 'before-deployment': '部署前' })[
        state
      ] ?? state,
    (state: string) => state,
  ),
  /** Days left or overdue in a table cell. */
  daysCell: p(
    (left: number) => (left < 0 ? `逾期 ${-left} 天` : `剩 ${left} 天`),
    (left: number) => (left < 0 ? `${-left} overdue` : `${left} left`),
  ),
  statedOnDayOff: p(
    (stated: string) => `原定 ${stated} 为休息日，顺延至下一个工作日`,
    (stated: string) => `stated ${stated}, a day off: next working day`,
  ),
  extendedFrom: p(
    (from: string) => `由 ${from} 延期`,
    (from: string) => `extended from ${from}`,
  ),
  openSummary: p(
    (open: number, overdue: number, today: string) => `截至 ${today}：待报送 ${open} 项（已逾期 ${overdue} 项）`,
    (open: number, overdue: number, today: string) => `${open} open (${overdue} overdue) as of ${today}`,
  ),
  unscheduledLine: p(
    (id: string, name: string, source: string) => `${id}（${name}，${source}）：未设定报送日期`,
    (id: string, name: string, source: string) => `${id} (${name}, ${source}): no schedule set`,
  ),
  targetOpenLine: p(
    (id: string, deadline: string, days: string, text: string) => `  ${id} ${deadline} ${days}：${text}`,
    (id: string, deadline: string, days: string, text: string) => `  ${id} ${deadline} ${days}: ${text}`,
  ),

  // ---------------------------------------------------------------- web board pages (src/web/pages.ts)
  webNavBoard: c('报送看板', 'Board'),
  webNavDeliveries: c('投递问题', 'Deliveries'),
  webNavExcel: c('导出 Excel', 'Excel'),
  webCoordinatorMark: c('（省泛珠办）', ' (coordinator)'),
  webSiteName: c('泛珠合作报送', 'PPRD reports'),
  web401: c('链接无效或已过期', 'This link is not valid or has expired'),
  web403: c('无权查看或操作', 'Not allowed'),
  web404: c('未找到', 'Not found'),
  web400: c('请求有误', 'Bad request'),
  web401Detail: c(
    '请使用提醒邮件中的个人链接打开本页；链接过期后，请向省泛珠办索取新链接。',
    'Open this page with the personal link of your reminder email; when it has expired, ask 省泛珠办 for a new one.',
  ),
  web403Detail: c('您的链接只能查看和报送本单位的事项。', 'Your link shows and acts for your own agency only.'),
  web404Detail: c('没有这个页面。', 'There is no such page.'),
  web400Detail: c('请求内容不完整。', 'The request is incomplete.'),
  webNoContact: c('无联络人', 'no contact'),
  webDueWord: c('截止', 'due'),
  webBeforeDeploymentRound: c('，部署前的期次', ', before deployment'),
  webFilterCycle: c('报送事项', 'Cycle'),
  webAll: c('全部', 'all'),
  webPeriod: c('期次', 'Period'),
  webCurrentAndRecent: c('当前及近期', 'current and recent'),
  webAgency: c('单位', 'Agency'),
  webState: c('状态', 'State'),
  webFilter: c('筛选', 'Filter'),
  webNoRound: c('没有符合条件的期次。', 'No round matches.'),
  webBoardTitle: c('报送看板', 'Reporting board'),
  webReminderSent: c('发送提醒', 'reminder sent'),
  webExcusedEvent: c('免报', 'excused'),
  webSubmittedEvent: c('已报送', 'submitted'),
  webNothingRecorded: c('暂无记录。', 'Nothing recorded yet.'),
  webAlready: c('此前已登记为已报送，无需重复操作。', 'This was already recorded as submitted.'),
  webExcusedDone: c('已登记为免报。', 'Recorded as excused.'),
  webCoordinatorActions: c('协调人操作', 'Coordinator actions'),
  webExtendTo: c('延期至', 'Extend to'),
  webExtend: c('延期', 'Extend'),
  webExcuse: c('免报', 'Excuse'),
  webReport: c('报送事项', 'Report'),
  webSubmitTo: c('报送对象', 'Submit to'),
  webDueDate: c('截止日期', 'Due'),
  webHistory: c('记录', 'History'),
  webTasksLed: c('牵头任务', 'Tasks it leads'),
  webTasksSupported: c('配合任务', 'Tasks it supports'),
  webDeadlinesAndHistory: c('报送期限与记录', 'Deadlines and history'),
  webCalendarIntro: c(
    '在日历程序中订阅本单位的报送期限（个人链接，请勿转发）：',
    "Subscribe to the agency's deadlines in your calendar program (your personal link, do not forward it):",
  ),
  webDueColumn: c('截止', 'Due'),
  webLead: c('牵头：', 'Lead: '),
  webNotNamed: c('未写明', 'not named'),
  webSupport: c('配合：', 'Support: '),
  webDeadline: c('期限', 'deadline'),
  webGeneralGoal: c('总体目标', 'general goal'),
  webNoneYet: c('暂无', 'none'),
  webNotRecorded: c('未登记', 'not recorded'),
  webTarget: c('目标', 'Target'),
  webResponsible: c('责任单位', 'Responsible'),
  webProgressByYear: c('年度进展', 'Progress by year'),
  webOutcome: c('结果', 'Outcome'),
  webWhat: c('内容', 'What'),
  webChannel: c('渠道', 'Channel'),
  webRecipient: c('收件人', 'Recipient'),
  webReason: c('原因', 'Reason'),
  webNoFailed: c('没有失败的投递。', 'No failed deliveries.'),
  webDeliveriesTitle: c('投递问题', 'Failed deliveries'),
  webDueOn: p(
    (due: string) => `截止 ${due}`,
    (due: string) => `due ${due}`,
  ),
  webMovedTo: p(
    (due: string) => `延至 ${due}`,
    (due: string) => `moved to ${due}`,
  ),
  webOverdueCount: p(
    (n: number) => `，逾期 ${n}`,
    (n: number) => `, ${n} overdue`,
  ),
  webEscalatedCount: p(
    (n: number) => `，已督办 ${n}`,
    (n: number) => `, ${n} escalated`,
  ),
  webAsOf: p(
    (date: string) => `截至 ${date}`,
    (date: string) => `As of ${date}`,
  ),
  webExtendedTo: p(
    (to: string) => `延期至 ${to}`,
    (to: string) => `extended to ${to}`,
  ),
  webSubmittedDone: p(
    (agency: string, period: string, cycleName: string) =>
      `已登记为已报送：${agency}，${period}${cycleName}。此后不再发送提醒。`,
    (agency: string, period: string, cycleName: string) =>
      `Recorded as submitted: ${agency}, ${cycleName}, ${period}. No more reminders will be sent.`,
  ),
  webExtendedDone: p(
    (due: string) => `截止日期已改为 ${due}。`,
    (due: string) => `The due date is now ${due}.`,
  ),
  webWas: p(
    (due: string) => `（原为 ${due}）`,
    (due: string) => ` (was ${due})`,
  ),
  webTask: p(
    (id: string) => `任务${id}`,
    (id: string) => `Task ${id}`,
  ),
  webTaskTitle: p(
    (id: string, title: string) => `任务${id} ${title}`,
    (id: string, title: string) => `Task ${id}: ${title}`,
  ),
  webOutcomeName: p(
    (outcome: string) => ({ achieved: '已实现', partly: '部分实现', missed: '未实现' })[outcome] ?? outcome,
    (outcome: string) => ({ achieved: 'achieved', partly: 'partly achieved', missed: 'missed' })[outcome] ?? outcome,
  ),
  webCellState: p(
    (state: string) =>
      ({
        overdue: '逾期',
        'due-soon': '即将到期',
        open: '未到期',
        extended: '已延期',
        submitted: '已报送',
        excused: '已免报',
        history: '部署前未登记',
      })[state] ?? state,
    (state: string) =>
      ({
        overdue: 'overdue',
        'due-soon': 'due soon',
        open: 'open',
        extended: 'extended',
        submitted: 'submitted',
        excused: 'excused',
        history: 'before deployment, not recorded',
      })[state] ?? state,
  ),
  webVia: p(
    (via: string) => ({ cli: '命令行', slack: 'Slack', web: '网页', email: '邮件' })[via] ?? via,
    (via: string) => ({ cli: 'CLI', slack: 'Slack', web: 'web', email: 'email' })[via] ?? via,
  ),
  /** The link to the page in the other language. */
  webOtherLanguage: c('English', '中文'),
  /** Between an occurrence page's period and cycle name in its title. */
  webPeriodNameSep: c('', ' '),

  webNoLinks: c(
    '本服务器未配置个人链接（PPRD_LINK_SECRET）。',
    'Links are not set up on this server (PPRD_LINK_SECRET).',
  ),
  webFormExpired: c('表单已失效，请重新打开页面后再试。', 'The form has expired; open the page again and retry.'),

  // ---------------------------------------------------------------- Excel export (`pprd status --xlsx`, /export/status.xlsx)
  xlsxSheets: c('报送情况统计表|汇总|逾期明细', 'Reports by round|Summary|Overdue details'),
  xlsxSummaryHeader: c(
    '报送事项|期次|截止日期|已报送|应报送|逾期|已督办',
    'Cycle|Period|Due|Submitted|Total|Overdue|Escalated',
  ),
  xlsxOverdueHeader: c(
    '单位|报送事项|期次|截止日期|逾期|已督办|联络人',
    'Agency|Cycle|Period|Due|Overdue|Escalated|Contacts',
  ),
  yesNo: p(
    (yes: boolean) => (yes ? '是' : '否'),
    (yes: boolean) => (yes ? 'yes' : 'no'),
  ),

  // ---------------------------------------------------------------- calendar feed (iCalendar)
  feedName: p(
    (agency: string) => `${agency} 报送截止日期`,
    (agency: string) => `${agency}: reporting deadlines`,
  ),
  feedClosed: p(
    (state: 'submitted' | 'excused' | 'before-deployment') =>
      ({ submitted: '（已报送）', excused: '（已免报）', 'before-deployment': '（部署前）' })[state],
    (state: 'submitted' | 'excused' | 'before-deployment') =>
      ({ submitted: '(submitted) ', excused: '(excused) ', 'before-deployment': '(before deployment) ' })[state],
  ),
  // A calendar event names its period as the email's subject does (`2020年上半年`, not `2020H1`).
  feedTitle: p(
    (closed: string, name: string, period: string) => `${closed}${name} ${periodLabel(period, 'zh-CN')} 截止`,
    (closed: string, name: string, period: string) => `${closed}${name} (${periodLabel(period, 'en')}) due`,
  ),
  feedDescription: p(
    (agency: string, name: string, period: string, submitTo: string, due: string) =>
      `${agency}：${name}（${periodLabel(period, 'zh-CN')}）报送${submitTo}，截止 ${due}。`,
    (agency: string, name: string, period: string, submitTo: string, due: string) =>
      `${agency}: ${name} (${periodLabel(period, 'en')}) to ${submitTo}, due ${due}.`,
  ),
  personalLink: c('已报送 / Mark submitted', '已报送 / Mark submitted'),
  buttonSubmit: c('已报送 / Mark submitted', '已报送 / Mark submitted'),
  buttonDetails: c('详情 / Details', '详情 / Details'),

  // ---------------------------------------------------------------- escalations
  notSubmitted: p(
    (agency: string, submitTo: string, what: string, _report: string, _period: string) =>
      `${agency}尚未向${submitTo}报送${what}。`,
    (agency: string, submitTo: string, _what: string, report: string, period: string) =>
      `${agency} has not yet submitted its ${report} for the ${period} to ${submitTo}.`,
  ),
  dueDateSentence: p(
    (dueText: string, days: string) => `截止日期：${dueText}，${days}。`,
    (dueText: string, days: string) => `Due date: ${dueText} (${days}).`,
  ),
  contactsOf: p(
    (agency: string) => `${agency}联络人：`,
    (agency: string) => `Contacts of ${agency}:`,
  ),
  noContacts: c('config/contacts.yaml 中没有联络人', 'none in config/contacts.yaml'),
  boardOccurrence: c('在看板查看并登记：', 'See it and record it on the board:'),
  openOccurrence: c('打开报送页面', 'Open the report on the board'),
  recordWith: c('收到报送后，请用以下命令登记：', 'When the report arrives, record it with:'),
  /** `N 个单位逾期 5 个工作日仍未报送`. */
  escalationHeadline: p(
    (n: number, workingDays: number) => `以下 ${n} 个单位逾期 ${workingDays} 个工作日仍未报送`,
    (n: number, workingDays: number) =>
      `${n} ${s(n, 'agency has', 'agencies have')} not submitted ${workingDays} working ${s(workingDays, 'day', 'days')} after the due date`,
  ),
  escalationTitle: p(
    (what: string, headline: string) => `${what}：${headline}`,
    (what: string, headline: string) => `${what}: ${headline}`,
  ),
  /** `what`: the report for its period (`2020年上半年泛珠合作事项半年报送`); `periodId` (`2020H1`) is added unless it is a year already in `what`. */
  escalationIntro: p(
    (
      n: number,
      workingDays: number,
      submitTo: string,
      what: string,
      _name: string,
      _label: string,
      periodId: string | null,
    ) =>
      `以下 ${n} 个单位逾期 ${workingDays} 个工作日仍未向${submitTo}报送${what}${periodId ? `（${periodId}）` : ''}：`,
    (
      n: number,
      workingDays: number,
      submitTo: string,
      _what: string,
      name: string,
      label: string,
      periodId: string | null,
    ) =>
      `The following ${n} ${s(n, 'agency has', 'agencies have')} not yet submitted the ${name} for the ${label}${periodId ? ` (${periodId})` : ''} to ${submitTo}, ${workingDays} working ${s(workingDays, 'day', 'days')} after the due date:`,
  ),
  /** A folded escalation's subject after the tags. */
  foldSubject: p(
    (what: string, _nameAndPeriod: string, headline: string) => `${what}：${headline}`,
    (_what: string, nameAndPeriod: string, headline: string) => `${nameAndPeriod}: ${headline}`,
  ),
  escalationLine: p(
    (dueText: string, provisional: string, days: string, contacts: string) =>
      ` — 截止 ${dueText}${provisional}，${days}；联络人：${contacts}`,
    (dueText: string, provisional: string, days: string, contacts: string) =>
      ` — due ${dueText}${provisional}, ${days}; contacts: ${contacts}`,
  ),
  boardRound: c(
    '在看板查看本期报送情况，可登记已报送、延期或免报：',
    'The round on the board, where you can mark a report submitted, extend or excuse it:',
  ),
  openBoard: c('打开报送看板', 'Open the board'),
  recordAgencyWith: c(
    '收到报送后，请用以下命令登记（<单位> 换成上列单位名称）：',
    'When a report arrives, record it with (the agency as listed above):',
  ),
  /** The `<单位>` placeholder of the command. */
  agencyPlaceholder: c('<单位>', '<单位>'),
  chatRecord: p(
    (cycle: string, period: string) =>
      `收到报送后请输入 \`/pprd 报送 ${cycle} ${period} 单位\` 登记，该单位的提醒随即停止。`,
    (cycle: string, period: string) =>
      `When a report arrives: \`/pprd submit ${cycle} ${period} AGENCY\` — reminders for it then stop on every channel.`,
  ),
  /** A robot's link to the board. */
  robotOccurrenceLink: c('打开报送页面，报送后点“已报送”', 'Open the report; once sent, press "Mark submitted"'),
  /** A robot's link to the whole board. */
  openReportingBoard: c('打开报送看板', 'Open the reporting board'),

  // ---------------------------------------------------------------- one message a day (issue 14 item 2)
  /** Subject of a day's bundle: the most urgent item's subject and how many more. */
  bundleSubject: p(
    (first: string, more: number) => `${first}（另有${more}项）`,
    (first: string, more: number) => `${first} (and ${more} more)`,
  ),
  /** Title of a bundle, over the list of its items' subjects. */
  bundleIntro: p(
    (n: number) => `今天有 ${n} 项需要您处理（最紧急的在前）：`,
    (n: number) => `${n} items for you today (most urgent first):`,
  ),
  /** The line opening item `i` of `n` in a bundle. */
  bundleItem: p(
    (i: number, n: number, subject: string) => `————（${i}/${n}）${subject}`,
    (i: number, n: number, subject: string) => `---- (${i}/${n}) ${subject}`,
  ),
  // ---------------------------------------------------------------- digests and status
  digestTag: c('【泛珠合作】', '[PPRD] '),
  weeklySubject: p(
    (asOf: string, overdue: number, window: number, dueSoon: number) =>
      `每周汇总 ${asOf}：逾期 ${overdue} 项，${window} 天内到期 ${dueSoon} 项`,
    (asOf: string, overdue: number, window: number, dueSoon: number) =>
      `Weekly digest ${asOf}: ${overdue} overdue, ${dueSoon} due within ${window} days`,
  ),
  weeklyTitle: p(
    (date: string) => `泛珠合作报送每周汇总（${date}）`,
    (date: string) => `PPRD weekly digest, ${date}`,
  ),
  agencySubject: p(
    (agency: string, asOf: string, open: number) => `${agency}月度提醒 ${asOf}：待报送 ${open} 项`,
    (agency: string, asOf: string, open: number) =>
      `${agency}: ${open} open ${s(open, 'deadline', 'deadlines')} as of ${asOf}`,
  ),
  agencyTitle: p(
    (agency: string, date: string) => `${agency}月度汇总（${date}）`,
    (agency: string, date: string) => `${agency}: monthly digest, ${date}`,
  ),
  statusTitle: p(
    (date: string) => `泛珠合作报送状态（截至 ${date}）`,
    (date: string) => `PPRD reporting status as of ${date}`,
  ),
  roundHeading: p(
    (name: string, label: string, period: string, due: string, provisional: string) =>
      `${name} — ${label} (${period}), 截止 ${due}${provisional}`,
    (name: string, label: string, period: string, due: string, provisional: string) =>
      `${name} — ${label} (${period}), due ${due}${provisional}`,
  ),
  roundSubmitted: p(
    (n: number, of: number) => `已报送 ${n} / ${of}`,
    (n: number, of: number) => `submitted ${n} of ${of}`,
  ),
  missing: c('未报送', 'missing'),
  overdue: c('已逾期', 'overdue'),
  escalated: c('已督办', 'escalated'),
  beforeDeploymentCount: p(
    (n: number) => `部署前（未跟踪）：${n}`,
    (n: number) => `before deployment (not tracked): ${n}`,
  ),
  beforeDeploymentHeading: c('部署前的轮次', 'Before deployment'),
  /** `泛珠合作事项半年报送 2017H1–2026H1：19 轮为部署前（1196 项不跟踪、不计逾期）`. */
  beforeDeployment: p(
    (name: string, range: string, rounds: number, occurrences: number) =>
      `${name} ${range}：${rounds} 轮为部署前（${occurrences} 项不跟踪、不计逾期）`,
    (name: string, range: string, rounds: number, occurrences: number) =>
      `${name} ${range}: ${rounds} ${s(rounds, 'round', 'rounds')} before deployment (${occurrences} reports not tracked, not overdue)`,
  ),
  noSchedule: c('未设定报送日期', 'No schedule set'),
  overdueHeading: c('逾期未报送', 'Overdue'),
  dueWithin: p(
    (days: number) => `${days} 天内到期`,
    (days: number) => `Due in the next ${days} days`,
  ),
  escalationsHeading: c('督办', 'Escalations'),
  openTargetsHeading: c('尚未登记结果的2020年目标', '2020 targets with no recorded outcome'),
  agencyTargetsHeading: c('尚未登记结果的目标', 'Targets with no recorded outcome'),
  openDeadlines: c('待报送事项', 'Open deadlines'),
  failedHeading: c('发送失败及无联络人的单位', 'Failed deliveries and agencies with no contact'),
  provisionalYearsHeading: c('暂定日历年份', 'Provisional calendar years'),
  provisionalYears: p(
    (years: string) => `${years}：尚无官方节假日数据，日期按周一至周五推算（可在 config/pprd.yaml 的 holidays 中补充）`,
    (years: string) =>
      `${years}: no official holiday data yet; dates assume Monday-Friday (add the year under holidays in config/pprd.yaml)`,
  ),
  /** A titled heading with a count: `逾期未报送 (3)`. */
  counted: p(
    (heading: string, n: number) => `${heading} (${n})`,
    (heading: string, n: number) => `${heading} (${n})`,
  ),
  /** A group of occurrences of one round in a digest list. */
  groupLine: p(
    (what: string, due: string, days: string, provisional: string, allEscalated: boolean, n: number) =>
      `${what}（截止 ${due}${days ? `，${days}` : ''}${provisional}${allEscalated ? '，均已督办' : ''}）${n} 个：`,
    (what: string, due: string, days: string, provisional: string, allEscalated: boolean, n: number) =>
      `${what} (due ${due}${days ? `, ${days}` : ''}${provisional}${allEscalated ? ', all escalated' : ''}) — ${n}: `,
  ),
  escalatedMark: c('（已督办）', ' (escalated)'),
  /** `2019H2 泛珠合作事项半年报送` (a target: `2020年目标（T5）进展报告 2020`). */
  roundName: p(
    (name: string, period: string, nameFirst: boolean) => (nameFirst ? `${name} ${period}` : `${period} ${name}`),
    (name: string, period: string, nameFirst: boolean) => (nameFirst ? `${name} ${period}` : `${period} ${name}`),
  ),
  targetDigestLine: p(
    (...[id, text, deadline, days, responsible, progress]: TargetLineParts) =>
      `${id} ${text}（期限 ${deadline}，${days}${responsible ? `；责任单位：${responsible}` : ''}${progress ? `；最新进展：${progress}` : ''}）`,
    (...[id, text, deadline, days, responsible, progress]: TargetLineParts) =>
      `${id} ${text}（deadline ${deadline}, ${days}${responsible ? `; responsible: ${responsible}` : ''}${progress ? `; latest progress: ${progress}` : ''}）`,
  ),
  openDeadlineLine: p(
    (what: string, due: string, days: string, provisional: string) => `${what}：${due}截止，${days}${provisional}`,
    (what: string, due: string, days: string, provisional: string) => `${what}: due ${due}, ${days}${provisional}`,
  ),
  failedLine: p(
    (what: string, recipient: string, channel: string, error: string) =>
      channel === '-' ? `${what}: ${error}` : `${what} → ${recipient} [${channel}]: ${error}`,
    (what: string, recipient: string, channel: string, error: string) =>
      channel === '-' ? `${what}: ${error}` : `${what} → ${recipient} [${channel}]: ${error}`,
  ),

  // ---------------------------------------------------------------- Slack answers
  statusHeader: p(
    (asOf: string) => `报送情况 ${asOf}`,
    (asOf: string) => `Status on ${asOf}`,
  ),
  scope: c('范围: ', 'Scope: '),
  allAgencies: c('全部单位', 'all agencies'),
  noRound: c('当前没有报送轮次。', 'No current round.'),
  /** `*泛珠合作事项半年报送* 2020H1（截止 2020-06-30）：已报送 *3* / *63*` (pieces: before the counts). */
  roundDue: p(
    (period: string, due: string, provisional: string) => ` ${period}（截止 ${due}${provisional}）：已报送 `,
    (period: string, due: string, provisional: string) => ` ${period} (due ${due}${provisional}): submitted `,
  ),
  of: c(' / ', ' of '),
  beforeDeploymentShort: p(
    (n: number) => `部署前（未跟踪）：${n}`,
    (n: number) => `Before deployment: ${n}`,
  ),
  countedNames: p(
    (label: string, n: number) => `${label} (${n}): `,
    (label: string, n: number) => `${label} (${n}): `,
  ),
  /** A round in one line (the plain-text fallback of a status round). */
  roundFallback: p(
    (r: RoundSummary) =>
      `${r.cycleName} ${r.period}：已报送 ${r.submitted}/${r.total}，未报送 ${r.missing.length}，逾期 ${r.overdue.length}，已督办 ${r.escalated.length}${r.beforeDeployment ? `，部署前 ${r.beforeDeployment}` : ''}`,
    (r: RoundSummary) =>
      `${r.cycleName} ${r.period}: submitted ${r.submitted} of ${r.total}, missing ${r.missing.length}, overdue ${r.overdue.length}, escalated ${r.escalated.length}${r.beforeDeployment ? `, before deployment ${r.beforeDeployment}` : ''}`,
  ),
  overdueShort: c('逾期未报', 'Overdue'),
  /** A round of overdue occurrences in Slack, before the names. */
  overdueRound: p(
    (due: string, days: string, provisional: string, n: number, escalated: number) =>
      `（截止 ${due}，${days}${provisional}）：${n} 个单位${escalated ? `，已督办 ${escalated} 个` : ''} — `,
    (due: string, days: string, provisional: string, n: number, escalated: number) =>
      ` (due ${due}, ${days}${provisional}): ${n} ${s(n, 'agency', 'agencies')}${escalated ? `, ${escalated} escalated` : ''} — `,
  ),
  noScheduleShort: c('未设定报送时间', 'No schedule set'),
  failedShort: c('发送失败', 'Failed deliveries'),
  targetsHeader: p(
    (n: number) => `2020年目标（${n}）`,
    (n: number) => `2020 targets (${n})`,
  ),
  targetsShort: c('2020年目标', '2020 targets'),
  responsible: c('责任单位', 'Responsible'),
  group: c(' _泛指_', ' _group_'),
  leads: c('牵头任务', 'Leads'),
  supports: c('配合任务', 'Supports'),
  targets: c('目标', 'Targets'),
  openReports: c('待报送', 'Open reports'),
  agencyFallback: p(
    (led: number, supported: number, open: number) => `牵头 ${led}，配合 ${supported}，待报送 ${open}`,
    (led: number, supported: number, open: number) => `leads ${led}, supports ${supported}, open ${open}`,
  ),
  noAgency: p(
    (q: string) => `没有名为“${q}”的单位。请使用规范简称、全称或别名。`,
    (q: string) => `No agency named “${q}”. Try \`/pprd agency\` with a canonical, full or alias name.`,
  ),
  didYouMean: p(
    (q: string) => `没有名为“${q}”的单位。您是否要找：`,
    (q: string) => `No agency named “${q}”. Did you mean: `,
  ),
  question: c('？', '?'),
  assignments: c('分工', 'Assignments'),
  leadLabel: c('牵头：', 'lead: '),
  supportLabel: c('；配合：', '; support: '),
  noLead: c('（无牵头单位）', '(no lead)'),
  submittedBy: p(
    (what: string, who: string, at: string) => `✅ ${what}：已由 ${who} 于 ${at} 标记为已报送，不再提醒。`,
    (what: string, who: string, at: string) =>
      `✅ ${what}: marked submitted by ${who} at ${at}. No more reminders for it.`,
  ),
  help: p(
    () =>
      [
        '`/pprd 状态 [期次]`（status）：各周期当前轮次报送情况',
        '`/pprd 单位 名称`（agency，亦可用「部门」）：单位的任务、目标和待报送事项',
        '`/pprd 任务 编号`（task）：任务的牵头和配合单位',
        '`/pprd 到期 [天数]`（due）：天数内到期的报送（默认 14 天）',
        '`/pprd 逾期`（overdue）：逾期未报送',
        '`/pprd 目标`（targets）：2020年目标',
        '`/pprd 报送 周期 期次 [单位]`（submit，亦可用「已报送」）：标记已报送',
        '加上 `公开`（public）可在频道内显示回答。',
      ].join('\n'),
    () =>
      [
        '`/pprd status [PERIOD]` (状态): the current round of each cycle',
        '`/pprd agency NAME` (单位/部门): an agency’s tasks, targets and open reports',
        '`/pprd task ID` (任务): a task’s lead and support agencies',
        '`/pprd due [DAYS]` (到期): reports due within DAYS (default 14)',
        '`/pprd overdue` (逾期): overdue reports',
        '`/pprd targets` (目标): the 2020 targets',
        '`/pprd submit CYCLE PERIOD [AGENCY]` (报送/已报送): mark a report submitted',
        'Add `public` (公开) to show the answer to the channel.',
      ].join('\n'),
  ),
  dueWithinSlack: p(
    (days: number) => `未来 ${days} 天到期`,
    (days: number) => `Due in the next ${days} days`,
  ),
  /** Why `/pprd …` was not understood (`got`: what was typed; `maxDays`: the longest `due` window). */
  commandProblem: p(
    (problem: CommandProblem, got: string, maxDays: number) =>
      ({
        period: `期次格式应为 2026H1、2026Q3、2026 或 2026-07，收到“${got}”`,
        agency: '请给出单位名称，例如 `/pprd 单位 省交通运输厅`',
        task: '任务编号应为 1-30 或 G1-G4，例如 `/pprd 任务 7`',
        days: `天数应为 1-${maxDays} 的整数，收到“${got}”`,
        usage: ZH_SUBMIT_USAGE,
        submitPeriod: `期次格式应为 2026H1、2026Q3、2026 或 2026-07。${ZH_SUBMIT_USAGE}`,
        unknown: `不认识的子命令“${got}”。输入 \`/pprd 帮助\` 查看用法。`,
      })[problem],
    (problem: CommandProblem, got: string, maxDays: number) =>
      ({
        period: `PERIOD should look like 2026H1, 2026Q3, 2026 or 2026-07; got "${got}"`,
        agency: 'Give an agency name, e.g. `/pprd agency 省交通运输厅`',
        task: 'Task ID should be 1-30 or G1-G4, e.g. `/pprd task 7`',
        days: `DAYS should be a whole number from 1 to ${maxDays}; got "${got}"`,
        usage: EN_SUBMIT_USAGE,
        submitPeriod: `PERIOD should look like 2026H1. ${EN_SUBMIT_USAGE}`,
        unknown: `Unknown subcommand "${got}". Type \`/pprd help\` for usage.`,
      })[problem],
  ),
  /** A `/pprd` command refused by the parser: its message in each language (parseCommand gives both). */
  commandError: p(
    (zh: string, _en: string) => zh,
    (_zh: string, en: string) => en,
  ),
  notRegistered: c(
    '您不在协调人或单位联络人名单中，暂无可显示的内容。请联系管理员在 `config/contacts.yaml` 中登记您的 Slack ID。',
    'You are not listed as a coordinator or an agency contact, so there is no board to show you. Ask an admin to add your Slack id to `config/contacts.yaml`.',
  ),
  noTask: p(
    (id: string) => `没有任务 ${id}：任务编号为 1-30 和 G1-G4。`,
    (id: string) => `No task ${id}: tasks are 1-30 and G1-G4.`,
  ),
  sayWhichAgency: c(
    '请指明单位：`/pprd 报送 周期 期次 单位`。',
    'Say which agency: `/pprd submit CYCLE PERIOD AGENCY`.',
  ),
  onlyContacts: p(
    (agency: string) => `只有${agency}的联络人或协调人可以标记其报送。未作任何记录。`,
    (agency: string) =>
      `Only ${agency}’s contacts or a coordinator can mark its report submitted. Nothing was recorded.`,
  ),
  onlyContactsButton: p(
    (agency: string) => `只有${agency}的联络人或协调人可以标记此项已报送。未作任何记录。`,
    (agency: string) =>
      `Only ${agency}’s contacts or a coordinator can mark this report submitted. Nothing was recorded.`,
  ),
  alreadySubmitted: p(
    (what: string, who: string, at: string) => `${what} 此前已由 ${who} 标记为已报送（${at}），未作改动。`,
    (what: string, who: string, at: string) =>
      `${what} was already marked submitted by ${who} (${at}). Nothing changed.`,
  ),
  commandFailed: c(
    '抱歉，处理出错，已记录日志，请稍后再试。',
    'Sorry, that failed on our side; it has been logged. Please try again later.',
  ),
  buttonFailed: c(
    '抱歉，处理出错，可能未记录，请重试。',
    'Sorry, that failed on our side; nothing may have been recorded. Please try again.',
  ),
  noReference: c('该按钮缺少报送信息。', 'This button carries no report reference.'),
  agencyGone: c('目录中已无该单位。', 'That agency is no longer in the catalog.'),
} as const;

/** The phrases in one language: `say('en').days(3)` → `3 days left`. */
export type Words = { readonly [K in keyof typeof PHRASES]: (typeof PHRASES)[K]['zh'] };

const BY_LANG = {
  zh: Object.fromEntries(Object.entries(PHRASES).map(([k, v]) => [k, v.zh])) as unknown as Words,
  en: Object.fromEntries(Object.entries(PHRASES).map(([k, v]) => [k, v.en])) as unknown as Words,
};

/** The one lookup of wording by language: Chinese unless `lang` is `en` (contacts.yaml `language`). */
export function say(lang: Lang): Words {
  return lang === 'en' ? BY_LANG.en : BY_LANG.zh;
}

/** The message language of a recipient's `language` setting: `en`, else Chinese. */
export function langOf(language: string | undefined): Lang {
  return language === 'en' ? 'en' : 'zh-CN';
}

/** `2020-06-30（星期二）` or `Tuesday 2020-06-30`. */
export function dateWithWeekday(date: string, lang: Lang): string {
  const w = say(lang);
  return w.dateWithWeekday(date, w.weekday(date));
}

/** Weekday of a calendar date `YYYY-MM-DD`: `星期二` (zh-CN) or `Tuesday` (en). Zone-free (a date has one weekday). */
export function weekdayOf(date: string, lang: Lang): string {
  return say(lang).weekday(date);
}

/**
 * Human period label: `2020H1` → `2020年上半年` / `first half of 2020`; `2026Q3` → `2026年第三季度` /
 * `Q3 2026`; `2026-07` → `2026年7月` / `July 2026`; `2026` → `2026年度` / `2026`. Unknown shapes stay as given.
 */
export function periodLabel(period: string, lang: Lang): string {
  const w = say(lang);
  let m = /^(\d{4})H([12])$/.exec(period);
  if (m) return w.halfYear(m[1], m[2] === '1' ? 1 : 2);
  m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return w.quarter(m[1], Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return w.month(m[1], Number(m[2]));
  if (/^\d{4}$/.test(period)) return w.year(period);
  return period;
}

/** Days left / overdue phrase: `还有 7 天` / `今天到期` / `已逾期 3 天`; `7 days left` / `due today` / `3 days overdue`. */
export function daysPhrase(daysLeft: number, lang: Lang): string {
  return say(lang).days(daysLeft);
}

/** The name of a 2020 target's progress report (see the `targetReport` phrase). @param id the target's id, e.g. `T5`. */
export function targetReportName(id: string, lang: Lang, forSubject = false): string {
  return say(lang).targetReport(id, forSubject);
}
