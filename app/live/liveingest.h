// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "models/processdetail.h"
#include "storage/databaseurl.h"
#include "storage/eventstore.h"
#include "storage/sessionend.h"
#include "storage/sessionstart.h"
#include "trace/eventbatch.h"
#include "trace/tracemetadata.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace memtap {

class Database;
class IngestPipeline;

// The part of a LiveCapture that lives in its ingest thread: owns the
// IngestPipeline (parsed batches -> Accountant -> EventStore) and the
// producer side of the EventStore, so that no per-event work happens in the
// thread of the LiveCapture (the GUI thread). Only LiveCapture uses it; every
// method but abortStore() runs in the ingest thread.
class LiveIngest : public QObject
{
    Q_OBJECT

public:
    // How late records may still reach us after the kernel recorded them:
    // the helper writes at least every 50 ms, the capture thread sends
    // batches at least every 50 ms; the rest is margin for a busy machine.
    // The release timer applies records only once they are this old plus the
    // accountant's reorder window, so that a late record is rarely applied
    // out of order.
    static constexpr std::int64_t deliveryDelayNs = 200'000'000;
    static constexpr std::chrono::milliseconds releaseInterval {250};

    struct Options
    {
        std::optional<DatabaseUrl> database; // none: figures only, nothing stored
        EventStore::Options storeOptions;
        bool accounting = true;
        std::chrono::milliseconds processUpdateInterval {250};
    };

    explicit LiveIngest(const Options &options);
    ~LiveIngest() override;

    // Opens the database (if any) and creates the session; opened() follows.
    void open();
    void addBatch(const memtap::EventBatchPtr &batch);
    void setMetadata(const memtap::TraceMetadata &metadata);
    // detailReady() follows, also for a process that is unknown (empty). An
    // exited process the accountant has retired maps nothing; its timeline
    // is read back from the store.
    void requestDetail(std::uint64_t processKey);
    // Applies every held record, stores the final figures and ends the
    // session; ended() follows.
    void finish(const memtap::SessionEnd &end);
    // From any thread: gives up on what the database has not taken yet.
    void abortStore();
    // From any thread: the same once every record is handed to the store
    // (EventStore::giveUpAtFinish()), so that none is refused.
    void giveUpStoring();

Q_SIGNALS:
    void opened(bool ok, qint64 sessionId, const QString &error);
    void processesUpdated(const memtap::ProcessUpdate &changed);
    void detailReady(const memtap::ProcessDetail &detail);
    // The database stopped taking records: the capture must end.
    void storeRefused(const QString &message);
    void databaseStatusChanged(const QString &text, bool problem);
    void ended(bool stored, const QString &error, const memtap::EventStore::Status &status);

private:
    void releaseHeldRecords();
    std::vector<LiveSample> storedTimeline(std::uint64_t processKey);
    void reportWritten(quint64 writtenEvents);
    void reportStoreBacklog();

    Options m_options;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<IngestPipeline> m_pipeline;
    // Reads what only the store still has (retired processes' timelines).
    std::unique_ptr<Database> m_readDatabase;
    std::atomic<EventStore *> m_abortableStore {nullptr};
    QTimer m_releaseTimer;
    // While the database is away: how many records wait in memory and on disk.
    QTimer m_backlogTimer;
    std::atomic<bool> m_backlogShown {false};
    bool m_refused = false;
    bool m_finished = false;
    std::atomic<bool> m_writeFailing {false};
};

} // namespace memtap
