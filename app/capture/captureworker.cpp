// SPDX-License-Identifier: GPL-2.0-or-later
#include "captureworker.h"

#include "capture/backendselector.h"

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <fcntl.h>
#include <unistd.h>

namespace memtap {

namespace {

// Enough of standard error to classify any failure: the tracers put the cause
// near the start (stap's checks) or the end (compiler errors, "Pass 4 failed").
constexpr qsizetype keptErrorHead = 256 * 1024;
constexpr qsizetype keptErrorTail = 256 * 1024;
// A tracer that floods standard error must not flood the log view.
constexpr int maxTracerMessages = 500;

bool sameMetadata(const TraceMetadata &a, const TraceMetadata &b)
{
    return a.formatVersion == b.formatVersion && a.backend == b.backend && a.host == b.host
        && a.kernelRelease == b.kernelRelease && a.memTotalBytes == b.memTotalBytes
        && a.pageSize == b.pageSize && a.realtimeOffsetNs == b.realtimeOffsetNs
        && a.baselineStartNs == b.baselineStartNs;
}

} // namespace

CaptureWorker::CaptureWorker(CaptureSession::RawStreamSink rawSink)
    : m_rawSink(std::move(rawSink))
    , m_batchTimer(this)
    , m_durationTimer(this)
    , m_stopTimer(this)
    , m_authorizationPoll(this)
{
    m_batchTimer.setInterval(CaptureSession::batchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &CaptureWorker::flushBatch);
    m_durationTimer.setSingleShot(true);
    connect(&m_durationTimer, &QTimer::timeout, this,
        [this] { stop(CaptureEndReason::DurationReached); });
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, &CaptureWorker::onStopTimeout);
    m_authorizationPoll.setInterval(100);
    connect(&m_authorizationPoll, &QTimer::timeout, this, &CaptureWorker::checkAuthorized);
}

void CaptureWorker::checkAuthorized()
{
    // pkexec execs the helper once polkit said yes, which renames the process;
    // /proc/PID/comm stays readable although it now runs as root. SystemTap
    // then compiles for up to a minute: the user should not be told that we
    // still wait for a password.
    if (!m_process || m_running || m_requestedEnd || m_ended) {
        m_authorizationPoll.stop();
        return;
    }
    QFile comm(QStringLiteral("/proc/%1/comm").arg(m_process->processId()));
    if (!comm.open(QIODevice::ReadOnly))
        return;
    if (comm.readAll().trimmed() != "pkexec") {
        m_authorizationPoll.stop();
        Q_EMIT stateChanged(CaptureSession::State::Starting);
    }
}

CaptureWorker::~CaptureWorker()
{
    if (m_process) {
        // The helper ends on end-of-file; QProcess's own destructor would kill
        // and wait, which it cannot do to a root child.
        m_process->disconnect(this);
        m_process->closeWriteChannel();
        m_process->waitForFinished(CaptureSession::stopTimeoutMs);
    }
}

void CaptureWorker::start(const CaptureOptions &options)
{
    m_options = options;

    const QFileInfo helper(options.helperPath);
    if (options.helperPath.isEmpty() || !helper.isFile() || !helper.isExecutable()) {
        fail(CaptureError::helperMissing(options.helperPath));
        return;
    }

    QString program = options.helperPath;
    QStringList arguments;
    switch (options.elevation) {
    case Elevation::Pkexec:
        program = BackendSelector::findSystemTool(QStringLiteral("pkexec"));
        break;
    case Elevation::Sudo:
        program = BackendSelector::findSystemTool(QStringLiteral("sudo"));
        arguments << QStringLiteral("-n") << QStringLiteral("--");
        break;
    case Elevation::None:
        break;
    }
    if (program.isEmpty()) {
        fail(CaptureError::elevationToolMissing(options.elevation));
        return;
    }

    const auto selection = BackendSelector::select(options.backend, BackendSelector::probeHost());
    if (selection.error.isError()) {
        fail(selection.error);
        return;
    }
    m_backend = selection.backend;
    Q_EMIT backendSelected(m_backend, selection.reason);
    if (options.elevation != Elevation::None)
        arguments << options.helperPath;
    arguments << captureBackendName(m_backend);

    m_process = new QProcess(this);
    // Tools are parsed in English; the helper sets its tracer's locale itself.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.remove(QStringLiteral("LANGUAGE"));
    m_process->setProcessEnvironment(environment);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    // A larger pipe lets the helper keep writing while this thread is briefly
    // busy decoding, so the tracer never waits on us.
    m_process->setChildProcessModifier(
        [] { ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, CaptureWorker::stdoutPipeBytes); });
    connect(
        m_process, &QProcess::readyReadStandardOutput, this, &CaptureWorker::readStandardOutput);
    connect(m_process, &QProcess::readyReadStandardError, this, &CaptureWorker::readStandardError);
    connect(m_process, &QProcess::finished, this, &CaptureWorker::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CaptureWorker::onProcessError);
    connect(m_process, &QProcess::started, this, [this] {
        Q_EMIT helperStarted(m_process->processId());
        if (m_options.elevation == Elevation::Pkexec && !m_requestedEnd) {
            Q_EMIT stateChanged(CaptureSession::State::WaitingForAuthorization);
            m_authorizationPoll.start();
        }
    });

    m_batchTimer.start();
    m_process->start(program, arguments);
}

