// SPDX-License-Identifier: GPL-2.0-or-later
#include "connectiontester.h"
#include "mainwindow.h"
#include "passworddialog.h"
#include "passwordkeeper.h"
#include "settingsdialog.h"
#include "testsupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <qt6keychain/keychain.h>

using namespace memtap;

namespace {

// The fixture's MariaDB server (tests/storage/mariadb-fixture.sh) as settings.
std::optional<AppSettings> mariadbSettings()
{
    const QUrl url(test::mariadbTestUrl());
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    settings.setMysqlHost(url.host());
    settings.setMysqlPort(url.port(3306));
    settings.setMysqlUser(url.userName());
    settings.setMysqlDatabase(url.path().mid(1));
    return settings;
}

QString fixturePassword()
{
    return qEnvironmentVariable("MEMTAP_DB_PASSWORD");
}

template<typename T> T *child(QWidget &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsAndReturnsEverySetting();
    void enablesOnlyTheChosenDatabase();
    void restoreDefaults();
    void sqliteConnectionTest_data();
    void sqliteConnectionTest();
    void mariadbConnectionTest_data();
    void mariadbConnectionTest();
    void testButtonReportsWithoutBlocking();
    void typedPasswordGoesToKeeperNotSettings();
    void keychainLookupFinishes();
    void asksForPasswordWithoutKeychain();
    void settingsDialogChangesWindow();
};

void TestSettingsDialog::initTestCase()
{
    QApplication::setOrganizationName(QStringLiteral("memtap-test"));
    QApplication::setApplicationName(QStringLiteral("tst_settingsdialog"));
}

void TestSettingsDialog::init()
{
    QSettings().clear();
}

void TestSettingsDialog::showsAndReturnsEverySetting()
{
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    settings.setSqlitePath(QStringLiteral("/srv/memtap/sessions.sqlite"));
    settings.setMysqlHost(QStringLiteral("db.example.org"));
    settings.setMysqlPort(3307);
    settings.setMysqlUser(QStringLiteral("ana"));
    settings.setMysqlDatabase(QStringLiteral("traces"));
    settings.setMysqlTlsMode(AppSettings::TlsMode::VerifyCa);
    settings.setMysqlCaFile(QStringLiteral("/etc/ssl/db-ca.pem"));
    settings.setCaptureBackend(CaptureBackend::Stap);
    settings.setElevation(Elevation::Sudo);
    settings.setRefreshIntervalMs(750);
    settings.setShareTopCount(7);

    SettingsDialog dialog(settings, nullptr);
    QVERIFY(dialog.settings() == settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(QStringLiteral(MEMTAP_BINARY_DIR "/memtap-settings.png")));
    QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), QStringLiteral("db.example.org"));
    QCOMPARE(child<QSpinBox>(dialog, "portSpin")->value(), 3307);
    QVERIFY(child<QRadioButton>(dialog, "mysqlRadio")->isChecked());

    child<QRadioButton>(dialog, "sqliteRadio")->setChecked(true);
    child<QSpinBox>(dialog, "topCountSpin")->setValue(12);
    auto *backend = child<QComboBox>(dialog, "backendCombo");
    backend->setCurrentIndex(backend->findData(int(CaptureBackend::Bpftrace)));
    const AppSettings changed = dialog.settings();
    QCOMPARE(changed.databaseKind(), AppSettings::DatabaseKind::Sqlite);
    QCOMPARE(changed.shareTopCount(), 12);
    QCOMPARE(changed.captureBackend(), CaptureBackend::Bpftrace);
    // What the user did not touch stays.
    QCOMPARE(changed.mysqlHost(), QStringLiteral("db.example.org"));
    QCOMPARE(changed.mysqlTlsMode(), AppSettings::TlsMode::VerifyCa);
}

void TestSettingsDialog::enablesOnlyTheChosenDatabase()
{
    SettingsDialog dialog(AppSettings(), nullptr);
    auto *mysqlGroup = child<QWidget>(dialog, "mysqlGroup");
    auto *sqliteGroup = child<QWidget>(dialog, "sqliteGroup");
    QVERIFY(sqliteGroup->isEnabled());
    QVERIFY(!mysqlGroup->isEnabled());
    child<QRadioButton>(dialog, "mysqlRadio")->setChecked(true);
    QVERIFY(!sqliteGroup->isEnabled());
    QVERIFY(mysqlGroup->isEnabled());
    // The CA file only matters with TLS.
    auto *tls = child<QComboBox>(dialog, "tlsCombo");
    QVERIFY(!child<QLineEdit>(dialog, "caFileEdit")->isEnabled());
    tls->setCurrentIndex(tls->findData(int(AppSettings::TlsMode::Required)));
    QVERIFY(child<QLineEdit>(dialog, "caFileEdit")->isEnabled());
}

void TestSettingsDialog::restoreDefaults()
{
    AppSettings settings;
    settings.setShareTopCount(3);
    settings.setElevation(Elevation::None);
    SettingsDialog dialog(settings, nullptr);
    child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::RestoreDefaults)->click();
    QVERIFY(dialog.settings() == AppSettings());
}

