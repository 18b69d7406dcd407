// SPDX-License-Identifier: GPL-2.0-or-later
#include "database.h"

#include "storage/databasepassword.h"
#include "storage/schemamigrator.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <mysql.h>
#include <sqlite3.h>

namespace memtap {

namespace {

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("memtap-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

QString joinDriverText(const QSqlError &error)
{
    QString driverText = error.driverText().trimmed();
    const QString databaseText = error.databaseText().trimmed();
    if (!databaseText.isEmpty() && !driverText.contains(databaseText))
        driverText
            = driverText.isEmpty() ? databaseText : driverText + QLatin1String(": ") + databaseText;
    while (driverText.endsWith(u'.'))
        driverText.chop(1);
    return driverText;
}

} // namespace

Database::~Database()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

std::unique_ptr<Database> Database::open(
    const DatabaseUrl &url, const OpenOptions &options, QString *error)
{
    QString localError;
    QString &message = error ? *error : localError;
    if (!url.isValid()) {
        message = tr("No valid database URL was given.");
        return nullptr;
    }
    std::unique_ptr<Database> database(new Database);
    database->m_url = url;
    database->m_connectionName = newConnectionName();
    database->m_dialect = url.isSqlite() ? Dialect::Sqlite : Dialect::Mysql;
    const bool opened
        = url.isSqlite() ? database->openSqlite(&message) : database->openMysql(options, &message);
    if (!opened)
        return nullptr;

    SchemaMigrator migrator(*database);
    if (!migrator.run(options.migrate, &message))
        return nullptr;
    database->m_schemaVersion = migrator.version();
    return database;
}

bool Database::openSqlite(QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = tr("Qt's SQLite driver is not installed; install the package libqt6sql6-sqlite.");
        return false;
    }
    const QFileInfo file(m_url.path());
    if (!QDir().mkpath(file.absolutePath())) {
        *error = tr("Could not create the directory %1 for the database; check its permissions.")
                     .arg(file.absolutePath());
        return false;
    }
    if (file.exists() && !file.isFile()) {
        *error = tr("%1 is not a file; give the path of a SQLite database file.").arg(m_url.path());
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_url.path());
    // Readers and the writer share the file; wait for each other's locks
    // rather than fail.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    if (!m_db.open()) {
        *error = tr("Could not open the SQLite database %1: %2.")
                     .arg(m_url.path(), describe(m_db.lastError()));
        return false;
    }
    // WAL lets the GUI read while the writer commits; NORMAL synchronisation
    // is durable against application crashes and only risks the last
    // transactions on power loss, which WAL keeps consistent.
    const char *pragmas[] = {
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=OFF",
        "PRAGMA temp_store=MEMORY",
        "PRAGMA cache_size=-65536",
        "PRAGMA wal_autocheckpoint=4096",
    };
    for (const char *pragma : pragmas) {
        QSqlQuery query(m_db);
        if (!query.exec(QString::fromLatin1(pragma))) {
            const QString reason = describe(query.lastError());
            if (reason.contains(QLatin1String("not a database"))
                || reason.contains(QLatin1String("malformed"))) {
                *error = tr("%1 is not a SQLite database or is damaged (%2); give another file.")
                             .arg(m_url.path(), reason);
            } else {
                *error
                    = tr("Could not prepare the SQLite database %1: %2.").arg(m_url.path(), reason);
            }
            return false;
        }
        if (qstrcmp(pragma, "PRAGMA journal_mode=WAL") == 0 && query.next()
            && query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            *error = tr("The SQLite database %1 cannot use write-ahead logging (it answered "
                        "\"%2\"); put it on a local file system.")
                         .arg(m_url.path(), query.value(0).toString());
            return false;
        }
    }
    return true;
}

bool Database::openMysql(const OpenOptions &options, QString *error)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL"))) {
        *error = tr("Qt's MySQL/MariaDB driver is not installed; install the package "
                    "libqt6sql6-mysql.");
        return false;
    }
    DatabasePassword::Lookup lookup;
    if (options.password)
        lookup.password = options.password;
    else
        lookup = DatabasePassword::find(m_url);
    m_password = lookup.password.value_or(QString());

    QStringList connectOptions = {
        QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10"),
        // A server that stops answering must surface as an error, not a hang.
        QStringLiteral("MYSQL_OPT_READ_TIMEOUT=120"),
        QStringLiteral("MYSQL_OPT_WRITE_TIMEOUT=120"),
    };
    const DatabaseUrl::TlsMode tls = m_url.tlsMode();
    if (tls == DatabaseUrl::TlsMode::VerifyFull && QT_VERSION < QT_VERSION_CHECK(6, 5, 0)) {
        *error = tr("tls=verify-full needs Qt 6.5 or newer, whose MySQL driver can check the "
                    "server's host name; use tls=verify-ca with ca=FILE.");
        return false;
    }
    if (tls != DatabaseUrl::TlsMode::Disabled) {
        QString ca = m_url.tlsCaFile();
        if (tls == DatabaseUrl::TlsMode::VerifyCa || tls == DatabaseUrl::TlsMode::VerifyFull) {
            // The client library verifies the chain exactly when a CA is set.
            if (ca.isEmpty()) {
                connectOptions << QStringLiteral("SSL_CAPATH=/etc/ssl/certs");
            }
        }
        for (const QString &file : {ca, m_url.tlsCertFile(), m_url.tlsKeyFile()}) {
            if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
                *error = tr("The TLS file %1 named in the database URL cannot be read.").arg(file);
                return false;
            }
        }
        if (!ca.isEmpty())
            connectOptions << QStringLiteral("SSL_CA=") + ca;
        if (!m_url.tlsCertFile().isEmpty())
            connectOptions << QStringLiteral("SSL_CERT=") + m_url.tlsCertFile()
                           << QStringLiteral("SSL_KEY=") + m_url.tlsKeyFile();
        if (tls == DatabaseUrl::TlsMode::Required && ca.isEmpty() && m_url.tlsCertFile().isEmpty())
            // Any TLS option switches TLS on in the client library; a cipher
            // list does so without asking for verification.
            connectOptions << QStringLiteral("SSL_CIPHER=HIGH:!aNULL:!MD5");
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        if (tls == DatabaseUrl::TlsMode::VerifyFull)
            connectOptions << QStringLiteral("MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE");
