// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/capturesession.h"
#include "settings/appsettings.h"
#include "storage/databaseurl.h"

#include <QObject>
#include <QString>

#include <cstdint>

namespace memtap {

class LiveCapture;
class MainWindow;
class SessionReader;

// Connects the desktop application's window to the core: Start/Stop in the
// window run a LiveCapture into the database of the settings, whose figures,
// counters, state and errors go back to the window; File > Open Session
// loads a stored session with a SessionReader; detail requests are answered
// by whichever of the two feeds the window. Also tells the window whether a
// capture can run at all here (helper, elevation tool, tracer) and why not.
class AppController : public QObject
{
    Q_OBJECT

public:
    explicit AppController(MainWindow *window, QObject *parent = nullptr);
    // Stops a running capture (shutdown()).
    ~AppController() override;

    // The root helper Start runs; default the installed one. Tests and
    // developers use the build tree's with elevation none.
    void setHelperPath(const QString &path);
    QString helperPath() const { return m_helperPath; }

    // Re-checks what a capture needs and tells the window.
    void updateCaptureAvailability();
    // Why a capture cannot run here with these settings; empty when it can.
    QString captureUnavailableReason() const;

    // The database of the window's settings.
    DatabaseUrl databaseUrl() const;

    // Stops a running capture within CaptureSession::stopTimeoutMs and waits
    // until what it captured is stored; for quitting.
    void shutdown();

    LiveCapture *liveCapture() const { return m_capture; }
    SessionReader *sessionReader() const { return m_reader; }
    // Whether the window shows the live capture (not an opened session).
    bool showsLiveCapture() const { return m_showsLive; }

public Q_SLOTS:
    // Loads a stored session of the settings' database into the window
    // (MainWindow::sessionOpenRequested()).
    void openSession(qint64 sessionId);

private:
    void startCapture(const memtap::CaptureOptions &options);
    void onCaptureStateChanged(memtap::CaptureSession::State state);
    void updateStoreWaiting();
    void onProcessDetailRequested(std::uint64_t processKey);
    QString databasePassword() const;

    MainWindow *m_window;
    LiveCapture *m_capture;
    SessionReader *m_reader;
    QString m_helperPath;
    bool m_showsLive = false;
    bool m_databaseProblem = false; // the capture's store reports a failure
};

} // namespace memtap
