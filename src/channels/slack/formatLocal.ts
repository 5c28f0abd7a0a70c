import { DateTime } from 'luxon';

/**
 * An ISO instant shown to people as local `yyyy-MM-dd HH:mm` in `zone` (config `timezone`).
 * Returns the input unchanged when it is not a valid ISO instant.
 */
export function formatLocal(iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { setZone: true });
  return d.isValid ? d.setZone(zone).toFormat('yyyy-MM-dd HH:mm') : iso;
}
