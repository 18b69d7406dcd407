// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/rowinserter.h"

#include <QByteArray>
#include <QCoreApplication>

struct sqlite3;
struct sqlite3_stmt;

namespace memtap {

// RowInserter for SQLite through the native sqlite3 API: for each table a
// persistent prepared statement inserting rowsPerStatement rows per step (one
// VDBE program run per 64 rows instead of per row) and one for the remainder.
class SqliteRowInserter final : public RowInserter
{
    Q_DECLARE_TR_FUNCTIONS(SqliteRowInserter)

public:
    static constexpr int rowsPerStatement = 64;

    ~SqliteRowInserter() override;

    static std::unique_ptr<SqliteRowInserter> create(sqlite3 *db, QString *error);

    bool insertEvents(std::int64_t sessionId, std::span<const EventRow> rows) override;
    bool insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows) override;
    bool insertBlockCounts(std::int64_t sessionId, const BlockCounts &counts) override;
    bool replaceProcesses(std::int64_t sessionId, std::span<const ProcessRow> rows) override;
    bool replaceTimelines(std::int64_t sessionId, std::span<const TimelineRow> rows) override;
    QString errorString() const override { return m_error; }

private:
    struct Statement
    {
        sqlite3_stmt *many = nullptr;
        sqlite3_stmt *one = nullptr;
        int columns = 0;
    };

    explicit SqliteRowInserter(sqlite3 *db);
    bool prepare(Statement &statement, const QByteArray &head, int columns);
    template<typename Row, typename Bind>
    bool insert(Statement &statement, std::span<const Row> rows, Bind bind);
    bool step(sqlite3_stmt *statement);

    sqlite3 *m_db = nullptr;
    Statement m_events;
    Statement m_baseline;
    Statement m_blocksByPid;
    Statement m_blocksByName;
    Statement m_blocksByCall;
    Statement m_processes;
    Statement m_timelines;
    QString m_error;
};

} // namespace memtap
