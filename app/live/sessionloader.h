// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "models/processdetail.h"
#include "storage/databaseurl.h"
#include "storage/storedsession.h"
#include "trace/tracemetadata.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace memtap {

class Accountant;
class Database;

// Reads one stored session on a connection of its own, in the thread that
// calls it (SessionReader runs it in a worker thread; tests call it
// directly): the session's facts, its processes' figures as stored, and, by
// replaying the session's baseline records and events in stream order
// through an Accountant, every process's live mappings at the session's end.
class SessionLoader : public QObject
{
    Q_OBJECT

public:
    // Events read from the database per query while replaying.
    static constexpr std::size_t replayPageEvents = 65536;

    // Called after each page: records applied so far and in all; false cancels.
    using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

    SessionLoader();
    ~SessionLoader() override;

    // Opens url and reads the session and its processes. False and
    // errorString() when the database or the session cannot be read.
    bool load(const DatabaseUrl &url, qint64 sessionId,
        const std::optional<QString> &password = std::nullopt);

    const StoredSession &session() const { return m_session; }
    // The stream facts as the capture recorded them.
    TraceMetadata metadata() const;
    // Every process of the session, in the order the Accountant met them.
    const ProcessUpdate &processes() const { return m_processes; }

    // Replays the session (once; later calls return at once). False when
    // cancelled or when reading failed.
    bool replay(const Progress &progress = {});
    bool isReplayed() const { return m_replayed; }
    // After replay(): the replayed figures (the same as processes() for a
    // session that ended normally).
    ProcessUpdate replayedProcesses() const;
    // The live mappings at the session's end (replaying first if needed) and
    // the stored timeline (the replayed one where none was stored).
    ProcessDetail detail(std::uint64_t processKey, const Progress &progress = {});

    QString errorString() const { return m_error; }

private:
    std::unique_ptr<Database> m_database;
    StoredSession m_session;
    ProcessUpdate m_processes;
    std::unique_ptr<Accountant> m_accountant;
    bool m_replayed = false;
    QString m_error;
};

} // namespace memtap
