// SPDX-License-Identifier: GPL-2.0-or-later
//
// The memtap executable's command line, run as a user (or a file manager's
// "Open With") would: --help, --version, and a trace to import.

#include "memtapconfig.h"
#include "storage/database.h"
#include "storage/databaseurl.h"
#include "storage/sessionrepository.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace memtap;
using namespace memtap::test;

namespace {

// memtap with its own settings and data folders under home, offscreen.
QProcessEnvironment environmentIn(const QTemporaryDir &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    return environment;
}

ProgramRun runToEnd(const QStringList &arguments)
{
    QTemporaryDir home;
    return runProgram(QStringLiteral(MEMTAP_GUI_PATH), arguments, environmentIn(home), 30'000);
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(MEMTAP_GUI_PATH)).isExecutable(), MEMTAP_GUI_PATH);
    }

    void versionAndHelp()
    {
        const ProgramRun version = runToEnd({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.standardOutput.trimmed(), QByteArray("memtap " MEMTAP_VERSION));

        const ProgramRun help = runToEnd({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.standardOutput.contains("Usage: "), help.standardOutput.constData());
        QVERIFY2(help.standardOutput.contains("[trace]"), help.standardOutput.constData());
        QVERIFY2(help.standardOutput.contains("memtapctl record --output"),
            help.standardOutput.constData());
    }

    void refusesWhatItCannotDo()
    {
        const ProgramRun unknown = runToEnd({QStringLiteral("--no-such-option")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(
            unknown.standardError.contains("no-such-option"), unknown.standardError.constData());

        const ProgramRun two = runToEnd({QStringLiteral("a.v1"), QStringLiteral("b.v1")});
        QCOMPARE(two.exitCode, 1);
        QVERIFY2(two.standardError.contains("at most one trace"), two.standardError.constData());
    }

    // "memtap trace.v1.gz", with a path relative to where it was started:
    // the window comes up and imports the trace into the default database.
    void importsTheTraceItIsGiven()
    {
        const QFileInfo trace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"));
        QVERIFY(trace.isFile());
        QTemporaryDir home;
        QProcess memtap;
        memtap.setProcessEnvironment(environmentIn(home));
        memtap.setWorkingDirectory(trace.absolutePath());
        memtap.start(QStringLiteral(MEMTAP_GUI_PATH), {trace.fileName()});
        QVERIFY(memtap.waitForStarted());

        // The default database: $XDG_DATA_HOME/memtap/memtap.sqlite.
        const QString databasePath = home.filePath(QStringLiteral("data/memtap/memtap.sqlite"));
        std::optional<StoredSession> imported;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000 && memtap.state() == QProcess::Running) {
            QTest::qWait(200);
            if (!QFileInfo::exists(databasePath))
                continue;
            QString error;
            auto database = Database::open(DatabaseUrl::sqlite(databasePath), &error);
            if (!database)
                continue;
            const auto sessions = SessionRepository(*database).sessions();
            if (!sessions.empty() && !sessions.front().endReason.isEmpty()) {
                imported = sessions.front();
                break;
            }
        }
        const QProcess::ProcessState state = memtap.state();
        memtap.terminate();
        if (!memtap.waitForFinished(10000)) {
            memtap.kill();
            memtap.waitForFinished();
        }
        QVERIFY2(imported.has_value(),
            qPrintable(QString::fromLocal8Bit(memtap.readAllStandardError())));
        QCOMPARE(state, QProcess::Running);
        QCOMPARE(imported->source, QStringLiteral("import"));
        QCOMPARE(imported->sourceName, trace.absoluteFilePath());
        QCOMPARE(imported->eventCount, std::uint64_t(91'485));
        QCOMPARE(imported->endReason, QStringLiteral("end-of-trace"));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
