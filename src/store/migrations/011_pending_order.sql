-- Issue 11: a claim takes the oldest pending rows, 50 at a time. A partial index of the pending rows in
-- planned order hands them out in that order, instead of every pending row of the tick being fetched and
-- sorted again for each batch of 50 (failed rows due for a retry are few and keep deliveries_status).
CREATE INDEX deliveries_pending ON deliveries (planned_at, id) WHERE status = 'pending';
