// SPDX-License-Identifier: GPL-2.0-or-later
#include "synthetictrace.h"

#include "tracewriter.h"

#include <QByteArrayView>

#include <algorithm>
#include <array>
#include <bit>

namespace memtap {

namespace {

constexpr std::uint64_t page = SyntheticTrace::pageSize;

constexpr std::uint64_t protRead = 0x1;
constexpr std::uint64_t protWrite = 0x2;
constexpr std::uint64_t protExec = 0x4;
constexpr std::uint64_t mapShared = 0x01;
constexpr std::uint64_t mapPrivate = 0x02;
constexpr std::uint64_t mapAnonymous = 0x20;
constexpr std::uint64_t mremapMayMove = 0x1;
constexpr std::uint64_t sigchld = 17;
constexpr std::int64_t enomem = 12;
constexpr std::int64_t einval = 22;

// Lowest address the mmap area of a process may reach; below lies the heap.
constexpr std::uint64_t mmapFloor = 0x0000'6000'0000'0000ULL;
constexpr std::uint64_t mmapTop = 0x0000'7f00'0000'0000ULL;
constexpr std::uint64_t heapBase = 0x0000'5555'5555'0000ULL;

constexpr std::uint64_t roundUpToPage(std::uint64_t bytes)
{
    return (bytes + page - 1) & ~(page - 1);
}

// xoshiro256** seeded through splitmix64: fast, and the same sequence on
// every platform, unlike the distributions of <random>.
class Random
{
public:
    explicit Random(std::uint64_t seed)
    {
        for (auto &word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }
    std::uint64_t next()
    {
        const std::uint64_t result = std::rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = std::rotl(m_state[3], 45);
        return result;
    }
    // Uniform in [0, bound), bound > 0 (the bias is far below what matters here).
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }
    std::uint64_t between(std::uint64_t low, std::uint64_t high)
    {
        return low + below(high - low + 1);
    }
    bool chance(unsigned perThousand) { return below(1000) < perThousand; }

private:
    std::array<std::uint64_t, 4> m_state {};
};

const std::array<QByteArrayView, 12> ordinaryNames = {
    "bash",
    "python3",
    "firefox-esr",
    "Web Content",
    "gnome-shell",
    "postgres",
    "java",
    "node",
    "sshd",
    "make",
    "cc1plus",
    "systemd-journal",
};

// Each at most 15 bytes, like the kernel's comm.
const std::array<QByteArrayView, 16> hostileNames = {
    QByteArrayView("tab\there"),
    QByteArrayView("new\nline"),
    QByteArrayView("back\\slash"),
    QByteArrayView("quote\"s'"),
    QByteArrayView("'); DROP TABLE"),
    QByteArrayView("=cmd|' /C calc"),
    QByteArrayView("caf\xc3\xa9 cr\xc3\xa8me"),
    QByteArrayView("\xff\xfe invalid"),
    QByteArrayView("exactly15bytes!"),
    QByteArrayView("x\\x41y"),
    QByteArrayView("cr\rname"),
    QByteArrayView(""),
    QByteArrayView("a,b;c\"d"),
    QByteArrayView("\x01"
                   "ctl\x7f"
                   "del"),
    QByteArrayView("emoji \xf0\x9f\x98\x80"),
    QByteArrayView("sp ace  "),
};

const std::array<QByteArrayView, 6> ordinaryLibraries = {
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "/usr/lib/x86_64-linux-gnu/libm.so.6",
    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30",
    "/usr/lib/locale/C.utf8/LC_CTYPE",
    "/usr/lib/x86_64-linux-gnu/libQt6Core.so.6.4.2",
};

const std::array<QByteArrayView, 5> hostilePaths = {
    QByteArrayView("/home/user/My Documents/tab\there.so"),
    QByteArrayView("/tmp/na\xc3\xafve\nnewline.so (deleted)"),
    QByteArrayView("/opt/back\\slash/\"quoted\".so"),
    QByteArrayView("/tmp/\xff\xfe-invalid.so"),
    QByteArrayView("/dev/shm/=HYPERLINK(\"x\")"),
};

struct Mapping
{
    std::uint64_t start = 0;
    std::uint64_t size = 0; // page multiple
    std::uint64_t requested = 0; // the length the mmap asked for
    std::uint64_t room = 0; // free bytes after it that no other mapping will take
    std::uint64_t prot = protRead | protWrite;
    std::uint64_t flags = mapPrivate | mapAnonymous;
    std::uint64_t offset = 0;
    std::uint64_t inode = 0;
    QByteArrayView path; // empty for anonymous memory
};

struct Process
{
    std::int32_t pid = 0;
    std::int32_t ppid = -1;
    std::int64_t uid = -1;
    std::vector<std::int32_t> tids;
    ProcessName comm;
    QByteArray cmdline;
    std::vector<Mapping> mappings;
    std::uint64_t mappedBytes = 0; // sum of mappings[].size
    std::uint64_t mmapCursor = mmapTop; // mmap areas grow down from here
    std::uint64_t heapStart = 0;
    std::uint64_t brk = 0;

