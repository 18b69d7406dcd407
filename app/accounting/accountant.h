// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "accounting/processfigures.h"
#include "trace/event.h"
#include "trace/eventbatch.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace memtap {

// Turns the record stream of one capture session into per-process figures:
// the naive request/release counters and the exact live mapped ranges
// (address-range accounting, issue 5). Single-threaded; runs in the capture
// pipeline's worker thread. Records may arrive slightly out of timestamp order
// (per-CPU tracer buffers): they are held for a short reorder window and
// applied in timestamp order.
class Accountant
{
public:
    // How long records wait for stragglers from other CPUs' buffers.
    static constexpr std::int64_t defaultReorderWindowNs = 100'000'000;
    // MAP_HUGETLB without an encoded size: x86-64's default huge page.
    static constexpr std::uint64_t defaultHugePageSize = std::uint64_t(2) << 20;

    // What the accountant did with the records it was given, for diagnostics.
    struct Counters
    {
        std::uint64_t appliedRecords = 0;
        // Applied after a record with a later timestamp: they came later than
        // the reorder window allowed, so they were applied out of order.
        std::uint64_t lateRecords = 0;
        // Memory calls older than the baseline (or exec) of their process that
        // came after it: the baseline already contains them.
        std::uint64_t recordsBeforeBaseline = 0;
        // `map` lines outside a snapshot block.
        std::uint64_t orphanMapLines = 0;
        // Snapshot blocks with fewer `map` lines than announced.
        std::uint64_t incompleteBaselines = 0;
    };

    explicit Accountant(std::int64_t pageSize = 4096);
    ~Accountant();
    Accountant(const Accountant &) = delete;
    Accountant &operator=(const Accountant &) = delete;

    // Takes records in stream order.
    void add(const std::vector<Event> &records);
    // The same, and the batch's drops and malformed lines are taken into
    // account as addLostRecords() does.
    void add(const EventBatch &batch);
    // Records were lost (tracer drops, malformed lines): the live figures of
    // every process alive may miss a call, so none is exact any more until
    // its next baseline.
    void addLostRecords(std::uint64_t count);
    // Live capture: applies every held record older than nowNs minus the
    // reorder window (nowNs on the traced host's CLOCK_MONOTONIC).
    void releaseUpTo(std::int64_t nowNs);
    // End of stream (or a pause): applies everything held.
    void flush();

    // The processes whose figures changed since the previous call.
    ProcessUpdate takeChanges();
    // Every process of the session, alive or exited.
    std::vector<ProcessFigures> allProcesses() const;
    std::optional<ProcessFigures> process(std::uint64_t processKey) const;
    // The process a pid currently names (the newest incarnation).
    std::optional<std::uint64_t> processKeyOfPid(std::int32_t pid) const;
    std::vector<LiveMapping> liveMappings(std::uint64_t processKey) const;
    // Live bytes over time, decimated to a bounded number of points.
    std::vector<LiveSample> liveTimeline(std::uint64_t processKey) const;

    // Records held in the reorder window, not applied yet.
    std::size_t pendingRecords() const;
    const Counters &counters() const;

    std::int64_t pageSize() const;
    std::int64_t reorderWindowNs() const;
    void setReorderWindowNs(std::int64_t windowNs);
    // The size of huge pages of MAP_HUGETLB calls that encode none (the
    // system's default, Hugepagesize in /proc/meminfo).
    void setDefaultHugePageSize(std::uint64_t bytes);
    // Upper bound of liveTimeline()'s length, per process; applies to
    // processes seen afterwards.
    void setTimelineMaxPoints(std::size_t points);

private:
    class Private;
    Private *d;
};

} // namespace memtap
