// SPDX-License-Identifier: GPL-2.0-or-later
#include "blockcounter.h"

namespace memtap {

BlockCounter::BlockCounter(int blockSize)
    : m_blockSize(blockSize)
{ }

BlockCounter::BlockCounter(const BlockCounter &other)
    : m_blockSize(other.m_blockSize)
    , m_block(other.m_block)
    , m_counts(other.m_counts)
{ }

BlockCounter &BlockCounter::operator=(const BlockCounter &other)
{
    m_blockSize = other.m_blockSize;
    m_block = other.m_block;
    m_counts = other.m_counts;
    m_last = nullptr;
    return *this;
}

void BlockCounter::appendCurrent(BlockCounts &out) const
{
    if (m_block < 0)
        return;
    std::map<std::pair<std::int64_t, std::uint8_t>, std::uint64_t> byName;
    std::uint64_t byCall[256] = {};
    for (const auto &[key, count] : m_counts) {
        out.byPid.push_back(BlockRow {m_block, key.pid, key.nameId, key.call, count});
        byName[{key.nameId, key.call}] += count;
        byCall[key.call] += count;
    }
    for (const auto &[key, count] : byName)
        out.byName.push_back(NameBlockRow {m_block, key.first, key.second, count});
    for (int call = 0; call < 256; ++call) {
        if (byCall[call])
            out.byCall.push_back(CallBlockRow {m_block, std::uint8_t(call), byCall[call]});
    }
}

} // namespace memtap
