// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "storage/requestfilter.h"
#include "storage/storedprocess.h"
#include "storage/storedsession.h"
#include "trace/event.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

class QSqlQuery;

namespace memtap {

class Database;

// The GUI's and memtapctl's questions about sessions and processes, answered
// on the caller's connection (so from the thread that opened it). Every
// query reads the processes and sessions tables through their primary keys;
// none scans the events. On failure a method returns an empty result and
// errorString() says why.
class SessionRepository
{
    Q_DECLARE_TR_FUNCTIONS(SessionRepository)

public:
    explicit SessionRepository(Database &database);

    // All sessions, oldest first.
    std::vector<StoredSession> sessions();
    std::optional<StoredSession> session(std::int64_t sessionId);
    std::optional<std::int64_t> newestSessionId();

    // The processes of a session (pid and name of filter apply; its call must
    // be unset), in the order the Accountant met them (process key).
    std::vector<StoredProcess> processes(
        std::int64_t sessionId, const RequestFilter &filter = RequestFilter());
    std::optional<StoredProcess> process(std::int64_t sessionId, std::uint64_t processKey);

    // The memory-share pie: the topCount processes that requested the most
    // bytes, and the rest summed up as "Other".
    struct Slice
    {
        std::uint64_t processKey = 0;
        std::int32_t pid = 0;
        QByteArray name;
        std::uint64_t requestedBytes = 0;
    };
    struct Share
    {
        std::vector<Slice> top; // largest first
        std::uint64_t otherBytes = 0;
        std::uint64_t otherProcesses = 0;
        std::uint64_t totalBytes = 0;
    };
    std::optional<Share> requestShare(std::int64_t sessionId, int topCount = 10);

    // The helper's baseline records (snapshot, map, cmdline), in stream
    // order, each with the id of the last event before it (0: before all),
    // so that a session can be replayed exactly; optionally of one pid only.
    struct BaselineRecord
    {
        std::int64_t afterEventId = 0;
        Event record;
    };
    std::vector<BaselineRecord> baselineRecords(
        std::int64_t sessionId, std::optional<std::int32_t> pid = std::nullopt);

    // The stored live-bytes timeline of one process, oldest first.
    std::vector<LiveSample> timeline(std::int64_t sessionId, std::uint64_t processKey);

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }

private:
    bool fail(const QString &what, const QSqlQuery &query);
    // 0 when the session has no processes (or on failure: only a size hint).
    std::int64_t highestProcessKey(std::int64_t sessionId);
    std::vector<StoredSession> readSessions(const QString &where, std::int64_t id);

    Database &m_database;
    QString m_error;
};

} // namespace memtap
