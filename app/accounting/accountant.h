// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"
#include "accounting/processfigures.h"
#include "trace/event.h"
#include "trace/eventbatch.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace memtap {

// Turns the record stream of one capture session into per-process figures:
// the naive request/release counters and the exact live mapped ranges
// (address-range accounting, issue 5). Single-threaded; runs in the capture
// pipeline's worker thread. Records may arrive slightly out of timestamp order
// (per-CPU tracer buffers): they are held for a short reorder window and
// applied in (timestamp, stream position) order.
//
// The rules, record by record (probes/README.md has the fields):
// - mmap: [result, result + length rounded up to pages (to the huge page for
//   MAP_HUGETLB)) is mapped, replacing whatever it overlaps. munmap removes
//   exactly the pages it names. Failed calls (result < 0) change no range.
// - mremap (offset = old length): the old range's contents move to the new
//   address (shrunk or grown; grown with more of its last mapping); the old
//   range stays with MREMAP_DONTUNMAP and when the old length is 0 (a
//   duplicate of a shared mapping); MREMAP_FIXED replaces the target first.
// - brk (offset = start_brk, result = the break after the call): the heap is
//   [start_brk, page-aligned break). Without start_brk, the [heap] line of the
//   baseline or, lacking that, the first break seen is where it starts.
// - fork: the child starts with a copy of the parent's ranges at that moment
//   (shared outright with CLONE_VM, as vfork and posix_spawn do, until the
//   child execs or exits); it is exact if the parent was.
// - exec: the ranges are unknown (not exact) until the helper's baseline of
//   the new image follows. exit: nothing is live any more (exact); the
//   process's figures and timeline stay. A later record of the same pid is a
//   new process with a new processKey.
// - retirement (long captures, setRetireExitedProcesses()): once the records
//   applied are retirementDelayNs past a process's exit, no record in order
//   can change it any more; its final figures and timeline are handed out
//   once by takeRetired() and it is forgotten, so that memory follows the
//   processes alive, not all the processes a session ever saw. Only its pid,
//   key and exit time stay for retiredPidHorizonNs, so that a record that
//   comes later still than that is recognised (and counted in
//   Counters::recordsOfRetiredProcesses) instead of starting a process.
// - snapshot + map lines (a baseline): replace the ranges and make them
//   exact. Calls older than the snapshot line that arrive after it are
//   already in it and are skipped. Calls between the snapshot line and its
//   map lines may or may not be in it: they are applied on top, which is
//   harmless where they already are, since every call sets the pages it
//   names to a state that does not depend on what was there (mremap fills
//   only what is missing at its target).
// - a process first seen without a baseline or a known parent, and every
//   process alive when records were lost, is not exact until its next
//   baseline.
//
// - cmdline: belongs to the pid's newest process, even one that exited while
//   the helper read it; it never starts a process.
//
// Live bytes leave out [stack], [vvar], [vvar_vclock], [vdso] and
// [vsyscall], so that they equal the sum of the other ranges of
// /proc/PID/maps to the byte. They are mapped address space, not resident
// memory: a sanitizer's shadow reservation counts with its full size.
class Accountant
{
public:
    // How long records wait for stragglers from other CPUs' buffers.
    static constexpr std::int64_t defaultReorderWindowNs = 100'000'000;
    // How far past a process's exit the records applied must be before it is
    // retired: many reorder windows, so that only records that came very late
    // find it gone.
    static constexpr std::int64_t retirementDelayNs = 2'000'000'000;
    // How long a retired process's pid is remembered to recognise its late
    // records.
    static constexpr std::int64_t retiredPidHorizonNs = 60'000'000'000;
    // MAP_HUGETLB without an encoded size: x86-64's default huge page.
    static constexpr std::uint64_t defaultHugePageSize = std::uint64_t(2) << 20;

    // What the accountant did with the records it was given, for diagnostics.
    struct Counters
    {
        std::uint64_t appliedRecords = 0;
        // Applied after a record with a later timestamp: they came later than
        // the reorder window allowed, so they were applied out of order.
        std::uint64_t lateRecords = 0;
        // Memory calls older than the baseline (or exec) of their process that
        // came after it: the baseline already contains them.
        std::uint64_t recordsBeforeBaseline = 0;
        // `map` lines outside a snapshot block.
        std::uint64_t orphanMapLines = 0;
        // Snapshot blocks with fewer `map` lines than announced.
        std::uint64_t incompleteBaselines = 0;
        // Records of a process that was already retired (they came more than
        // retirementDelayNs late): stored, but not in its figures.
        std::uint64_t recordsOfRetiredProcesses = 0;
    };

