// SPDX-License-Identifier: GPL-2.0-or-later
#include "storewriter.h"

#include "storage/baselinecodec.h"
#include "storage/database.h"
#include "storage/rowinserter.h"
#include "storage/sqlvalue.h"
#include "storage/timelinecodec.h"
#include "storage/unstoredrecordsfile.h"
#include "storage/wallclock.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QVariant>

#include <algorithm>

#include <time.h>

namespace memtap {

namespace {

using Clock = std::chrono::steady_clock;

double threadCpuSeconds()
{
    timespec now {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

QVariant nullableInt64(std::optional<std::int64_t> value)
{
    return value ? QVariant::fromValue<qint64>(*value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableBytes(const QByteArray &bytes)
{
    return bytes.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(bytes);
}

QVariant nullableText(const QString &text)
{
    return text.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// A session's end_reason is NULL only while it is open.
QString storedEndReason(const QString &reason)
{
    return reason.isEmpty() ? QStringLiteral("unknown") : reason;
}

} // namespace

StoreWriter::StoreWriter(EventStore *owner, const DatabaseUrl &url, const SessionStart &start,
    const EventStore::Options &options)
    : m_owner(owner)
    , m_url(url)
    , m_start(start)
    , m_options(options)
{
    m_numbering.blocks = BlockCounter(options.blockSize);
}

StoreWriter::~StoreWriter()
{
    stopThread();
}

bool StoreWriter::start(QString *error)
{
    m_thread.reset(QThread::create([this] { threadMain(); }));
    m_thread->setObjectName(QStringLiteral("memtap-store"));
    m_thread->start();
    std::unique_lock lock(m_mutex);
    m_progress.wait(lock, [this] { return m_openFinished; });
    if (!m_opened) {
        *error = m_openError;
        lock.unlock();
        m_thread->wait();
        return false;
    }
    if (m_options.overflow == EventStore::Options::Overflow::Spool)
        m_spool = std::make_unique<RecordSpool>(m_options.spoolDirectory.isEmpty()
                ? RecordSpool::defaultDirectory()
                : m_options.spoolDirectory,
            QStringLiteral("session-%1").arg(m_sessionId));
    return true;
}

void StoreWriter::stopThread()
{
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        beginStopping();
    }
    m_wakeWriter.notify_all();
    m_thread->wait();
    m_thread.reset();
}

void StoreWriter::beginStopping()
{
    m_stopping = true;
    if (m_giveUpAtFinish)
        m_abandon = true;
}

void StoreWriter::giveUpAtFinish()
{
    {
        std::lock_guard lock(m_mutex);
        m_giveUpAtFinish = true;
        // finish() was called: the producer handed over everything.
        if (m_stopping)
            m_abandon = true;
    }
    m_wakeWriter.notify_all();
    m_progress.notify_all();
}

void StoreWriter::abort()
{
    {
        std::lock_guard lock(m_mutex);
        m_abandon = true;
        m_stopping = true;
    }
    m_wakeWriter.notify_all();
    m_progress.notify_all();
}

void StoreWriter::countAccepted(const WorkItem &item)
{
    if (!item.batch)
        return;
    for (const Event &event : item.batch->events) {
        if (isBaselineRecord(event.call))
            ++m_status.acceptedBaselineRecords;
        else
            ++m_status.acceptedEvents;
    }
}

bool StoreWriter::spool(WorkItem &item, std::unique_lock<std::mutex> &lock)
{
    // Only the producer appends, so nothing can overtake this batch while
    // the file is written without the lock.
    lock.unlock();
    QString error;
    const bool spooled = m_spool->append(*item.batch, &error);
    lock.lock();
    if (!spooled) {
        ++m_status.spoolFailures;
        m_status.spoolError = tr("%1 memtap holds the records back until the database takes "
                                 "them; a capture may drop events meanwhile.")
                                  .arg(error);
        return false;
    }
    const std::size_t records = item.records();
    countAccepted(item);
    m_spooledRecords += records;
    // The writer never takes a Spooled item into a transaction, so the last
    // one can grow while it writes.
    if (!m_queue.empty() && m_queue.back().kind == WorkItem::Kind::Spooled) {
        WorkItem &last = m_queue.back();
        ++last.spooledBatches;
        last.spooledRecords += records;
        last.sequence = m_nextSequence++;
    } else {
        WorkItem spooled;
        spooled.kind = WorkItem::Kind::Spooled;
        spooled.spooledBatches = 1;
        spooled.spooledRecords = records;
        spooled.sequence = m_nextSequence++;
        spooled.enqueued = Clock::now();
        m_queue.push_back(std::move(spooled));
    }
    m_status.queuedRecords = m_queuedRecords + m_spooledRecords;
    lock.unlock();
    m_wakeWriter.notify_all();
    return true;
}

bool StoreWriter::enqueue(WorkItem item)
{
    std::unique_lock lock(m_mutex);
    if (m_threadDone || m_stopping || m_abandon)
        return false;
    const std::size_t records = item.records();
    const auto full = [&] {
        return m_queuedRecords > 0 && m_queuedRecords + records > m_options.maxQueuedRecords;
    };
    if (m_spool && item.batch && full()) {
        if (spool(item, lock))
            return true;
        if (m_threadDone || m_abandon)
            return false;
    }
    // Back-pressure: a producer faster than the database waits here instead of
    // filling memory. A single large batch is let through an empty queue.
    m_progress.wait(lock, [&] { return m_threadDone || m_abandon || !full(); });
    if (m_threadDone || m_abandon)
        return false;
    item.sequence = m_nextSequence++;
    item.enqueued = Clock::now();
    countAccepted(item);
    if (item.kind == WorkItem::Kind::Metadata)
        m_metadata = item.metadata;
    m_queuedRecords += records;
    m_status.queuedRecords = m_queuedRecords + m_spooledRecords;
    const bool wake = m_queuedRecords >= m_options.flushRecords || m_queue.empty();
    m_queue.push_back(std::move(item));
    lock.unlock();
    if (wake)
        m_wakeWriter.notify_all();
    return true;
}

bool StoreWriter::flush(QDeadlineTimer deadline)
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_nextSequence - 1;
    ++m_flushRequests;
    m_wakeWriter.notify_all();
    auto done = [&] { return m_committedSequence >= target || m_threadDone; };
    bool ok;
    if (deadline.isForever()) {
        m_progress.wait(lock, done);
        ok = true;
    } else {
        ok = m_progress.wait_for(lock, std::chrono::milliseconds(deadline.remainingTime()), done);
    }
    --m_flushRequests;
    return ok && m_committedSequence >= target;
}

bool StoreWriter::finish(const SessionEnd &end, QDeadlineTimer deadline)
{
    WorkItem item;
    item.kind = WorkItem::Kind::End;
    item.end = end;
    enqueue(std::move(item));
    std::unique_lock lock(m_mutex);
    beginStopping();
    m_wakeWriter.notify_all();
    auto done = [&] { return m_threadDone; };
    if (deadline.isForever()) {
        m_progress.wait(lock, done);
    } else if (!m_progress.wait_for(
                   lock, std::chrono::milliseconds(deadline.remainingTime()), done)) {
        m_abandon = true;
        m_wakeWriter.notify_all();
        m_progress.wait(lock, done);
    }
    const bool complete = m_queue.empty();
    lock.unlock();
    m_thread->wait();
    m_thread.reset();
    return complete;
}

EventStore::Status StoreWriter::status() const
{
    std::lock_guard lock(m_mutex);
    EventStore::Status status = m_status;
    status.queuedRecords = m_queuedRecords + m_spooledRecords;
    status.spooledRecords = m_spooledRecords;
    if (m_spool && m_spooledRecords > 0) {
        status.spoolBytes = m_spool->pendingBytes();
        status.spoolPath = m_spool->filePath();
    }
    status.failing = m_failing;
    status.failingSince = m_failing ? m_failingSince : QDateTime();
    if (m_rateSamples.size() >= 2) {
        const auto &first = m_rateSamples.front();
        const auto &last = m_rateSamples.back();
        const double seconds = std::chrono::duration<double>(last.first - first.first).count();
        if (seconds > 0)
            status.eventsPerSecond = double(last.second - first.second) / seconds;
    }
    return status;
}

void StoreWriter::threadMain()
{
    {
        QString error;
        const bool opened = openDatabase(&error) && createSession(&error);
        std::lock_guard lock(m_mutex);
        m_opened = opened;
        m_openError = error;
        m_openFinished = true;
        if (!opened)
            m_threadDone = true;
        m_progress.notify_all();
        if (!opened) {
            m_inserter.reset();
            m_database.reset();
            return;
        }
    }

    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_abandon)
            break;
        const auto now = Clock::now();
        if (m_failing && now < m_retryAt) {
            m_wakeWriter.wait_until(lock, m_retryAt);
            continue;
        }
        if (m_queue.empty()) {
            if (m_stopping)
                break;
            const auto beatAt = m_lastHeartbeat + m_options.heartbeatInterval;
            if (now < beatAt) {
                m_wakeWriter.wait_until(lock, beatAt);
                continue;
            }
            lock.unlock();
            beat();
            lock.lock();
            continue;
        }
        if (m_queue.front().kind == WorkItem::Kind::Spooled) {
            QString error;
            if (!unspool(lock, &error)) {
                m_abandon = true;
                m_status.lastError = tr("Could not take back the records kept on disk: %1 "
                                        "memtap stopped writing.")
                                         .arg(error);
                break;
            }
            continue;
        }
        const auto dueAt = m_queue.front().enqueued + m_options.flushInterval;
        const bool due = m_stopping || m_flushRequests > 0 || m_failing
            || m_queuedRecords >= m_options.flushRecords || now >= dueAt;
        if (!due) {
            m_wakeWriter.wait_until(lock, dueAt);
            continue;
        }

        // std::deque keeps references valid while the producer appends.
        std::vector<WorkItem *> items;
        std::size_t records = 0;
        for (WorkItem &item : m_queue) {
            if (item.kind == WorkItem::Kind::Spooled)
                break;
            if (!items.empty() && records + item.records() > m_options.maxRecordsPerTransaction)
                break;
            items.push_back(&item);
            records += item.records();
        }
        lock.unlock();

        QString error;
        bool connectionWorked = false;
        const Numbering before = m_numbering;
        Outcome outcome = writeTransaction(items, &error);
        if (outcome != Outcome::Committed) {
            const Numbering attempted = m_numbering;
            m_numbering = before;
            for (const QByteArray &name : m_namesAddedInTransaction)
                m_nameIds.remove(BytesKey {name});
            m_lastNameId = -1;
            QString recoverError;
            if (recover(outcome, attempted, &recoverError, &connectionWorked)) {
                m_numbering = attempted;
                outcome = Outcome::Committed;
            } else if (!recoverError.isEmpty()) {
                error = recoverError;
            }
        }
        m_namesAddedInTransaction.clear();

        bool recovered = false;
        std::uint64_t written = 0;
        const double cpuSeconds = threadCpuSeconds();
        lock.lock();
        m_status.writerCpuSeconds = cpuSeconds;
        if (outcome == Outcome::Committed) {
            std::uint64_t events = 0;
            std::uint64_t baseline = 0;
            for (WorkItem *item : items) {
                if (item->batch) {
                    for (const Event &event : item->batch->events)
                        ++(isBaselineRecord(event.call) ? baseline : events);
                }
            }
            m_committedSequence = items.back()->sequence;
            for (std::size_t i = 0; i < items.size(); ++i)
                m_queue.pop_front();
            m_queuedRecords -= records;
            m_status.writtenEvents += events;
            m_status.writtenBaselineRecords += baseline;
            ++m_status.transactions;
            recovered = m_failing;
            m_failing = false;
            m_failuresWithConnection = 0;
            m_backoff = std::chrono::milliseconds(0);
            written = m_status.writtenEvents;
            m_rateSamples.emplace_back(Clock::now(), written);
            while (m_rateSamples.size() > 2
                && m_rateSamples.back().first - m_rateSamples.front().first
                    > std::chrono::seconds(3))
                m_rateSamples.pop_front();
        } else {
            ++m_status.failedTransactions;
            if (!m_failing)
                m_failingSince = QDateTime::currentDateTime();
            m_failing = true;
            m_backoff = std::clamp(
                m_backoff * 2, std::chrono::milliseconds(250), std::chrono::milliseconds(5000));
            m_retryAt = Clock::now() + m_backoff;
            m_failuresWithConnection = connectionWorked ? m_failuresWithConnection + 1 : 0;
            if (m_failuresWithConnection >= maxFailuresWithConnection) {
                m_abandon = true;
                m_status.lastError = tr("Could not write to the database %1: %2. The database "
                                        "refused the same records %3 times over a working "
                                        "connection, so memtap stopped writing.")
                                         .arg(m_url.toString(), error)
                                         .arg(maxFailuresWithConnection);
            } else {
                m_status.lastError = describeFailure(error);
                m_lastFailure = error;
            }
        }
        const QString failure = m_status.lastError;
        m_progress.notify_all();
        lock.unlock();
        if (outcome == Outcome::Committed) {
            if (recovered)
                Q_EMIT m_owner->writeRecovered();
            Q_EMIT m_owner->written(written);
        } else {
            Q_EMIT m_owner->writeFailed(failure);
        }
        lock.lock();
    }
    if (!m_queue.empty()) {
        std::uint64_t records = 0;
        for (const WorkItem &item : m_queue)
            records += item.records() + item.spooledRecords;
        // The producer is refused from here on (m_stopping or m_abandon is
        // set), so the queue stays as it is while the lock is free for
        // status().
        lock.unlock();
        QString savedPath;
        const QString lost = saveUnstored(records, &savedPath);
        lock.lock();
        m_status.unstoredPath = savedPath;
        // "They will be written when it works again" no longer holds.
        if (m_failing && !m_lastFailure.isEmpty()
            && m_failuresWithConnection < maxFailuresWithConnection)
            m_status.lastError
                = tr("Could not write to the database %1: %2").arg(m_url.toString(), m_lastFailure);
        if (!m_status.lastError.isEmpty() && !m_status.lastError.endsWith(u'.'))
            m_status.lastError += u'.';
        m_status.lastError = m_status.lastError.isEmpty() ? lost : m_status.lastError + u' ' + lost;
    }
    m_threadDone = true;
    m_progress.notify_all();
    lock.unlock();

    m_updateCounters = QSqlQuery();
    m_heartbeat = QSqlQuery();
    m_findName = QSqlQuery();
    m_insertName = QSqlQuery();
    m_inserter.reset();
    m_database.reset();
}

TraceMetadata StoreWriter::unstoredFileMetadata() const
{
    TraceMetadata metadata = m_metadata;
    // As the session has it (writeMetadata()).
    if (metadata.realtimeOffsetNs == 0 && m_start.realtimeOffsetNs)
        metadata.realtimeOffsetNs = *m_start.realtimeOffsetNs;
    // So that importing the file into this database ties its session to
    // this one (linkContinuedSession()).
    if (m_sessionId > 0) {
        metadata.continuesSessionId = m_sessionId;
        metadata.continuesSessionCreatedAtNs = m_sessionCreatedAtNs;
        metadata.continuesSessionEndedAtNs = wallClockNowNs();
        metadata.continuesSessionEndReason.clear();
        for (const WorkItem &item : m_queue) {
            if (item.kind == WorkItem::Kind::End)
                metadata.continuesSessionEndReason = item.end.reason.toUtf8();
        }
    }
    return metadata;
}

QString StoreWriter::saveUnstored(std::uint64_t records, QString *savedPath)
{
    QString lost = tr("Writing stopped before %n record(s) were stored.", nullptr,
        int(std::min<std::uint64_t>(records, std::numeric_limits<int>::max())));
    // An import's records are still in the trace it reads.
    if (m_start.source == SessionStart::Source::Import && !m_spool)
        return lost;
    UnstoredRecordsFile file(m_options.unstoredDirectory.isEmpty()
            ? UnstoredRecordsFile::defaultDirectory()
            : m_options.unstoredDirectory,
        QStringLiteral("session-%1-unstored").arg(m_sessionId));
    QString error;
    bool ok = file.open(unstoredFileMetadata(), &error);
    // A baseline whose rows wait for map lines that are still queued: the
    // file needs its first lines too, or the rest would be orphans there.
    if (ok && m_numbering.pendingSnapshot) {
        const PendingSnapshot &pending = *m_numbering.pendingSnapshot;
        ok = file.append(std::span<const Event>(&pending.snapshot, 1), &error)
            && file.append(std::span<const Event>(pending.maps), &error);
    }
    std::uint64_t saved = 0;
    std::uint64_t takenFromSpool = 0;
    for (const WorkItem &item : m_queue) {
        if (!ok)
            break;
        if (item.kind == WorkItem::Kind::Batch && item.batch) {
            ok = file.append(*item.batch, &error);
            if (ok)
                saved += item.records();
            continue;
        }
        for (std::uint64_t i = 0; ok && i < item.spooledBatches; ++i) {
            const EventBatchPtr batch = takeSpooledBatch(&error);
            if (!batch) {
                ok = false;
                break;
            }
            takenFromSpool += batch->events.size();
            ok = file.append(*batch, &error);
            if (ok)
                saved += batch->events.size();
        }
    }
    // What was written stays useful when a later part could not be read; a
    // file without a record goes.
    QString commitError;
    const bool committed = saved > 0 && file.commit(&commitError);
    if (ok && !committed)
        error = commitError;
    if (committed) {
        *savedPath = file.filePath();
        const QString command
            = QStringLiteral("memtapctl import %1 --db %2").arg(file.filePath(), m_url.toString());
        if (saved == records)
            lost += u' '
                + tr("They are saved in %1: \"%2\" stores them as a session of their own.")
                      .arg(file.filePath(), command);
        else
            lost += u' '
                + tr("%1 of them are saved in %2 (\"%3\" stores them as a session of their "
                     "own); the others could not be saved: %4")
                      .arg(QLocale().toString(qulonglong(saved)), file.filePath(), command, error);
    } else {
        lost += u' ' + tr("They could not be saved to a file either: %1").arg(error);
    }
    const std::uint64_t leftInSpool = m_spooledRecords - takenFromSpool;
    if (m_spool && leftInSpool > 0 && saved < records) {
        // What is on disk stays there, so that nobody has to take the
        // message's word for what was lost.
        m_spool->keep();
        lost += u' '
            + tr("%1 of them are kept in %2 (memtap's own format, not a trace memtapctl can "
                 "import).")
                  .arg(QLocale().toString(qulonglong(leftInSpool)), m_spool->filePath());
    }
    return lost;
}

QString StoreWriter::describeFailure(const QString &failure) const
{
    // Errors from Database are whole sentences; this one goes on after them.
    QString reason = failure;
    while (reason.endsWith(u'.'))
        reason.chop(1);
    std::uint64_t queued = m_queuedRecords;
    if (m_spooledRecords > 0)
        return tr("Could not write to the database %1: %2. %3 records are kept in memory and %4 "
                  "on disk; they will be written when it works again.")
            .arg(m_url.toString(), reason, QLocale().toString(qulonglong(queued)),
                QLocale().toString(qulonglong(m_spooledRecords)));
    return tr("Could not write to the database %1: %2. %n record(s) are kept in memory and "
              "will be written when it works again.",
        nullptr, int(std::min<std::uint64_t>(queued, std::numeric_limits<int>::max())))
        .arg(m_url.toString(), reason);
}

EventBatchPtr StoreWriter::takeSpooledBatch(QString *error)
{
    EventBatchPtr batch = m_spool->takeNext(error);
    // takeNext() has no sentence for a file with fewer batches than written.
    if (!batch && error->isEmpty())
        *error = tr("the spool file ended early.");
    return batch;
}

bool StoreWriter::unspool(std::unique_lock<std::mutex> &lock, QString *error)
{
    const std::uint64_t available = m_queue.front().spooledBatches;
    lock.unlock();
    std::vector<EventBatchPtr> loaded;
    std::size_t records = 0;
    while (loaded.size() < available && records < m_options.maxRecordsPerTransaction) {
        EventBatchPtr batch = takeSpooledBatch(error);
        if (!batch)
            break;
        records += batch->events.size();
        loaded.push_back(std::move(batch));
    }
    lock.lock();
    if (loaded.empty())
        return false;
    // The producer may have grown this item meanwhile, never shrunk it.
    WorkItem &front = m_queue.front();
    front.spooledBatches -= loaded.size();
    front.spooledRecords -= records;
    m_spooledRecords -= records;
    m_queuedRecords += records;
    const auto enqueued = front.enqueued;
    // Loaded batches before the last one of the item complete no sequence
    // number that flush() may wait for.
    std::uint64_t sequence = m_committedSequence;
    if (front.spooledBatches == 0) {
        sequence = front.sequence;
        m_queue.pop_front();
    }
    for (auto batch = loaded.rbegin(); batch != loaded.rend(); ++batch) {
        WorkItem item;
        item.kind = WorkItem::Kind::Batch;
        item.batch = std::move(*batch);
        item.sequence = batch == loaded.rbegin() ? sequence : m_committedSequence;
        item.enqueued = enqueued;
        m_queue.push_front(std::move(item));
    }
    return true;
}

bool StoreWriter::openDatabase(QString *error)
{
    Database::OpenOptions options;
    options.password = m_options.password;
    m_database = Database::open(m_url, options, error);
    if (!m_database)
        return false;
    return prepareStatements(error);
}

bool StoreWriter::prepareStatements(QString *error)
{
    RowInserter::Options inserterOptions;
    inserterOptions.allowBulk = m_options.allowBulk;
    QString reason;
    m_inserter = RowInserter::create(*m_database, inserterOptions, &reason);
    if (!m_inserter) {
        *error = tr("Could not prepare writing to %1: %2.").arg(m_url.toString(), reason);
        return false;
    }
    const bool sqlite = m_database->isSqlite();
    struct Statement
    {
        QSqlQuery *query;
        QString sql;
    };
    const Statement statements[] = {
        {&m_updateCounters,
            QStringLiteral("UPDATE sessions SET event_count = ?, baseline_record_count = ?, "
                           "lost_events = ?, malformed_lines = ?, first_ts_ns = ?, last_ts_ns = ?, "
                           "heartbeat_at_ns = ? WHERE id = ?")},
        {&m_heartbeat, QStringLiteral("UPDATE sessions SET heartbeat_at_ns = ? WHERE id = ?")},
        {&m_findName, QStringLiteral("SELECT id FROM names WHERE name = ?")},
        {&m_insertName,
            sqlite ? QStringLiteral("INSERT INTO names (name) VALUES (?) ON CONFLICT (name) DO "
                                    "NOTHING")
                   : QStringLiteral("INSERT IGNORE INTO names (name) VALUES (?)")},
    };
    for (const Statement &statement : statements) {
        *statement.query = QSqlQuery(m_database->connection());
        if (!statement.query->prepare(statement.sql)) {
            *error = tr("Could not prepare writing to %1: %2.")
                         .arg(m_url.toString(), m_database->describe(statement.query->lastError()));
            return false;
        }
    }
    return true;
}

bool StoreWriter::createSession(QString *error)
{
    QSqlQuery insert(m_database->connection());
    insert.prepare(
        QStringLiteral("INSERT INTO sessions (source, source_name, created_at_ns, "
                       "heartbeat_at_ns, realtime_offset_ns, block_size) VALUES (?, ?, ?, "
                       "?, ?, ?)"));
    insert.addBindValue(SessionStart::sourceKeyword(m_start.source));
    insert.addBindValue(
        nullableText(m_start.sourceName.isEmpty() ? QString() : m_start.sourceName));
    m_sessionCreatedAtNs = wallClockNowNs();
    insert.addBindValue(qint64(m_sessionCreatedAtNs));
    insert.addBindValue(qint64(m_sessionCreatedAtNs));
    m_lastHeartbeat = Clock::now();
    insert.addBindValue(nullableInt64(m_start.realtimeOffsetNs));
    insert.addBindValue(m_options.blockSize);
    if (!insert.exec()) {
        *error = tr("Could not create a session in %1: %2.")
                     .arg(m_url.toString(), m_database->describe(insert.lastError()));
        return false;
    }
    m_sessionId = insert.lastInsertId().toLongLong();
    if (m_sessionId <= 0) {
        *error = tr("Could not create a session in %1: the database returned no session id.")
                     .arg(m_url.toString());
        return false;
    }
    return true;
}

bool StoreWriter::exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = m_database->describe(query.lastError());
    return false;
}

bool StoreWriter::nameId(QByteArrayView name, std::int64_t *id, QString *error)
{
    if (m_lastNameId >= 0 && name == QByteArrayView(m_lastName)) {
        *id = m_lastNameId;
        return true;
    }
    const auto found
        = m_nameIds.constFind(BytesKey {QByteArray::fromRawData(name.data(), name.size())});
    if (found != m_nameIds.constEnd()) {
        m_lastName = found.key().bytes;
        m_lastNameId = *found;
        *id = *found;
        return true;
    }
    const QByteArray bytes = name.toByteArray();
    // A name can be known to the database through another session.
    m_insertName.bindValue(0, bytes);
    if (!exec(m_insertName, error))
        return false;
    m_findName.bindValue(0, bytes);
    if (!exec(m_findName, error))
        return false;
    if (!m_findName.next()) {
        *error = tr("the process name just stored cannot be found again");
        return false;
    }
    const std::int64_t newId = m_findName.value(0).toLongLong();
    m_findName.finish();
    m_nameIds.insert(BytesKey {bytes}, newId);
    m_namesAddedInTransaction.push_back(bytes);
    m_lastName = bytes;
    m_lastNameId = newId;
    *id = newId;
    return true;
}

bool StoreWriter::collectRows(const std::vector<WorkItem *> &items, QString *error)
{
    m_eventRows.clear();
    m_baselineRows.clear();
    m_completedSnapshots.clear();
    m_blockRows.clear();
    m_processRows.clear();
    m_timelineRows.clear();
    Numbering &n = m_numbering;
    for (const WorkItem *item : items) {
        if (item->kind == WorkItem::Kind::Processes) {
            for (const ProcessFigures &figures : item->processes) {
                QByteArray userName;
                if (m_start.resolveUserNames) {
                    const QString name = m_userNames.nameOf(figures.uid);
                    if (!name.isNull())
                        userName = name.toUtf8();
                }
                m_processRows.push_back(ProcessRow {&figures, userName});
            }
            continue;
        }
        if (item->kind == WorkItem::Kind::Timelines) {
            for (const ProcessTimeline &timeline : item->timelines)
                m_timelineRows.push_back(
                    TimelineRow {timeline.processKey, std::uint32_t(timeline.samples.size()),
                        TimelineCodec::encode(timeline.samples)});
            continue;
        }
        if (item->kind == WorkItem::Kind::End) {
            // The last, partial block gets its counts too, and a snapshot
            // cut short by the end of the stream is kept as far as it got.
            n.blocks.appendCurrent(m_blockRows);
            if (!flushSnapshot(error))
                return false;
            continue;
        }
        if (!item->batch)
            continue;
        n.lostEvents += item->batch->lostEvents;
        n.malformedLines += item->batch->malformedLines;
        for (const Event &event : item->batch->events) {
            if (!n.firstTimestampNs || event.timestampNs < *n.firstTimestampNs)
                n.firstTimestampNs = event.timestampNs;
            if (!n.lastTimestampNs || event.timestampNs > *n.lastTimestampNs)
                n.lastTimestampNs = event.timestampNs;
            if (isBaselineRecord(event.call)) {
                if (!addBaselineRecord(event, error))
                    return false;
                continue;
            }
            // A snapshot's map lines come as one block; a call ends it.
            if (n.pendingSnapshot && !flushSnapshot(error))
                return false;
            std::int64_t name = 0;
            if (!nameId(event.name.view(), &name, error))
                return false;
            const std::int64_t id = ++n.lastEventId;
            m_eventRows.push_back(EventRow {id, name, &event});
            n.blocks.add(id, event.pid, name, event.call, m_blockRows);
        }
    }
    return true;
}

bool StoreWriter::addBaselineRecord(const Event &record, QString *error)
{
    Numbering &n = m_numbering;
    if (record.call == Call::Map && n.pendingSnapshot) {
        n.pendingSnapshot->maps.push_back(record);
        if (n.pendingSnapshot->maps.size() >= n.pendingSnapshot->announced)
            return flushSnapshot(error);
        return true;
    }
    if (!flushSnapshot(error))
        return false;
    if (record.call == Call::Snapshot) {
        n.pendingSnapshot = PendingSnapshot {
            record, n.lastEventId, std::uint64_t(std::max<std::int64_t>(record.result, 0)), {}};
        if (n.pendingSnapshot->announced == 0)
            return flushSnapshot(error);
        return true;
    }
    // A cmdline record, or a map line outside a snapshot: a row of its own.
    std::int64_t name = 0;
    if (!nameId(record.name.view(), &name, error))
        return false;
    m_baselineRows.push_back(BaselineRow {++n.lastBaselineId, n.lastEventId, name, &record, 1, {}});
    ++n.baselineRecords;
    return true;
}

bool StoreWriter::flushSnapshot(QString *error)
{
    Numbering &n = m_numbering;
    if (!n.pendingSnapshot)
        return true;
    m_completedSnapshots.push_back(std::move(*n.pendingSnapshot));
    n.pendingSnapshot.reset();
    const PendingSnapshot &snapshot = m_completedSnapshots.back();
    std::int64_t name = 0;
    if (!nameId(snapshot.snapshot.name.view(), &name, error))
        return false;
    const std::uint32_t records = std::uint32_t(1 + snapshot.maps.size());
    m_baselineRows.push_back(
        BaselineRow {++n.lastBaselineId, snapshot.afterEventId, name, &snapshot.snapshot, records,
            snapshot.maps.empty() ? QByteArray()
                                  : BaselineCodec::encode(snapshot.snapshot, snapshot.maps)});
    n.baselineRecords += records;
    return true;
}

StoreWriter::Outcome StoreWriter::writeTransaction(
    const std::vector<WorkItem *> &items, QString *error)
{
    if (!m_database && !openDatabase(error))
        return Outcome::Failed;
    QSqlDatabase db = m_database->connection();
    if (!db.transaction()) {
        *error = m_database->describe(db.lastError());
        return Outcome::Failed;
    }
    bool ok = collectRows(items, error);
    if (ok && !m_eventRows.empty()) {
        ok = m_inserter->insertEvents(m_sessionId, m_eventRows);
        if (!ok)
            *error = m_inserter->errorString();
    }
    if (ok && !m_baselineRows.empty()) {
        ok = m_inserter->insertBaseline(m_sessionId, m_baselineRows);
        if (!ok)
            *error = m_inserter->errorString();
    }
    if (ok && !m_blockRows.empty()) {
        ok = m_inserter->insertBlockCounts(m_sessionId, m_blockRows);
        if (!ok)
            *error = m_inserter->errorString();
    }
    if (ok && !m_processRows.empty()) {
        ok = m_inserter->replaceProcesses(m_sessionId, m_processRows);
        if (!ok)
            *error = m_inserter->errorString();
    }
    if (ok && !m_timelineRows.empty()) {
        ok = m_inserter->replaceTimelines(m_sessionId, m_timelineRows);
        if (!ok)
            *error = m_inserter->errorString();
    }
    for (const WorkItem *item : items) {
        if (!ok)
            break;
        switch (item->kind) {
        case WorkItem::Kind::Batch:
        case WorkItem::Kind::Processes:
        case WorkItem::Kind::Timelines:
        case WorkItem::Kind::Spooled:
            break;
        case WorkItem::Kind::Metadata:
            ok = writeMetadata(item->metadata, error);
            break;
        case WorkItem::Kind::End:
            ok = writeEnd(item->end, error);
            break;
        }
    }
    if (ok)
        ok = writeCounters(error);
    if (!ok) {
        db.rollback();
        return Outcome::Failed;
    }
    if (!db.commit()) {
        *error = m_database->describe(db.lastError());
        db.rollback();
        // SQLite commits atomically or not at all; a server may have
        // committed before the connection broke.
        return m_database->isSqlite() ? Outcome::Failed : Outcome::Unknown;
    }
    return Outcome::Committed;
}

bool StoreWriter::writeMetadata(const TraceMetadata &metadata, QString *error)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral(
        "UPDATE sessions SET host = ?, kernel_release = ?, backend = ?, format_version = ?, "
        "mem_total_bytes = ?, page_size = ?, realtime_offset_ns = COALESCE(?, realtime_offset_ns), "
        "baseline_start_ns = ? WHERE id = ?"));
    q.addBindValue(nullableBytes(metadata.host.isEmpty() ? QByteArray() : metadata.host));
    q.addBindValue(nullableText(
        metadata.kernelRelease.isEmpty() ? QString() : QString::fromUtf8(metadata.kernelRelease)));
    q.addBindValue(
        nullableText(metadata.backend.isEmpty() ? QString() : QString::fromUtf8(metadata.backend)));
    q.addBindValue(metadata.formatVersion > 0 ? QVariant(metadata.formatVersion)
                                              : QVariant(QMetaType::fromType<int>()));
    q.addBindValue(nullableInt64(metadata.memTotalBytes > 0
            ? std::optional<std::int64_t>(metadata.memTotalBytes)
            : std::nullopt));
    q.addBindValue(nullableInt64(
        metadata.pageSize > 0 ? std::optional<std::int64_t>(metadata.pageSize) : std::nullopt));
    // 0 is what a stream without the helper's #meta line leaves; no real
    // clock pair is exactly equal.
    q.addBindValue(nullableInt64(metadata.realtimeOffsetNs != 0
            ? std::optional<std::int64_t>(metadata.realtimeOffsetNs)
            : std::nullopt));
    q.addBindValue(nullableInt64(metadata.baselineStartNs >= 0
            ? std::optional<std::int64_t>(metadata.baselineStartNs)
            : std::nullopt));
    q.addBindValue(qint64(m_sessionId));
    return exec(q, error) && linkContinuedSession(metadata, error);
}

