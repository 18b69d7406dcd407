// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "accounting/mappingattributes.h"
#include "accounting/pathtable.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace memtap {

// The mapped ranges of one address space: disjoint, page-aligned [start, end)
// ranges, each with its attributes, kept sorted by start. Mapping replaces
// whatever it overlaps (MAP_FIXED semantics), unmapping removes exactly the
// pages asked for, splitting ranges as needed; adjacent ranges with matching
// attributes merge as the kernel merges VMAs. The totals are kept up to date
// on the way, so reading them is free.
//
// The ranges live in sorted chunks of at most maxChunkSize, found through the
// chunks' last ends: a lookup reads a short array of ends and then one chunk,
// both contiguous memory (a red-black tree's node hopping cost a third more on
// real streams), and a change moves at most a chunk's worth of ranges. Full
// chunks split, thin ones take in their neighbour; only then does the list of
// chunks (n / maxChunkSize entries of a few words) move. An operation touching
// k ranges costs O(log n + k) comparisons.
//
// Stored ranges are plain words (48 bytes, paths as PathTable ids), so that
// chunks move with memmove, a fork's copy is a memcpy and a lookup reads fewer
// cache lines. Copies of an address space share its PathTable, as do the
// spaces an Accountant keeps; they are used from one thread.
//
// Positions near the top of the 64-bit space saturate instead of wrapping: an
// end past 2^64 - pageSize is cut there, because that last page can never be a
// user mapping and an exclusive end of 2^64 does not fit.
class AddressSpace
{
public:
    struct Range
    {
        std::uint64_t start = 0;
        std::uint64_t end = 0; // exclusive
        MappingAttributes attributes;

        std::uint64_t size() const { return end - start; }
    };

    struct Totals
    {
        std::uint64_t mappedBytes = 0; // every range, kernel-managed ones included
        // Live: what the process holds, without the kernel-managed regions
        // (RegionKind). The four splits below partition it twice.
        std::uint64_t liveBytes = 0;
        std::uint64_t anonymousBytes = 0;
        std::uint64_t fileBytes = 0;
        std::uint64_t privateBytes = 0;
        std::uint64_t sharedBytes = 0;

        friend bool operator==(const Totals &, const Totals &) = default;
    };

    static constexpr std::size_t maxChunkSize = 16;

    // pageSize must be a power of two; anything else falls back to 4096.
    // Without paths, the space has a PathTable of its own.
    explicit AddressSpace(
        std::uint64_t pageSize = 4096, std::shared_ptr<PathTable> paths = nullptr);
    AddressSpace(const AddressSpace &other);
    // The moved-from space is empty and still usable.
    AddressSpace(AddressSpace &&other) noexcept;
    AddressSpace &operator=(const AddressSpace &other);
    AddressSpace &operator=(AddressSpace &&other) noexcept;
    ~AddressSpace();

    std::uint64_t pageSize() const { return m_pageSize; }
    // Highest representable page-aligned end.
    std::uint64_t addressLimit() const { return ~(m_pageSize - 1); }

    std::uint64_t pageAlignDown(std::uint64_t address) const { return address & ~(m_pageSize - 1); }
    // Saturates at addressLimit().
    std::uint64_t pageAlignUp(std::uint64_t address) const;
    // The end of [start, start + length), saturated instead of wrapping.
    static std::uint64_t saturatedEnd(std::uint64_t start, std::uint64_t length);

    // Maps every page that [start, start + length) touches, replacing what
    // was there. attributes.offset belongs to the first mapped page. Length
    // zero maps nothing.
    void map(std::uint64_t start, std::uint64_t length, const MappingAttributes &attributes);
    // Unmaps every page that [start, start + length) touches; returns how many
    // mapped bytes went away. Length zero unmaps nothing.
    std::uint64_t unmap(std::uint64_t start, std::uint64_t length);

    // Exact forms of the above: start and end are taken as they are (callers
    // pass page-aligned positions), end <= start is empty.
    void mapRange(std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes);
    std::uint64_t unmapRange(std::uint64_t start, std::uint64_t end);
    // Maps attributes into the parts of [start, end) that nothing covers and
    // leaves the rest alone. attributes.offset belongs to `start`.
    void fillGaps(std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes);

    // The ranges that overlap [start, end), clipped to it (offsets adjusted).
    std::vector<Range> rangesIn(std::uint64_t start, std::uint64_t end) const;
    // The range containing address, if any.
    std::optional<Range> rangeAt(std::uint64_t address) const;
    std::uint64_t mappedBytesIn(std::uint64_t start, std::uint64_t end) const;
    std::vector<Range> ranges() const;
    std::vector<LiveMapping> liveMappings() const;