void TestSettingsDialog::sqliteConnectionTest_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("says");

    QTest::newRow("new file") << QStringLiteral("new/dirs/memtap.sqlite") << QByteArray() << true
                              << QStringLiteral("does not exist yet");
    QTest::newRow("real database") << QStringLiteral("real.sqlite") << QByteArray("create") << true
                                   << QStringLiteral("opens and is writable");
    QTest::newRow("not a database")
        << QStringLiteral("notes.txt")
        << QByteArray("These are my notes, not a database. Lorem ipsum dolor sit amet, "
                      "consectetur adipiscing elit, sed do eiusmod tempor incididunt.")
        << false << QStringLiteral("not a SQLite database");
    QTest::newRow("a folder") << QStringLiteral("folder") << QByteArray("mkdir") << false
                              << QStringLiteral("is not a file");
    QTest::newRow("below a file") << QStringLiteral("plain/memtap.sqlite")
                                  << QByteArray("file-parent") << false
                                  << QStringLiteral("is not a folder");
}

void TestSettingsDialog::sqliteConnectionTest()
{
    QFETCH(QString, relativePath);
    QFETCH(QByteArray, content);
    QFETCH(bool, ok);
    QFETCH(QString, says);

    QTemporaryDir dir;
    const QString path = dir.filePath(relativePath);
    if (content == "create") {
        const QString name = QStringLiteral("create-fixture");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    } else if (content == "mkdir") {
        QVERIFY(QDir(dir.path()).mkpath(relativePath));
    } else if (content == "file-parent") {
        QFile parent(dir.filePath(QStringLiteral("plain")));
        QVERIFY(parent.open(QIODevice::WriteOnly));
    } else if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }

    AppSettings settings;
    settings.setSqlitePath(path);
    const ConnectionTester::Result result = ConnectionTester::test(settings, {});
    QVERIFY2(result.ok == ok, qPrintable(result.message));
    QVERIFY2(result.message.contains(says), qPrintable(result.message));
    // A test never creates the database.
    if (content.isEmpty())
        QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QSqlDatabase::connectionNames()
                 .join(QLatin1Char(','))
                 .contains(QStringLiteral("memtap-connection-test")));
}

void TestSettingsDialog::mariadbConnectionTest_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("says");

    QTest::newRow("right password") << QString() << true << QStringLiteral("Connected to");
    QTest::newRow("wrong password") << QStringLiteral("password") << false
                                    << QStringLiteral("refused the user name or password");
    QTest::newRow("no password") << QStringLiteral("no-password") << false
                                 << QStringLiteral("without a password");
    // The fixture's account has rights on its own databases only, so the
    // server says "access denied" rather than "unknown database".
    QTest::newRow("unknown database")
        << QStringLiteral("database") << false << QStringLiteral("may not use the database");
    QTest::newRow("nobody listening")
        << QStringLiteral("port") << false << QStringLiteral("check that the server runs");
    QTest::newRow("tls required") << QStringLiteral("tls") << true << QStringLiteral("over TLS");
    QTest::newRow("verify with the right CA")
        << QStringLiteral("ca") << true << QStringLiteral("over TLS");
    QTest::newRow("verify with another CA")
        << QStringLiteral("other-ca") << false << QStringLiteral("TLS");
}

void TestSettingsDialog::mariadbConnectionTest()
{
    QFETCH(QString, change);
    QFETCH(bool, ok);
    QFETCH(QString, says);

    std::optional<AppSettings> settings = mariadbSettings();
    MEMTAP_REQUIRE(settings.has_value(),
        QStringLiteral("the MariaDB test fixture (run the test through ctest)"));
    QString password = fixturePassword();
    if (change == QLatin1String("password"))
        password = QStringLiteral("not-the-password");
    else if (change == QLatin1String("no-password"))
        password.clear();
    else if (change == QLatin1String("database"))
        settings->setMysqlDatabase(QStringLiteral("memtap_no_such_database"));
    else if (change == QLatin1String("port"))
        settings->setMysqlPort(1);
    else if (change == QLatin1String("tls"))
        settings->setMysqlTlsMode(AppSettings::TlsMode::Required);
    if (change == QLatin1String("ca") || change == QLatin1String("other-ca")) {
        const QString ca
            = qEnvironmentVariable(change == QLatin1String("ca") ? "MEMTAP_TEST_MARIADB_CA"
                                                                 : "MEMTAP_TEST_MARIADB_OTHER_CA");
        MEMTAP_REQUIRE(QFileInfo::exists(ca), QStringLiteral("the fixture's TLS certificates"));
        settings->setMysqlTlsMode(AppSettings::TlsMode::VerifyCa);
        settings->setMysqlCaFile(ca);
    }

    const ConnectionTester::Result result = ConnectionTester::test(*settings, password);
    QVERIFY2(result.ok == ok, qPrintable(result.message));
    QVERIFY2(result.message.contains(says), qPrintable(result.message));
    if (!password.isEmpty())
        QVERIFY(!result.message.contains(password));
}

