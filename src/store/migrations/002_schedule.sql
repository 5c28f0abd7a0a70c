-- Schedule records (issue 3): what coordinators record about occurrences and targets, each with
-- who and when. Nothing is deleted: an undo stamps `undone_at`/`undone_by` and the planner reads
-- only rows not undone (src/store/scheduleRepo.ts). Instants are ISO-8601 strings with offset;
-- dates are YYYY-MM-DD in the configured zone. `occurrence_key` = `${cycle}/${period}/${agency}`.

-- A report submitted: no more reminders for that occurrence on any channel.
CREATE TABLE submissions (
  id             INTEGER PRIMARY KEY,
  occurrence_key TEXT NOT NULL,
  cycle          TEXT NOT NULL,
  period         TEXT NOT NULL,
  agency         TEXT NOT NULL,
  at             TEXT NOT NULL,          -- when the report was submitted
  by             TEXT NOT NULL,          -- who recorded it (coordinator name, Slack user id, `cli`)
  via            TEXT NOT NULL DEFAULT 'cli', -- how: cli, slack, email
  note           TEXT,
  recorded_at    TEXT NOT NULL,
  undone_at      TEXT,
  undone_by      TEXT
);
-- One live submission per occurrence: a second click or a retried command records nothing new.
CREATE UNIQUE INDEX submissions_live ON submissions (occurrence_key) WHERE undone_at IS NULL;
CREATE INDEX submissions_cycle_period ON submissions (cycle, period);

-- An occurrence excused from reporting (e.g. the agency was merged): no more reminders.
CREATE TABLE excusals (
  id             INTEGER PRIMARY KEY,
  occurrence_key TEXT NOT NULL,
  cycle          TEXT NOT NULL,
  period         TEXT NOT NULL,
  agency         TEXT NOT NULL,
  at             TEXT NOT NULL,          -- from when it is excused
  by             TEXT NOT NULL,
  note           TEXT,
  recorded_at    TEXT NOT NULL,
  undone_at      TEXT,
  undone_by      TEXT
);
CREATE UNIQUE INDEX excusals_live ON excusals (occurrence_key) WHERE undone_at IS NULL;

-- A new due date for one occurrence; the latest live one wins.
CREATE TABLE extensions (
  id             INTEGER PRIMARY KEY,
  occurrence_key TEXT NOT NULL,
  cycle          TEXT NOT NULL,
  period         TEXT NOT NULL,
  agency         TEXT NOT NULL,
  to_date        TEXT NOT NULL,          -- YYYY-MM-DD
  by             TEXT NOT NULL,
  note           TEXT,
  recorded_at    TEXT NOT NULL,
  undone_at      TEXT,
  undone_by      TEXT
);
CREATE INDEX extensions_key ON extensions (occurrence_key);

-- Progress notes on a target (T1, T2, …).
CREATE TABLE target_progress (
  id          INTEGER PRIMARY KEY,
  target_id   TEXT NOT NULL,
  text        TEXT NOT NULL,
  by          TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  undone_at   TEXT,
  undone_by   TEXT
);
CREATE INDEX target_progress_target ON target_progress (target_id);

-- Outcomes of targets; the latest live one wins.
CREATE TABLE target_outcomes (
  id          INTEGER PRIMARY KEY,
  target_id   TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('achieved', 'partly', 'missed')),
  note        TEXT,
  by          TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  undone_at   TEXT,
  undone_by   TEXT
);
CREATE INDEX target_outcomes_target ON target_outcomes (target_id);
