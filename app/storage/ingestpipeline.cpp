// SPDX-License-Identifier: GPL-2.0-or-later
#include "ingestpipeline.h"

#include "accounting/accountant.h"
#include "storage/eventstore.h"

#include <algorithm>

namespace memtap {

namespace {

bool sameMetadata(const TraceMetadata &a, const TraceMetadata &b)
{
    return a.formatVersion == b.formatVersion && a.backend == b.backend && a.host == b.host
        && a.kernelRelease == b.kernelRelease && a.memTotalBytes == b.memTotalBytes
        && a.pageSize == b.pageSize && a.realtimeOffsetNs == b.realtimeOffsetNs
        && a.baselineStartNs == b.baselineStartNs;
}

} // namespace

IngestPipeline::IngestPipeline(EventStore *store, QObject *parent)
    : IngestPipeline(store, Options(), parent)
{ }

IngestPipeline::IngestPipeline(EventStore *store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    m_sinceUpdate.start();
    m_sinceTimelines.start();
}

IngestPipeline::~IngestPipeline() = default;

void IngestPipeline::setMetadata(const TraceMetadata &metadata)
{
    if (m_metadataStored && sameMetadata(metadata, m_metadata))
        return;
    m_metadata = metadata;
    m_metadataStored = true;
    if (m_store)
        m_store->setMetadata(metadata);
}

void IngestPipeline::ensureAccountant()
{
    if (m_accountant || !m_options.accounting)
        return;
    m_accountant
        = std::make_unique<Accountant>(m_metadata.pageSize > 0 ? m_metadata.pageSize : 4096);
    // The store keeps what exited processes end with; memory holds only the
    // processes alive, however long the capture runs.
    m_accountant->setRetireExitedProcesses(m_options.retireExitedProcesses);
    m_accountant->setTrackRanges(m_options.addressRanges);
}

bool IngestPipeline::feed(QByteArrayView chunk)
{
    if (!m_error.isEmpty())
        return false;
    auto batch = std::make_shared<EventBatch>();
    m_parser.feed(chunk, batch->events);
    m_progress.bytes += std::uint64_t(chunk.size());
    if (m_parser.hasFatalError()) {
        m_error = m_parser.fatalError();
        return false;
    }
    if (m_parser.metadata().hasHeader())
        setMetadata(m_parser.metadata());
    const ParserCounters &counters = m_parser.counters();
    batch->lostEvents = counters.lostEvents - m_countersSeen.lostEvents;
    batch->malformedLines = counters.malformed - m_countersSeen.malformed;
    m_countersSeen = counters;
    if (batch->events.empty() && batch->lostEvents == 0 && batch->malformedLines == 0)
        return true;
    return process(batch);
}

bool IngestPipeline::addBatch(const EventBatchPtr &batch)
{
    if (!m_error.isEmpty() || !batch)
        return false;
    return process(batch);
}

bool IngestPipeline::process(const EventBatchPtr &batch)
{
    for (const Event &event : batch->events) {
        if (isBaselineRecord(event.call))
            ++m_progress.baselineRecords;
        else
            ++m_progress.events;
        m_newestTimestampNs = std::max(m_newestTimestampNs, event.timestampNs);
    }
    m_progress.lostEvents += batch->lostEvents;
    m_progress.malformedLines += batch->malformedLines;

    if (m_options.accounting) {
        ensureAccountant();
        m_accountant->add(batch);
        // Keeps the reorder window, and memory, short behind the newest record.
        m_accountant->releaseUpTo(m_newestTimestampNs);
    }
    if (m_store && !m_store->append(batch)) {
        m_error = m_store->errorString().isEmpty() ? tr("The database stopped taking records.")
                                                   : m_store->errorString();
        return false;
    }
    publishChanges(false);
    return true;
}

void IngestPipeline::releaseUpTo(std::int64_t nowNs)
{
    if (!m_accountant || !m_error.isEmpty())
        return;
    m_accountant->releaseUpTo(nowNs);
    publishChanges(false);
}

void IngestPipeline::publishChanges(bool force)
{
    if (!m_accountant)
        return;
    if (!force && m_sinceUpdate.elapsed() < m_options.processUpdateInterval.count())
        return;
    m_sinceUpdate.restart();
    ProcessUpdate changed = m_accountant->takeChanges();
    for (const ProcessFigures &figures : changed)
        m_changedSinceTimelines.insert(figures.processKey);
    // Retired processes are final: figures and timeline are stored once,
    // here, and the accountant has forgotten them.
    std::vector<Accountant::RetiredProcess> retired = m_accountant->takeRetired();
    std::vector<ProcessTimeline> retiredTimelines;
    retiredTimelines.reserve(retired.size());
    for (Accountant::RetiredProcess &process : retired) {
        const std::uint64_t key = process.figures.processKey;
        m_changedSinceTimelines.erase(key);
        changed.push_back(std::move(process.figures));
        retiredTimelines.push_back(ProcessTimeline {key, std::move(process.timeline)});
    }
    m_progress.processes = m_accountant->processesSeen();
    if (!changed.empty()) {
        if (m_store)
            m_store->updateProcesses(changed);
        Q_EMIT processesUpdated(changed);
    }
    if (m_store && !retiredTimelines.empty() && m_options.addressRanges)
        m_store->replaceTimelines(std::move(retiredTimelines));
    if (m_sinceTimelines.elapsed() >= m_options.timelineInterval.count())
        storeTimelines(false);
}

void IngestPipeline::storeTimelines(bool all)
{
    m_sinceTimelines.restart();
    if (!m_store || !m_accountant || !m_options.addressRanges)
        return;
    std::vector<ProcessTimeline> timelines;
    if (all) {
        for (const ProcessFigures &figures : m_accountant->allProcesses())
            timelines.push_back(ProcessTimeline {
                figures.processKey, m_accountant->liveTimeline(figures.processKey)});
    } else {
        for (std::uint64_t key : m_changedSinceTimelines)
            timelines.push_back(ProcessTimeline {key, m_accountant->liveTimeline(key)});
    }
    m_changedSinceTimelines.clear();
    m_store->replaceTimelines(std::move(timelines));
}

bool IngestPipeline::finish(SessionEnd end)
{
    // What finishing the stream turns up (a truncated last line) still goes
    // into a batch of its own, so the store's counts match the parser's.
    if (m_parser.counters().lines > 0 || m_parser.metadata().hasHeader()) {
        auto batch = std::make_shared<EventBatch>();
        m_parser.finish(batch->events);
        const ParserCounters &counters = m_parser.counters();
        batch->lostEvents = counters.lostEvents - m_countersSeen.lostEvents;
        batch->malformedLines = counters.malformed - m_countersSeen.malformed;
        m_countersSeen = counters;
        if (!batch->events.empty() || batch->lostEvents || batch->malformedLines)
            process(batch);
        if (!end.lostEvents)
            end.lostEvents = counters.lostEvents;
        if (!end.malformedLines)
            end.malformedLines = counters.malformed;
    }
    if (m_accountant) {
        m_accountant->flush();
        // Every exited process retires at the flush and is stored with its
        // timeline here; the store then gets the rest once more in full.
        publishChanges(true);
        const std::vector<ProcessFigures> all = m_accountant->allProcesses();
        m_progress.processes = m_accountant->processesSeen();
        if (m_store)
            m_store->updateProcesses(all);
        storeTimelines(true);
    }
    if (!m_store)
        return m_error.isEmpty();
    const bool written = m_store->finish(end);
    if (!written && m_error.isEmpty())
        m_error = m_store->errorString();
    return written && m_error.isEmpty();
}

} // namespace memtap
