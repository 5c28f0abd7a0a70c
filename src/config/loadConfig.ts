import { join } from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { PprdError } from '../errors.ts';
import { loadDirectory } from './agencies.ts';
import { loadContacts } from './contacts.ts';
import { validatePprd } from './pprd.ts';
import type { Config, ConfigProblem } from './types.ts';
import { formatProblem, readYamlFile, type YamlFile } from './yamlFile.ts';

/** Options of `loadConfig` / `parseConfig`. */
export interface LoadConfigOptions {
  /** The imported catalog: task ids and agency names in `pprd.yaml` are checked against it when given. */
  catalog?: Catalog;
  /**
   * Environment for overrides (the settings' `env`, src/settings.ts; default none): `PPRD_TIMEZONE` and
   * `PPRD_SEND_AT` replace the file's `timezone` and `sendAt` (defaults < file < environment < flags),
   * validated the same way.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * The folder's files as {@link readConfigFiles} already read and parsed them: validated without
   * reading `dir` again (the service's start checks one reading against each catalog it meets).
   */
  files?: ConfigFiles;
}

/** The three files of a config folder, each read and parsed once (`readYamlFile`; syntax problems kept). */
export interface ConfigFiles {
  pprd: YamlFile;
  agencies: YamlFile;
  contacts: YamlFile;
}

/**
 * Reads and parses `pprd.yaml`, `agencies.yaml` and `contacts.yaml` of `dir` (file names in problems are
 * `join(dir, name)`), for {@link loadConfig}'s `files`. Never throws: a missing file or bad YAML becomes
 * the file's `syntaxProblems`, reported when the files are validated.
 */
export function readConfigFiles(dir: string): ConfigFiles {
  return {
    pprd: readYamlFile(join(dir, 'pprd.yaml')),
    agencies: readYamlFile(join(dir, 'agencies.yaml')),
    contacts: readYamlFile(join(dir, 'contacts.yaml')),
  };
}

/**
 * An invalid config folder (`PPRD_CONFIG_INVALID`, exit 2): `problems` lists every one. One failure, one
 * class wherever it is met: `parseConfig`, every command (`requireConfig`, `pprd config check`) and the
 * service's start (message: `invalid configuration, not starting (…)`). `message` defaults to the list.
 */
export class ConfigError extends PprdError {
  readonly code = 'PPRD_CONFIG_INVALID';
  readonly exitCode = 2;
  readonly fix = 'correct each problem listed (file:line:column field — fix), then run `pprd config check`';
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], message?: string) {
    super(
      message ??
        `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`,
    );
    this.problems = problems;
  }
}

/**
 * Reads and validates every file of the config folder: `pprd.yaml` (cycles, targets, holidays,
 * digests, delivery, slack), `agencies.yaml` (the directory) and `contacts.yaml`.
 *
 * @param dir the config folder, e.g. `config`; file names in problems are `join(dir, name)`.
 * @returns `config` deep-frozen when there are no problems (partly filled, not frozen, otherwise)
 *   and every problem of every file, each with file, line, field path and fix. Never throws for
 *   bad input.
 */
export function loadConfig(
  dir: string,
  options: LoadConfigOptions = {},
): { config: Readonly<Config>; problems: ConfigProblem[] } {
  const env = options.env ?? {};
  const files = options.files;
  const directoryResult = loadDirectory(join(dir, 'agencies.yaml'), files?.agencies);
  const pprdFile = join(dir, 'pprd.yaml');
  const pprd = validatePprd(files?.pprd ?? readYamlFile(pprdFile), {
    catalog: options.catalog,
    directory: directoryResult.directory,
  });
  const contactsResult = loadContacts(join(dir, 'contacts.yaml'), directoryResult.directory, files?.contacts, {
    checkNames: directoryResult.problems.length === 0,
  });
  const problems = [...pprd.problems, ...directoryResult.problems, ...contactsResult.problems];

  const value = pprd.value ?? validatePprd(readYamlFile(pprdFile, '{}')).value!;
  const config: Config = { ...value, directory: directoryResult.directory, contacts: contactsResult.contacts };
  // PPRD_TIMEZONE and PPRD_SEND_AT override their pprd.yaml keys, checked by the same rules.
  const overrides = [
    ['PPRD_TIMEZONE', 'timezone'],
    ['PPRD_SEND_AT', 'sendAt'],
  ] as const;
  for (const [variable, key] of overrides) {
    const given = env[variable];
    if (given === undefined) continue;
    const t = validatePprd(readYamlFile(variable, `${key}: ${JSON.stringify(given)}\ncycles: []`));
    if (t.problems.length)
      problems.push(
        ...t.problems.map((p) => ({ ...p, file: 'environment', line: undefined, column: undefined, path: variable })),
      );
    else config[key] = t.value![key];
  }
  return { config: problems.length ? config : deepFreeze(config), problems };
}

/**
 * Like `loadConfig`, for callers that cannot go on with a bad config.
 * @returns the deep-frozen config.
 * @throws ConfigError listing every problem (one `file:line field: message — fix: …` line each).
 */
export function parseConfig(dir: string, options: LoadConfigOptions = {}): Readonly<Config> {
  const { config, problems } = loadConfig(dir, options);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Freezes an object graph in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
