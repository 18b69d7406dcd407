// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionrepository.h"

#include "storage/database.h"
#include "storage/sqlvalue.h"
#include "storage/timelinecodec.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace memtap {

namespace {

const char sessionColumns[]
    = "s.id, s.source, s.source_name, s.created_at_ns, s.host, s.kernel_release, s.backend, "
      "s.format_version, s.mem_total_bytes, s.page_size, s.realtime_offset_ns, "
      "s.baseline_start_ns, s.first_ts_ns, s.last_ts_ns, s.ended_at_ns, s.end_reason, "
      "s.event_count, s.baseline_record_count, s.lost_events, s.malformed_lines, s.block_size, "
      "(SELECT COUNT(*) FROM processes p WHERE p.session_id = s.id)";

const char processColumns[]
    = "process_key, pid, ppid, uid, user_name, name, cmdline, first_seen_ns, last_seen_ns, "
      "exit_ns, exit_status, mmap_calls, munmap_calls, mremap_calls, brk_calls, failed_calls, "
      "requested_bytes, released_bytes, live_bytes, live_anonymous_bytes, live_file_bytes, "
      "live_private_bytes, live_shared_bytes, live_exact";

StoredProcess readProcess(const QSqlQuery &q)
{
    using namespace SqlValue;
    StoredProcess result;
    ProcessFigures &p = result.figures;
    p.processKey = toUnsigned(q.value(0));
    p.pid = q.value(1).toInt();
    p.ppid = q.value(2).toInt();
    p.uid = q.value(3).toLongLong();
    result.userName = q.value(4).isNull() ? QString() : q.value(4).toString();
    p.name = q.value(5).toByteArray();
    p.cmdline = q.value(6).toByteArray();
    p.firstSeenNs = q.value(7).toLongLong();
    p.lastSeenNs = q.value(8).toLongLong();
    p.exitNs = q.value(9).isNull() ? -1 : q.value(9).toLongLong();
    p.exitStatus = q.value(10).toLongLong();
    p.mmapCalls = toUnsigned(q.value(11));
    p.munmapCalls = toUnsigned(q.value(12));
    p.mremapCalls = toUnsigned(q.value(13));
    p.brkCalls = toUnsigned(q.value(14));
    p.failedCalls = toUnsigned(q.value(15));
    p.requestedBytes = toUnsigned(q.value(16));
    p.releasedBytes = toUnsigned(q.value(17));
    p.liveBytes = toUnsigned(q.value(18));
    p.liveAnonymousBytes = toUnsigned(q.value(19));
    p.liveFileBytes = toUnsigned(q.value(20));
    p.livePrivateBytes = toUnsigned(q.value(21));
    p.liveSharedBytes = toUnsigned(q.value(22));
    p.liveExact = q.value(23).toInt() != 0;
    return result;
}

} // namespace

SessionRepository::SessionRepository(Database &database)
    : m_database(database)
{ }

bool SessionRepository::fail(const QString &what, const QSqlQuery &query)
{
    m_error = tr("Could not read %1 from %2: %3.")
                  .arg(what, m_database.url().toString(), m_database.describe(query.lastError()));
    return false;
}

std::vector<StoredSession> SessionRepository::readSessions(const QString &where, std::int64_t id)
{
    using namespace SqlValue;
    m_error.clear();
    std::vector<StoredSession> result;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM sessions s %2 ORDER BY s.id")
                  .arg(QLatin1String(sessionColumns), where));
    if (!where.isEmpty())
        q.addBindValue(qint64(id));
    if (!q.exec()) {
        fail(tr("the sessions"), q);
        return result;
    }
    while (q.next()) {
        StoredSession s;
        s.id = q.value(0).toLongLong();
        s.source = q.value(1).toString();
        s.sourceName = q.value(2).toString();
        s.createdAtNs = q.value(3).toLongLong();
        s.host = q.value(4).toByteArray();
        s.kernelRelease = q.value(5).toString();
        s.backend = q.value(6).toString();
        s.formatVersion = q.value(7).toInt();
        s.memTotalBytes = toOptionalInt64(q.value(8));
        s.pageSize = toOptionalInt64(q.value(9));
        s.realtimeOffsetNs = toOptionalInt64(q.value(10));
        s.baselineStartNs = toOptionalInt64(q.value(11));
        s.firstTimestampNs = toOptionalInt64(q.value(12));
        s.lastTimestampNs = toOptionalInt64(q.value(13));
        s.endedAtNs = toOptionalInt64(q.value(14));
        s.endReason = q.value(15).toString();
        s.eventCount = toUnsigned(q.value(16));
        s.baselineRecordCount = toUnsigned(q.value(17));
        s.lostEvents = toUnsigned(q.value(18));
        s.malformedLines = toUnsigned(q.value(19));
        s.blockSize = q.value(20).toInt();
        s.processCount = toUnsigned(q.value(21));
        result.push_back(std::move(s));
    }
    return result;
}

