// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

struct sqlite3;
struct sqlite3_stmt;

namespace memtap {

// A prepared statement on the native handle of a QSQLITE connection, for the
// reads that return tens of thousands of rows, where QSqlQuery's QVariant per
// value costs more than SQLite itself. Use it in the connection's thread only.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_statement != nullptr; }
    void bind(int index, std::int64_t value); // 1-based
    // The next row; false at the end or on an error (errorString()).
    bool next();
    // Back to before the first row, to run again with new bindings.
    void reset();
    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }

    std::int64_t int64(int column) const; // 0-based
    std::uint64_t uint64(int column) const { return std::uint64_t(int64(column)); }
    bool isNull(int column) const;
    QByteArray bytes(int column) const; // null for NULL
    QString text(int column) const; // null for NULL

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    QString m_error;
};

} // namespace memtap
