import { readSettings, type SettingFlags, type Settings } from '../settings.ts';

/**
 * The settings of the running command: the process environment, read here and nowhere else in the CLI,
 * under the command's `flags` (precedence in src/settings.ts: defaults < file < environment < flags).
 * Read at each call, so a command sees the environment it runs in (tests run many in one process).
 */
export function cliSettings(flags: SettingFlags = {}): Readonly<Settings> {
  return readSettings(process.env, flags);
}
