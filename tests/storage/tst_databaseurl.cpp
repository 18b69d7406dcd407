// SPDX-License-Identifier: GPL-2.0-or-later
#include "storage/database.h"
#include "storage/databasepassword.h"
#include "storage/databaseurl.h"
#include "storagetestsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace memtap;
using namespace memtap::test;

namespace {

// Sets an environment variable for one scope.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char *name, const QByteArray &value, bool unset = false)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        if (unset)
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnvironment()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refusesPasswordsWithoutEchoingThem();
    void defaultIsTheXdgDataFile();
    void sqliteCreatesDirectoriesOnFirstUse();
    void sqliteRefusesWhatIsNotADatabase();
    void passwordComesFromTheEnvironment();
    void keychainFailsClearlyWithoutASecretService();
    void mysqlErrorsNeverShowThePassword();
    void mysqlTls_data();
    void mysqlTls();
};

void TestDatabaseUrl::parses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("errorContains");

    const QString cwd = QDir::currentPath();
    QTest::newRow("sqlite absolute") << "sqlite:/tmp/x.sqlite" << true << "sqlite:/tmp/x.sqlite"
                                     << "";
    QTest::newRow("sqlite url form") << "sqlite:///tmp/x.sqlite" << true << "sqlite:/tmp/x.sqlite"
                                     << "";
    QTest::newRow("sqlite relative")
        << "sqlite:data/x.sqlite" << true
        << QStringLiteral("sqlite:") + cwd + QStringLiteral("/data/x.sqlite") << "";
    QTest::newRow("sqlite cleaned")
        << "sqlite:/tmp/../tmp/./x.sqlite" << true << "sqlite:/tmp/x.sqlite"
        << "";
    QTest::newRow("bare path with space") << "/tmp/a b.sqlite" << true << "sqlite:/tmp/a b.sqlite"
                                          << "";
    QTest::newRow("bare relative")
        << "./x.db" << true << QStringLiteral("sqlite:") + cwd + QStringLiteral("/x.db") << "";
    QTest::newRow("home") << "~/m.sqlite" << true
                          << QStringLiteral("sqlite:") + QDir::homePath()
            + QStringLiteral("/m.sqlite")
                          << "";
    QTest::newRow("sqlite empty") << "sqlite:" << false << ""
                                  << "no file path";
    QTest::newRow("sqlite with host") << "sqlite://server/x" << false << ""
                                      << "host";
    QTest::newRow("empty") << "" << false << ""
                           << "empty";
    QTest::newRow("unknown scheme") << "postgres://u@h/db" << false << ""
                                    << "not a database URL";
    QTest::newRow("mysql") << "mysql://memtap@db.example.org:3307/memtap" << true
                           << "mysql://memtap@db.example.org:3307/memtap"
                           << "";
    QTest::newRow("mariadb default port") << "mariadb://u@h/db" << true << "mysql://u@h:3306/db"
                                          << "";
    QTest::newRow("ipv6") << "mysql://u@[::1]:3306/db" << true << "mysql://u@[::1]:3306/db"
                          << "";
    QTest::newRow("escaped user") << "mysql://us%40er@h/db" << true << "mysql://us%40er@h:3306/db"
                                  << "";
    QTest::newRow("no user") << "mysql://h/db" << false << ""
                             << "no user name";
    QTest::newRow("no database") << "mysql://u@h" << false << ""
                                 << "database name";
    QTest::newRow("database with SQL") << "mysql://u@h/db;drop" << false << ""
                                       << "database name";
    QTest::newRow("port out of range") << "mysql://u@h:99999/db" << false << ""
                                       << "";
    QTest::newRow("tls verify-ca") << "mysql://u@h/db?tls=verify-ca&ca=/etc/ssl/ca.pem" << true
                                   << "mysql://u@h:3306/db?tls=verify-ca&ca=/etc/ssl/ca.pem"
                                   << "";
    QTest::newRow("ca implies verify-ca") << "mysql://u@h/db?ca=/etc/ssl/ca.pem" << true
                                          << "mysql://u@h:3306/db?tls=verify-ca&ca=/etc/ssl/ca.pem"
                                          << "";
    QTest::newRow("tls required") << "mysql://u@h/db?tls=required" << true
                                  << "mysql://u@h:3306/db?tls=required"
                                  << "";
    QTest::newRow("client certificate")
        << "mysql://u@h/db?tls=verify-full&ca=/c/ca.pem&cert=/c/me.pem&key=/c/me.key" << true
        << "mysql://u@h:3306/db?tls=verify-full&ca=/c/ca.pem&cert=/c/me.pem&key=/c/me.key"
        << "";
    QTest::newRow("cert without key") << "mysql://u@h/db?cert=/c/me.pem" << false << ""
                                      << "key=";
    QTest::newRow("unknown tls mode") << "mysql://u@h/db?tls=sometimes" << false << ""
                                      << "TLS mode";
    QTest::newRow("unknown option") << "mysql://u@h/db?compress=1" << false << ""
                                    << "compress";
    QTest::newRow("disabled with ca") << "mysql://u@h/db?tls=disabled&ca=/c/ca.pem" << false << ""
                                      << "contradicts";
}

