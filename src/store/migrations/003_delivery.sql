-- Delivery state (issue 4). One row per (reminder or digest key, channel, recipient): the claim that
-- makes every send happen once. Bodies are never stored; last_error holds the protocol reply only.
CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  -- Reminder key (`cycle/period/agency/kind/offset`) or digest key (`digest/id/YYYY-MM-DDTHH:mm[/agency]`).
  key             TEXT NOT NULL,
  -- `email`, `slack`, `memory`; `*` for a row that decides the whole reminder (skipped, no contact).
  channel         TEXT NOT NULL,
  -- Recipient id (lower-case email, else Slack id); `*` for a whole-reminder row.
  recipient       TEXT NOT NULL,
  -- `reminder` or `digest`.
  source          TEXT NOT NULL CHECK (source IN ('reminder', 'digest')),
  occurrence_key  TEXT,
  agency          TEXT,
  -- Planned send instant, ISO with offset.
  planned_at      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead', 'skipped')),
  -- Why skipped or dead without a send: `catch-up`, `too-old`, `no-contact`, `submitted`, `not-planned`.
  reason          TEXT,
  -- 1 when sent after its planned instant by catch-up (the text says so).
  late            INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  message_id      TEXT NOT NULL,
  -- Claim: who is sending it now, and until when (wall-clock ms) the claim holds.
  claimed_by      TEXT,
  lease_until     INTEGER,
  first_attempt_at TEXT,
  sent_at         TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (key, channel, recipient)
);
CREATE INDEX deliveries_status ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_occurrence ON deliveries (occurrence_key);

-- Small key/value state of the service, e.g. `last_tick` (ISO instant of the last completed tick).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
