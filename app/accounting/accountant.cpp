// SPDX-License-Identifier: GPL-2.0-or-later
#include "accountant.h"

#include "accounting/addressspace.h"
#include "accounting/livetimeline.h"
#include "accounting/pidmap.h"
#include "accounting/reorderqueue.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <unordered_map>

#include <sched.h>
#include <sys/mman.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

namespace memtap {

namespace {

constexpr std::int64_t earliest = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t latest = std::numeric_limits<std::int64_t>::max();

// Asks for every cache line of object, without waiting for any.
template<typename T> void prefetchWhole(const T &object)
{
    const auto *bytes = reinterpret_cast<const char *>(&object);
    for (std::size_t offset = 0; offset < sizeof(T); offset += 64)
        __builtin_prefetch(bytes + offset);
}

std::uint64_t alignUp(std::uint64_t value, std::uint64_t alignment)
{
    const std::uint64_t limit = ~(alignment - 1);
    if (value > limit)
        return limit;
    return (value + alignment - 1) & limit;
}

std::uint64_t alignDown(std::uint64_t value, std::uint64_t alignment)
{
    return value & ~(alignment - 1);
}

std::uint8_t log2Of(std::uint64_t powerOfTwo)
{
    return static_cast<std::uint8_t>(std::countr_zero(powerOfTwo));
}

bool isPowerOfTwo(std::uint64_t value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

std::int64_t minusSaturated(std::int64_t value, std::int64_t amount)
{
    return value < earliest + amount ? earliest : value - amount;
}

struct TrackedProcess;

// The memory of one mm_struct. Processes share one when created with
// CLONE_VM (vfork, posix_spawn) until they exec or exit; a fork child gets its
// own, whose ranges start as the parent's, copied on the first change.
struct MemoryImage
{
    std::shared_ptr<AddressSpace> space;
    std::vector<TrackedProcess *> users;
    // The brk area: [heapStart, heapEnd), page-aligned; 0 while unknown.
    std::uint64_t heapStart = 0;
    std::uint64_t heapEnd = 0;
    // The last program break a brk call returned (not page-aligned), for
    // the naive growth and shrinkage figures; 0 while unknown.
    std::uint64_t programBreak = 0;
    bool exact = false;

    AddressSpace &writableSpace()
    {
        if (space.use_count() > 1)
            space = std::make_shared<AddressSpace>(*space);
        return *space;
    }
};

struct TrackedProcess
{
    explicit TrackedProcess(std::size_t timelinePoints)
        : timeline(timelinePoints)
    { }

    ProcessFigures figures;
    std::shared_ptr<MemoryImage> image; // null once the process exited
    // Memory calls of this process older than this (its last exec or
    // baseline) are already reflected in its ranges, or belong to an address
    // space that no longer exists.
    std::int64_t liveValidFromNs = earliest;
    LiveTimeline timeline;
    // Samples taken while the figures were not exact. The baseline that
    // usually follows within milliseconds (after exec, for a process first
    // met) replaces them, so that the chart shows no made-up dip or jump;
    // without one they join the timeline after provisionalHoldNs.
    std::vector<LiveSample> provisional;
    bool changed = false;
    std::size_t changedIndex = 0; // in changedProcesses while changed
    bool awaitingRetirement = false;

    void commitProvisional(std::int64_t beforeNs)
    {
        auto end = provisional.begin();
        while (end != provisional.end() && end->timestampNs < beforeNs) {
            timeline.record(end->timestampNs, end->liveBytes);
            ++end;
        }
        provisional.erase(provisional.begin(), end);
    }
};

constexpr std::int64_t provisionalHoldNs = 1'000'000'000;
constexpr std::size_t provisionalMaxSamples = 64;

// A snapshot line and its map lines, gathered in stream order (the helper
// writes them as one block) and applied as one record at the snapshot's time.
struct CollectedBaseline
{
    CollectedBaseline(std::uint64_t pageSize, std::shared_ptr<PathTable> paths)
        : space(pageSize, std::move(paths))
    { }

    AddressSpace space;
    std::uint64_t announcedLines = 0;
    std::uint64_t receivedLines = 0;
    std::uint64_t heapStart = 0;
    std::uint64_t heapEnd = 0;
};

// A batch whose records are held: they are applied from where they are, so
// the batch stays until the last of them is.
struct RetainedBatch
{
    EventBatchPtr batch;
    std::size_t unapplied = 0;
};

// What stays of a retired process to recognise its late records.
struct RetiredPid
{
    std::uint64_t processKey = 0;
    std::int64_t exitNs = 0;
};

// What applying a record reads of it but for names, texts and clone flags,
// copied when the record is held, while it is still in the cache: a record
// waits for the reorder window while the batches parsed after it push it out,
// and one cache line is then fetched in place of three.
struct alignas(64) HeldCall
{
    explicit HeldCall(const Event &event)
        : timestampNs(event.timestampNs)
        , address(event.address)
        , length(event.length)
        , offset(event.offset)
        , result(event.result)
        , pid(event.pid)
        , uid(static_cast<std::uint32_t>(event.uid))
        , fd(static_cast<std::int32_t>(event.fd))
        , flags(static_cast<std::uint32_t>(event.flags))
        , prot(static_cast<std::uint32_t>(event.prot))
        , call(event.call)
        , uidKind(uidKindOf(event.uid))
    { }

    std::int64_t timestampNs;
    std::uint64_t address;
    std::uint64_t length;
    std::uint64_t offset;
    std::int64_t result;
    std::int32_t pid;
    std::uint32_t uid; // uid_t, as the parser keeps them (see uidKind)
    // The kernel's types: what a memory call's fd, flags and prot can be.
    std::int32_t fd;
    std::uint32_t flags;
    std::uint32_t prot;
    Call call;
    // A uid that is no uid_t (not from the parser) is read from the record.
    enum class UidKind : std::uint8_t { Unknown, Held, InRecord } uidKind;

    static UidKind uidKindOf(std::int64_t uid)
    {
        if (uid == -1)
            return UidKind::Unknown;
        if (uid >= 0 && uid <= std::int64_t(std::numeric_limits<std::uint32_t>::max()))
            return UidKind::Held;
        return UidKind::InRecord;
    }

    // -1 when unknown.
    std::int64_t uidOf(const Event &event) const
    {
        switch (uidKind) {
        case UidKind::Unknown:
            return -1;
        case UidKind::Held:
            return std::int64_t(uid);
        case UidKind::InRecord:
            break;
        }
        return event.uid;
    }
    bool failed() const { return isFailedCall(call, result); }
};
static_assert(sizeof(HeldCall) == 64);

struct HeldRecord
{
    const Event *event = nullptr; // in source's batch
    RetainedBatch *source = nullptr;
    std::unique_ptr<CollectedBaseline> baseline; // for snapshot records
};

} // namespace

class Accountant::Private
{
public:
    explicit Private(std::int64_t pageSizeBytes)
        : pageSize(isPowerOfTwo(static_cast<std::uint64_t>(pageSizeBytes))
                ? static_cast<std::uint64_t>(pageSizeBytes)
                : 4096)
    { }

