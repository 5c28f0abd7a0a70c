/**
 * The columns of `pprd simulate`'s table, each with what it counts (found by a new-user trial: `escalation`
 * and `escalations` side by side were unexplained). Read by `formatSimulation` (the header and the legend
 * under the table) and by `pprd simulate --help`; no imports, so the help loads nothing else.
 * `sent:KIND` are the `reminders` figures of `SimulationReport.periods` (`--json`), `submitted` its
 * `submissions`, `escalated` its `escalations`.
 */
export const SIMULATION_COLUMNS: readonly { name: string; meaning: string }[] = [
  { name: 'period', meaning: 'the round (2020H1; a target progress request counts in its year)' },
  { name: 'occurrences', meaning: 'reports owed for the period (one per agency and cycle or target)' },
  { name: 'sent:before', meaning: 'messages sent before the due date (one per reminder, recipient and channel)' },
  { name: 'sent:due', meaning: 'messages sent on the due date' },
  { name: 'sent:overdue', meaning: 'messages sent to the agency after the due date' },
  {
    name: 'sent:escalation',
    meaning:
      'messages sent to the coordinators about overdue reports (one per coordinator, channel and day, folding the reports escalated that day)',
  },
  { name: 'submitted', meaning: 'reports recorded as submitted' },
  { name: 'escalated', meaning: 'reports escalated to the coordinators (each report once, however many messages)' },
];
