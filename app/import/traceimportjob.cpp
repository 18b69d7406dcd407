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
    while (!m_thread->wait(QDeadlineTimer(pollIntervalMs)))
        abortIfCancelledAndFailing(m_import->storeStatus().failing);
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
            result->error = import->errorString();
            return;
        }
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
        result->events = status.writtenEvents;
        result->baselineRecords = status.writtenBaselineRecords;
        result->processes = import->processes();
        result->malformedLines = import->parser().counters().malformed;
        result->problems = import->problemReport();
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
    m_import->cancel();
    abortIfCancelledAndFailing(m_import->storeStatus().failing);
}

void TraceImportJob::abortIfCancelledAndFailing(bool failing)
{
    if (failing && m_import->isCancelled())
        m_import->abort();
}

void TraceImportJob::poll()
{
    if (!m_import)
        return;
    const TraceImport::Progress progress = m_import->progress();
    Q_EMIT progressChanged(progress.bytesRead, progress.totalBytes, progress.events);
    const EventStore::Status status = m_import->storeStatus();
    abortIfCancelledAndFailing(status.failing);
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
    m_import.reset();
    if (!m_reportedProblem.isEmpty()) {
        m_reportedProblem.clear();
        Q_EMIT databaseProblemChanged(QString());
    }
    Q_EMIT finished();
}

} // namespace memtap
