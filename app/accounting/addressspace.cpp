// SPDX-License-Identifier: GPL-2.0-or-later
#include "addressspace.h"

#include <limits>
#include <utility>

namespace memtap {

namespace {

bool isPowerOfTwo(std::uint64_t value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

} // namespace

AddressSpace::AddressSpace(std::uint64_t pageSize, std::pmr::memory_resource *memory)
    : m_pageSize(isPowerOfTwo(pageSize) ? pageSize : 4096)
    , m_ranges(memory)
{ }

AddressSpace::AddressSpace(const AddressSpace &other)
    : m_pageSize(other.m_pageSize)
    , m_ranges(other.m_ranges, other.m_ranges.get_allocator())
    , m_totals(other.m_totals)
{ }

std::uint64_t AddressSpace::pageAlignUp(std::uint64_t address) const
{
    if (address > addressLimit())
        return addressLimit();
    return (address + m_pageSize - 1) & ~(m_pageSize - 1);
}

std::uint64_t AddressSpace::saturatedEnd(std::uint64_t start, std::uint64_t length)
{
    constexpr auto top = std::numeric_limits<std::uint64_t>::max();
    return length > top - start ? top : start + length;
}

void AddressSpace::map(
    std::uint64_t start, std::uint64_t length, const MappingAttributes &attributes)
{
    if (length == 0)
        return;
    mapRange(pageAlignDown(start), pageAlignUp(saturatedEnd(start, length)), attributes);
}

std::uint64_t AddressSpace::unmap(std::uint64_t start, std::uint64_t length)
{
    if (length == 0)
        return 0;
    return unmapRange(pageAlignDown(start), pageAlignUp(saturatedEnd(start, length)));
}

void AddressSpace::mapRange(
    std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes)
{
    if (end <= start)
        return;
    // Baselines list ranges by address: appending past the last range needs
    // no search.
    if (m_ranges.empty() || m_ranges.rbegin()->second.end <= start) {
        insertUnmapped(m_ranges.end(), start, end, attributes);
        return;
    }
    std::uint64_t removed = 0;
    const auto next = remove(start, end, removed);
    insertUnmapped(next, start, end, attributes);
}

std::uint64_t AddressSpace::unmapRange(std::uint64_t start, std::uint64_t end)
{
    if (end <= start)
        return 0;
    std::uint64_t removed = 0;
    remove(start, end, removed);
    return removed;
}

void AddressSpace::fillGaps(
    std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes)
{
    std::uint64_t cursor = start;
    auto it = firstEndingAfter(start);
    while (cursor < end) {
        if (it != m_ranges.end() && it->first <= cursor) {
            cursor = it->second.end;
            ++it;
            continue;
        }
        const std::uint64_t gapEnd = (it == m_ranges.end() || it->first >= end) ? end : it->first;
        MappingAttributes gapAttributes = attributes;
        gapAttributes.offset += cursor - start;
        const auto holder = insertUnmapped(it, cursor, gapEnd, gapAttributes);
        cursor = holder->second.end;
        it = std::next(holder);
    }
}

std::vector<AddressSpace::Range> AddressSpace::rangesIn(
    std::uint64_t start, std::uint64_t end) const
{
    std::vector<Range> result;
    for (auto it = firstEndingAfter(start); it != m_ranges.end() && it->first < end; ++it) {
        Range range {it->first, it->second.end, it->second.attributes};
        if (range.start < start) {
            range.attributes.offset += start - range.start;
            range.start = start;
        }
        if (range.end > end)
            range.end = end;
        result.push_back(std::move(range));
    }
    return result;
}

std::optional<AddressSpace::Range> AddressSpace::rangeAt(std::uint64_t address) const
{
    const auto it = firstEndingAfter(address);
    if (it == m_ranges.end() || it->first > address)
        return std::nullopt;
    return Range {it->first, it->second.end, it->second.attributes};
}

std::uint64_t AddressSpace::mappedBytesIn(std::uint64_t start, std::uint64_t end) const
{
    std::uint64_t bytes = 0;
    for (auto it = firstEndingAfter(start); it != m_ranges.end() && it->first < end; ++it)
        bytes += std::min(it->second.end, end) - std::max(it->first, start);
    return bytes;
}

std::vector<AddressSpace::Range> AddressSpace::ranges() const
{
    std::vector<Range> result;
    result.reserve(m_ranges.size());
    for (const auto &[start, entry] : m_ranges)
        result.push_back({start, entry.end, entry.attributes});
    return result;
}

std::vector<LiveMapping> AddressSpace::liveMappings() const
{
    std::vector<LiveMapping> result;
    result.reserve(m_ranges.size());
    for (const auto &[start, entry] : m_ranges) {
        const MappingAttributes &attributes = entry.attributes;
        result.push_back({start, entry.end, attributes.prot, attributes.flags, attributes.fd,
            attributes.offset, attributes.path});
    }
    return result;
}

void AddressSpace::clear()
{
    m_ranges.clear();
    m_totals = {};
}

AddressSpace::Map::iterator AddressSpace::firstEndingAfter(std::uint64_t address)
{
    auto it = m_ranges.upper_bound(address);
    if (it != m_ranges.begin()) {
        const auto previous = std::prev(it);
        if (previous->second.end > address)
            return previous;
    }
    return it;
}

AddressSpace::Map::const_iterator AddressSpace::firstEndingAfter(std::uint64_t address) const
{
    auto it = m_ranges.upper_bound(address);
    if (it != m_ranges.begin()) {
        const auto previous = std::prev(it);
        if (previous->second.end > address)
            return previous;
    }
    return it;
}

void AddressSpace::count(const MappingAttributes &attributes, std::uint64_t bytes, bool add)
{
    const auto apply = [bytes, add](std::uint64_t &total) {
        if (add)
            total += bytes;
        else
            total -= bytes;
    };
    apply(m_totals.mappedBytes);
    if (isKernelManaged(attributes.kind))
        return;
    apply(m_totals.liveBytes);
    apply(attributes.isAnonymous() ? m_totals.anonymousBytes : m_totals.fileBytes);
    apply(attributes.isShared() ? m_totals.sharedBytes : m_totals.privateBytes);
}

AddressSpace::Map::iterator AddressSpace::remove(
    std::uint64_t start, std::uint64_t end, std::uint64_t &removedBytes)
{
    auto it = firstEndingAfter(start);
    while (it != m_ranges.end() && it->first < end) {
        const std::uint64_t rangeStart = it->first;
        Entry &entry = it->second;
        const std::uint64_t rangeEnd = entry.end;
        if (rangeStart < start) {
            if (rangeEnd > end) {
                // A hole in the middle: the range splits in two.
                MappingAttributes right = entry.attributes;
                right.offset += end - rangeStart;
                entry.end = start;
                count(entry.attributes, end - start, false);
                removedBytes += end - start;
                return m_ranges.emplace_hint(
                    std::next(it), end, Entry {rangeEnd, std::move(right)});
            }
            entry.end = start;
            count(entry.attributes, rangeEnd - start, false);
            removedBytes += rangeEnd - start;
            ++it;
            continue;
        }
        if (rangeEnd > end) {
            // Only the head goes: re-key the node rather than reallocate it.
            count(entry.attributes, end - rangeStart, false);
            removedBytes += end - rangeStart;
            auto node = m_ranges.extract(it++);
            node.key() = end;
            node.mapped().attributes.offset += end - rangeStart;
            return m_ranges.insert(it, std::move(node));
        }
        count(entry.attributes, rangeEnd - rangeStart, false);
        removedBytes += rangeEnd - rangeStart;
        it = m_ranges.erase(it);
    }
    return it;
}

AddressSpace::Map::iterator AddressSpace::insertUnmapped(
    Map::iterator next, std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes)
{
    count(attributes, end - start, true);
    const auto previous = next == m_ranges.begin() ? m_ranges.end() : std::prev(next);
    const bool joinsPrevious = previous != m_ranges.end() && previous->second.end == start
        && previous->second.attributes.continuesInto(attributes, start - previous->first);
    const bool joinsNext = next != m_ranges.end() && next->first == end
        && attributes.continuesInto(next->second.attributes, end - start);
    if (joinsPrevious) {
        if (joinsNext) {
            previous->second.end = next->second.end;
            m_ranges.erase(next);
        } else {
            previous->second.end = end;
        }
        return previous;
    }
    if (joinsNext) {
        auto node = m_ranges.extract(next++);
        node.key() = start;
        node.mapped().attributes.offset = attributes.offset;
        return m_ranges.insert(next, std::move(node));
    }
    return m_ranges.emplace_hint(next, start, Entry {end, attributes});
}

} // namespace memtap
