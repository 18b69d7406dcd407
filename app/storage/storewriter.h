// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/blockcounter.h"
#include "storage/eventstore.h"
#include "storage/recordspool.h"
#include "storage/rowinserter.h"
#include "storage/usernames.h"
#include "trace/byteshash.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlQuery>
#include <QThread>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace memtap {

class Database;
class RowInserter;

// EventStore's writer thread and its queue (see EventStore for the contract).
// Everything below "writer thread only" runs in that thread with its own
// connection; the queue and the status are shared under m_mutex.
class StoreWriter
{
    Q_DECLARE_TR_FUNCTIONS(StoreWriter)

public:
    StoreWriter(EventStore *owner, const DatabaseUrl &url, const SessionStart &start,
        const EventStore::Options &options);
    ~StoreWriter();

    // Starts the thread, which opens the database and creates the session.
    bool start(QString *error);
    std::int64_t sessionId() const { return m_sessionId; }

    struct WorkItem
    {
        // Spooled: spooledBatches batches of the stream, in the spool file,
        // that come at this place of the queue.
        enum class Kind { Batch, Processes, Timelines, Metadata, End, Spooled };
        Kind kind = Kind::Batch;
        EventBatchPtr batch;
        ProcessUpdate processes;
        std::vector<ProcessTimeline> timelines;
        TraceMetadata metadata;
        SessionEnd end;
        std::uint64_t spooledBatches = 0;
        std::uint64_t spooledRecords = 0;
        std::uint64_t sequence = 0;
        std::chrono::steady_clock::time_point enqueued;
        std::size_t records() const { return batch ? batch->events.size() : 0; }
    };

    bool enqueue(WorkItem item);
    bool flush(QDeadlineTimer deadline);
    bool finish(const SessionEnd &end, QDeadlineTimer deadline);
    void abort();
    void giveUpAtFinish();
    EventStore::Status status() const;

private:
    // What the numbering looks like after the committed transactions; copied
    // before each transaction and restored when it fails.
    // A snapshot record waiting for the map lines it announced.
    struct PendingSnapshot
    {
        Event snapshot;
        std::int64_t afterEventId = 0;
        std::uint64_t announced = 0;
        std::vector<Event> maps;
    };

    struct Numbering
    {
        std::int64_t lastEventId = 0;
        std::int64_t lastBaselineId = 0; // rows of baseline_records
        std::uint64_t baselineRecords = 0; // records (lines) those rows hold
        std::optional<PendingSnapshot> pendingSnapshot;
        BlockCounter blocks;
        std::uint64_t lostEvents = 0;
        std::uint64_t malformedLines = 0;
        std::optional<std::int64_t> firstTimestampNs;
        std::optional<std::int64_t> lastTimestampNs;
    };

    void threadMain();
    void stopThread();
    // Producer side, m_mutex held by lock: appends a Batch item to the spool.
    // False when the spool file refused it (then the caller waits for memory).
    bool spool(WorkItem &item, std::unique_lock<std::mutex> &lock);
    // Writer side, m_mutex held by lock: turns the first spooled batches at
    // the front of the queue back into Batch items; false when the spool
    // could not be read.
    bool unspool(std::unique_lock<std::mutex> &lock, QString *error);
    // The spool's next batch; null and *error set when there is none.
    EventBatchPtr takeSpooledBatch(QString *error);
    void countAccepted(const WorkItem &item);
    // With m_mutex held, from finish() or stopThread(): write everything,
    // then stop, or give up at once after giveUpAtFinish().
    void beginStopping();

