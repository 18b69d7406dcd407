-- SPDX-License-Identifier: GPL-2.0-or-later
-- memtap schema 1 for SQLite. sql/mysql/001_initial.sql is the same logical
-- schema for MySQL/MariaDB; keep the two in step (sql/README.md).
--
-- How this schema keeps up with the kernel and still answers the GUI at once
-- (figures measured on the 2-core reference machine, see sql/README.md):
--
-- * events has no secondary index. Every index on it costs more than the
--   table itself: rows arrive in key order and append at the end of one
--   B-tree (1.1-1.4 M rows/s through the native API), while one extra
--   (session, pid, id) index scatters every insert and drops that to ~0.3 M.
-- * Instead, the writer counts the events of each completed block of
--   block_size consecutive ids (sessions.block_size) and stores the counts,
--   in the same transaction as the block's successors, in three small tables
--   clustered for the three ways the request log is filtered:
--     block_counts_by_pid   per (pid, block, name, call): pid filters and
--                           pid + name / call combinations;
--     block_counts_by_name  per (name, call, block): name filters, name + call;
--     block_counts_by_call  per (call, block): call filters.
--   A filter reads one contiguous key range of one table, at most a few rows
--   per block, and gets both answers a paged view needs: how many rows match
--   (the sum) and which block holds matching row k (the running sum).
--   Readers count the one block still being filled from its events. The rows
--   themselves are then read from the blocks with matches by key range: a
--   page touches at most one block per row it shows, usually one in all.
-- * ids are numbered 1, 2, 3, ... per session in stream order, so row k of
--   the unfiltered view is id k + 1 and sessions.event_count is its row
--   count: nothing is ever counted by scanning.
-- * Process figures come from the Accountant (naive counters and exact live
--   bytes) and are upserted at a bounded rate; they are never recomputed here.
--
-- No foreign keys on purpose: checking one per event row would cost a lookup
-- per insert; the writer is the only one that inserts and keeps ids consistent.
--
-- SQLite integers are signed 64-bit: the unsigned 64-bit fields (address,
-- length, prot, flags, offset_value) are stored as their two's-complement bit
-- pattern and converted back when read. Names, host names, paths and command
-- lines are bytes (BLOB), stored and returned byte for byte.

-- One capture (memtapctl record, the GUI) or one imported trace.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,                  -- 'record' or 'import'
    source_name TEXT,                      -- the imported file, as given
    created_at_ns INTEGER NOT NULL,        -- wall clock (UTC ns) when the session was opened here
    host BLOB,                             -- host that recorded the trace (#meta host)
    kernel_release TEXT,
    backend TEXT,                          -- 'stap' or 'bpftrace'
    format_version INTEGER,
    mem_total_bytes INTEGER,               -- MemTotal of the recording host; NULL when unknown
    page_size INTEGER,
    realtime_offset_ns INTEGER,            -- CLOCK_REALTIME - CLOCK_MONOTONIC; NULL when unknown
    baseline_start_ns INTEGER,
    first_ts_ns INTEGER,                   -- CLOCK_MONOTONIC of the first and last stored record
    last_ts_ns INTEGER,
    ended_at_ns INTEGER,                   -- wall clock (UTC ns) when the session ended here
    end_reason TEXT,                       -- NULL while recording (or when the recorder died)
    event_count INTEGER NOT NULL DEFAULT 0,
    baseline_record_count INTEGER NOT NULL DEFAULT 0,
    lost_events INTEGER NOT NULL DEFAULT 0,
    malformed_lines INTEGER NOT NULL DEFAULT 0,
    block_size INTEGER NOT NULL
);

-- Distinct process names (comm), shared by all sessions.
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    name BLOB NOT NULL UNIQUE
);

-- Every memory call and process life-cycle record, in stream order.
CREATE TABLE events (
    session_id INTEGER NOT NULL,
    id INTEGER NOT NULL,                   -- 1, 2, 3, ... within the session
    ts_ns INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    tid INTEGER NOT NULL,
    ppid INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    call_type INTEGER NOT NULL,            -- enum memtap::Call
    address INTEGER NOT NULL,
    length INTEGER NOT NULL,
    prot INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    fd INTEGER NOT NULL,
    offset_value INTEGER NOT NULL,
    result INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    PRIMARY KEY (session_id, id)
) WITHOUT ROWID;