bool StoreWriter::linkContinuedSession(const TraceMetadata &metadata, QString *error)
{
    const std::int64_t continued = metadata.continuesSessionId;
    if (continued <= 0 || continued == m_sessionId)
        return true;
    // The creation time tells the session from one with the same id in
    // another database.
    QSqlQuery find(m_database->connection());
    find.prepare(QStringLiteral("SELECT created_at_ns FROM sessions WHERE id = ?"));
    find.addBindValue(qint64(continued));
    if (!exec(find, error))
        return false;
    const bool same
        = find.next() && find.value(0).toLongLong() == metadata.continuesSessionCreatedAtNs;
    find.finish();
    if (!same)
        return true;
    QSqlQuery link(m_database->connection());
    link.prepare(QStringLiteral("UPDATE sessions SET continues_session = ? WHERE id = ?"));
    link.addBindValue(qint64(continued));
    link.addBindValue(qint64(m_sessionId));
    if (!exec(link, error))
        return false;
    // The end its writer could not store; one stored since stays.
    QSqlQuery end(m_database->connection());
    end.prepare(QStringLiteral("UPDATE sessions SET ended_at_ns = ?, end_reason = ? "
                               "WHERE id = ? AND end_reason IS NULL"));
    end.addBindValue(nullableInt64(metadata.continuesSessionEndedAtNs > 0
            ? std::optional<std::int64_t>(metadata.continuesSessionEndedAtNs)
            : std::nullopt));
    end.addBindValue(storedEndReason(QString::fromUtf8(metadata.continuesSessionEndReason)));
    end.addBindValue(qint64(continued));
    return exec(end, error);
}

