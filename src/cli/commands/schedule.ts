import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  agencySuggestions,
  type Catalog,
  createSuccession,
  didYouMean,
  findAgency,
  withSuccessors,
} from '../../catalog/index.ts';
import {
  ACCEPT_REMOVALS_FILE,
  acceptRemovals,
  CONFIG_SCHEMA_DIR,
  type Config,
  ConfigError,
  type ConfigProblem,
  configWarnings,
  droppedRecipients,
  formatProblem,
  loadConfig,
  removalsAccepted,
  writeConfigSchemas,
} from '../../config/index.ts';
import { beforeDeploymentLines, beforeDeploymentText, daysBetween, openDeadlines } from '../../digest/index.ts';
import { type Lang, say } from '../../messages/index.ts';
import {
  type Calendar,
  createCalendar,
  findPeriod,
  isTargetCycle,
  type Occurrence,
  offsetLabel,
  type Plan,
  type PlanInput,
  parseDate,
  parseInstant,
  planSchedule,
  previewReminders,
  type ScheduleRecords,
  selectAgencies,
  targetCycleId,
  targetStatuses,
} from '../../schedule/index.ts';
import { contactsInForce } from '../../service/contactsInForce.ts';
import { readSettings } from '../../settings.ts';
import {
  createScheduleRepo,
  type Db,
  loadCatalog,
  openStore,
  type ScheduleRepo,
  writeTransaction,
} from '../../store/index.ts';
import { action, CliError, noCatalog } from '../errors.ts';
import { commandNow } from '../instant.ts';
import { createProgress } from '../progress.ts';
import { cliSettings } from '../settings.ts';

/** One line per problem, as `pprd config check` prints them. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

/**
 * Loads and validates the config folder (`PPRD_CONFIG` or `config`), checking names and task ids
 * against `catalog` when given. Every command that needs the config calls this, so all refuse to
 * run on an invalid config with the messages of `pprd config check`.
 *
 * @returns the deep-frozen config.
 * @throws ConfigError `PPRD_CONFIG_INVALID` (exit 2) whose message lists every problem, one line each
 *   (`file:line field: message — fix: …`).
 */
export function requireConfig(
  options: { catalog?: Catalog; dir?: string; env?: NodeJS.ProcessEnv } = {},
): Readonly<Config> {
  const env = options.env ?? cliSettings().env;
  const { config, problems } = loadConfig(options.dir ?? readSettings(env).configDir, {
    catalog: options.catalog,
    env,
  });
  if (problems.length) {
    throw new ConfigError(
      problems,
      `invalid configuration, run \`pprd config check\` after fixing (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`,
    );
  }
  return config;
}

/**
 * The imported catalog of the store.
 * @throws CliError `NO_CATALOG` (exit 2) when nothing was imported yet.
 */
export function requireCatalog(db: Db): Catalog {
  const catalog = loadCatalog(db);
  if (!catalog) throw noCatalog(cliSettings().dbPath);
  return catalog;
}

/** Everything a schedule command works on. */
interface Context {
  db: Db;
  catalog: Catalog;
  config: Readonly<Config>;
  calendar: Calendar;
  repo: ScheduleRepo;
  /** The reference instant (ISO). */
  now: string;
  /** Path of the pprd.yaml in force (`PPRD_CONFIG`/pprd.yaml), as fixes name it. */
  pprdFile: string;
}

function openContext(nowOpt?: string): Context {
  const db = openStore(cliSettings().dbPath);
  const catalog = requireCatalog(db);
  const config = requireConfig({ catalog });
  const now = commandNow(nowOpt, config.timezone);
  return {
    db,
    catalog,
    config,
    calendar: createCalendar(config.holidays, config.timezone),
    repo: createScheduleRepo(db),
    now,
    pprdFile: join(cliSettings().configDir, 'pprd.yaml'),
  };
}

function plan(ctx: Context, extra: Partial<PlanInput> = {}, records?: ScheduleRecords): Plan {
  return planSchedule({
    catalog: ctx.catalog,
    config: ctx.config,
    calendar: ctx.calendar,
    records: records ?? ctx.repo.records(),
    now: ctx.now,
    ...extra,
  });
}

/**
 * Canonical agency name for what the user typed (canonical, full, alias, or without 省): an agency of the
 * document or a successor the directory names (issue 14 item 1: 省市场监管局 owes the rounds from 2018-10-22).
 */
function resolveAgency(ctx: Pick<Context, 'catalog' | 'config'>, name: string): string {
  const m = findAgency({ agencies: withSuccessors(ctx.catalog, ctx.config.directory) }, name);
  if (m.agency?.group)
    throw new CliError(
      'GROUP_AGENCY',
      `"${name}" names a group (${m.agency.name}), not one agency — fix: name one member agency (see \`pprd agencies\`)`,
      2,
    );
  if (m.agency) return m.agency.name;
  const hint =
    didYouMean(agencySuggestions([ctx.catalog.agencies, ctx.config.directory], name)) ??
    'see `pprd agencies` for the names';
  throw new CliError('UNKNOWN_AGENCY', `unknown agency "${name}" — fix: ${hint}`, 2);
}

