import { DateTime } from 'luxon';
import { parseInstant } from '../schedule/index.ts';
import { cliSettings } from './settings.ts';

/**
 * The instant of a command: `--now`, else `PPRD_NOW`, else the host clock (the CLI's only clock read),
 * as ISO-8601 in `zone`. Typed values are read by the one strict reader, `parseInstant`
 * (src/schedule/parseInstant.ts): the documented forms only, calendar-valid, local in `zone` without offset.
 * @throws DateInputError (exit 2) naming `--now` or `PPRD_NOW` and the accepted forms.
 */
export function commandNow(option: string | undefined, zone: string): string {
  const raw = cliSettings({ now: option }).now;
  if (raw === undefined) return DateTime.now().setZone(zone).toISO()!;
  return parseInstant(raw, option !== undefined ? '--now' : 'PPRD_NOW', zone);
}
