// SPDX-License-Identifier: GPL-2.0-or-later
#include "addressspace.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace memtap {

namespace {

bool isPowerOfTwo(std::uint64_t value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

} // namespace

AddressSpace::AddressSpace(std::uint64_t pageSize)
    : m_pageSize(isPowerOfTwo(pageSize) ? pageSize : 4096)
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
    if (m_chunks.empty() || m_chunkEnds.back() <= start) {
        insertUnmapped(endPosition(), start, end, attributes);
        return;
    }
    std::uint64_t removed = 0;
    const Position next = remove(start, end, removed);
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
    Position position = firstEndingAfter(start);
    while (cursor < end) {
        if (!atEnd(position) && at(position).start <= cursor) {
            cursor = at(position).end;
            advance(position);
            continue;
        }
        const std::uint64_t gapEnd
            = (atEnd(position) || at(position).start >= end) ? end : at(position).start;
        MappingAttributes gapAttributes = attributes;
        gapAttributes.offset += cursor - start;
        position = insertUnmapped(position, cursor, gapEnd, gapAttributes);
        cursor = at(position).end;
        advance(position);
    }
}

std::vector<AddressSpace::Range> AddressSpace::rangesIn(
    std::uint64_t start, std::uint64_t end) const
{
    std::vector<Range> result;
    for (Position position = firstEndingAfter(start); !atEnd(position) && at(position).start < end;
         advance(position)) {
        Range range = at(position);
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
    const Position position = firstEndingAfter(address);
    if (atEnd(position) || at(position).start > address)
        return std::nullopt;
    return at(position);
}

std::uint64_t AddressSpace::mappedBytesIn(std::uint64_t start, std::uint64_t end) const
{
    std::uint64_t bytes = 0;
    for (Position position = firstEndingAfter(start); !atEnd(position) && at(position).start < end;
         advance(position))
        bytes += std::min(at(position).end, end) - std::max(at(position).start, start);
    return bytes;
}

std::vector<AddressSpace::Range> AddressSpace::ranges() const
{
    std::vector<Range> result;
    result.reserve(m_rangeCount);
    for (const Chunk &chunk : m_chunks)
        result.insert(result.end(), chunk.begin(), chunk.end());
    return result;
}

std::vector<LiveMapping> AddressSpace::liveMappings() const
{
    std::vector<LiveMapping> result;
    result.reserve(m_rangeCount);
    for (const Chunk &chunk : m_chunks) {
        for (const Range &range : chunk) {
            const MappingAttributes &attributes = range.attributes;
            result.push_back({range.start, range.end, attributes.prot, attributes.flags,
                attributes.fd, attributes.offset, attributes.path});
        }
    }
    return result;
}

void AddressSpace::clear()
{
    m_chunks.clear();
    m_chunkEnds.clear();
    m_rangeCount = 0;
    m_totals = {};
}

bool AddressSpace::retreat(Position &position) const
{
    if (position.index > 0) {
        --position.index;
        return true;
    }
    if (position.chunk == 0)
        return false;
    --position.chunk;
    position.index = m_chunks[position.chunk].size() - 1;
    return true;
}

AddressSpace::Position AddressSpace::firstEndingAfter(std::uint64_t address) const
{
    // Ranges are disjoint and sorted, so their ends are sorted too.
    const auto chunk = std::upper_bound(m_chunkEnds.begin(), m_chunkEnds.end(), address);
    if (chunk == m_chunkEnds.end())
        return endPosition();
    const auto chunkIndex = std::size_t(chunk - m_chunkEnds.begin());
    const Chunk &ranges = m_chunks[chunkIndex];
    const auto range = std::partition_point(ranges.begin(), ranges.end(),
        [address](const Range &candidate) { return candidate.end <= address; });
    return {chunkIndex, std::size_t(range - ranges.begin())};
}

AddressSpace::Chunk AddressSpace::newChunk()
{
    // A chunk's storage is allocated once, with room for the one range too
    // many that makes it split: growing it step by step cost more allocations
    // and moves than the ranges themselves (a baseline fills chunks one range
    // at a time).
    Chunk chunk;
    chunk.reserve(maxChunkSize + 1);
    return chunk;
}

AddressSpace::Position AddressSpace::insertAt(Position position, Range &&range)
{
    ++m_rangeCount;
    if (m_chunks.empty()) {
        m_chunks.push_back(newChunk());
        m_chunks.back().push_back(std::move(range));
        m_chunkEnds.push_back(m_chunks.back().back().end);
        return {0, 0};
    }
    if (atEnd(position)) {
        position = {m_chunks.size() - 1, m_chunks.back().size()};
    } else if (position.index == 0 && position.chunk > 0
        && m_chunks[position.chunk - 1].size() < maxChunkSize) {
        // Between two chunks: the end of the earlier one has room.
        --position.chunk;
        position.index = m_chunks[position.chunk].size();
    }
    if (position.index == maxChunkSize) {
        // Appending to a full chunk (ranges read in address order): a new
        // chunk starts, as the split below would leave it, without moving any.
        const std::size_t next = position.chunk + 1;
        m_chunks.insert(m_chunks.begin() + std::ptrdiff_t(next), newChunk());
        m_chunks[next].push_back(std::move(range));
        m_chunkEnds.insert(m_chunkEnds.begin() + std::ptrdiff_t(next), 0);
        updateChunkEnd(next);
        return {next, 0};
    }
    Chunk &chunk = m_chunks[position.chunk];
    chunk.insert(chunk.begin() + std::ptrdiff_t(position.index), std::move(range));
    if (chunk.size() <= maxChunkSize) {
        updateChunkEnd(position.chunk);
        return position;
    }
    // Full: split in halves, or, when appending, start a new chunk so that
    // ranges read in address order fill their chunks.
    const std::size_t keep
        = position.index == chunk.size() - 1 ? chunk.size() - 1 : chunk.size() / 2;
    Chunk tail = newChunk();
    tail.insert(tail.end(), std::make_move_iterator(chunk.begin() + std::ptrdiff_t(keep)),
        std::make_move_iterator(chunk.end()));
    chunk.erase(chunk.begin() + std::ptrdiff_t(keep), chunk.end());
    m_chunks.insert(m_chunks.begin() + std::ptrdiff_t(position.chunk + 1), std::move(tail));
    m_chunkEnds.insert(m_chunkEnds.begin() + std::ptrdiff_t(position.chunk + 1), 0);
    updateChunkEnd(position.chunk);
    updateChunkEnd(position.chunk + 1);
    if (position.index >= keep)
        return {position.chunk + 1, position.index - keep};
    return position;
}

AddressSpace::Position AddressSpace::eraseAt(Position position)
{
    --m_rangeCount;
    Chunk &chunk = m_chunks[position.chunk];
    chunk.erase(chunk.begin() + std::ptrdiff_t(position.index));
    if (chunk.empty()) {
        m_chunks.erase(m_chunks.begin() + std::ptrdiff_t(position.chunk));
        m_chunkEnds.erase(m_chunkEnds.begin() + std::ptrdiff_t(position.chunk));
        return {position.chunk, 0};
    }
    // Keep chunks from thinning out: a small one takes in the next when both
    // fit. The next range is then still at position.index.
    const std::size_t next = position.chunk + 1;
    if (chunk.size() < maxChunkSize / 4 && next < m_chunks.size()
        && chunk.size() + m_chunks[next].size() <= maxChunkSize) {
        chunk.insert(chunk.end(), std::make_move_iterator(m_chunks[next].begin()),
            std::make_move_iterator(m_chunks[next].end()));
        m_chunks.erase(m_chunks.begin() + std::ptrdiff_t(next));
        m_chunkEnds.erase(m_chunkEnds.begin() + std::ptrdiff_t(next));
    }
    updateChunkEnd(position.chunk);
    if (position.index == chunk.size())
        return {position.chunk + 1, 0};
    return position;
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

AddressSpace::Position AddressSpace::remove(
    std::uint64_t start, std::uint64_t end, std::uint64_t &removedBytes)
{
    Position position = firstEndingAfter(start);
    while (!atEnd(position) && at(position).start < end) {
        Range &range = at(position);
        const std::uint64_t rangeStart = range.start;
        const std::uint64_t rangeEnd = range.end;
        if (rangeStart < start) {
            if (rangeEnd > end) {
                // A hole in the middle: the range splits in two.
                Range right {end, rangeEnd, range.attributes};
                right.attributes.offset += end - rangeStart;
                range.end = start;
                count(range.attributes, end - start, false);
                removedBytes += end - start;
                updateChunkEnd(position.chunk);
                return insertAt({position.chunk, position.index + 1}, std::move(right));
            }
            range.end = start;
            count(range.attributes, rangeEnd - start, false);
            removedBytes += rangeEnd - start;
            updateChunkEnd(position.chunk);
            advance(position);
            continue;
        }
        if (rangeEnd > end) {
            // Only the head goes.
            count(range.attributes, end - rangeStart, false);
            removedBytes += end - rangeStart;
            range.attributes.offset += end - rangeStart;
            range.start = end;
            return position;
        }
        count(range.attributes, rangeEnd - rangeStart, false);
        removedBytes += rangeEnd - rangeStart;
        position = eraseAt(position);
    }
    return position;
}

AddressSpace::Position AddressSpace::insertUnmapped(
    Position next, std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes)
{
    count(attributes, end - start, true);
    Position previous = next;
    const bool hasPrevious = retreat(previous);
    const bool joinsPrevious = hasPrevious && at(previous).end == start
        && at(previous).attributes.continuesInto(attributes, start - at(previous).start);
    const bool joinsNext = !atEnd(next) && at(next).start == end
        && attributes.continuesInto(at(next).attributes, end - start);
    if (joinsPrevious) {
        if (joinsNext) {
            at(previous).end = at(next).end;
            updateChunkEnd(previous.chunk);
            eraseAt(next); // after previous: previous stays where it is
        } else {
            at(previous).end = end;
            updateChunkEnd(previous.chunk);
        }
        return previous;
    }
    if (joinsNext) {
        Range &range = at(next);
        range.start = start;
        range.attributes.offset = attributes.offset;
        return next;
    }
    return insertAt(next, Range {start, end, attributes});
}

} // namespace memtap
