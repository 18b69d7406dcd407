// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>

#include <cstdint>
#include <vector>

namespace memtap {

// The file paths of mapped ranges ("/usr/lib/libc.so.6", "[heap]"), one copy
// each, named by a small number, so that a range is a few plain words that
// move and copy without touching a reference count: the address spaces of a
// session hold hundreds of thousands of ranges but a few thousand paths.
//
// Each range that names a path holds a reference; a path goes when its last
// range does, so the table follows the ranges alive however long a capture
// runs. The copies are deep: the batches a path came from are read and freed
// by other threads. Single-threaded, like the address spaces that share it.
class PathTable
{
public:
    using Id = std::uint32_t;
    static constexpr Id noPath = 0; // the empty path, never counted

    PathTable();

    // The id of path with one more reference; noPath for an empty path.
    Id acquire(const QByteArray &path);
    void retain(Id id)
    {
        if (id != noPath)
            ++m_entries[id].references;
    }
    void release(Id id)
    {
        if (id != noPath && --m_entries[id].references == 0)
            forget(id);
    }
    const QByteArray &path(Id id) const { return m_entries[id].path; }
    std::uint32_t references(Id id) const { return m_entries[id].references; }

    // Paths with at least one reference.
    std::size_t size() const { return std::size_t(m_ids.size()); }

private:
    void forget(Id id);

    struct Entry
    {
        QByteArray path;
        std::uint32_t references = 0;
    };
    // A view of an entry's path; hashed cheaply (see pathtable.cpp).
    struct Key
    {
        QByteArrayView path;
        friend bool operator==(Key a, Key b) noexcept { return a.path == b.path; }
    };
    friend std::size_t qHash(Key key, std::size_t seed) noexcept;

    std::vector<Entry> m_entries; // by id; [noPath] stays empty
    QHash<Key, Id> m_ids;
    std::vector<Id> m_freeIds;
    // A file's map lines come one after another (text, data, bss, ...).
    Id m_lastAcquired = noPath;
};

} // namespace memtap
