/**
 * The decide step (issue 10): what a delivery tick sends, catches up (补发), folds, skips and retries,
 * as pure functions of the plan, what is recorded, the clock's instant and the settings — no
 * database, no channel, no clock. The tick (src/service/deliver.ts) is claim → send → record around it.
 */

export { decideRetry, type RetryDecision, type SendFailure } from './decideRetry.ts';
export { decideRow, type RowLookups, type RowPlan } from './decideRow.ts';
export {
  type Action,
  type Audience,
  type DecideInput,
  DIGEST_DEFER_DAYS,
  decideTick,
  isLate,
  LATE_AFTER_MS,
  type Recorded,
  type SkipReason,
} from './decideTick.ts';
export { type DeliveryKey, ESCALATION_PREFIX, keyText, readKey, sourceOf } from './deliveryKey.ts';
export { latestCronMatch } from './latestCronMatch.ts';
