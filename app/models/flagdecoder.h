// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/call.h"

#include <QString>

#include <cstdint>

namespace memtap {

// The symbolic text of the bit fields a trace record carries, as the C
// headers name them ("PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS"), for
// the detail view, the request log and exports. Bits without a name are kept
// as one hexadecimal remainder ("MAP_PRIVATE|0x80000000"), so nothing is
// hidden. The names are C identifiers and are not translated.
class FlagDecoder
{
public:
    // PROT_* bits; "PROT_NONE" for 0.
    static QString protection(std::uint64_t prot);
    // MAP_* bits of mmap: the mapping type first (MAP_SHARED, MAP_PRIVATE,
    // MAP_SHARED_VALIDATE), then the flags; with MAP_HUGETLB the encoded huge
    // page size as MAP_HUGE_2MB, MAP_HUGE_1GB, ...
    static QString mmapFlags(std::uint64_t flags);
    // MREMAP_* bits; empty for 0.
    static QString mremapFlags(std::uint64_t flags);
    // CLONE_* bits of a fork record, the exit signal (low byte) by name.
    static QString cloneFlags(std::uint64_t flags);
    // The flags field of a record of the given call, decoded as that call
    // defines it; empty where the call has no flags.
    static QString flags(Call call, std::uint64_t flags);
};

} // namespace memtap
