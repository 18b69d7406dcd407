// SPDX-License-Identifier: GPL-2.0-or-later
#include "rowinserter.h"

#include "storage/database.h"
#include "storage/mysqlrowinserter.h"
#include "storage/sqliterowinserter.h"

#include <QCoreApplication>

namespace memtap {

std::unique_ptr<RowInserter> RowInserter::create(
    Database &database, const Options &options, QString *error)
{
    if (database.isSqlite()) {
        sqlite3 *handle = database.sqliteHandle();
        if (!handle) {
            *error = QCoreApplication::translate(
                "RowInserter", "Qt's SQLite driver does not expose its sqlite3 handle");
            return nullptr;
        }
        return SqliteRowInserter::create(handle, error);
    }
    st_mysql *handle = database.mysqlHandle();
    if (!handle) {
        *error = QCoreApplication::translate(
            "RowInserter", "Qt's MySQL driver does not expose its MYSQL handle");
        return nullptr;
    }
    return MysqlRowInserter::create(
        handle, options.allowBulk && database.supportsBulkInsert(), error);
}

} // namespace memtap
