// SPDX-License-Identifier: GPL-2.0-or-later
#include "traceimportjob.h"

#include <QDeadlineTimer>
#include <QThread>

namespace memtap {

namespace {

constexpr int pollIntervalMs = 100;

} // namespace

TraceImportJob::TraceImportJob(QObject *parent)
    : QObject(parent)
{
    m_ticker.setInterval(pollIntervalMs);
    connect(&m_ticker, &QTimer::timeout, this, &TraceImportJob::poll);
}

TraceImportJob::~TraceImportJob()
{
    if (!m_thread)
        return;
    // What was read is stored; a database that fails is not waited for.
    m_import->cancel();
    while (!m_thread->wait(QDeadlineTimer(pollIntervalMs))) {
        if (m_import->storeStatus().failing)
            m_import->abort();
    }
    delete m_thread;
}

bool TraceImportJob::start(const Request &request)
{
    if (isRunning())
        return false;
    m_result = Result();
    m_pending = Result();
    m_reportedProblem.clear();
    m_import = std::make_shared<TraceImport>();
    // The worker fills m_pending only; the job reads it once the thread ended.
    m_thread = QThread::create([import = m_import, request, result = &m_pending] {
        if (!import->open(request.tracePath)) {
            result->displayName = import->displayName();
            result->error = import->errorString();
            return;
        }
        result->displayName = import->displayName();
        result->continuedSessionId = import->metadata().continuesSessionId;
        if (!request.again) {
            result->earlierSessionId = import->earlierImport(request.url, request.password);
            if (result->earlierSessionId != 0) {
                result->error = import->alreadyImportedMessage(result->earlierSessionId);
                return;
            }
        }
        // Cancelled this early, the import leaves no session behind.
        if (import->isCancelled()) {
            result->outcome = TraceImport::Outcome::Cancelled;
            return;
        }
        if (!import->createSession(request.url, request.password)) {
            result->error = import->errorString();
            return;
        }
        result->sessionId = import->sessionId();
        result->outcome = import->run();
        result->error = import->failure();
        const EventStore::Status status = import->storeStatus();
        const ParserCounters &counters = import->parser().counters();
        result->events = status.writtenEvents;
        result->baselineRecords = status.writtenBaselineRecords;
        result->processes = import->processes();
        result->malformedLines = counters.malformed;
        result->droppedEvents = counters.lostEvents;
        result->seconds = import->seconds();
        for (const EventParser::Problem &problem : import->parser().problems())
            result->problems << QStringLiteral("%1:%2: %3")
                                    .arg(import->displayName())
                                    .arg(problem.lineNumber)
                                    .arg(problem.reason);
    });
    m_thread->setObjectName(QStringLiteral("memtap-import"));
    connect(m_thread, &QThread::finished, this, &TraceImportJob::onThreadFinished);
    m_thread->start();
    m_ticker.start();
    return true;
}

void TraceImportJob::cancel()
{
    if (!m_thread)
        return;
    if (m_import->storeStatus().failing)
        m_import->abort();
    else
        m_import->cancel();
}

void TraceImportJob::poll()
{
    if (!m_import)
        return;
    const TraceImport::Progress progress = m_import->progress();
    Q_EMIT progressChanged(progress.bytesRead, progress.totalBytes, progress.events);
    const EventStore::Status status = m_import->storeStatus();
    // A cancelled import does not wait for a database that fails.
    if (status.failing && m_import->isCancelled())
        m_import->abort();
    const QString problem = status.failing ? status.lastError : QString();
    if (problem != m_reportedProblem) {
        m_reportedProblem = problem;
        Q_EMIT databaseProblemChanged(problem);
    }
}

void TraceImportJob::onThreadFinished()
{
    m_ticker.stop();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_result = m_pending;
    if (m_result.outcome == TraceImport::Outcome::Cancelled && m_import->storeStatus().failing)
        m_result.error = m_import->storeStatus().lastError;
    m_import.reset();
    if (!m_reportedProblem.isEmpty()) {
        m_reportedProblem.clear();
        Q_EMIT databaseProblemChanged(QString());
    }
    Q_EMIT finished();
}

} // namespace memtap
