// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "event.h"
#include "tracemetadata.h"

#include <QByteArray>

#include <cstdint>
#include <memory>
#include <vector>

namespace memtap {

class TraceWriter;

// A generator of realistic, self-consistent trace streams for tests and
// benchmarks: N call events over about P processes, deterministic for a seed.
//
// Every munmap, mremap and brk refers to memory the process has (or fails, as
// the kernel would, with a negative result that changes nothing); fork copies
// the parent's mappings, exec replaces them, exit ends the process. Processes
// that exist at the start, children after fork and images after exec get a
// baseline (snapshot, map and cmdline records) as the helper writes them.
// liveBytes() is the ground truth an accountant must reach.
class SyntheticTrace
{
public:
    struct Options
    {
        std::uint64_t seed = 1;
        // Call records (mmap ... exit) to produce; baseline records come on top.
        std::uint64_t events = 100'000;
        // Processes alive at any time, about.
        int processes = 50;
        // Without baselines, processes start with no mappings and an empty
        // heap (before and after exec), so the stream stays self-contained.
        bool baselines = true;
        // Names and paths with TABs, newlines, quotes, backslashes, invalid
        // UTF-8, leading '=', exactly 15 bytes... for some of the processes.
        bool hostileNames = true;
        // Memory calls that fail (negative result), per thousand.
        int failurePermille = 10;
        QByteArray backend = "bpftrace";
    };

    static constexpr std::uint64_t pageSize = 4096;

    SyntheticTrace();
    explicit SyntheticTrace(const Options &options);
    ~SyntheticTrace();
    SyntheticTrace(const SyntheticTrace &) = delete;
    SyntheticTrace &operator=(const SyntheticTrace &) = delete;

    const Options &options() const;
    TraceMetadata metadata() const;

    // Appends up to maxRecords further records to out; returns how many were
    // appended, 0 once the trace is complete.
    std::size_t generate(std::vector<Event> &out, std::size_t maxRecords);
    bool atEnd() const;
    // Call records (not baseline records) produced so far.
    std::uint64_t eventsGenerated() const;
    std::uint64_t recordsGenerated() const;

    // Ground truth after the records produced so far: the bytes of a running
    // process's live mappings, page-granular, its heap included (what
    // /proc/PID/maps lists, without [stack], [vvar], [vdso]); 0 for others.
    std::uint64_t liveBytes(std::int32_t pid) const;
    std::vector<std::int32_t> runningPids() const;

    // Writes the header, the meta lines and all remaining records.
    void writeTo(TraceWriter &writer);
    // A whole trace as v1 text.
    static QByteArray text(const Options &options);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace memtap
