// SPDX-License-Identifier: GPL-2.0-or-later
#include "appcontroller.h"

#include "capture/backendselector.h"
#include "capturestatusbar.h"
#include "live/livecapture.h"
#include "live/sessionreader.h"
#include "mainwindow.h"
#include "memtapconfig.h"
#include "passwordkeeper.h"

#include <QFileInfo>

#include <unistd.h>

namespace memtap {

AppController::AppController(MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_capture(new LiveCapture(this))
    , m_reader(new SessionReader(this))
    , m_helperPath(QStringLiteral(MEMTAP_HELPER_PATH))
{
    connect(window, &MainWindow::startCaptureRequested, this, &AppController::startCapture);
    connect(window, &MainWindow::stopCaptureRequested, m_capture, &LiveCapture::stop);
    connect(window, &MainWindow::giveUpStoringRequested, m_capture, &LiveCapture::giveUpStoring);
    connect(window, &MainWindow::processDetailRequested, this,
        &AppController::onProcessDetailRequested);
    connect(window, &MainWindow::settingsChanged, this, &AppController::updateCaptureAvailability);
    connect(window, &MainWindow::sessionOpenRequested, this, &AppController::openSession);

    connect(m_capture, &LiveCapture::stateChanged, this, &AppController::onCaptureStateChanged);
    connect(m_capture, &LiveCapture::metadataChanged, this, [this](const TraceMetadata &metadata) {
        if (m_showsLive)
            m_window->setSessionMetadata(metadata);
    });
    connect(m_capture, &LiveCapture::processesUpdated, this, [this](const ProcessUpdate &update) {
        if (m_showsLive)
            m_window->applyProcessUpdate(update);
    });
    connect(m_capture, &LiveCapture::countersChanged, window, &MainWindow::setCounters);
    connect(m_capture, &LiveCapture::databaseStatusChanged, window, &MainWindow::setDatabaseStatus);
    connect(m_capture, &LiveCapture::databaseStatusChanged, this,
        [this](const QString &, bool problem) {
            m_databaseProblem = problem;
            updateStoreWaiting();
        });
    connect(m_capture, &LiveCapture::sessionStarted, this,
        [this](const DatabaseUrl &url, qint64 sessionId) {
            if (m_showsLive)
                m_window->showSession(url, sessionId, true);
        });
    connect(m_capture, &LiveCapture::detailReady, this, [this](const ProcessDetail &detail) {
        if (m_showsLive)
            m_window->showProcessDetail(detail);
    });
    connect(m_capture, &LiveCapture::failed, window, &MainWindow::showCaptureError);
    connect(m_capture, &LiveCapture::finished, this, [this] {
        m_databaseProblem = false;
        updateStoreWaiting();
        onCaptureStateChanged(m_capture->state());
        if (m_showsLive && m_capture->sessionId() > 0)
            m_window->setSessionLive(false);
    });

    connect(m_reader, &SessionReader::loaded, this,
        [this](const StoredSession &session, const TraceMetadata &metadata,
            const ProcessUpdate &processes) {
            if (m_showsLive || session.id != m_reader->sessionId())
                return;
            m_window->clearSession();
            m_window->setSessionMetadata(metadata);
            m_window->applyProcessUpdate(processes);
            m_window->flushPendingUpdates();
            // The session being captured: its stored figures are at most an
            // update old, and the live ones follow from here on.
            const bool live = m_capture->isActive() && m_capture->sessionId() == session.id
                && m_capture->database() && *m_capture->database() == m_reader->url();
            m_showsLive = live;
            if (!live) {
                m_window->captureStatusBar()->setStoredTotals(
                    session.eventCount, session.lostEvents, session.malformedLines);
            }
            m_window->showSession(m_reader->url(), session.id, live);
        });
    connect(m_reader, &SessionReader::replayProgress, this, [this](quint64 done, quint64 total) {
        if (!m_showsLive)
            m_window->showDetailReplayProgress(done, total);
    });
    connect(m_reader, &SessionReader::detailReady, this, [this](const ProcessDetail &detail) {
        if (!m_showsLive)
            m_window->showProcessDetail(detail);
    });
    connect(m_reader, &SessionReader::failed, window, &MainWindow::showCaptureError);

    updateCaptureAvailability();
}

AppController::~AppController()
{
    // The window may be gone already: nothing is shown any more.
    m_capture->disconnect(this);
    m_reader->disconnect(this);
    if (m_window)
        m_capture->disconnect(m_window);
    shutdown();
}

void AppController::setHelperPath(const QString &path)
{
    m_helperPath = path;
    updateCaptureAvailability();
}

DatabaseUrl AppController::databaseUrl() const
{
    return DatabaseUrl::parse(m_window->settings().databaseUrl());
}

QString AppController::captureUnavailableReason() const
{
    if (!QFileInfo(m_helperPath).isExecutable()) {
        return tr("The capture helper %1 is not installed; reinstall memtap (or build and install "
                  "memtap-probe).")
            .arg(m_helperPath);
    }
    const bool root = ::geteuid() == 0;
    switch (m_window->settings().elevation()) {
    case Elevation::Pkexec:
        if (!root && BackendSelector::findSystemTool(QStringLiteral("pkexec")).isEmpty())
            return CaptureError::elevationToolMissing(Elevation::Pkexec).message();
        break;
    case Elevation::Sudo:
        if (!root && BackendSelector::findSystemTool(QStringLiteral("sudo")).isEmpty())
            return CaptureError::elevationToolMissing(Elevation::Sudo).message();
        break;
    case Elevation::None:
        if (!root) {
            return tr("memtap does not run as root, and Settings say to start the capture helper "
                      "without asking for a password; choose pkexec there.");
        }
        break;
    }
    const BackendSelector::Selection selection
        = BackendSelector::select(m_window->selectedBackend(), BackendSelector::probeHost());
    if (selection.error.isError())
        return selection.error.message();
    return {};
}

void AppController::updateCaptureAvailability()
{
    const QString reason = captureUnavailableReason();
    m_window->setCaptureAvailable(reason.isEmpty(), reason);
}

QString AppController::databasePassword() const
{
    const PasswordKeeper *passwords = m_window->passwordKeeper();
    const QString account = m_window->settings().mysqlAccountKey();
    if (passwords->hasPassword() && passwords->account() == account)
        return passwords->password();
    return {};
}

void AppController::startCapture(const CaptureOptions &requested)
{
    if (m_capture->isActive())
        return;
    QString urlError;
    const DatabaseUrl url = DatabaseUrl::parse(m_window->settings().databaseUrl(), &urlError);
    if (!url.isValid()) {
        m_window->showCaptureError(
            tr("The database in Settings is not usable (%1); correct it in Settings.")
                .arg(urlError));
        return;
    }
    CaptureOptions options = requested;
    options.helperPath = m_helperPath;
    LiveCapture::Settings settings;
    settings.database = url;
    if (url.isMysql()) {
        const QString password = databasePassword();
        if (!password.isEmpty())
            settings.storeOptions.password = password;
    }
    m_showsLive = true;
    m_window->clearSession();
    m_capture->start(options, settings);
}

void AppController::onCaptureStateChanged(CaptureSession::State state)
{
    // While the database opens, the previous session's state must not show.
    if (m_capture->isActive() && state == CaptureSession::State::Idle)
        state = CaptureSession::State::Starting;
    m_window->setCaptureState(state);
    updateStoreWaiting();
    if (state == CaptureSession::State::Running)
        m_window->setCaptureBackend(m_capture->session().backend());
}

void AppController::onProcessDetailRequested(std::uint64_t processKey)
{
    if (m_showsLive)
        m_capture->requestDetail(processKey);
    else
        m_reader->requestDetail(processKey);
}

void AppController::openSession(qint64 sessionId)
{
    QString urlError;
    const DatabaseUrl url = DatabaseUrl::parse(m_window->settings().databaseUrl(), &urlError);
    if (!url.isValid()) {
        m_window->showCaptureError(
            tr("The database in Settings is not usable (%1); correct it in Settings.")
                .arg(urlError));
        return;
    }
    m_showsLive = false;
    std::optional<QString> password;
    if (url.isMysql()) {
        const QString known = databasePassword();
        if (!known.isEmpty())
            password = known;
    }
    m_reader->load(url, sessionId, password);
}

void AppController::updateStoreWaiting()
{
    m_window->setStoreWaiting(m_capture->isStoring() && m_databaseProblem);
}

void AppController::shutdown()
{
    // Nobody is left to click a message box away while memtap quits.
    disconnect(m_capture, &LiveCapture::failed, m_window, &MainWindow::showCaptureError);
    // Waiting for an unreachable database would keep an invisible memtap
    // running; what it has not taken goes to the unstored-records file.
    if (m_databaseProblem)
        m_capture->giveUpStoring();
    m_capture->shutdown();
}

} // namespace memtap