    void add(const EventBatchPtr &batch);
    void accept(const Event &event, RetainedBatch &source);
    void finishCollecting();
    void hold(
        const Event &event, RetainedBatch &source, std::unique_ptr<CollectedBaseline> baseline);
    void dropAppliedBatches();
    std::int64_t releaseLimit(std::int64_t cutoffNs) const;
    void release(std::int64_t cutoffNs);
    void apply(HeldRecord &record, const HeldCall &call);

    // Null for a late record of a retired process (counted).
    TrackedProcess *processFor(const Event &event)
    {
        return processFor(event.pid, event.timestampNs, event.uid, event);
    }
    // The same for a record of pid at timestampNs, whose ppid and name are
    // read from event only when they are needed.
    TrackedProcess *processFor(
        std::int32_t pid, std::int64_t timestampNs, std::int64_t uid, const Event &event);
    TrackedProcess &createProcess(std::int32_t pid, std::int64_t timestampNs, std::int32_t ppid,
        std::int64_t uid, const QByteArray &name);
    void endProcess(TrackedProcess &process, std::int64_t timestampNs, std::int64_t status);
    std::shared_ptr<MemoryImage> newImage();
    static void detach(TrackedProcess &process);
    void markChanged(TrackedProcess &process);
    void refresh(TrackedProcess &process, std::int64_t timestampNs);
    void refreshUsers(MemoryImage &image, std::int64_t timestampNs);
    void retireExited(std::int64_t cutoffNs);
    void retire(TrackedProcess &process);
    void forgetRetiredPids(std::int64_t cutoffNs);

    // call is the held copy of event.
    void applyMemoryCall(const HeldCall &call, const Event &event);
    void countBrk(TrackedProcess &process, const HeldCall &call);
    void applyMmap(MemoryImage &image, const HeldCall &call);
    void applyMunmap(MemoryImage &image, const HeldCall &call);
    void applyMremap(MemoryImage &image, const HeldCall &call);
    void applyBrk(MemoryImage &image, const HeldCall &call);
    void applyFork(const Event &event);
    void applyExec(const Event &event);
    void applyBaseline(const Event &event, CollectedBaseline &baseline);
    std::uint8_t hugePageShiftOf(std::uint64_t mmapFlags) const;

    const std::uint64_t pageSize;
    std::uint64_t defaultHugePageSize = Accountant::defaultHugePageSize;
    std::int64_t reorderWindowNs = Accountant::defaultReorderWindowNs;
    std::size_t timelineMaxPoints = LiveTimeline::defaultMaxPoints;

    // Records waiting for the reorder window: stored in slots that are
    // reused, ordered by keys.
    std::deque<RetainedBatch> retainedBatches; // in stream order
    std::vector<HeldRecord> heldRecords;
    std::vector<HeldCall> heldCalls; // by slot, as heldRecords
    std::vector<std::uint32_t> freeSlots;
    ReorderQueue heldOrder; // slots in application order
    std::vector<std::uint32_t> releasing; // slots taken from heldOrder, being applied
    std::optional<HeldRecord> collecting;
    // Shared by every address space of the session.
    const std::shared_ptr<PathTable> paths = std::make_shared<PathTable>();
    std::int64_t newestNs = earliest;
    std::int64_t lastAppliedNs = earliest;
    // The latest cutoff a release reached: no record older than it is held,
    // so the figures hold up to it even when the newest applied is older.
    std::int64_t releasedUpToNs = earliest;

    std::unordered_map<std::uint64_t, std::unique_ptr<TrackedProcess>> processes; // by key
    std::uint64_t processesSeen = 0; // the last processKey given
    PidMap<TrackedProcess> newestByPid;
    std::int32_t lastPid = -1;
    TrackedProcess *lastProcess = nullptr;
    // Null where a process retired after it changed.
    std::vector<TrackedProcess *> changedProcesses;
    Counters counters;

    bool retireExitedProcesses = false;
    bool trackRanges = true;
    std::deque<TrackedProcess *> exitedProcesses; // in exit order, awaiting retirement
    std::vector<Accountant::RetiredProcess> retired; // not taken yet
    std::unordered_map<std::int32_t, RetiredPid> retiredByPid;
    std::deque<std::pair<std::int32_t, RetiredPid>> retiredPidOrder; // oldest first

