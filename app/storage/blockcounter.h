// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/rowinserter.h"

#include "trace/call.h"
#include <map>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace memtap {

// Counts the events of the block being written per (pid, name, call), and
// from those per (name, call) and per call: the rows of the block_counts_*
// tables (sql/sqlite/001_initial.sql). A value type, so that the writer can
// restore it when a transaction fails.
class BlockCounter
{
public:
    explicit BlockCounter(int blockSize = 1024);

    int blockSize() const { return m_blockSize; }
    static std::int64_t blockOf(std::int64_t eventId, int blockSize)
    {
        return (eventId - 1) / blockSize;
    }

    // Counts event id (1-based, ascending); appends the rows of the previous
    // block to completed when id starts the next one.
    void add(
        std::int64_t id, std::int32_t pid, std::int64_t nameId, Call call, BlockCounts &completed)
    {
        const std::int64_t block = blockOf(id, m_blockSize);
        if (block != m_block) {
            appendCurrent(completed);
            m_counts.clear();
            m_block = block;
            m_last = nullptr;
        }
        const Key key {pid, static_cast<std::uint8_t>(call), nameId};
        if (m_last && m_lastKey == key) {
            ++*m_last;
            return;
        }
        std::uint64_t &count = m_counts[key];
        ++count;
        m_last = &count;
        m_lastKey = key;
    }

    // The rows of the block still being filled, as they stand.
    void appendCurrent(BlockCounts &out) const;

    BlockCounter(const BlockCounter &other);
    BlockCounter &operator=(const BlockCounter &other);

private:
    struct Key
    {
        std::int32_t pid = 0;
        std::uint8_t call = 0;
        std::int64_t nameId = 0;
        bool operator==(const Key &) const = default;
    };
    struct KeyHash
    {
        std::size_t operator()(const Key &key) const
        {
            std::uint64_t h = std::uint64_t(std::uint32_t(key.pid)) * 0x9E3779B97F4A7C15ull;
            h ^= std::uint64_t(key.nameId) * 0xC2B2AE3D27D4EB4Full + key.call;
            return std::size_t(h ^ (h >> 29));
        }
    };

    int m_blockSize;
    std::int64_t m_block = -1;
    std::unordered_map<Key, std::uint64_t, KeyHash> m_counts;
    // Consecutive events mostly come from the same process and call.
    std::uint64_t *m_last = nullptr;
    Key m_lastKey;
};

} // namespace memtap
