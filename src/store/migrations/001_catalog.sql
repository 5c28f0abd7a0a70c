-- Catalog (issue 2): the imported policy document (粤府〔2017〕8号). One catalog at a time:
-- `pprd import` replaces it in one transaction (src/store/catalogRepo.ts). Keyed rows (tasks,
-- agencies, targets, obligations) are updated in place, never deleted and re-inserted, so that
-- other tables may reference them by key.

-- The document's header and the file it was read from. Exactly one row (id = 1) once imported.
CREATE TABLE catalog_document (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  number        TEXT NOT NULL,          -- 文号, e.g. 粤府〔2017〕8号
  issuer        TEXT NOT NULL,
  issued        TEXT NOT NULL,          -- YYYY-MM-DD
  title         TEXT NOT NULL,
  source_file   TEXT NOT NULL,          -- path as given to `pprd import`
  source_sha256 TEXT NOT NULL,          -- hex SHA-256 of the file's bytes
  imported_at   TEXT NOT NULL           -- ISO instant (UTC)
);

-- Tasks 1..30 and safeguard measures G1..G4, `position` = document order.
CREATE TABLE tasks (
  id            TEXT PRIMARY KEY,
  position      INTEGER NOT NULL,
  section       TEXT NOT NULL,          -- 二(一) … 三(四)
  section_title TEXT NOT NULL,
  title         TEXT NOT NULL
);

-- Paragraphs of a task, 1-based, with their source line; has_clause = ends with an agency clause.
CREATE TABLE task_paragraphs (
  task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  paragraph  INTEGER NOT NULL,
  line       INTEGER NOT NULL,
  text       TEXT NOT NULL,
  has_clause INTEGER NOT NULL CHECK (has_clause IN (0, 1)),
  PRIMARY KEY (task_id, paragraph)
);

-- Every name the document's clauses use, in first-use order; is_group for phrases naming no single body.
CREATE TABLE agencies (
  name      TEXT PRIMARY KEY,
  position  INTEGER NOT NULL,
  is_group  INTEGER NOT NULL CHECK (is_group IN (0, 1)),
  full_name TEXT
);

-- Directory aliases of the catalog's agencies (variant spellings, abbreviations).
CREATE TABLE agency_aliases (
  agency   TEXT NOT NULL REFERENCES agencies (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  alias    TEXT NOT NULL,
  PRIMARY KEY (agency, position)
);

-- One row per name of a paragraph's agency clause: role lead (牵头) or support, in text order.
CREATE TABLE assignments (
  task_id   TEXT NOT NULL,
  paragraph INTEGER NOT NULL,
  role      TEXT NOT NULL CHECK (role IN ('lead', 'support')),
  position  INTEGER NOT NULL,
  agency    TEXT NOT NULL REFERENCES agencies (name),
  PRIMARY KEY (task_id, paragraph, role, position),
  FOREIGN KEY (task_id, paragraph) REFERENCES task_paragraphs (task_id, paragraph) ON DELETE CASCADE
);
CREATE INDEX assignments_agency ON assignments (agency);

-- Goals with a deadline (T1…); task_id NULL for the general goals of 一(三).
CREATE TABLE targets (
  id       TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  deadline TEXT NOT NULL,               -- YYYY-MM-DD
  task_id  TEXT REFERENCES tasks (id)
);

CREATE TABLE target_responsible (
  target_id TEXT NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  agency    TEXT NOT NULL REFERENCES agencies (name),
  PRIMARY KEY (target_id, position)
);

-- Reporting duties the text states (O1…): to whom, due dates as a JSON array of MM-DD or NULL.
CREATE TABLE obligations (
  id       TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  to_name  TEXT NOT NULL,
  due      TEXT,
  task_id  TEXT REFERENCES tasks (id)
);

-- Who reports: canonical names or group phrases as written (各地、各部门), not necessarily agencies.
CREATE TABLE obligation_who (
  obligation_id TEXT NOT NULL REFERENCES obligations (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  PRIMARY KEY (obligation_id, position)
);

-- Names the text uses that the directory lacks (shown by `pprd import`).
CREATE TABLE catalog_warnings (
  position INTEGER PRIMARY KEY,
  name     TEXT NOT NULL
);
