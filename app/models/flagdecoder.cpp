// SPDX-License-Identifier: GPL-2.0-or-later
#include "flagdecoder.h"

#include <QStringList>

#include <array>
#include <csignal>
#include <cstring>

#include <sys/mman.h>

namespace memtap {

namespace {

struct NamedBit
{
    std::uint64_t bit;
    const char *name;
};

// Values of the Linux UAPI headers (x86-64 and the generic ones); spelled out
// because older libc headers lack some of them.
constexpr std::uint64_t mapTypeMask = 0x0f;
constexpr std::uint64_t mapSharedValidate = 0x03;
constexpr std::uint64_t mapHugetlb = 0x40000;
constexpr unsigned mapHugeShift = 26;
constexpr std::uint64_t mapHugeMask = 0x3f;

static_assert(MAP_SHARED == 0x01 && MAP_PRIVATE == 0x02 && MAP_FIXED == 0x10
    && MAP_ANONYMOUS == 0x20 && MAP_HUGETLB == mapHugetlb);
static_assert(PROT_READ == 1 && PROT_WRITE == 2 && PROT_EXEC == 4);

constexpr std::array protectionBits = {
    NamedBit {0x1, "PROT_READ"},
    NamedBit {0x2, "PROT_WRITE"},
    NamedBit {0x4, "PROT_EXEC"},
    NamedBit {0x8, "PROT_SEM"},
    NamedBit {0x01000000, "PROT_GROWSDOWN"},
    NamedBit {0x02000000, "PROT_GROWSUP"},
};

constexpr std::array mmapBits = {
    NamedBit {0x10, "MAP_FIXED"},
    NamedBit {0x20, "MAP_ANONYMOUS"},
    NamedBit {0x40, "MAP_32BIT"},
    NamedBit {0x100, "MAP_GROWSDOWN"},
    NamedBit {0x800, "MAP_DENYWRITE"},
    NamedBit {0x1000, "MAP_EXECUTABLE"},
    NamedBit {0x2000, "MAP_LOCKED"},
    NamedBit {0x4000, "MAP_NORESERVE"},
    NamedBit {0x8000, "MAP_POPULATE"},
    NamedBit {0x10000, "MAP_NONBLOCK"},
    NamedBit {0x20000, "MAP_STACK"},
    NamedBit {0x40000, "MAP_HUGETLB"},
    NamedBit {0x80000, "MAP_SYNC"},
    NamedBit {0x100000, "MAP_FIXED_NOREPLACE"},
};
// Without MAP_HUGETLB, bit 26 is not part of a page size.
constexpr NamedBit mapUninitialized {0x4000000, "MAP_UNINITIALIZED"};

constexpr std::array mremapBits = {
    NamedBit {0x1, "MREMAP_MAYMOVE"},
    NamedBit {0x2, "MREMAP_FIXED"},
    NamedBit {0x4, "MREMAP_DONTUNMAP"},
};

constexpr std::array cloneBits = {
    NamedBit {0x00000100, "CLONE_VM"},
    NamedBit {0x00000200, "CLONE_FS"},
    NamedBit {0x00000400, "CLONE_FILES"},
    NamedBit {0x00000800, "CLONE_SIGHAND"},
    NamedBit {0x00001000, "CLONE_PIDFD"},
    NamedBit {0x00002000, "CLONE_PTRACE"},
    NamedBit {0x00004000, "CLONE_VFORK"},
    NamedBit {0x00008000, "CLONE_PARENT"},
    NamedBit {0x00010000, "CLONE_THREAD"},
    NamedBit {0x00020000, "CLONE_NEWNS"},
    NamedBit {0x00040000, "CLONE_SYSVSEM"},
    NamedBit {0x00080000, "CLONE_SETTLS"},
    NamedBit {0x00100000, "CLONE_PARENT_SETTID"},
    NamedBit {0x00200000, "CLONE_CHILD_CLEARTID"},
    NamedBit {0x00400000, "CLONE_DETACHED"},
    NamedBit {0x00800000, "CLONE_UNTRACED"},
    NamedBit {0x01000000, "CLONE_CHILD_SETTID"},
    NamedBit {0x02000000, "CLONE_NEWCGROUP"},
    NamedBit {0x04000000, "CLONE_NEWUTS"},
    NamedBit {0x08000000, "CLONE_NEWIPC"},
    NamedBit {0x10000000, "CLONE_NEWUSER"},
    NamedBit {0x20000000, "CLONE_NEWPID"},
    NamedBit {0x40000000, "CLONE_NEWNET"},
    NamedBit {0x80000000, "CLONE_IO"},
};

QString hex(std::uint64_t value)
{
    return QStringLiteral("0x%1").arg(value, 0, 16);
}

// Appends the names of the bits of value that bits names and returns what is left.
template<std::size_t N>
std::uint64_t appendNames(
    QStringList &names, std::uint64_t value, const std::array<NamedBit, N> &bits)
{
    for (const NamedBit &named : bits) {
        if (value & named.bit) {
            names.append(QLatin1String(named.name));
            value &= ~named.bit;
        }
    }
    return value;
}

QString joined(QStringList &names, std::uint64_t remainder)
{
    if (remainder != 0)
        names.append(hex(remainder));
    return names.join(QLatin1Char('|'));
}

QString hugePageSizeName(unsigned log2Size)
{
    static constexpr const char *units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    const unsigned unit = log2Size / 10;
    const std::uint64_t amount = std::uint64_t(1) << (log2Size % 10);
    return QStringLiteral("MAP_HUGE_%1%2").arg(amount).arg(QLatin1String(units[unit]));
}

QString signalName(int signal)
{
    if (signal == SIGCHLD)
        return QStringLiteral("SIGCHLD");
    const char *abbreviation = sigabbrev_np(signal);
    if (abbreviation)
        return QStringLiteral("SIG") + QLatin1String(abbreviation);
    return QStringLiteral("signal %1").arg(signal);
}

} // namespace

QString FlagDecoder::protection(std::uint64_t prot)
{
    if (prot == 0)
        return QStringLiteral("PROT_NONE");
    QStringList names;
    const std::uint64_t remainder = appendNames(names, prot, protectionBits);
    return joined(names, remainder);
}

QString FlagDecoder::mmapFlags(std::uint64_t flags)
{
    QStringList names;
    switch (flags & mapTypeMask) {
    case MAP_SHARED:
        names.append(QStringLiteral("MAP_SHARED"));
        break;
    case MAP_PRIVATE:
        names.append(QStringLiteral("MAP_PRIVATE"));
        break;
    case mapSharedValidate:
        names.append(QStringLiteral("MAP_SHARED_VALIDATE"));
        break;
    case 0:
        break;
    default:
        // An invalid type: keep its bits in the remainder.
        names.append(hex(flags & mapTypeMask));
    }
    std::uint64_t remainder = appendNames(names, flags & ~mapTypeMask, mmapBits);
    if (flags & mapHugetlb) {
        const unsigned log2Size = (flags >> mapHugeShift) & mapHugeMask;
        if (log2Size != 0) {
            names.append(hugePageSizeName(log2Size));
            remainder &= ~(mapHugeMask << mapHugeShift);
        }
    } else if (remainder & mapUninitialized.bit) {
        names.append(QLatin1String(mapUninitialized.name));
        remainder &= ~mapUninitialized.bit;
    }
    if (names.isEmpty() && remainder == 0)
        return QStringLiteral("0");
    return joined(names, remainder);
}

QString FlagDecoder::mremapFlags(std::uint64_t flags)
{
    QStringList names;
    const std::uint64_t remainder = appendNames(names, flags, mremapBits);
    return joined(names, remainder);
}

QString FlagDecoder::cloneFlags(std::uint64_t flags)
{
    QStringList names;
    const std::uint64_t exitSignal = flags & 0xff;
    const std::uint64_t remainder = appendNames(names, flags & ~std::uint64_t(0xff), cloneBits);
    if (exitSignal != 0)
        names.append(signalName(static_cast<int>(exitSignal)));
    return joined(names, remainder);
}

QString FlagDecoder::flags(Call call, std::uint64_t flags)
{
    switch (call) {
    case Call::Mmap:
    case Call::Map:
        return mmapFlags(flags);
    case Call::Mremap:
        return mremapFlags(flags);
    case Call::Fork:
        return cloneFlags(flags);
    case Call::Munmap:
    case Call::Brk:
    case Call::Exec:
    case Call::Exit:
    case Call::Snapshot:
    case Call::Cmdline:
        break;
    }
    return flags == 0 ? QString() : hex(flags);
}

} // namespace memtap
