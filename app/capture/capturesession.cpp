// SPDX-License-Identifier: GPL-2.0-or-later
#include "capturesession.h"

#include "capture/captureworker.h"

#include <QEventLoop>
#include <QTimer>

namespace memtap {

CaptureSession::CaptureSession(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("memtap capture"));
}

CaptureSession::~CaptureSession()
{
    if (m_worker && m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}

void CaptureSession::setRawStreamSink(RawStreamSink sink)
{
    Q_ASSERT(m_state == State::Idle);
    m_rawSink = std::move(sink);
}

bool CaptureSession::isActive() const
{
    return m_state == State::Starting || m_state == State::WaitingForAuthorization
        || m_state == State::Running || m_state == State::Stopping;
}

qint64 CaptureSession::runningDurationMs() const
{
    if (m_runningMs >= 0)
        return m_runningMs;
    return m_runningClock.isValid() ? m_runningClock.elapsed() : 0;
}

void CaptureSession::start(const CaptureOptions &options)
{
    if (m_state != State::Idle) {
        qWarning("CaptureSession::start: a session runs once; create a new one");
        return;
    }
    m_options = options;
    m_worker = new CaptureWorker(m_rawSink);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Batches, counters and metadata go straight from the capture thread to
    // their receivers; the copies the getters return follow, queued.
    connect(m_worker, &CaptureWorker::eventsReady, this, &CaptureSession::eventsReady,
        Qt::DirectConnection);
    connect(m_worker, &CaptureWorker::countersChanged, this, &CaptureSession::countersChanged,
        Qt::DirectConnection);
    connect(m_worker, &CaptureWorker::metadataChanged, this, &CaptureSession::metadataChanged,
        Qt::DirectConnection);
    connect(m_worker, &CaptureWorker::countersChanged, this,
        [this](const ParserCounters &counters) { m_counters = counters; });
    connect(m_worker, &CaptureWorker::metadataChanged, this,
        [this](const TraceMetadata &metadata) { m_metadata = metadata; });

    connect(m_worker, &CaptureWorker::stateChanged, this, &CaptureSession::setState);
    connect(m_worker, &CaptureWorker::backendSelected, this, &CaptureSession::onBackendSelected);
    connect(m_worker, &CaptureWorker::helperStarted, this,
        [this](qint64 pid) { m_helperProcessId = pid; });
    connect(m_worker, &CaptureWorker::tracerMessage, this, &CaptureSession::tracerMessage);
    connect(m_worker, &CaptureWorker::stopTimedOut, this, &CaptureSession::stopTimedOut);
    connect(m_worker, &CaptureWorker::ended, this, &CaptureSession::onWorkerEnded);

    m_thread.start();
    setState(State::Starting);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, options] { worker->start(options); }, Qt::QueuedConnection);
}

void CaptureSession::stop()
{
    if (!m_worker || !isActive())
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->stop(CaptureEndReason::UserStop); },
        Qt::QueuedConnection);
}

bool CaptureSession::waitForFinished(int timeoutMs)
{
    if (m_state == State::Idle || !isActive())
        return m_state != State::Idle;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &CaptureSession::finished, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    loop.exec();
    return !isActive();
}

void CaptureSession::setState(State state)
{
    // The worker reports the way there; the end is set from onWorkerEnded.
    if (m_state == state || m_state == State::Stopped || m_state == State::Failed)
        return;
    if (m_state == State::Stopping && state != State::Stopped && state != State::Failed)
        return;
    if (state == State::Running)
        m_runningClock.start();
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CaptureSession::onBackendSelected(CaptureBackend backend, const QString &reason)
{
    m_backend = backend;
    m_backendReason = reason;
}

void CaptureSession::onWorkerEnded(
    CaptureEndReason reason, const CaptureError &error, qint64 runningMs)
{
    m_endReason = reason;
    m_error = error;
    m_runningMs = runningMs;
    setState(isRequestedEnd(reason) ? State::Stopped : State::Failed);
    Q_EMIT finished(reason, error);
}

} // namespace memtap
