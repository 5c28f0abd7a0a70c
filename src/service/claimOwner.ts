import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who this process is, as written in a delivery claim (`deliveries.claimed_by`): host name, pid, a
 * random id drawn once per process start, and the process's start time as the kernel counts it. A pid
 * alone says little: a restarted container runs the service as PID 1 on the same host again.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Random, 8 hex digits, new at each process start. */
  instance: string;
  /**
   * Start time of the process in clock ticks since boot (field 22 of Linux's `/proc/PID/stat`: it
   * never changes, unlike a wall clock that NTP may step), as text; `''` where there is no `/proc`.
   */
  startTicks: string;
}

/** Field 22 (`starttime`) of `/proc/PID/stat`, or `''` when it cannot be read. */
export function processStartTicks(pid: number | 'self'): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm)" (which may hold spaces) come field 3 (state) … field 22 (starttime).
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return /^\d+$/.test(ticks ?? '') ? ticks : '';
  } catch {
    return '';
  }
}

/** This process. */
export const THIS_PROCESS: ProcessIdentity = Object.freeze({
  host: hostname(),
  pid: process.pid,
  instance: randomUUID().slice(0, 8),
  startTicks: processStartTicks('self'),
});

/**
 * The claim token of one tick of this process: `host|pid|instance|startTicks|tick` (`tick` a random
 * id by default). {@link isClaimStale} reads it back.
 */
export function claimOwner(tick: string = randomUUID().slice(0, 8), self: ProcessIdentity = THIS_PROCESS): string {
  return `${self.host}|${self.pid}|${self.instance}|${self.startTicks}|${tick}`;
}

/** Whether a process with this pid exists here (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a `sending` row's claim is abandoned, so another tick may take the row over:
 * - no claimant, or its wall-clock lease (`leaseUntil`, ms) has run out;
 * - the claimant is on this host and is not a live process: same pid as this process but another
 *   instance id (this process replaced it: a restarted container), a pid with no process, or a pid
 *   now held by a process that started after the claimant did (the pid was reused).
 * A claim of this very process (same instance: another of its ticks) is never stale before its lease
 * ends; a claimant on another host is trusted until its lease ends. Claims written before instance ids
 * (`host|pid|tick`) are judged by pid alone.
 *
 * @param now wall-clock ms.
 */
export function isClaimStale(
  claimant: string | null,
  leaseUntil: number | null,
  now: number,
  self: ProcessIdentity = THIS_PROCESS,
): boolean {
  if (!claimant) return true;
  if (leaseUntil !== null && leaseUntil <= now) return true;
  const parts = claimant.split('|');
  const [host, pidText] = parts;
  const pid = Number(pidText);
  if (host !== self.host || !Number.isInteger(pid)) return false;
  if (parts.length < 5) return pid !== self.pid && !pidAlive(pid);
  const [, , instance, startTicks] = parts;
  if (instance === self.instance) return false;
  if (pid === self.pid) return true;
  if (!pidAlive(pid)) return true;
  if (!startTicks) return false;
  const live = processStartTicks(pid);
  return live !== '' && live !== startTicks;
}