    TrackedProcess *find(std::uint64_t processKey) const
    {
        const auto it = processes.find(processKey);
        return it == processes.end() ? nullptr : it->second.get();
    }
};

// --- Taking records in and releasing them in time order ---------------------

void Accountant::Private::add(const EventBatchPtr &batch)
{
    RetainedBatch &source = retainedBatches.emplace_back(RetainedBatch {batch, 0});
    for (const Event &event : batch->events)
        accept(event, source);
    dropAppliedBatches();
}

void Accountant::Private::dropAppliedBatches()
{
    // A snapshot still gathering its map lines is not counted as held yet.
    const RetainedBatch *collectingSource = collecting ? collecting->source : nullptr;
    while (!retainedBatches.empty() && retainedBatches.front().unapplied == 0
        && &retainedBatches.front() != collectingSource)
        retainedBatches.pop_front();
}

void Accountant::Private::accept(const Event &event, RetainedBatch &source)
{
    newestNs = std::max(newestNs, event.timestampNs);
    if (collecting) {
        CollectedBaseline &baseline = *collecting->baseline;
        if (event.call == Call::Map && event.pid == collecting->event->pid
            && baseline.receivedLines < baseline.announcedLines) {
            MappingAttributes attributes;
            attributes.prot = static_cast<std::uint32_t>(event.prot);
            attributes.flags = static_cast<std::uint32_t>(event.flags);
            attributes.offset = event.offset;
            // A view: the table copies the path if it is new, and the batch's
            // reference count is left alone, which the store's writer
            // thread uses at the same time.
            attributes.path = QByteArray::fromRawData(event.text.constData(), event.text.size());
            attributes.kind = regionKindFromPath(event.text);
            if (event.text.startsWith("/anon_hugepage"))
                attributes.hugePageShift = log2Of(defaultHugePageSize);
            const std::uint64_t end = AddressSpace::saturatedEnd(event.address, event.length);
            if (trackRanges)
                baseline.space.mapRange(event.address, end, attributes);
            if (attributes.kind == RegionKind::Heap) {
                if (baseline.heapEnd == 0)
                    baseline.heapStart = event.address;
                baseline.heapEnd = end;
            }
            if (++baseline.receivedLines == baseline.announcedLines)
                finishCollecting();
            return;
        }
        finishCollecting();
    }
    switch (event.call) {
    case Call::Snapshot: {
        collecting.emplace(
            HeldRecord {&event, &source, std::make_unique<CollectedBaseline>(pageSize, paths)});
        CollectedBaseline &baseline = *collecting->baseline;
        baseline.announcedLines
            = static_cast<std::uint64_t>(std::max<std::int64_t>(event.result, 0));
        if (baseline.announcedLines == 0) {
            finishCollecting();
            return;
        }
        // The count comes from the trace: a made-up one reserves no more
        // than a busy real process needs.
        constexpr std::uint64_t reservedLinesAtMost = 65536;
        if (trackRanges)
            baseline.space.reserve(std::min(baseline.announcedLines, reservedLinesAtMost));
        return;
    }
    case Call::Map:
        ++counters.orphanMapLines;
        return;
    default:
        hold(event, source, nullptr);
    }
}

void Accountant::Private::finishCollecting()
{
    hold(*collecting->event, *collecting->source, std::move(collecting->baseline));
    collecting.reset();
}

void Accountant::Private::hold(
    const Event &event, RetainedBatch &source, std::unique_ptr<CollectedBaseline> baseline)
{
    std::uint32_t slot;
    if (freeSlots.empty()) {
        slot = static_cast<std::uint32_t>(heldRecords.size());
        heldRecords.emplace_back();
        heldCalls.emplace_back(event);
    } else {
        slot = freeSlots.back();
        freeSlots.pop_back();
        heldCalls[slot] = HeldCall(event);
    }
    HeldRecord &record = heldRecords[slot];
    record.event = &event;
    record.source = &source;
    record.baseline = std::move(baseline);
    ++source.unapplied;

    heldOrder.push(event.timestampNs, slot);
}

std::int64_t Accountant::Private::releaseLimit(std::int64_t cutoffNs) const
{
    // A baseline still being gathered must go before every later record.
    if (collecting)
        return std::min(cutoffNs, collecting->event->timestampNs - 1);
    return cutoffNs;
}

void Accountant::Private::release(std::int64_t cutoffNs)
{
    const std::int64_t limit = releaseLimit(cutoffNs);
    releasing.clear();
    std::uint32_t popped = 0;
    while (heldOrder.popNotAfter(limit, popped))
        releasing.push_back(popped);
    // A flush releases everything, which says nothing about the time.
    if (limit != latest)
        releasedUpToNs = std::max(releasedUpToNs, limit);
    // The records of a stream belong to many processes in turn, whose
    // structures are rarely in cache: what the records a few steps ahead will
    // need is fetched in stages while the current ones are applied, each
    // stage reading only what an earlier one brought in. By the time the
    // reorder window lets a record go, the batches parsed since have pushed
    // even its held copy out of the cache.
    // The process of a record ahead is looked up once, for the later stages.
    // Processes are only freed after this loop, so the pointer stays valid,
    // if perhaps no longer the pid's newest process or no longer using that
    // image: then a prefetch is wasted, nothing worse.
    constexpr std::size_t recordAhead = 24;
    constexpr std::size_t pidSlotAhead = 16;
    constexpr std::size_t processAhead = 8;
    constexpr std::size_t imageAhead = 4;
    constexpr std::size_t rangesAhead = 2;
    constexpr std::size_t foundSlots = 16; // a power of two above processAhead
    std::array<const TrackedProcess *, foundSlots> found {};
    const auto callAt
        = [this](std::size_t index) -> const HeldCall & { return heldCalls[releasing[index]]; };
    const std::size_t count = releasing.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i + recordAhead < count)
            __builtin_prefetch(&callAt(i + recordAhead));
        if (i + pidSlotAhead < count)
            newestByPid.prefetch(callAt(i + pidSlotAhead).pid);
        if (i + processAhead < count) {
            const TrackedProcess *process = newestByPid.value(callAt(i + processAhead).pid);
            found[(i + processAhead) & (foundSlots - 1)] = process;
            if (process)
                prefetchWhole(*process);
        }
        if (i + imageAhead < count) {
            const TrackedProcess *process = found[(i + imageAhead) & (foundSlots - 1)];
            if (process && process->image) {
                __builtin_prefetch(process->image.get());
                __builtin_prefetch(process->image->space.get());
                process->timeline.prefetch();
            }
        }
        if (i + rangesAhead < count) {
            const TrackedProcess *process = found[(i + rangesAhead) & (foundSlots - 1)];
            if (process && process->image)
                process->image->space->prefetch();
        }
        const std::uint32_t slot = releasing[i];
        HeldRecord &record = heldRecords[slot];
        apply(record, heldCalls[slot]);
        record.baseline.reset();
        --record.source->unapplied;
        freeSlots.push_back(slot);
    }
    dropAppliedBatches();
    if (retireExitedProcesses) {
        retireExited(limit);
        forgetRetiredPids(limit);
    }
}

