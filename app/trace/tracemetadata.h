// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>

#include <cstdint>

namespace memtap {

// What the header and `#meta` lines of a v1 stream say about the recording.
struct TraceMetadata
{
    int formatVersion = 0; // 0 until the header line was read
    QByteArray backend; // "stap" or "bpftrace"
    QByteArray host;
    QByteArray kernelRelease;
    std::int64_t memTotalBytes = -1;
    std::int64_t pageSize = 4096;
    std::int64_t realtimeOffsetNs = 0; // CLOCK_REALTIME - CLOCK_MONOTONIC
    std::int64_t baselineStartNs = -1;

    bool hasHeader() const { return formatVersion != 0; }
};

} // namespace memtap
