// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

namespace memtap {

// A hash of the short byte strings of trace records (process names, file
// paths) for the tables that look one up per record. Qt's qHash of a
// QByteArray uses the CPU's AES instructions where it has them, and virtual
// machines that emulate those (this project's CI machines among them) made it
// cost about 100 ns a name against 5 for this. Every byte counts, since
// natural paths can differ anywhere: containers' copies of one library differ
// only in the middle.
std::size_t hashBytes(QByteArrayView bytes, std::size_t seed) noexcept;

// A QByteArray as a QHash key hashed with hashBytes(). Lookups can wrap a
// view in one with QByteArray::fromRawData, without a copy.
struct BytesKey
{
    QByteArray bytes;

    friend bool operator==(const BytesKey &a, const BytesKey &b) noexcept
    {
        return a.bytes == b.bytes;
    }
    friend std::size_t qHash(const BytesKey &key, std::size_t seed) noexcept
    {
        return hashBytes(key.bytes, seed);
    }
};

} // namespace memtap
