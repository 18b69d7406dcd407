// SPDX-License-Identifier: GPL-2.0-or-later
#include "sessionrepository.h"

#include "storage/baselinecodec.h"
#include "storage/database.h"
#include "storage/mysqlstatement.h"
#include "storage/sqlitestatement.h"
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
      "(SELECT COUNT(*) FROM processes p WHERE p.session_id = s.id), s.continues_session, "
      "(SELECT MIN(c.id) FROM sessions c WHERE c.continues_session = s.id), s.heartbeat_at_ns";

const char processColumns[]
    = "process_key, pid, ppid, uid, user_name, name, cmdline, first_seen_ns, last_seen_ns, "
      "exit_ns, exit_status, mmap_calls, munmap_calls, mremap_calls, brk_calls, failed_calls, "
      "requested_bytes, released_bytes, live_bytes, live_anonymous_bytes, live_file_bytes, "
      "live_private_bytes, live_shared_bytes, live_exact";

// The same from either native statement.
template<typename Statement> StoredProcess readProcess(const Statement &q)
{
    StoredProcess result;
    ProcessFigures &p = result.figures;
    p.processKey = q.uint64(0);
    p.pid = int(q.int64(1));
    p.ppid = int(q.int64(2));
    p.uid = q.int64(3);
    result.userName = q.text(4);
    p.name = q.bytes(5);
    p.cmdline = q.bytes(6);
    p.firstSeenNs = q.int64(7);
    p.lastSeenNs = q.int64(8);
    p.exitNs = q.isNull(9) ? -1 : q.int64(9);
    p.exitStatus = q.int64(10);
    p.mmapCalls = q.uint64(11);
    p.munmapCalls = q.uint64(12);
    p.mremapCalls = q.uint64(13);
    p.brkCalls = q.uint64(14);
    p.failedCalls = q.uint64(15);
    p.requestedBytes = q.uint64(16);
    p.releasedBytes = q.uint64(17);
    p.liveBytes = q.uint64(18);
    p.liveAnonymousBytes = q.uint64(19);
    p.liveFileBytes = q.uint64(20);
    p.livePrivateBytes = q.uint64(21);
    p.liveSharedBytes = q.uint64(22);
    p.liveExact = q.int64(23) != 0;
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
        s.continuesSession = toOptionalInt64(q.value(22));
        s.continuedIn = toOptionalInt64(q.value(23));
        s.heartbeatAtNs = toOptionalInt64(q.value(24));
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
    // In key order, which is the order the Accountant met the processes.
    QString sql = QStringLiteral("SELECT %1 FROM processes WHERE session_id = ?")
                      .arg(QLatin1String(processColumns));
    if (filter.pid)
        sql += QStringLiteral(" AND pid = ?");
    sql += QStringLiteral(" ORDER BY process_key");
    // Keys are 1, 2, 3, ... per session: the highest, a lookup in the primary
    // key, is the count, and the rows (a few hundred bytes each, tens of
    // thousands) are not moved again while the vector grows.
    if (!filter.pid)
        result.reserve(
            std::size_t(std::clamp<std::int64_t>(highestProcessKey(sessionId), 0, 1 << 22)));
    if (m_database.isSqlite()) {
        // A session can have a hundred thousand processes; QVariants for
        // their 24 columns would cost more than reading them.
        SqliteStatement q(m_database.sqliteHandle(), sql.toUtf8().constData());
        q.bind(1, sessionId);
        if (filter.pid)
            q.bind(2, *filter.pid);
        while (q.next()) {
            StoredProcess process = readProcess(q);
            if (filter.matchesName(process.figures.name))
                result.push_back(std::move(process));
        }
        if (q.hasError()) {
            m_error = tr("Could not read %1 from %2: %3.")
                          .arg(tr("the processes"), m_database.url().toString(), q.errorString());
            return {};
        }
    } else {
        MysqlStatement q(m_database.mysqlHandle(), sql.toUtf8());
        q.addInt64(sessionId);
        if (filter.pid)
            q.addInt64(*filter.pid);
        if (q.execute()) {
            while (q.next()) {
                StoredProcess process = readProcess(q);
                if (filter.matchesName(process.figures.name))
                    result.push_back(std::move(process));
            }
        }
        if (q.hasError()) {
            m_error = tr("Could not read %1 from %2: %3.")
                          .arg(tr("the processes"), m_database.url().toString(), q.errorString());
            return {};
        }
    }
    return result;
}

