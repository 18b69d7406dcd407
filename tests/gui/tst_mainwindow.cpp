// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/accountant.h"
#include "capturestatusbar.h"
#include "export/csvexportjob.h"
#include "exportcsvdialog.h"
#include "import/traceimportjob.h"
#include "mainwindow.h"
#include "models/livemappingsmodel.h"
#include "models/processfiltermodel.h"
#include "models/processmodel.h"
#include "models/requestlogmodel.h"
#include "models/sessionlistmodel.h"
#include "models/sharemodel.h"
#include "opensessiondialog.h"
#include "processdetailview.h"
#include "processview.h"
#include "requestlogview.h"
#include "sharechartview.h"
#include "storage/database.h"
#include "storage/sessionrepository.h"
#include "storage/unstoredrecordsfile.h"
#include "testsupport.h"
#include "trace/synthetictrace.h"
#include "trace/tracefile.h"
#include "trace/tracewriter.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPieSeries>
#include <QPieSlice>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <sys/stat.h>

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

// File > Open Session and File > Import Trace use the SQLite file at path.
void useSqliteDatabase(const QString &path)
{
    AppSettings settings = AppSettings::load();
    settings.setDatabaseKind(AppSettings::DatabaseKind::Sqlite);
    settings.setSqlitePath(path);
    settings.save();
}

