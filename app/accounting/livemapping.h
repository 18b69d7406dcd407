// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>

#include <cstdint>

namespace memtap {

// One live mapped range of a process, for the per-process detail view.
struct LiveMapping
{
    std::uint64_t start = 0;
    std::uint64_t end = 0; // exclusive
    std::uint64_t prot = 0;
    std::uint64_t flags = 0; // MAP_SHARED / MAP_PRIVATE, MAP_ANONYMOUS, ...
    std::int64_t fd = -1; // for mappings made by a traced mmap
    std::uint64_t offset = 0; // file offset
    QByteArray path; // from the baseline: file path or [heap], [stack], ...

    std::uint64_t size() const { return end - start; }
};

// A point of a process's live-bytes timeline.
struct LiveSample
{
    std::int64_t timestampNs = 0;
    std::uint64_t liveBytes = 0;

    friend bool operator==(const LiveSample &, const LiveSample &) = default;
};

} // namespace memtap