    // The final state of an exited process that no record can change any
    // more, handed out once by takeRetired().
    struct RetiredProcess
    {
        ProcessFigures figures;
        std::vector<LiveSample> timeline;
    };

    explicit Accountant(std::int64_t pageSize = 4096);
    ~Accountant();
    Accountant(const Accountant &) = delete;
    Accountant &operator=(const Accountant &) = delete;

    // Takes records in stream order (copying them: they are held for the
    // reorder window).
    void add(const std::vector<Event> &records);
    // The same, and the batch's drops and malformed lines are taken into
    // account as addLostRecords() does.
    void add(const EventBatch &batch);
    // The same without a copy: the accountant keeps the batch until it has
    // applied its records. The pipeline's way.
    void add(const EventBatchPtr &batch);
    // Records were lost (tracer drops, malformed lines): the live figures of
    // every process alive may miss a call, so none is exact any more until
    // its next baseline.
    void addLostRecords(std::uint64_t count);
    // Live capture: applies every held record older than nowNs minus the
    // reorder window. Call it on a timer with the clock the records use
    // (CLOCK_MONOTONIC of the traced host, i.e. of this host when capturing
    // live), so that a quiet process's last calls are not held back until
    // other records push the window on. add() already releases what the
    // newest record it saw allows.
    void releaseUpTo(std::int64_t nowNs);
    // End of stream (or a pause): applies everything held. A snapshot block
    // still missing map lines is applied as it is, not exact.
    void flush();

    // The processes whose figures changed since the previous call, each once,
    // in the order they first changed.
    ProcessUpdate takeChanges();
    // Every process of the session, alive or exited, by processKey; without
    // the retired ones.
    std::vector<ProcessFigures> allProcesses() const;
    // Empty for a retired process.
    std::optional<ProcessFigures> process(std::uint64_t processKey) const;
    // The process a pid names now (the newest incarnation, alive or exited,
    // not retired).
    std::optional<std::uint64_t> processKeyOfPid(std::int32_t pid) const;
    // Processes seen in the session, retired ones included.
    std::uint64_t processesSeen() const;
    // The time every figure and timeline holds as of, -1 before the first
    // record: the newest applied, or, where later, the cutoff up to which
    // releaseUpTo() or add() left no record held (a quiet stretch of a live
    // capture).
    std::int64_t knownUntilNs() const;
    // Off by default (every process stays until the accountant goes). On:
    // exited processes are retired as described above; call takeRetired()
    // regularly, it holds what was retired since the previous call.
    void setRetireExitedProcesses(bool retire);
    // The processes retired since the previous call, in the order they
    // retired. A retired process's last figures come only from here, not
    // from takeChanges().
    std::vector<RetiredProcess> takeRetired();
    // The mapped ranges of a live process, by address, merged as the kernel
    // merges VMAs. Kernel-managed regions ([stack], [vdso], ...) are listed
    // with their path but are not part of liveBytes. Empty after exit.
    std::vector<LiveMapping> liveMappings(std::uint64_t processKey) const;
    // Live bytes over time, a sample where they changed, in time order,
    // decimated (keeping every bucket's first, lowest, highest and last
    // sample) to at most the timeline bound plus a few samples not yet
    // confirmed by a baseline.
    std::vector<LiveSample> liveTimeline(std::uint64_t processKey) const;

    // Records held in the reorder window, not applied yet.
    std::size_t pendingRecords() const;
    const Counters &counters() const;

    std::int64_t pageSize() const;
    std::int64_t reorderWindowNs() const;
    void setReorderWindowNs(std::int64_t windowNs);
    // The size of huge pages of MAP_HUGETLB calls that encode none (the
    // system's default, Hugepagesize in /proc/meminfo).
    void setDefaultHugePageSize(std::uint64_t bytes);
    // Upper bound of liveTimeline()'s length, per process; applies to
    // processes seen afterwards.
    void setTimelineMaxPoints(std::size_t points);
    // On by default. Off: the processes, their life cycle and the naive
    // figures (calls, requested and released bytes) are kept exactly as with
    // it on, but no address range: every live figure stays 0 and not exact,
    // and there are no mappings and no timelines. What the original tool
    // knew, kept as the baseline that shows what address-range accounting
    // costs (bench_storage). Set it before the first record.
    void setTrackRanges(bool track);
    bool tracksRanges() const;

private:
    class Private;
    Private *d;
};

} // namespace memtap
