/**
 * The one rule for cycle ids (issue 10): a configured cycle is its config `id` (`half-yearly`); the yearly
 * progress request of a 2020 target is `target:<target id>` (`target:T5`). Every reader of a cycle id
 * (planner, store keys, messages, CLI `--cycle`, Slack buttons, simulate) goes through these functions.
 */

/** What a target progress request's cycle id starts with. */
export const TARGET_CYCLE_PREFIX = 'target:';

/** The cycle id of target `targetId`'s progress requests: `T5` → `target:T5`. */
export function targetCycleId(targetId: string): string {
  return `${TARGET_CYCLE_PREFIX}${targetId}`;
}

/** The target id of a target progress request's cycle id (`target:T5` → `T5`); null for a configured cycle. */
export function targetIdOf(cycle: string): string | null {
  return cycle.startsWith(TARGET_CYCLE_PREFIX) ? cycle.slice(TARGET_CYCLE_PREFIX.length) : null;
}

/** True for a target progress request's cycle id (`target:T5`). */
export function isTargetCycle(cycle: string): boolean {
  return cycle.startsWith(TARGET_CYCLE_PREFIX);
}
