// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDateTime>

#include <cstdint>

namespace memtap {

// Now, as the database keeps wall-clock times: UTC nanoseconds since the Unix
// epoch (sessions.created_at_ns, ended_at_ns, heartbeat_at_ns,
// schema_version.applied_at_ns).
inline std::int64_t wallClockNowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

} // namespace memtap
