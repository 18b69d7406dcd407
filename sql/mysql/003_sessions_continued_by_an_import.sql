-- SPDX-License-Identifier: GPL-2.0-or-later
-- A session imported from a file of records that the database had not taken
-- when another session's writing stopped (memtap/unstored/session-N-unstored.v1)
-- names that session here; NULL for every other session.
ALTER TABLE sessions ADD COLUMN continues_session BIGINT NULL;
