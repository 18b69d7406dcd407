// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArrayView>

#include <array>
#include <cstdint>
#include <optional>

namespace memtap {

// The `call` field of a v1 record. The numeric values are stored in the
// database: append new values, never renumber.
enum class Call : std::uint8_t {
    Mmap = 0,
    Munmap = 1,
    Mremap = 2,
    Brk = 3,
    Fork = 4,
    Exec = 5,
    Exit = 6,
    Snapshot = 7,
    Map = 8,
    Cmdline = 9,
};

inline constexpr std::size_t callCount = 10;

inline constexpr std::array<const char *, callCount> callNames = {
    "mmap",
    "munmap",
    "mremap",
    "brk",
    "fork",
    "exec",
    "exit",
    "snapshot",
    "map",
    "cmdline",
};

constexpr const char *callName(Call call)
{
    return callNames[static_cast<std::size_t>(call)];
}

// Calls that request or release memory, as opposed to process life-cycle
// records and the helper's baseline records.
constexpr bool isMemoryCall(Call call)
{
    return call == Call::Mmap || call == Call::Munmap || call == Call::Mremap || call == Call::Brk;
}

// A memory call that returned an error (a negative errno) changed nothing.
constexpr bool isFailedCall(Call call, std::int64_t result)
{
    return result < 0 && isMemoryCall(call);
}

// Records the helper adds from /proc; they describe state, not calls, and are
// stored apart from the events.
constexpr bool isBaselineRecord(Call call)
{
    return call == Call::Snapshot || call == Call::Map || call == Call::Cmdline;
}

std::optional<Call> callFromName(QByteArrayView name);

} // namespace memtap
