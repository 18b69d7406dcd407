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
    // Set in a file of records that a database had not taken when writing
    // stopped (UnstoredRecordsFile): the session they belong to, as that
    // database knows it, and how that capture ended. An import into the same
    // database links the two sessions and ends the first.
    std::int64_t continuesSessionId = 0; // 0: none
    std::int64_t continuesSessionCreatedAtNs = 0; // wall clock, UTC ns
    std::int64_t continuesSessionEndedAtNs = 0; // wall clock, UTC ns
    QByteArray continuesSessionEndReason; // "user-stop", ...; empty when unknown

    bool hasHeader() const { return formatVersion != 0; }
};

} // namespace memtap
