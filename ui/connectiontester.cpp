// SPDX-License-Identifier: GPL-2.0-or-later
#include "connectiontester.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent>

namespace memtap {

namespace {

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("memtap-connection-test-%1").arg(counter.fetchAndAddRelaxed(1));
}

// The driver's text without the password, which some messages echo.
QString driverMessage(const QSqlError &error, const QString &password)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    if (!password.isEmpty())
        text.replace(password, QStringLiteral("****"));
    while (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

ConnectionTester::Result testSqlite(const QString &path)
{
    if (path.isEmpty())
        return {false,
            ConnectionTester::tr("No SQLite file is set; choose one or restore the default.")};
    const QFileInfo file(path);
    if (!file.exists()) {
        // Find the nearest existing directory: memtap creates the rest.
        QDir directory = file.absoluteDir();
        while (!QFileInfo::exists(directory.path()) && !directory.isRoot())
            directory.setPath(QFileInfo(directory.path()).absolutePath());
        if (!QFileInfo(directory.path()).isDir())
            return {false,
                ConnectionTester::tr("memtap cannot create %1 because %2 is not a folder; choose "
                                     "another place.")
                    .arg(QDir::toNativeSeparators(path),
                        QDir::toNativeSeparators(directory.path()))};
        if (!QFileInfo(directory.path()).isWritable())
            return {false,
                ConnectionTester::tr("memtap cannot create %1 because %2 is not writable; choose "
                                     "another place.")
                    .arg(QDir::toNativeSeparators(path),
                        QDir::toNativeSeparators(directory.path()))};
        return {true,
            ConnectionTester::tr("The file %1 does not exist yet; memtap will create it when it "
                                 "first stores a session.")
                .arg(QDir::toNativeSeparators(path))};
    }
    if (!file.isFile())
        return {false,
            ConnectionTester::tr("%1 is not a file; choose a file name.")
                .arg(QDir::toNativeSeparators(path))};

    const QString name = uniqueConnectionName();
    ConnectionTester::Result result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QSqlQuery query(db);
        if (!db.open()) {
            result = {false,
                ConnectionTester::tr("SQLite cannot open %1: %2.")
                    .arg(QDir::toNativeSeparators(path), driverMessage(db.lastError(), {}))};
        } else if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))
            || !query.next()) {
            result = {false,
                ConnectionTester::tr("%1 is not a SQLite database (%2); choose another file.")
                    .arg(QDir::toNativeSeparators(path), driverMessage(query.lastError(), {}))};
        } else if (!file.isWritable()) {
            result = {false,
                ConnectionTester::tr("%1 is a SQLite database but not writable; check its "
                                     "permissions.")
                    .arg(QDir::toNativeSeparators(path))};
        } else {
            result = {true,
                ConnectionTester::tr("The SQLite database %1 opens and is writable.")
                    .arg(QDir::toNativeSeparators(path))};
        }
        query = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

