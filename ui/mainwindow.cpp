// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"

#include "capturestatusbar.h"
#include "export/csvexportjob.h"
#include "exportcsvdialog.h"
#include "import/traceimportjob.h"
#include "memtapconfig.h"
#include "models/displayformat.h"
#include "models/processfiltermodel.h"
#include "models/processmodel.h"
#include "models/requestlogmodel.h"
#include "models/sharemodel.h"
#include "opensessiondialog.h"
#include "passworddialog.h"
#include "passwordkeeper.h"
#include "processdetailview.h"
#include "processview.h"
#include "requestlogview.h"
#include "settingsdialog.h"
#include "sharechartview.h"
#include "storage/unstoredrecordsfile.h"
#include "themeicon.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

#include <climits>
#include <memory>

namespace memtap {

namespace {

const QString geometryKey = QStringLiteral("MainWindow/geometry");
const QString stateKey = QStringLiteral("MainWindow/state");
const QString processHeaderKey = QStringLiteral("MainWindow/processHeader");
const QString detailSplitterKey = QStringLiteral("MainWindow/detailSplitter");

constexpr int detailRefreshIntervalMs = 1000;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_settings(AppSettings::load())
{
    setObjectName(QStringLiteral("memtapMainWindow"));
    setWindowTitle(tr("memtap"));
    setWindowIcon(ThemeIcon::application());
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    setAcceptDrops(true);

    createModelsAndViews();
    createDocks();
    createActions();
    createMenus();

    m_status = new CaptureStatusBar(this);
    setStatusBar(m_status);

    m_mergeTimer.setSingleShot(true);
    connect(&m_mergeTimer, &QTimer::timeout, this, &MainWindow::flushPendingUpdates);
    m_detailRefresh.setSingleShot(true);
    m_detailRefresh.setInterval(detailRefreshIntervalMs);
    connect(&m_detailRefresh, &QTimer::timeout, this, [this] {
        if (m_selectedProcess != 0)
            Q_EMIT processDetailRequested(m_selectedProcess);
    });

    m_passwords = new PasswordKeeper(this);
    m_exportJob = new CsvExportJob(this);
    connect(m_exportJob, &CsvExportJob::finished, this, &MainWindow::finishCsvExport);
    m_importJob = new TraceImportJob(this);
    connect(m_importJob, &TraceImportJob::finished, this, &MainWindow::finishTraceImport);
    applySettings();
    setCaptureAvailable(false, tr("Live capture is not connected in this build of memtap."));
    setCaptureState(CaptureSession::State::Idle);

    // Sensible first size: most of a laptop screen, never more than needed.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    resize(std::min(1440, available.width() * 9 / 10), std::min(900, available.height() * 9 / 10));
    restoreDefaultLayout();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createModelsAndViews()
{
    m_processes = new ProcessModel(this);
    m_share = new ShareModel(this);
    m_share->setProcessModel(m_processes);

    m_processView = new ProcessView(m_processes, this);
    connect(m_processView, &ProcessView::processSelected, this, &MainWindow::onProcessSelected);

    m_requestModel = new RequestLogModel(this);
    m_requestLog = new RequestLogView(this);
    connect(
        m_requestLog, &RequestLogView::filterChanged, m_requestModel, &RequestLogModel::setFilter);
    connect(m_requestModel, &RequestLogModel::errorOccurred, this,
        [this](const QString &message) { m_status->showMessage(message, 10000); });

    m_shareChart = new ShareChartView(m_share, this);
    connect(m_shareChart, &ShareChartView::processClicked, this, &MainWindow::selectProcess);

    m_detail = new ProcessDetailView(this);
}

QDockWidget *MainWindow::createDock(
    const QString &title, const QString &objectName, QWidget *content)
{
    auto *dock = new QDockWidget(title, this);
    // saveState() identifies docks by object name.
    dock->setObjectName(objectName);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
        | QDockWidget::DockWidgetFloatable);
    content->setParent(dock);
    auto *frame = new QWidget(dock);
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addWidget(content);
    dock->setWidget(frame);
    return dock;
}

void MainWindow::createDocks()
{
    m_processesDock = createDock(tr("Processes"), QStringLiteral("processesDock"), m_processView);
    m_requestsDock = createDock(tr("Requests"), QStringLiteral("requestsDock"), m_requestLog);
    m_shareDock = createDock(tr("Memory Share"), QStringLiteral("shareDock"), m_shareChart);
    m_detailDock = createDock(tr("Process Detail"), QStringLiteral("detailDock"), m_detail);
    // No central widget: the four docks share the window.
    setCentralWidget(nullptr);
}

void MainWindow::createActions()
{
    m_openSessionAction
        = new QAction(ThemeIcon::get(QStringLiteral("document-open"), QStyle::SP_DialogOpenButton),
            tr("&Open Session…"), this);
    m_openSessionAction->setObjectName(QStringLiteral("openSessionAction"));
    m_openSessionAction->setShortcut(QKeySequence::Open);
    m_openSessionAction->setToolTip(tr("Show a stored capture session in every view"));
    connect(m_openSessionAction, &QAction::triggered, this, &MainWindow::openSession);

    m_importAction
        = new QAction(ThemeIcon::get(QStringLiteral("document-import"), QStyle::SP_ArrowUp),
            tr("&Import Trace…"), this);
    m_importAction->setObjectName(QStringLiteral("importTraceAction"));
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importAction->setToolTip(tr("Store a trace recorded with memtapctl record (or the records "
                                  "a capture could not store) as a new session and show it"));
    connect(m_importAction, &QAction::triggered, this, &MainWindow::importTrace);

    m_exportAction = new QAction(
        ThemeIcon::get(QStringLiteral("document-export"), QStyle::SP_DialogSaveButton),
        tr("&Export CSV…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportCsvAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setEnabled(false);
    m_exportAction->setToolTip(tr("Open a session or start a capture to export it"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportCsv);

    m_quitAction = new QAction(
        ThemeIcon::get(QStringLiteral("application-exit"), QStyle::SP_DialogCloseButton),
        tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_startAction = new QAction(
        ThemeIcon::get(QStringLiteral("media-record"), QStyle::SP_MediaPlay), tr("&Start"), this);
    m_startAction->setObjectName(QStringLiteral("startCaptureAction"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_startAction->setStatusTip(tr("Start tracing every process's memory requests (asks for the "
                                   "administrator password)"));
    connect(m_startAction, &QAction::triggered, this,
        [this] { Q_EMIT startCaptureRequested(captureOptions()); });

    m_stopAction
        = new QAction(ThemeIcon::get(QStringLiteral("media-playback-stop"), QStyle::SP_MediaStop),
            tr("S&top"), this);
    m_stopAction->setObjectName(QStringLiteral("stopCaptureAction"));
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_stopAction->setStatusTip(tr("Stop the capture; everything captured so far is kept"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopCaptureRequested);

    m_giveUpStoringAction = new QAction(tr("Stop &Waiting for the Database"), this);
    m_giveUpStoringAction->setObjectName(QStringLiteral("giveUpStoringAction"));
    m_giveUpStoringAction->setStatusTip(
        tr("Save the records the database has not taken to a file that \"memtapctl import\" "
           "can store later"));
    m_giveUpStoringAction->setEnabled(false);
    connect(m_giveUpStoringAction, &QAction::triggered, this, &MainWindow::giveUpStoringRequested);

    m_backendGroup = new QActionGroup(this);
    m_backendGroup->setExclusive(true);
    const std::pair<CaptureBackend, QString> backends[] = {
        {CaptureBackend::Auto, tr("&Automatic")},
        {CaptureBackend::Stap, tr("&SystemTap")},
        {CaptureBackend::Bpftrace, tr("&bpftrace")},
    };
    for (const auto &[backend, text] : backends) {
        QAction *action = m_backendGroup->addAction(text);
        action->setCheckable(true);
        action->setData(static_cast<int>(backend));
        action->setObjectName(QStringLiteral("backend_") + captureBackendName(backend));
    }
    m_backendGroup->actions().at(0)->setStatusTip(
        tr("SystemTap where it can run, bpftrace otherwise"));
    connect(m_backendGroup, &QActionGroup::triggered, this, [this](QAction *) {
        m_settings.setCaptureBackend(selectedBackend());
        m_settings.save();
    });

    m_settingsAction = new QAction(
        ThemeIcon::get(QStringLiteral("configure"), QStyle::SP_FileDialogDetailedView),
        tr("&Configure memtap…"), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_restoreLayoutAction = new QAction(
        ThemeIcon::get(QStringLiteral("view-restore"), QStyle::SP_TitleBarNormalButton),
        tr("&Restore Default Layout"), this);
    m_restoreLayoutAction->setObjectName(QStringLiteral("restoreLayoutAction"));
    connect(m_restoreLayoutAction, &QAction::triggered, this, &MainWindow::restoreDefaultLayout);

    m_aboutAction = new QAction(ThemeIcon::application(), tr("&About memtap"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true);
    file->addAction(m_openSessionAction);
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *capture = menuBar()->addMenu(tr("&Capture"));
    capture->setToolTipsVisible(true);
    capture->addAction(m_startAction);
    capture->addAction(m_stopAction);
    capture->addAction(m_giveUpStoringAction);
    capture->addSeparator();
    capture->addSection(tr("Tracer"));
    capture->addActions(m_backendGroup->actions());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : {m_processesDock, m_requestsDock, m_shareDock, m_detailDock}) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setObjectName(dock->objectName() + QStringLiteral("Toggle"));
        m_viewMenu->addAction(toggle);
    }
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_restoreLayoutAction);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(m_settingsAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

CaptureBackend MainWindow::selectedBackend() const
{
    const QAction *checked = m_backendGroup->checkedAction();
    return checked ? static_cast<CaptureBackend>(checked->data().toInt()) : CaptureBackend::Auto;
}

CaptureOptions MainWindow::captureOptions() const
{
    CaptureOptions options;
    options.backend = selectedBackend();
    options.elevation = m_settings.elevation();
    return options;
}

void MainWindow::applySettings()
{
    m_share->setTopCount(m_settings.shareTopCount());
    m_mergeTimer.setInterval(m_settings.refreshIntervalMs());
    for (QAction *action : m_backendGroup->actions()) {
        if (static_cast<CaptureBackend>(action->data().toInt()) == m_settings.captureBackend())
            action->setChecked(true);
    }
    if (m_status) {
        const bool mysql = m_settings.databaseKind() == AppSettings::DatabaseKind::Mysql;
        m_status->setDatabase(mysql ? tr("MySQL %1").arg(m_settings.databaseDisplayName())
                                    : tr("SQLite %1").arg(m_settings.databaseDisplayName()),
            m_settings.databaseUrl());
    }
}

// --- Live data -----------------------------------------------------------------

void MainWindow::applyProcessUpdate(const ProcessUpdate &update)
{
    for (const ProcessFigures &figures : update) {
        const auto found = m_pendingIndex.constFind(figures.processKey);
        if (found != m_pendingIndex.constEnd()) {
            m_pendingUpdates[*found] = figures;
        } else {
            m_pendingIndex.insert(figures.processKey, m_pendingUpdates.size());
            m_pendingUpdates.push_back(figures);
        }
    }
    if (!m_pendingUpdates.empty() && !m_mergeTimer.isActive())
        m_mergeTimer.start();
}

void MainWindow::flushPendingUpdates()
{
    m_mergeTimer.stop();
    if (m_pendingUpdates.empty())
        return;
    ProcessUpdate update;
    update.swap(m_pendingUpdates);
    const bool selectedChanged
        = m_selectedProcess != 0 && m_pendingIndex.contains(m_selectedProcess);
    m_pendingIndex.clear();
    m_processes->mergeUpdate(update);
    if (selectedChanged && !m_detailRefresh.isActive())
        m_detailRefresh.start();
}

void MainWindow::setSessionMetadata(const TraceMetadata &metadata)
{
    m_processes->setMemoryTotal(metadata.memTotalBytes);
    m_processes->setRealtimeOffsetNs(metadata.realtimeOffsetNs);
    if (metadata.baselineStartNs >= 0)
        m_detail->setTimeOriginNs(metadata.baselineStartNs);
    if (const auto backend = captureBackendFromName(QString::fromLatin1(metadata.backend)))
        setCaptureBackend(*backend);
}

void MainWindow::clearSession()
{
    m_pendingUpdates.clear();
    m_pendingIndex.clear();
    m_mergeTimer.stop();
    m_detailRefresh.stop();
    m_processes->clear();
    m_share->refreshNow();
    m_detail->clear();
    m_selectedProcess = 0;
    m_status->resetCounters();
}

void MainWindow::onProcessSelected(std::uint64_t processKey)
{
    if (processKey == m_selectedProcess)
        return;
    m_selectedProcess = processKey;
    m_detailRefresh.stop();
    if (processKey == 0) {
        m_detail->clear();
        return;
    }
    Q_EMIT processDetailRequested(processKey);
}

void MainWindow::showProcessDetail(const ProcessDetail &detail)
{
    if (detail.processKey == 0 || detail.processKey != m_selectedProcess)
        return;
    const int row = m_processes->rowOfProcess(detail.processKey);
    if (row < 0)
        return;
    const ProcessFigures &figures = m_processes->figures(row);
    m_detail->showDetail(figures, detail.mappings, detail.timeline, detail.knownUntilNs);
    // A quiet running process sends no updates, yet its chart's last
    // stretch goes on with the capture: ask again once a second.
    if (m_sessionLive && figures.exitNs < 0 && !m_detailRefresh.isActive())
        m_detailRefresh.start();
}

void MainWindow::showDetailReplayProgress(quint64 done, quint64 total)
{
    if (m_selectedProcess != 0)
        m_detail->showReplayProgress(done, total);
}

void MainWindow::showSession(const DatabaseUrl &url, qint64 sessionId, bool live)
{
    m_sessionUrl = url;
    m_sessionId = sessionId;
    m_sessionLive = live;
    m_requestModel->setFilter(m_requestLog->filter());
    m_requestModel->setSession(url, sessionId, passwordFor(url));
    m_requestModel->setLive(live);
    m_requestLog->setModel(m_requestModel);
    m_requestLog->setLive(live);
    m_exportAction->setEnabled(true);
    m_exportAction->setToolTip(
        tr("Write the processes or the requests of session %1 as CSV").arg(sessionId));
    setWindowTitle(tr("Session %1 – memtap").arg(sessionId));
}

void MainWindow::setSessionLive(bool live)
{
    m_sessionLive = live;
    m_requestModel->setLive(live);
    m_requestLog->setLive(live);
}

bool MainWindow::selectProcess(std::uint64_t processKey)
{
    if (!m_processView->selectProcess(processKey))
        return false;
    m_processesDock->show();
    m_processesDock->raise();
    return true;
}

// --- Capture state -------------------------------------------------------------

void MainWindow::setCaptureAvailable(bool available, const QString &reason)
{
    m_captureAvailable = available;
    m_captureUnavailableReason = available ? QString() : reason;
    updateCaptureActions();
}

void MainWindow::setCaptureState(CaptureSession::State state)
{
    m_captureState = state;
    QString text;
    bool problem = false;
    switch (state) {
    case CaptureSession::State::Idle:
        text = tr("Idle");
        break;
    case CaptureSession::State::Starting:
        text = tr("Starting…");
        break;
    case CaptureSession::State::WaitingForAuthorization:
        text = tr("Waiting for authorization…");
        break;
    case CaptureSession::State::Running:
        text = tr("Capturing");
        break;
    case CaptureSession::State::Stopping:
        text = tr("Stopping…");
        break;
    case CaptureSession::State::Stopped:
        text = tr("Stopped");
        break;
    case CaptureSession::State::Failed:
        text = tr("Failed");
        problem = true;
        break;
    }
    m_status->setState(text, problem);
    updateCaptureActions();
}

void MainWindow::updateCaptureActions()
{
    const bool active = m_captureState == CaptureSession::State::Starting
        || m_captureState == CaptureSession::State::WaitingForAuthorization
        || m_captureState == CaptureSession::State::Running;
    const bool busy = active || m_captureState == CaptureSession::State::Stopping;
    m_startAction->setEnabled(m_captureAvailable && !busy);
    m_startAction->setToolTip(m_captureAvailable
            ? tr("Start capturing (%1)")
                  .arg(m_startAction->shortcut().toString(QKeySequence::NativeText))
            : m_captureUnavailableReason);
    m_stopAction->setEnabled(active);
    m_backendGroup->setEnabled(!busy);
}

void MainWindow::setCaptureBackend(CaptureBackend backend)
{
    m_status->setBackend(
        backend == CaptureBackend::Auto ? tr("No tracer") : captureBackendDisplayName(backend));
}

void MainWindow::setCounters(const ParserCounters &counters)
{
    m_status->setCounters(counters);
}

void MainWindow::setDatabaseStatus(const QString &text, bool problem)
{
    m_status->setDatabase(text, m_settings.databaseUrl(), problem);
}

void MainWindow::showCaptureError(const QString &message)
{
    QMessageBox box(QMessageBox::Warning, tr("Capture Failed"), message, QMessageBox::Ok, this);
    box.setWindowModality(Qt::WindowModal);
    box.exec();
}

// --- Layout ----------------------------------------------------------------------

void MainWindow::restoreDefaultLayout()
{
    const QList<QDockWidget *> docks = {m_processesDock, m_requestsDock, m_shareDock, m_detailDock};
    for (QDockWidget *dock : docks) {
        dock->setFloating(false);
        removeDockWidget(dock);
    }
    // The process table and the share chart side by side on top; the detail
    // of the selected process below at full width, the request log in a tab
    // behind it (both have many columns).
    addDockWidget(Qt::TopDockWidgetArea, m_processesDock);
    splitDockWidget(m_processesDock, m_shareDock, Qt::Horizontal);
    addDockWidget(Qt::BottomDockWidgetArea, m_detailDock);
    tabifyDockWidget(m_detailDock, m_requestsDock);
    for (QDockWidget *dock : docks) {
        dock->setFloating(false);
        dock->show();
    }
    m_detailDock->raise();
    const int width = std::max(this->width(), 800);
    const int height = std::max(this->height(), 600);
    resizeDocks(
        {m_processesDock, m_shareDock}, {width * 73 / 100, width * 27 / 100}, Qt::Horizontal);
    resizeDocks(
        {m_processesDock, m_detailDock}, {height * 54 / 100, height * 46 / 100}, Qt::Vertical);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState(layoutVersion));
    settings.setValue(processHeaderKey, m_processView->saveHeaderState());
    settings.setValue(detailSplitterKey, m_detail->saveState());
}

bool MainWindow::restoreLayout()
{
    const QSettings settings;
    const QByteArray geometry = settings.value(geometryKey).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    m_processView->restoreHeaderState(settings.value(processHeaderKey).toByteArray());
    m_detail->restoreState(settings.value(detailSplitterKey).toByteArray());
    const QByteArray state = settings.value(stateKey).toByteArray();
    if (state.isEmpty() || !restoreState(state, layoutVersion)) {
        restoreDefaultLayout();
        return false;
    }
    return true;
}

void MainWindow::setStoreWaiting(bool waiting)
{
    m_giveUpStoringAction->setEnabled(waiting);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_giveUpStoringAction->isEnabled()) {
        // Quitting gives up on the database, which is the user's call.
        QMessageBox question(QMessageBox::Question, tr("Quit memtap?"),
            tr("The database has not taken all records of the capture yet. If you quit now, "
               "memtap saves them to a file in %1 that \"memtapctl import\" can store later.")
                .arg(QDir::toNativeSeparators(UnstoredRecordsFile::defaultDirectory())),
            QMessageBox::Cancel, this);
        question.setObjectName(QStringLiteral("quitWhileStoringQuestion"));
        // The button names what happens, as "Yes" would not.
        QPushButton *quit
            = question.addButton(tr("&Save to File and Quit"), QMessageBox::AcceptRole);
        quit->setObjectName(QStringLiteral("saveToFileAndQuitButton"));
        question.setDefaultButton(QMessageBox::Cancel);
        question.exec();
        if (question.clickedButton() != quit) {
            event->ignore();
            return;
        }
        Q_EMIT giveUpStoringRequested();
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

QString MainWindow::droppedTracePath(const QMimeData *mimeData)
{
    // One file: imports run one at a time, and a drop of several would leave
    // the user guessing which one was taken.
    if (!mimeData || !mimeData->hasUrls() || mimeData->urls().size() != 1)
        return {};
    const QUrl url = mimeData->urls().constFirst();
    if (!url.isLocalFile())
        return {};
    const QFileInfo file(url.toLocalFile());
    // A FIFO or a character device is a stream a trace can come through too.
    if (!file.exists() || file.isDir())
        return {};
    return file.absoluteFilePath();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_importJob->isRunning() && !droppedTracePath(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedTracePath(event->mimeData());
    if (!path.isEmpty() && startTraceImport(path))
        event->acceptProposedAction();
}

// --- Dialogs ---------------------------------------------------------------------

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, m_passwords, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings = dialog.settings();
    m_settings.save();
    applySettings();
    Q_EMIT settingsChanged(m_settings);
}

void MainWindow::ensureDatabasePassword(const std::function<void()> &whenSettled)
{
    const auto settled = [whenSettled] {
        if (whenSettled)
            whenSettled();
    };
    if (m_settings.databaseKind() != AppSettings::DatabaseKind::Mysql) {
        settled();
        return;
    }
    const QString account = m_settings.mysqlAccountKey();
    if (m_passwords->hasPassword() && m_passwords->account() == account) {
        settled();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_passwords, &PasswordKeeper::lookupFinished, this,
        [this, connection, account, settled](PasswordKeeper::Outcome outcome) {
            disconnect(*connection);
            if (outcome == PasswordKeeper::Outcome::Found) {
                settled();
                return;
            }
            auto *dialog = new PasswordDialog(
                m_settings.databaseDisplayName(), m_passwords->keychainProblem(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, dialog, account] {
                if (dialog->rememberInKeychain())
                    m_passwords->store(account, dialog->password());
                else
                    m_passwords->setSessionPassword(account, dialog->password());
            });
            connect(dialog, &QDialog::finished, this, settled);
            dialog->open();
        });
    m_passwords->lookUp(account);
}

std::optional<QString> MainWindow::passwordFor(const DatabaseUrl &url) const
{
    if (url.isMysql() && m_passwords->hasPassword() && m_passwords->account() == url.accountKey())
        return m_passwords->password();
    return std::nullopt;
}

void MainWindow::openSession()
{
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(m_settings.databaseUrl(), &error);
    if (!url.isValid()) {
        showCaptureError(tr("The database in Settings is not usable: %1").arg(error));
        return;
    }
    auto *dialog = new OpenSessionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const qint64 id = dialog->selectedSessionId())
            Q_EMIT sessionOpenRequested(id);
    });
    dialog->load(url, passwordFor(url), m_sessionId);
    dialog->open();
}

void MainWindow::exportCsv()
{
    if (m_sessionId == 0 || m_exportJob->isRunning())
        return;
    const QString processFilter = m_processView->filterModel()->filterText();
    const QString processesNote = processFilter.isEmpty()
        ? tr("All %n process(es) of the session.", nullptr, m_processes->rowCount())
        : tr("The processes the Processes view shows for “%1”.").arg(processFilter);
    const RequestFilter filter = m_requestModel->filter();
    QStringList conditions;
    if (filter.pid)
        conditions << tr("PID %1").arg(*filter.pid);
    if (!filter.name.isEmpty())
        conditions << tr("name contains “%1”").arg(DisplayFormat::processName(filter.name));
    if (filter.call)
        conditions << tr("call %1").arg(QLatin1String(callName(*filter.call)));
    const QString requestsNote = conditions.isEmpty()
        ? tr("Every call of the session.")
        : tr("The calls the Requests view shows: %1.").arg(conditions.join(tr(", ")));
    ExportCsvDialog dialog(m_sessionId, processesNote, requestsNote,
        m_requestsDock->isVisible() && !m_requestsDock->visibleRegion().isEmpty()
            ? CsvExport::Table::Requests
            : CsvExport::Table::Processes,
        this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    startCsvExport(dialog.table(), dialog.path());
}

bool MainWindow::startCsvExport(CsvExport::Table table, const QString &path)
{
    if (m_sessionId == 0 || m_exportJob->isRunning())
        return false;
    CsvExportJob::Request request;
    request.url = m_sessionUrl;
    request.password = passwordFor(m_sessionUrl);
    request.sessionId = m_sessionId;
    request.table = table;
    request.path = path;
    if (table == CsvExport::Table::Requests) {
        request.filter = m_requestModel->filter();
    } else {
        const QString text = m_processView->filterModel()->filterText();
        if (!text.isEmpty()) {
            request.processPredicate = [text](const StoredProcess &process) {
                return ProcessFilterModel::acceptsProcess(
                    text, process.figures.pid, DisplayFormat::processName(process.figures.name));
            };
        }
    }
    m_exportPath = path;
    QProgressDialog *progress = newProgressDialog(
        tr("Exporting session %1 to %2…").arg(m_sessionId).arg(QDir::toNativeSeparators(path)),
        tr("Export CSV"), QStringLiteral("exportProgress"));
    connect(progress, &QProgressDialog::canceled, m_exportJob, &CsvExportJob::cancel);
    connect(m_exportJob, &CsvExportJob::progressChanged, progress,
        [progress](quint64 done, quint64 total) {
            // QProgressDialog counts in int: scale to thousandths.
            progress->setMaximum(1000);
            progress->setValue(total == 0 ? 0 : int(done * 1000 / total));
        });
    connect(m_exportJob, &CsvExportJob::finished, progress, &QObject::deleteLater);
    m_exportAction->setEnabled(false);
    m_exportJob->start(request);
    return true;
}

QProgressDialog *MainWindow::newProgressDialog(
    const QString &label, const QString &title, const QString &objectName)
{
    // Busy until the first progress report sets a range; shown only for
    // work that takes a while.
    auto *progress = new QProgressDialog(label, tr("Cancel"), 0, 0, this);
    progress->setObjectName(objectName);
    progress->setWindowTitle(title);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    return progress;
}

QMessageBox *MainWindow::newMessageBox(QMessageBox::Icon icon, const QString &title,
    const QString &text, QMessageBox::StandardButtons buttons, const QString &objectName)
{
    auto *box = new QMessageBox(icon, title, text, buttons, this);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    return box;
}

void MainWindow::finishCsvExport()
{
    m_exportAction->setEnabled(m_sessionId != 0);
    const CsvExportJob::Result &result = m_exportJob->result();
    const QString path = QDir::toNativeSeparators(m_exportPath);
    if (result.cancelled) {
        m_status->showMessage(tr("Export cancelled; %1 was not written.").arg(path), 10000);
        return;
    }
    if (!result.ok) {
        newMessageBox(QMessageBox::Warning, tr("Export Failed"), result.error, QMessageBox::Ok,
            QStringLiteral("exportError"))
            ->open();
        return;
    }
    QString message
        = tr("Wrote %n row(s) to %1.", nullptr, int(std::min<std::uint64_t>(result.rows, INT_MAX)))
              .arg(path);
    if (!result.warning.isEmpty())
        message += u' ' + result.warning;
    m_status->showMessage(message, 15000);
}

void MainWindow::importTrace()
{
    if (m_importJob->isRunning())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Trace"),
        m_importDirectory.isEmpty() ? QDir::homePath() : m_importDirectory,
        tr("memtap traces (*.v1 *.v1.gz *.gz);;All files (*)"));
    if (!path.isEmpty())
        startTraceImport(path);
}

bool MainWindow::startTraceImport(const QString &path, bool again)
{
    if (m_importJob->isRunning())
        return false;
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(m_settings.databaseUrl(), &error);
    if (!url.isValid()) {
        showCaptureError(tr("The database in Settings is not usable: %1").arg(error));
        return false;
    }
    TraceImportJob::Request request;
    request.tracePath = path;
    request.url = url;
    request.password = passwordFor(url);
    request.again = again;
    m_importPath = path;
    // The file dialog opens where the last trace came from, however it came.
    m_importDirectory = QFileInfo(path).absolutePath();

    const QString name = QFileInfo(path).fileName();
    QProgressDialog *progress = newProgressDialog(
        tr("Importing %1…").arg(name), tr("Import Trace"), QStringLiteral("importProgress"));
    // The label says what is stored and what the database does.
    auto events = std::make_shared<quint64>(0);
    auto problem = std::make_shared<QString>();
    const auto updateLabel = [progress, name, events, problem] {
        QString text = tr("Importing %1…").arg(name) + u'\n'
            + tr("Events stored: %1").arg(QLocale().toString(*events));
        if (!problem->isEmpty())
            text += u'\n' + *problem + u' '
                + tr("Retrying; Cancel stops the import and gives up on what the database has "
                     "not taken.");
        progress->setLabelText(text);
    };
    connect(progress, &QProgressDialog::canceled, m_importJob, &TraceImportJob::cancel);
    // The dialog goes at once, while the store still commits what was read
    // (or waits for the database to answer): say that something is under way.
    connect(progress, &QProgressDialog::canceled, this,
        [this] { m_status->showMessage(tr("Stopping the import…")); });
    connect(m_importJob, &TraceImportJob::progressChanged, progress,
        [progress, events, updateLabel](quint64 bytesRead, quint64 totalBytes, quint64 stored) {
            if (totalBytes > 0) {
                // QProgressDialog counts in int: scale to thousandths.
                progress->setMaximum(1000);
                progress->setValue(
                    int(std::min<quint64>(bytesRead, totalBytes) * 1000 / totalBytes));
            }
            if (*events != stored) {
                *events = stored;
                updateLabel();
            }
        });
    connect(m_importJob, &TraceImportJob::databaseProblemChanged, progress,
        [problem, updateLabel](const QString &text) {
            *problem = text;
            updateLabel();
        });
    connect(m_importJob, &TraceImportJob::finished, progress, &QObject::deleteLater);
    m_importAction->setEnabled(false);
    m_importJob->start(request);
    return true;
}

void MainWindow::finishTraceImport()
{
    m_importAction->setEnabled(true);
    const TraceImportJob::Result &result = m_importJob->result();
    const QString path = QDir::toNativeSeparators(m_importPath);
    const auto showWarning
        = [this](const QString &title, const QString &text, const QStringList &details) {
              QMessageBox *box = newMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok,
                  QStringLiteral("importError"));
              if (!details.isEmpty())
                  box->setDetailedText(details.join(u'\n'));
              box->open();
          };
    if (result.earlierSessionId != 0) {
        QMessageBox *box = newMessageBox(QMessageBox::Question, tr("Import Trace"),
            result.error + u' ' + tr("Import them all the same?"),
            QMessageBox::Yes | QMessageBox::No, QStringLiteral("importAgainQuestion"));
        box->setDefaultButton(QMessageBox::No);
        const QString again = m_importPath;
        connect(box, &QMessageBox::finished, this, [this, box, again] {
            if (box->clickedButton() == box->button(QMessageBox::Yes))
                startTraceImport(again, true);
        });
        box->open();
        return;
    }
    if (!result.outcome) {
        showWarning(tr("Import Failed"), result.error, {});
        return;
    }
    const int events = int(std::min<std::uint64_t>(result.events, INT_MAX));
    // The imported session is shown, but not in place of a live capture.
    const bool opens
        = result.sessionId != 0 && result.events + result.baselineRecords > 0 && !m_sessionLive;
    const QString openHint = m_sessionLive ? u' ' + tr("File > Open Session shows it.") : QString();
    switch (*result.outcome) {
    case TraceImport::Outcome::Imported: {
        const QString summary = tr("Imported %Ln event(s) of %1 into session %2.", nullptr, events)
                                    .arg(path)
                                    .arg(result.sessionId);
        m_status->showMessage(summary + openHint, 15000);
        if (result.malformedLines > 0)
            showWarning(tr("Import Trace"),
                summary + u' '
                    + tr("%Ln malformed line(s) were left out.", nullptr,
                        int(std::min<std::uint64_t>(result.malformedLines, INT_MAX))),
                result.problems);
        break;
    }
    case TraceImport::Outcome::Cancelled:
        if (result.sessionId == 0) {
            m_status->showMessage(tr("Import cancelled before anything was stored."), 15000);
            break;
        }
        m_status->showMessage(
            tr("Import cancelled; session %1 keeps the %Ln event(s) read before.", nullptr, events)
                    .arg(result.sessionId)
                + openHint,
            15000);
        break;
    case TraceImport::Outcome::ReadFailed:
    case TraceImport::Outcome::PipelineFailed:
    case TraceImport::Outcome::WriteFailed:
    case TraceImport::Outcome::Incomplete:
        showWarning(tr("Import Failed"),
            result.error + u' '
                + tr("Session %1 keeps the %Ln event(s) stored before the error.", nullptr, events)
                      .arg(result.sessionId),
            result.problems);
        break;
    }
    if (opens)
        Q_EMIT sessionOpenRequested(result.sessionId);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About memtap"),
        tr("<h3>memtap %1</h3>"
           "<p>Shows live which processes request and release memory from the kernel: every "
           "mmap, munmap, mremap and brk of every process, traced with SystemTap or bpftrace "
           "and stored in SQLite or MySQL/MariaDB.</p>"
           "<p>License: GNU General Public License, version 2 or later.</p>")
            .arg(QStringLiteral(MEMTAP_VERSION)));
}

} // namespace memtap
