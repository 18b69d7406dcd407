// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <vector>

namespace memtap {

// The bytes of live_timelines.samples (sql/sqlite/001_initial.sql): for each
// sample in order, the differences of ts_ns and live_bytes to the previous
// sample (the first to (0, 0)), zigzag-encoded, as LEB128 varints. About 4-6
// bytes per sample instead of 16, and one row per process.
class TimelineCodec
{
public:
    static QByteArray encode(const std::vector<LiveSample> &samples);
    // Nothing when bytes are not a whole encoding.
    static std::optional<std::vector<LiveSample>> decode(QByteArrayView bytes);
};

} // namespace memtap
