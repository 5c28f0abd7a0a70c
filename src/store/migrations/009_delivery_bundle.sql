-- One message per recipient, channel and day (issue 14 item 2): rows decided for the same recipient and
-- channel on the same local day carry the same `bundle` (`<date>|<channel>|<recipient>`), are claimed
-- together and sent as one message; each row keeps its own status, so "sent once" and "a submitted
-- occurrence gets nothing more" still hold per reminder. NULL: sent on its own (bundling off, old rows).
ALTER TABLE deliveries ADD COLUMN bundle TEXT;
CREATE INDEX deliveries_bundle ON deliveries (bundle) WHERE bundle IS NOT NULL;
