import type { DigestConfig } from '../schedule/index.ts';
import { type Occurrence, occurrenceOfReminderKey, type Reminder } from '../schedule/index.ts';
import type { DeliveryKey } from './deliveryKey.ts';

/** What a claimed row becomes at send time, decided on the plan of the sending tick. */
export type RowPlan =
  /** Recorded `skipped` with this reason, not sent: no longer planned, or its occurrence closed since. */
  | { skip: 'not-planned' | 'submitted' }
  /** One reminder of one occurrence. */
  | { reminder: Reminder; occurrence: Occurrence | undefined }
  /** A folded escalation: its occurrences' escalations still open now, earliest due first. */
  | { fold: Reminder[] }
  /** A digest run for the coordinators (`agency` null) or one agency. */
  | { digest: DigestConfig; agency: string | null };

/** The plan and config a row is decided on. */
export interface RowLookups {
  reminder(key: string): Reminder | undefined;
  occurrence(key: string): Occurrence | undefined;
  digest(id: string): DigestConfig | undefined;
}

const closed = (o: Occurrence | undefined) => o !== undefined && (o.state === 'submitted' || o.state === 'excused');

/**
 * Decides what to do with a claimed row of key `key` (`covers`: a folded escalation's reminder keys) on
 * the current plan: a reminder whose occurrence was submitted or excused since it was decided is
 * skipped (`submitted`: "a submitted occurrence gets no further reminders on any channel"); one no
 * longer planned (config changed) is skipped `not-planned`. A folded escalation lists only the
 * occurrences still open (none left: `submitted`, or `not-planned` when none was closed either).
 * Whom it goes to (no contact) and whether a digest is empty are the sender's to check.
 */
export function decideRow(key: DeliveryKey, covers: readonly string[] | null, plan: RowLookups): RowPlan {
  switch (key.type) {
    case 'reminder': {
      const reminder = plan.reminder(key.reminder);
      if (!reminder) return { skip: 'not-planned' };
      const occurrence = plan.occurrence(reminder.occurrenceKey);
      return closed(occurrence) ? { skip: 'submitted' } : { reminder, occurrence };
    }
    case 'escalation': {
      const open: Reminder[] = [];
      let shut = 0;
      for (const k of covers ?? []) {
        // The planner drops a closed occurrence's later reminders: the occurrence is found from the key.
        const occ = plan.occurrence(occurrenceOfReminderKey(k));
        const r = plan.reminder(k);
        if (closed(occ)) shut++;
        else if (occ && r) open.push(r);
      }
      if (!open.length) return { skip: shut ? 'submitted' : 'not-planned' };
      open.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
      return { fold: open };
    }
    case 'digest': {
      const digest = plan.digest(key.digest);
      return digest ? { digest, agency: key.agency } : { skip: 'not-planned' };
    }
  }
}
