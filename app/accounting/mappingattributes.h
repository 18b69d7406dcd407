// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

#include <sys/mman.h>

namespace memtap {

// The regions /proc/PID/maps names in brackets that memtap treats specially.
// The kernel creates and sizes all but the heap itself, so they are not part
// of what a process requested: they are kept (a baseline reports them) but
// left out of the live figures.
enum class RegionKind : std::uint8_t {
    Ordinary,
    Heap, // [heap]: the brk area, counted as live anonymous private memory
    Stack, // [stack]: the main thread's stack, grown by the kernel on faults
    Vdso,
    Vvar,
    VvarVclock,
    Vsyscall,
};

constexpr bool isKernelManaged(RegionKind kind)
{
    return kind != RegionKind::Ordinary && kind != RegionKind::Heap;
}

// The kind /proc/PID/maps implies by a path such as "[heap]".
RegionKind regionKindFromPath(QByteArrayView path);

constexpr bool isAnonymousMapping(std::uint32_t flags)
{
    return (flags & MAP_ANONYMOUS) != 0;
}

// MAP_SHARED_VALIDATE counts as shared too: only MAP_PRIVATE is private.
constexpr bool isSharedMapping(std::uint32_t flags)
{
    return (flags & MAP_TYPE) != MAP_PRIVATE;
}

// Whether two ranges with equal attributes, the first length bytes long and
// ending where the second begins, are one range as the kernel merges VMAs:
// anonymous memory has no file position to keep in step.
constexpr bool continuesAt(
    std::uint32_t flags, std::uint64_t offset, std::uint64_t length, std::uint64_t nextOffset)
{
    return isAnonymousMapping(flags) || nextOffset == offset + length;
}

// What a live range is: everything but its position. Values are those of
// mmap(2) (PROT_*, MAP_*), so a range made by a traced call and one read from
// a baseline compare alike.
struct MappingAttributes
{
    std::uint32_t prot = 0;
    std::uint32_t flags = 0; // MAP_SHARED / MAP_PRIVATE, MAP_ANONYMOUS, MAP_HUGETLB, ...
    std::int32_t fd = -1; // the descriptor the traced mmap named; -1 for baselines
    RegionKind kind = RegionKind::Ordinary;
    // log2 of the huge page size for MAP_HUGETLB ranges, 0 for base pages:
    // munmap and mremap round to it.
    std::uint8_t hugePageShift = 0;
    // File offset of the range's first byte; advances when a range is split
    // so that each part keeps describing the same file bytes.
    std::uint64_t offset = 0;
    QByteArray path; // from a baseline: the file, or "[heap]", "[stack]", ...

    bool isAnonymous() const { return isAnonymousMapping(flags); }
    bool isShared() const { return isSharedMapping(flags); }
    std::uint64_t hugePageSize() const
    {
        return hugePageShift == 0 ? 0 : std::uint64_t(1) << hugePageShift;
    }

    // Whether a range with these attributes that ends where one with next
    // begins forms one range with it, as the kernel merges adjacent VMAs.
    bool continuesInto(const MappingAttributes &next, std::uint64_t length) const;

    friend bool operator==(const MappingAttributes &, const MappingAttributes &) = default;
};

} // namespace memtap
