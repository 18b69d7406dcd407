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

// The index of the first of count (> 0) items whose key exceeds value, where
// keys ascend and the last one does exceed it. Without branches on the
// comparisons: where a lookup goes is as random as the addresses, and
// mispredicted steps cost more than the loads.
std::size_t firstGreater(const std::uint64_t *keys, std::size_t count, std::uint64_t value)
{
    const std::uint64_t *base = keys;
    while (count > 1) {
        const std::size_t half = count / 2;
        // A multiplication, not a conditional: compilers turn the latter
        // into a branch.
        base += half * std::size_t(base[half - 1] <= value);
        count -= half;
    }
    return std::size_t(base - keys) + std::size_t(*base <= value);
}

// The same answer for a short array, read whole: how many keys are not after
// value. Its loads do not wait for one another as a binary search's do, so
// when the array is not in the cache (a chunk's ranges seldom are) they miss
// together instead of one after the other; a bench_accounting stream of 1.5 M
// records ran 5 % faster.
template<typename Item, typename Key>
std::size_t countNotAfter(const Item *items, std::size_t count, std::uint64_t value, Key key)
{
    std::size_t notAfter = 0;
    for (std::size_t i = 0; i < count; ++i)
        notAfter += std::size_t(key(items[i]) <= value);
    return notAfter;
}

// Up to this many chunks (four cache lines of ends), their ends are read
// whole too.
constexpr std::size_t chunkEndsReadWhole = 32;

} // namespace

AddressSpace::AddressSpace(std::uint64_t pageSize, std::shared_ptr<PathTable> paths)
    : m_pageSize(isPowerOfTwo(pageSize) ? pageSize : 4096)
    , m_paths(paths ? std::move(paths) : std::make_shared<PathTable>())
{ }

AddressSpace::AddressSpace(const AddressSpace &other)
    : m_pageSize(other.m_pageSize)
    , m_chunks(other.m_chunks)
    , m_chunkEnds(other.m_chunkEnds)
    , m_rangeCount(other.m_rangeCount)
    , m_totals(other.m_totals)
    , m_paths(other.m_paths)
{
    for (const Chunk &chunk : m_chunks) {
        for (const StoredRange &range : chunk)
            m_paths->retain(range.path);
    }
}

AddressSpace::AddressSpace(AddressSpace &&other) noexcept
    : m_pageSize(other.m_pageSize)
    , m_chunks(std::exchange(other.m_chunks, {}))
    , m_chunkEnds(std::exchange(other.m_chunkEnds, {}))
    , m_rangeCount(std::exchange(other.m_rangeCount, 0))
    , m_totals(std::exchange(other.m_totals, {}))
    , m_paths(other.m_paths)
{ }

AddressSpace &AddressSpace::operator=(const AddressSpace &other)
{
    if (this != &other)
        *this = AddressSpace(other);
    return *this;
}

AddressSpace &AddressSpace::operator=(AddressSpace &&other) noexcept
{
    if (this == &other)
        return *this;
    dropAllRanges();
    m_pageSize = other.m_pageSize;
    m_chunks = std::exchange(other.m_chunks, {});
    m_chunkEnds = std::exchange(other.m_chunkEnds, {});
    m_rangeCount = std::exchange(other.m_rangeCount, 0);
    m_totals = std::exchange(other.m_totals, {});
    m_paths = other.m_paths;
    return *this;
}

AddressSpace::~AddressSpace()
{
    dropAllRanges();
}

void AddressSpace::dropAllRanges()
{
    for (Chunk &chunk : m_chunks) {
        for (const StoredRange &range : chunk)
            m_paths->release(range.path);
        recycle(std::move(chunk));
    }
    m_chunks.clear();
}

AddressSpace::StoredRange AddressSpace::store(
    std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes)
{
    StoredRange range;
    range.start = start;
    range.end = end;
    range.offset = attributes.offset;
    range.prot = attributes.prot;
    range.flags = attributes.flags;
    range.fd = attributes.fd;
    range.path = m_paths->acquire(attributes.path);
    range.kind = attributes.kind;
    range.hugePageShift = attributes.hugePageShift;
    return range;
}

AddressSpace::Range AddressSpace::expand(const StoredRange &range) const
{
    Range expanded;
    expanded.start = range.start;
    expanded.end = range.end;
    MappingAttributes &attributes = expanded.attributes;
    attributes.prot = range.prot;
    attributes.flags = range.flags;
    attributes.fd = range.fd;
    attributes.kind = range.kind;
    attributes.hugePageShift = range.hugePageShift;
    attributes.offset = range.offset;
    if (range.path != PathTable::noPath)
        attributes.path = m_paths->path(range.path);
    return expanded;
}

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
    const StoredRange range = store(start, end, attributes);
    mapStored(range);
    m_paths->release(range.path);
}

