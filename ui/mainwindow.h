// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "capture/capturesession.h"
#include "export/csvexport.h"
#include "models/processdetail.h"
#include "settings/appsettings.h"
#include "storage/databaseurl.h"
#include "trace/parsercounters.h"
#include "trace/tracemetadata.h"

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QTimer>

#include <cstdint>
#include <functional>

class QAction;
class QActionGroup;
class QDockWidget;
class QDragEnterEvent;
class QDropEvent;
class QMenu;
class QMimeData;
class QProgressDialog;

namespace memtap {

class CaptureStatusBar;
class CsvExportJob;
class TraceImportJob;
class PasswordKeeper;
class ProcessDetailView;
class ProcessModel;
class ProcessView;
class RequestLogModel;
class RequestLogView;
class ShareChartView;
class ShareModel;

// memtap's main window: the Processes, Requests, Memory share and Process
// detail docks, the menus and the status bar.
//
// The window does no per-event work. Whoever runs the capture pipeline feeds
// it batches (applyProcessUpdate(), at most a few per second), counters,
// state and query results, and listens to its requests
// (startCaptureRequested(), stopCaptureRequested(),
// processDetailRequested()). Updates are merged into the models at most once
// per refresh interval (Settings), the share chart at most once per second.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Bump when the docks change so an old saved layout is not applied.
    static constexpr int layoutVersion = 1;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ProcessModel *processModel() const { return m_processes; }
    ShareModel *shareModel() const { return m_share; }
    ProcessView *processView() const { return m_processView; }
    RequestLogModel *requestLogModel() const { return m_requestModel; }
    RequestLogView *requestLogView() const { return m_requestLog; }
    ShareChartView *shareChartView() const { return m_shareChart; }
    ProcessDetailView *processDetailView() const { return m_detail; }
    CaptureStatusBar *captureStatusBar() const { return m_status; }
    PasswordKeeper *passwordKeeper() const { return m_passwords; }

    QDockWidget *processesDock() const { return m_processesDock; }
    QDockWidget *requestsDock() const { return m_requestsDock; }
    QDockWidget *shareDock() const { return m_shareDock; }
    QDockWidget *detailDock() const { return m_detailDock; }

    QAction *startCaptureAction() const { return m_startAction; }
    QAction *stopCaptureAction() const { return m_stopAction; }
    QAction *giveUpStoringAction() const { return m_giveUpStoringAction; }
    QAction *openSessionAction() const { return m_openSessionAction; }
    QAction *exportCsvAction() const { return m_exportAction; }
    QAction *importTraceAction() const { return m_importAction; }
    QAction *restoreLayoutAction() const { return m_restoreLayoutAction; }

    const AppSettings &settings() const { return m_settings; }
    // The session given to showSession(): 0 before.
    qint64 shownSessionId() const { return m_sessionId; }
    const DatabaseUrl &shownSessionUrl() const { return m_sessionUrl; }
    bool isShownSessionLive() const { return m_sessionLive; }
    // The backend chosen in the Capture menu.
    CaptureBackend selectedBackend() const;
    // The options Start passes on: backend from the menu, elevation from Settings.
    CaptureOptions captureOptions() const;

    // Writes geometry, dock layout and table headers to QSettings (also done on close).
    void saveLayout() const;
    // Applies what saveLayout() wrote; false (and the default layout) if
    // nothing or an older layout version was saved.
    bool restoreLayout();

public Q_SLOTS:
    // Figures of the processes that changed (Accountant::takeChanges()).
    void applyProcessUpdate(const memtap::ProcessUpdate &update);
    // Merges what applyProcessUpdate() collected now instead of at the next
    // refresh tick.
    void flushPendingUpdates();
    // Facts of the session shown: RAM size for "% of RAM", the clock offset
    // for wall-clock times, the backend.
    void setSessionMetadata(const memtap::TraceMetadata &metadata);
    // Empties every view for a new session.
    void clearSession();

    // Whether Start can do anything; reason says why not (shown as tooltip).
    void setCaptureAvailable(bool available, const QString &reason = {});
    void setCaptureState(memtap::CaptureSession::State state);
    void setCaptureBackend(memtap::CaptureBackend backend);
    void setCounters(const memtap::ParserCounters &counters);
    void setDatabaseStatus(const QString &text, bool problem = false);
    // The capture ended but the database, unreachable, has not taken all of
    // it: Capture > Stop Waiting for the Database is offered, and closing the
    // window asks first.
    void setStoreWaiting(bool waiting);
    // A capture ended badly: the one-sentence message from CaptureError.
    void showCaptureError(const QString &message);

    // The answer to processDetailRequested(); ignored if another process
    // has been selected since.
    void showProcessDetail(const memtap::ProcessDetail &detail);
    // While an opened session is replayed for the first detail asked of it.
    void showDetailReplayProgress(quint64 done, quint64 total);
    // Selects the process in the Processes dock (and shows its detail).
    bool selectProcess(std::uint64_t processKey);

    // Shows a stored session: the request log pages through it and File >
    // Export CSV writes it. live: the session is being captured now, so the
    // request log re-counts a few times per second and can follow the newest
    // call. Does not touch the Processes dock (fed by applyProcessUpdate()).
    void showSession(const memtap::DatabaseUrl &url, qint64 sessionId, bool live);
    // The shown session stopped (or started) growing: stops the periodic
    // re-count after a last one.
    void setSessionLive(bool live);

