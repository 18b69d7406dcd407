// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/rowinserter.h"

#include <QCoreApplication>

struct sqlite3;
struct sqlite3_stmt;

namespace memtap {

// RowInserter for SQLite through the native sqlite3 API: persistent prepared
// statements that insert rowsPerStatement rows per step (one VDBE program run
// per 64 rows instead of per row), the remainder row by row.
class SqliteRowInserter final : public RowInserter
{
    Q_DECLARE_TR_FUNCTIONS(SqliteRowInserter)

public:
    static constexpr int rowsPerStatement = 64;

    ~SqliteRowInserter() override;

    static std::unique_ptr<SqliteRowInserter> create(sqlite3 *db, QString *error);

    bool insertEvents(std::int64_t sessionId, std::span<const EventRow> rows) override;
    bool insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows) override;
    bool upsertBlocks(std::int64_t sessionId, std::span<const BlockRow> rows) override;
    QString errorString() const override { return m_error; }

private:
    explicit SqliteRowInserter(sqlite3 *db);
    sqlite3_stmt *prepare(const QByteArray &sql);
    bool step(sqlite3_stmt *statement);
    bool failBind(int code);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_eventsMany = nullptr;
    sqlite3_stmt *m_eventsOne = nullptr;
    sqlite3_stmt *m_baselineOne = nullptr;
    sqlite3_stmt *m_blocksOne = nullptr;
    QString m_error;
};

} // namespace memtap