/**
 * The end of the refusal when a body named has passed its duties on (issue 14 item 1): `owed by
 * HEIR since SINCE — fix: name HEIR instead (OPTION HEIR)`; one wording for `pprd submit`/`extend`/`excuse`
 * (`--agency`) and `pprd link` (`--calendar`). `since` is `YYYY-MM-DD` from config/agencies.yaml.
 */
export function passedOnFix(heir: string, since: string, option: string): string {
  return `owed by ${heir} since ${since} — fix: name ${heir} instead (${option} ${heir})`;
}

function cycleIds(ctx: Context): string[] {
  return [
    ...ctx.config.cycles.map((c) => c.id),
    ...ctx.catalog.targets.filter((t) => t.responsible.length).map((t) => targetCycleId(t.id)),
  ];
}

function checkCycle(ctx: Context, id: string): void {
  if (!cycleIds(ctx).includes(id))
    throw new CliError('UNKNOWN_CYCLE', `unknown cycle "${id}" — fix: use one of ${cycleIds(ctx).join(', ')}`, 2);
}

/** Display width: CJK and full-width characters count 2 columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** `--lang` of a table command: zh-CN or en, else the config's `language` (Chinese by default). @throws CliError BAD_LANG (exit 2) for another value. */
export function tableLang(opt: string | undefined, config: Config): Lang {
  if (opt === undefined) return config.language;
  if (opt !== 'zh-CN' && opt !== 'en') throw new CliError('BAD_LANG', `--lang "${opt}" — fix: use zh-CN or en`, 2);
  return opt;
}

/** A plain text table with a header row, columns padded by display width. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The provisional-year warnings of `pprd preview` and `pprd deadlines`, one line each, in the table's language. */
function provisionalWarnings(years: readonly number[], pprdFile: string, lang: Lang): string {
  const w = say(lang);
  return years.map((y) => `${w.provisionalWarning(y, pprdFile)}\n`).join('');
}

/** Options shared by submit, extend and excuse. */
interface RecordOptions {
  agency?: string;
  all?: boolean;
  cycle: string;
  period: string;
  at?: string;
  by?: string;
  note?: string;
  undo?: boolean;
  to?: string;
}

/** The occurrences a submit/extend/excuse command names; checks cycle, period and agency. */
function selectOccurrences(ctx: Context, o: RecordOptions): Occurrence[] {
  checkCycle(ctx, o.cycle);
  if (!o.all && !o.agency)
    throw new CliError(
      'NO_AGENCY',
      'name the agency with --agency NAME, or use --all for every agency of that period',
      2,
    );
  if (o.all && o.agency) throw new CliError('AGENCY_AND_ALL', 'use either --agency or --all, not both', 2);
  const cycle = ctx.config.cycles.find((c) => c.id === o.cycle);
  if (cycle && !cycle.due)
    throw new CliError(
      'NO_SCHEDULE',
      `cycle ${o.cycle} has no schedule set — fix: set its due dates and start in ${ctx.pprdFile} first`,
      2,
    );
  let from: string;
  if (cycle?.due) {
    const p = findPeriod(cycle.due, o.period);
    if (!p)
      throw new CliError(
        'BAD_PERIOD',
        `period "${o.period}" is not a period of ${o.cycle} — fix: write it like ${findPeriodExample(cycle.due)}`,
        2,
      );
    from = p.due;
  } else {
    if (!/^\d{4}$/.test(o.period))
      throw new CliError(
        'BAD_PERIOD',
        `period "${o.period}" is not a period of ${o.cycle} — fix: target progress periods are years, e.g. 2020`,
        2,
      );
    from = `${o.period}-01-01`;
  }
  const to = cycle ? from : `${o.period}-12-31`;
  const agency = o.agency ? resolveAgency(ctx, o.agency) : undefined;
  const occs = plan(ctx, { cycle: o.cycle, from, to, agency }).occurrences.filter((x) => x.period === o.period);
  if (!occs.length) {
    const who = agency
      ? `${agency} owes no ${o.cycle} report for ${o.period}`
      : `no agency owes a ${o.cycle} report for ${o.period}`;
    // A body whose duties passed on (issue 14 item 1): the round is its successor's — name it in the fix.
    const succession = createSuccession(ctx.config.directory);
    const passed = agency ? succession.successorOf(agency) : undefined;
    if (agency && passed) {
      const heir = succession.at(agency, '9999-12-31');
      const owed = plan(ctx, { cycle: o.cycle, from, to, agency: heir }).occurrences.find(
        (x) => x.period === o.period && (x.statedDue ?? x.due).slice(0, 10) >= passed.since,
      );
      if (owed)
        throw new CliError('NO_OCCURRENCE', `${who}: the round is ${passedOnFix(heir, passed.since, '--agency')}`, 2);
    }
    throw new CliError(
      'NO_OCCURRENCE',
      `${who} — fix: check the cycle's agencies, start and end in ${ctx.pprdFile} (see \`pprd deadlines\`)`,
      2,
    );
  }
  return occs;
}