    std::size_t rangeCount() const { return m_rangeCount; }
    bool isEmpty() const { return m_rangeCount == 0; }
    const Totals &totals() const { return m_totals; }

    void clear();
    // Room for about this many ranges, when they come in address order (a
    // baseline's map lines): the chunk list does not grow step by step.
    void reserve(std::size_t ranges);

    // Brings what a lookup reads first into the cache: the chunk index.
    void prefetch() const
    {
        if (!m_chunkEnds.empty()) {
            __builtin_prefetch(m_chunkEnds.data());
            __builtin_prefetch(m_chunks.data());
        }
    }

private:
    // A range as kept: MappingAttributes without the path's bytes.
    struct StoredRange
    {
        std::uint64_t start = 0;
        std::uint64_t end = 0;
        std::uint64_t offset = 0;
        std::uint32_t prot = 0;
        std::uint32_t flags = 0;
        std::int32_t fd = -1;
        PathTable::Id path = PathTable::noPath;
        RegionKind kind = RegionKind::Ordinary;
        std::uint8_t hugePageShift = 0;

        bool isAnonymous() const { return isAnonymousMapping(flags); }
        bool isShared() const { return isSharedMapping(flags); }
        bool sameAttributes(const StoredRange &other) const
        {
            return prot == other.prot && flags == other.flags && fd == other.fd
                && path == other.path && kind == other.kind && hugePageShift == other.hugePageShift;
        }
        // MappingAttributes::continuesInto for stored ranges: this range,
        // ending where next begins, forms one range with it.
        bool continuesInto(const StoredRange &next) const
        {
            return sameAttributes(next) && continuesAt(flags, offset, end - start, next.offset);
        }
    };
    static_assert(sizeof(StoredRange) == 48);

    using Chunk = std::vector<StoredRange>;
    // New chunks come from the spare ones of this thread when there are any;
    // chunks that go away become spare ones, up to a bound.
    static Chunk newChunk();
    static void recycle(Chunk &&chunk);
    static std::vector<Chunk> &spareChunks();
    // Holds a reference to the path until the operation that stores it ends.
    StoredRange store(std::uint64_t start, std::uint64_t end, const MappingAttributes &attributes);
    Range expand(const StoredRange &range) const;
    void mapStored(const StoredRange &range);
    // Releases every range's path and recycles every chunk; leaves no chunk.
    void dropAllRanges();
    struct Position
    {
        std::size_t chunk = 0;
        std::size_t index = 0;
    };

    Position endPosition() const { return {m_chunks.size(), 0}; }
    bool atEnd(Position position) const { return position.chunk == m_chunks.size(); }
    StoredRange &at(Position position) { return m_chunks[position.chunk][position.index]; }
    const StoredRange &at(Position position) const
    {
        return m_chunks[position.chunk][position.index];
    }
    void advance(Position &position) const
    {
        if (++position.index == m_chunks[position.chunk].size()) {
            ++position.chunk;
            position.index = 0;
        }
    }
    // Steps back; false at the first range.
    bool retreat(Position &position) const;
    // The first range that ends after address.
    Position firstEndingAfter(std::uint64_t address) const;
    // Inserts range before position (or at the end of a chunk); returns where
    // it went.
    Position insertAt(Position position, const StoredRange &range);
    // Erases the range at position; returns the position of the next one.
    Position eraseAt(Position position);
    void updateChunkEnd(std::size_t chunk) { m_chunkEnds[chunk] = m_chunks[chunk].back().end; }
    void count(const StoredRange &range, std::uint64_t bytes, bool add);
    // Removes [start, end); returns the position of the first range after it.
    Position remove(std::uint64_t start, std::uint64_t end, std::uint64_t &removedBytes);
    // Inserts [start, end), known to be unmapped, before next (the first range
    // after it), merging with neighbours; returns the range now holding it.
    Position insertUnmapped(Position next, const StoredRange &range);

    std::uint64_t m_pageSize;
    std::vector<Chunk> m_chunks; // none empty
    std::vector<std::uint64_t> m_chunkEnds; // the end of each chunk's last range
    std::size_t m_rangeCount = 0;
    Totals m_totals;
    std::shared_ptr<PathTable> m_paths;
};

} // namespace memtap
