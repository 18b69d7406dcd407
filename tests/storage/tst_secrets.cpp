// SPDX-License-Identifier: GPL-2.0-or-later
//
// Issue 6, item 5: the database password never reaches the settings file, a
// command line, a log line or an error message. Every path that can fail with
// a password in hand is made to fail (wrong password, unreachable server, a
// connection killed under the writer, a URL with a password in it), and
// everything memtap said meanwhile is searched for it.
#include "settings/appsettings.h"
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storagetestsupport.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <mutex>

using namespace memtap;
using namespace memtap::test;

namespace {

// Every message of the Qt logging functions (what memtap logs), collected.
std::mutex messagesMutex;
QStringList collectedMessages;
QtMessageHandler previousHandler = nullptr;

void collectMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        std::lock_guard lock(messagesMutex);
        collectedMessages << message;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QStringList messages()
{
    std::lock_guard lock(messagesMutex);
    return collectedMessages;
}

struct Run
{
    int exitCode = -1;
    QByteArray output; // stdout and stderr
};

Run memtapctl(const QStringList &arguments, const QString &password)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    if (password.isNull())
        environment.remove(QStringLiteral("MEMTAP_DB_PASSWORD"));
    else
        environment.insert(QStringLiteral("MEMTAP_DB_PASSWORD"), password);
    // No keychain to ask (and no hanging on one that does not answer).
    environment.insert(
        QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"), arguments);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.output = "memtapctl did not finish";
        return run;
    }
    run.exitCode = process.exitCode();
    run.output = process.readAll();
    return run;
}

// The test's secret must be absent from every one of texts.
void verifyAbsent(const QString &secret, const QStringList &texts, const char *where)
{
    QVERIFY(!secret.isEmpty());
    for (const QString &text : texts) {
        if (text.contains(secret))
            QFAIL(qPrintable(
                QStringLiteral("the password appears in %1: %2").arg(QLatin1String(where), text)));
    }
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storeErrorsNeverShowThePassword();
    void writerFailuresNeverShowThePassword();
    void memtapctlTakesNoPasswordAndShowsNone();
    void settingsFileHoldsNoPassword();
};

void TestSecrets::initTestCase()
{
    previousHandler = qInstallMessageHandler(collectMessage);
}

void TestSecrets::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
}

void TestSecrets::storeErrorsNeverShowThePassword()
{
    QString reason;
    MEMTAP_REQUIRE(mariadbAvailable(&reason), reason);
    const DatabaseUrl url = DatabaseUrl::parse(mariadbTestUrl());
    const QString wrong
        = QStringLiteral("Wr0ng-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QStringList errors;
    const auto tryOpen = [&](const DatabaseUrl &target, const QString &password) {
        EventStore store;
        EventStore::Options options;
        options.password = password;
        const bool opened = store.open(target, SessionStart(), options);
        errors << store.errorString();
        return opened;
    };
    // A wrong password.
    QVERIFY(!tryOpen(url, wrong));
    QVERIFY2(errors.last().contains(QLatin1String("Access denied")), qPrintable(errors.last()));
    // Nobody listening.
    QVERIFY(!tryOpen(
        DatabaseUrl::mysql(QStringLiteral("127.0.0.1"), 1, url.user(), url.databaseName()), wrong));
    // A server that refuses TLS checks (a CA that did not sign its certificate).
    const QString otherCa = qEnvironmentVariable("MEMTAP_TEST_MARIADB_OTHER_CA");
    if (QFile::exists(otherCa)) {
        DatabaseUrl tls = url;
        tls.setTls(DatabaseUrl::TlsMode::VerifyCa, otherCa);
        QVERIFY(!tryOpen(tls, qEnvironmentVariable("MEMTAP_DB_PASSWORD")));
        verifyAbsent(qEnvironmentVariable("MEMTAP_DB_PASSWORD"), errors, "a TLS error");
    }
    // A database the user may not create.
    QVERIFY(
        !tryOpen(DatabaseUrl::mysql(url.host(), url.port(), url.user(), QStringLiteral("mysql")),
            qEnvironmentVariable("MEMTAP_DB_PASSWORD")));
    // A URL with a password in it is refused without echoing it.
    QString parseError;
    QVERIFY(!DatabaseUrl::parse(
        QStringLiteral("mysql://memtap:%1@127.0.0.1/db").arg(wrong), &parseError)
                 .isValid());
    errors << parseError;
    for (const QString &error : std::as_const(errors))
        QVERIFY2(!error.isEmpty(), "every failure says why");
    verifyAbsent(wrong, errors, "an error message");
    verifyAbsent(wrong, messages(), "a log message");
}

void TestSecrets::writerFailuresNeverShowThePassword()
{
    TestDatabase database(QStringLiteral("mariadb"));
    MEMTAP_REQUIRE_BACKEND(database);
    const QString password = qEnvironmentVariable("MEMTAP_DB_PASSWORD");
    QTemporaryDir spoolDir;

    EventStore store;
    QStringList failures;
    QObject::connect(
        &store, &EventStore::writeFailed, &store,
        [&](const QString &message) { failures << message; }, Qt::DirectConnection);
    EventStore::Options options;
    options.password = password;
    options.maxQueuedRecords = 2000;
    options.overflow = EventStore::Options::Overflow::Spool;
    options.spoolDirectory = spoolDir.path();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    QString error;
    Database::OpenOptions readerOptions;
    readerOptions.password = password;
    auto reader = Database::open(database.url(), readerOptions, &error);
    QVERIFY2(reader, qPrintable(error));

    // The writer's connection is killed twice while records queue up, so that
    // it fails, reconnects (with the password) and says so.
    const auto records = generateEvents(20000, 9, false);
    const auto parts = batches(records, 1000);
    QStringList statusTexts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        QVERIFY(store.append(parts[i]));
        if (i % 8 == 4) {
            QSqlQuery kill(reader->connection());
            QVERIFY(kill.exec(QStringLiteral(
                "SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() "
                "AND db = DATABASE()")));
            while (kill.next())
                QSqlQuery(reader->connection())
                    .exec(QStringLiteral("KILL %1").arg(kill.value(0).toLongLong()));
        }
        const EventStore::Status status = store.status();
        statusTexts << status.lastError << EventStore::statusText(status) << status.spoolError;
    }
    QVERIFY2(
        store.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}}, QDeadlineTimer(120000)),
        qPrintable(store.errorString()));
    QVERIFY2(!failures.isEmpty(), "the writer never failed: the test proves nothing");
    QCOMPARE(store.status().writtenEvents, std::uint64_t(records.size()));
    verifyAbsent(password, failures, "a writeFailed message");
    verifyAbsent(password, statusTexts, "the store's status");
    verifyAbsent(password, messages(), "a log message");
}

