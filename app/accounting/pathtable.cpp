// SPDX-License-Identifier: GPL-2.0-or-later
#include "pathtable.h"

#include "trace/byteshash.h"

namespace memtap {

// Qt's qHash of a QByteArray was 4-5 % of the accountant's time: a
// baseline's map lines are about a third of a capture's records, each a
// lookup.
std::size_t qHash(PathTable::Key key, std::size_t seed) noexcept
{
    return hashBytes(key.path, seed);
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
