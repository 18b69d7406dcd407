// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/captureendreason.h"
#include "capture/captureerror.h"
#include "capture/captureoptions.h"
#include "trace/eventbatch.h"
#include "trace/parsercounters.h"
#include "trace/tracemetadata.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

namespace memtap {

class CaptureWorker;

// One live capture: starts the root helper (through pkexec, sudo -n or
// directly), decodes its v1 stream and hands out batches of events.
//
// The helper runs under a QProcess in a worker thread that the session owns;
// that thread reads the helper's output as fast as it comes (the tracer never
// waits on us) and decodes it, so the thread that owns the session does no
// per-event work. The session itself lives in the thread that created it
// (usually the GUI thread).
//
// Signals emitted from the capture thread (connect with the default
// connection type; they are queued to receivers in other threads):
// eventsReady, countersChanged, metadataChanged. Signals emitted from the
// session's thread, after its getters reflect the change: stateChanged,
// tracerMessage, stopTimedOut, finished. Per thread, every batch is delivered
// before finished().
class CaptureSession : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle, // before start()
        Starting, // checking and launching the helper; after authorization: the tracer loads
        WaitingForAuthorization, // pkexec is asking for the password
        Running, // the stream header arrived: the tracer is attached
        Stopping, // quit was sent, waiting for the helper to end
        Stopped, // ended as requested (stop() or the duration)
        Failed, // ended for any other reason; see error()
    };
    Q_ENUM(State)

    // Called in the capture thread with every chunk of the stream exactly as it
    // arrived, before it is decoded. Returns false (and sets *error) when the
    // chunk could not be taken; the capture then ends with OutputFailed.
    using RawStreamSink = std::function<bool(QByteArrayView chunk, QString *error)>;

    // Events per batch before one is sent without waiting for the timer.
    static constexpr std::size_t maxBatchEvents = 8192;
    // How long decoded events wait at most before they are sent.
    static constexpr int batchIntervalMs = 50;
    // How long the helper has to end after stop() before we say so.
    static constexpr int stopTimeoutMs = 2000;

    explicit CaptureSession(QObject *parent = nullptr);
    // Stops a running capture (the helper gets quit and end-of-file and has
    // stopTimeoutMs to end) and joins the capture thread.
    ~CaptureSession() override;

    // Set before start(); the sink is called in the capture thread.
    void setRawStreamSink(RawStreamSink sink);

    // Resolves the backend, checks what can be checked without privileges and
    // starts the helper. Progress and failures arrive through the signals; a
    // session runs once.
    void start(const CaptureOptions &options);
    // Asks the helper to stop the tracer (writes "quit" and closes its stdin).
    void stop();
    // Blocks until the session has finished or timeoutMs passed; for command-line
    // use and tests (runs the caller's event loop meanwhile).
    bool waitForFinished(int timeoutMs);

    State state() const { return m_state; }
    bool isActive() const;
    const CaptureOptions &options() const { return m_options; }
    // The backend that runs (never Auto once the session is past Starting).
    CaptureBackend backend() const { return m_backend; }
    QString backendReason() const { return m_backendReason; }
    // The pid of the process the session started (pkexec, sudo or the helper), 0 when none.
    qint64 helperProcessId() const { return m_helperProcessId; }
    TraceMetadata metadata() const { return m_metadata; }
    ParserCounters counters() const { return m_counters; }
    CaptureEndReason endReason() const { return m_endReason; }
    CaptureError error() const { return m_error; }
    // Milliseconds from Running to the end of the stream (so far, while running).
    qint64 runningDurationMs() const;

Q_SIGNALS:
    void stateChanged(memtap::CaptureSession::State state);
    void eventsReady(const memtap::EventBatchPtr &batch);
    void countersChanged(const memtap::ParserCounters &counters);
    void metadataChanged(const memtap::TraceMetadata &metadata);
    // A line the tracer or the helper wrote to standard error, for a log view.
    void tracerMessage(const QString &line);
    // The helper had not ended stopTimeoutMs after stop(); message says what that means.
    void stopTimedOut(const QString &message);
    void finished(memtap::CaptureEndReason reason, const memtap::CaptureError &error);

private:
    void setState(State state);
    void onBackendSelected(memtap::CaptureBackend backend, const QString &reason);
    void onWorkerEnded(
        memtap::CaptureEndReason reason, const memtap::CaptureError &error, qint64 runningMs);

    QThread m_thread;
    CaptureWorker *m_worker = nullptr;
    RawStreamSink m_rawSink;
    CaptureOptions m_options;
    State m_state = State::Idle;
    CaptureBackend m_backend = CaptureBackend::Auto;
    QString m_backendReason;
    qint64 m_helperProcessId = 0;
    TraceMetadata m_metadata;
    ParserCounters m_counters;
    CaptureEndReason m_endReason = CaptureEndReason::None;
    CaptureError m_error;
    QElapsedTimer m_runningClock; // started at Running
    qint64 m_runningMs = -1; // set when finished
};

} // namespace memtap
