// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "accounting/processfigures.h"
#include "trace/event.h"

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
    explicit Accountant(std::int64_t pageSize = 4096);
    ~Accountant();
    Accountant(const Accountant &) = delete;
    Accountant &operator=(const Accountant &) = delete;

    // Takes records in stream order.
    void add(const std::vector<Event> &records);
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

private:
    class Private;
    Private *d;
};

} // namespace memtap
