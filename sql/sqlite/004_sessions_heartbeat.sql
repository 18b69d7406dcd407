-- SPDX-License-Identifier: GPL-2.0-or-later
-- While a session is open, its writer sets heartbeat_at_ns (wall clock, UTC
-- ns, of the writer's host) with every commit and at least every 30 seconds
-- when idle. A session without end_reason whose heartbeat is older than two
-- minutes was interrupted: its writer was killed, crashed or lost the
-- database, and nothing will end it.
ALTER TABLE sessions ADD COLUMN heartbeat_at_ns INTEGER;
-- Sessions left open before there were heartbeats have been silent since
-- they were opened.
UPDATE sessions SET heartbeat_at_ns = created_at_ns WHERE end_reason IS NULL;
