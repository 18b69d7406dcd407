// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace memtap::varint {

// The stored blobs (live_timelines.samples, baseline_records.maps) hold
// numbers as LEB128 varints, signed ones zigzag-encoded, and series as
// differences that wrap modulo 2^64, so that every value round-trips.

constexpr qsizetype maxBytes = 10;

// Writes value at out and returns the position after it.
inline char *write(char *out, std::uint64_t value)
{
    while (value >= 0x80) {
        *out++ = char((value & 0x7f) | 0x80);
        value >>= 7;
    }
    *out++ = char(value);
    return out;
}

inline void append(QByteArray &out, std::uint64_t value)
{
    char bytes[maxBytes];
    out.append(bytes, write(bytes, value) - bytes);
}

inline std::uint64_t zigzag(std::int64_t value)
{
    return (std::uint64_t(value) << 1) ^ std::uint64_t(value >> 63);
}

inline std::int64_t unzigzag(std::uint64_t value)
{
    return std::int64_t(value >> 1) ^ -std::int64_t(value & 1);
}

inline std::int64_t difference(std::int64_t value, std::int64_t base)
{
    return std::int64_t(std::uint64_t(value) - std::uint64_t(base));
}

inline std::int64_t undoDifference(std::int64_t delta, std::int64_t base)
{
    return std::int64_t(std::uint64_t(base) + std::uint64_t(delta));
}

// Reads the varint at `at` and moves past it; false when bytes end inside
// it or it is longer than a 64-bit value.
inline bool read(QByteArrayView bytes, qsizetype &at, std::uint64_t *value)
{
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.size())
            return false;
        const auto byte = std::uint8_t(bytes[at++]);
        result |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *value = result;
            return true;
        }
    }
    return false;
}

} // namespace memtap::varint