void TestSettingsDialog::testButtonReportsWithoutBlocking()
{
    QTemporaryDir dir;
    AppSettings settings;
    settings.setSqlitePath(dir.filePath(QStringLiteral("memtap.sqlite")));
    SettingsDialog dialog(settings, nullptr);
    dialog.show();
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    auto *button = child<QPushButton>(dialog, "testButton");
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(tested.wait(10'000));
    QVERIFY(tested.first().at(0).toBool());
    QVERIFY(button->isEnabled());
    QCOMPARE(child<QLabel>(dialog, "testResultLabel")->text(), tested.first().at(1).toString());
}

void TestSettingsDialog::typedPasswordGoesToKeeperNotSettings()
{
    PasswordKeeper keeper;
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    SettingsDialog dialog(settings, &keeper);
    const QString secret = QStringLiteral("s3cr3t-Pa55-%1").arg(QCoreApplication::applicationPid());
    child<QLineEdit>(dialog, "passwordEdit")->setText(secret);
    QSignalSpy stored(&keeper, &PasswordKeeper::storeFinished);
    dialog.accept();
    QCOMPARE(keeper.password(), secret);
    QCOMPARE(keeper.account(), settings.mysqlAccountKey());
    QVERIFY(stored.wait(15'000));
    dialog.settings().save();
    QSettings().sync();

    QFile file(QSettings().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(secret.toUtf8()));
    // Leave no test secret behind in a real keychain.
    if (stored.first().first().toBool()) {
        QKeychain::DeletePasswordJob job(QLatin1String(PasswordKeeper::keychainService));
        job.setKey(keeper.account());
        QSignalSpy deleted(&job, &QKeychain::Job::finished);
        job.setAutoDelete(false);
        job.start();
        QVERIFY(deleted.wait(15'000));
    }
}

void TestSettingsDialog::keychainLookupFinishes()
{
    PasswordKeeper keeper;
    QSignalSpy finished(&keeper, &PasswordKeeper::lookupFinished);
    keeper.lookUp(QStringLiteral("mysql://nobody@127.0.0.1:1/none"));
    QVERIFY(finished.wait(15'000));
    const auto outcome = finished.first().first().value<PasswordKeeper::Outcome>();
    QVERIFY(outcome != PasswordKeeper::Outcome::Found);
    if (outcome == PasswordKeeper::Outcome::KeychainUnavailable)
        QVERIFY(!keeper.keychainProblem().isEmpty());
    QVERIFY(!keeper.hasPassword());
}

void TestSettingsDialog::asksForPasswordWithoutKeychain()
{
    AppSettings settings;
    settings.setDatabaseKind(AppSettings::DatabaseKind::Mysql);
    settings.setMysqlUser(QStringLiteral("nobody-%1").arg(QCoreApplication::applicationPid()));
    settings.save();
    MainWindow window;
    window.show();
    // What waits for the password (memtap's trace argument) runs once the
    // user has answered, with the password known.
    QString passwordWhenSettled = QStringLiteral("(not settled)");
    window.ensureDatabasePassword([&window, &passwordWhenSettled] {
        passwordWhenSettled = window.passwordKeeper()->password();
    });
    // The keychain has no entry (or there is no keychain): the window asks.
    PasswordDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<PasswordDialog *>()) != nullptr, 15'000);
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *remember = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
    QVERIFY(edit && remember);
    if (!window.passwordKeeper()->keychainProblem().isEmpty()) {
        QVERIFY(!remember->isEnabled());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keychainNote")));
    }
    remember->setChecked(false);
    edit->setText(QStringLiteral("typed-at-start"));
    QCOMPARE(passwordWhenSettled, QStringLiteral("(not settled)"));
    dialog->accept();
    QCOMPARE(window.passwordKeeper()->password(), QStringLiteral("typed-at-start"));
    QCOMPARE(window.passwordKeeper()->account(), settings.mysqlAccountKey());
    QCOMPARE(passwordWhenSettled, QStringLiteral("typed-at-start"));
    // Known now: not asked again, and what waits runs at once.
    bool settledAgain = false;
    window.ensureDatabasePassword([&settledAgain] { settledAgain = true; });
    QVERIFY(settledAgain);
    QTest::qWait(100);
    QVERIFY(window.findChildren<PasswordDialog *>().size() <= 1);
}

void TestSettingsDialog::settingsDialogChangesWindow()
{
    MainWindow window;
    QSignalSpy changed(&window, &MainWindow::settingsChanged);
    QTimer::singleShot(0, &window, [&window] {
        auto *dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(QStringLiteral("topCountSpin"))->setValue(4);
        dialog->accept();
    });
    window.showSettings();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(window.settings().shareTopCount(), 4);
    QCOMPARE(AppSettings::load().shareTopCount(), 4);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
