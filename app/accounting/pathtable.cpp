// SPDX-License-Identifier: GPL-2.0-or-later
#include "pathtable.h"

#include <cstring>

namespace memtap {

// Paths share long prefixes ("/usr/lib/x86_64-linux-gnu/") and differ at
// their end: the length and the last 16 bytes tell them apart well enough
// for a table of a few thousand, at a fraction of hashing every byte (a
// baseline's map lines are a third of a capture's records, each a lookup).
std::size_t qHash(PathTable::Key key, std::size_t seed) noexcept
{
    const char *data = key.path.data();
    const std::size_t size = std::size_t(key.path.size());
    std::uint64_t first = 0, second = 0;
    if (size >= 16) {
        std::memcpy(&first, data + size - 16, 8);
        std::memcpy(&second, data + size - 8, 8);
    } else if (size >= 8) {
        std::memcpy(&first, data, 8);
        std::memcpy(&second, data + size - 8, 8);
    } else {
        std::memcpy(&first, data, size);
    }
    std::uint64_t hash = (first ^ seed) * 0x9e3779b97f4a7c15ULL;
    hash = (hash ^ (hash >> 29) ^ second ^ (std::uint64_t(size) << 48)) * 0xbf58476d1ce4e5b9ULL;
    return std::size_t(hash ^ (hash >> 31));
}

PathTable::PathTable()
    : m_entries(1)
{ }

PathTable::Id PathTable::acquire(const QByteArray &path)
{
    if (path.isEmpty())
        return noPath;
    if (m_lastAcquired != noPath && m_entries[m_lastAcquired].path == path) {
        ++m_entries[m_lastAcquired].references;
        return m_lastAcquired;
    }
    Id id;
    if (const auto known = m_ids.constFind(Key {path}); known != m_ids.constEnd()) {
        id = known.value();
    } else {
        if (m_freeIds.empty()) {
            id = Id(m_entries.size());
            m_entries.emplace_back();
        } else {
            id = m_freeIds.back();
            m_freeIds.pop_back();
        }
        m_entries[id].path = QByteArray(path.constData(), path.size());
        m_ids.insert(Key {m_entries[id].path}, id);
    }
    ++m_entries[id].references;
    m_lastAcquired = id;
    return id;
}

void PathTable::forget(Id id)
{
    Entry &entry = m_entries[id];
    m_ids.remove(Key {entry.path});
    entry.path = QByteArray();
    m_freeIds.push_back(id);
    if (m_lastAcquired == id)
        m_lastAcquired = noPath;
}

} // namespace memtap
