-- Tick cost (issue 11): a tick checks only the reminder keys it plans against the store, by index,
-- instead of reading every delivery row ever written. A folded escalation's `covers` (a JSON array)
-- is kept here too, one indexed row per covered reminder key; a trigger fills it on every insert so
-- no writer can forget it, and the rows already stored are copied once.
CREATE TABLE delivery_covers (
  -- A reminder key (`cycle/period/agency/escalation/-5`) the folded row decided.
  covered_key  TEXT NOT NULL,
  -- The folded escalation's delivery key (`escalation:<cycle>/<period>/<date>[#n]`).
  delivery_key TEXT NOT NULL,
  source       TEXT NOT NULL,
  PRIMARY KEY (covered_key, delivery_key)
) WITHOUT ROWID;

INSERT OR IGNORE INTO delivery_covers (covered_key, delivery_key, source)
  SELECT j.value, d.key, d.source FROM deliveries d, json_each(d.covers) j WHERE d.covers IS NOT NULL;

CREATE TRIGGER deliveries_covers AFTER INSERT ON deliveries WHEN NEW.covers IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO delivery_covers (covered_key, delivery_key, source) SELECT value, NEW.key, NEW.source FROM json_each(NEW.covers);
END;
