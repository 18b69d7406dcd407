// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "capture/capturesession.h"
#include "models/processdetail.h"
#include "storage/databaseurl.h"
#include "storage/eventstore.h"
#include "trace/parsercounters.h"
#include "trace/tracemetadata.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

namespace memtap {

class LiveIngest;

// One live capture as the desktop application and `memtapctl record --db`
// run it: a CaptureSession (helper, tracer, parsing in the capture thread)
// feeding an IngestPipeline (Accountant, EventStore) in an ingest thread of
// its own, so that the thread owning the LiveCapture (the GUI thread) never
// does per-event work. It receives process figures at most every
// processUpdateInterval, counters at most 4 times a second, and answers
// detail requests from the live Accountant.
//
//     LiveCapture capture;
//     connect(&capture, &LiveCapture::processesUpdated, window, &MainWindow::applyProcessUpdate);
//     capture.start(options, {DatabaseUrl::defaultUrl()});
//     ...
//     capture.stop();   // finished() follows once the session is stored
//
// The database is opened before the helper starts, so nothing asks for a
// password when the capture could not be stored anyway. A LiveCapture can
// run one capture after another; the Accountant of the last one stays for
// detail requests until the next start().
class LiveCapture : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        // Where the session is stored; none: figures only, nothing recorded.
        std::optional<DatabaseUrl> database;
        // The password of a MySQL/MariaDB database travels in here. A capture
        // cannot wait for the database (the tracer's buffers would overflow
        // and events be lost), so past the in-memory bound records go to the
        // spool file until the database takes them again.
        EventStore::Options storeOptions = [] {
            EventStore::Options options;
            options.overflow = EventStore::Options::Overflow::Spool;
            return options;
        }();
        // False: no figures (memtapctl record without --db needs none).
        bool accounting = true;
        std::chrono::milliseconds processUpdateInterval {250};
    };

    // How often countersChanged() is sent at most.
    static constexpr int counterIntervalMs = 250;

    explicit LiveCapture(QObject *parent = nullptr);
    // Stops a running capture (shutdown()) and joins its threads.
    ~LiveCapture() override;

    // Called in the capture thread with every chunk of the stream as it
    // arrived (CaptureSession::setRawStreamSink); applies to the next start().
    void setRawStreamSink(CaptureSession::RawStreamSink sink);

    // Opens the database (in the ingest thread), then starts the helper.
    // False when a capture is still active. Progress and failures arrive
    // through the signals, always ending with finished().
    bool start(const CaptureOptions &options, const Settings &settings);
    bool start(const CaptureOptions &options) { return start(options, Settings()); }
    // Asks the helper to stop; finished() follows once everything is stored.
    void stop();
    // Stops the capture and waits until the helper ended (at most
    // CaptureSession::stopTimeoutMs plus a little) and everything captured
    // is stored; for quitting. Signals still arrive during the wait.
    void shutdown();
    // From any thread: gives up on what the database has not taken yet (a
    // user who does not want to wait for an unreachable server).
    void abortStore();
    // The same once the capture's last records are handed to the store, so
    // that none is refused: what the database has not taken is saved to the
    // unstored-records file, which the failure message names.
    void giveUpStoring();
    // Waits (running the caller's event loop) until finished() was sent or
    // timeoutMs passed (-1: no limit).
    bool waitForFinished(int timeoutMs);

    // The live mappings and timeline of a process, from the Accountant:
    // detailReady() follows (empty for an unknown process).
    void requestDetail(std::uint64_t processKey);

    // From start() until finished() was sent.
    bool isActive() const { return m_active; }
    // The capture ended; what it captured is being stored.
    bool isStoring() const { return m_storing; }
    // The current (or last) capture session: state, backend, counters, end
    // reason, error. Never null.
    const CaptureSession &session() const { return *m_session; }
    CaptureSession::State state() const { return m_session->state(); }
    // The stored session's id, 0 without a database (or before it is open).
    std::int64_t sessionId() const { return m_sessionId; }
    const std::optional<DatabaseUrl> &database() const { return m_settings.database; }
    // After finished(): whether the database holds the whole capture, and
    // why not.
    bool stored() const { return m_stored; }
    QString storeError() const { return m_storeError; }
    EventStore::Status storeStatus() const { return m_storeStatus; }
    // Why the capture ended, as recorded with the session.
    CaptureEndReason endReason() const { return m_endReason; }
    double eventsPerSecond() const { return m_eventsPerSecond; }

Q_SIGNALS:
    void stateChanged(memtap::CaptureSession::State state);
    void metadataChanged(const memtap::TraceMetadata &metadata);
    void processesUpdated(const memtap::ProcessUpdate &changed);
    void countersChanged(const memtap::ParserCounters &counters, double eventsPerSecond);
    void databaseStatusChanged(const QString &text, bool problem);
    // The database session the capture is stored in exists: the request log
    // can query it while it grows.
    void sessionStarted(const memtap::DatabaseUrl &url, qint64 sessionId);
    void detailReady(const memtap::ProcessDetail &detail);
    // A line the tracer or the helper wrote to standard error.
    void tracerMessage(const QString &line);
    // The helper had not ended CaptureSession::stopTimeoutMs after stop().
    void stopTimedOut(const QString &message);
    // Something went wrong: one sentence saying what and how to fix it
    // (CaptureError::message(), or why the database did not take the capture).
    void failed(const QString &message);
    // The capture is over and stored as far as it could be.
    void finished(memtap::CaptureEndReason reason);

private:
    void onDatabaseOpened(bool ok, qint64 sessionId, const QString &error);
    void onSessionFinished(memtap::CaptureEndReason reason, const memtap::CaptureError &error);
    void onIngestEnded(bool stored, const QString &error, const memtap::EventStore::Status &status);
    void onCounters(const memtap::ParserCounters &counters);
    void sendCounters();
    void end(CaptureEndReason reason);
    void tearDownIngest();

    std::unique_ptr<CaptureSession> m_session;
    CaptureSession::RawStreamSink m_rawSink;
    CaptureOptions m_options;
    Settings m_settings;
    QThread m_ingestThread;
    LiveIngest *m_ingest = nullptr;
    bool m_active = false;
    bool m_storing = false; // the session finished, the ingest side is finishing
    bool m_stopRequested = false;
    std::int64_t m_sessionId = 0;
    bool m_stored = false;
    QString m_storeError;
    QString m_captureError;
    EventStore::Status m_storeStatus;
    CaptureEndReason m_endReason = CaptureEndReason::None;

    ParserCounters m_counters;
    bool m_countersPending = false;
    QTimer m_counterTimer;
    QElapsedTimer m_rateClock;
    std::deque<std::pair<qint64, std::uint64_t>> m_rateSamples; // ms, events
    double m_eventsPerSecond = 0;
};

} // namespace memtap