void TestDatabaseUrl::parses()
{
    QFETCH(QString, input);
    QFETCH(bool, valid);
    QFETCH(QString, canonical);
    QFETCH(QString, errorContains);

    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(input, &error);
    QCOMPARE(url.isValid(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        return;
    }
    QCOMPARE(url.toString(), canonical);
    // The canonical form reads back as the same URL.
    const DatabaseUrl again = DatabaseUrl::parse(url.toString(), &error);
    QVERIFY2(again.isValid(), qPrintable(error));
    QVERIFY(again == url);
}

void TestDatabaseUrl::refusesPasswordsWithoutEchoingThem()
{
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(QStringLiteral("mysql://u:s3cr3t-pw@h/db"), &error);
    QVERIFY(!url.isValid());
    QVERIFY2(error.contains(QLatin1String("MEMTAP_DB_PASSWORD")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("s3cr3t-pw")));
}

void TestDatabaseUrl::defaultIsTheXdgDataFile()
{
    const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
    QVERIFY2(!xdg.isEmpty(), "memtap_add_qtest sets XDG_DATA_HOME");
    QCOMPARE(DatabaseUrl::defaultUrl().path(),
        QDir::cleanPath(xdg + QStringLiteral("/memtap/memtap.sqlite")));
    QString error;
    QCOMPARE(DatabaseUrl::fromCommandLine(QString(), &error), DatabaseUrl::defaultUrl());
    QCOMPARE(DatabaseUrl::fromCommandLine(QStringLiteral("sqlite:/x.db"), &error).path(),
        QStringLiteral("/x.db"));
}

void TestDatabaseUrl::sqliteCreatesDirectoriesOnFirstUse()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/b/c/memtap.sqlite"));
    QString error;
    auto db = Database::open(DatabaseUrl::sqlite(path), &error);
    QVERIFY2(db, qPrintable(error));
    QVERIFY(QFileInfo(path).isFile());
    QVERIFY(db->sqliteHandle());
    QVERIFY(!db->mysqlHandle());
}

void TestDatabaseUrl::sqliteRefusesWhatIsNotADatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    QString error;
    QVERIFY(!Database::open(DatabaseUrl::sqlite(path), &error));
    QVERIFY2(error.contains(path) && error.contains(QLatin1String("not a SQLite database")),
        qPrintable(error));

    QVERIFY(!Database::open(DatabaseUrl::sqlite(dir.path()), &error));
    QVERIFY2(error.contains(QLatin1String("not a file")), qPrintable(error));
}

void TestDatabaseUrl::passwordComesFromTheEnvironment()
{
    ScopedEnvironment password("MEMTAP_DB_PASSWORD", "from-env");
    const auto lookup = DatabasePassword::find(
        DatabaseUrl::mysql(QStringLiteral("h"), 3306, QStringLiteral("u"), QStringLiteral("db")));
    QCOMPARE(lookup.password.value_or(QString()), QStringLiteral("from-env"));
    QCOMPARE(lookup.source, QStringLiteral("MEMTAP_DB_PASSWORD"));
}

