// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <memory_resource>
#include <utility>
#include <vector>

namespace memtap {

// Memory for many small, equally sized objects that come and go all the
// time from one thread: the nodes of the AddressSpace maps. A free list per
// size class, refilled a block at a time; freed nodes are reused, and the
// blocks go back upstream only when the pool is destroyed. Not thread-safe.
class NodePool : public std::pmr::memory_resource
{
public:
    explicit NodePool(std::pmr::memory_resource *upstream = std::pmr::new_delete_resource());
    ~NodePool() override;
    NodePool(const NodePool &) = delete;
    NodePool &operator=(const NodePool &) = delete;

    // Bytes taken from upstream for small objects, in use or free.
    std::size_t reservedBytes() const { return m_reservedBytes; }

private:
    static constexpr std::size_t granule = 16;
    static constexpr std::size_t sizeClasses = 16; // objects up to 256 bytes
    static constexpr std::size_t objectsPerBlock = 128;

    struct FreeObject
    {
        FreeObject *next;
    };

    void *do_allocate(std::size_t bytes, std::size_t alignment) override;
    void do_deallocate(void *object, std::size_t bytes, std::size_t alignment) override;
    bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override
    {
        return this == &other;
    }
    void refill(std::size_t sizeClass);

    std::pmr::memory_resource *m_upstream;
    std::array<FreeObject *, sizeClasses> m_free {};
    std::vector<std::pair<void *, std::size_t>> m_blocks;
    std::size_t m_reservedBytes = 0;
};

} // namespace memtap
