// SPDX-License-Identifier: GPL-2.0-or-later
// The desktop application's wiring on the offscreen platform: AppController
// tells the window whether a capture can run; Start in the window runs a real
// capture (bpftrace, build-tree helper, elevation none, as root) whose
// figures reach the Processes dock with the test client's exact live bytes;
// closing the window and shutting down (what quitting does) stops the tracer
// and the helper within two seconds; a new window opening the stored session
// (a GUI restart) shows the same live bytes. The first process detail of an
// opened session replays it, with its progress in the detail dock.

#include "../capture/processscan.h"
#include "appcontroller.h"
#include "capturestatusbar.h"
#include "live/livecapture.h"
#include "live/sessionreader.h"
#include "livetestsupport.h"
#include "mainwindow.h"
#include "models/displayformat.h"
#include "models/livemappingsmodel.h"
#include "models/processmodel.h"
#include "processdetailview.h"
#include "storage/database.h"
#include "trace/eventparser.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

using namespace memtap;
using namespace memtap::test;

namespace {

// The row of the running process pid in the Processes dock's model, -1 if none.
int rowOfRunningPid(const ProcessModel &model, qint64 pid)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, ProcessModel::PidColumn);
        if (index.data(ProcessModel::PidRole).toLongLong() == pid
            && !index.data(ProcessModel::ExitedRole).toBool())
            return row;
    }
    return -1;
}

// Waits until the dock shows liveBytes for pid; returns what it shows last.
std::uint64_t waitForLiveBytesInDock(
    const ProcessModel &model, qint64 pid, std::uint64_t liveBytes, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    std::uint64_t shown = 0;
    while (clock.elapsed() < timeoutMs) {
        const int row = rowOfRunningPid(model, pid);
        if (row >= 0) {
            shown = model.index(row, ProcessModel::LiveColumn)
                        .data(ProcessModel::SortRole)
                        .toULongLong();
            if (shown == liveBytes)
                break;
        }
        QTest::qWait(20);
    }
    return shown;
}

} // namespace