// What the application's controller does with File > Open Session, from the
// stored figures (the processes, the pie's numbers and the timeline).
void loadStoredSession(MainWindow &window, const DatabaseUrl &url, qint64 sessionId)
{
    QString error;
    auto database = Database::open(url, &error);
    QVERIFY2(database, qPrintable(error));
    SessionRepository repository(*database);
    const auto session = repository.session(sessionId);
    QVERIFY2(session, qPrintable(repository.errorString()));
    window.clearSession();
    TraceMetadata metadata;
    metadata.memTotalBytes = session->memTotalBytes.value_or(-1);
    metadata.realtimeOffsetNs = session->realtimeOffsetNs.value_or(0);
    metadata.baselineStartNs = session->baselineStartNs.value_or(-1);
    metadata.backend = session->backend.toLatin1();
    window.setSessionMetadata(metadata);
    window.captureStatusBar()->setStoredTotals(
        session->eventCount, session->lostEvents, session->malformedLines);
    ProcessUpdate update;
    for (const StoredProcess &process : repository.processes(sessionId))
        update.push_back(process.figures);
    QVERIFY(!update.empty());
    window.applyProcessUpdate(update);
    window.flushPendingUpdates();
    window.shareModel()->refreshNow();
    window.showSession(url, sessionId, false);
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
    void waitingForTheDatabaseCanBeGivenUp();
    void filterIsDebounced();
    void dockLayoutRoundTrip();
    void restoreDefaultLayoutShowsAllDocks();
    void ignoresLayoutOfAnotherVersion();
    void captureActionsFollowState();
    void actionsBeforeASessionIsShown();
    void opensRecordedSessionAndSavesScreenshot();
    void exportsWhatTheViewsShow();
    void cancelledOrFailedExportLeavesNoFile();
    void importsATraceAndOpensIt();
    void asksBeforeImportingUnstoredRecordsTwice();
    void importListsMalformedLines();
    void importsADroppedTrace();
    void showsHostileNamesSafely();
    void timelineHoldsUntilTheNewestRecord();
    void liveDetailOfAQuietProcessIsRefreshed();
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

namespace {

// What a file manager's drag carries.
std::unique_ptr<QMimeData> draggedFiles(const QList<QUrl> &urls)
{
    auto mimeData = std::make_unique<QMimeData>();
    mimeData->setUrls(urls);
    return mimeData;
}

// Sends a drag entering at the centre of target, as the window system
// would; true when some widget on the way to the window accepted it.
bool dragEnters(QWidget *target, const QMimeData *mimeData)
{
    QDragEnterEvent enter(target->rect().center(), Qt::CopyAction | Qt::MoveAction, mimeData,
        Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    return enter.isAccepted();
}

} // namespace

void TestMainWindow::importsADroppedTrace()
{
    QTemporaryDir dir;
    const QString databasePath = dir.filePath(QStringLiteral("memtap.sqlite"));
    useSqliteDatabase(databasePath);
    const QString tracePath = QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz");
    const QUrl trace = QUrl::fromLocalFile(tracePath);

    // One local file that exists; not a folder, a web address or several files.
    QCOMPARE(MainWindow::droppedTracePath(draggedFiles({trace}).get()),
        QFileInfo(tracePath).absoluteFilePath());
    QVERIFY(MainWindow::droppedTracePath(draggedFiles({trace, trace}).get()).isEmpty());
    QVERIFY(MainWindow::droppedTracePath(draggedFiles({QUrl::fromLocalFile(dir.path())}).get())
                .isEmpty());
    QVERIFY(MainWindow::droppedTracePath(
        draggedFiles({QUrl(QStringLiteral("https://example.org/trace.v1.gz"))}).get())
                .isEmpty());
    QVERIFY(MainWindow::droppedTracePath(
        draggedFiles({QUrl::fromLocalFile(dir.filePath(QStringLiteral("gone.v1")))}).get())
                .isEmpty());
    QMimeData text;
    text.setText(tracePath);
    QVERIFY(MainWindow::droppedTracePath(&text).isEmpty());
    QVERIFY(MainWindow::droppedTracePath(nullptr).isEmpty());

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(&window, &MainWindow::sessionOpenRequested);
    QSignalSpy finished(window.traceImportJob(), &TraceImportJob::finished);

    const auto files = draggedFiles({trace});
    QVERIFY(!dragEnters(&window, draggedFiles({trace, trace}).get()));

    // Over any dock, the drop reaches the window and imports: neither the
    // tables nor the charts (whose scenes would take any drag) keep it.
    const QList<QWidget *> targets {window.requestLogView()->tableView()->viewport(),
        window.processView()->tableView()->viewport(), window.shareChartView()->viewport(),
        window.processDetailView()->findChild<QChartView *>()->viewport()};
    TraceImportJob::Result result;
    for (int i = 0; i < targets.size(); ++i) {
        QWidget *target = targets[i];
        const QByteArray name = target->parentWidget()->objectName().toUtf8();
        QVERIFY2(dragEnters(target, files.get()), name.constData());
        QDropEvent drop(
            target->rect().center(), Qt::CopyAction, files.get(), Qt::LeftButton, Qt::NoModifier);
        drop.setAccepted(false);
        QApplication::sendEvent(target, &drop);
        QVERIFY2(drop.isAccepted(), name.constData());
        QVERIFY2(window.traceImportJob()->isRunning(), name.constData());
        QVERIFY(window.findChild<QProgressDialog *>(QStringLiteral("importProgress")));
        // One import at a time: a second drag is refused while it runs.
        QVERIFY(!dragEnters(&window, files.get()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), i + 1, 60000);
        result = window.traceImportJob()->result();
        QVERIFY2(result.imported(), qPrintable(result.error));
        QCOMPARE(result.events, std::uint64_t(91'485));
        QCOMPARE(opened.count(), i + 1);
        QCOMPARE(opened.last().first().toLongLong(), result.sessionId);
    }
    QString error;
    const auto database = Database::open(DatabaseUrl::sqlite(databasePath), &error);
    QVERIFY2(database, qPrintable(error));
    const auto session = SessionRepository(*database).session(result.sessionId);
    QVERIFY(session);
    QCOMPARE(session->sourceName, QFileInfo(tracePath).absoluteFilePath());
    QCOMPARE(session->eventCount, std::uint64_t(91'485));
    QVERIFY(dragEnters(&window, files.get()));
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

namespace {

// Pixels of the timeline's pen colour in the rendered chart.
int timelinePixels(ProcessDetailView &view)
{
    const QImage image = view.findChild<QChartView *>()->grab().toImage();
    const QColor pen = view.timelineSeries()->pen().color();
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - pen.red()) + std::abs(pixel.green() - pen.green())
                    + std::abs(pixel.blue() - pen.blue())
                < 60)
                ++count;
        }
    }
    return count;
}

} // namespace

void TestMainWindow::timelineHoldsUntilTheNewestRecord()
{
    ProcessDetailView view;
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setTimeOriginNs(1'000'000'000);
    ProcessFigures figures;
    figures.processKey = 7;
    figures.pid = 4242;
    figures.name = "steady";
    figures.liveBytes = 1'253'376;
    figures.liveExact = true;
    QLineSeries *series = view.timelineSeries();

    // A process met at its baseline whose live bytes never changed: its one
    // sample holds up to the newest record applied, 2.5 s into the session.
    view.showDetail(figures, {}, {{1'021'000'000, figures.liveBytes}}, 3'500'000'000);
    QCOMPARE(series->count(), 2);
    QCOMPARE(series->at(1), QPointF(2.5, series->at(0).y()));
    QVERIFY(!series->pointsVisible());
    QTRY_VERIFY2(timelinePixels(view) > 100, "no line up to the newest record");

    // Nothing known after the sample: a marker shows it.
    view.showDetail(figures, {}, {{1'021'000'000, figures.liveBytes}});
    QCOMPARE(series->count(), 1);
    QVERIFY(series->pointsVisible());
    QTRY_VERIFY2(timelinePixels(view) > 20, "the one sample is not drawn");

    // Steps: each value holds until the next change, the last one until the
    // newest record.
    view.showDetail(
        figures, {}, {{1'021'000'000, 4096}, {1'900'000'000, figures.liveBytes}}, 3'000'000'000);
    QCOMPARE(series->count(), 4);
    QCOMPARE(series->at(1).x(), 0.9);
    QCOMPARE(series->at(1).y(), series->at(0).y());
    QCOMPARE(series->at(3).x(), 2.0);
    QCOMPARE(series->at(3).y(), series->at(2).y());

    // An exited process's last sample is its exit: nothing is drawn after it.
    figures.exitNs = 1'900'000'000;
    figures.liveBytes = 0;
    view.showDetail(figures, {}, {{1'021'000'000, 4096}, {1'900'000'000, 0}}, 3'000'000'000);
    QCOMPARE(series->count(), 3);
    QCOMPARE(series->at(2).x(), 0.9);
}

void TestMainWindow::liveDetailOfAQuietProcessIsRefreshed()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SyntheticTrace::Options options;
    options.seed = 5;
    options.events = 20'000;
    SyntheticSession session(window, options);
    session.feedAll();
    std::uint64_t running = 0;
    for (int row = 0; row < window.processModel()->rowCount() && running == 0; ++row) {
        if (window.processModel()->figures(row).exitNs < 0)
            running = window.processModel()->figures(row).processKey;
    }
    QVERIFY(running != 0);

    // A live session: nothing changes any more, the detail is still asked for.
    window.setSessionLive(true);
    QVERIFY(window.selectProcess(running));
    QTRY_COMPARE(window.processDetailView()->processKey(), running);
    const int first = session.detailRequests;
    QTRY_VERIFY_WITH_TIMEOUT(session.detailRequests >= first + 2, 5000);

    // A stored session's detail does not change: asked for once.
    window.setSessionLive(false);
    QTest::qWait(1200); // a request already on its way
    const int settled = session.detailRequests;
    QTest::qWait(2500);
    QCOMPARE(session.detailRequests, settled);
}

void TestMainWindow::opensRecordedSessionAndSavesScreenshot()
{
    QTemporaryDir dir;
    const QString databasePath = dir.filePath(QStringLiteral("memtap.sqlite"));
    const test::ImportedSession imported
        = test::importTrace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"), databasePath);
    QVERIFY2(imported.id > 0, qPrintable(imported.error));
    useSqliteDatabase(databasePath);

    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAbstractItemModelTester requestTester(
        window.requestLogModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // File > Open Session lists the session (read off the GUI thread) ...
    QSignalSpy openRequests(&window, &MainWindow::sessionOpenRequested);
    QVERIFY(window.openSessionAction()->isEnabled());
    window.openSessionAction()->trigger();
    auto *dialog = window.findChild<OpenSessionDialog *>();
    QVERIFY(dialog);
    QAbstractItemModelTester sessionTester(
        dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isLoading(), 10000);
    QVERIFY2(dialog->model()->rowCount() == 1, qPrintable(dialog->statusLabel()->text()));
    QCOMPARE(dialog->selectedSessionId(), imported.id);
    SessionListModel *sessions = dialog->model();
    QCOMPARE(sessions->index(0, SessionListModel::BackendColumn).data().toString(),
        QStringLiteral("bpftrace"));
    QCOMPARE(sessions->index(0, SessionListModel::EventsColumn).data().toString(),
        QStringLiteral("91,485"));
    QCOMPARE(
        sessions->index(0, SessionListModel::DroppedColumn).data().toString(), QStringLiteral("0"));
    QVERIFY(sessions->index(0, SessionListModel::DurationColumn)
                .data()
                .toString()
                .contains(QLatin1String("min")));
    QTest::qWait(50);
    QVERIFY(dialog->grab().toImage().save(
        QStringLiteral(MEMTAP_BINARY_DIR "/memtap-open-session.png")));
    // ... and choosing it asks the controller to load it.
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    QCOMPARE(openRequests.count(), 1);
    QCOMPARE(openRequests.first().first().toLongLong(), imported.id);
    loadStoredSession(window, imported.url, imported.id);
    QCOMPARE(window.shownSessionId(), imported.id);

    // Processes and share from the stored figures.
    QVERIFY(window.processModel()->rowCount() > 800);
    QCOMPARE(window.shareModel()->rowCount(), ShareModel::defaultTopCount + 1);

    // The request log: every call, rows loaded where the view is.
    window.requestsDock()->raise();
    RequestLogModel *log = window.requestLogModel();
    QTRY_VERIFY_WITH_TIMEOUT(log->isCounted(), 10000);
    QCOMPARE(log->rowCount(), 91'485);
    QTableView *table = window.requestLogView()->tableView();
    QTRY_VERIFY_WITH_TIMEOUT(log->isLoaded(0, 10), 10000);
    QCOMPARE(log->index(0, 0).data(RequestLogModel::EventIdRole).toLongLong(), 1);
    // Jump to the end and into the middle.
    table->scrollToBottom();
    QTRY_VERIFY_WITH_TIMEOUT(log->isLoaded(91'480, 91'484), 10000);
    QCOMPARE(log->index(91'484, 0).data(RequestLogModel::EventIdRole).toLongLong(), 91'485);
    table->scrollTo(log->index(45'000, 0), QAbstractItemView::PositionAtTop);
    QTRY_VERIFY_WITH_TIMEOUT(log->isLoaded(45'000, 45'010), 10000);
    // Static session: Follow is not offered.
    QVERIFY(!window.requestLogView()->followButton()->isEnabled());

    // The filter bar filters the log (debounced).
    QTest::keyClicks(window.requestLogView()->nameEdit(), QStringLiteral("CC1PLUS"));
    QTRY_VERIFY_WITH_TIMEOUT(log->filter().name == "CC1PLUS" && log->isCounted(), 10000);
    QVERIFY(log->rowCount() > 1000 && log->rowCount() < 91'485);
    QTRY_VERIFY_WITH_TIMEOUT(log->isLoaded(0, 20), 10000);
    for (int row = 0; row <= 20; ++row)
        QCOMPARE(log->index(row, RequestLogModel::NameColumn).data().toString(),
            QStringLiteral("cc1plus"));
    window.requestLogView()->nameEdit()->clear();
    QTest::keyClick(window.requestLogView()->nameEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(log->isCounted() && log->rowCount() == 91'485, 10000);

    // The picture: the busiest process selected, the request log in front.
    const std::uint64_t top
        = window.shareModel()->index(0, 0).data(ShareModel::ProcessKeyRole).toULongLong();
    QVERIFY(window.selectProcess(top));
    window.requestsDock()->raise();
    table->scrollTo(log->index(20'000, 0), QAbstractItemView::PositionAtTop);
    QTRY_VERIFY_WITH_TIMEOUT(log->isLoaded(20'000, 20'030), 10000);
    QTest::qWait(100);
    const QImage shot = window.grab().toImage();
    QVERIFY(!shot.isNull());
    const QString path = QStringLiteral(MEMTAP_BINARY_DIR "/memtap-session.png");
    QVERIFY(shot.save(path));
    qInfo("Saved %s", qPrintable(path));
}

void TestMainWindow::exportsWhatTheViewsShow()
{
    QTemporaryDir dir;
    const test::ImportedSession imported
        = test::importTrace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"),
            dir.filePath(QStringLiteral("m.sqlite")));
    QVERIFY2(imported.id > 0, qPrintable(imported.error));
    MainWindow window;
    window.show();
    loadStoredSession(window, imported.url, imported.id);
    QVERIFY(window.exportCsvAction()->isEnabled());

    // The Requests view filtered by name and call ...
    window.requestLogView()->nameEdit()->setText(QStringLiteral("make"));
    window.requestLogView()->callCombo()->setCurrentIndex(
        window.requestLogView()->callCombo()->findData(static_cast<int>(Call::Mmap)));
    QTRY_VERIFY_WITH_TIMEOUT(window.requestLogModel()->filter().call == Call::Mmap
            && window.requestLogModel()->filter().name == "make"
            && window.requestLogModel()->isCounted(),
        10000);
    const int shownRequests = window.requestLogModel()->rowCount();
    QVERIFY(shownRequests > 0);
    // ... and the Processes view by name.
    window.processView()->filterEdit()->setText(QStringLiteral("cc1"));
    QTest::keyClick(window.processView()->filterEdit(), Qt::Key_Return);
    const int shownProcesses = window.processView()->filterModel()->rowCount();
    QVERIFY(shownProcesses > 10);

    QSignalSpy finished(window.csvExportJob(), &CsvExportJob::finished);
    const QString requestsPath = dir.filePath(QStringLiteral("requests.csv"));
    QVERIFY(window.startCsvExport(CsvExport::Table::Requests, requestsPath));
    // One export at a time.
    QVERIFY(!window.startCsvExport(CsvExport::Table::Requests, requestsPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(window.csvExportJob()->result().ok, qPrintable(window.csvExportJob()->result().error));
    QCOMPARE(window.csvExportJob()->result().rows, quint64(shownRequests));

    // The same bytes as the exporter memtapctl uses, with the same filter.
    QFile written(requestsPath);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray csv = written.readAll();
    QBuffer expected;
    expected.open(QIODevice::WriteOnly);
    {
        QString error;
        auto database = Database::open(imported.url, &error);
        QVERIFY(database);
        CsvExport exporter(*database, imported.id);
        QVERIFY(exporter.write(
            CsvExport::Table::Requests, window.requestLogModel()->filter(), &expected));
    }
    QCOMPARE(csv, expected.data());
    QVERIFY(
        csv.startsWith("id,time,pid,tid,name,call,address,length,prot,flags,fd,offset,result\r\n"));
    QCOMPARE(csv.count("\r\n"), shownRequests + 1);

    const QString processesPath = dir.filePath(QStringLiteral("processes.csv"));
    QVERIFY(window.startCsvExport(CsvExport::Table::Processes, processesPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY2(window.csvExportJob()->result().ok, qPrintable(window.csvExportJob()->result().error));
    QCOMPARE(window.csvExportJob()->result().rows, quint64(shownProcesses));
    QFile processes(processesPath);
    QVERIFY(processes.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = processes.readAll().split('\n');
    QVERIFY(lines.first().startsWith("pid,name,user,mmap_calls,munmap_calls,requested_bytes,"
                                     "released_bytes,net_bytes,live_bytes,percent_of_ram,"
                                     "first_seen,last_seen"));
    for (int i = 1; i < lines.size() - 1; ++i)
        QVERIFY2(lines[i].split(',').value(1).toLower().contains("cc1"), lines[i].constData());
    QVERIFY(window.captureStatusBar()->currentMessage().contains(QLatin1String("processes.csv")));
}

void TestMainWindow::cancelledOrFailedExportLeavesNoFile()
{
    QTemporaryDir dir;
    const test::ImportedSession imported
        = test::importTrace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"),
            dir.filePath(QStringLiteral("m.sqlite")));
    QVERIFY2(imported.id > 0, qPrintable(imported.error));
    MainWindow window;
    window.show();
    loadStoredSession(window, imported.url, imported.id);
    QSignalSpy finished(window.csvExportJob(), &CsvExportJob::finished);

    // Cancelled from the progress dialog: nothing is left behind.
    const QString cancelledPath = dir.filePath(QStringLiteral("cancelled.csv"));
    QVERIFY(window.startCsvExport(CsvExport::Table::Requests, cancelledPath));
    auto *progress = window.findChild<QProgressDialog *>(QStringLiteral("exportProgress"));
    QVERIFY(progress);
    QPushButton *cancel = progress->findChild<QPushButton *>();
    QVERIFY(cancel);
    cancel->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(window.csvExportJob()->result().cancelled);
    QVERIFY(!QFile::exists(cancelledPath));
    QVERIFY(window.captureStatusBar()->currentMessage().contains(QLatin1String("cancelled")));

    // An existing file is kept when an export over it is cancelled.
    const QString existingPath = dir.filePath(QStringLiteral("existing.csv"));
    {
        QFile existing(existingPath);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me\n");
    }
    QVERIFY(window.startCsvExport(CsvExport::Table::Requests, existingPath));
    window.csvExportJob()->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QFile existing(existingPath);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("keep me\n"));

    // A folder that does not exist: one clear sentence, no file.
    const QString badPath = dir.filePath(QStringLiteral("no/such/folder/requests.csv"));
    QVERIFY(window.startCsvExport(CsvExport::Table::Requests, badPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 30000);
    QVERIFY(!window.csvExportJob()->result().ok);
    QVERIFY(!window.csvExportJob()->result().cancelled);
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("exportError"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(badPath), qPrintable(box->text()));
    QVERIFY(!QFile::exists(badPath));
    box->accept();
}

void TestMainWindow::importsATraceAndOpensIt()
{
    QTemporaryDir dir;
    const QString databasePath = dir.filePath(QStringLiteral("memtap.sqlite"));
    useSqliteDatabase(databasePath);
    MainWindow window;
    window.show();
    QVERIFY(window.importTraceAction()->isEnabled());
    QSignalSpy opened(&window, &MainWindow::sessionOpenRequested);
    QSignalSpy finished(window.traceImportJob(), &TraceImportJob::finished);

    // File > Import Trace stores the trace in a new session and opens it.
    const QString tracePath = QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz");
    QVERIFY(window.startTraceImport(tracePath));
    QVERIFY(window.findChild<QProgressDialog *>(QStringLiteral("importProgress")));
    QVERIFY(!window.importTraceAction()->isEnabled());
    // One import at a time.
    QVERIFY(!window.startTraceImport(tracePath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const TraceImportJob::Result result = window.traceImportJob()->result();
    QVERIFY2(result.imported(), qPrintable(result.error));
    QVERIFY(result.sessionId > 0);
    QCOMPARE(result.events, std::uint64_t(91'485));
    QCOMPARE(result.malformedLines, std::uint64_t(0));
    QVERIFY(result.processes > 800);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().first().toLongLong(), result.sessionId);
    QVERIFY(window.importTraceAction()->isEnabled());
    const QString message = window.captureStatusBar()->currentMessage();
    QVERIFY2(
        message.contains(QStringLiteral("session %1").arg(result.sessionId)), qPrintable(message));
    QTRY_VERIFY(!window.findChild<QProgressDialog *>(QStringLiteral("importProgress")));
    {
        QString error;
        const auto database = Database::open(DatabaseUrl::sqlite(databasePath), &error);
        QVERIFY2(database, qPrintable(error));
        const auto session = SessionRepository(*database).session(result.sessionId);
        QVERIFY(session);
        QCOMPARE(session->source, QStringLiteral("import"));
        QCOMPARE(session->sourceName, tracePath);
        QCOMPARE(session->eventCount, std::uint64_t(91'485));
        QCOMPARE(session->endReason, QStringLiteral("end-of-trace"));
    }

    // A file that is no trace: one sentence naming it, and no session.
    const QString notATrace = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile file(notATrace);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("shopping list\n");
    }
    QVERIFY(window.startTraceImport(notATrace));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY(!window.traceImportJob()->result().outcome);
    QCOMPARE(window.traceImportJob()->result().sessionId, 0);
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("importError"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("notes.txt")), qPrintable(box->text()));
    box->accept();
    QCOMPARE(opened.count(), 1);
    QString error;
    const auto database = Database::open(DatabaseUrl::sqlite(databasePath), &error);
    QVERIFY2(database, qPrintable(error));
    QCOMPARE(SessionRepository(*database).sessions().size(), std::size_t(1));

    // Cancelled from the progress dialog once the session exists: it keeps
    // what was read and ends "import-cancelled". The trace comes through a
    // FIFO, which holds the import where the test wants it.
    QByteArray traceText;
    {
        TraceFile source;
        QVERIFY(source.open(tracePath));
        for (QByteArrayView chunk = source.read(); !chunk.isEmpty(); chunk = source.read())
            traceText += chunk;
    }
    const QString fifoPath = dir.filePath(QStringLiteral("trace.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifoPath).constData(), 0600), 0);
    QSignalSpy progressed(window.traceImportJob(), &TraceImportJob::progressChanged);
    QVERIFY(window.startTraceImport(fifoPath));
    QFile fifo(fifoPath);
    QVERIFY(fifo.open(QIODevice::WriteOnly)); // meets the worker's open
    const qsizetype firstThird = traceText.lastIndexOf('\n', traceText.size() / 3) + 1;
    QCOMPARE(fifo.write(traceText.left(firstThird)), firstThird);
    QVERIFY(fifo.flush());
    QTRY_VERIFY_WITH_TIMEOUT(
        !progressed.isEmpty() && progressed.last().at(2).toULongLong() > 0, 30000);
    auto *progress = window.findChild<QProgressDialog *>(QStringLiteral("importProgress"));
    QVERIFY(progress);
    QPushButton *cancel = progress->findChild<QPushButton *>();
    QVERIFY(cancel);
    cancel->click();
    // Until the job ends, the status bar says it is stopping.
    QVERIFY(progress->isHidden());
    QCOMPARE(window.captureStatusBar()->currentMessage(), QStringLiteral("Stopping the import…"));
    fifo.close();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 30000);
    const TraceImportJob::Result &cancelled = window.traceImportJob()->result();
    QCOMPARE(cancelled.outcome, std::optional(TraceImport::Outcome::Cancelled));
    QVERIFY(cancelled.sessionId > result.sessionId);
    QVERIFY(cancelled.events > 0 && cancelled.events < 91'485);
    QVERIFY2(window.captureStatusBar()->currentMessage().contains(QLatin1String("cancelled")),
        qPrintable(window.captureStatusBar()->currentMessage()));
    const auto stopped = SessionRepository(*database).session(cancelled.sessionId);
    QVERIFY(stopped);
    QCOMPARE(stopped->endReason, QStringLiteral("import-cancelled"));
    QCOMPARE(stopped->eventCount, cancelled.events);

    // While a live capture is shown, the imported session does not replace
    // it; the status bar says where to find it.
    window.showSession(DatabaseUrl::sqlite(databasePath), result.sessionId, true);
    const qsizetype openedBefore = opened.count();
    QVERIFY(window.startTraceImport(tracePath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 60000);
    QVERIFY(window.traceImportJob()->result().imported());
    QCOMPARE(opened.count(), openedBefore);
    QVERIFY2(window.captureStatusBar()->currentMessage().contains(QLatin1String("Open Session")),
        qPrintable(window.captureStatusBar()->currentMessage()));

    // A window closed during an import ends it the way Cancel does.
    {
        MainWindow closing;
        QVERIFY(closing.startTraceImport(tracePath));
    }
    const std::vector<StoredSession> sessions = SessionRepository(*database).sessions();
    const auto newest = std::max_element(sessions.begin(), sessions.end(),
        [](const StoredSession &a, const StoredSession &b) { return a.id < b.id; });
    QVERIFY(newest != sessions.end());
    QVERIFY2(newest->endReason == QLatin1String("import-cancelled")
            || newest->endReason == QLatin1String("end-of-trace"),
        qPrintable(newest->endReason));

    // Cancelled at once: the outcome says so, and a session exists exactly
    // when the worker had created it already.
    TraceImportJob job;
    QSignalSpy jobFinished(&job, &TraceImportJob::finished);
    TraceImportJob::Request request;
    request.tracePath = tracePath;
    request.url = DatabaseUrl::sqlite(databasePath);
    const std::size_t sessionsBefore = SessionRepository(*database).sessions().size();
    QVERIFY(job.start(request));
    job.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(jobFinished.count(), 1, 30000);
    QCOMPARE(job.result().outcome, std::optional(TraceImport::Outcome::Cancelled));
    QCOMPARE(SessionRepository(*database).sessions().size(),
        sessionsBefore + (job.result().sessionId != 0 ? 1 : 0));
}

// A file of the records a capture could not store, imported already: the
// user is asked before they are stored a second time.
void TestMainWindow::asksBeforeImportingUnstoredRecordsTwice()
{
    QTemporaryDir dir;
    const QString databasePath = dir.filePath(QStringLiteral("memtap.sqlite"));
    const test::ImportedSession original
        = test::importTrace(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"), databasePath);
    QVERIFY2(original.id > 0, qPrintable(original.error));
    useSqliteDatabase(databasePath);
    std::int64_t originalCreatedAtNs = 0;
    {
        QString error;
        const auto database = Database::open(original.url, &error);
        QVERIFY2(database, qPrintable(error));
        const auto session = SessionRepository(*database).session(original.id);
        QVERIFY(session);
        originalCreatedAtNs = session->createdAtNs;
    }
    const QString unstoredPath = dir.filePath(QStringLiteral("session-1-unstored.v1"));
    {
        QFile file(unstoredPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        TraceWriter writer(&file);
        TraceMetadata metadata;
        metadata.formatVersion = 1;
        metadata.backend = "bpftrace";
        metadata.continuesSessionId = original.id;
        metadata.continuesSessionCreatedAtNs = originalCreatedAtNs;
        metadata.continuesSessionEndedAtNs = originalCreatedAtNs + 1'000'000'000;
        metadata.continuesSessionEndReason = "stopped";
        writer.writeMetadata(metadata);
        for (int i = 0; i < 3; ++i) {
            Event mmap;
            mmap.timestampNs = 5'000'000'000 + i;
            mmap.pid = 4242;
            mmap.tid = 4242;
            mmap.uid = 1000;
            mmap.name.assign("late");
            mmap.call = Call::Mmap;
            mmap.length = 8192;
            mmap.prot = 3;
            mmap.flags = 0x22;
            mmap.result = 0x7f0000000000 + i * 0x10000;
            writer.writeEvent(mmap);
        }
    }
    MainWindow window;
    window.show();
    QSignalSpy opened(&window, &MainWindow::sessionOpenRequested);
    QSignalSpy finished(window.traceImportJob(), &TraceImportJob::finished);

    // The first import stores them ...
    QVERIFY(window.startTraceImport(unstoredPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(window.traceImportJob()->result().imported(),
        qPrintable(window.traceImportJob()->result().error));
    const std::int64_t continuation = window.traceImportJob()->result().sessionId;
    QCOMPARE(window.traceImportJob()->result().events, std::uint64_t(3));
    QCOMPARE(opened.count(), 1);

    // ... a second one asks; No stores nothing ...
    QVERIFY(window.startTraceImport(unstoredPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QCOMPARE(window.traceImportJob()->result().earlierSessionId, continuation);
    auto *question = window.findChild<QMessageBox *>(QStringLiteral("importAgainQuestion"));
    QVERIFY(question);
    QVERIFY2(question->text().contains(
                 QStringLiteral("session %1 holds them already").arg(continuation)),
        qPrintable(question->text()));
    question->button(QMessageBox::No)->click();
    QTest::qWait(100);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(opened.count(), 1);

    // ... and Yes stores them again, in a session of their own.
    QVERIFY(window.startTraceImport(unstoredPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 30000);
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("importAgainQuestion")));
    question = window.findChild<QMessageBox *>(QStringLiteral("importAgainQuestion"));
    question->button(QMessageBox::Yes)->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 30000);
    QVERIFY(window.traceImportJob()->result().imported());
    QVERIFY(window.traceImportJob()->result().sessionId > continuation);
    QCOMPARE(opened.count(), 2);
    QString error;
    const auto database = Database::open(original.url, &error);
    QVERIFY2(database, qPrintable(error));
    QCOMPARE(SessionRepository(*database).sessions().size(), std::size_t(3));
}

// Malformed lines are left out and listed, with their line numbers, in the
// details of the warning that says so.
void TestMainWindow::importListsMalformedLines()
{
    QTemporaryDir dir;
    useSqliteDatabase(dir.filePath(QStringLiteral("memtap.sqlite")));
    QByteArray traceText;
    {
        TraceFile source;
        QVERIFY(source.open(QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz")));
        for (QByteArrayView chunk = source.read(); !chunk.isEmpty(); chunk = source.read())
            traceText += chunk;
    }
    QList<QByteArray> lines = traceText.split('\n');
    QVERIFY(lines.size() > 100);
    lines[99] = "1234\tnot a record";
    const QString brokenPath = dir.filePath(QStringLiteral("broken.v1"));
    {
        QFile file(brokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(lines.join('\n'));
    }
    MainWindow window;
    window.show();
    QSignalSpy finished(window.traceImportJob(), &TraceImportJob::finished);
    QVERIFY(window.startTraceImport(brokenPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const TraceImportJob::Result &result = window.traceImportJob()->result();
    QVERIFY2(result.imported(), qPrintable(result.error));
    QCOMPARE(result.malformedLines, std::uint64_t(1));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("importError"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("malformed")), qPrintable(box->text()));
    QVERIFY2(box->detailedText().startsWith(brokenPath + QLatin1String(":100: ")),
        qPrintable(box->detailedText()));
    box->accept();
}

// A stopped capture whose database is away: the user can stop waiting, and
// closing the window asks before it gives up on the database.
void TestMainWindow::waitingForTheDatabaseCanBeGivenUp()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy giveUp(&window, &MainWindow::giveUpStoringRequested);
    QVERIFY(!window.giveUpStoringAction()->isEnabled());
    window.setStoreWaiting(true);
    QVERIFY(window.giveUpStoringAction()->isEnabled());
    window.giveUpStoringAction()->trigger();
    QCOMPARE(giveUp.count(), 1);

    QString question;
    QString quitLabel;
    const auto answer = [&](bool quit) {
        QTimer::singleShot(0, &window, [&question, &quitLabel, quit] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            question = box->text();
            auto *quitButton
                = box->findChild<QPushButton *>(QStringLiteral("saveToFileAndQuitButton"));
            QVERIFY(quitButton);
            quitLabel = quitButton->text();
            (quit ? quitButton : box->button(QMessageBox::Cancel))->click();
        });
    };
    answer(false);
    QVERIFY(!window.close());
    QVERIFY2(question.contains(QDir::toNativeSeparators(UnstoredRecordsFile::defaultDirectory())),
        qPrintable(question));
    // The button says what quitting does to the records.
    QVERIFY2(
        quitLabel.contains(QStringLiteral("Quit")) && quitLabel.contains(QStringLiteral("File")),
        qPrintable(quitLabel));
    QCOMPARE(giveUp.count(), 1);
    // Escape cancels.
    QTimer::singleShot(0, &window, [] {
        QWidget *box = QApplication::activeModalWidget();
        QVERIFY(box);
        QTest::keyClick(box, Qt::Key_Escape);
    });
    QVERIFY(!window.close());
    QCOMPARE(giveUp.count(), 1);
    answer(true);
    QVERIFY(window.close());
    QCOMPARE(giveUp.count(), 2);

    // Nothing to wait for: no question.
    window.show();
    window.setStoreWaiting(false);
    QVERIFY(!window.giveUpStoringAction()->isEnabled());
    QVERIFY(window.close());
    QCOMPARE(giveUp.count(), 2);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
