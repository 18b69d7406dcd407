// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/accountant.h"
#include "accounting/processfigures.h"
#include "trace/synthetictrace.h"

#include <vector>

namespace memtap::test {

// A process as the Accountant would report it, with the figures tests care about.
inline ProcessFigures process(std::uint64_t key, std::int32_t pid, const char *name,
    std::uint64_t requested, std::uint64_t released = 0, std::uint64_t live = 0)
{
    ProcessFigures figures;
    figures.processKey = key;
    figures.pid = pid;
    figures.ppid = 1;
    figures.uid = 0;
    figures.name = name;
    figures.firstSeenNs = std::int64_t(key) * 1'000'000;
    figures.lastSeenNs = figures.firstSeenNs + 5'000'000;
    figures.mmapCalls = key * 3;
    figures.munmapCalls = key;
    figures.requestedBytes = requested;
    figures.releasedBytes = released;
    figures.liveBytes = live;
    figures.liveExact = true;
    return figures;
}

// Feeds a synthetic trace to an Accountant in chunks, as the capture pipeline
// would, and hands each chunk's ProcessUpdate to sink.
template<typename Sink>
void replaySyntheticTrace(Accountant &accountant, const SyntheticTrace::Options &options,
    std::size_t chunkRecords, Sink sink)
{
    SyntheticTrace trace(options);
    std::vector<Event> records;
    while (!trace.atEnd()) {
        records.clear();
        trace.generate(records, chunkRecords);
        if (records.empty())
            break;
        accountant.add(records);
        accountant.releaseUpTo(records.back().timestampNs);
        sink(accountant.takeChanges());
    }
    accountant.flush();
    sink(accountant.takeChanges());
}

} // namespace memtap::test
