// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/appsettings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace memtap;

class TestAppSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void roundTrip();
    void clampsAndRejectsBadValues();
    void databaseUrl_data();
    void databaseUrl();
    void neverStoresAPassword();
};

void TestAppSettings::defaults()
{
    QTemporaryDir dir;
    QSettings file(dir.filePath(QStringLiteral("empty.conf")), QSettings::IniFormat);
    const AppSettings settings = AppSettings::load(file);
    QCOMPARE(settings.databaseKind(), AppSettings::DatabaseKind::Sqlite);
    // The test environment points XDG_DATA_HOME at the build tree.
    const QString dataHome = qEnvironmentVariable("XDG_DATA_HOME");
    QVERIFY(!dataHome.isEmpty());
    QCOMPARE(settings.sqlitePath(), dataHome + QStringLiteral("/memtap/memtap.sqlite"));
    QCOMPARE(settings.captureBackend(), CaptureBackend::Auto);
    QCOMPARE(settings.elevation(), Elevation::Pkexec);
    QCOMPARE(settings.refreshIntervalMs(), 250);
    QCOMPARE(settings.shareTopCount(), 10);
    QCOMPARE(settings.mysqlPort(), 3306);
    QCOMPARE(settings.mysqlTlsMode(), AppSettings::TlsMode::Disabled);
    QVERIFY(settings == AppSettings());
}

void TestAppSettings::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("memtap.conf"));
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    settings.setSqlitePath(QStringLiteral("/tmp/x.sqlite"));
    settings.setMysqlHost(QStringLiteral("db.example.org"));
    settings.setMysqlPort(3307);
    settings.setMysqlUser(QStringLiteral("ana"));
    settings.setMysqlDatabase(QStringLiteral("traces"));
    settings.setMysqlTlsMode(AppSettings::TlsMode::VerifyCa);
    settings.setMysqlCaFile(QStringLiteral("/etc/ssl/ca.pem"));
    settings.setCaptureBackend(CaptureBackend::Bpftrace);
    settings.setElevation(Elevation::Sudo);
    settings.setRefreshIntervalMs(500);
    settings.setShareTopCount(15);
    {
        QSettings file(path, QSettings::IniFormat);
        settings.save(file);
    }
    QSettings file(path, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(file);
    QVERIFY(loaded == settings);
    QCOMPARE(file.value(QStringLiteral("capture/backend")).toString(), QStringLiteral("bpftrace"));
    QCOMPARE(
        file.value(QStringLiteral("database/mysqlTls")).toString(), QStringLiteral("verify-ca"));
}

void TestAppSettings::clampsAndRejectsBadValues()
{
    QTemporaryDir dir;
    QSettings file(dir.filePath(QStringLiteral("bad.conf")), QSettings::IniFormat);
    file.setValue(QStringLiteral("database/kind"), QStringLiteral("oracle"));
    file.setValue(QStringLiteral("database/mysqlPort"), 70000);
    file.setValue(QStringLiteral("database/mysqlTls"), QStringLiteral("maybe"));
    file.setValue(QStringLiteral("capture/backend"), QStringLiteral("dtrace"));
    file.setValue(QStringLiteral("capture/elevation"), QStringLiteral("su"));
    file.setValue(QStringLiteral("view/refreshIntervalMs"), 1);
    file.setValue(QStringLiteral("view/shareTopCount"), 1000);
    const AppSettings settings = AppSettings::load(file);
    QCOMPARE(settings.databaseKind(), AppSettings::DatabaseKind::Sqlite);
    QCOMPARE(settings.mysqlPort(), 3306);
    QCOMPARE(settings.mysqlTlsMode(), AppSettings::TlsMode::Disabled);
    QCOMPARE(settings.captureBackend(), CaptureBackend::Auto);
    QCOMPARE(settings.elevation(), Elevation::Pkexec);
    QCOMPARE(settings.refreshIntervalMs(), AppSettings::minimumRefreshIntervalMs);
    QCOMPARE(settings.shareTopCount(), AppSettings::maximumShareTopCount);
}

void TestAppSettings::databaseUrl_data()
{
    QTest::addColumn<bool>("mysql");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("tls");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("accountKey");

    QTest::newRow("sqlite") << false << QString() << 0 << QString()
                            << QStringLiteral("sqlite:/data/memtap.sqlite") << QString();
    QTest::newRow("mysql plain") << true << QStringLiteral("ana") << 0 << QString()
                                 << QStringLiteral("mysql://ana@db:3306/memtap")
                                 << QStringLiteral("mysql://ana@db:3306/memtap");
    QTest::newRow("mysql tls") << true << QStringLiteral("ana")
                               << int(AppSettings::TlsMode::VerifyCa)
                               << QStringLiteral("/etc/ca.pem")
                               << QStringLiteral(
                                      "mysql://ana@db:3306/memtap?tls=verify-ca&ca=/etc/ca.pem")
                               << QStringLiteral("mysql://ana@db:3306/memtap");
    QTest::newRow("user needing escapes")
        << true << QStringLiteral("a@b") << int(AppSettings::TlsMode::Required) << QString()
        << QStringLiteral("mysql://a%40b@db:3306/memtap?tls=required")
        << QStringLiteral("mysql://a%40b@db:3306/memtap");
}

void TestAppSettings::databaseUrl()
{
    QFETCH(bool, mysql);
    QFETCH(QString, user);
    QFETCH(int, tls);
    QFETCH(QString, ca);
    QFETCH(QString, url);
    QFETCH(QString, accountKey);

    AppSettings settings;
    settings.setSqlitePath(QStringLiteral("/data/./memtap.sqlite"));
    if (mysql) {
        settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
        settings.setMysqlHost(QStringLiteral("db"));
        settings.setMysqlUser(user);
        settings.setMysqlTlsMode(static_cast<AppSettings::TlsMode>(tls));
        settings.setMysqlCaFile(ca);
        QCOMPARE(settings.mysqlAccountKey(), accountKey);
    }
    QCOMPARE(settings.databaseUrl(), url);
}

void TestAppSettings::neverStoresAPassword()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("memtap.conf"));
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    {
        QSettings file(path, QSettings::IniFormat);
        settings.save(file);
    }
    QSettings file(path, QSettings::IniFormat);
    for (const QString &key : file.allKeys())
        QVERIFY2(!key.contains(QStringLiteral("password"), Qt::CaseInsensitive), qPrintable(key));
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
