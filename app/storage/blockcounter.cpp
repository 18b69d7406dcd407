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

void BlockCounter::appendCurrent(std::vector<BlockRow> &out) const
{
    if (m_block < 0)
        return;
    for (const auto &[key, count] : m_counts)
        out.push_back(BlockRow {m_block, key.pid, key.nameId, key.call, count});
}

} // namespace memtap
