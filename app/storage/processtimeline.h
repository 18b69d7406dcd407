// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <cstdint>
#include <vector>

namespace memtap {

// The Accountant's live-bytes timeline of one process (already decimated),
// stored for the chart of past sessions; replaces what was stored before.
struct ProcessTimeline
{
    std::uint64_t processKey = 0;
    std::vector<LiveSample> samples;
};

} // namespace memtap
