// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"
#include "storage/eventstore.h"
#include "trace/eventparser.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace memtap {

class IngestPipeline;
class TraceFile;

// One recorded trace (format v1, plain or gzip, or standard input) replayed
// into a new session through the same EventParser -> Accountant -> EventStore
// pipeline as a live capture: the core of `memtapctl import` and of the
// desktop application's File > Import Trace.
//
// open() reads the trace's start, so that a file in another format or an
// empty one is refused before any session exists; createSession() and run()
// then store it. These three block and belong to one thread (a worker's);
// progress(), storeStatus(), cancel() and abort() may be called from any
// thread meanwhile.
class TraceImport
{
    Q_DECLARE_TR_FUNCTIONS(TraceImport)

public:
    enum class Outcome {
        Imported,
        Cancelled, // cancel(): the session keeps what was read before
        ReadFailed, // the file could not be read to its end
        PipelineFailed, // the records could not be handed to the store
        WriteFailed, // the database did not take every record
        Incomplete, // stored, but fewer records than the parser accepted
    };

    struct Progress
    {
        std::uint64_t bytesRead = 0; // of the file as stored (compressed or not)
        std::uint64_t totalBytes = 0; // 0 when unknown (standard input)
        std::uint64_t events = 0; // handed to the store
    };

    TraceImport();
    ~TraceImport();
    TraceImport(const TraceImport &) = delete;
    TraceImport &operator=(const TraceImport &) = delete;

    // Opens the trace ("-" is standard input) and reads its start; false,
    // with errorString(), when it cannot be read, is not a memtap trace or is
    // empty.
    bool open(const QString &tracePath);
    QString displayName() const;
    const TraceMetadata &metadata() const;

    // For a file of the records a capture could not store: the session of
    // url's database that holds them already (an earlier import of this
    // file), else 0. A database that cannot be read here is left to
    // createSession() to report.
    std::int64_t earlierImport(
        const DatabaseUrl &url, const std::optional<QString> &password = {}) const;

    // Why a trace whose records session earlierSessionId holds is not
    // imported again, one sentence.
    QString alreadyImportedMessage(std::int64_t earlierSessionId) const;

    // A new session for the trace; false with errorString().
    bool createSession(const DatabaseUrl &url, const std::optional<QString> &password = {});
    std::int64_t sessionId() const;

    // Replays the trace to its end, or until cancel(), and ends the session.
    Outcome run();
    // Stops reading; what was read is stored and the session ends
    // "import-cancelled".
    void cancel();
    // Also gives up on what the database has not taken yet (a database that
    // makes the import wait).
    void abort();
    bool isCancelled() const { return m_cancelled.load(); }

    Progress progress() const;
    // The store's state (retries while the database fails); default values
    // before createSession().
    EventStore::Status storeStatus() const;

    // After run(): why it was not Outcome::Imported, one sentence (empty for
    // Cancelled).
    QString failure() const { return m_failure; }
    QString errorString() const { return m_error; }
    const EventParser &parser() const;
    // The malformed lines the parser kept, "name:line: reason", and a last
    // line counting those it did not keep; empty when there were none.
    QStringList problemReport() const;
    // Processes the accountant saw.
    std::uint64_t processes() const;
    double seconds() const { return m_seconds; }

private:
    std::unique_ptr<TraceFile> m_trace;
    QByteArray m_firstChunk;
    EventParser m_probe; // the parser that read the first chunk
    QString m_tracePath;
    QString m_error;
    QString m_failure;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<IngestPipeline> m_pipeline;
    // Guards m_store's creation against storeStatus() and abort().
    mutable std::mutex m_storeMutex;
    std::atomic<bool> m_cancelled {false};
    std::atomic<bool> m_abortRequested {false};
    std::atomic<std::uint64_t> m_bytesRead {0};
    std::atomic<std::uint64_t> m_totalBytes {0};
    std::atomic<std::uint64_t> m_events {0};
    double m_seconds = 0;
};

} // namespace memtap
