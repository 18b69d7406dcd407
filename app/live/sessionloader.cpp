// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionloader.h"

#include "accounting/accountant.h"
#include "storage/database.h"
#include "storage/requestlogquery.h"
#include "storage/sessionrepository.h"

#include <algorithm>

namespace memtap {

SessionLoader::SessionLoader() = default;

SessionLoader::~SessionLoader() = default;

bool SessionLoader::load(
    const DatabaseUrl &url, qint64 sessionId, const std::optional<QString> &password)
{
    m_database.reset();
    m_accountant.reset();
    m_replayed = false;
    m_processes.clear();
    m_session = StoredSession();
    m_error.clear();

    Database::OpenOptions options;
    options.password = password;
    // Reading an old session must not change the schema under a running capture.
    QString error;
    m_database = Database::open(url, options, &error);
    if (!m_database) {
        m_error = error;
        return false;
    }
    SessionRepository repository(*m_database);
    const std::optional<StoredSession> session = repository.session(sessionId);
    if (!session) {
        m_error = repository.hasError()
            ? repository.errorString()
            : tr("Session %1 does not exist in %2; choose another one in File > Open Session.")
                  .arg(sessionId)
                  .arg(url.toString());
        return false;
    }
    m_session = *session;
    const std::vector<StoredProcess> processes = repository.processes(sessionId);
    if (repository.hasError()) {
        m_error = repository.errorString();
        return false;
    }
    m_processes.reserve(processes.size());
    for (const StoredProcess &process : processes)
        m_processes.push_back(process.figures);
    return true;
}

TraceMetadata SessionLoader::metadata() const
{
    TraceMetadata metadata;
    metadata.formatVersion = m_session.formatVersion;
    metadata.backend = m_session.backend.toLatin1();
    metadata.host = m_session.host;
    metadata.kernelRelease = m_session.kernelRelease.toLatin1();
    metadata.memTotalBytes = m_session.memTotalBytes.value_or(-1);
    metadata.pageSize = m_session.pageSize.value_or(4096);
    metadata.realtimeOffsetNs = m_session.realtimeOffsetNs.value_or(0);
    metadata.baselineStartNs = m_session.startTimestampNs().value_or(-1);
    return metadata;
}

bool SessionLoader::replay(const Progress &progress)
{
    if (m_replayed)
        return true;
    if (!m_database) {
        m_error = tr("No session is loaded.");
        return false;
    }
    const std::int64_t sessionId = m_session.id;
    SessionRepository repository(*m_database);
    const std::vector<SessionRepository::BaselineRecord> baseline
        = repository.baselineRecords(sessionId);
    if (repository.hasError()) {
        m_error = repository.errorString();
        return false;
    }
    RequestLogQuery events(*m_database, sessionId);
    if (!events.refresh()) {
        m_error = events.errorString();
        return false;
    }
    const std::uint64_t eventCount = events.rowCount();
    const std::uint64_t total = eventCount + baseline.size();

    auto accountant = std::make_unique<Accountant>(m_session.pageSize.value_or(4096));
    std::size_t nextBaseline = 0;
    std::uint64_t done = 0;
    std::vector<Event> records;
    // Baseline records come before the event after which the helper wrote them.
    auto takeBaselineUpTo = [&](std::int64_t lastEventId) {
        while (nextBaseline < baseline.size() && baseline[nextBaseline].afterEventId <= lastEventId)
            records.push_back(baseline[nextBaseline++].record);
    };
    for (std::uint64_t row = 0; row < eventCount; row += replayPageEvents) {
        const std::vector<StoredEvent> page = events.rows(row, replayPageEvents);
        if (page.empty()) {
            m_error = events.hasError()
                ? events.errorString()
                : tr("The session's events end early, at %1 of %2.").arg(row).arg(eventCount);
            return false;
        }
        records.clear();
        records.reserve(page.size());
        for (const StoredEvent &stored : page) {
            takeBaselineUpTo(stored.id - 1);
            records.push_back(stored.event);
        }
        accountant->add(records);
        done += records.size();
        if (progress && !progress(done, total)) {
            m_error = tr("Cancelled.");
            return false;
        }
    }
    records.clear();
    takeBaselineUpTo(std::numeric_limits<std::int64_t>::max());
    accountant->add(records);
    accountant->flush();
    done += records.size();
    if (progress)
        progress(done, total);
    m_accountant = std::move(accountant);
    m_replayed = true;
    return true;
}

ProcessUpdate SessionLoader::replayedProcesses() const
{
    return m_accountant ? m_accountant->allProcesses() : ProcessUpdate();
}

ProcessDetail SessionLoader::detail(std::uint64_t processKey, const Progress &progress)
{
    ProcessDetail detail;
    detail.processKey = processKey;
    if (!replay(progress))
        return detail;
    detail.mappings = m_accountant->liveMappings(processKey);
    detail.knownUntilNs = m_accountant->knownUntilNs();
    SessionRepository repository(*m_database);
    detail.timeline = repository.timeline(m_session.id, processKey);
    if (detail.timeline.empty())
        detail.timeline = m_accountant->liveTimeline(processKey);
    return detail;
}

} // namespace memtap