#endif
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), m_connectionName);
    m_db.setHostName(m_url.host());
    m_db.setPort(m_url.port());
    m_db.setUserName(m_url.user());
    m_db.setDatabaseName(m_url.databaseName());
    m_db.setConnectOptions(connectOptions.join(u';'));
    const QString where = QStringLiteral("%1@%2:%3/%4")
                              .arg(m_url.user(), m_url.host())
                              .arg(m_url.port())
                              .arg(m_url.databaseName());
    const bool opened = lookup.password ? m_db.open(m_url.user(), m_password) : m_db.open();
    if (!opened) {
        QString reason = describe(m_db.lastError());
        QString hint;
        if (reason.contains(QLatin1String("Access denied"))) {
            if (!lookup.password) {
                hint = lookup.keychainProblem.isEmpty()
                    ? tr(" No password was given: set MEMTAP_DB_PASSWORD or store the password in "
                         "the keychain.")
                    : tr(" No password was given and the keychain could not be asked (%1): set "
                         "MEMTAP_DB_PASSWORD.")
                          .arg(lookup.keychainProblem);
            } else {
                hint = tr(" Check the user name and the password (taken from %1).")
                           .arg(lookup.source);
            }
        } else if (reason.contains(QLatin1String("certificate"), Qt::CaseInsensitive)
            || reason.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
            || reason.contains(QLatin1String("TLS"), Qt::CaseInsensitive)) {
            hint = tr(" The TLS connection failed (tls=%1); check the server's certificate and "
                      "the ca= file.")
                       .arg(DatabaseUrl::tlsModeName(tls));
        } else if (reason.contains(QLatin1String("Can't connect"))
            || reason.contains(QLatin1String("Unknown server host"))) {
            hint = tr(" Check that the server runs and that host and port are right.");
        }
        *error = tr("Could not connect to MySQL/MariaDB as %1: %2.%3").arg(where, reason, hint);
        return false;
    }

    if (tls != DatabaseUrl::TlsMode::Disabled) {
        QSqlQuery query(m_db);
        QString cipher;
        if (query.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) && query.next())
            cipher = query.value(1).toString();
        if (cipher.isEmpty()) {
            m_db.close();
            *error = tr("The MySQL/MariaDB server %1 did not encrypt the connection although the "
                        "database URL asks for tls=%2; enable TLS on the server or change the "
                        "URL.")
                         .arg(where, DatabaseUrl::tlsModeName(tls));
            return false;
        }
    }

    QString setupError;
    // Bound values only; strict mode turns silent truncation into errors.
    if (!execute(QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
                                "NO_ENGINE_SUBSTITUTION'"),
            &setupError)
        || !execute(QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"),
            &setupError)) {
        *error
            = tr("Could not prepare the MySQL/MariaDB connection %1: %2.").arg(where, setupError);
        return false;
    }
    return true;
}

bool Database::execute(const QString &sql, QString *error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    *error = describe(query.lastError());
    return false;
}

sqlite3 *Database::sqliteHandle() const
{
    if (m_dialect != Dialect::Sqlite || !m_db.isOpen())
        return nullptr;
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

st_mysql *Database::mysqlHandle() const
{
    if (m_dialect != Dialect::Mysql || !m_db.isOpen())
        return nullptr;
    const QVariant handle = m_db.driver()->handle();
    // The type name depends on how the client library spells the typedef.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "MYSQL*") != 0
            && qstrcmp(handle.typeName(), "st_mysql*") != 0))
        return nullptr;
    return *static_cast<MYSQL *const *>(handle.constData());
}

bool Database::supportsBulkInsert() const
{
    MYSQL *mysql = mysqlHandle();
    if (!mysql)
        return false;
    unsigned long capabilities = 0;
    if (mariadb_get_infov(mysql, MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &capabilities))
        return false;
    return (capabilities & (MARIADB_CLIENT_STMT_BULK_OPERATIONS >> 32)) != 0;
}

QSqlQuery Database::prepare(const QString &sql, QString *error) const
{
    QSqlQuery query(m_db);
    if (!query.prepare(sql) && error)
        *error = describe(query.lastError());
    return query;
}

QString Database::describe(const QSqlError &error) const
{
    return scrub(joinDriverText(error));
}

QString Database::scrub(QString message) const
{
    if (!m_password.isEmpty())
        message.replace(m_password, QStringLiteral("********"));
    return message;
}

bool Database::ping() const
{
    if (MYSQL *mysql = mysqlHandle())
        return mysql_ping(mysql) == 0;
    QSqlQuery query(m_db);
    return query.exec(QStringLiteral("SELECT 1"));
}

} // namespace memtap