void Accountant::Private::apply(HeldRecord &record, const HeldCall &call)
{
    ++counters.appliedRecords;
    if (call.timestampNs < lastAppliedNs)
        ++counters.lateRecords;
    else
        lastAppliedNs = call.timestampNs;

    // Memory calls read only the held copy, the others the record itself.
    const Event &event = *record.event;
    switch (call.call) {
    case Call::Mmap:
    case Call::Munmap:
    case Call::Mremap:
    case Call::Brk:
        applyMemoryCall(call, event);
        break;
    case Call::Fork:
        applyFork(event);
        break;
    case Call::Exec:
        applyExec(event);
        break;
    case Call::Exit:
        if (TrackedProcess *process = processFor(event))
            endProcess(*process, event.timestampNs, event.result);
        break;
    case Call::Snapshot:
        applyBaseline(event, *record.baseline);
        break;
    case Call::Cmdline: {
        // The helper reads the command line with the maps of its baseline;
        // the process may have exited while it read them. It belongs to the
        // pid's newest process, alive or not, and never starts a new one.
        TrackedProcess *newest = newestByPid.value(event.pid);
        if (newest && newest->figures.cmdline != event.text) {
            newest->figures.cmdline = event.text;
            markChanged(*newest);
        }
        break;
    }
    case Call::Map:
        break; // gathered into their snapshot on the way in
    }
}

// --- Processes ---------------------------------------------------------------

TrackedProcess *Accountant::Private::processFor(
    std::int32_t pid, std::int64_t timestampNs, std::int64_t uid, const Event &event)
{
    // Calls come in runs from one busy process.
    TrackedProcess *newest = pid == lastPid ? lastProcess : nullptr;
    if (!newest) {
        newest = newestByPid.value(pid);
        if (newest) {
            lastPid = pid;
            lastProcess = newest;
        }
    }
    if (newest) {
        TrackedProcess &process = *newest;
        // After an exit the pid names a new process, unless the record is
        // older than the exit and only came late.
        if (process.figures.exitNs < 0 || timestampNs <= process.figures.exitNs) {
            ProcessFigures &figures = process.figures;
            figures.lastSeenNs = std::max(figures.lastSeenNs, timestampNs);
            if (uid != -1)
                figures.uid = uid;
            if (figures.ppid == -1)
                figures.ppid = event.ppid;
            markChanged(process);
            return &process;
        }
    } else if (!retiredByPid.empty()) {
        const auto it = retiredByPid.find(pid);
        if (it != retiredByPid.end() && timestampNs <= it->second.exitNs) {
            ++counters.recordsOfRetiredProcesses;
            return nullptr;
        }
    }
    return &createProcess(pid, timestampNs, event.ppid, uid, event.name.toByteArray());
}

TrackedProcess &Accountant::Private::createProcess(std::int32_t pid, std::int64_t timestampNs,
    std::int32_t ppid, std::int64_t uid, const QByteArray &name)
{
    auto process = std::make_unique<TrackedProcess>(timelineMaxPoints);
    ProcessFigures &figures = process->figures;
    figures.processKey = ++processesSeen;
    figures.pid = pid;
    figures.ppid = ppid;
    figures.uid = uid;
    figures.name = name;
    figures.firstSeenNs = timestampNs;
    figures.lastSeenNs = timestampNs;
    process->image = newImage();
    process->image->users.push_back(process.get());
    TrackedProcess &created = *process;
    processes.emplace(figures.processKey, std::move(process));
    newestByPid.insert(pid, &created);
    if (!retiredByPid.empty())
        retiredByPid.erase(pid);
    lastPid = pid;
    lastProcess = &created;
    markChanged(created);
    return created;
}

void Accountant::Private::endProcess(
    TrackedProcess &process, std::int64_t timestampNs, std::int64_t status)
{
    process.figures.exitNs = timestampNs;
    process.figures.exitStatus = status;
    process.commitProvisional(latest);
    detach(process);
    refresh(process, timestampNs);
    // Freeing spare room pays off for a process that stays; a retiring one
    // goes soon, and copying its timeline only to free it cost the import
    // time.
    if (!retireExitedProcesses) {
        process.timeline.squeeze();
        process.provisional.shrink_to_fit();
    }
    markChanged(process);
    if (retireExitedProcesses && !process.awaitingRetirement) {
        process.awaitingRetirement = true;
        exitedProcesses.push_back(&process);
    }
}