void AddressSpace::mapStored(const StoredRange &range)
{
    // Baselines list ranges by address: appending past the last range needs
    // no search.
    if (m_chunks.empty() || m_chunkEnds.back() <= range.start) {
        insertUnmapped(endPosition(), range);
        return;
    }
    std::uint64_t removed = 0;
    const Position next = remove(range.start, range.end, removed);
    insertUnmapped(next, range);
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
    if (end <= start)
        return;
    const StoredRange pattern = store(start, end, attributes);
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
        StoredRange gap = pattern;
        gap.start = cursor;
        gap.end = gapEnd;
        gap.offset += cursor - start;
        position = insertUnmapped(position, gap);
        cursor = at(position).end;
        advance(position);
    }
    m_paths->release(pattern.path);
}

std::vector<AddressSpace::Range> AddressSpace::rangesIn(
    std::uint64_t start, std::uint64_t end) const
{
    std::vector<Range> result;
    for (Position position = firstEndingAfter(start); !atEnd(position) && at(position).start < end;
         advance(position)) {
        Range range = expand(at(position));
        if (range.start < start) {
            range.attributes.offset += start - range.start;
            range.start = start;
        }
        if (range.end > end)
            range.end = end;
        result.push_back(range);
    }
    return result;
}

std::optional<AddressSpace::Range> AddressSpace::rangeAt(std::uint64_t address) const
{
    const Position position = firstEndingAfter(address);
    if (atEnd(position) || at(position).start > address)
        return std::nullopt;
    return expand(at(position));
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
    for (const Chunk &chunk : m_chunks) {
        for (const StoredRange &range : chunk)
            result.push_back(expand(range));
    }
    return result;
}

std::vector<LiveMapping> AddressSpace::liveMappings() const
{
    std::vector<LiveMapping> result;
    result.reserve(m_rangeCount);
    for (const Chunk &chunk : m_chunks) {
        for (const StoredRange &range : chunk) {
            result.push_back(
                {range.start, range.end, range.prot, range.flags, range.fd, range.offset,
                    range.path == PathTable::noPath ? QByteArray() : m_paths->path(range.path)});
        }
    }
    return result;
}

void AddressSpace::clear()
{
    dropAllRanges();
    m_chunkEnds.clear();
    m_rangeCount = 0;
    m_totals = {};
}

void AddressSpace::reserve(std::size_t ranges)
{
    const std::size_t chunks = ranges / maxChunkSize + 1;
    m_chunks.reserve(chunks);
    m_chunkEnds.reserve(chunks);
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
    if (m_chunkEnds.empty() || m_chunkEnds.back() <= address)
        return endPosition();
    const std::size_t chunkIndex = m_chunkEnds.size() <= chunkEndsReadWhole
        ? countNotAfter(
            m_chunkEnds.data(), m_chunkEnds.size(), address, [](std::uint64_t end) { return end; })
        : firstGreater(m_chunkEnds.data(), m_chunkEnds.size(), address);
    const Chunk &ranges = m_chunks[chunkIndex];
    return {chunkIndex,
        countNotAfter(ranges.data(), ranges.size(), address,
            [](const StoredRange &range) { return range.end; })};
}

AddressSpace::Chunk AddressSpace::newChunk()
{
    // A chunk's storage is allocated once, with room for the one range too
    // many that makes it split: growing it step by step cost more allocations
    // and moves than the ranges themselves (a baseline fills chunks one range
    // at a time).
    std::vector<Chunk> &spares = spareChunks();
    if (!spares.empty()) {
        Chunk chunk = std::move(spares.back());
        spares.pop_back();
        return chunk;
    }
    Chunk chunk;
    chunk.reserve(maxChunkSize + 1);
    return chunk;
}

std::vector<AddressSpace::Chunk> &AddressSpace::spareChunks()
{
    // Baselines build spaces a chunk at a time while exits and execs drop
    // others: in an import, the allocator's slow path took a third of the
    // time of building a baseline. Per thread, as spaces are used from one;
    // at most 512 chunks (400 KiB).
    constexpr std::size_t spareChunksAtMost = 512;
    thread_local std::vector<Chunk> spares = [] {
        std::vector<Chunk> empty;
        empty.reserve(spareChunksAtMost);
        return empty;
    }();
    return spares;
}

