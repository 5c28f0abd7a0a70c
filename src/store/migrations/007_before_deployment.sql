-- Rounds before deployment (issue 14 item 4, `pprd history --until PERIOD`): per cycle, the last original
-- due date whose rounds were before the product was deployed. Their occurrences with no submission or
-- excusal are `before-deployment` (not submitted, not overdue, never reminded). The latest live row of a
-- cycle wins; an undo stamps `undone_at`/`undone_by` (nothing is deleted).
CREATE TABLE before_deployment (
  id           INTEGER PRIMARY KEY,
  cycle        TEXT NOT NULL,          -- cycle id, e.g. half-yearly, target:T5
  until_period TEXT NOT NULL,          -- the period label given, e.g. 2026H1
  through_date TEXT NOT NULL,          -- YYYY-MM-DD: last original due date covered
  by           TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  undone_at    TEXT,
  undone_by    TEXT
);
CREATE INDEX before_deployment_cycle ON before_deployment (cycle);
