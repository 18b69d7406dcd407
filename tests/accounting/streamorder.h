// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Reorders records the way a live capture delivers them, for tests and
// benchmarks of the accountant's reorder window.

#include "trace/event.h"

#include <algorithm>
#include <deque>
#include <random>
#include <vector>

namespace memtap::test {

// The tracers keep one buffer per CPU, each in time order, and drain them in
// turns; the helper writes its baselines (snapshot, map, cmdline lines) as
// whole blocks in between. records must be in time order; they come back as
// such an interleaving of `cpus` per-CPU sequences.
inline void interleaveLikePerCpuBuffers(
    std::vector<Event> &records, int cpus, std::mt19937_64 &random)
{
    std::vector<std::deque<Event>> buffers(std::size_t(cpus) + 1); // the last one: the helper
    std::deque<std::size_t> helperBlockSizes;
    for (std::size_t i = 0; i < records.size();) {
        if (isBaselineRecord(records[i].call)) {
            std::size_t end = i + 1;
            while (end < records.size() && records[end].call == Call::Map)
                ++end;
            if (end < records.size() && records[end].call == Call::Cmdline)
                ++end;
            for (std::size_t j = i; j < end; ++j)
                buffers.back().push_back(std::move(records[j]));
            helperBlockSizes.push_back(end - i);
            i = end;
            continue;
        }
        buffers[random() % std::size_t(cpus)].push_back(std::move(records[i++]));
    }
    records.clear();
    while (true) {
        std::vector<std::size_t> ready;
        for (std::size_t i = 0; i < buffers.size(); ++i) {
            if (!buffers[i].empty())
                ready.push_back(i);
        }
        if (ready.empty())
            break;
        const std::size_t source = ready[random() % ready.size()];
        std::deque<Event> &buffer = buffers[source];
        std::size_t take = 1 + random() % 64;
        if (source == buffers.size() - 1) {
            take = helperBlockSizes.front();
            helperBlockSizes.pop_front();
        }
        take = std::min(take, buffer.size());
        for (std::size_t i = 0; i < take; ++i) {
            records.push_back(std::move(buffer.front()));
            buffer.pop_front();
        }
    }
}

} // namespace memtap::test