class TestAppController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void saveSettings(Elevation elevation)
    {
        AppSettings settings;
        settings.setSqlitePath(m_dir.filePath(QStringLiteral("memtap.sqlite")));
        settings.setElevation(elevation);
        settings.setCaptureBackend(CaptureBackend::Bpftrace);
        settings.save();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("memtap"));
        QApplication::setApplicationName(QStringLiteral("memtap"));
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(MEMTAP_TESTCLIENT_PATH)).isExecutable(),
            MEMTAP_TESTCLIENT_PATH);
    }

    void startIsDisabledWithAReasonWithoutTheHelper()
    {
        saveSettings(Elevation::Pkexec);
        MainWindow window;
        AppController controller(&window);
        const QString missing = m_dir.filePath(QStringLiteral("no-such-helper"));
        controller.setHelperPath(missing);
        QVERIFY(!window.startCaptureAction()->isEnabled());
        QVERIFY(controller.captureUnavailableReason().contains(missing));
        QVERIFY(window.startCaptureAction()->toolTip().contains(missing));
    }

    void openedSessionShowsReplayProgressInTheDetailDock()
    {
        saveSettings(Elevation::None);
        const ImportedSession imported
            = importTrace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"),
                m_dir.filePath(QStringLiteral("memtap.sqlite")));
        QVERIFY2(imported.id > 0, qPrintable(imported.error));

        MainWindow window;
        AppController controller(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(controller.sessionReader(), &SessionReader::loaded);
        controller.openSession(imported.id);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QTRY_VERIFY(window.processModel()->rowCount() > 0);
        // The status bar gives the session's totals, not a capture's.
        QCOMPARE(window.captureStatusBar()->totalLabel()->text(),
            QStringLiteral("%1 events").arg(DisplayFormat::count(91'485)));
        QCOMPARE(window.captureStatusBar()->droppedLabel()->text(), QStringLiteral("0 dropped"));

        ProcessDetailView *detail = window.processDetailView();
        QProgressBar *bar = detail->replayProgressBar();
        QVERIFY(bar->isHidden());
        // What the dock says while it replays, seen at each step.
        QStringList summaries;
        QList<int> values;
        connect(bar, &QProgressBar::valueChanged, this, [&](int value) {
            values.append(value);
            summaries.append(detail->summaryLabel()->text());
            QVERIFY(bar->isVisible());
        });
        // A process still running at the end, so that it has mappings to show.
        std::uint64_t first = 0;
        for (int row = 0; row < window.processModel()->rowCount() && first == 0; ++row) {
            const ProcessFigures &figures = window.processModel()->figures(row);
            if (figures.exitNs < 0 && figures.liveBytes > 0)
                first = figures.processKey;
        }
        QVERIFY(first != 0);
        QVERIFY(window.selectProcess(first));
        QTRY_COMPARE_WITH_TIMEOUT(detail->processKey(), first, 30000);
        QVERIFY(bar->isHidden());
        // The recorded trace holds 142,460 records, read a page at a time.
        QVERIFY2(values.size() >= 2, qPrintable(QString::number(values.size())));
        QCOMPARE(values.last(), 1000);
        QVERIFY(std::is_sorted(values.cbegin(), values.cend()));
        QVERIFY2(bar->format().endsWith(
                     QStringLiteral(" of %1 records").arg(DisplayFormat::count(142'460))),
            qPrintable(bar->format()));
        QVERIFY(summaries.first().contains(QStringLiteral("Rebuilding the live mappings")));
        QVERIFY(detail->summaryLabel()->text().contains(QStringLiteral("PID")));
        QVERIFY(detail->mappingsModel()->rowCount() > 0);

        // Replayed once: another process's detail comes without it.
        values.clear();
        const std::uint64_t second = window.processModel()->figures(0).processKey == first
            ? window.processModel()->figures(1).processKey
            : window.processModel()->figures(0).processKey;
        QVERIFY(window.selectProcess(second));
        QTRY_COMPARE_WITH_TIMEOUT(detail->processKey(), second, 10000);
        QVERIFY(values.isEmpty());
        QVERIFY(bar->isHidden());
    }

    void liveCaptureReachesTheProcessesDockExactly()
    {
        MEMTAP_REQUIRE_LIVE_CAPTURE();
        saveSettings(Elevation::None);

        QProcess client;
        const QByteArray ready = startGroundTruthClient(client);
        QVERIFY2(ready.startsWith("ready\t"), ready.constData());
        const qint64 clientPid = client.processId();

        auto window = std::make_unique<MainWindow>();
        auto controller = std::make_unique<AppController>(window.get());
        controller->setHelperPath(buildHelperPath());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY2(window->startCaptureAction()->isEnabled(),
            qPrintable(controller->captureUnavailableReason()));

        LiveCapture *capture = controller->liveCapture();
        QSignalSpy failed(capture, &LiveCapture::failed);
        QSignalSpy started(capture, &LiveCapture::sessionStarted);
        window->startCaptureAction()->trigger();
        QVERIFY(capture->isActive());
        waitUntilRunning(*capture);
        QVERIFY2(capture->state() == CaptureSession::State::Running,
            failed.isEmpty() ? "not running" : qPrintable(failed.first().at(0).toString()));
        QVERIFY(!window->startCaptureAction()->isEnabled());
        QVERIFY(window->stopCaptureAction()->isEnabled());
        QCOMPARE(started.size(), 1);
        QVERIFY(capture->sessionId() > 0);
        QCOMPARE(*capture->database(), controller->databaseUrl());
        // The request log pages through the session while it grows.
        QCOMPARE(window->shownSessionId(), capture->sessionId());
        QVERIFY(window->isShownSessionLive());

        // Past the mapping made before the capture and a partial munmap.
        for (const QByteArray expected : {"premapped", "partial-munmap"}) {
            const QByteArray line = continueToCheckpoint(client);
            QVERIFY2(line.startsWith("checkpoint\t" + expected), line.constData());
        }
        const MapsTruth truth = readMaps(clientPid);
        QVERIFY(truth.readable);
        const std::uint64_t shown
            = waitForLiveBytesInDock(*window->processModel(), clientPid, truth.liveBytes, 10000);
        qInfo("Processes dock: pid %lld live %llu bytes, /proc/PID/maps %llu bytes", clientPid,
            static_cast<unsigned long long>(shown),
            static_cast<unsigned long long>(truth.liveBytes));
        QCOMPARE(shown, truth.liveBytes);
        const int row = rowOfRunningPid(*window->processModel(), clientPid);
        QVERIFY(row >= 0);
        const std::uint64_t processKey = window->processModel()->figures(row).processKey;
        QVERIFY(window->processModel()
                    ->index(row, ProcessModel::LiveColumn)
                    .data(ProcessModel::LiveExactRole)
                    .toBool());

        // Selecting the process asks the live Accountant for its detail.
        QSignalSpy detailReady(capture, &LiveCapture::detailReady);
        QVERIFY(window->selectProcess(processKey));
        QVERIFY(detailReady.wait(5000));
        QCOMPARE(detailReady.first().at(0).value<ProcessDetail>().processKey, processKey);

        // Quitting: the window closes, main() calls shutdown() on aboutToQuit.
        const auto helper = static_cast<pid_t>(capture->session().helperProcessId());
        const QList<ProcessIdentity> tree = processTree(helper);
        QVERIFY(tree.size() >= 2);
        const qint64 sessionId = capture->sessionId();
        QElapsedTimer clock;
        clock.start();
        window->close();
        controller->shutdown();
        const qint64 quitMs = clock.elapsed();
        qInfo("capture stopped and stored %lld ms after the window closed", quitMs);
        for (const ProcessIdentity &process : tree)
            QVERIFY2(!stillRunning(process), process.comm.constData());
        QVERIFY2(quitMs <= 2000, qPrintable(QStringLiteral("took %1 ms").arg(quitMs)));
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        QCOMPARE(capture->endReason(), CaptureEndReason::UserStop);
        QVERIFY2(capture->stored(), qPrintable(capture->storeError()));
        QVERIFY(!window->isShownSessionLive());
        controller.reset();
        window.reset();

        // A restarted GUI opens the stored session: same live bytes.
        MainWindow reopened;
        AppController reopenedController(&reopened);
        QSignalSpy loaded(reopenedController.sessionReader(), &SessionReader::loaded);
        reopenedController.openSession(sessionId);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        // The controller takes loaded() in this thread, after the reader sent it.
        QTRY_COMPARE(reopened.shownSessionId(), sessionId);
        QVERIFY(!reopenedController.showsLiveCapture());
        QVERIFY(!reopened.isShownSessionLive());
        QCOMPARE(waitForLiveBytesInDock(*reopened.processModel(), clientPid, truth.liveBytes, 5000),
            truth.liveBytes);

        client.write("\n");
        client.kill();
        client.waitForFinished(5000);
    }

    // The database cannot take the capture (another program holds its write
    // lock): after Stop the user can stop waiting, and the message names the
    // file that holds what the database did not take.
    void stoppingWhileTheDatabaseIsLockedCanSaveTheRestToAFile()
    {
        MEMTAP_REQUIRE_LIVE_CAPTURE();
        saveSettings(Elevation::None);
        QTemporaryDir dataHome;
        const QByteArray previousDataHome = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", QFile::encodeName(dataHome.path()));
        const auto restoreDataHome = qScopeGuard([&] {
            if (previousDataHome.isNull())
                qunsetenv("XDG_DATA_HOME");
            else
                qputenv("XDG_DATA_HOME", previousDataHome);
        });

        MainWindow window;
        AppController controller(&window);
        controller.setHelperPath(buildHelperPath());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LiveCapture *capture = controller.liveCapture();
        window.startCaptureAction()->trigger();
        waitUntilRunning(*capture);
        QCOMPARE(capture->state(), CaptureSession::State::Running);

        QString error;
        auto locker = Database::open(controller.databaseUrl(), &error);
        QVERIFY2(locker, qPrintable(error));
        QSqlQuery lock(locker->connection());
        QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
        QProcess workload;
        workload.start(QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("for i in $(seq 100); do /bin/true; done")});
        QVERIFY(workload.waitForFinished(30000));
        QVERIFY(!window.giveUpStoringAction()->isEnabled());
        window.stopCaptureAction()->trigger();
        // Offered once the store reports the problem (SQLite gives up on the
        // lock after its busy timeout).
        QTRY_VERIFY_WITH_TIMEOUT(window.giveUpStoringAction()->isEnabled(), 90000);
        QVERIFY(capture->isActive());

        QString message;
        QTimer answerer;
        answerer.setInterval(50);
        connect(&answerer, &QTimer::timeout, &window, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                message = box->text();
                box->button(QMessageBox::Ok)->click();
            }
        });
        answerer.start();
        window.giveUpStoringAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!message.isEmpty(), 90000);
        QTRY_VERIFY(!capture->isActive());
        QVERIFY(!window.giveUpStoringAction()->isEnabled());
        QVERIFY2(lock.exec(QStringLiteral("ROLLBACK")), qPrintable(lock.lastError().text()));

        const QString unstored
            = QDir(dataHome.path())
                  .filePath(QStringLiteral("memtap/unstored/session-%1-unstored.v1")
                                .arg(capture->sessionId()));
        QVERIFY2(message.contains(QStringLiteral("They are saved in %1").arg(unstored)),
            qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("is lost")), qPrintable(message));
        QCOMPARE(capture->storeStatus().unstoredPath, unstored);
        // What the database took and what the file holds add up to the capture.
        QFile file(unstored);
        QVERIFY(file.open(QIODevice::ReadOnly));
        EventParser parser;
        std::vector<Event> saved;
        parser.feed(file.readAll(), saved);
        parser.finish(saved);
        QCOMPARE(parser.counters().malformed, std::uint64_t(0));
        const ParserCounters captured = capture->session().counters();
        QCOMPARE(
            capture->storeStatus().writtenEvents + parser.counters().events(), captured.events());
        QVERIFY(parser.counters().events() > 0);
    }
};

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