void TestDatabaseUrl::keychainFailsClearlyWithoutASecretService()
{
    ScopedEnvironment password("MEMTAP_DB_PASSWORD", {}, true);
    // No session bus: no Secret Service and no KWallet to ask.
    ScopedEnvironment bus("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/memtap-test-bus");
    QElapsedTimer timer;
    timer.start();
    const auto lookup = DatabasePassword::find(
        DatabaseUrl::mysql(QStringLiteral("h"), 3306, QStringLiteral("u"), QStringLiteral("db")));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < (DatabasePassword::keychainTimeout.count() + 2) * 1000,
        qPrintable(QString::number(elapsed)));
    QVERIFY(!lookup.password);
    QVERIFY2(!lookup.keychainProblem.isEmpty(), "the reason the keychain failed is kept");

    QString error;
    QVERIFY(!DatabasePassword::store(
        DatabaseUrl::mysql(QStringLiteral("h"), 3306, QStringLiteral("u"), QStringLiteral("db")),
        QStringLiteral("pw"), &error));
    QVERIFY2(error.contains(QLatin1String("MEMTAP_DB_PASSWORD")), qPrintable(error));
}

void TestDatabaseUrl::mysqlErrorsNeverShowThePassword()
{
    QString reason;
    MEMTAP_REQUIRE(mariadbAvailable(&reason), reason);
    const DatabaseUrl url = DatabaseUrl::parse(mariadbTestUrl());

    Database::OpenOptions wrong;
    wrong.password = QStringLiteral("wrong-Pa55word-xyz");
    QString error;
    QVERIFY(!Database::open(url, wrong, &error));
    QVERIFY2(error.contains(QLatin1String("Access denied")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("wrong-Pa55word-xyz")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("MEMTAP_DB_PASSWORD"))
            || error.contains(QLatin1String("password")),
        qPrintable(error));

    ScopedEnvironment password("MEMTAP_DB_PASSWORD", {}, true);
    ScopedEnvironment bus("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/memtap-test-bus");
    QVERIFY(!Database::open(url, &error));
    QVERIFY2(error.contains(QLatin1String("No password was given")), qPrintable(error));

    QVERIFY(!Database::open(
        DatabaseUrl::mysql(QStringLiteral("127.0.0.1"), 1, url.user(), url.databaseName()), wrong,
        &error));
    QVERIFY2(error.contains(QLatin1String("Check that the server runs")), qPrintable(error));
}

void TestDatabaseUrl::mysqlTls_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("caVariable");
    QTest::addColumn<bool>("connects");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("required") << "required"
                              << "" << true << "";
    QTest::newRow("verify-ca, the right CA") << "verify-ca"
                                             << "MEMTAP_TEST_MARIADB_CA" << true << "";
    QTest::newRow("verify-ca, another CA") << "verify-ca"
                                           << "MEMTAP_TEST_MARIADB_OTHER_CA" << false << "TLS";
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    QTest::newRow("verify-full needs Qt 6.5") << "verify-full"
                                              << "MEMTAP_TEST_MARIADB_CA" << false << "Qt 6.5";
#else
    QTest::newRow("verify-full") << "verify-full"
                                 << "MEMTAP_TEST_MARIADB_CA" << true << "";
#endif
}

void TestDatabaseUrl::mysqlTls()
{
    QFETCH(QString, mode);
    QFETCH(QString, caVariable);
    QFETCH(bool, connects);
    QFETCH(QString, errorContains);
    QString reason;
    MEMTAP_REQUIRE(mariadbAvailable(&reason), reason);
    const QString ca
        = caVariable.isEmpty() ? QString() : qEnvironmentVariable(qPrintable(caVariable));
    MEMTAP_REQUIRE(caVariable.isEmpty() || QFileInfo::exists(ca),
        QStringLiteral("the fixture's TLS certificates (openssl)"));

    DatabaseUrl url = DatabaseUrl::parse(mariadbTestUrl());
    url.setTls(mode == QLatin1String("required") ? DatabaseUrl::TlsMode::Required
            : mode == QLatin1String("verify-ca") ? DatabaseUrl::TlsMode::VerifyCa
                                                 : DatabaseUrl::TlsMode::VerifyFull,
        ca);
    QString error;
    auto db = Database::open(url, &error);
    QCOMPARE(bool(db), connects);
    if (!connects) {
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        QVERIFY(!error.contains(qEnvironmentVariable("MEMTAP_DB_PASSWORD")));
        return;
    }
    QSqlQuery query(db->connection());
    QVERIFY(query.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")));
    QVERIFY(query.next());
    QVERIFY2(!query.value(1).toString().isEmpty(), "the connection is encrypted");
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