function findPeriodExample(rule: NonNullable<Config['cycles'][number]['due']>): string {
  return findPeriod(rule, `2024H2`)
    ? '2024H2'
    : findPeriod(rule, '2024Q3')
      ? '2024Q3'
      : findPeriod(rule, '2024-07')
        ? '2024-07'
        : '2024';
}

function instantOption(value: string | undefined, flag: string, fallback: string, zone: string): string {
  return value === undefined ? fallback : parseInstant(value, flag, zone);
}

/**
 * `--undo` of submit, extend and excuse: undoes the latest `what` of each occurrence in one transaction.
 * @returns the occurrences undone and the `--json` record (`undone: true`, their agencies, who, when).
 * @throws CliError `NOTHING_TO_UNDO` (exit 2) when none of them had one.
 */
function undoEach(
  ctx: Context,
  occs: Occurrence[],
  o: RecordOptions,
  what: string,
  actor: { by: string; recordedAt: string },
  undo: (x: Occurrence) => boolean,
) {
  const undone = writeTransaction(ctx.db, () => occs.filter(undo));
  if (!undone.length)
    throw new CliError(
      'NOTHING_TO_UNDO',
      `no ${what} recorded for ${o.cycle} ${o.period}${o.agency ? ` ${occs[0].agency}` : ''}`,
      2,
    );
  return { undone, json: { undone: true, agencies: undone.map((x) => x.agency), ...actor } };
}

/**
 * `--all --undo` of submit, extend and excuse: undoes only the latest batch the same person (`--by`)
 * recorded for the period ({@link ScheduleRepo.undoBatch}); records by others (another `--by`, the web
 * board, Slack) are kept and named, to be undone one by one with `--agency NAME --undo`.
 * @returns the occurrences undone, the line naming what was kept ('' when nothing) and the `--json` record.
 * @throws CliError `NOTHING_TO_UNDO` (exit 2) when that person recorded none, naming the records kept.
 */
function undoBatch(
  ctx: Context,
  occs: Occurrence[],
  o: RecordOptions,
  what: string,
  table: 'submissions' | 'excusals' | 'extensions',
  actor: { by: string; recordedAt: string },
) {
  const r = ctx.repo.undoBatch(table, occs, actor);
  const undone = occs.filter((x) => r.undone.some((u) => u.agency === x.agency));
  const keptText = r.kept.length
    ? `kept ${r.kept.length} ${what}${r.kept.length === 1 ? '' : 's'} recorded by others (${r.kept
        .map((k) => `${k.agency} by ${k.by}${k.via && k.via !== 'cli' ? ` via ${k.via}` : ''}`)
        .join('、')}) — fix: undo one with --agency NAME --undo`
    : '';
  if (!undone.length)
    throw new CliError(
      'NOTHING_TO_UNDO',
      `no ${what} recorded by ${actor.by} for ${o.cycle} ${o.period}${keptText ? `; ${keptText}` : ''}`,
      2,
    );
  return {
    undone,
    keptText,
    json: { undone: true, agencies: undone.map((x) => x.agency), kept: r.kept, ...actor },
  };
}

/** Who records: `--by`, else `PPRD_USER`, else `USER`, else `cli` (src/settings.ts). */
const who = (by: string | undefined) => cliSettings({ by }).user;

/** Registers `config check`, `preview`, `deadlines`, `submit`, `extend`, `excuse`, `target`, `targets`. */
/** Who records and when: `--by` (else $PPRD_USER, $USER, cli) at the command's instant. */
type Actor = { by: string; recordedAt: string };
/**
 * The action of a record command (`submit`, `extend`, `excuse`). `--undo` undoes the latest `what` of each occurrence
 * with `undo` ({@link undoEach}; printed as `undone(agencies)`), `--all --undo` only the latest batch
 * recorded by the same `--by` ({@link undoBatch}); otherwise `run` records and returns the
 * line printed. With `--json` the record is printed as data instead: `{command, cycle, period, undone,
 * agencies, by, recordedAt, …}` (issue 15).
 */
function recordAction(
  name: 'submit' | 'extend' | 'excuse',
  undoing: {
    what: string;
    table: 'submissions' | 'excusals' | 'extensions';
    undo: (ctx: Context, x: Occurrence, actor: Actor) => boolean;
    text: (o: RecordOptions, undone: Occurrence[]) => string;
  },
  run: (
    ctx: Context,
    occs: Occurrence[],
    o: RecordOptions,
    actor: Actor,
  ) => { text: string; json: Record<string, unknown> },
): (o: RecordOptions & { now?: string; json?: boolean }) => Promise<void> {
  return action((o: RecordOptions & { now?: string; json?: boolean }) => {
    const ctx = openContext(o.now);
    const occs = selectOccurrences(ctx, o);
    const actor = { by: who(o.by), recordedAt: ctx.now };
    let r: { text: string; json: Record<string, unknown> };
    if (o.undo && o.all) {
      const { undone, keptText, json } = undoBatch(ctx, occs, o, undoing.what, undoing.table, actor);
      r = { text: `${undoing.text(o, undone)}${keptText ? `; ${keptText}` : ''}`, json };
    } else if (o.undo) {
      const { undone, json } = undoEach(ctx, occs, o, undoing.what, actor, (x) => undoing.undo(ctx, x, actor));
      r = { text: undoing.text(o, undone), json };
    } else r = run(ctx, occs, o, actor);
    process.stdout.write(
      o.json ? `${JSON.stringify({ command: name, cycle: o.cycle, period: o.period, ...r.json })}\n` : `${r.text}\n`,
    );
  });
}