ConnectionTester::Result testMysql(const AppSettings &settings, const QString &password)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
        return {false,
            ConnectionTester::tr("Qt's MySQL/MariaDB driver is not installed; install the "
                                 "package libqt6sql6-mysql.")};
    if (settings.mysqlHost().isEmpty() || settings.mysqlUser().isEmpty()
        || settings.mysqlDatabase().isEmpty())
        return {false, ConnectionTester::tr("Host, user and database must all be filled in.")};

    const AppSettings::TlsMode tls = settings.mysqlTlsMode();
    if (tls == AppSettings::TlsMode::VerifyFull && QT_VERSION < QT_VERSION_CHECK(6, 5, 0))
        return {false,
            ConnectionTester::tr("Checking the server's host name needs Qt 6.5 or newer; choose "
                                 "\"Verify the certificate\" with a CA file instead.")};
    QStringList options {
        QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1").arg(ConnectionTester::connectTimeoutSeconds),
        QStringLiteral("MYSQL_OPT_READ_TIMEOUT=%1").arg(ConnectionTester::connectTimeoutSeconds)};
    if (tls != AppSettings::TlsMode::Disabled) {
        const QString ca = settings.mysqlCaFile();
        if (!ca.isEmpty() && !QFileInfo(ca).isReadable())
            return {false,
                ConnectionTester::tr("The CA file %1 cannot be read; check the path.")
                    .arg(QDir::toNativeSeparators(ca))};
        if (!ca.isEmpty())
            options << QStringLiteral("SSL_CA=") + ca;
        else if (tls == AppSettings::TlsMode::VerifyCa || tls == AppSettings::TlsMode::VerifyFull)
            options << QStringLiteral("SSL_CAPATH=/etc/ssl/certs");
        else
            // Any TLS option switches TLS on in the client library; a cipher
            // list does so without asking for verification.
            options << QStringLiteral("SSL_CIPHER=HIGH:!aNULL:!MD5");
    }

    const QString where = QStringLiteral("%1@%2:%3/%4")
                              .arg(settings.mysqlUser(), settings.mysqlHost())
                              .arg(settings.mysqlPort())
                              .arg(settings.mysqlDatabase());
    const QString name = uniqueConnectionName();
    ConnectionTester::Result result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
        db.setHostName(settings.mysqlHost());
        db.setPort(settings.mysqlPort());
        db.setUserName(settings.mysqlUser());
        db.setPassword(password);
        db.setDatabaseName(settings.mysqlDatabase());
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open()) {
            const QSqlError error = db.lastError();
            const QString reason = driverMessage(error, password);
            QString advice;
            if (reason.contains(QLatin1String("Access denied"))
                && reason.contains(QLatin1String("to database")))
                advice = ConnectionTester::tr("the account may not use the database %1, or it "
                                              "does not exist; check the name or grant the "
                                              "account access")
                             .arg(settings.mysqlDatabase());
            else if (reason.contains(QLatin1String("Access denied")))
                advice = password.isEmpty()
                    ? ConnectionTester::tr("the server refused the account without a password; "
                                           "enter the password")
                    : ConnectionTester::tr("the server refused the user name or password; check "
                                           "both");
            else if (reason.contains(QLatin1String("Unknown database")))
                advice = ConnectionTester::tr("the database does not exist; create it (CREATE "
                                              "DATABASE %1) or choose another")
                             .arg(settings.mysqlDatabase());
            else if (reason.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
                || reason.contains(QLatin1String("TLS"), Qt::CaseInsensitive)
                || reason.contains(QLatin1String("certificate"), Qt::CaseInsensitive))
                advice = ConnectionTester::tr("the TLS handshake failed; check that the server "
                                              "has TLS enabled and that the CA file signed its "
                                              "certificate");
            else
                advice = ConnectionTester::tr("check that the server runs and that host and port "
                                              "are right");
            result = {false,
                ConnectionTester::tr("Could not connect to %1: %2; %3.")
                    .arg(where, reason, advice)};
        } else {
            QSqlQuery query(db);
            QString version;
            if (query.exec(QStringLiteral("SELECT VERSION()")) && query.next())
                version = query.value(0).toString();
            QString cipher;
            if (query.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) && query.next())
                cipher = query.value(1).toString();
            if (tls != AppSettings::TlsMode::Disabled && cipher.isEmpty())
                result = {false,
                    ConnectionTester::tr("Connected to %1, but the connection is not encrypted "
                                         "although TLS is required; enable TLS on the server or "
                                         "turn the requirement off.")
                        .arg(where)};
            else if (cipher.isEmpty())
                result = {true,
                    ConnectionTester::tr("Connected to %1 (server %2); the connection is not "
                                         "encrypted.")
                        .arg(where, version)};
            else
                result = {true,
                    ConnectionTester::tr("Connected to %1 (server %2) over TLS (%3).")
                        .arg(where, version, cipher)};
            query = QSqlQuery();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        const Result result = m_watcher.result();
        Q_EMIT finished(result.ok, result.message);
    });
}

ConnectionTester::~ConnectionTester()
{
    // The worker holds no reference to this object; wait so that its
    // connection is removed before the application can exit.
    m_watcher.waitForFinished();
}

void ConnectionTester::start(const AppSettings &settings, const QString &password)
{
    m_watcher.setFuture(QtConcurrent::run(&ConnectionTester::test, settings, password));
}

ConnectionTester::Result ConnectionTester::test(
    const AppSettings &settings, const QString &password)
{
    if (settings.databaseKind() == AppSettings::DatabaseKind::Sqlite)
        return testSqlite(settings.sqlitePath());
    return testMysql(settings, password);
}

} // namespace memtap
