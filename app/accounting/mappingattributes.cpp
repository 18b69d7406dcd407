// SPDX-License-Identifier: GPL-2.0-or-later
#include "mappingattributes.h"

namespace memtap {

RegionKind regionKindFromPath(QByteArrayView path)
{
    if (path.isEmpty() || path.front() != '[')
        return RegionKind::Ordinary;
    if (path == QByteArrayView("[heap]"))
        return RegionKind::Heap;
    if (path == QByteArrayView("[stack]"))
        return RegionKind::Stack;
    if (path == QByteArrayView("[vdso]"))
        return RegionKind::Vdso;
    if (path == QByteArrayView("[vvar]"))
        return RegionKind::Vvar;
    if (path == QByteArrayView("[vvar_vclock]"))
        return RegionKind::VvarVclock;
    if (path == QByteArrayView("[vsyscall]"))
        return RegionKind::Vsyscall;
    // [anon:name], [uprobes], the [stack:TID] of old kernels: real ranges the
    // process holds, which /proc/PID/maps totals include.
    return RegionKind::Ordinary;
}

bool MappingAttributes::continuesInto(const MappingAttributes &next, std::uint64_t length) const
{
    if (prot != next.prot || flags != next.flags || fd != next.fd || kind != next.kind
        || hugePageShift != next.hugePageShift || path != next.path)
        return false;
    return continuesAt(flags, offset, length, next.offset);
}

} // namespace memtap
