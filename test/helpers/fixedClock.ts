import { DateTime } from 'luxon';

/** Named instants of the tests, all in Asia/Shanghai (ISO with +08:00). */
export const SHANGHAI = 'Asia/Shanghai';

/** `2020-06-23T09:00` (local Shanghai wall time) → ISO instant with +08:00. */
export function shanghai(local: string): string {
  const dt = DateTime.fromISO(local, { zone: SHANGHAI });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toISO()!;
}

/** `iso` plus a duration (luxon object, e.g. `{ minutes: 3 }`), as ISO in Shanghai. */
export function plus(iso: string, d: { days?: number; hours?: number; minutes?: number; seconds?: number }): string {
  return DateTime.fromISO(iso, { setZone: true }).plus(d).setZone(SHANGHAI).toISO()!;
}
