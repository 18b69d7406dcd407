// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/rowinserter.h"

#include <QByteArray>
#include <QCoreApplication>

#include <cstdint>
#include <vector>

struct st_mysql;
struct st_mysql_stmt;

namespace memtap {

// RowInserter for MySQL/MariaDB through the native client library.
//
// With a MariaDB server it uses array binding (the bulk protocol,
// COM_STMT_BULK_EXECUTE): one prepared single-row statement executed for
// thousands of rows at once, values sent in binary, column by column. A
// MySQL server lacks that, so there it executes a prepared statement of
// rowsPerStatement rows at a time. Either way only bound values reach SQL.
class MysqlRowInserter final : public RowInserter
{
    Q_DECLARE_TR_FUNCTIONS(MysqlRowInserter)

public:
    static constexpr std::size_t bulkRows = 8192;
    static constexpr int rowsPerStatement = 128;

    // The values of up to bulkRows rows, column by column.
    class Columns
    {
    public:
        enum class Type { Signed, Unsigned, Bytes, Text };

        explicit Columns(std::vector<Type> types);
        std::size_t count() const { return m_types.size(); }
        void resize(std::size_t rows);
        void set(std::size_t column, std::size_t row, std::int64_t value)
        {
            m_values[column][row] = value;
            m_indicators[column][row] = 0;
        }
        void setUnsigned(std::size_t column, std::size_t row, std::uint64_t value)
        {
            set(column, row, static_cast<std::int64_t>(value));
        }
        // data must stay valid until the statement ran.
        void setBytes(std::size_t column, std::size_t row, const QByteArray &data);
        void setNull(std::size_t column, std::size_t row);

        // MYSQL_BINDs of all rows, column-wise (array binding).
        void bindColumns(void *binds);
        // MYSQL_BINDs of rows [first, first + rows), one after the other.
        void bindRows(std::size_t first, std::size_t rows, void *binds);

    private:
        std::vector<Type> m_types;
        std::vector<std::vector<std::int64_t>> m_values;
        std::vector<std::vector<const char *>> m_data;
        std::vector<std::vector<unsigned long>> m_lengths;
        std::vector<std::vector<char>> m_indicators;
    };

    ~MysqlRowInserter() override;

    static std::unique_ptr<MysqlRowInserter> create(st_mysql *mysql, bool useBulk, QString *error);

    bool insertEvents(std::int64_t sessionId, std::span<const EventRow> rows) override;
    bool insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows) override;
    bool insertBlockCounts(std::int64_t sessionId, const BlockCounts &counts) override;
    bool replaceProcesses(std::int64_t sessionId, std::span<const ProcessRow> rows) override;
    bool replaceTimelines(std::int64_t sessionId, std::span<const TimelineRow> rows) override;
    QString errorString() const override { return m_error; }

    bool usesBulk() const { return m_useBulk; }

private:
    struct Statement
    {
        st_mysql_stmt *one = nullptr;
        st_mysql_stmt *many = nullptr; // without bulk
        Columns columns;
    };

    MysqlRowInserter(st_mysql *mysql, bool useBulk);
    bool prepare(Statement &statement, const QByteArray &head);
    st_mysql_stmt *prepareStatement(const QByteArray &sql);
    bool fail(st_mysql_stmt *statement);
    // Sends rows rows of statement's columns.
    bool execute(Statement &statement, std::size_t rows);
    template<typename Row, typename Fill>
    bool insert(Statement &statement, std::span<const Row> rows, Fill fill);
    static std::size_t setRecordFields(
        Columns &c, std::size_t i, std::size_t first, const Event &e);

    st_mysql *m_mysql = nullptr;
    bool m_useBulk = true;
    Statement m_events;
    Statement m_baseline;
    Statement m_blocksByPid;
    Statement m_blocksByName;
    Statement m_blocksByCall;
    Statement m_processes;
    Statement m_timelines;
    std::vector<char> m_bindBuffer;
    QString m_error;
};

} // namespace memtap
