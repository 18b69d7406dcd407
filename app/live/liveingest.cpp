// SPDX-License-Identifier: GPL-2.0-or-later
#include "liveingest.h"

#include "accounting/accountant.h"
#include "storage/database.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionrepository.h"

#include <QDeadlineTimer>

#include <ctime>

namespace memtap {

namespace {

std::int64_t monotonicNowNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

} // namespace

LiveIngest::LiveIngest(const Options &options)
    : m_options(options)
    , m_releaseTimer(this)
    , m_backlogTimer(this)
{
    m_releaseTimer.setInterval(releaseInterval);
    connect(&m_releaseTimer, &QTimer::timeout, this, &LiveIngest::releaseHeldRecords);
    m_backlogTimer.setInterval(std::chrono::seconds(1));
    connect(&m_backlogTimer, &QTimer::timeout, this, &LiveIngest::reportStoreBacklog);
}

LiveIngest::~LiveIngest()
{
    m_abortableStore.store(nullptr);
    m_pipeline.reset();
}

void LiveIngest::open()
{
    if (m_options.database) {
        auto store = std::make_unique<EventStore>();
        SessionStart start;
        start.source = SessionStart::Source::Record;
        timespec realtime {}, monotonic {};
        clock_gettime(CLOCK_REALTIME, &realtime);
        clock_gettime(CLOCK_MONOTONIC, &monotonic);
        start.realtimeOffsetNs = (std::int64_t(realtime.tv_sec) - monotonic.tv_sec) * 1'000'000'000
            + (realtime.tv_nsec - monotonic.tv_nsec);
        if (!store->open(*m_options.database, start, m_options.storeOptions)) {
            Q_EMIT opened(false, 0, store->errorString());
            return;
        }
        // Direct: these come from the writer thread and only hop to the GUI.
        connect(store.get(), &EventStore::written, this, &LiveIngest::reportWritten,
            Qt::DirectConnection);
        connect(
            store.get(), &EventStore::writeFailed, this,
            [this](const QString &message) {
                m_writeFailing = true;
                Q_EMIT databaseStatusChanged(message, true);
            },
            Qt::DirectConnection);
        connect(
            store.get(), &EventStore::writeRecovered, this, [this] { m_writeFailing = false; },
            Qt::DirectConnection);
        m_store = std::move(store);
        m_abortableStore.store(m_store.get());
        m_backlogTimer.start();
    }
    IngestPipeline::Options pipelineOptions;
    pipelineOptions.accounting = m_options.accounting;
    pipelineOptions.processUpdateInterval = m_options.processUpdateInterval;
    m_pipeline = std::make_unique<IngestPipeline>(m_store.get(), pipelineOptions);
    connect(
        m_pipeline.get(), &IngestPipeline::processesUpdated, this, &LiveIngest::processesUpdated);
    if (m_options.accounting)
        m_releaseTimer.start();
    Q_EMIT opened(true, m_store ? m_store->sessionId() : 0, QString());
}

void LiveIngest::addBatch(const EventBatchPtr &batch)
{
    if (!m_pipeline || m_refused || m_finished)
        return;
    if (!m_pipeline->addBatch(batch)) {
        m_refused = true;
        Q_EMIT storeRefused(m_pipeline->errorString());
    }
}

void LiveIngest::setMetadata(const TraceMetadata &metadata)
{
    if (m_pipeline)
        m_pipeline->setMetadata(metadata);
}

void LiveIngest::releaseHeldRecords()
{
    if (m_pipeline && !m_finished)
        m_pipeline->releaseUpTo(monotonicNowNs() - deliveryDelayNs);
}

void LiveIngest::reportWritten(quint64 writtenEvents)
{
    // Called in the writer thread: m_backlogShown may be a moment stale,
    // which only delays the switch back to the count by a second.
    if (m_writeFailing || m_backlogShown)
        return;
    Q_EMIT databaseStatusChanged(tr("Events stored: %1").arg(writtenEvents), false);
}

void LiveIngest::reportStoreBacklog()
{
    if (!m_store || m_finished)
        return;
    const QString text = EventStore::statusText(m_store->status());
    if (!text.isEmpty()) {
        m_backlogShown = true;
        Q_EMIT databaseStatusChanged(text, true);
    } else if (m_backlogShown) {
        m_backlogShown = false;
        m_writeFailing = false;
        Q_EMIT databaseStatusChanged(
            tr("Events stored: %1").arg(m_store->status().writtenEvents), false);
    }
}

void LiveIngest::requestDetail(std::uint64_t processKey)
{
    ProcessDetail detail;
    detail.processKey = processKey;
    const Accountant *accountant = m_pipeline ? m_pipeline->accountant() : nullptr;
    if (accountant && accountant->process(processKey)) {
        detail.mappings = accountant->liveMappings(processKey);
        detail.timeline = accountant->liveTimeline(processKey);
    } else if (accountant && processKey != 0 && processKey <= accountant->processesSeen()) {
        // Retired: it exited, so it maps nothing, and only the store has its timeline.
        detail.timeline = storedTimeline(processKey);
    }
    if (accountant)
        detail.knownUntilNs = accountant->knownUntilNs();
    Q_EMIT detailReady(detail);
}

std::vector<LiveSample> LiveIngest::storedTimeline(std::uint64_t processKey)
{
    if (!m_store || m_finished || m_writeFailing)
        return {};
    // Handed over when the process retired, maybe not committed yet; a
    // short wait, not to hold up the records behind this request.
    m_store->flush(QDeadlineTimer(std::chrono::milliseconds(250)));
    if (!m_readDatabase) {
        Database::OpenOptions options;
        options.password = m_options.storeOptions.password;
        options.migrate = false;
        QString error;
        m_readDatabase = Database::open(*m_options.database, options, &error);
        if (!m_readDatabase)
            return {};
    }
    SessionRepository repository(*m_readDatabase);
    return repository.timeline(m_store->sessionId(), processKey);
}

void LiveIngest::finish(const SessionEnd &end)
{
    if (m_finished)
        return;
    m_finished = true;
    // Connections belong to the thread that opened them: this one.
    m_readDatabase.reset();
    m_releaseTimer.stop();
    m_backlogTimer.stop();
    bool stored = true;
    QString error;
    if (m_pipeline) {
        stored = m_pipeline->finish(end);
        error = m_pipeline->errorString();
    }
    EventStore::Status status;
    if (m_store)
        status = m_store->status();
    m_abortableStore.store(nullptr);
    Q_EMIT ended(stored, error, status);
}

void LiveIngest::giveUpStoring()
{
    if (EventStore *store = m_abortableStore.load())
        store->giveUpAtFinish();
}

void LiveIngest::abortStore()
{
    if (EventStore *store = m_abortableStore.load())
        store->abort();
}

} // namespace memtap