/**
 * The schedule commands' actions, by command name (`config check` for a subcommand); declared in
 * src/cli/register/schedule.ts, which imports this module when one of them runs.
 */
export const actions = {
  'config check': action((opts: { acceptRemovals?: boolean; json?: boolean }) => {
    const dir = cliSettings().configDir;
    const dbPath = cliSettings().dbPath;
    // The catalog sharpens the checks (task ids, agency names) but is not required here.
    let catalog: Catalog | undefined;
    // The contacts the running service applies (recorded at its start and each applied reload).
    let inForce: ReturnType<typeof contactsInForce>;
    let records: ScheduleRecords | undefined;
    if (dbPath === ':memory:' || existsSync(dbPath)) {
      const db = openStore(dbPath);
      catalog = loadCatalog(db) ?? undefined;
      inForce = contactsInForce(db, dir);
      if (catalog) records = createScheduleRepo(db).records();
      db.close();
    }
    const { config: cfg, problems } = loadConfig(dir, { catalog, env: cliSettings().env });
    if (problems.length) {
      if (opts.json)
        process.stdout.write(`${JSON.stringify({ ok: false, dir, problems, warnings: [], summary: null })}\n`);
      else process.stdout.write(`${formatProblems(problems)}\n`);
      throw new ConfigError(problems, `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}/`);
    }
    const calendar = createCalendar(cfg.holidays, cfg.timezone);
    // Everyone who owes a report under a scheduled cycle or a target needs someone to remind, as of
    // today: a body with a successor owes nothing more, its successor does (issue 14 item 1).
    const today = calendar.dateOf(commandNow(undefined, cfg.timezone));
    const owing = catalog
      ? createSuccession(cfg.directory).allAt(
          [
            ...cfg.cycles.filter((c) => c.due).flatMap((c) => selectAgencies(c.agencies, catalog)),
            ...catalog.targets.flatMap((t) => t.responsible),
          ],
          today,
        )
      : undefined;
    const warnings = configWarnings(dir, cfg, {
      owing,
      targets: catalog?.targets.filter((t) => t.responsible.length).length,
      // The years of the plan `pprd status` and `pprd deadlines` show (provisionalYearsOf); it needs the catalog.
      provisionalYears: catalog
        ? planSchedule({ catalog, config: cfg, calendar, records, now: commandNow(undefined, cfg.timezone) })
            .provisionalYears
        : [],
    });
    const contacts = Object.values(cfg.contacts.agencies).reduce(
      (n, l) => n + l.length,
      cfg.contacts.coordinators.length,
    );
    const unscheduled = cfg.cycles.filter((c) => !c.due).map((c) => c.id);
    const accepted = opts.acceptRemovals ? acceptRemovals(dir) : undefined;
    // An edit the running service would refuse (reload_refused) until confirmed: say so here first.
    const held =
      inForce && owing && !accepted && !removalsAccepted(dir)
        ? droppedRecipients(dir, inForce.contacts, cfg.contacts, owing)
        : [];
    const confirm = `${dir === 'config' ? '' : `PPRD_CONFIG=${dir} `}pprd config check --accept-removals`;
    if (opts.json) {
      const summary = {
        cycles: cfg.cycles.length,
        unscheduled,
        directory: cfg.directory.length,
        contacts,
        checkedAgainst: catalog?.document.number ?? null,
      };
      process.stdout.write(
        `${JSON.stringify({ ok: true, dir, problems: [], warnings, summary, ...(accepted ? { acceptedRemovals: accepted } : {}), ...(held.length ? { refusedByService: held } : {}) })}\n`,
      );
      return;
    }
    process.stderr.write(warnings.map((w) => `warning: ${formatProblem(w)}\n`).join(''));
    process.stdout.write(
      `${join(dir, 'pprd.yaml')}, ${join(dir, 'agencies.yaml')}, ${join(dir, 'contacts.yaml')}: OK — ${cfg.cycles.length} cycles` +
        `${unscheduled.length ? ` (no schedule set: ${unscheduled.join(', ')})` : ''}, ${cfg.directory.length} agencies in the directory, ${contacts} contact${contacts === 1 ? '' : 's'}` +
        `${catalog ? `, checked against ${catalog.document.number}` : ', not checked against a catalog (run `pprd import` for that)'}\n`,
    );
    if (held.length) {
      process.stdout.write(
        `${held.map((p) => `held: ${formatProblem(p)}\n`).join('')}` +
          `not applied: the running service (contacts in force since ${inForce!.since}) will refuse this edit (reload_refused) and keep its last good config until you confirm it with \`${confirm}\`\n`,
      );
    }
    if (accepted) {
      process.stdout.write(
        `accepted: the running service applies this version of ${dir}/ even where it drops contacts or a file lacks its final line break (${join(dir, ACCEPT_REMOVALS_FILE)}, sha256 ${accepted.slice(0, 12)}…); a later edit needs a new confirmation\n`,
      );
    }
  }),

  'config schema': action((dir?: string) => {
    process.stdout.write(
      `wrote ${writeConfigSchemas(dir ?? join(cliSettings().configDir, CONFIG_SCHEMA_DIR)).join(', ')}\n`,
    );
  }),

  preview: action(
    (o: { from: string; to: string; agency?: string; cycle?: string; json?: boolean; lang?: string; now?: string }) => {
      const from = parseDate(o.from, '--from');
      const to = parseDate(o.to, '--to');
      if (to < from) throw new CliError('BAD_RANGE', `--to ${to} is before --from ${from} — fix: swap them`, 2);
      const ctx = openContext(o.now);
      if (o.cycle) checkCycle(ctx, o.cycle);
      const agency = o.agency ? resolveAgency(ctx, o.agency) : undefined;
      const { rows, provisionalYears } = previewReminders({
        catalog: ctx.catalog,
        config: ctx.config,
        calendar: ctx.calendar,
        records: ctx.repo.records(),
        now: ctx.now,
        from,
        to,
        agency,
        cycle: o.cycle,
      });
      const lang = tableLang(o.lang, ctx.config);
      process.stderr.write(provisionalWarnings(provisionalYears, ctx.pprdFile, lang));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const w = say(lang);
      if (!rows.length) {
        process.stdout.write(`${w.noReminders(from, to)}\n`);
        return;
      }
      process.stdout.write(
        `${table(
          w.previewHeader().split('|'),
          rows.map((r) => [
            r.date,
            r.time,
            w.reminderKind(r.kind),
            offsetLabel(r),
            r.agency,
            r.cycle,
            r.period,
            r.due,
            r.provisional ? w.provisionalFlag() : '',
          ]),
        )}\n${w.remindersCount(rows.length)}\n`,
      );
    },
  ),

  deadlines: action((o: { agency?: string; json?: boolean; lang?: string; now?: string }) => {
    const ctx = openContext(o.now);
    const lang = tableLang(o.lang, ctx.config);
    const w = say(lang);
    const agency = o.agency ? resolveAgency(ctx, o.agency) : undefined;
    const today = ctx.calendar.dateOf(ctx.now);
    const p = plan(ctx, { agency });
    const rows = openDeadlines(p.occurrences);
    const before = beforeDeploymentLines(p.occurrences, new Map(ctx.config.cycles.map((c) => [c.id, c.name])));
    const out = rows.map((x) => ({
      cycle: x.cycle,
      period: x.period,
      agency: x.agency,
      due: x.due,
      originalDue: x.originalDue,
      ...(x.statedDue ? { statedDue: x.statedDue } : {}),
      state: x.state,
      daysLeft: daysBetween(today, x.due),
      provisional: x.provisional,
    }));
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify({ today, occurrences: out, unscheduled: p.unscheduled.map((c) => ({ cycle: c.id, name: c.name, source: c.source })), beforeDeployment: before }, null, 2)}\n`,
      );
      return;
    }
    process.stderr.write(provisionalWarnings(p.provisionalYears, ctx.pprdFile, lang));
    if (out.length) {
      process.stdout.write(
        `${table(
          w.deadlinesHeader().split('|'),
          out.map((r) => [
            r.due,
            w.occurrenceState(r.state),
            w.daysCell(r.daysLeft),
            r.agency,
            r.cycle,
            r.period,
            [
              r.statedDue ? w.statedOnDayOff(r.statedDue) : '',
              r.due !== r.originalDue ? w.extendedFrom(r.originalDue) : '',
              r.provisional ? w.provisionalFlag() : '',
            ]
              .filter(Boolean)
              .join(w.sep()),
          ]),
        )}\n`,
      );
    }
    const overdue = out.filter((r) => r.state === 'overdue').length;
    process.stdout.write(`${w.openSummary(out.length, overdue, today)}\n`);
    for (const c of p.unscheduled) process.stdout.write(`${w.unscheduledLine(c.id, c.name, c.source)}\n`);
    for (const l of before) process.stdout.write(`${l.cycle}: ${beforeDeploymentText(l, lang)}\n`);
  }),

  submit: recordAction(
    'submit',
    {
      what: 'submission',
      table: 'submissions',
      undo: (ctx, x, actor) => ctx.repo.undoSubmission(x, actor),
      text: (o, undone) =>
        `undone: ${undone.length} submission${undone.length === 1 ? '' : 's'} of ${o.cycle} ${o.period} (${names(undone)})`,
    },
    (ctx, occs, o, actor) => {
      const at = instantOption(o.at, '--at', ctx.now, ctx.config.timezone);
      const r = ctx.repo.recordSubmissions(
        occs.map((x) => ({ cycle: x.cycle, period: x.period, agency: x.agency, at, ...actor })),
      );
      const kept = r.existing
        ? `, ${r.existing} already recorded (their earlier record is kept; --undo first to change it)`
        : '';
      return {
        text: `recorded: ${o.cycle} ${o.period} submitted at ${at} by ${actor.by} — ${r.created} new${kept} (${names(occs)})`,
        json: {
          undone: false,
          agencies: occs.map((x) => x.agency),
          at,
          ...actor,
          created: r.created,
          existing: r.existing,
        },
      };
    },
  ),

  extend: recordAction(
    'extend',
    {
      what: 'extension',
      table: 'extensions',
      undo: (ctx, x, actor) => ctx.repo.undoExtension(x, actor),
      text: (o, undone) => `undone: the latest extension of ${o.cycle} ${o.period} for ${names(undone)}`,
    },
    (ctx, occs, o, actor) => {
      if (!o.to) throw new CliError('NO_DATE', 'give the new due date with --to YYYY-MM-DD', 2);
      const to = parseDate(o.to, '--to');
      const early = occs.find((x) => to < x.originalDue);
      if (early)
        throw new CliError(
          'EXTENSION_EARLIER',
          `--to ${to} is before the due date ${early.originalDue} — fix: an extension moves the due date later`,
          2,
        );
      writeTransaction(ctx.db, () => {
        for (const x of occs)
          ctx.repo.recordExtension({ cycle: x.cycle, period: x.period, agency: x.agency, to, note: o.note, ...actor });
      });
      return {
        text: `recorded: ${o.cycle} ${o.period} now due ${to} for ${names(occs)} (by ${actor.by})`,
        json: { undone: false, agencies: occs.map((x) => x.agency), to, ...(o.note ? { note: o.note } : {}), ...actor },
      };
    },
  ),

  excuse: recordAction(
    'excuse',
    {
      what: 'excusal',
      table: 'excusals',
      undo: (ctx, x, actor) => ctx.repo.undoExcusal(x, actor),
      text: (o, undone) => `undone: excusal of ${o.cycle} ${o.period} for ${names(undone)}`,
    },
    (ctx, occs, o, actor) => {
      const at = instantOption(o.at, '--at', ctx.now, ctx.config.timezone);
      writeTransaction(ctx.db, () => {
        for (const x of occs)
          ctx.repo.recordExcusal({ cycle: x.cycle, period: x.period, agency: x.agency, at, note: o.note, ...actor });
      });
      return {
        text: `recorded: ${o.cycle} ${o.period} excused from ${at} for ${names(occs)} (by ${actor.by})`,
        json: { undone: false, agencies: occs.map((x) => x.agency), at, ...(o.note ? { note: o.note } : {}), ...actor },
      };
    },
  ),

  history: action((o: { until: string; cycle?: string; by?: string; undo?: boolean; now?: string; json?: boolean }) => {
    const ctx = openContext(o.now);
    const progress = createProgress('history');
    let summary: { text: string; json: Record<string, unknown> };
    try {
      summary = recordHistory(ctx, o, progress.update);
    } finally {
      progress.end();
    }
    process.stdout.write(o.json ? `${JSON.stringify(summary.json)}\n` : `${summary.text}\n`);
  }),

  target: action(
    (
      id: string,
      o: {
        progress?: string | boolean;
        outcome?: string | boolean;
        note?: string;
        by?: string;
        undo?: boolean;
        now?: string;
      },
    ) => {
      const ctx = openContext(o.now);
      const target = ctx.catalog.targets.find((t) => t.id.toLowerCase() === id.toLowerCase());
      if (!target)
        throw new CliError(
          'UNKNOWN_TARGET',
          `unknown target "${id}" — fix: use one of ${ctx.catalog.targets.map((t) => t.id).join(', ')}`,
          2,
        );
      if ((o.progress === undefined) === (o.outcome === undefined))
        throw new CliError('TARGET_WHAT', 'give either --progress TEXT or --outcome achieved|partly|missed', 2);
      const actor = { by: who(o.by), recordedAt: ctx.now };
      if (o.undo) {
        const ok =
          o.progress !== undefined
            ? ctx.repo.undoTargetProgress(target.id, actor)
            : ctx.repo.undoTargetOutcome(target.id, actor);
        if (!ok)
          throw new CliError(
            'NOTHING_TO_UNDO',
            `no ${o.progress !== undefined ? 'progress note' : 'outcome'} recorded for ${target.id}`,
            2,
          );
        process.stdout.write(
          `undone: the latest ${o.progress !== undefined ? 'progress note' : 'outcome'} of ${target.id}\n`,
        );
        return;
      }
      if (o.progress !== undefined) {
        if (typeof o.progress !== 'string' || !o.progress.trim())
          throw new CliError('EMPTY_PROGRESS', '--progress needs the text of the note', 2);
        ctx.repo.recordTargetProgress({ target: target.id, text: o.progress.trim(), ...actor });
        process.stdout.write(`recorded: progress on ${target.id} by ${actor.by}\n`);
        return;
      }
      if (o.outcome !== 'achieved' && o.outcome !== 'partly' && o.outcome !== 'missed') {
        throw new CliError('BAD_OUTCOME', `--outcome "${String(o.outcome)}" — fix: use achieved, partly or missed`, 2);
      }
      ctx.repo.recordTargetOutcome({
        target: target.id,
        outcome: o.outcome,
        ...(o.note ? { note: o.note } : {}),
        ...actor,
      });
      process.stdout.write(`recorded: ${target.id} ${o.outcome} by ${actor.by}\n`);
    },
  ),

  targets: action((o: { json?: boolean; now?: string }) => {
    const ctx = openContext(o.now);
    const statuses = targetStatuses(
      ctx.catalog,
      ctx.repo.records(),
      ctx.now,
      ctx.config.timezone,
      ctx.config.targets.start,
    );
    if (o.json) {
      process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
      return;
    }
    for (const s of statuses) {
      const days = s.daysLeft < 0 ? `${-s.daysLeft} days past the deadline` : `${s.daysLeft} days left`;
      process.stdout.write(`${s.id}  ${s.deadline}  ${s.state}  (${days})\n`);
      process.stdout.write(`    ${s.text}\n`);
      process.stdout.write(
        `    responsible: ${s.responsible.length ? s.responsible.join('、') : '(none named: general goal)'}${s.task ? `  task ${s.task}` : ''}\n`,
      );
      if (s.latestProgress)
        process.stdout.write(
          `    progress (${s.latestProgress.recordedAt}, ${s.latestProgress.by}): ${s.latestProgress.text}\n`,
        );
      if (s.outcome)
        process.stdout.write(
          `    outcome: ${s.outcome.outcome}${s.outcome.note ? ` — ${s.outcome.note}` : ''} (${s.outcome.recordedAt}, ${s.outcome.by})\n`,
        );
    }
    const overdue = statuses.filter((s) => s.state === 'overdue').length;
    process.stdout.write(`${statuses.length} targets, ${overdue} past the deadline with no outcome\n`);
  }),
};

/**
 * `pprd history --until PERIOD [--cycle C] [--undo]` (issue 14 item 4): records, for every scheduled cycle
 * and target progress request (or `--cycle`), that its rounds due on or before PERIOD's due date were
 * before deployment. PERIOD is read under `--cycle`'s due rule, else under the first cycle whose rule
 * fits it; a year (`2025`) covers rounds due in that year, with or without `--cycle`.
 * `onStep` is told before recording and planning (a progress line on a terminal).
 * @returns the summary printed (and, for `--json`, as data): per cycle, the range of rounds and how many reports are before deployment.
 * Only cycles with a tracked round by then are recorded (rounds before a cycle's `start` are never tracked).
 * @throws CliError `BAD_PERIOD` (a label no cycle uses), `NOT_PAST` (PERIOD not yet due), `NOTHING_TO_RECORD`
 * (no cycle has a tracked round by then: each starts later), `NOTHING_TO_UNDO` (exit 2).
 */
function recordHistory(
  ctx: Context,
  o: { until: string; cycle?: string; by?: string; undo?: boolean },
  onStep: (done: number, total: number, next: string) => void = () => {},
): { text: string; json: Record<string, unknown> } {
  if (o.cycle) checkCycle(ctx, o.cycle);
  const scheduled = ctx.config.cycles.filter((c) => c.due);
  const cycles = o.cycle ? [o.cycle] : [...scheduled.map((c) => c.id), ...cycleIds(ctx).filter(isTargetCycle)];
  const actor = { by: who(o.by), recordedAt: ctx.now };
  if (o.undo) {
    // What each cycle's latest record covers, read before it is undone: a record of rounds all before
    // the cycle's `start` (written by an earlier version) tracks nothing again when undone.
    const latest = new Map(
      (ctx.repo.records().beforeDeployment ?? [])
        .filter((b) => cycles.includes(b.cycle))
        .map((b) => [b.cycle, b.through]),
    );
    const last = [...latest.values()].sort().at(-1);
    const covered = last ? coveredCycles(ctx, [...latest.keys()], last, latest) : [];
    const undone = ctx.repo.undoBeforeDeployment(cycles, actor);
    if (!undone.length)
      throw new CliError(
        'NOTHING_TO_UNDO',
        `no rounds recorded as before deployment for ${cycles.join(', ')} — nothing undone`,
        2,
      );
    const tracked = undone.filter((c) => covered.includes(c));
    const idle = undone.filter((c) => !covered.includes(c));
    const text = [
      ...(tracked.length ? [`undone: rounds before deployment of ${tracked.join(', ')} (they are tracked again)`] : []),
      ...(idle.length
        ? [
            `undone: the record of ${idle.join(', ')} covered no tracked round (${notStartedReason(ctx, idle)}): nothing is tracked again`,
          ]
        : []),
    ].join('\n');
    return { text, json: { undone: true, cycles: undone, trackedAgain: tracked, ...actor } };
  }
  const own = o.cycle ? ctx.config.cycles.find((c) => c.id === o.cycle) : undefined;
  if (own && !own.due)
    throw new CliError(
      'NO_SCHEDULE',
      `cycle ${own.id} has no schedule set — fix: set its due dates and start in ${ctx.pprdFile} first`,
      2,
    );
  const rules = own?.due ? [own.due] : o.cycle ? [] : scheduled.map((c) => c.due!);
  const fit = rules.map((r) => findPeriod(r, o.until)).find((p) => p);
  // A year covers the rounds due in it, under any cycle (README "First deployment").
  const through = fit ? fit.due : /^\d{4}$/.test(o.until) ? `${o.until}-12-31` : undefined;
  if (!through) {
    const example = own?.due
      ? findPeriodExample(own.due)
      : scheduled[0]?.due
        ? findPeriodExample(scheduled[0].due)
        : '2025';
    throw new CliError(
      'BAD_PERIOD',
      `--until "${o.until}" is not a period of ${o.cycle ?? 'any scheduled cycle'} — fix: write it like ${example}`,
      2,
    );
  }
  const today = ctx.calendar.dateOf(ctx.now);
  if (through >= today) {
    throw new CliError(
      'NOT_PAST',
      `--until ${o.until} is due ${through}, not before today ${today}: only past rounds can be before deployment — fix: name the last round due before today`,
      2,
    );
  }
  onStep(0, 3, 'checking');
  // Rounds before a cycle's `start` are never tracked: recording them would change nothing.
  const covered = coveredCycles(ctx, cycles, through);
  if (!covered.length)
    throw new CliError(
      'NOTHING_TO_RECORD',
      `nothing recorded: no tracked round is due on or before ${through} (${o.until}) — ${notStartedReason(ctx, cycles)}; rounds before a cycle's start are not tracked, so they need no record`,
      2,
    );
  onStep(1, 3, 'recording');
  ctx.repo.recordBeforeDeployment(covered.map((cycle) => ({ cycle, until: o.until, through, ...actor })));
  onStep(2, 3, `planning through ${through}`);
  const p = plan(ctx, { to: through });
  onStep(3, 3, 'done');
  const lines = beforeDeploymentLines(p.occurrences, new Map(ctx.config.cycles.map((c) => [c.id, c.name])));
  const kept = p.occurrences.filter(
    (x) => cycles.includes(x.cycle) && x.originalDue <= through && (x.state === 'submitted' || x.state === 'excused'),
  ).length;
  const untouched = covered.filter((c) => !lines.some((l) => l.cycle === c));
  const notStarted = cycles.filter((c) => !covered.includes(c));
  const text = [
    `recorded: rounds due on or before ${through} (${o.until}) are before deployment (by ${actor.by})`,
    ...lines.map(
      (l) =>
        `  ${l.cycle} ${l.first === l.last ? l.first : `${l.first}–${l.last}`}: ${l.rounds} round${l.rounds === 1 ? '' : 's'}, ${l.occurrences} report${l.occurrences === 1 ? '' : 's'} not tracked`,
    ),
    ...(untouched.length ? [`  no open round on or before ${through}: ${untouched.join(', ')}`] : []),
    ...(notStarted.length ? [`  not recorded: ${notStartedReason(ctx, notStarted)}`] : []),
    ...(kept ? [`  ${kept} already submitted or excused: kept as recorded`] : []),
  ].join('\n');
  const json = {
    undone: false,
    until: o.until,
    through,
    cycles: lines.map((l) => ({
      cycle: l.cycle,
      first: l.first,
      last: l.last,
      rounds: l.rounds,
      occurrences: l.occurrences,
    })),
    untouched,
    notStarted,
    kept,
    ...actor,
  };
  return { text, json };
}

