// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>

#include <cstdint>

namespace memtap {

// ISO 8601 in UTC with nanoseconds, "2024-05-01T12:34:56.123456789Z", for
// exported times (nanoseconds since the Unix epoch).
class IsoTime
{
public:
    static QByteArray fromNanoseconds(std::int64_t nsSinceEpoch);
};

} // namespace memtap
