// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "capture/capturesession.h"
#include "trace/eventparser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QTimer>

#include <memory>
#include <optional>

namespace memtap {

// The part of a CaptureSession that lives in the capture thread: owns the
// helper's QProcess and the parser, batches events and decides how the
// capture ended. Only CaptureSession uses it.
class CaptureWorker : public QObject
{
    Q_OBJECT

public:
    // What an unprivileged process may ask for (/proc/sys/fs/pipe-max-size).
    static constexpr int stdoutPipeBytes = 1 << 20;

    explicit CaptureWorker(CaptureSession::RawStreamSink rawSink);
    ~CaptureWorker() override;

    void start(const memtap::CaptureOptions &options);
    void stop(memtap::CaptureEndReason reason);
    // For the session's destructor: stop and wait (in this thread) until the
    // helper ended or the stop timeout passed twice.
    void shutdown();

Q_SIGNALS:
    void stateChanged(memtap::CaptureSession::State state);
    void backendSelected(memtap::CaptureBackend backend, const QString &reason);
    void helperStarted(qint64 pid);
    void eventsReady(const memtap::EventBatchPtr &batch);
    void countersChanged(const memtap::ParserCounters &counters);
    void metadataChanged(const memtap::TraceMetadata &metadata);
    void tracerMessage(const QString &line);
    void stopTimedOut(const QString &message);
    void ended(
        memtap::CaptureEndReason reason, const memtap::CaptureError &error, qint64 runningMs);

private:
    void fail(const CaptureError &error);
    void readStandardOutput();
    void readStandardError();
    void takeStandardError(const QByteArray &chunk);
    void consume(QByteArrayView chunk);
    void flushBatch();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void onStopTimeout();
    void checkAuthorized();
    void finishWith(CaptureEndReason reason, const CaptureError &error);
    // Ends the capture from our side (output or stream trouble): remembers why
    // and asks the helper to stop.
    void abort(const CaptureError &error);

    CaptureSession::RawStreamSink m_rawSink;
    CaptureOptions m_options;
    CaptureBackend m_backend = CaptureBackend::Auto;
    QProcess *m_process = nullptr;
    EventParser m_parser;
    std::vector<Event> m_pendingEvents;
    ParserCounters m_flushedCounters;
    TraceMetadata m_sentMetadata;
    bool m_running = false;
    bool m_ended = false;
    QElapsedTimer m_runningClock;
    qint64 m_runningMs = 0;
    // Children, so that they move to the capture thread with the worker.
    QTimer m_batchTimer;
    QTimer m_durationTimer;
    QTimer m_stopTimer;
    QTimer m_authorizationPoll;
    int m_stopTimeouts = 0;
    std::optional<CaptureEndReason> m_requestedEnd;
    std::optional<CaptureError> m_ownError; // why we ended it ourselves
    QByteArray m_standardError; // head and tail kept for the classifier
    QByteArray m_partialErrorLine;
    int m_messagesSent = 0;
};

} // namespace memtap
