// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventstore.h"

#include "storage/databasepassword.h"
#include "storage/storewriter.h"

namespace memtap {

EventStore::EventStore(QObject *parent)
    : QObject(parent)
{ }

EventStore::~EventStore()
{
    if (m_writer) {
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
    return m_writer != nullptr;
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
    if (!m_writer)
        return false;
    const bool complete = m_writer->finish(end, deadline);
    m_lastStatus = m_writer->status();
    m_writer.reset();
    if (!complete && m_error.isEmpty())
        m_error = m_lastStatus.lastError.isEmpty()
            ? tr("The database did not take every record before the deadline.")
            : m_lastStatus.lastError;
    return complete;
}

void EventStore::abort()
{
    if (m_writer)
        m_writer->abort();
}

EventStore::Status EventStore::status() const
{
    return m_writer ? m_writer->status() : m_lastStatus;
}

} // namespace memtap