bool StoreWriter::writeEnd(const SessionEnd &end, QString *error)
{
    if (end.lostEvents)
        m_numbering.lostEvents = *end.lostEvents;
    if (end.malformedLines)
        m_numbering.malformedLines = *end.malformedLines;
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("UPDATE sessions SET ended_at_ns = ?, end_reason = ? WHERE id = ?"));
    q.addBindValue(qint64(wallClockNowNs()));
    q.addBindValue(storedEndReason(end.reason));
    q.addBindValue(qint64(m_sessionId));
    if (!exec(q, error))
        return false;
    m_endWritten = true;
    return true;
}

bool StoreWriter::writeCounters(QString *error)
{
    const Numbering &n = m_numbering;
    QSqlQuery &q = m_updateCounters;
    q.bindValue(0, qint64(n.lastEventId));
    q.bindValue(1, qint64(n.baselineRecords));
    q.bindValue(2, qint64(n.lostEvents));
    q.bindValue(3, qint64(n.malformedLines));
    q.bindValue(4, nullableInt64(n.firstTimestampNs));
    q.bindValue(5, nullableInt64(n.lastTimestampNs));
    q.bindValue(6, qint64(wallClockNowNs()));
    q.bindValue(7, qint64(m_sessionId));
    if (!exec(q, error))
        return false;
    m_lastHeartbeat = Clock::now();
    return true;
}

