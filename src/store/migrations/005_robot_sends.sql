-- Group robots (issue 13): each message posted to a WeCom / DingTalk / Feishu robot, by robot and wall-clock
-- instant, so that the per-robot rate limit (e.g. 20 messages a minute) holds across ticks, processes and
-- restarts. Rows older than the longest window are pruned when a send is reserved.
CREATE TABLE robot_sends (
  robot TEXT NOT NULL,      -- the robot's channel name, `<kind>:<name>`
  sent_at INTEGER NOT NULL  -- ms since the Unix epoch (wall clock), reserved just before the POST
);
CREATE INDEX robot_sends_by_robot ON robot_sends (robot, sent_at);
