// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/call.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace memtap {

// What the request log shows: every condition set must hold.
struct RequestFilter
{
    std::optional<std::int32_t> pid;
    // A substring of the process name, ignoring case; empty matches all.
    QString name;
    std::optional<Call> call;

    bool isEmpty() const { return !pid && name.isEmpty() && !call; }
    friend bool operator==(const RequestFilter &, const RequestFilter &) = default;
};

} // namespace memtap