    std::uint64_t heapBytes() const { return roundUpToPage(brk) - heapStart; }
};

} // namespace

struct SyntheticTrace::Private
{
    explicit Private(const Options &options)
        : options(options)
        , random(options.seed)
    { }

    Options options;
    Random random;
    std::vector<Process> processes;
    std::vector<Event> pending; // records of the current step not handed out yet
    std::size_t pendingNext = 0;
    std::int64_t now = 1'000'000'000'000; // about 17 minutes of uptime
    std::int32_t nextPid = 1000;
    std::uint64_t events = 0;
    std::uint64_t records = 0;
    bool started = false;

    void start();
    void step();

    std::int32_t allocatePid() { return nextPid++; }
    std::int64_t tick()
    {
        now += std::int64_t(random.between(200, 40'000));
        return now;
    }
    ProcessName pickName();
    QByteArrayView pickLibrary();
    Process makeProcess(std::int32_t ppid);
    void loadImage(Process &process);
    std::uint64_t reserve(Process &process, std::uint64_t size, std::uint64_t &room);
    void addMapping(Process &process, const Mapping &mapping);
    void removeMapping(Process &process, std::size_t index);

    Event &addRecord(const Process &process, Call call);
    void emitBaseline(const Process &process);

    void doMmap(Process &process);
    void doMunmap(Process &process);
    void doMremap(Process &process);
    void doBrk(Process &process);
    void doFork(std::size_t parentIndex);
    void doExec(Process &process);
    void doExit(std::size_t index);
};

ProcessName SyntheticTrace::Private::pickName()
{
    ProcessName name;
    if (options.hostileNames && random.chance(200))
        name.assign(hostileNames[random.below(hostileNames.size())]);
    else
        name.assign(ordinaryNames[random.below(ordinaryNames.size())]);
    return name;
}

QByteArrayView SyntheticTrace::Private::pickLibrary()
{
    if (options.hostileNames && random.chance(100))
        return hostilePaths[random.below(hostilePaths.size())];
    return ordinaryLibraries[random.below(ordinaryLibraries.size())];
}

Process SyntheticTrace::Private::makeProcess(std::int32_t ppid)
{
    static constexpr std::array<std::int64_t, 5> uids = {0, 1000, 1000, 1001, 65534};
    Process process;
    process.pid = allocatePid();
    process.ppid = ppid;
    process.uid = uids[random.below(uids.size())];
    process.tids.push_back(process.pid);
    const auto threads = random.below(4);
    for (std::uint64_t i = 0; i < threads; ++i)
        process.tids.push_back(allocatePid());
    process.comm = pickName();
    loadImage(process);
    return process;
}

// What the kernel and the loader leave behind after exec: the program, the
// loader and a few libraries, a heap. These are not traced calls, so only a
// baseline reports them.
void SyntheticTrace::Private::loadImage(Process &process)
{
    process.mappings.clear();
    process.mappedBytes = 0;
    process.mmapCursor = mmapTop - random.below(1 << 16) * page;
    process.heapStart = heapBase + random.below(1 << 20) * page;
    process.brk = process.heapStart;
    // Without baselines nobody would report the image: then there is none,
    // so that every record refers to memory the stream itself mapped.
    const auto libraries = options.baselines ? random.between(2, 6) : 0;
    if (options.baselines)
        process.brk += random.below(64) * page + random.below(page);
    for (std::uint64_t i = 0; i < libraries; ++i) {
        const QByteArrayView path = pickLibrary();
        const std::uint64_t inode = random.between(100'000, 9'999'999);
        // Text, read-only data and writable data of one object.
        std::uint64_t offset = 0;
        for (const std::uint64_t prot : {protRead | protExec, protRead, protRead | protWrite}) {
            Mapping mapping;
            mapping.size = random.between(1, 64) * page;
            mapping.requested = mapping.size;
            mapping.start = reserve(process, mapping.size, mapping.room);
            mapping.prot = prot;
            mapping.flags = mapPrivate;
            mapping.offset = offset;
            mapping.inode = inode;
            mapping.path = path;
            offset += mapping.size;
            addMapping(process, mapping);
        }
    }
    process.cmdline = process.comm.toByteArray();
    process.cmdline += '\0';
    process.cmdline += "--option=value";
    process.cmdline += '\0';
    if (options.hostileNames && random.chance(300)) {
        process.cmdline += "arg with\ttab and \"quotes\"";
        process.cmdline += '\0';
    }
}

// Takes size bytes from the top of the process's mmap area; room tells how
// far the mapping may grow in place.
std::uint64_t SyntheticTrace::Private::reserve(
    Process &process, std::uint64_t size, std::uint64_t &room)
{
    const std::uint64_t gap = random.below(16) * page;
    if (process.mmapCursor - mmapFloor < size + gap)
        return 0;
    room = gap;
    process.mmapCursor -= size + gap;
    return process.mmapCursor;
}

void SyntheticTrace::Private::addMapping(Process &process, const Mapping &mapping)
{
    process.mappings.push_back(mapping);
    process.mappedBytes += mapping.size;
}

void SyntheticTrace::Private::removeMapping(Process &process, std::size_t index)
{
    process.mappedBytes -= process.mappings[index].size;
    process.mappings[index] = process.mappings.back();
    process.mappings.pop_back();
}

Event &SyntheticTrace::Private::addRecord(const Process &process, Call call)
{
    Event &event = pending.emplace_back();
    event.timestampNs = tick();
    event.pid = process.pid;
    event.tid = process.tids[random.below(process.tids.size())];
    event.ppid = process.ppid;
    event.uid = process.uid;
    event.call = call;
    event.name = process.comm;
    return event;
}

void SyntheticTrace::Private::emitBaseline(const Process &process)
{
    if (!options.baselines)
        return;
    std::size_t mapLines = process.mappings.size() + (process.heapBytes() > 0 ? 1 : 0);
    Event &snapshot = addRecord(process, Call::Snapshot);
    snapshot.tid = process.pid;
    snapshot.result = std::int64_t(mapLines);
    const std::int64_t readAt = tick();
    // /proc/PID/maps lists mappings by address.
    std::vector<const Mapping *> sorted;
    sorted.reserve(process.mappings.size());
    for (const Mapping &mapping : process.mappings)
        sorted.push_back(&mapping);
    std::sort(sorted.begin(), sorted.end(),
        [](const Mapping *a, const Mapping *b) { return a->start < b->start; });
    auto emitMap
        = [&](std::uint64_t start, std::uint64_t size, std::uint64_t prot, std::uint64_t flags,
              std::uint64_t offset, std::uint64_t inode, QByteArrayView path) {
              Event &map = addRecord(process, Call::Map);
              map.timestampNs = readAt;
              map.tid = process.pid;
              map.name.clear();
              map.address = start;
              map.length = size;
              map.prot = prot;
              map.flags = flags;
              map.offset = offset;
              map.result = std::int64_t(inode);
              // Empty, not null: a map record always has a path, if only an empty one.
              map.text = path.isEmpty() ? QByteArray("") : path.toByteArray();
          };
    if (process.heapBytes() > 0)
        emitMap(process.heapStart, process.heapBytes(), protRead | protWrite,
            mapPrivate | mapAnonymous, 0, 0, "[heap]");
    for (const Mapping *mapping : sorted)
        emitMap(mapping->start, mapping->size, mapping->prot, mapping->flags, mapping->offset,
            mapping->inode, mapping->path);
    Event &cmdline = addRecord(process, Call::Cmdline);
    cmdline.timestampNs = readAt;
    cmdline.tid = process.pid;
    cmdline.name.clear();
    cmdline.text = process.cmdline;
}

void SyntheticTrace::Private::start()
{
    started = true;
    const int count = std::max(1, options.processes);
    processes.reserve(std::size_t(count) * 2);
    for (int i = 0; i < count; ++i) {
        processes.push_back(
            makeProcess(i == 0 ? 1 : processes[random.below(processes.size())].pid));
        emitBaseline(processes.back());
    }
}

void SyntheticTrace::Private::step()
{
    const auto target = std::size_t(std::max(1, options.processes));
    const std::size_t index = random.below(processes.size());
    Process &process = processes[index];
    // Process life cycles are rarer than memory calls, as on a real system.
    if (random.chance(15)) {
        const std::uint64_t roll = random.below(3);
        if (processes.size() < target || (processes.size() == target && roll == 0))
            doFork(index);
        else if ((processes.size() > target || roll == 1) && processes.size() > 1)
            doExit(index);
        else
            doExec(process);
        return;
    }
    // More mappings make unmapping likelier, so that processes do not grow
    // without bound over millions of events.
    const unsigned munmapShare = process.mappings.size() > 256 ? 450 : 300;
    const std::uint64_t roll = random.below(1000);
    if (roll < 400)
        doMmap(process);
    else if (roll < 400 + munmapShare)
        doMunmap(process);
    else if (roll < 450 + munmapShare)
        doMremap(process);
    else
        doBrk(process);
}

void SyntheticTrace::Private::doMmap(Process &process)
{
    Event &event = addRecord(process, Call::Mmap);
    std::uint64_t length = 0;
    const std::uint64_t sizeClass = random.below(100);
    if (sizeClass < 60)
        length = random.between(1, 64 * 1024);
    else if (sizeClass < 90)
        length = random.between(64 * 1024, 2 << 20);
    else if (sizeClass < 97)
        length = random.between(2 << 20, 16 << 20) & ~(page - 1);
    else
        length = std::array<std::uint64_t, 4> {1, 1048577, 4095, 4097}[random.below(4)];

    Mapping mapping;
    mapping.requested = length;
    mapping.size = roundUpToPage(length);
    const bool fileBacked = random.chance(150);
    if (fileBacked) {
        mapping.prot = random.chance(500) ? protRead : protRead | protExec;
        mapping.flags = random.chance(100) ? mapShared : mapPrivate;
        mapping.path = pickLibrary();
        mapping.inode = random.between(100'000, 9'999'999);
        mapping.offset = random.below(256) * page;
        event.fd = std::int64_t(random.between(3, 40));
    } else {
        mapping.prot = random.chance(950) ? protRead | protWrite : protRead;
        mapping.flags = mapPrivate | mapAnonymous;
    }
    event.address = random.chance(50) ? random.between(mmapFloor, mmapTop) & ~(page - 1) : 0;
    event.length = length;
    event.prot = mapping.prot;
    event.flags = mapping.flags;
    event.offset = mapping.offset;

    if (random.chance(unsigned(options.failurePermille))) {
        if (random.chance(500)) {
            event.length = 0;
            event.result = -einval;
        } else {
            event.result = -enomem;
        }
        return;
    }
    mapping.start = reserve(process, mapping.size, mapping.room);
    if (mapping.start == 0) {
        event.result = -enomem;
        return;
    }
    event.result = std::int64_t(mapping.start);
    addMapping(process, mapping);
}

void SyntheticTrace::Private::doMunmap(Process &process)
{
    if (process.mappings.empty()) {
        doMmap(process);
        return;
    }
    Event &event = addRecord(process, Call::Munmap);
    const std::size_t index = random.below(process.mappings.size());
    Mapping &mapping = process.mappings[index];
    if (random.chance(unsigned(options.failurePermille))) {
        // Not page-aligned: the kernel refuses it.
        event.address = mapping.start + 1;
        event.length = mapping.requested;
        event.result = -einval;
        return;
    }
    const std::uint64_t pages = mapping.size / page;
    const std::uint64_t mode = pages < 3 ? 0 : random.below(10);
    if (mode < 7) {
        event.address = mapping.start;
        event.length = mapping.requested;
        removeMapping(process, index);
    } else if (mode == 7) {
        // The head.
        const std::uint64_t cut = random.between(1, pages - 1) * page;
        event.address = mapping.start;
        event.length = cut;
        mapping.start += cut;
        mapping.size -= cut;
        mapping.requested = mapping.size;
        mapping.offset += mapping.flags & mapAnonymous ? 0 : cut;
        process.mappedBytes -= cut;
    } else if (mode == 8) {
        // The tail, with an odd length that the kernel rounds up.
        const std::uint64_t keep = random.between(1, pages - 1) * page;
        event.address = mapping.start + keep;
        event.length = mapping.size - keep - random.below(page);
        process.mappedBytes -= mapping.size - keep;
        mapping.room += mapping.size - keep;
        mapping.size = keep;
        mapping.requested = keep;
    } else {
        // The middle: the mapping splits in two.
        const std::uint64_t headPages = random.between(1, pages - 2);
        const std::uint64_t holePages = random.between(1, pages - headPages - 1);
        Mapping tail = mapping;
        tail.start = mapping.start + (headPages + holePages) * page;
        tail.size = mapping.size - (headPages + holePages) * page;
        tail.requested = tail.size;
        tail.offset += mapping.flags & mapAnonymous ? 0 : (headPages + holePages) * page;
        event.address = mapping.start + headPages * page;
        event.length = holePages * page;
        process.mappedBytes -= mapping.size;
        mapping.size = headPages * page;
        mapping.requested = mapping.size;
        mapping.room = holePages * page;
        process.mappedBytes += mapping.size;
        addMapping(process, tail);
    }
}

void SyntheticTrace::Private::doMremap(Process &process)
{
    if (process.mappings.empty()) {
        doMmap(process);
        return;
    }
    Event &event = addRecord(process, Call::Mremap);
    const std::size_t index = random.below(process.mappings.size());
    Mapping &mapping = process.mappings[index];
    event.address = mapping.start;
    event.offset = mapping.size; // the old length
    const std::uint64_t mode = random.below(3);
    if (mode == 0 && mapping.size > page) {
        // Shrink in place.
        const std::uint64_t newSize = random.between(1, mapping.size / page - 1) * page;
        event.length = newSize;
        event.result = std::int64_t(mapping.start);
        process.mappedBytes -= mapping.size - newSize;
        mapping.room += mapping.size - newSize;
        mapping.size = newSize;
        mapping.requested = newSize;
        return;
    }
    const std::uint64_t growth = random.between(1, 32) * page;
    event.length = mapping.size + growth;
    if (mode == 1 || growth <= mapping.room) {
        // Grow in place, or fail without MREMAP_MAYMOVE when there is no room.
        event.flags = random.chance(500) ? mremapMayMove : 0;
        if (growth <= mapping.room) {
            event.result = std::int64_t(mapping.start);
            mapping.size += growth;
            mapping.requested = mapping.size;
            mapping.room -= growth;
            process.mappedBytes += growth;
            return;
        }
        if (event.flags == 0) {
            event.result = -enomem;
            return;
        }
    }
    // Move.
    event.flags = mremapMayMove;
    std::uint64_t room = 0;
    const std::uint64_t newStart = reserve(process, mapping.size + growth, room);
    if (newStart == 0) {
        event.result = -enomem;
        return;
    }
    event.result = std::int64_t(newStart);
    Mapping moved = mapping;
    moved.start = newStart;
    moved.size = mapping.size + growth;
    moved.requested = moved.size;
    moved.room = room;
    removeMapping(process, index);
    addMapping(process, moved);
}

void SyntheticTrace::Private::doBrk(Process &process)
{
    Event &event = addRecord(process, Call::Brk);
    event.offset = process.heapStart;
    const std::uint64_t mode = random.below(100);
    if (mode < 5) {
        // brk(0) asks for the current break.
        event.address = 0;
        event.result = std::int64_t(process.brk);
        return;
    }
    if (mode < 5 + std::uint64_t(std::max(0, options.failurePermille / 10))) {
        // Refused: the break stays.
        event.address = process.brk + (std::uint64_t(1) << 40);
        event.result = std::int64_t(process.brk);
        return;
    }
    std::uint64_t requested = 0;
    // As many shrinks as grows: the heap wanders without drifting off.
    if (mode < 55 || process.brk == process.heapStart) {
        requested = process.brk + random.between(1, 1 << 20);
    } else {
        const std::uint64_t shrink
            = std::min(process.brk - process.heapStart, random.between(1, 1 << 20));
        requested = process.brk - shrink;
    }
    event.address = requested;
    event.result = std::int64_t(requested);
    process.brk = requested;
}

void SyntheticTrace::Private::doFork(std::size_t parentIndex)
{
    // A copy, not a reference: push_back below may move the vector.
    Process child = processes[parentIndex];
    Event &event = addRecord(processes[parentIndex], Call::Fork);
    event.flags = sigchld;
    child.pid = allocatePid();
    child.ppid = processes[parentIndex].pid;
    child.tids = {child.pid};
    event.result = child.pid;
    processes.push_back(std::move(child));
    emitBaseline(processes.back());
}

void SyntheticTrace::Private::doExec(Process &process)
{
    process.comm = pickName();
    Event &event = addRecord(process, Call::Exec);
    event.tid = process.pid;
    process.tids = {process.pid};
    loadImage(process);
    emitBaseline(process);
}

void SyntheticTrace::Private::doExit(std::size_t index)
{
    Event &event = addRecord(processes[index], Call::Exit);
    event.result = random.chance(900) ? 0 : std::int64_t(random.between(1, 255)) << 8;
    processes[index] = std::move(processes.back());
    processes.pop_back();
}

SyntheticTrace::SyntheticTrace()
    : SyntheticTrace(Options())
{ }

SyntheticTrace::SyntheticTrace(const Options &options)
    : d(std::make_unique<Private>(options))
{ }

SyntheticTrace::~SyntheticTrace() = default;

const SyntheticTrace::Options &SyntheticTrace::options() const
{
    return d->options;
}

TraceMetadata SyntheticTrace::metadata() const
{
    TraceMetadata metadata;
    metadata.formatVersion = 1;
    metadata.backend = d->options.backend;
    metadata.host = "synthetic";
    metadata.kernelRelease = "6.1.0-synthetic-amd64";
    metadata.memTotalBytes = std::int64_t(24) << 30;
    metadata.pageSize = std::int64_t(pageSize);
    metadata.realtimeOffsetNs = 1'700'000'000'000'000'000;
    metadata.baselineStartNs = 1'000'000'000'000;
    return metadata;
}

std::size_t SyntheticTrace::generate(std::vector<Event> &out, std::size_t maxRecords)
{
    if (!d->started)
        d->start();
    std::size_t produced = 0;
    while (produced < maxRecords) {
        if (d->pendingNext == d->pending.size()) {
            d->pending.clear();
            d->pendingNext = 0;
            if (d->events == d->options.events)
                break;
            d->step();
            ++d->events;
        }
        const std::size_t take
            = std::min(maxRecords - produced, d->pending.size() - d->pendingNext);
        auto first = d->pending.begin() + std::ptrdiff_t(d->pendingNext);
        out.insert(out.end(), std::make_move_iterator(first),
            std::make_move_iterator(first + std::ptrdiff_t(take)));
        d->pendingNext += take;
        produced += take;
    }
    d->records += produced;
    return produced;
}

bool SyntheticTrace::atEnd() const
{
    return d->started && d->events == d->options.events && d->pendingNext == d->pending.size();
}

std::uint64_t SyntheticTrace::eventsGenerated() const
{
    return d->events;
}

std::uint64_t SyntheticTrace::recordsGenerated() const
{
    return d->records;
}

std::uint64_t SyntheticTrace::liveBytes(std::int32_t pid) const
{
    for (const Process &process : d->processes) {
        if (process.pid == pid)
            return process.mappedBytes + process.heapBytes();
    }
    return 0;
}

std::vector<std::int32_t> SyntheticTrace::runningPids() const
{
    std::vector<std::int32_t> pids;
    pids.reserve(d->processes.size());
    for (const Process &process : d->processes)
        pids.push_back(process.pid);
    std::sort(pids.begin(), pids.end());
    return pids;
}

void SyntheticTrace::writeTo(TraceWriter &writer)
{
    writer.writeMetadata(metadata());
    std::vector<Event> batch;
    batch.reserve(4096);
    while (generate(batch, 4096) > 0) {
        writer.writeEvents(batch);
        batch.clear();
    }
}

QByteArray SyntheticTrace::text(const Options &options)
{
    SyntheticTrace trace(options);
    TraceWriter writer;
    trace.writeTo(writer);
    return writer.takeBuffer();
}

} // namespace memtap