    // File > Open Session: lists the sessions of the configured database;
    // choosing one emits sessionOpenRequested().
    void openSession();
    // File > Export CSV: asks what and where, then startCsvExport().
    void exportCsv();
    // Writes the processes or the requests of the shown session, as the
    // Processes dock's filter and the Requests dock's filter select them, to
    // path in a worker thread, with a cancellable progress dialog. False
    // when no session is shown or an export is running.
    bool startCsvExport(memtap::CsvExport::Table table, const QString &path);
    CsvExportJob *csvExportJob() const { return m_exportJob; }
    // File > Import Trace: asks for a recorded trace, then startTraceImport().
    void importTrace();
    // Replays the trace at path (memtapctl record --output, or a file of
    // unstored records) into a new session of the settings' database in a
    // worker thread, with a cancellable progress dialog, and opens that
    // session (sessionOpenRequested()) when it holds records. again: import
    // unstored records the database holds already (otherwise the user is
    // asked first). False when the settings' database is not usable or an
    // import is running.
    bool startTraceImport(const QString &path, bool again = false);
    TraceImportJob *traceImportJob() const { return m_importJob; }
    // The trace a drag carries, when it is one local file that
    // startTraceImport() can read; empty otherwise.
    static QString droppedTracePath(const QMimeData *mimeData);

    void restoreDefaultLayout();
    void showSettings();
    // With a MySQL/MariaDB database: reads the password from the keychain,
    // or asks for it when there is none. Called once the window is shown.
    // whenSettled runs once the password is known or the user closed the
    // dialog (at once without MySQL/MariaDB).
    void ensureDatabasePassword(const std::function<void()> &whenSettled = {});

Q_SIGNALS:
    void startCaptureRequested(const memtap::CaptureOptions &options);
    void stopCaptureRequested();
    // Save what the database has not taken to a file instead of waiting.
    void giveUpStoringRequested();
    // Answer with showProcessDetail(); asked when the selection changes and
    // at most once per second while the selected process changes.
    void processDetailRequested(std::uint64_t processKey);
    // The user accepted the Settings dialog.
    void settingsChanged(const memtap::AppSettings &settings);
    // The user chose a stored session in File > Open Session (of the
    // database in settings()); answer by loading it and calling showSession().
    void sessionOpenRequested(qint64 sessionId);

protected:
    void closeEvent(QCloseEvent *event) override;
    // A trace file dropped on the window is imported as File > Import Trace does.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createModelsAndViews();
    void createDocks();
    void createActions();
    void createMenus();
    void applySettings();
    void updateCaptureActions();
    void onProcessSelected(std::uint64_t processKey);
    void showAbout();
    // A window-modal, cancellable progress dialog for a job's worker thread.
    QProgressDialog *newProgressDialog(
        const QString &label, const QString &title, const QString &objectName);
    // A window-modal message box that deletes itself once closed; call open().
    QMessageBox *newMessageBox(QMessageBox::Icon icon, const QString &title, const QString &text,
        QMessageBox::StandardButtons buttons, const QString &objectName);
    void finishCsvExport();
    void finishTraceImport();
    // The password for url when the keeper holds it; unset lets the storage
    // layer look (MEMTAP_DB_PASSWORD, keychain).
    std::optional<QString> passwordFor(const DatabaseUrl &url) const;
    QDockWidget *createDock(const QString &title, const QString &objectName, QWidget *content);

    AppSettings m_settings;
    ProcessModel *m_processes = nullptr;
    ShareModel *m_share = nullptr;
    ProcessView *m_processView = nullptr;
    RequestLogModel *m_requestModel = nullptr;
    RequestLogView *m_requestLog = nullptr;
    ShareChartView *m_shareChart = nullptr;
    ProcessDetailView *m_detail = nullptr;
    CaptureStatusBar *m_status = nullptr;
    PasswordKeeper *m_passwords = nullptr;

    QDockWidget *m_processesDock = nullptr;
    QDockWidget *m_requestsDock = nullptr;
    QDockWidget *m_shareDock = nullptr;
    QDockWidget *m_detailDock = nullptr;

    QAction *m_openSessionAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    // Enabled while a stopped capture waits on the database (setStoreWaiting()).
    QAction *m_giveUpStoringAction = nullptr;
    QActionGroup *m_backendGroup = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_restoreLayoutAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QMenu *m_viewMenu = nullptr;

    // Figures waiting for the next merge, in arrival order, one per process.
    ProcessUpdate m_pendingUpdates;
    QHash<std::uint64_t, std::size_t> m_pendingIndex;
    QTimer m_mergeTimer;
    std::uint64_t m_selectedProcess = 0;
    QTimer m_detailRefresh;

    CsvExportJob *m_exportJob = nullptr;
    QString m_exportPath;
    TraceImportJob *m_importJob = nullptr;
    QString m_importPath;
    QString m_importDirectory; // where the file dialog opens
    DatabaseUrl m_sessionUrl;
    qint64 m_sessionId = 0;
    bool m_sessionLive = false;

    bool m_captureAvailable = false;
    QString m_captureUnavailableReason;
    CaptureSession::State m_captureState = CaptureSession::State::Idle;
};

} // namespace memtap
