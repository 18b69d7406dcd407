// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaType>

#include <cstdint>
#include <vector>

namespace memtap {

// Everything memtap knows about one process of a capture session: who it is,
// what it asked for (the naive figures the original tool showed) and what it
// holds now (the exact live figures from address-range accounting).
struct ProcessFigures
{
    // Unique within a session: a pid that is reused gets a new key.
    std::uint64_t processKey = 0;
    std::int32_t pid = 0;
    std::int32_t ppid = -1;
    std::int64_t uid = -1;
    QByteArray name; // comm, as of the last exec or baseline
    QByteArray cmdline; // arguments separated by NUL, where known
    std::int64_t firstSeenNs = 0;
    std::int64_t lastSeenNs = 0;
    std::int64_t exitNs = -1; // -1 while alive
    std::int64_t exitStatus = 0;

    std::uint64_t mmapCalls = 0; // including failed ones
    std::uint64_t munmapCalls = 0;
    std::uint64_t mremapCalls = 0;
    std::uint64_t brkCalls = 0;
    std::uint64_t failedCalls = 0;
    // Successful mmap lengths + mremap growth + brk growth, as requested (not page-rounded).
    std::uint64_t requestedBytes = 0;
    // Successful munmap lengths + mremap shrinkage + brk shrinkage.
    std::uint64_t releasedBytes = 0;
    // Requested minus released, clamped at zero: the naive figure as the
    // original tool computed it (issue 5), drift included.
    std::uint64_t netBytes() const
    {
        return requestedBytes > releasedBytes ? requestedBytes - releasedBytes : 0;
    }

    // Exact bytes of the live mapped ranges, excluding the kernel-managed
    // [stack], [vvar], [vvar_vclock], [vdso] and [vsyscall] regions.
    std::uint64_t liveBytes = 0;
    std::uint64_t liveAnonymousBytes = 0;
    std::uint64_t liveFileBytes = 0;
    std::uint64_t livePrivateBytes = 0;
    std::uint64_t liveSharedBytes = 0;
    // False until a baseline (/proc/PID/maps) or a fork from a known parent
    // made the live figures exact.
    bool liveExact = false;
};

// The processes that changed since the previous update, sent to the GUI and
// the store at a bounded rate.
using ProcessUpdate = std::vector<ProcessFigures>;

} // namespace memtap

Q_DECLARE_METATYPE(memtap::ProcessUpdate)