std::int64_t SessionRepository::highestProcessKey(std::int64_t sessionId)
{
    const char sql[] = "SELECT MAX(process_key) FROM processes WHERE session_id = ?";
    if (m_database.isSqlite()) {
        SqliteStatement q(m_database.sqliteHandle(), sql);
        q.bind(1, sessionId);
        return q.next() ? q.int64(0) : 0;
    }
    MysqlStatement q(m_database.mysqlHandle(), sql);
    q.addInt64(sessionId);
    return q.execute() && q.next() && !q.isNull(0) ? q.int64(0) : 0;
}

std::optional<StoredProcess> SessionRepository::process(
    std::int64_t sessionId, std::uint64_t processKey)
{
    m_error.clear();
    const QByteArray sql
        = QStringLiteral("SELECT %1 FROM processes WHERE session_id = ? AND process_key = ?")
              .arg(QLatin1String(processColumns))
              .toUtf8();
    auto readOne = [&](auto &q) -> std::optional<StoredProcess> {
        if (q.next())
            return readProcess(q);
        if (q.hasError())
            m_error = tr("Could not read %1 from %2: %3.")
                          .arg(tr("a process"), m_database.url().toString(), q.errorString());
        return std::nullopt;
    };
    if (m_database.isSqlite()) {
        SqliteStatement q(m_database.sqliteHandle(), sql.constData());
        q.bind(1, sessionId);
        q.bind(2, std::int64_t(processKey));
        return readOne(q);
    }
    MysqlStatement q(m_database.mysqlHandle(), sql);
    q.addInt64(sessionId);
    q.addInt64(std::int64_t(processKey));
    q.execute();
    return readOne(q);
}

namespace {

// Keeps the wanted largest slices of all (every process of the session, in
// any order) as share.top, largest first, and sums the rest into "Other".
void keepLargest(
    std::vector<SessionRepository::Slice> &all, std::size_t wanted, SessionRepository::Share &share)
{
    const auto larger = [](const SessionRepository::Slice &a, const SessionRepository::Slice &b) {
        if (a.requestedBytes != b.requestedBytes)
            return a.requestedBytes > b.requestedBytes;
        return a.processKey < b.processKey;
    };
    const std::size_t keep = std::min(wanted, all.size());
    std::partial_sort(all.begin(), all.begin() + qsizetype(keep), all.end(), larger);
    share.top.assign(all.begin(), all.begin() + qsizetype(keep));
    share.otherProcesses = all.size() - keep;
    for (std::size_t i = keep; i < all.size(); ++i)
        share.otherBytes += all[i].requestedBytes;
}

} // namespace

