// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventstore.h"

#include "storage/databasepassword.h"
#include "storage/storewriter.h"

#include <QLocale>

namespace memtap {

EventStore::EventStore(QObject *parent)
    : QObject(parent)
{ }

EventStore::~EventStore()
{
    if (m_writer && !m_finished.load()) {
        SessionEnd end;
        end.reason = QStringLiteral("aborted");
        m_writer->finish(end, QDeadlineTimer(QDeadlineTimer::Forever));
    }
}

bool EventStore::open(const DatabaseUrl &url, const SessionStart &start)
{
    return open(url, start, Options());
}

bool EventStore::open(const DatabaseUrl &url, const SessionStart &start, const Options &options)
{
    m_error.clear();
    if (m_writer && m_finished.load()) {
        m_writer.reset();
        m_finished.store(false);
    }
    if (m_writer) {
        m_error = tr("This store already writes a session.");
        return false;
    }
    Options resolved = options;
    // The keychain needs this (usually the main) thread's event loop, not the writer's.
    if (url.isMysql() && !resolved.password) {
        const DatabasePassword::Lookup lookup = DatabasePassword::find(url);
        resolved.password = lookup.password;
    }
    auto writer = std::make_unique<StoreWriter>(this, url, start, resolved);
    if (!writer->start(&m_error))
        return false;
    m_writer = std::move(writer);
    m_sessionId = m_writer->sessionId();
    return true;
}

bool EventStore::isOpen() const
{
    return m_writer && !m_finished.load();
}

std::int64_t EventStore::sessionId() const
{
    return m_sessionId;
}

QString EventStore::errorString() const
{
    if (!m_error.isEmpty())
        return m_error;
    return m_writer ? m_writer->status().lastError : QString();
}

void EventStore::setMetadata(const TraceMetadata &metadata)
{
    if (!m_writer)
        return;
    StoreWriter::WorkItem item;
    item.kind = StoreWriter::WorkItem::Kind::Metadata;
    item.metadata = metadata;
    m_writer->enqueue(std::move(item));
}

bool EventStore::append(EventBatchPtr batch)
{
    if (!m_writer || !batch)
        return false;
    StoreWriter::WorkItem item;
    item.kind = StoreWriter::WorkItem::Kind::Batch;
    item.batch = std::move(batch);
    return m_writer->enqueue(std::move(item));
}

void EventStore::updateProcesses(ProcessUpdate update)
{
    if (!m_writer || update.empty())
        return;
    StoreWriter::WorkItem item;
    item.kind = StoreWriter::WorkItem::Kind::Processes;
    item.processes = std::move(update);
    m_writer->enqueue(std::move(item));
}

void EventStore::replaceTimelines(std::vector<ProcessTimeline> timelines)
{
    if (!m_writer || timelines.empty())
        return;
    StoreWriter::WorkItem item;
    item.kind = StoreWriter::WorkItem::Kind::Timelines;
    item.timelines = std::move(timelines);
    m_writer->enqueue(std::move(item));
}

bool EventStore::flush(QDeadlineTimer deadline)
{
    return m_writer && m_writer->flush(deadline);
}

bool EventStore::finish(const SessionEnd &end, QDeadlineTimer deadline)
{
    if (!m_writer || m_finished.load())
        return false;
    const bool complete = m_writer->finish(end, deadline);
    // The writer object stays: status() may be asked from another thread
    // (a progress display) while the producer's thread finishes.
    m_finished.store(true);
    const Status last = m_writer->status();
    if (!complete && m_error.isEmpty())
        m_error = last.lastError.isEmpty()
            ? tr("The database did not take every record before the deadline.")
            : last.lastError;
    return complete;
}

void EventStore::giveUpAtFinish()
{
    if (m_writer)
        m_writer->giveUpAtFinish();
}

void EventStore::abort()
{
    if (m_writer)
        m_writer->abort();
}

EventStore::Status EventStore::status() const
{
    return m_writer ? m_writer->status() : Status();
}

QString EventStore::statusText(const Status &status)
{
    const QLocale locale;
    const std::uint64_t inMemory = status.queuedRecords - status.spooledRecords;
    if (status.failing) {
        const QString since = status.failingSince.isValid()
            ? locale.toString(status.failingSince.time(), QStringLiteral("HH:mm:ss"))
            : QStringLiteral("?");
        if (status.spooledRecords == 0)
            return tr("Database unavailable since %1: %2 records kept in memory; they will be "
                      "written when it is back.")
                .arg(since, locale.toString(qulonglong(inMemory)));
        return tr("Database unavailable since %1: %2 records kept in memory and %3 on disk; they "
                  "will be written when it is back.")
            .arg(since, locale.toString(qulonglong(inMemory)),
                locale.toString(qulonglong(status.spooledRecords)));
    }
    if (status.spooledRecords > 0)
        return tr("The database is behind: %1 records wait in memory and %2 on disk.")
            .arg(locale.toString(qulonglong(inMemory)),
                locale.toString(qulonglong(status.spooledRecords)));
    return {};
}

} // namespace memtap
