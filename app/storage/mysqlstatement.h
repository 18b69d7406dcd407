// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

struct st_mysql;
struct st_mysql_stmt;

namespace memtap {

// A prepared statement on the native handle of a QMYSQL connection, with the
// results in binary form, for the reads that return tens of thousands of
// rows, where QSqlQuery's QVariant per value costs more than the server.
// Parameters are bound (integers only); use it in the connection's thread.
class MysqlStatement
{
public:
    MysqlStatement(st_mysql *mysql, const QByteArray &sql);
    ~MysqlStatement();
    MysqlStatement(const MysqlStatement &) = delete;
    MysqlStatement &operator=(const MysqlStatement &) = delete;

    // Parameters in order; then execute().
    void addInt64(std::int64_t value);
    bool execute();
    // The next row; false at the end or on an error (errorString()).
    bool next();
    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }

    std::int64_t int64(int column) const;
    std::uint64_t uint64(int column) const { return std::uint64_t(int64(column)); }
    bool isNull(int column) const;
    QByteArray bytes(int column) const; // null for NULL
    QString text(int column) const
    {
        return isNull(column) ? QString() : QString::fromUtf8(bytes(column));
    }

private:
    struct Column
    {
        bool isInteger = false;
        std::int64_t integer = 0;
        QByteArray data; // the bound buffer, never reallocated
        QByteArray longValue; // a value longer than data, fetched whole
        unsigned long length = 0;
        char isNull = 0;
        char error = 0;
    };
    bool fail();

    st_mysql *m_mysql;
    st_mysql_stmt *m_statement = nullptr;
    std::vector<std::int64_t> m_parameters;
    std::vector<Column> m_columns;
    std::vector<char> m_resultBinds;
    QString m_error;
};

} // namespace memtap
