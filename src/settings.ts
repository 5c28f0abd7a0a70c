/**
 * Settings precedence in one place (issue 10): defaults < config file < environment < command-line flags.
 *
 * {@link readSettings} reads the environment once and lays the flags over it: a flag that stands for a
 * variable (`--now` for `PPRD_NOW`, `--by` for `PPRD_USER`, `--days` for `PPRD_LINK_DAYS`, `--dir` for
 * `PPRD_CONFIG`) replaces it, so every reader downstream — the typed fields here, `loadConfig` (whose
 * `PPRD_TIMEZONE` / `PPRD_SEND_AT` override the file's `timezone` / `sendAt`, which override the
 * defaults), the channel and link factories of src/main.ts — sees one answer. Nothing else reads
 * `process.env`: the CLI calls {@link readSettings} once per command (src/cli/settings.ts), `pprd serve`
 * passes the result's `env` to the service. Secrets stay in `env` and are never logged.
 */

/** Default database path (`PPRD_DB`). */
export const DEFAULT_DB = 'data/pprd.sqlite';
/** Default config folder (`PPRD_CONFIG`). */
export const DEFAULT_CONFIG_DIR = 'config';

/**
 * Which variable each command-line flag stands for (the flag wins): `--now` PPRD_NOW, `--by` PPRD_USER,
 * `--days` PPRD_LINK_DAYS, `--dir` PPRD_CONFIG.
 */
const FLAG_VARIABLES = {
  now: 'PPRD_NOW',
  by: 'PPRD_USER',
  linkDays: 'PPRD_LINK_DAYS',
  configDir: 'PPRD_CONFIG',
} as const;

/** Command-line flags that stand for a setting, as given (undefined: not given). See {@link FLAG_VARIABLES}. */
export type SettingFlags = { [K in keyof typeof FLAG_VARIABLES]?: string };

/** The settings of one command or one service start. */
export interface Settings {
  /** The environment with the flags laid over it (frozen): what the channel, link and robot factories read. */
  env: Readonly<NodeJS.ProcessEnv>;
  /** `--dir` / `PPRD_CONFIG`, else `config`. */
  configDir: string;
  /** `PPRD_DB`, else `data/pprd.sqlite`. */
  dbPath: string;
  /** `--now` / `PPRD_NOW`, as typed (read strictly where used: `commandNow`, `clockFromEnv`); undefined: the real clock. */
  now?: string;
  /** Who records: `--by` / `PPRD_USER`, else `USER`, else `cli`. */
  user: string;
  /** `LOG_LEVEL`, else `info`. */
  logLevel: string;
}

/**
 * The settings of `env` under `flags` (see the module comment for the precedence). An empty variable
 * counts as unset. Pure: reads only its arguments; never throws (values are checked where they are used,
 * each with its catalogued error).
 */
export function readSettings(env: NodeJS.ProcessEnv, flags: SettingFlags = {}): Readonly<Settings> {
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [flag, variable] of Object.entries(FLAG_VARIABLES) as [keyof SettingFlags, string][]) {
    const value = flags[flag];
    if (value !== undefined) merged[variable] = value;
  }
  const set = (name: string) => (merged[name] === undefined || merged[name] === '' ? undefined : merged[name]);
  return Object.freeze({
    env: Object.freeze(merged),
    configDir: set('PPRD_CONFIG') ?? DEFAULT_CONFIG_DIR,
    dbPath: set('PPRD_DB') ?? DEFAULT_DB,
    now: set('PPRD_NOW'),
    user: set('PPRD_USER') ?? set('USER') ?? 'cli',
    logLevel: set('LOG_LEVEL') ?? 'info',
  });
}
