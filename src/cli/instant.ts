import { DateTime } from 'luxon';
import { CliError } from './errors.ts';

/**
 * Reads an instant the user typed (`--now`, `--at`, `PPRD_NOW`): ISO-8601 with an offset
 * (`2020-06-23T09:00:00+08:00`) is taken as written; a value without one (`2024-12-01`,
 * `2024-12-01T09:00`) is local time in `zone` (the configured `timezone`), never the host's zone or UTC.
 * @returns the instant as ISO-8601 with `zone`'s offset.
 * @throws CliError `BAD_INSTANT` (exit 2) naming `flag` and an example.
 */
export function parseInstant(value: string, flag: string, zone: string): string {
  const dt = DateTime.fromISO(value, { zone, setZone: true });
  if (!dt.isValid) throw new CliError('BAD_INSTANT', `${flag} "${value}" is not an ISO-8601 date or instant — fix: write it like 2024-12-20T09:00:00+08:00 (or 2024-12-20, read in ${zone})`, 2);
  return dt.setZone(zone).toISO()!;
}

/**
 * The instant of a command: `--now`, else `PPRD_NOW`, else the host clock (the CLI's only clock read),
 * as ISO-8601 in `zone`.
 */
export function commandNow(option: string | undefined, zone: string): string {
  const raw = option ?? (process.env.PPRD_NOW || undefined);
  if (raw === undefined) return DateTime.now().setZone(zone).toISO()!;
  return parseInstant(raw, option !== undefined ? '--now' : 'PPRD_NOW', zone);
}