void Accountant::Private::retireExited(std::int64_t cutoffNs)
{
    const std::int64_t exitedBefore = minusSaturated(cutoffNs, Accountant::retirementDelayNs);
    // Exits come in time order but for late ones, which wait a little longer
    // behind the others.
    while (!exitedProcesses.empty() && exitedProcesses.front()->figures.exitNs <= exitedBefore) {
        TrackedProcess *process = exitedProcesses.front();
        exitedProcesses.pop_front();
        retire(*process);
    }
}

void Accountant::Private::retire(TrackedProcess &process)
{
    process.commitProvisional(latest);
    retired.push_back({process.figures, process.timeline.takeSamples()});
    if (process.changed)
        changedProcesses[process.changedIndex] = nullptr;
    const std::int32_t pid = process.figures.pid;
    if (newestByPid.value(pid) == &process) {
        newestByPid.erase(pid);
        const RetiredPid tombstone {process.figures.processKey, process.figures.exitNs};
        retiredByPid[pid] = tombstone;
        retiredPidOrder.emplace_back(pid, tombstone);
    }
    if (lastProcess == &process) {
        lastProcess = nullptr;
        lastPid = -1;
    }
    processes.erase(process.figures.processKey); // frees process
}

void Accountant::Private::forgetRetiredPids(std::int64_t cutoffNs)
{
    const std::int64_t exitedBefore = minusSaturated(cutoffNs, Accountant::retiredPidHorizonNs);
    while (!retiredPidOrder.empty() && retiredPidOrder.front().second.exitNs <= exitedBefore) {
        const auto &[pid, tombstone] = retiredPidOrder.front();
        const auto it = retiredByPid.find(pid);
        if (it != retiredByPid.end() && it->second.processKey == tombstone.processKey)
            retiredByPid.erase(it);
        retiredPidOrder.pop_front();
    }
}

std::shared_ptr<MemoryImage> Accountant::Private::newImage()
{
    auto image = std::make_shared<MemoryImage>();
    image->space = std::make_shared<AddressSpace>(pageSize, paths);
    return image;
}

void Accountant::Private::detach(TrackedProcess &process)
{
    if (!process.image)
        return;
    auto &users = process.image->users;
    users.erase(std::remove(users.begin(), users.end(), &process), users.end());
    process.image.reset();
}

void Accountant::Private::markChanged(TrackedProcess &process)
{
    if (process.changed)
        return;
    process.changed = true;
    process.changedIndex = changedProcesses.size();
    changedProcesses.push_back(&process);
}

void Accountant::Private::refresh(TrackedProcess &process, std::int64_t timestampNs)
{
    if (!trackRanges)
        return;
    ProcessFigures &figures = process.figures;
    // An exited process holds nothing, which is exactly known.
    const AddressSpace::Totals totals
        = process.image ? process.image->space->totals() : AddressSpace::Totals {};
    const bool exact = process.image ? process.image->exact : true;
    if (figures.liveBytes == totals.liveBytes && figures.liveAnonymousBytes == totals.anonymousBytes
        && figures.liveFileBytes == totals.fileBytes
        && figures.livePrivateBytes == totals.privateBytes
        && figures.liveSharedBytes == totals.sharedBytes && figures.liveExact == exact)
        return;
    const bool bytesChanged = figures.liveBytes != totals.liveBytes;
    if (exact) {
        const bool becameExact = !figures.liveExact;
        if (becameExact)
            process.provisional.clear();
        if (bytesChanged || becameExact || process.timeline.isEmpty())
            process.timeline.record(timestampNs, totals.liveBytes);
    } else if (bytesChanged) {
        process.provisional.push_back({timestampNs, totals.liveBytes});
        if (process.provisional.size() > provisionalMaxSamples)
            process.commitProvisional(process.provisional[provisionalMaxSamples / 2].timestampNs);
        process.commitProvisional(minusSaturated(timestampNs, provisionalHoldNs));
    }
    figures.liveBytes = totals.liveBytes;
    figures.liveAnonymousBytes = totals.anonymousBytes;
    figures.liveFileBytes = totals.fileBytes;
    figures.livePrivateBytes = totals.privateBytes;
    figures.liveSharedBytes = totals.sharedBytes;
    figures.liveExact = exact;
    markChanged(process);
}

void Accountant::Private::refreshUsers(MemoryImage &image, std::int64_t timestampNs)
{
    for (TrackedProcess *user : image.users)
        refresh(*user, timestampNs);
}

// --- Memory calls ------------------------------------------------------------

void Accountant::Private::applyMemoryCall(const HeldCall &call, const Event &event)
{
    TrackedProcess *tracked = processFor(call.pid, call.timestampNs, call.uidOf(event), event);
    if (!tracked)
        return;
    TrackedProcess &process = *tracked;
    ProcessFigures &figures = process.figures;
    const bool failed = call.failed();
    if (failed)
        ++figures.failedCalls;
    switch (call.call) {
    case Call::Mmap:
        ++figures.mmapCalls;
        if (!failed)
            figures.requestedBytes += call.length;
        break;
    case Call::Munmap:
        ++figures.munmapCalls;
        if (!failed)
            figures.releasedBytes += call.length;
        break;
    case Call::Mremap: {
        ++figures.mremapCalls;
        if (failed)
            break;
        const std::uint64_t oldLength = call.offset;
        const std::uint64_t newLength = call.length;
        // A duplicate (old length 0) or a move that keeps the source adds a
        // whole new mapping; otherwise the mapping only changes size.
        if ((call.flags & MREMAP_DONTUNMAP) || oldLength == 0)
            figures.requestedBytes += newLength;
        else if (newLength > oldLength)
            figures.requestedBytes += newLength - oldLength;
        else
            figures.releasedBytes += oldLength - newLength;
        break;
    }
    case Call::Brk:
        ++figures.brkCalls;
        break;
    default:
        break;
    }

    if (!process.image)
        return; // a late record of an exited process: counted, nothing is live
    if (call.timestampNs < process.liveValidFromNs) {
        ++counters.recordsBeforeBaseline;
        return;
    }
    MemoryImage &image = *process.image;
    if (!trackRanges) {
        if (call.call == Call::Brk)
            countBrk(process, call);
        return;
    }
    switch (call.call) {
    case Call::Mmap:
        if (failed)
            return;
        applyMmap(image, call);
        break;
    case Call::Munmap:
        if (failed)
            return;
        applyMunmap(image, call);
        break;
    case Call::Mremap:
        if (failed)
            return;
        applyMremap(image, call);
        break;
    case Call::Brk:
        countBrk(process, call);
        applyBrk(image, call);
        break;
    default:
        return;
    }
    refreshUsers(image, call.timestampNs);
}

