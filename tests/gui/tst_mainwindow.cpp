// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/accountant.h"
#include "capturestatusbar.h"
#include "mainwindow.h"
#include "models/livemappingsmodel.h"
#include "models/processfiltermodel.h"
#include "models/processmodel.h"
#include "models/sharemodel.h"
#include "processdetailview.h"
#include "processview.h"
#include "requestlogview.h"
#include "sharechartview.h"
#include "testsupport.h"
#include "trace/synthetictrace.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPieSeries>
#include <QPieSlice>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace memtap;

namespace {

// A capture pipeline in miniature: a synthetic trace through a real
// Accountant, its updates and detail answers handed to the window as the
// live pipeline does.
class SyntheticSession
{
public:
    explicit SyntheticSession(MainWindow &window, SyntheticTrace::Options options)
        : m_window(window)
        , m_trace(options)
    {
        QObject::connect(&window, &MainWindow::processDetailRequested, &window,
            [this](std::uint64_t processKey) {
                ++detailRequests;
                ProcessDetail detail;
                detail.processKey = processKey;
                detail.mappings = m_accountant.liveMappings(processKey);
                detail.timeline = m_accountant.liveTimeline(processKey);
                m_window.showProcessDetail(detail);
            });
        window.setSessionMetadata(m_trace.metadata());
    }