std::optional<SessionRepository::Share> SessionRepository::requestShare(
    std::int64_t sessionId, int topCount)
{
    using namespace SqlValue;
    m_error.clear();
    const std::size_t wanted = std::size_t(std::max(topCount, 0));
    Share share;
    if (m_database.isSqlite()) {
        // SQLite cannot sort or sum the unsigned 64-bit figures it stores as
        // bit patterns; reading three integers per process is cheap.
        SqliteStatement q(m_database.sqliteHandle(),
            "SELECT process_key, pid, requested_bytes FROM processes WHERE session_id = ?");
        q.bind(1, sessionId);
        std::vector<Slice> all;
        while (q.next()) {
            all.push_back(Slice {q.uint64(0), std::int32_t(q.int64(1)), {}, q.uint64(2)});
            share.totalBytes += all.back().requestedBytes;
        }
        if (q.hasError()) {
            m_error
                = tr("Could not read %1 from %2: %3.")
                      .arg(tr("the memory share"), m_database.url().toString(), q.errorString());
            return std::nullopt;
        }
        keepLargest(all, wanted, share);
        SqliteStatement names(m_database.sqliteHandle(),
            "SELECT name FROM processes WHERE session_id = ? AND process_key = ?");
        for (Slice &slice : share.top) {
            names.bind(1, sessionId);
            names.bind(2, std::int64_t(slice.processKey));
            if (names.next())
                slice.name = names.bytes(0);
            names.reset();
        }
        return share;
    }

    // The same for MySQL/MariaDB: ORDER BY ... LIMIT sorts every process of
    // the session on the server (a hundred milliseconds for 60,000) and the
    // total needs a second scan; one scan of three integers and a partial
    // sort here cost a fraction of that.
    std::vector<Slice> all;
    {
        MysqlStatement q(m_database.mysqlHandle(),
            "SELECT process_key, pid, requested_bytes FROM processes WHERE session_id = ?");
        q.addInt64(sessionId);
        if (q.execute()) {
            while (q.next()) {
                all.push_back(Slice {q.uint64(0), std::int32_t(q.int64(1)), {}, q.uint64(2)});
                share.totalBytes += all.back().requestedBytes;
            }
        }
        if (q.hasError()) {
            m_error
                = tr("Could not read %1 from %2: %3.")
                      .arg(tr("the memory share"), m_database.url().toString(), q.errorString());
            return std::nullopt;
        }
    }
    keepLargest(all, wanted, share);
    for (Slice &slice : share.top) {
        MysqlStatement names(m_database.mysqlHandle(),
            "SELECT name FROM processes WHERE session_id = ? AND process_key = ?");
        names.addInt64(sessionId);
        names.addInt64(std::int64_t(slice.processKey));
        if (names.execute() && names.next())
            slice.name = names.bytes(0);
        if (names.hasError()) {
            m_error = tr("Could not read %1 from %2: %3.")
                          .arg(tr("the memory share"), m_database.url().toString(),
                              names.errorString());
            return std::nullopt;
        }
    }
    return share;
}

std::vector<SessionRepository::BaselineRecord> SessionRepository::baselineRecords(
    std::int64_t sessionId, std::optional<std::int32_t> pid)
{
    m_error.clear();
    std::vector<BaselineRecord> records;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT b.after_event_id, b.ts_ns, b.pid, b.tid, b.ppid, b.uid, b.call_type, b.address, "
        "b.length, b.prot, b.flags, b.fd, b.offset_value, b.result, n.name, b.text, b.maps "
        "FROM baseline_records b JOIN names n ON n.id = b.name_id WHERE b.session_id = ?%1 "
        "ORDER BY b.id")
                  .arg(pid ? QStringLiteral(" AND b.pid = ?") : QString()));
    q.addBindValue(qint64(sessionId));
    if (pid)
        q.addBindValue(*pid);
    if (!q.exec()) {
        fail(tr("the baseline records"), q);
        return records;
    }
    while (q.next()) {
        BaselineRecord stored;
        stored.afterEventId = q.value(0).toLongLong();
        Event &e = stored.record;
        SqlValue::readEventColumns(q, 1, e);
        e.name.assign(q.value(14).toByteArray());
        if (!q.value(15).isNull()) {
            e.text = q.value(15).toByteArray();
            if (e.text.isNull())
                e.text = QByteArray("");
        }
        const QByteArray packed = q.value(16).toByteArray();
        const std::int64_t afterEventId = stored.afterEventId;
        const Event snapshot = e;
        records.push_back(std::move(stored));
        if (packed.isEmpty())
            continue;
        auto maps = BaselineCodec::decode(snapshot, packed);
        if (!maps) {
            m_error = tr("The stored baseline of process %1 in session %2 is damaged.")
                          .arg(snapshot.pid)
                          .arg(sessionId);
            return {};
        }
        for (Event &map : *maps)
            records.push_back(BaselineRecord {afterEventId, std::move(map)});
    }
    return records;
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