    // Writer thread only.
    bool openDatabase(QString *error);
    bool prepareStatements(QString *error);
    bool createSession(QString *error);
    enum class Outcome { Committed, Failed, Unknown };
    Outcome writeTransaction(const std::vector<WorkItem *> &items, QString *error);
    bool collectRows(const std::vector<WorkItem *> &items, QString *error);
    bool writeMetadata(const TraceMetadata &metadata, QString *error);
    // An import of another session's unstored records: links this session to
    // that one and ends it, if it is in this database and has no end yet.
    bool linkContinuedSession(const TraceMetadata &metadata, QString *error);
    bool writeEnd(const SessionEnd &end, QString *error);
    bool writeCounters(QString *error);
    bool nameId(QByteArrayView name, std::int64_t *id, QString *error);
    bool addBaselineRecord(const Event &record, QString *error);
    bool flushSnapshot(QString *error);
    bool exec(QSqlQuery &query, QString *error);
    // After a failure: reconnects if the connection broke, and settles a commit
    // whose outcome was unknown. Returns true when the transaction turned out
    // to be committed; *connectionWorked tells whether the failure came over
    // a working connection (so retrying the same statements may not help).
    bool recover(
        Outcome outcome, const Numbering &attempted, QString *error, bool *connectionWorked);
    QString describeFailure(const QString &reason) const;
    // After the writer gave up: writes what is still queued (spooled batches
    // included) to an UnstoredRecordsFile and returns the sentences that say
    // what was not stored and where it is; *savedPath is the file when it
    // holds any of them.
    QString saveUnstored(std::uint64_t records, QString *savedPath);
    // The session's metadata, naming the session and its end reason, for
    // the unstored-records file (the producer is refused by then).
    TraceMetadata unstoredFileMetadata() const;
    // Sets the session's heartbeat outside a transaction, for an idle writer.
    void beat();

    EventStore *m_owner;
    const DatabaseUrl m_url;
    const SessionStart m_start;
    const EventStore::Options m_options;
    std::unique_ptr<QThread> m_thread;
    std::int64_t m_sessionId = 0;
    std::int64_t m_sessionCreatedAtNs = 0;

    // Writer thread only.
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RowInserter> m_inserter;
    QSqlQuery m_updateCounters;
    QSqlQuery m_heartbeat;
    std::chrono::steady_clock::time_point m_lastHeartbeat;
    QSqlQuery m_findName;
    QSqlQuery m_insertName;
    Numbering m_numbering;
    QHash<BytesKey, std::int64_t> m_nameIds; // a lookup for nearly every record
    std::vector<QByteArray> m_namesAddedInTransaction;
    QByteArray m_lastName;
    std::int64_t m_lastNameId = -1;
    UserNames m_userNames;
    std::vector<EventRow> m_eventRows;
    std::vector<BaselineRow> m_baselineRows;
    std::deque<PendingSnapshot> m_completedSnapshots; // what m_baselineRows point into
    BlockCounts m_blockRows;
    std::vector<ProcessRow> m_processRows;
    std::vector<TimelineRow> m_timelineRows;
    bool m_endWritten = false;

    // Shared.
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeWriter;
    std::condition_variable m_progress;
    std::deque<WorkItem> m_queue;
    std::uint64_t m_nextSequence = 1;
    std::uint64_t m_committedSequence = 0;
    std::size_t m_queuedRecords = 0; // in memory
    std::uint64_t m_spooledRecords = 0;
    std::unique_ptr<RecordSpool> m_spool; // with Overflow::Spool
    TraceMetadata m_metadata; // the newest handed over, for saveUnstored()
    QDateTime m_failingSince;
    int m_flushRequests = 0;
    bool m_opened = false;
    bool m_openFinished = false;
    QString m_openError;
    bool m_stopping = false; // finish() was called: write everything, then stop
    bool m_abandon = false; // give up on what is left (finish() deadline passed)
    bool m_giveUpAtFinish = false; // set m_abandon once finish() is called
    bool m_threadDone = false;
    bool m_failing = false;
    std::chrono::steady_clock::time_point m_retryAt;
    std::chrono::milliseconds m_backoff {0};
    // Failures in a row over a working connection: an outage breaks the
    // connection, so these are errors that retrying will not cure.
    int m_failuresWithConnection = 0;
    static constexpr int maxFailuresWithConnection = 5;
    EventStore::Status m_status;
    QString m_lastFailure; // the reason of the last failed transaction
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> m_rateSamples;
};

} // namespace memtap