void CaptureWorker::stop(CaptureEndReason reason)
{
    if (m_ended || m_requestedEnd || !m_process)
        return;
    m_requestedEnd = reason;
    m_durationTimer.stop();
    Q_EMIT stateChanged(CaptureSession::State::Stopping);
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->write("quit\n");
    m_process->closeWriteChannel();
    // Before the stream starts, pkexec may still be asking for the password
    // while it runs as the user: ending it cancels the prompt. sudo passes the
    // signal on to the helper, which stops its tracer.
    if (!m_running && m_options.elevation != Elevation::None)
        m_process->terminate();
    m_stopTimer.start(CaptureSession::stopTimeoutMs);
}

void CaptureWorker::shutdown()
{
    if (!m_process || m_ended)
        return;
    stop(CaptureEndReason::UserStop);
    for (int attempt = 0; attempt < 3 && m_process && !m_ended; ++attempt) {
        if (m_process->waitForFinished(CaptureSession::stopTimeoutMs))
            break;
        onStopTimeout();
    }
}

void CaptureWorker::abort(const CaptureError &error)
{
    if (!m_ownError)
        m_ownError = error;
    if (!m_process || m_process->state() == QProcess::NotRunning || m_requestedEnd)
        return;
    m_durationTimer.stop();
    Q_EMIT stateChanged(CaptureSession::State::Stopping);
    m_process->write("quit\n");
    m_process->closeWriteChannel();
    m_stopTimer.start(CaptureSession::stopTimeoutMs);
}

void CaptureWorker::fail(const CaptureError &error)
{
    finishWith(error.endReason(false), error);
}

void CaptureWorker::readStandardOutput()
{
    if (!m_process)
        return;
    const QByteArray chunk = m_process->readAllStandardOutput();
    if (!chunk.isEmpty())
        consume(chunk);
}

void CaptureWorker::consume(QByteArrayView chunk)
{
    if (m_ended)
        return;
    if (m_rawSink && !m_ownError) {
        QString sinkError;
        if (!m_rawSink(chunk, &sinkError))
            abort(CaptureError::outputFailed(sinkError));
    }

    const bool hadHeader = m_parser.metadata().hasHeader();
    m_parser.feed(chunk, m_pendingEvents);
    if (!m_parser.fatalError().isEmpty() && !m_ownError)
        abort(CaptureError::streamUnreadable(m_parser.fatalError()));

    // Before the state: whoever sees Running must also see the header that started it.
    if (!sameMetadata(m_parser.metadata(), m_sentMetadata)) {
        m_sentMetadata = m_parser.metadata();
        Q_EMIT metadataChanged(m_sentMetadata);
    }
    if (!hadHeader && m_parser.metadata().hasHeader()) {
        m_running = true;
        m_runningClock.start();
        if (!m_requestedEnd && !m_ownError) {
            Q_EMIT stateChanged(CaptureSession::State::Running);
            if (m_options.duration.count() > 0)
                m_durationTimer.start(m_options.duration);
        }
    }
    if (m_pendingEvents.size() >= CaptureSession::maxBatchEvents)
        flushBatch();
}

void CaptureWorker::flushBatch()
{
    const ParserCounters &counters = m_parser.counters();
    const bool countersMoved = counters.lines != m_flushedCounters.lines
        || counters.lostEvents != m_flushedCounters.lostEvents;
    if (m_pendingEvents.empty() && !countersMoved)
        return;

    auto batch = std::make_shared<EventBatch>();
    // No reserve for the next batch: a large allocation here would be an
    // mmap/munmap of our own in every capture, 20 times a second.
    batch->events.swap(m_pendingEvents);
    batch->lostEvents = counters.lostEvents - m_flushedCounters.lostEvents;
    batch->malformedLines = counters.malformed - m_flushedCounters.malformed;
    m_flushedCounters = counters;
    if (!batch->events.empty() || batch->lostEvents != 0 || batch->malformedLines != 0)
        Q_EMIT eventsReady(EventBatchPtr(std::move(batch)));
    Q_EMIT countersChanged(counters);
}

