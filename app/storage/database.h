// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

struct sqlite3;
struct st_mysql;

class QSqlError;
class QSqlQuery;

namespace memtap {

// One open connection to a memtap database, owned by the thread that opened
// it (QtSql connections must not cross threads): the GUI thread opens one for
// its models, the EventStore's writer thread its own.
//
// open() creates a SQLite file and its directory on first use, sets WAL mode
// and the pragmas memtap relies on, connects to MySQL/MariaDB through QMYSQL
// with the URL's TLS options (refusing an unencrypted connection when TLS is
// required), and brings the schema up to date (SchemaMigrator). Every error is
// one sentence saying what happened and what to do, and never contains the
// password.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    enum class Dialect { Sqlite, Mysql };

    struct OpenOptions
    {
        // For MySQL/MariaDB; when unset, DatabasePassword::find() is asked.
        std::optional<QString> password;
        // False: fail when the schema is not current instead of migrating it.
        bool migrate = true;
    };

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    static std::unique_ptr<Database> open(
        const DatabaseUrl &url, const OpenOptions &options, QString *error);
    static std::unique_ptr<Database> open(const DatabaseUrl &url, QString *error)
    {
        return open(url, OpenOptions(), error);
    }

    QSqlDatabase connection() const { return m_db; }
    Dialect dialect() const { return m_dialect; }
    bool isSqlite() const { return m_dialect == Dialect::Sqlite; }
    bool isMysql() const { return m_dialect == Dialect::Mysql; }
    const DatabaseUrl &url() const { return m_url; }
    int schemaVersion() const { return m_schemaVersion; }

    // The driver's native handles, for the writer's fast paths; null for the other dialect.
    sqlite3 *sqliteHandle() const;
    st_mysql *mysqlHandle() const;

    // Whether the MySQL server speaks MariaDB's bulk protocol (array binding).
    bool supportsBulkInsert() const;

    // A prepared query on this connection.
    QSqlQuery prepare(const QString &sql, QString *error) const;

    // The driver's message for error, without the password.
    QString describe(const QSqlError &error) const;
    QString scrub(QString message) const;

    // Checks that the connection still works (a cheap round trip).
    bool ping() const;

private:
    Database() = default;
    bool openSqlite(QString *error);
    bool openMysql(const OpenOptions &options, QString *error);
    bool execute(const QString &sql, QString *error);

    DatabaseUrl m_url;
    Dialect m_dialect = Dialect::Sqlite;
    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_password;
    int m_schemaVersion = 0;
};

} // namespace memtap
