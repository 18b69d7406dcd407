// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/call.h"

#include <QByteArray>

#include <cstdint>
#include <optional>

namespace memtap {

// Which events (and, without call, which processes) a view shows: every
// condition that is set must hold.
struct RequestFilter
{
    enum class NameMatch {
        Exact, // the name's bytes equal name
        Contains, // name occurs in it, ASCII letters compared case-insensitively
    };

    std::optional<std::int32_t> pid;
    // Empty: any name. Bytes, as names are (see TraceEscaping for typing them).
    QByteArray name;
    NameMatch nameMatch = NameMatch::Exact;
    std::optional<Call> call;

    bool isEmpty() const { return !pid && name.isEmpty() && !call; }
    bool matchesName(QByteArrayView candidate) const;

    friend bool operator==(const RequestFilter &, const RequestFilter &) = default;
};

} // namespace memtap