void CaptureWorker::readStandardError()
{
    if (!m_process)
        return;
    const QByteArray chunk = m_process->readAllStandardError();
    if (!chunk.isEmpty())
        takeStandardError(chunk);
}

void CaptureWorker::takeStandardError(const QByteArray &chunk)
{
    m_standardError.append(chunk);
    if (m_standardError.size() > keptErrorHead + keptErrorTail) {
        m_standardError
            = m_standardError.left(keptErrorHead) + "\n" + m_standardError.right(keptErrorTail);
    }

    m_partialErrorLine.append(chunk);
    qsizetype start = 0;
    for (qsizetype end = m_partialErrorLine.indexOf('\n'); end >= 0;
         end = m_partialErrorLine.indexOf('\n', start)) {
        const QByteArray line = m_partialErrorLine.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty() || line.contains("couldn't set RLIMIT_MEMLOCK"))
            continue;
        if (m_messagesSent < maxTracerMessages)
            Q_EMIT tracerMessage(QString::fromUtf8(line));
        else if (m_messagesSent == maxTracerMessages)
            Q_EMIT tracerMessage(tr("(further messages of the tracer are not shown)"));
        ++m_messagesSent;
    }
    m_partialErrorLine.remove(0, start);
    // A tracer that writes without newlines must not grow this without bound.
    if (m_partialErrorLine.size() > keptErrorTail)
        m_partialErrorLine = m_partialErrorLine.right(keptErrorTail);
}

void CaptureWorker::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_ended)
        return;
    readStandardOutput();
    readStandardError();
    if (!m_partialErrorLine.isEmpty())
        takeStandardError(QByteArrayLiteral("\n"));
    m_parser.finish(m_pendingEvents);
    flushBatch();
    if (m_running)
        m_runningMs = m_runningClock.elapsed();

    CaptureError::HelperExit exit;
    exit.elevation = m_options.elevation;
    exit.backend = m_backend;
    exit.helperPath = m_options.helperPath;
    exit.crashed = status == QProcess::CrashExit;
    exit.exitCode = exitCode;
    exit.standardError = m_standardError;
    const CaptureError classified = CaptureError::fromHelperExit(exit);

    if (m_ownError) {
        finishWith(m_ownError->endReason(m_running), *m_ownError);
    } else if (m_requestedEnd) {
        // Whatever the helper said after being asked to stop (a signal on a
        // late stop, a tracer complaining while detaching) is not a failure,
        // except that events may be missing at the end.
        finishWith(*m_requestedEnd,
            classified.kind() == CaptureError::Kind::TracerKilledOnStop ? classified
                                                                        : CaptureError());
    } else if (classified.isError()) {
        finishWith(classified.endReason(m_running), classified);
    } else {
        const CaptureError unasked = CaptureError::endedUnasked(m_backend, m_running);
        finishWith(unasked.endReason(m_running), unasked);
    }
}

void CaptureWorker::onProcessError(QProcess::ProcessError error)
{
    // Crashes arrive through finished(); a failed start never does.
    if (error != QProcess::FailedToStart || m_ended)
        return;
    fail(CaptureError::fromStartFailure(
        m_options.elevation, m_process->program(), error, m_process->errorString()));
}

void CaptureWorker::onStopTimeout()
{
    if (m_ended || !m_process)
        return;
    ++m_stopTimeouts;
    if (m_stopTimeouts == 1) {
        if (m_options.elevation == Elevation::Pkexec) {
            Q_EMIT stopTimedOut(
                tr("The capture helper has not stopped %1 seconds after the stop request; it "
                   "runs as root, so memtap cannot end it: it ends when its tracer does (see "
                   "\"ps -C memtap-probe\").")
                    .arg(CaptureSession::stopTimeoutMs / 1000));
        } else {
            Q_EMIT stopTimedOut(tr("The capture helper has not stopped %1 seconds after the stop "
                                   "request: memtap asks it to terminate.")
                                    .arg(CaptureSession::stopTimeoutMs / 1000));
            m_process->terminate();
        }
        m_stopTimer.start(CaptureSession::stopTimeoutMs);
    } else if (m_options.elevation == Elevation::None) {
        m_process->kill();
    }
}

void CaptureWorker::finishWith(CaptureEndReason reason, const CaptureError &error)
{
    if (m_ended)
        return;
    m_ended = true;
    m_authorizationPoll.stop();
    m_batchTimer.stop();
    m_durationTimer.stop();
    m_stopTimer.stop();
    Q_EMIT ended(reason, error, m_runningMs);
}

} // namespace memtap
