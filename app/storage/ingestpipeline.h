// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"
#include "storage/sessionend.h"
#include "trace/eventbatch.h"
#include "trace/eventparser.h"
#include "trace/parsercounters.h"
#include "trace/tracemetadata.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>

namespace memtap {

class Accountant;
class EventStore;

// The path of one session's records from the stream to the database:
//
//   bytes -> EventParser -> batches -> Accountant -> process figures -> EventStore
//                               |                                          ^
//                               +------------------------------------------+
//
// Used by `memtapctl import` (feed() with the bytes of a trace file) and by
// live captures (addBatch() with CaptureSession::eventsReady's batches, which
// the capture thread has parsed already). The pipeline runs in the thread
// that calls it and does the per-event work there; the store writes in its
// own thread. Process figures come only from the Accountant: they are
// written to the store and sent with processesUpdated() at most every
// processUpdateInterval, and at the end in full, with every process's
// live-bytes timeline. An exited process's final figures and timeline are
// stored (and sent with processesUpdated()) once it retires, a few seconds
// after its exit; then only the store has them.
//
//     EventStore store;
//     store.open(url, start);
//     IngestPipeline pipeline(&store);
//     while (chunk = file.read()) if (!pipeline.feed(chunk)) break;
//     pipeline.finish(SessionEnd {QStringLiteral("end-of-trace")});
//
// Without a store (nullptr) it only parses and accounts, for a view that is
// not recorded.
class IngestPipeline : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds processUpdateInterval {250};
        // Timelines of processes that changed are stored this often while
        // capturing, so a session read while it runs has recent charts.
        std::chrono::milliseconds timelineInterval {10000};
        // False: the figures are not computed (benchmarks of the bare path).
        bool accounting = true;
        // False (with accounting): processes and naive figures only, no
        // live figures and no timelines (Accountant::setTrackRanges); what
        // bench_storage compares address-range accounting with.
        bool addressRanges = true;
        // Exited processes are handed to the store and forgotten once no
        // record can change them (Accountant::setRetireExitedProcesses), so
        // that memory stays flat over a long capture. accountant() then
        // knows only the processes alive and those that exited recently.
        bool retireExitedProcesses = true;
    };

    struct Progress
    {
        std::uint64_t bytes = 0; // fed to feed()
        std::uint64_t events = 0; // call records handed to the store
        std::uint64_t baselineRecords = 0;
        std::uint64_t lostEvents = 0;
        std::uint64_t malformedLines = 0;
        std::uint64_t processes = 0; // distinct processes seen by the accountant, retired ones too
    };

    explicit IngestPipeline(EventStore *store, QObject *parent = nullptr);
    IngestPipeline(EventStore *store, const Options &options, QObject *parent = nullptr);
    ~IngestPipeline() override;

    // Import: the next bytes of a v1 stream, in any chunking. False once the
    // stream cannot be read (another format: errorString()) or the store
    // stopped taking records.
    bool feed(QByteArrayView chunk);
    // Capture: batches decoded elsewhere, in stream order, and the stream's
    // metadata whenever it changes.
    bool addBatch(const EventBatchPtr &batch);
    void setMetadata(const TraceMetadata &metadata);
    // Live capture, on a timer: applies every record held longer than the
    // reorder window before nowNs (CLOCK_MONOTONIC of this host, the tracer's
    // clock) and publishes what changed, so that a quiet system's last calls
    // show without waiting for the next batch.
    void releaseUpTo(std::int64_t nowNs);

    // End of the stream: finishes parsing (an unterminated last line counts
    // as malformed), applies every held record, stores the final figures and
    // timelines and ends the store's session with end (the parser's totals
    // filled in for an import). False when the store could not write
    // everything; errorString() says why.
    bool finish(SessionEnd end);

    // Import only: the parser, for its counters, metadata and problems.
    const EventParser &parser() const { return m_parser; }
    // Null until the first records (it needs the stream's page size).
    const Accountant *accountant() const { return m_accountant.get(); }
    Progress progress() const { return m_progress; }
    // Why feed() or finish() failed.
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // The processes whose figures changed, at most every processUpdateInterval.
    void processesUpdated(const memtap::ProcessUpdate &changed);

private:
    bool process(const EventBatchPtr &batch);
    void ensureAccountant();
    void publishChanges(bool force);
    void storeTimelines(bool all);

    EventStore *m_store;
    Options m_options;
    EventParser m_parser;
    std::unique_ptr<Accountant> m_accountant;
    TraceMetadata m_metadata;
    bool m_metadataStored = false;
    ParserCounters m_countersSeen; // the parser's counters already put into batches
    std::int64_t m_newestTimestampNs = 0;
    QElapsedTimer m_sinceUpdate;
    QElapsedTimer m_sinceTimelines;
    std::set<std::uint64_t> m_changedSinceTimelines;
    Progress m_progress;
    QString m_error;
};

} // namespace memtap