-- Events per completed block of consecutive ids, see above. The last,
-- partial block of a session is added when the session ends.
CREATE TABLE block_counts_by_pid (
    session_id INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    block_no INTEGER NOT NULL,             -- (id - 1) / sessions.block_size
    name_id INTEGER NOT NULL,
    call_type INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    PRIMARY KEY (session_id, pid, block_no, name_id, call_type)
) WITHOUT ROWID;

CREATE TABLE block_counts_by_name (
    session_id INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    call_type INTEGER NOT NULL,
    block_no INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    PRIMARY KEY (session_id, name_id, call_type, block_no)
) WITHOUT ROWID;

CREATE TABLE block_counts_by_call (
    session_id INTEGER NOT NULL,
    call_type INTEGER NOT NULL,
    block_no INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    PRIMARY KEY (session_id, call_type, block_no)
) WITHOUT ROWID;

-- The helper's snapshot, map and cmdline records (state read from /proc, not
-- calls), kept apart from events, with the id of the event they followed so
-- that the stream can be replayed in its original order. A snapshot and the
-- map lines that follow it (one per line of /proc/PID/maps, hundreds for a
-- large process) are one row: the snapshot's own fields, and the map lines
-- packed into maps (BaselineCodec, app/storage/baselinecodec.h). A capture
-- of a busy machine has about one map line for every two calls, and one row
-- per map line cost as much as the calls themselves. record_count is the
-- number of records (lines) a row stands for.
CREATE TABLE baseline_records (
    session_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    after_event_id INTEGER NOT NULL,
    ts_ns INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    tid INTEGER NOT NULL,
    ppid INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    call_type INTEGER NOT NULL,
    address INTEGER NOT NULL,
    length INTEGER NOT NULL,
    prot INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    fd INTEGER NOT NULL,
    offset_value INTEGER NOT NULL,
    result INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    text BLOB,                             -- map: the path; cmdline: NUL-separated arguments
    record_count INTEGER NOT NULL,
    maps BLOB,                             -- snapshot: its map lines, packed
    PRIMARY KEY (session_id, id)
) WITHOUT ROWID;

-- One row per process incarnation (a reused pid gets a new process_key),
-- written from the Accountant's ProcessFigures.
CREATE TABLE processes (
    session_id INTEGER NOT NULL,
    process_key INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    ppid INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    user_name TEXT,                        -- resolved on the recording host; NULL when unknown
    name BLOB NOT NULL,
    cmdline BLOB,
    first_seen_ns INTEGER NOT NULL,
    last_seen_ns INTEGER NOT NULL,
    exit_ns INTEGER,                       -- NULL while alive
    exit_status INTEGER NOT NULL,
    mmap_calls INTEGER NOT NULL,
    munmap_calls INTEGER NOT NULL,
    mremap_calls INTEGER NOT NULL,
    brk_calls INTEGER NOT NULL,
    failed_calls INTEGER NOT NULL,
    requested_bytes INTEGER NOT NULL,
    released_bytes INTEGER NOT NULL,
    live_bytes INTEGER NOT NULL,
    live_anonymous_bytes INTEGER NOT NULL,
    live_file_bytes INTEGER NOT NULL,
    live_private_bytes INTEGER NOT NULL,
    live_shared_bytes INTEGER NOT NULL,
    live_exact INTEGER NOT NULL,
    PRIMARY KEY (session_id, process_key)
) WITHOUT ROWID;

-- The Accountant's decimated live-bytes timeline of each process (up to about
-- a thousand samples), for the chart. One row per process: storing the
-- samples as rows cost as much as the events themselves (a trace with
-- thousands of short-lived processes has more samples than calls), and the
-- chart always reads a process's timeline whole. samples is the sequence of
-- (ts_ns, live_bytes) pairs in time order, each pair as two LEB128 varints of
-- the zigzag-encoded differences to the previous pair (the first to (0, 0));
-- see app/storage/timelinecodec.h.
CREATE TABLE live_timelines (
    session_id INTEGER NOT NULL,
    process_key INTEGER NOT NULL,
    sample_count INTEGER NOT NULL,
    samples BLOB NOT NULL,
    PRIMARY KEY (session_id, process_key)
) WITHOUT ROWID;
