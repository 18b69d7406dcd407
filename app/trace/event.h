// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "call.h"
#include "processname.h"

#include <QByteArray>

#include <cstdint>

namespace memtap {

// One record of the trace line format v1 (probes/README.md), decoded.
// Plain data: batches of these move between threads by value.
struct Event
{
    std::int64_t timestampNs = 0; // CLOCK_MONOTONIC of the traced host
    std::int32_t pid = 0;
    std::int32_t tid = 0;
    std::int32_t ppid = -1;
    std::int64_t uid = -1;
    Call call = Call::Mmap;
    std::uint64_t address = 0;
    std::uint64_t length = 0;
    std::uint64_t prot = 0;
    std::uint64_t flags = 0;
    std::int64_t fd = -1;
    std::uint64_t offset = 0;
    std::int64_t result = 0;
    // The process name (comm) for calls that carry one.
    ProcessName name;
    // Decoded text of `map` (path) and `cmdline` lines; null for every other call,
    // so it costs nothing on the hot path.
    QByteArray text;

    bool failed() const { return isFailedCall(call, result); }
};

} // namespace memtap
