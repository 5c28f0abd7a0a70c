-- Tick cost (issue 11): what a tick and the status read of the store follows what changed, not the
-- rows stored.
--
-- 1. records_version: a counter bumped by every write to the planner's records (submissions,
--    excusals, extensions, target progress and outcomes, rounds before deployment; undo is an UPDATE), by any connection or
--    process. The service keeps its plan while the counter (and its config and day) are unchanged.
CREATE TABLE records_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO records_version (id, n) VALUES (1, 0);

CREATE TRIGGER submissions_version_ins AFTER INSERT ON submissions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER submissions_version_upd AFTER UPDATE ON submissions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER submissions_version_del AFTER DELETE ON submissions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER excusals_version_ins AFTER INSERT ON excusals BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER excusals_version_upd AFTER UPDATE ON excusals BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER excusals_version_del AFTER DELETE ON excusals BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER extensions_version_ins AFTER INSERT ON extensions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER extensions_version_upd AFTER UPDATE ON extensions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER extensions_version_del AFTER DELETE ON extensions BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_progress_version_ins AFTER INSERT ON target_progress BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_progress_version_upd AFTER UPDATE ON target_progress BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_progress_version_del AFTER DELETE ON target_progress BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_outcomes_version_ins AFTER INSERT ON target_outcomes BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_outcomes_version_upd AFTER UPDATE ON target_outcomes BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER target_outcomes_version_del AFTER DELETE ON target_outcomes BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER before_deployment_version_ins AFTER INSERT ON before_deployment BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER before_deployment_version_upd AFTER UPDATE ON before_deployment BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER before_deployment_version_del AFTER DELETE ON before_deployment BEGIN UPDATE records_version SET n = n + 1 WHERE id = 1; END;

-- 2. delivery_escalated: one indexed row per occurrence whose escalation reached a coordinator (a
--    per-occurrence escalation reminder sent, or an occurrence `listed` by a sent folded escalation),
--    filled by triggers when a row becomes `sent`, so status no longer expands every row's JSON.
CREATE TABLE delivery_escalated (
  occurrence_key TEXT NOT NULL,
  delivery_key   TEXT NOT NULL,
  PRIMARY KEY (occurrence_key, delivery_key)
) WITHOUT ROWID;

INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
  SELECT occurrence_key, key FROM deliveries
   WHERE status = 'sent' AND source = 'reminder' AND key LIKE '%/escalation/%' AND occurrence_key IS NOT NULL;
INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
  SELECT j.value, d.key FROM deliveries d, json_each(d.listed) j WHERE d.status = 'sent' AND d.source = 'reminder' AND d.listed IS NOT NULL;

CREATE TRIGGER deliveries_escalated_upd AFTER UPDATE OF status, listed ON deliveries
  WHEN NEW.status = 'sent' AND NEW.source = 'reminder'
BEGIN
  INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
    SELECT NEW.occurrence_key, NEW.key WHERE NEW.key LIKE '%/escalation/%' AND NEW.occurrence_key IS NOT NULL;
  INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
    SELECT value, NEW.key FROM json_each(NEW.listed) WHERE NEW.listed IS NOT NULL;
END;
CREATE TRIGGER deliveries_escalated_ins AFTER INSERT ON deliveries
  WHEN NEW.status = 'sent' AND NEW.source = 'reminder'
BEGIN
  INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
    SELECT NEW.occurrence_key, NEW.key WHERE NEW.key LIKE '%/escalation/%' AND NEW.occurrence_key IS NOT NULL;
  INSERT OR IGNORE INTO delivery_escalated (occurrence_key, delivery_key)
    SELECT value, NEW.key FROM json_each(NEW.listed) WHERE NEW.listed IS NOT NULL;
END;

-- 3. Reminders waiting for a contact (skipped, no-contact) are read by every tick: a partial index
--    holds only them (skipped rows are most of the history).
CREATE INDEX deliveries_no_contact ON deliveries (key) WHERE status = 'skipped' AND reason = 'no-contact' AND source = 'reminder' AND channel = '*';
