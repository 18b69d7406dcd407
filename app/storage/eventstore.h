// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "storage/databaseurl.h"
#include "storage/processtimeline.h"
#include "storage/sessionend.h"
#include "storage/sessionstart.h"
#include "trace/eventbatch.h"
#include "trace/tracemetadata.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace memtap {

class StoreWriter;

// Writes one session's records into the database, in a thread of its own
// with a connection of its own.
//
// The producer (the capture or import pipeline, one thread) hands over
// EventBatchPtrs in stream order and ProcessUpdates from the Accountant; the
// writer numbers the events 1, 2, 3, ... in that order (baseline records
// separately) and commits what has queued up whenever flushRecords records
// are waiting or the oldest has waited flushInterval (200 ms), one
// transaction each: events, baseline records, the block counts,
// process rows and the session's counters together, so a reader never sees
// one without the others.
//
// Nothing is lost silently. What has not been committed stays queued: when a
// transaction fails the writer rolls back, restores its numbering, says why
// (writeFailed, status()), reconnects if the connection broke and retries the
// same records with the same ids; a commit whose outcome was unknown is
// settled against the session's stored event count, so nothing is written
// twice.
//
// While maxQueuedRecords wait in memory, Options::overflow decides: Block
// makes append() wait, which pushes back on the producer (an import can
// wait); Spool appends further batches to a file (RecordSpool, under
// spoolDirectory) and returns at once, so a live capture never stalls the
// tracer through a database outage. The writer takes the spooled batches
// back in stream order when the database works again, and the file is gone
// once they are written. statusText() is the sentence for a status bar.
class EventStore : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int blockSize = 4096;
        std::chrono::milliseconds flushInterval {200};
        // How often an idle writer tells the database it is still there
        // (sessions.heartbeat_at_ns; StoredSession::state() reads it).
        std::chrono::milliseconds heartbeatInterval {30000};
        std::size_t flushRecords = 65536;
        std::size_t maxRecordsPerTransaction = 262144;
        std::size_t maxQueuedRecords = 524288;
        // MariaDB's bulk protocol where the server has it (tests switch it off
        // to cover the multi-row INSERT path that MySQL servers get).
        bool allowBulk = true;
        // For MySQL/MariaDB; unset: DatabasePassword::find().
        std::optional<QString> password;
        enum class Overflow { Block, Spool };
        // What append() does while maxQueuedRecords wait in memory.
        Overflow overflow = Overflow::Block;
        // Where Spool keeps them; empty: RecordSpool::defaultDirectory()
        // ($XDG_CACHE_HOME/memtap/spool).
        QString spoolDirectory;
        // Where the records go that could not be stored when writing stops
        // (a v1 trace for `memtapctl import`); empty:
        // UnstoredRecordsFile::defaultDirectory() ($XDG_DATA_HOME/memtap/unstored).
        QString unstoredDirectory;
    };

    struct Status
    {
        std::uint64_t acceptedEvents = 0; // handed over by the producer
        std::uint64_t acceptedBaselineRecords = 0;
        std::uint64_t writtenEvents = 0; // committed
        std::uint64_t writtenBaselineRecords = 0;
        std::uint64_t queuedRecords = 0; // accepted, not committed yet (in memory and spooled)
        std::uint64_t spooledRecords = 0; // of queuedRecords, those kept in the spool file
        std::uint64_t spoolBytes = 0;
        QString spoolPath; // the spool file while it holds records
        // Batches the spool file could not take (disk full): append() waited
        // for room in memory instead, and spoolError says why.
        std::uint64_t spoolFailures = 0;
        QString spoolError;
        std::uint64_t transactions = 0;
        std::uint64_t failedTransactions = 0;
        double eventsPerSecond = 0; // committed, over the last seconds
        double writerCpuSeconds = 0; // CPU time the writer thread used so far
        bool failing = false; // the last transaction failed; retrying
        QDateTime failingSince; // the first failure of the current run; invalid while not failing
        QString lastError; // the last failure, one sentence
        // After writing stopped with records not stored: the trace file that
        // holds them (lastError says whether all of them), else empty.
        QString unstoredPath;
    };

    explicit EventStore(QObject *parent = nullptr);
    // Writes what is queued and ends the session with reason "aborted" if
    // finish() was not called.
    ~EventStore() override;

    // Opens url in the writer thread (migrating the schema) and creates the
    // session. Blocks until that is done; false and errorString() otherwise.
    bool open(const DatabaseUrl &url, const SessionStart &start);
    bool open(const DatabaseUrl &url, const SessionStart &start, const Options &options);
    bool isOpen() const;
    // Stays valid after finish().
    std::int64_t sessionId() const;
    QString errorString() const;

    // The producer's side. Call from one thread, in stream order.
    void setMetadata(const TraceMetadata &metadata);
    // Blocks while the queue is full. False when the store is not open or has ended.
    bool append(EventBatchPtr batch);
    void updateProcesses(ProcessUpdate update);
    void replaceTimelines(std::vector<ProcessTimeline> timelines);

    // Blocks until everything handed over so far is committed; false at the
    // deadline (or when the store is not open).
    bool flush(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Records the end, writes everything and stops the writer thread. False
    // when not everything could be written by the deadline; status() says
    // why and how much is missing.
    bool finish(
        const SessionEnd &end, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

    // Gives up on what is not written yet, from any thread: a blocked
    // append() returns false and finish() returns at once. For a user who
    // cancels while the database is unreachable.
    void abort();
    // From any thread: gives up on what the database has not taken once
    // finish() is called, or at once if it was, so that nothing handed over
    // is refused; the rest goes to the unstored-records file
    // (Options::unstoredDirectory) and status() says where. For a user who
    // stops waiting for an unreachable server after the capture.
    void giveUpAtFinish();

    Status status() const;
    // One sentence for a status bar while the database is behind or away
    // ("Database unavailable since 12:03:04: 1,234 records kept in memory and
    // 1,234,567 on disk; they will be written when it is back."); empty while
    // everything is written as it comes.
    static QString statusText(const Status &status);

Q_SIGNALS:
    // After each commit (at most every flushInterval while capturing).
    void written(quint64 writtenEvents);
    // A transaction failed; the records stay queued and are retried.
    void writeFailed(const QString &message);
    // The first commit after failures.
    void writeRecovered();

private:
    friend class StoreWriter;
    // Lives until the destructor, so that status() from another thread never
    // races with finish().
    std::unique_ptr<StoreWriter> m_writer;
    std::atomic<bool> m_finished {false};
    std::int64_t m_sessionId = 0;
    QString m_error;
};

} // namespace memtap