void Accountant::Private::countBrk(TrackedProcess &process, const HeldCall &call)
{
    ProcessFigures &figures = process.figures;
    MemoryImage &image = *process.image;
    const std::uint64_t requested = call.address;
    const auto newBreak = static_cast<std::uint64_t>(call.result);
    // brk(0) asks where the break is; a refused brk returns the old break.
    if (requested != 0 && newBreak != requested) {
        ++figures.failedCalls;
    } else if (requested != 0) {
        const std::uint64_t startBrk = call.offset;
        const std::uint64_t previous = image.programBreak != 0 ? image.programBreak
            : image.heapEnd != 0                               ? image.heapEnd
                                                               : startBrk;
        if (previous != 0) {
            if (newBreak > previous)
                figures.requestedBytes += newBreak - previous;
            else
                figures.releasedBytes += previous - newBreak;
        }
    }
    if (call.result > 0)
        image.programBreak = newBreak;
}

std::uint8_t Accountant::Private::hugePageShiftOf(std::uint64_t mmapFlags) const
{
    const std::uint64_t encoded = (mmapFlags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
    // Sizes from the base page to 2^47 bytes are real; anything else means
    // the default size.
    if (encoded > log2Of(pageSize) && encoded < 48)
        return static_cast<std::uint8_t>(encoded);
    return log2Of(defaultHugePageSize);
}

void Accountant::Private::applyMmap(MemoryImage &image, const HeldCall &call)
{
    MappingAttributes attributes;
    attributes.prot = call.prot;
    attributes.flags = call.flags;
    attributes.fd = call.fd;
    attributes.offset = call.offset;
    std::uint64_t granule = pageSize;
    if (call.flags & MAP_HUGETLB) {
        attributes.hugePageShift = hugePageShiftOf(call.flags);
        granule = attributes.hugePageSize();
    }
    const auto start = static_cast<std::uint64_t>(call.result);
    const std::uint64_t end = alignUp(AddressSpace::saturatedEnd(start, call.length), granule);
    image.writableSpace().mapRange(start, end, attributes);
}

void Accountant::Private::applyMunmap(MemoryImage &image, const HeldCall &call)
{
    // Inside a hugetlb range the kernel refuses any cut that is not on a huge
    // page boundary, so a successful munmap names exactly what went away.
    const std::uint64_t start = alignDown(call.address, pageSize);
    const std::uint64_t end
        = alignUp(AddressSpace::saturatedEnd(call.address, call.length), pageSize);
    image.writableSpace().unmapRange(start, end);
}

void Accountant::Private::applyMremap(MemoryImage &image, const HeldCall &call)
{
    // Record: address = old address, offset = old length, length = new
    // length, result = new address. The kernel page-aligns both lengths (to
    // the huge page size inside a hugetlb mapping).
    AddressSpace &space = image.writableSpace();
    const std::uint64_t oldStart = call.address;
    const std::uint64_t newStart = static_cast<std::uint64_t>(call.result);
    const std::uint64_t oldLength = call.offset;
    const auto atOldStart = space.rangeAt(oldStart);
    std::uint64_t granule = pageSize;
    if (atOldStart && atOldStart->attributes.hugePageShift != 0)
        granule = atOldStart->attributes.hugePageSize();
    const std::uint64_t oldEnd = oldLength == 0
        ? oldStart
        : alignUp(AddressSpace::saturatedEnd(oldStart, oldLength), granule);
    const std::uint64_t newEnd
        = alignUp(AddressSpace::saturatedEnd(newStart, call.length), granule);
    if (newEnd <= newStart || oldEnd < oldStart)
        return;
    const std::uint64_t keptLength = std::min(oldEnd - oldStart, newEnd - newStart);

    // What the new range holds: the old contents, then (when growing) more of
    // the old range's last mapping. When the old range is not (or no longer)
    // known, the new range still exists: fill it with what it most likely is.
    const std::vector<AddressSpace::Range> oldRanges
        = oldLength == 0 ? std::vector<AddressSpace::Range> {} : space.rangesIn(oldStart, oldEnd);
    MappingAttributes continuation;
    std::uint64_t continuationBase
        = newStart; // where continuation.offset applies, in old addresses
    if (oldLength == 0 && atOldStart) {
        continuation = atOldStart->attributes; // a duplicate of a shared mapping
        continuationBase = atOldStart->start;
    } else if (!oldRanges.empty()) {
        continuation = oldRanges.back().attributes;
        continuationBase = oldRanges.back().start;
    } else {
        continuation.prot = PROT_READ | PROT_WRITE;
        continuation.flags = MAP_PRIVATE | MAP_ANONYMOUS;
        continuationBase = oldStart;
    }
    continuation.offset += oldStart - continuationBase; // the offset at newStart

    if (call.flags & MREMAP_FIXED)
        space.unmapRange(newStart, newEnd);
    if (!(call.flags & MREMAP_DONTUNMAP) && oldEnd > oldStart)
        space.unmapRange(oldStart, oldEnd);
    for (const AddressSpace::Range &range : oldRanges) {
        if (range.start >= oldStart + keptLength)
            break;
        const std::uint64_t end = std::min(range.end, oldStart + keptLength);
        space.mapRange(
            range.start - oldStart + newStart, end - oldStart + newStart, range.attributes);
    }
    // Gaps only: when this record is applied again on top of a baseline that
    // already contains it, what is there is right and stays.
    space.fillGaps(newStart, newEnd, continuation);
}

void Accountant::Private::applyBrk(MemoryImage &image, const HeldCall &call)
{
    // Record: offset = start of the heap (mm->start_brk, 0 unknown), result =
    // the break after the call, which is right even when the call was refused.
    if (call.result <= 0)
        return;
    if (call.offset != 0)
        image.heapStart = alignUp(call.offset, pageSize);
    const std::uint64_t newEnd = alignUp(static_cast<std::uint64_t>(call.result), pageSize);
    if (image.heapStart == 0)
        image.heapStart = newEnd; // nothing better known: the heap starts here
    if (newEnd < image.heapStart)
        return;
    const std::uint64_t oldEnd = std::max(image.heapEnd, image.heapStart);
    if (newEnd > oldEnd) {
        MappingAttributes heap;
        heap.prot = PROT_READ | PROT_WRITE;
        heap.flags = MAP_PRIVATE | MAP_ANONYMOUS;
        heap.kind = RegionKind::Heap;
        heap.path = QByteArrayLiteral("[heap]");
        image.writableSpace().mapRange(oldEnd, newEnd, heap);
    } else if (newEnd < oldEnd) {
        image.writableSpace().unmapRange(newEnd, oldEnd);
    }
    image.heapEnd = newEnd;
}

// --- Process life cycle and baselines ----------------------------------------

void Accountant::Private::applyFork(const Event &event)
{
    // A retired parent's fork came very late: the child still exists, but
    // what it inherited is unknown.
    TrackedProcess *parent = processFor(event);
    const auto childPid = static_cast<std::int32_t>(event.result);
    if (event.result <= 0)
        return;
    const std::int32_t parentPid = event.pid;
    const std::int64_t parentUid = parent ? parent->figures.uid : event.uid;
    if (TrackedProcess *known = newestByPid.value(childPid)) {
        TrackedProcess &existing = *known;
        if (existing.figures.exitNs < 0) {
            if (existing.figures.firstSeenNs >= event.timestampNs) {
                // The child's own records overtook the fork by more than the
                // reorder window: it is this child, first seen without a parent.
                existing.figures.ppid = parentPid;
                markChanged(existing);
                return;
            }
            // The pid was free for this child, so whatever had it is gone.
            endProcess(existing, event.timestampNs, 0);
        }
    }
    TrackedProcess &child = createProcess(
        childPid, event.timestampNs, parentPid, parentUid, event.name.toByteArray());
    child.liveValidFromNs = event.timestampNs;
    if (parent)
        child.figures.cmdline = parent->figures.cmdline;
    if (parent && parent->image) {
        if (event.flags & CLONE_VM) {
            detach(child);
            child.image = parent->image;
            child.image->users.push_back(&child);
        } else {
            MemoryImage &image = *child.image;
            image.space = parent->image->space; // copied on the first change
            image.heapStart = parent->image->heapStart;
            image.heapEnd = parent->image->heapEnd;
            image.programBreak = parent->image->programBreak;
            image.exact = parent->image->exact;
        }
    }
    refresh(child, event.timestampNs);
}

void Accountant::Private::applyExec(const Event &event)
{
    TrackedProcess *tracked = processFor(event);
    if (!tracked)
        return;
    TrackedProcess &process = *tracked;
    if (process.figures.name != event.name.view())
        process.figures.name = event.name.toByteArray();
    process.figures.cmdline.clear();
    // A new address space, unknown until the helper's baseline of it.
    detach(process);
    process.image = newImage();
    process.image->users.push_back(&process);
    process.liveValidFromNs = event.timestampNs;
    refresh(process, event.timestampNs);
}

void Accountant::Private::applyBaseline(const Event &event, CollectedBaseline &baseline)
{
    TrackedProcess *tracked = processFor(event);
    if (!tracked)
        return;
    TrackedProcess &process = *tracked;
    if (!event.name.isEmpty() && process.figures.name != event.name.view())
        process.figures.name = event.name.toByteArray();
    if (event.ppid != -1)
        process.figures.ppid = event.ppid;
    if (!process.image)
        return; // exited before the baseline was taken
    MemoryImage &image = *process.image;
    const bool complete = baseline.receivedLines == baseline.announcedLines;
    if (!complete)
        ++counters.incompleteBaselines;
    if (trackRanges) {
        image.space = std::make_shared<AddressSpace>(std::move(baseline.space));
        image.exact = complete;
    }
    if (baseline.heapEnd != 0) {
        image.heapStart = baseline.heapStart;
        image.heapEnd = baseline.heapEnd;
    } else {
        image.heapEnd = image.heapStart; // no [heap] line: the heap is empty
    }
    // Records up to the snapshot's time are in it. Later ones until the map
    // lines were read may or may not be: they follow in time order and are
    // applied on top, which changes nothing where the baseline has them
    // already (see applyMremap for the one call that needs care).
    for (TrackedProcess *user : image.users)
        user->liveValidFromNs = std::max(user->liveValidFromNs, event.timestampNs);
    refreshUsers(image, event.timestampNs);
}

// --- Accountant --------------------------------------------------------------

Accountant::Accountant(std::int64_t pageSize)
    : d(new Private(pageSize))
{ }

Accountant::~Accountant()
{
    delete d;
}

void Accountant::add(const std::vector<Event> &records)
{
    // Records are held until the reorder window passes: they need a home.
    auto batch = std::make_shared<EventBatch>();
    batch->events = records;
    add(EventBatchPtr(std::move(batch)));
}

void Accountant::add(const EventBatch &batch)
{
    add(std::make_shared<const EventBatch>(batch));
}

void Accountant::add(const EventBatchPtr &batch)
{
    if (!batch)
        return;
    d->add(batch);
    d->release(minusSaturated(d->newestNs, d->reorderWindowNs));
    addLostRecords(batch->lostEvents + batch->malformedLines);
}

void Accountant::addLostRecords(std::uint64_t count)
{
    if (count == 0)
        return;
    d->newestByPid.forEach([this](std::int32_t, TrackedProcess *process) {
        if (process->image && process->image->exact) {
            process->image->exact = false;
            d->refreshUsers(*process->image, process->figures.lastSeenNs);
        }
    });
}

void Accountant::releaseUpTo(std::int64_t nowNs)
{
    d->release(minusSaturated(nowNs, d->reorderWindowNs));
}

void Accountant::flush()
{
    if (d->collecting)
        d->finishCollecting();
    d->release(latest);
}

ProcessUpdate Accountant::takeChanges()
{
    ProcessUpdate update;
    update.reserve(d->changedProcesses.size());
    for (TrackedProcess *process : d->changedProcesses) {
        if (!process)
            continue; // retired: its figures go with takeRetired()
        process->changed = false;
        update.push_back(process->figures);
    }
    d->changedProcesses.clear();
    return update;
}

std::vector<ProcessFigures> Accountant::allProcesses() const
{
    std::vector<ProcessFigures> result;
    result.reserve(d->processes.size());
    for (const auto &[key, process] : d->processes)
        result.push_back(process->figures);
    std::sort(result.begin(), result.end(), [](const ProcessFigures &a, const ProcessFigures &b) {
        return a.processKey < b.processKey;
    });
    return result;
}

std::optional<ProcessFigures> Accountant::process(std::uint64_t processKey) const
{
    if (const TrackedProcess *process = d->find(processKey))
        return process->figures;
    return std::nullopt;
}

std::uint64_t Accountant::processesSeen() const
{
    return d->processesSeen;
}

std::int64_t Accountant::knownUntilNs() const
{
    const std::int64_t known = std::max(d->lastAppliedNs, d->releasedUpToNs);
    return known == earliest ? -1 : known;
}

void Accountant::setRetireExitedProcesses(bool retire)
{
    if (retire == d->retireExitedProcesses)
        return;
    d->retireExitedProcesses = retire;
    d->exitedProcesses.clear();
    for (auto &[key, process] : d->processes)
        process->awaitingRetirement = false;
    if (!retire)
        return;
    std::vector<TrackedProcess *> exited;
    for (auto &[key, process] : d->processes) {
        if (process->figures.exitNs >= 0)
            exited.push_back(process.get());
    }
    std::sort(exited.begin(), exited.end(), [](const TrackedProcess *a, const TrackedProcess *b) {
        return a->figures.exitNs < b->figures.exitNs;
    });
    for (TrackedProcess *process : exited) {
        process->awaitingRetirement = true;
        d->exitedProcesses.push_back(process);
    }
}

void Accountant::setTrackRanges(bool track)
{
    d->trackRanges = track;
}

bool Accountant::tracksRanges() const
{
    return d->trackRanges;
}

std::vector<Accountant::RetiredProcess> Accountant::takeRetired()
{
    std::vector<RetiredProcess> taken;
    taken.swap(d->retired);
    return taken;
}

std::optional<std::uint64_t> Accountant::processKeyOfPid(std::int32_t pid) const
{
    const TrackedProcess *newest = d->newestByPid.value(pid);
    if (!newest)
        return std::nullopt;
    return newest->figures.processKey;
}

std::vector<LiveMapping> Accountant::liveMappings(std::uint64_t processKey) const
{
    const TrackedProcess *process = d->find(processKey);
    if (!process || !process->image)
        return {};
    return process->image->space->liveMappings();
}

std::vector<LiveSample> Accountant::liveTimeline(std::uint64_t processKey) const
{
    const TrackedProcess *process = d->find(processKey);
    if (!process)
        return {};
    std::vector<LiveSample> samples = process->timeline.samples();
    samples.insert(samples.end(), process->provisional.begin(), process->provisional.end());
    return samples;
}

std::size_t Accountant::pendingRecords() const
{
    return d->heldOrder.size() + (d->collecting ? 1 : 0);
}

const Accountant::Counters &Accountant::counters() const
{
    return d->counters;
}

std::int64_t Accountant::pageSize() const
{
    return static_cast<std::int64_t>(d->pageSize);
}

std::int64_t Accountant::reorderWindowNs() const
{
    return d->reorderWindowNs;
}

void Accountant::setReorderWindowNs(std::int64_t windowNs)
{
    d->reorderWindowNs = std::max<std::int64_t>(windowNs, 0);
}

void Accountant::setDefaultHugePageSize(std::uint64_t bytes)
{
    if (isPowerOfTwo(bytes) && bytes >= d->pageSize)
        d->defaultHugePageSize = bytes;
}

void Accountant::setTimelineMaxPoints(std::size_t points)
{
    d->timelineMaxPoints = std::max<std::size_t>(points, 8);
}

} // namespace memtap
