-- SPDX-License-Identifier: GPL-2.0-or-later
-- live_timelines becomes a rowid table. A WITHOUT ROWID table keeps at most
-- about a kilobyte of a row in its b-tree page and moves the rest of a
-- timeline to an overflow page of its own, mostly empty: the table took twice
-- the size of its samples (25.6 MB of pages for 12.8 MB of timelines in the
-- storage benchmark's import). A rowid table keeps rows of up to about 4 KB in
-- the page, which covers nearly every timeline. The unique index takes the
-- part of the primary key: one timeline per process, looked up by session and
-- process key. Columns and encoding are unchanged (001_initial.sql).
CREATE TABLE live_timelines_rowid (
    session_id INTEGER NOT NULL,
    process_key INTEGER NOT NULL,
    sample_count INTEGER NOT NULL,
    samples BLOB NOT NULL,
    UNIQUE (session_id, process_key)
);

INSERT INTO live_timelines_rowid (session_id, process_key, sample_count, samples)
    SELECT session_id, process_key, sample_count, samples FROM live_timelines
    ORDER BY session_id, process_key;

DROP TABLE live_timelines;

ALTER TABLE live_timelines_rowid RENAME TO live_timelines;
