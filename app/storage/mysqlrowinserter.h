// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/rowinserter.h"

#include <QCoreApplication>

#include <array>
#include <cstdint>
#include <vector>

struct st_mysql;
struct st_mysql_stmt;

namespace memtap {

// RowInserter for MySQL/MariaDB through the native client library.
//
// With a MariaDB server it uses array binding (the bulk protocol,
// COM_STMT_BULK_EXECUTE): one prepared single-row INSERT executed for
// thousands of rows at once, values sent in binary, column by column. A
// MySQL server lacks that, so there it executes a prepared INSERT of
// rowsPerStatement rows at a time. Either way only bound values reach SQL.
class MysqlRowInserter final : public RowInserter
{
    Q_DECLARE_TR_FUNCTIONS(MysqlRowInserter)

public:
    static constexpr std::size_t bulkRows = 8192;
    static constexpr int rowsPerStatement = 256;

    ~MysqlRowInserter() override;

    static std::unique_ptr<MysqlRowInserter> create(st_mysql *mysql, bool useBulk, QString *error);

    bool insertEvents(std::int64_t sessionId, std::span<const EventRow> rows) override;
    bool insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows) override;
    bool upsertBlocks(std::int64_t sessionId, std::span<const BlockRow> rows) override;
    QString errorString() const override { return m_error; }

    bool usesBulk() const { return m_useBulk; }

private:
    MysqlRowInserter(st_mysql *mysql, bool useBulk);
    st_mysql_stmt *prepare(const QByteArray &sql);
    bool fail(st_mysql_stmt *statement);

    // Executes statement (one row of `columns` placeholders) for `rows` rows
    // whose values are in the column arrays.
    bool executeBulk(st_mysql_stmt *statement, std::size_t rows, std::size_t columns,
        const std::uint32_t unsignedColumns);
    bool executeRows(st_mysql_stmt *statement, std::size_t rows, std::size_t firstRow,
        std::size_t columns, std::uint32_t unsignedColumns);

    st_mysql *m_mysql = nullptr;
    bool m_useBulk = true;
    st_mysql_stmt *m_eventsOne = nullptr;
    st_mysql_stmt *m_eventsMany = nullptr;
    st_mysql_stmt *m_baselineOne = nullptr;
    st_mysql_stmt *m_blocksOne = nullptr;
    // Column-wise values of the rows being sent.
    std::array<std::vector<std::int64_t>, 17> m_columns;
    std::vector<const char *> m_texts;
    std::vector<unsigned long> m_textLengths;
    std::vector<char> m_textIndicators;
    QString m_error;
};

} // namespace memtap
