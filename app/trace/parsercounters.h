// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "call.h"

#include <array>
#include <cstdint>

namespace memtap {

struct ParserCounters
{
    std::uint64_t lines = 0; // every line seen, of any kind
    std::uint64_t records = 0; // records accepted (events and baseline records)
    std::uint64_t malformed = 0; // lines that looked like records but did not parse
    std::uint64_t lostEvents = 0; // events the tracer reported as dropped
    std::uint64_t tracerMessages = 0; // other tracer output ("Attaching 14 probes...")
    std::array<std::uint64_t, callCount> byCall {};

    std::uint64_t events() const
    {
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < callCount; ++i) {
            if (!isBaselineRecord(static_cast<Call>(i)))
                sum += byCall[i];
        }
        return sum;
    }
};

} // namespace memtap