void TestSecrets::memtapctlTakesNoPasswordAndShowsNone()
{
    QString reason;
    MEMTAP_REQUIRE(mariadbAvailable(&reason), reason);
    MEMTAP_REQUIRE(QFile::exists(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl")),
        QStringLiteral("memtapctl built next to the tests"));
    const DatabaseUrl url = DatabaseUrl::parse(mariadbTestUrl());
    const QString wrong
        = QStringLiteral("Wr0ng-") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    // No command takes a password as an argument (it would show in ps).
    for (const QStringList &help : {QStringList {QStringLiteral("--help")},
             QStringList {QStringLiteral("record"), QStringLiteral("--help")},
             QStringList {QStringLiteral("import"), QStringLiteral("--help")},
             QStringList {QStringLiteral("sessions"), QStringLiteral("--help")},
             QStringList {QStringLiteral("export"), QStringLiteral("--help")}}) {
        const Run run = memtapctl(help, QString());
        QVERIFY2(run.exitCode == 0 && !run.output.contains("--password")
                && !run.output.contains("--passwd"),
            run.output.constData());
    }

    QList<Run> runs;
    // Wrong password from the environment.
    runs << memtapctl({QStringLiteral("sessions"), QStringLiteral("--db"), url.toString()}, wrong);
    QVERIFY2(runs.last().exitCode != 0 && runs.last().output.contains("Access denied"),
        runs.last().output.constData());
    // A password in the URL is refused, and not repeated.
    runs << memtapctl({QStringLiteral("sessions"), QStringLiteral("--db"),
                          QStringLiteral("mysql://%1:%2@%3:%4/%5")
                              .arg(url.user(), wrong, url.host())
                              .arg(url.port())
                              .arg(url.databaseName())},
        QString());
    QVERIFY2(runs.last().exitCode != 0, runs.last().output.constData());
    // An unreachable server, while importing.
    QTemporaryDir dir;
    QFile trace(dir.filePath(QStringLiteral("t.v1")));
    QVERIFY(trace.open(QIODevice::WriteOnly));
    trace.write("#memtap\t1\tbpftrace\n");
    trace.close();
    runs << memtapctl(
        {QStringLiteral("import"), QStringLiteral("--db"),
            QStringLiteral("mysql://memtap@127.0.0.1:1/memtap_test"), trace.fileName()},
        wrong);
    QVERIFY2(runs.last().exitCode != 0, runs.last().output.constData());
    for (const Run &run : std::as_const(runs)) {
        QVERIFY2(!run.output.isEmpty(), "every failure says why");
        QVERIFY2(!run.output.contains(wrong.toUtf8()), run.output.constData());
    }
}

void TestSecrets::settingsFileHoldsNoPassword()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("memtap.conf"));
    const QString secret
        = QStringLiteral("S3cret-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSettings settings(path, QSettings::IniFormat);
        AppSettings app;
        app.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
        // Nobody listens there: the store fails at once, with the password in hand.
        app.setMysqlHost(QStringLiteral("127.0.0.1"));
        app.setMysqlPort(1);
        app.setMysqlUser(QStringLiteral("memtap"));
        app.setMysqlDatabase(QStringLiteral("memtap"));
        app.setMysqlTlsMode(AppSettings::TlsMode::VerifyCa);
        app.save(settings);
        settings.sync();
    }
    // The password lives in MEMTAP_DB_PASSWORD (or the keychain) while a
    // store writes with it; nothing of that reaches the file.
    qputenv("MEMTAP_DB_PASSWORD", secret.toUtf8());
    {
        QSettings settings(path, QSettings::IniFormat);
        AppSettings app = AppSettings::load(settings);
        EventStore store;
        EventStore::Options options;
        options.password = secret;
        QString ignored;
        store.open(DatabaseUrl::parse(app.databaseUrl(), &ignored), SessionStart(), options);
        app.save(settings);
        settings.sync();
    }
    qunsetenv("MEMTAP_DB_PASSWORD");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("127.0.0.1"));
    QVERIFY(!contents.contains(secret.toUtf8()));
    QVERIFY(!contents.toLower().contains("password="));
    // Nor anywhere else under the test's XDG tree (settings, data, cache).
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString root = qEnvironmentVariable(variable);
        if (root.isEmpty())
            continue;
        QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            if (f.size() < (64 << 20) && f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        }
    }
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