    // Feeds up to records more records; returns false at the end of the trace.
    bool feed(std::size_t records)
    {
        std::vector<Event> batch;
        m_trace.generate(batch, records);
        if (batch.empty()) {
            m_accountant.flush();
            m_window.applyProcessUpdate(m_accountant.takeChanges());
            return false;
        }
        for (const Event &event : batch) {
            ++m_counters.lines;
            ++m_counters.records;
            ++m_counters.byCall[static_cast<std::size_t>(event.call)];
        }
        m_accountant.add(batch);
        m_accountant.releaseUpTo(batch.back().timestampNs);
        m_window.applyProcessUpdate(m_accountant.takeChanges());
        m_window.setCounters(m_counters);
        return true;
    }
    void feedAll()
    {
        while (feed(5'000)) { }
        m_window.flushPendingUpdates();
    }

    Accountant &accountant() { return m_accountant; }
    int detailRequests = 0;

private:
    MainWindow &m_window;
    SyntheticTrace m_trace;
    Accountant m_accountant;
    ParserCounters m_counters;
};

std::uint64_t topProcessByRequested(const Accountant &accountant)
{
    std::uint64_t key = 0;
    std::uint64_t most = 0;
    for (const ProcessFigures &figures : accountant.allProcesses()) {
        if (figures.requestedBytes > most) {
            most = figures.requestedBytes;
            key = figures.processKey;
        }
    }
    return key;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsLiveSessionInAllDocksAndSavesScreenshot();
    void keepsSelectionAndScrollAcrossLiveUpdates();
    void sliceClickSelectsProcess();
    void filterIsDebounced();
    void dockLayoutRoundTrip();
    void restoreDefaultLayoutShowsAllDocks();
    void ignoresLayoutOfAnotherVersion();
    void captureActionsFollowState();
    void actionsBeforeASessionIsShown();
    void showsHostileNamesSafely();
};

void TestMainWindow::initTestCase()
{
    QApplication::setOrganizationName(QStringLiteral("memtap-test"));
    QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::showsLiveSessionInAllDocksAndSavesScreenshot()
{
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAbstractItemModelTester processTester(
        window.processModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester shareTester(
        window.shareModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    SyntheticTrace::Options options;
    options.seed = 42;
    options.events = 40'000;
    options.processes = 24;
    options.hostileNames = false;
    SyntheticSession session(window, options);
    window.setCaptureBackend(CaptureBackend::Bpftrace);
    window.setCaptureState(CaptureSession::State::Running);
    window.setDatabaseStatus(QStringLiteral("SQLite ~/.local/share/memtap/memtap.sqlite"));
    // Most of the trace at once, the rest at a steady pace so the status bar
    // has a rate to show.
    for (int i = 0; i < 6; ++i)
        session.feed(5'000);
    QElapsedTimer pacing;
    pacing.start();
    while (pacing.elapsed() < 1500 && session.feed(500))
        QTest::qWait(100);
    session.feedAll();
    window.shareModel()->refreshNow();

    // Processes dock: every process of the session.
    const std::vector<ProcessFigures> all = session.accountant().allProcesses();
    QCOMPARE(window.processModel()->rowCount(), int(all.size()));
    QVERIFY(all.size() > 24);

    // Memory share dock: top 10 + Other, matching the model.
    QCOMPARE(window.shareModel()->rowCount(), ShareModel::defaultTopCount + 1);
    QCOMPARE(window.shareChartView()->series()->count(), ShareModel::defaultTopCount + 1);
    const std::uint64_t top = topProcessByRequested(session.accountant());
    QVERIFY(window.shareChartView()->sliceOf(top));
    QVERIFY(window.shareChartView()->sliceOf(0));

    // Process detail dock: the ranges and timeline of the running process
    // that holds the most.
    std::uint64_t biggest = 0;
    std::uint64_t biggestLive = 0;
    for (const ProcessFigures &figures : all) {
        if (figures.exitNs < 0 && figures.liveBytes > biggestLive) {
            biggestLive = figures.liveBytes;
            biggest = figures.processKey;
        }
    }
    QVERIFY(biggest != 0);
    QVERIFY(window.selectProcess(biggest));
    QCOMPARE(window.processView()->selectedProcess(), biggest);
    QCOMPARE(window.processDetailView()->processKey(), biggest);
    QCOMPARE(window.processDetailView()->mappingsModel()->rowCount(),
        int(session.accountant().liveMappings(biggest).size()));
    QVERIFY(window.processDetailView()->mappingsModel()->rowCount() > 0);
    QVERIFY(window.processDetailView()->timelineSeries()->count() > 10);
    QVERIFY(window.processDetailView()->summaryLabel()->text().contains(QStringLiteral("PID")));

    // Status bar: state, backend and totals of what was fed.
    QTRY_VERIFY(window.captureStatusBar()->rateLabel()->text() != QStringLiteral("0 events/s"));
    QCOMPARE(window.captureStatusBar()->stateLabel()->text(), QStringLiteral("Capturing"));
    QCOMPARE(window.captureStatusBar()->backendLabel()->text(), QStringLiteral("bpftrace"));

    QTest::qWait(50);
    const QImage shot = window.grab().toImage();
    QVERIFY(!shot.isNull());
    const QString path = QStringLiteral(MEMTAP_BINARY_DIR "/memtap-mainwindow.png");
    QVERIFY(shot.save(path));
    qInfo("Saved %s", qPrintable(path));
}

void TestMainWindow::keepsSelectionAndScrollAcrossLiveUpdates()
{
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SyntheticTrace::Options options;
    options.seed = 9;
    options.events = 120'000;
    options.processes = 120;
    SyntheticSession session(window, options);
    QSignalSpy resets(window.processModel(), &QAbstractItemModel::modelReset);

    for (int i = 0; i < 6; ++i)
        session.feed(5'000);
    window.flushPendingUpdates();
    QTableView *table = window.processView()->tableView();
    QVERIFY(table->model()->rowCount() > 30);
    const QModelIndex chosen = table->model()->index(20, 0);
    const std::uint64_t key = chosen.data(ProcessModel::ProcessKeyRole).toULongLong();
    table->selectionModel()->setCurrentIndex(
        chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->verticalScrollBar()->setValue(8);
    const int scroll = table->verticalScrollBar()->value();
    const int requestsBefore = session.detailRequests;

    int updates = 0;
    while (session.feed(3'000) && updates < 25) {
        window.flushPendingUpdates();
        ++updates;
        QCOMPARE(window.processView()->selectedProcess(), key);
        QCOMPARE(table->verticalScrollBar()->value(), scroll);
    }
    QVERIFY(updates >= 20);
    QCOMPARE(resets.count(), 0);
    // The detail followed the selected process at most once per second.
    QVERIFY(session.detailRequests - requestsBefore <= 3);
}

void TestMainWindow::sliceClickSelectsProcess()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SyntheticTrace::Options options;
    options.seed = 4;
    options.events = 40'000;
    SyntheticSession session(window, options);
    session.feedAll();
    window.shareModel()->refreshNow();

    const std::uint64_t second
        = window.shareModel()->index(1, 0).data(ShareModel::ProcessKeyRole).toULongLong();
    QPieSlice *slice = window.shareChartView()->sliceOf(second);
    QVERIFY(slice);
    // A filter that hides the process is cleared so it can be shown.
    window.processView()->filterEdit()->setText(QStringLiteral("no such process"));
    QTRY_COMPARE(window.processView()->filterModel()->rowCount(), 0);
    Q_EMIT slice->clicked();
    QCOMPARE(window.processView()->selectedProcess(), second);
    QVERIFY(window.processView()->filterEdit()->text().isEmpty());
    QCOMPARE(window.processDetailView()->processKey(), second);

    // Other has no process.
    Q_EMIT window.shareChartView()->sliceOf(0)->clicked();
    QCOMPARE(window.processView()->selectedProcess(), second);

    // Deselecting the row empties the detail.
    window.processView()->tableView()->selectionModel()->clearSelection();
    QCOMPARE(window.processView()->selectedProcess(), 0u);
    QCOMPARE(window.processDetailView()->processKey(), 0u);
}

void TestMainWindow::filterIsDebounced()
{
    MainWindow window;
    window.show();
    ProcessUpdate update;
    for (int i = 1; i <= 5; ++i) {
        ProcessFigures figures;
        figures.processKey = std::uint64_t(i);
        figures.pid = 100 + i;
        figures.name = i == 3 ? "postgres" : "bash";
        figures.requestedBytes = std::uint64_t(i) * 4096;
        update.push_back(figures);
    }
    window.applyProcessUpdate(update);
    window.flushPendingUpdates();
    QLineEdit *filter = window.processView()->filterEdit();
    QSortFilterProxyModel *proxy = window.processView()->filterModel();
    QTest::keyClicks(filter, QStringLiteral("post"));
    // Typing does not filter at once ...
    QCOMPARE(proxy->rowCount(), 5);
    QTest::qWait(100);
    QCOMPARE(proxy->rowCount(), 5);
    // ... but once typing pauses for 300 ms.
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 1, 1000);
    filter->setText(QStringLiteral("103"));
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, 0).data(ProcessModel::PidRole).toInt(), 103);
}

void TestMainWindow::dockLayoutRoundTrip()
{
    {
        MainWindow window;
        window.resize(1300, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.requestsDock()->hide();
        window.tabifyDockWidget(window.shareDock(), window.detailDock());
        window.removeDockWidget(window.processesDock());
        window.addDockWidget(Qt::BottomDockWidgetArea, window.processesDock());
        window.processesDock()->show();
        window.close(); // saves
    }
    QSettings settings;
    QVERIFY(!settings.value(QStringLiteral("MainWindow/state")).toByteArray().isEmpty());

    MainWindow restored;
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QVERIFY(restored.requestsDock()->isHidden());
    QVERIFY(!restored.requestsDock()->toggleViewAction()->isChecked());
    QCOMPARE(restored.dockWidgetArea(restored.processesDock()), Qt::BottomDockWidgetArea);
    QCOMPARE(restored.tabifiedDockWidgets(restored.shareDock()),
        QList<QDockWidget *> {restored.detailDock()});
    QCOMPARE(restored.size(), QSize(1300, 850));

    // The View menu toggles docks.
    restored.requestsDock()->toggleViewAction()->trigger();
    QVERIFY(restored.requestsDock()->isVisible());
}

void TestMainWindow::restoreDefaultLayoutShowsAllDocks()
{
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.shareDock()->hide();
    window.detailDock()->setFloating(true);
    window.tabifyDockWidget(window.processesDock(), window.requestsDock());

    window.restoreLayoutAction()->trigger();
    QApplication::processEvents();
    for (QDockWidget *dock :
        {window.processesDock(), window.requestsDock(), window.shareDock(), window.detailDock()}) {
        QVERIFY2(!dock->isHidden(), qPrintable(dock->objectName()));
        QVERIFY2(!dock->isFloating(), qPrintable(dock->objectName()));
    }
    // Processes and the share chart side by side on top, the process table wider.
    QCOMPARE(window.dockWidgetArea(window.processesDock()), Qt::TopDockWidgetArea);
    QCOMPARE(window.dockWidgetArea(window.shareDock()), Qt::TopDockWidgetArea);
    QVERIFY(window.processesDock()->isVisible() && window.shareDock()->isVisible());
    QVERIFY(window.processesDock()->width() > window.shareDock()->width());
    QVERIFY(window.processesDock()->x() < window.shareDock()->x());
    // The detail below at full width, the request log in a tab behind it.
    QCOMPARE(window.dockWidgetArea(window.detailDock()), Qt::BottomDockWidgetArea);
    QCOMPARE(window.tabifiedDockWidgets(window.detailDock()),
        QList<QDockWidget *> {window.requestsDock()});
    QVERIFY(window.detailDock()->isVisible());
    QVERIFY(window.detailDock()->y() > window.processesDock()->y());
    QVERIFY(window.detailDock()->width() > window.processesDock()->width());
    QVERIFY(window.tabifiedDockWidgets(window.processesDock()).isEmpty());
}

void TestMainWindow::ignoresLayoutOfAnotherVersion()
{
    {
        MainWindow window;
        window.show();
        window.shareDock()->hide();
        QSettings settings;
        settings.setValue(
            QStringLiteral("MainWindow/state"), window.saveState(MainWindow::layoutVersion + 1));
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.shareDock()->isVisible());
    QVERIFY(!window.restoreLayout());
}

void TestMainWindow::captureActionsFollowState()
{
    MainWindow window;
    // Until a pipeline is connected, Start says why it cannot run.
    QVERIFY(!window.startCaptureAction()->isEnabled());
    QVERIFY(!window.startCaptureAction()->toolTip().isEmpty());

    window.setCaptureAvailable(true);
    QVERIFY(window.startCaptureAction()->isEnabled());
    QVERIFY(!window.stopCaptureAction()->isEnabled());

    QSignalSpy starts(&window, &MainWindow::startCaptureRequested);
    QAction *bpftrace = window.findChild<QAction *>(QStringLiteral("backend_bpftrace"));
    QVERIFY(bpftrace);
    bpftrace->trigger();
    window.startCaptureAction()->trigger();
    QCOMPARE(starts.count(), 1);
    const auto options = starts.first().first().value<CaptureOptions>();
    QCOMPARE(options.backend, CaptureBackend::Bpftrace);
    QCOMPARE(options.elevation, Elevation::Pkexec);
    // The choice is remembered.
    QCOMPARE(AppSettings::load().captureBackend(), CaptureBackend::Bpftrace);

    for (const auto state : {CaptureSession::State::Starting,
             CaptureSession::State::WaitingForAuthorization, CaptureSession::State::Running}) {
        window.setCaptureState(state);
        QVERIFY(!window.startCaptureAction()->isEnabled());
        QVERIFY(window.stopCaptureAction()->isEnabled());
        QVERIFY(!bpftrace->isEnabled());
    }
    QSignalSpy stops(&window, &MainWindow::stopCaptureRequested);
    window.stopCaptureAction()->trigger();
    QCOMPARE(stops.count(), 1);
    window.setCaptureState(CaptureSession::State::Stopping);
    QVERIFY(!window.startCaptureAction()->isEnabled());
    QVERIFY(!window.stopCaptureAction()->isEnabled());
    window.setCaptureState(CaptureSession::State::Failed);
    QVERIFY(window.startCaptureAction()->isEnabled());
    QCOMPARE(window.captureStatusBar()->stateLabel()->text(), QStringLiteral("Failed"));
}

void TestMainWindow::actionsBeforeASessionIsShown()
{
    MainWindow window;
    // Sessions can always be opened; there is nothing to export yet, and the
    // tooltip says what to do.
    QVERIFY(window.openSessionAction()->isEnabled());
    QVERIFY(!window.exportCsvAction()->isEnabled());
    QVERIFY(!window.exportCsvAction()->toolTip().isEmpty());
    QCOMPARE(window.shownSessionId(), 0);
    RequestLogView *log = window.requestLogView();
    QVERIFY(!log->pidEdit()->isEnabled());
    QVERIFY(log->findChild<QLabel *>(QStringLiteral("requestLogUnavailable"))->isVisibleTo(log));
}

void TestMainWindow::showsHostileNamesSafely()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SyntheticTrace::Options options;
    options.seed = 77;
    options.events = 30'000;
    options.hostileNames = true;
    SyntheticSession session(window, options);
    session.feedAll();
    window.shareModel()->refreshNow();
    ProcessModel *model = window.processModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString name = model->index(row, ProcessModel::NameColumn).data().toString();
        QVERIFY2(!name.contains(QLatin1Char('\n')) && !name.contains(QLatin1Char('\t')),
            qPrintable(name));
    }
    for (QPieSlice *slice : window.shareChartView()->series()->slices())
        QVERIFY(!slice->label().contains(QLatin1Char('\n')));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
