// SPDX-License-Identifier: GPL-2.0-or-later
#include "nodepool.h"

namespace memtap {

NodePool::NodePool(std::pmr::memory_resource *upstream)
    : m_upstream(upstream)
{ }

NodePool::~NodePool()
{
    for (const auto &[block, bytes] : m_blocks)
        m_upstream->deallocate(block, bytes, alignof(std::max_align_t));
}

void *NodePool::do_allocate(std::size_t bytes, std::size_t alignment)
{
    if (bytes == 0 || bytes > granule * sizeClasses || alignment > granule)
        return m_upstream->allocate(bytes, alignment);
    const std::size_t sizeClass = (bytes - 1) / granule;
    if (!m_free[sizeClass])
        refill(sizeClass);
    FreeObject *object = m_free[sizeClass];
    m_free[sizeClass] = object->next;
    return object;
}

void NodePool::do_deallocate(void *object, std::size_t bytes, std::size_t alignment)
{
    if (bytes == 0 || bytes > granule * sizeClasses || alignment > granule) {
        m_upstream->deallocate(object, bytes, alignment);
        return;
    }
    const std::size_t sizeClass = (bytes - 1) / granule;
    auto *freed = static_cast<FreeObject *>(object);
    freed->next = m_free[sizeClass];
    m_free[sizeClass] = freed;
}

void NodePool::refill(std::size_t sizeClass)
{
    const std::size_t objectBytes = (sizeClass + 1) * granule;
    const std::size_t blockBytes = objectBytes * objectsPerBlock;
    auto *block
        = static_cast<std::byte *>(m_upstream->allocate(blockBytes, alignof(std::max_align_t)));
    m_blocks.emplace_back(block, blockBytes);
    m_reservedBytes += blockBytes;
    // Threaded so that the block is handed out front to back.
    for (std::size_t i = objectsPerBlock; i-- > 0;) {
        auto *object = reinterpret_cast<FreeObject *>(block + i * objectBytes);
        object->next = m_free[sizeClass];
        m_free[sizeClass] = object;
    }
}

} // namespace memtap