/**
 * The cycles among `cycles` with a tracked round (any state) due on or before `through` (`YYYY-MM-DD`;
 * per cycle from `each` when given): those a before-deployment record changes. Rounds before a cycle's
 * `start` are not planned at all.
 */
function coveredCycles(
  ctx: Context,
  cycles: readonly string[],
  through: string,
  each?: ReadonlyMap<string, string>,
): string[] {
  const occs = plan(ctx, { to: through }).occurrences;
  return cycles.filter((c) => occs.some((x) => x.cycle === c && x.originalDue <= (each?.get(c) ?? through)));
}

/** Why `cycles` have no tracked round by then: `half-yearly starts at 2026H2, target:T1 starts at 2026`. */
function notStartedReason(ctx: Context, cycles: readonly string[]): string {
  return cycles
    .map((c) => {
      const start = isTargetCycle(c)
        ? (ctx.config.targets.start?.toString() ?? '')
        : ctx.config.cycles.find((x) => x.id === c)?.start;
      return start ? `${c} starts at ${start}` : `${c} has no round due by then`;
    })
    .join(', ');
}

function names(occs: readonly { agency: string }[]): string {
  const all = occs.map((x) => x.agency);
  return all.length > 5 ? `${all.slice(0, 5).join('、')} and ${all.length - 5} more` : all.join('、');
}
