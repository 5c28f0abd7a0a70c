-- Issue 11: the rows that need a coordinator's eye (dead, failed, and reminders skipped for want of a
-- contact) are read for every status and digest; a partial index holds only them, in the order they are
-- listed, so reading them does not walk every skipped row of the history (skipped rows are most of it).
CREATE INDEX deliveries_problems ON deliveries (planned_at, id)
  WHERE status IN ('dead', 'failed') OR (status = 'skipped' AND reason = 'no-contact');
