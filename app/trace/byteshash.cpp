// SPDX-License-Identifier: GPL-2.0-or-later
#include "byteshash.h"

#include <cstdint>
#include <cstring>

namespace memtap {

std::size_t hashBytes(QByteArrayView bytes, std::size_t seed) noexcept
{
    // Eight bytes a step, each step a multiply and a fold of the high half.
    constexpr std::uint64_t multiplier = 0x9e3779b97f4a7c15ULL;
    const char *data = bytes.data();
    std::size_t size = std::size_t(bytes.size());
    std::uint64_t hash = (seed ^ size) * multiplier;
    const auto mix = [&hash](std::uint64_t word) {
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 32;
    };
    std::uint64_t word = 0;
    for (; size >= 8; size -= 8, data += 8) {
        std::memcpy(&word, data, 8);
        mix(word);
    }
    if (size > 0) {
        word = 0;
        std::memcpy(&word, data, size);
        mix(word);
    }
    return std::size_t(hash);
}

} // namespace memtap