void AddressSpace::recycle(Chunk &&chunk)
{
    std::vector<Chunk> &spares = spareChunks();
    // Copied chunks have no room to spare; they go.
    if (chunk.capacity() < maxChunkSize + 1 || spares.size() == spares.capacity())
        return;
    chunk.clear();
    spares.push_back(std::move(chunk));
}

AddressSpace::Position AddressSpace::insertAt(Position position, const StoredRange &range)
{
    m_paths->retain(range.path);
    ++m_rangeCount;
    if (m_chunks.empty()) {
        m_chunks.push_back(newChunk());
        m_chunks.back().push_back(range);
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
        m_chunks[next].push_back(range);
        m_chunkEnds.insert(m_chunkEnds.begin() + std::ptrdiff_t(next), 0);
        updateChunkEnd(next);
        return {next, 0};
    }
    Chunk &chunk = m_chunks[position.chunk];
    chunk.insert(chunk.begin() + std::ptrdiff_t(position.index), range);
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
    m_paths->release(at(position).path);
    Chunk &chunk = m_chunks[position.chunk];
    chunk.erase(chunk.begin() + std::ptrdiff_t(position.index));
    if (chunk.empty()) {
        recycle(std::move(chunk));
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
        recycle(std::move(m_chunks[next]));
        m_chunks.erase(m_chunks.begin() + std::ptrdiff_t(next));
        m_chunkEnds.erase(m_chunkEnds.begin() + std::ptrdiff_t(next));
    }
    updateChunkEnd(position.chunk);
    if (position.index == chunk.size())
        return {position.chunk + 1, 0};
    return position;
}

void AddressSpace::count(const StoredRange &range, std::uint64_t bytes, bool add)
{
    const auto apply = [bytes, add](std::uint64_t &total) {
        if (add)
            total += bytes;
        else
            total -= bytes;
    };
    apply(m_totals.mappedBytes);
    if (isKernelManaged(range.kind))
        return;
    apply(m_totals.liveBytes);
    apply(range.isAnonymous() ? m_totals.anonymousBytes : m_totals.fileBytes);
    apply(range.isShared() ? m_totals.sharedBytes : m_totals.privateBytes);
}

AddressSpace::Position AddressSpace::remove(
    std::uint64_t start, std::uint64_t end, std::uint64_t &removedBytes)
{
    Position position = firstEndingAfter(start);
    while (!atEnd(position) && at(position).start < end) {
        StoredRange &range = at(position);
        const std::uint64_t rangeStart = range.start;
        const std::uint64_t rangeEnd = range.end;
        if (rangeStart < start) {
            if (rangeEnd > end) {
                // A hole in the middle: the range splits in two.
                StoredRange right = range;
                right.start = end;
                right.offset += end - rangeStart;
                range.end = start;
                count(range, end - start, false);
                removedBytes += end - start;
                updateChunkEnd(position.chunk);
                return insertAt({position.chunk, position.index + 1}, right);
            }
            range.end = start;
            count(range, rangeEnd - start, false);
            removedBytes += rangeEnd - start;
            updateChunkEnd(position.chunk);
            advance(position);
            continue;
        }
        if (rangeEnd > end) {
            // Only the head goes.
            count(range, end - rangeStart, false);
            removedBytes += end - rangeStart;
            range.offset += end - rangeStart;
            range.start = end;
            return position;
        }
        count(range, rangeEnd - rangeStart, false);
        removedBytes += rangeEnd - rangeStart;
        position = eraseAt(position);
    }
    return position;
}

AddressSpace::Position AddressSpace::insertUnmapped(Position next, const StoredRange &range)
{
    count(range, range.end - range.start, true);
    Position previous = next;
    const bool hasPrevious = retreat(previous);
    const bool joinsPrevious
        = hasPrevious && at(previous).end == range.start && at(previous).continuesInto(range);
    const bool joinsNext
        = !atEnd(next) && at(next).start == range.end && range.continuesInto(at(next));
    if (joinsPrevious) {
        if (joinsNext) {
            at(previous).end = at(next).end;
            updateChunkEnd(previous.chunk);
            eraseAt(next); // after previous: previous stays where it is
        } else {
            at(previous).end = range.end;
            updateChunkEnd(previous.chunk);
        }
        return previous;
    }
    if (joinsNext) {
        StoredRange &joined = at(next);
        joined.start = range.start;
        joined.offset = range.offset;
        return next;
    }
    return insertAt(next, range);
}

} // namespace memtap
