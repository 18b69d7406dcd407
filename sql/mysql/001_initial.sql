-- SPDX-License-Identifier: GPL-2.0-or-later
-- memtap schema 1 for MySQL/MariaDB: the logical schema of
-- sql/sqlite/001_initial.sql, where its design is explained. Differences:
-- InnoDB clusters every table by its primary key, which is what makes the
-- in-order appends to events cheap; the unsigned 64-bit fields are
-- BIGINT UNSIGNED; bytes are VARBINARY / BLOB. MySQL commits DDL implicitly,
-- so every statement here can be repeated (IF NOT EXISTS) should a migration
-- be interrupted.

CREATE TABLE IF NOT EXISTS sessions (
    id BIGINT NOT NULL AUTO_INCREMENT,
    source VARCHAR(16) NOT NULL,
    source_name TEXT,
    created_at_ns BIGINT NOT NULL,
    host VARBINARY(255),
    kernel_release VARCHAR(255),
    backend VARCHAR(32),
    format_version INT,
    mem_total_bytes BIGINT,
    page_size BIGINT,
    realtime_offset_ns BIGINT,
    baseline_start_ns BIGINT,
    first_ts_ns BIGINT,
    last_ts_ns BIGINT,
    ended_at_ns BIGINT,
    end_reason VARCHAR(64),
    event_count BIGINT NOT NULL DEFAULT 0,
    baseline_record_count BIGINT NOT NULL DEFAULT 0,
    lost_events BIGINT NOT NULL DEFAULT 0,
    malformed_lines BIGINT NOT NULL DEFAULT 0,
    block_size INT NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS names (
    id BIGINT NOT NULL AUTO_INCREMENT,
    name VARBINARY(255) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY names_name (name)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS events (
    session_id BIGINT NOT NULL,
    id BIGINT NOT NULL,
    ts_ns BIGINT NOT NULL,
    pid INT NOT NULL,
    tid INT NOT NULL,
    ppid INT NOT NULL,
    uid BIGINT NOT NULL,
    call_type TINYINT UNSIGNED NOT NULL,
    address BIGINT UNSIGNED NOT NULL,
    length BIGINT UNSIGNED NOT NULL,
    prot BIGINT UNSIGNED NOT NULL,
    flags BIGINT UNSIGNED NOT NULL,
    fd BIGINT NOT NULL,
    offset_value BIGINT UNSIGNED NOT NULL,
    result BIGINT NOT NULL,
    name_id BIGINT NOT NULL,
    PRIMARY KEY (session_id, id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS block_counts_by_pid (
    session_id BIGINT NOT NULL,
    pid INT NOT NULL,
    block_no BIGINT NOT NULL,
    name_id BIGINT NOT NULL,
    call_type TINYINT UNSIGNED NOT NULL,
    event_count BIGINT NOT NULL,
    PRIMARY KEY (session_id, pid, block_no, name_id, call_type)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS block_counts_by_name (
    session_id BIGINT NOT NULL,
    name_id BIGINT NOT NULL,
    call_type TINYINT UNSIGNED NOT NULL,
    block_no BIGINT NOT NULL,
    event_count BIGINT NOT NULL,
    PRIMARY KEY (session_id, name_id, call_type, block_no)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS block_counts_by_call (
    session_id BIGINT NOT NULL,
    call_type TINYINT UNSIGNED NOT NULL,
    block_no BIGINT NOT NULL,
    event_count BIGINT NOT NULL,
    PRIMARY KEY (session_id, call_type, block_no)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS baseline_records (
    session_id BIGINT NOT NULL,
    id BIGINT NOT NULL,
    after_event_id BIGINT NOT NULL,
    ts_ns BIGINT NOT NULL,
    pid INT NOT NULL,
    tid INT NOT NULL,
    ppid INT NOT NULL,
    uid BIGINT NOT NULL,
    call_type TINYINT UNSIGNED NOT NULL,
    address BIGINT UNSIGNED NOT NULL,
    length BIGINT UNSIGNED NOT NULL,
    prot BIGINT UNSIGNED NOT NULL,
    flags BIGINT UNSIGNED NOT NULL,
    fd BIGINT NOT NULL,
    offset_value BIGINT UNSIGNED NOT NULL,
    result BIGINT NOT NULL,
    name_id BIGINT NOT NULL,
    text MEDIUMBLOB,
    record_count INT NOT NULL,
    maps MEDIUMBLOB,
    PRIMARY KEY (session_id, id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS processes (
    session_id BIGINT NOT NULL,
    process_key BIGINT UNSIGNED NOT NULL,
    pid INT NOT NULL,
    ppid INT NOT NULL,
    uid BIGINT NOT NULL,
    user_name VARCHAR(255),
    name VARBINARY(255) NOT NULL,
    cmdline MEDIUMBLOB,
    first_seen_ns BIGINT NOT NULL,
    last_seen_ns BIGINT NOT NULL,
    exit_ns BIGINT,
    exit_status BIGINT NOT NULL,
    mmap_calls BIGINT UNSIGNED NOT NULL,
    munmap_calls BIGINT UNSIGNED NOT NULL,
    mremap_calls BIGINT UNSIGNED NOT NULL,
    brk_calls BIGINT UNSIGNED NOT NULL,
    failed_calls BIGINT UNSIGNED NOT NULL,
    requested_bytes BIGINT UNSIGNED NOT NULL,
    released_bytes BIGINT UNSIGNED NOT NULL,
    live_bytes BIGINT UNSIGNED NOT NULL,
    live_anonymous_bytes BIGINT UNSIGNED NOT NULL,
    live_file_bytes BIGINT UNSIGNED NOT NULL,
    live_private_bytes BIGINT UNSIGNED NOT NULL,
    live_shared_bytes BIGINT UNSIGNED NOT NULL,
    live_exact TINYINT NOT NULL,
    PRIMARY KEY (session_id, process_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS live_timelines (
    session_id BIGINT NOT NULL,
    process_key BIGINT UNSIGNED NOT NULL,
    sample_count INT NOT NULL,
    samples MEDIUMBLOB NOT NULL,
    PRIMARY KEY (session_id, process_key)
) ENGINE=InnoDB;
