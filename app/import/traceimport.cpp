// SPDX-License-Identifier: GPL-2.0-or-later
#include "traceimport.h"

#include "storage/database.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionrepository.h"
#include "trace/tracefile.h"

#include <QElapsedTimer>
#include <QSysInfo>

#include <algorithm>
#include <vector>

namespace memtap {

TraceImport::TraceImport()
    : m_trace(std::make_unique<TraceFile>())
{ }

TraceImport::~TraceImport() = default;

bool TraceImport::open(const QString &tracePath)
{
    m_tracePath = tracePath;
    if (!m_trace->open(tracePath)) {
        m_error = m_trace->errorString();
        return false;
    }
    m_totalBytes.store(std::uint64_t(std::max<qint64>(0, m_trace->size())));
    // Look at the start before a session is created: a file in another
    // format must not leave an empty session behind.
    m_firstChunk = m_trace->read().toByteArray();
    if (m_trace->hasError()) {
        m_error = m_trace->errorString();
        return false;
    }
    m_bytesRead.store(std::uint64_t(std::max<qint64>(0, m_trace->position())));
    std::vector<Event> ignored;
    m_probe.feed(m_firstChunk, ignored);
    if (m_firstChunk.isEmpty())
        m_probe.finish(ignored);
    if (m_probe.hasFatalError()) {
        m_error = m_trace->displayName() + QStringLiteral(": ") + m_probe.fatalError();
        return false;
    }
    if (m_firstChunk.isEmpty()) {
        m_error = tr("%1 is empty; give a trace recorded with memtapctl record.")
                      .arg(m_trace->displayName());
        return false;
    }
    return true;
}

QString TraceImport::displayName() const
{
    return m_trace->displayName();
}

const TraceMetadata &TraceImport::metadata() const
{
    return m_probe.metadata();
}

std::int64_t TraceImport::earlierImport(
    const DatabaseUrl &url, const std::optional<QString> &password) const
{
    const TraceMetadata &trace = metadata();
    if (trace.continuesSessionId <= 0)
        return 0;
    Database::OpenOptions options;
    options.password = password;
    QString error;
    const auto database = Database::open(url, options, &error);
    if (!database)
        return 0;
    const auto original = SessionRepository(*database).session(trace.continuesSessionId);
    // Another database's session with the same id is not the one meant.
    if (!original || original->createdAtNs != trace.continuesSessionCreatedAtNs)
        return 0;
    return original->continuedIn.value_or(0);
}

QString TraceImport::alreadyImportedMessage(std::int64_t earlierSessionId) const
{
    return tr("%1 holds the records that session %2 could not store, and session %3 holds them "
              "already: importing them again would store them twice.")
        .arg(displayName())
        .arg(metadata().continuesSessionId)
        .arg(earlierSessionId);
}

bool TraceImport::createSession(const DatabaseUrl &url, const std::optional<QString> &password)
{
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = m_tracePath == QLatin1String("-") ? displayName() : m_tracePath;
    // User names can only be looked up on the machine that recorded the trace.
    start.resolveUserNames
        = !metadata().host.isEmpty() && metadata().host == QSysInfo::machineHostName().toUtf8();
    EventStore::Options options;
    options.password = password;
    auto store = std::make_unique<EventStore>();
    if (!store->open(url, start, options)) {
        m_error = store->errorString();
        return false;
    }
    m_pipeline = std::make_unique<IngestPipeline>(store.get());
    const std::lock_guard lock(m_storeMutex);
    m_store = std::move(store);
    // An abort() that came while the session was being created.
    if (m_abortRequested.load())
        m_store->abort();
    return true;
}

std::int64_t TraceImport::sessionId() const
{
    const std::lock_guard lock(m_storeMutex);
    return m_store ? m_store->sessionId() : 0;
}

TraceImport::Outcome TraceImport::run()
{
    QElapsedTimer clock;
    clock.start();
    Outcome outcome = Outcome::Imported;
    bool ok = m_pipeline->feed(m_firstChunk);
    while (ok && !m_cancelled.load()) {
        const QByteArrayView chunk = m_trace->read();
        m_bytesRead.store(std::uint64_t(std::max<qint64>(0, m_trace->position())));
        if (chunk.isEmpty())
            break;
        ok = m_pipeline->feed(chunk);
        m_events.store(m_pipeline->progress().events);
    }
    SessionEnd end;
    if (!ok) {
        outcome = Outcome::PipelineFailed;
        m_failure = m_pipeline->errorString();
        end.reason = QStringLiteral("import-failed");
    } else if (m_cancelled.load()) {
        outcome = Outcome::Cancelled;
        end.reason = QStringLiteral("import-cancelled");
    } else if (m_trace->hasError()) {
        outcome = Outcome::ReadFailed;
        m_failure = m_trace->errorString();
        end.reason = QStringLiteral("import-failed");
    } else {
        end.reason = QStringLiteral("end-of-trace");
    }
    if (!m_pipeline->finish(end) && outcome == Outcome::Imported) {
        outcome = Outcome::WriteFailed;
        m_failure = m_pipeline->errorString();
    }
    m_events.store(m_pipeline->progress().events);
    m_seconds = double(clock.nsecsElapsed()) / 1e9;
    if (outcome != Outcome::Imported)
        return outcome;
    // Nothing lost: what the parser accepted is what the database holds.
    const ParserCounters &counters = m_pipeline->parser().counters();
    const EventStore::Status status = m_store->status();
    if (status.writtenEvents != counters.events()
        || status.writtenBaselineRecords != counters.records - counters.events()) {
        m_failure = tr("the database holds %1 events and %2 baseline records, but the trace had "
                       "%3 and %4; the import is incomplete.")
                        .arg(status.writtenEvents)
                        .arg(status.writtenBaselineRecords)
                        .arg(counters.events())
                        .arg(counters.records - counters.events());
        return Outcome::Incomplete;
    }
    return Outcome::Imported;
}

void TraceImport::cancel()
{
    m_cancelled.store(true);
}

void TraceImport::abort()
{
    m_cancelled.store(true);
    m_abortRequested.store(true);
    const std::lock_guard lock(m_storeMutex);
    if (m_store)
        m_store->abort();
}

TraceImport::Progress TraceImport::progress() const
{
    return Progress {m_bytesRead.load(), m_totalBytes.load(), m_events.load()};
}

EventStore::Status TraceImport::storeStatus() const
{
    const std::lock_guard lock(m_storeMutex);
    return m_store ? m_store->status() : EventStore::Status();
}

const EventParser &TraceImport::parser() const
{
    return m_pipeline ? m_pipeline->parser() : m_probe;
}

QStringList TraceImport::problemReport() const
{
    QStringList report;
    const EventParser &reader = parser();
    for (const EventParser::Problem &problem : reader.problems())
        report << QStringLiteral("%1:%2: %3")
                      .arg(displayName())
                      .arg(problem.lineNumber)
                      .arg(problem.reason);
    const std::uint64_t kept = reader.problems().size();
    if (reader.counters().malformed > kept)
        report << tr("... and %1 more malformed lines.").arg(reader.counters().malformed - kept);
    return report;
}

std::uint64_t TraceImport::processes() const
{
    return m_pipeline ? m_pipeline->progress().processes : 0;
}

} // namespace memtap
