// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <QMetaType>

#include <cstdint>
#include <vector>

namespace memtap {

// What the process detail view shows for one process, taken from the
// Accountant (liveMappings(), liveTimeline()) in the thread that owns it and
// sent to the window by value.
struct ProcessDetail
{
    std::uint64_t processKey = 0;
    std::vector<LiveMapping> mappings;
    std::vector<LiveSample> timeline;
    // The time up to which the mappings and the timeline's last sample are
    // known to hold (Accountant::knownUntilNs()), -1 when unknown.
    std::int64_t knownUntilNs = -1;
};

} // namespace memtap

Q_DECLARE_METATYPE(memtap::ProcessDetail)