void StoreWriter::beat()
{
    // Failing is left to the next transaction, which retries and reports.
    m_lastHeartbeat = Clock::now();
    m_heartbeat.bindValue(0, qint64(wallClockNowNs()));
    m_heartbeat.bindValue(1, qint64(m_sessionId));
    m_heartbeat.exec();
}

bool StoreWriter::recover(
    Outcome outcome, const Numbering &attempted, QString *error, bool *connectionWorked)
{
    *connectionWorked = m_database && m_database->ping();
    if (!m_database || *connectionWorked)
        return false;
    // The connection broke: open a new one and prepare again.
    m_updateCounters = QSqlQuery();
    m_heartbeat = QSqlQuery();
    m_findName = QSqlQuery();
    m_insertName = QSqlQuery();
    m_inserter.reset();
    m_database.reset();
    if (!openDatabase(error))
        return false;
    if (outcome != Outcome::Unknown)
        return false;
    QSqlQuery q(m_database->connection());
    q.prepare(
        QStringLiteral("SELECT event_count, baseline_record_count FROM sessions WHERE id = ?"));
    q.addBindValue(qint64(m_sessionId));
    if (!q.exec() || !q.next()) {
        *error = m_database->describe(q.lastError());
        return false;
    }
    return q.value(0).toLongLong() == attempted.lastEventId
        && q.value(1).toULongLong() == attempted.baselineRecords;
}

} // namespace memtap