std::vector<StoredSession> SessionRepository::sessions()
{
    return readSessions(QString(), 0);
}

std::optional<StoredSession> SessionRepository::session(std::int64_t sessionId)
{
    auto found = readSessions(QStringLiteral("WHERE s.id = ?"), sessionId);
    if (found.empty()) {
        if (m_error.isEmpty())
            m_error = tr("There is no session %1 in %2.")
                          .arg(sessionId)
                          .arg(m_database.url().toString());
        return std::nullopt;
    }
    return std::move(found.front());
}

std::optional<std::int64_t> SessionRepository::newestSessionId()
{
    m_error.clear();
    QSqlQuery q(m_database.connection());
    if (!q.exec(QStringLiteral("SELECT MAX(id) FROM sessions"))) {
        fail(tr("the sessions"), q);
        return std::nullopt;
    }
    if (!q.next() || q.value(0).isNull()) {
        m_error = tr("There are no sessions in %1 yet; record or import one first.")
                      .arg(m_database.url().toString());
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

std::vector<StoredProcess> SessionRepository::processes(
    std::int64_t sessionId, const RequestFilter &filter)
{
    m_error.clear();
    std::vector<StoredProcess> result;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT %1 FROM processes WHERE session_id = ?")
                      .arg(QLatin1String(processColumns));
    if (filter.pid)
        sql += QStringLiteral(" AND pid = ?");
    q.prepare(sql);
    q.addBindValue(qint64(sessionId));
    if (filter.pid)
        q.addBindValue(*filter.pid);
    if (!q.exec()) {
        fail(tr("the processes"), q);
        return result;
    }
    while (q.next()) {
        StoredProcess process = readProcess(q);
        if (filter.matchesName(process.figures.name))
            result.push_back(std::move(process));
    }
    std::stable_sort(
        result.begin(), result.end(), [](const StoredProcess &a, const StoredProcess &b) {
            if (a.figures.firstSeenNs != b.figures.firstSeenNs)
                return a.figures.firstSeenNs < b.figures.firstSeenNs;
            return a.figures.processKey < b.figures.processKey;
        });
    return result;
}

std::optional<StoredProcess> SessionRepository::process(
    std::int64_t sessionId, std::uint64_t processKey)
{
    m_error.clear();
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM processes WHERE session_id = ? AND process_key = ?")
                  .arg(QLatin1String(processColumns)));
    q.addBindValue(qint64(sessionId));
    q.addBindValue(SqlValue::fromUnsigned(processKey, m_database.isSqlite()));
    if (!q.exec()) {
        fail(tr("a process"), q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readProcess(q);
}

std::optional<SessionRepository::Share> SessionRepository::requestShare(
    std::int64_t sessionId, int topCount)
{
    using namespace SqlValue;
    m_error.clear();
    // A session has thousands of processes, not millions: reading their three
    // figures and picking the top in memory is cheaper than a sorted index
    // the writer would have to maintain.
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT process_key, pid, name, requested_bytes FROM processes WHERE session_id = ?"));
    q.addBindValue(qint64(sessionId));
    if (!q.exec()) {
        fail(tr("the memory share"), q);
        return std::nullopt;
    }
    std::vector<Slice> all;
    Share share;
    while (q.next()) {
        Slice slice {toUnsigned(q.value(0)), q.value(1).toInt(), q.value(2).toByteArray(),
            toUnsigned(q.value(3))};
        share.totalBytes += slice.requestedBytes;
        all.push_back(std::move(slice));
    }
    const auto larger = [](const Slice &a, const Slice &b) {
        if (a.requestedBytes != b.requestedBytes)
            return a.requestedBytes > b.requestedBytes;
        return a.processKey < b.processKey;
    };
    const std::size_t keep = std::min<std::size_t>(std::max(topCount, 0), all.size());
    std::partial_sort(all.begin(), all.begin() + keep, all.end(), larger);
    share.top.assign(all.begin(), all.begin() + keep);
    for (std::size_t i = keep; i < all.size(); ++i) {
        share.otherBytes += all[i].requestedBytes;
        ++share.otherProcesses;
    }
    return share;
}

std::vector<LiveSample> SessionRepository::timeline(
    std::int64_t sessionId, std::uint64_t processKey)
{
    m_error.clear();
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral(
        "SELECT samples FROM live_timelines WHERE session_id = ? AND process_key = ?"));
    q.addBindValue(qint64(sessionId));
    q.addBindValue(SqlValue::fromUnsigned(processKey, m_database.isSqlite()));
    if (!q.exec()) {
        fail(tr("a timeline"), q);
        return {};
    }
    if (!q.next())
        return {};
    auto samples = TimelineCodec::decode(q.value(0).toByteArray());
    if (!samples) {
        m_error = tr("The stored timeline of process %1 in session %2 is damaged.")
                      .arg(processKey)
                      .arg(sessionId);
        return {};
    }
    return std::move(*samples);
}

} // namespace memtap
