// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "trace/event.h"

#include <QByteArray>

#include <QString>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace memtap {

class Database;

// The rows the writer produces, pointing into the batches it was given.
struct EventRow
{
    std::int64_t id = 0;
    std::int64_t nameId = 0;
    const Event *event = nullptr;
};

// A row of baseline_records: a snapshot with the map lines that followed it
// (packed), a cmdline record, or a map line outside any snapshot.
struct BaselineRow
{
    std::int64_t id = 0;
    std::int64_t afterEventId = 0;
    std::int64_t nameId = 0;
    const Event *event = nullptr;
    std::uint32_t recordCount = 1;
    QByteArray maps; // BaselineCodec; null without map lines
};

// Rows of block_counts_by_pid, _by_name and _by_call (sql/sqlite/001_initial.sql).
struct BlockRow
{
    std::int64_t blockNo = 0;
    std::int32_t pid = 0;
    std::int64_t nameId = 0;
    std::uint8_t call = 0;
    std::uint64_t eventCount = 0;
};

struct NameBlockRow
{
    std::int64_t blockNo = 0;
    std::int64_t nameId = 0;
    std::uint8_t call = 0;
    std::uint64_t eventCount = 0;
};

struct CallBlockRow
{
    std::int64_t blockNo = 0;
    std::uint8_t call = 0;
    std::uint64_t eventCount = 0;
};

struct BlockCounts
{
    std::vector<BlockRow> byPid;
    std::vector<NameBlockRow> byName;
    std::vector<CallBlockRow> byCall;

    void clear()
    {
        byPid.clear();
        byName.clear();
        byCall.clear();
    }
    bool empty() const { return byPid.empty(); }
};

struct ProcessRow
{
    const ProcessFigures *figures = nullptr;
    QByteArray userName; // UTF-8; null: unknown
};

struct TimelineRow
{
    std::uint64_t processKey = 0;
    std::uint32_t sampleCount = 0;
    QByteArray samples; // TimelineCodec
};

// The writer's inserts through the driver's native handle: QtSql binds value
// by value through QVariant and emulates batches row by row, which caps it
// far below the kernel's event rate (and a session's end writes thousands of
// process rows and timelines at once). Runs inside the
// writer's transaction, on the writer's thread; only bound values reach SQL.
class RowInserter
{
public:
    virtual ~RowInserter() = default;

    virtual bool insertEvents(std::int64_t sessionId, std::span<const EventRow> rows) = 0;
    virtual bool insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows) = 0;
    virtual bool insertBlockCounts(std::int64_t sessionId, const BlockCounts &counts) = 0;
    // Inserts or replaces the rows of these processes / timelines.
    virtual bool replaceProcesses(std::int64_t sessionId, std::span<const ProcessRow> rows) = 0;
    virtual bool replaceTimelines(std::int64_t sessionId, std::span<const TimelineRow> rows) = 0;

    // The reason of the last failure, in the database's words.
    virtual QString errorString() const = 0;

    // The inserter for database's dialect, or null and *error.
    struct Options
    {
        // MariaDB's bulk protocol where the server has it; off: multi-row
        // prepared INSERTs (what MySQL servers get).
        bool allowBulk = true;
    };
    static std::unique_ptr<RowInserter> create(
        Database &database, const Options &options, QString *error);
};

} // namespace memtap
