-- Folded escalations (issue 4 follow-up): the escalations that fall due on the same day for the same
-- (cycle, period) reach each coordinator as ONE message per channel, under the delivery key
-- `escalation:<cycle>/<period>/<date>` (`#2`, `#3` … for a later fold of the same day). The
-- per-occurrence escalation reminders it decided, and the occurrences it actually listed, are kept here
-- so that "decided once" and "escalated" (status, digest) still hold per occurrence.
-- JSON array of the reminder keys (`cycle/period/agency/escalation/-5`) this folded row decided; NULL otherwise.
ALTER TABLE deliveries ADD COLUMN covers TEXT;
-- JSON array of the occurrence keys the sent message listed (those still open at send time); NULL until sent.
ALTER TABLE deliveries ADD COLUMN listed TEXT;
