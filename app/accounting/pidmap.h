// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace memtap {

// Pid to object, for the lookup every record makes: open addressing with
// linear probing in one array, so that a lookup is one hashed position and
// usually one cache line, where a node-based map follows two pointers.
// Values are non-null pointers the map does not own.
template<typename T> class PidMap
{
public:
    T *value(std::int32_t pid) const
    {
        if (m_size == 0)
            return nullptr;
        for (std::size_t slot = home(pid);; slot = (slot + 1) & mask()) {
            const Slot &candidate = m_slots[slot];
            if (!candidate.value)
                return nullptr;
            if (candidate.pid == pid)
                return candidate.value;
        }
    }

    // Brings the place where pid's lookup starts into the cache.
    void prefetch(std::int32_t pid) const
    {
        if (m_size != 0)
            __builtin_prefetch(&m_slots[home(pid)]);
    }

    // Sets or replaces the value of pid.
    void insert(std::int32_t pid, T *value)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        std::size_t slot = home(pid);
        while (m_slots[slot].value && m_slots[slot].pid != pid)
            slot = (slot + 1) & mask();
        if (!m_slots[slot].value)
            ++m_size;
        m_slots[slot] = {pid, value};
    }

    bool erase(std::int32_t pid)
    {
        if (m_size == 0)
            return false;
        std::size_t slot = home(pid);
        for (;; slot = (slot + 1) & mask()) {
            if (!m_slots[slot].value)
                return false;
            if (m_slots[slot].pid == pid)
                break;
        }
        // Backward shift: entries after the hole that would no longer be
        // found from their home move into it, so no tombstones build up.
        std::size_t hole = slot;
        for (std::size_t next = (hole + 1) & mask(); m_slots[next].value;
             next = (next + 1) & mask()) {
            const std::size_t nextHome = home(m_slots[next].pid);
            // Whether nextHome lies cyclically in (hole, next]: then the
            // entry stays where it is.
            const bool staysReachable = hole <= next ? (hole < nextHome && nextHome <= next)
                                                     : (hole < nextHome || nextHome <= next);
            if (staysReachable)
                continue;
            m_slots[hole] = m_slots[next];
            hole = next;
        }
        m_slots[hole] = {};
        --m_size;
        return true;
    }

    template<typename Function> void forEach(Function function) const
    {
        for (const Slot &slot : m_slots) {
            if (slot.value)
                function(slot.pid, slot.value);
        }
    }

    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

private:
    struct Slot
    {
        std::int32_t pid = 0;
        T *value = nullptr; // null: free
    };

    std::size_t mask() const { return m_slots.size() - 1; }
    std::size_t home(std::int32_t pid) const
    {
        // Fibonacci hashing: pids are mostly consecutive numbers.
        return std::size_t((std::uint64_t(std::uint32_t(pid)) * 0x9E3779B97F4A7C15ull) >> 32)
            & mask();
    }
    void grow()
    {
        std::vector<Slot> old
            = std::exchange(m_slots, std::vector<Slot>(m_slots.empty() ? 64 : 2 * m_slots.size()));
        m_size = 0;
        for (const Slot &slot : old) {
            if (slot.value)
                insert(slot.pid, slot.value);
        }
    }

    std::vector<Slot> m_slots; // a power of two in size, at most half full
    std::size_t m_size = 0;
};

} // namespace memtap
