// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/accountant.h"
#include "records.h"
#include "streamorder.h"
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/tracefile.h"

#include <QTest>

#include <algorithm>
#include <csignal>
#include <map>
#include <random>

#include <sched.h>
#include <sys/mman.h>

using namespace memtap;
using namespace memtap::test;

namespace {

constexpr std::int32_t pid = 100;

enum class StreamOrder { Sorted, PerCpuBuffers, LocalShuffle };
constexpr std::uint64_t mib = std::uint64_t(1) << 20;

using Spans = QList<QPair<quint64, quint64>>;

std::unique_ptr<Accountant> accountantAfter(const Records &records)
{
    auto accountant = std::make_unique<Accountant>();
    accountant->add(records);
    accountant->flush();
    return accountant;
}

ProcessFigures figuresOf(const Accountant &accountant, std::int32_t ofPid)
{
    const auto key = accountant.processKeyOfPid(ofPid);
    if (!key)
        return {};
    return accountant.process(*key).value_or(ProcessFigures {});
}

Spans spansOf(const Accountant &accountant, std::int32_t ofPid)
{
    Spans spans;
    const auto key = accountant.processKeyOfPid(ofPid);
    if (!key)
        return spans;
    for (const LiveMapping &mapping : accountant.liveMappings(*key))
        spans.append({mapping.start, mapping.end});
    return spans;
}

// A baseline that makes pid's figures exact, with one ordinary mapping far
// from where the tests work so that it never interferes.
Records exactStart(std::int32_t ofPid = pid, std::int64_t ts = 10)
{
    return snapshotRecords(ts, ts + 1, ofPid,
        {{0x7f0000000000, 0x7f0000001000, PROT_READ, MAP_PRIVATE, "/usr/bin/client"}});
}

constexpr quint64 programBytes = page; // what exactStart maps
constexpr Spans::value_type programSpan {0x7f0000000000, 0x7f0000001000};

} // namespace

class TestAccountant : public QObject
{
    Q_OBJECT

private slots:
    void liveRanges_data();
    void liveRanges();
    void naiveFigures_data();
    void naiveFigures();
    void forkCopiesTheParentsRanges();
    void forkFromAnUnknownParentIsNotExact();
    void vforkSharesTheAddressSpaceUntilExec();
    void childRecordsAheadOfTheForkLine();
    void execReplacesTheRangesWithTheNextBaseline();
    void exitClearsTheRangesAndKeepsTheHistory();
    void pidReuseMakesANewProcess();
    void lateRecordOfAnExitedProcessStaysWithIt();
    void forkOntoALivePidEndsTheOldProcess();
    void snapshotReplacesTheRanges();
    void recordsOlderThanTheSnapshotAreSkipped();
    void recordsBetweenSnapshotAndMapLines_data();
    void recordsBetweenSnapshotAndMapLines();
    void incompleteSnapshotIsNotExact();
    void exitWhileTheBaselineIsReadLeavesNoPhantom();
    void snapshotBlockSplitAcrossBatches();
    void mremapFixedReplacesWhatWasAtTheTarget();
    void emptySnapshot();
    void orphanMapLinesAreCounted();
    void outOfOrderRecordsAreAppliedInTimeOrder();
    void releaseUpToAppliesOnlyRecordsOlderThanTheWindow();
    void lateRecordsAreCounted();
    void firstSeenWithoutBaselineIsNotExact();
    void memoryCallsKeepTheUidExactly();
    void lostRecordsMakeLiveFiguresInexact();
    void takeChangesReportsEachChangedProcessOnce();
    void liveMappingsDescribeEachRange();
    void timelineFollowsLiveBytes();
    void timelineShowsNoDipAcrossExec();
    void timelineWithoutBaselines();
    void processKeys();
    void retiredProcessIsHandedOutOnceAfterTheDelay();
    void lateRecordsOfARetiredProcessAreCounted();
    void retiredPidIsForgottenAfterTheHorizon();
    void retiringKeepsTheFiguresOfTheFullHistory_data();
    void retiringKeepsTheFiguresOfTheFullHistory();
    void withoutRangesTheNaiveFiguresStayTheSame_data();
    void withoutRangesTheNaiveFiguresStayTheSame();
    void recordedCapture();
    void syntheticTraceMatchesGroundTruth_data();
    void syntheticTraceMatchesGroundTruth();
};

void TestAccountant::liveRanges_data()
{
    QTest::addColumn<Records>("records");
    QTest::addColumn<Spans>("expected");
    QTest::addColumn<quint64>("liveBytes");

    const std::uint64_t hugetlb = anonymousPrivate | MAP_HUGETLB;

    QTest::newRow("mmap rounds the length up to pages")
        << concat({exactStart(), {mmapRecord(100, pid, 0x10000, 1)}})
        << Spans {{0x10000, 0x11000}, programSpan} << quint64(page + programBytes);
    QTest::newRow("failed mmap changes nothing")
        << concat({exactStart(), {mmapRecord(100, pid, -ENOMEM, 4096)}}) << Spans {programSpan}
        << programBytes;
    QTest::newRow("munmap from the middle splits")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 5 * page), munmapRecord(200, pid, 0x12000, page)}})
        << Spans {{0x10000, 0x12000}, {0x13000, 0x15000}, programSpan}
        << quint64(4 * page + programBytes);
    QTest::newRow("failed munmap changes nothing") << concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 2 * page), munmapRecord(200, pid, 0x10000, page, -EINVAL)}})
                                                   << Spans {{0x10000, 0x12000}, programSpan}
                                                   << quint64(2 * page + programBytes);
    QTest::newRow("munmap spanning mappings and holes")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mmapRecord(110, pid, 0x14000, 2 * page, MAP_SHARED | MAP_ANONYMOUS),
                   mmapRecord(120, pid, 0x18000, 2 * page, MAP_PRIVATE, PROT_READ, 3),
                   munmapRecord(200, pid, 0x11000, 0x19000 - 0x11000)}})
        << Spans {{0x10000, 0x11000}, {0x19000, 0x1a000}, programSpan}
        << quint64(2 * page + programBytes);
    QTest::newRow("munmap of an unaligned odd length takes every touched page")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 4 * page),
                   munmapRecord(200, pid, 0x11000, page + 1)}})
        << Spans {{0x10000, 0x11000}, {0x13000, 0x14000}, programSpan}
        << quint64(2 * page + programBytes);
    QTest::newRow("MAP_FIXED over an existing mapping replaces it")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 4 * page),
                   mmapRecord(200, pid, 0x11000, page, MAP_PRIVATE | MAP_FIXED, PROT_READ, 3, 0,
                       0x11000)}})
        << Spans {{0x10000, 0x11000}, {0x11000, 0x12000}, {0x12000, 0x14000}, programSpan}
        << quint64(4 * page + programBytes);
    QTest::newRow("MAP_HUGETLB rounds to the default huge page")
        << concat({exactStart(), {mmapRecord(100, pid, 0x40000000, 4096, hugetlb)}})
        << Spans {{0x40000000, 0x40000000 + 2 * mib}, programSpan}
        << quint64(2 * mib + programBytes);
    QTest::newRow("MAP_HUGETLB with an encoded 1 GiB size")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x40000000, 4096, hugetlb | (30ULL << MAP_HUGE_SHIFT))}})
        << Spans {{0x40000000, 0x80000000}, programSpan} << quint64(1024 * mib + programBytes);
    QTest::newRow("munmap of whole huge pages")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x40000000, 4 * mib, hugetlb),
                   munmapRecord(200, pid, 0x40200000, 2 * mib)}})
        << Spans {{0x40000000, 0x40200000}, programSpan} << quint64(2 * mib + programBytes);
    QTest::newRow("mremap in a hugetlb mapping rounds to huge pages")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x40000000, 4 * mib, hugetlb),
                   mremapRecord(200, pid, 0x40000000, 4 * mib, 4096, 0, 0x40000000)}})
        << Spans {{0x40000000, 0x40200000}, programSpan} << quint64(2 * mib + programBytes);
    QTest::newRow("mremap shrinks in place")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 8 * page),
                   mremapRecord(200, pid, 0x10000, 8 * page, 3 * page, 0, 0x10000)}})
        << Spans {{0x10000, 0x13000}, programSpan} << quint64(3 * page + programBytes);
    QTest::newRow("mremap grows in place")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mremapRecord(200, pid, 0x10000, 2 * page, 6 * page, 0, 0x10000)}})
        << Spans {{0x10000, 0x16000}, programSpan} << quint64(6 * page + programBytes);
    QTest::newRow("mremap moves (MREMAP_MAYMOVE)")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mremapRecord(200, pid, 0x10000, 2 * page, 4 * page, MREMAP_MAYMOVE, 0x80000)}})
        << Spans {{0x80000, 0x84000}, programSpan} << quint64(4 * page + programBytes);
    QTest::newRow("mremap moves part of a mapping")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 6 * page),
                   mremapRecord(200, pid, 0x12000, 2 * page, 3 * page, MREMAP_MAYMOVE, 0x80000)}})
        << Spans {{0x10000, 0x12000}, {0x14000, 0x16000}, {0x80000, 0x83000}, programSpan}
        << quint64(7 * page + programBytes);
    QTest::newRow("mremap with MREMAP_FIXED replaces what was at the target")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mmapRecord(110, pid, 0x80000, 8 * page, anonymousPrivate, PROT_READ),
                   mremapRecord(200, pid, 0x10000, 2 * page, 2 * page,
                       MREMAP_MAYMOVE | MREMAP_FIXED, 0x82000)}})
        << Spans {{0x80000, 0x82000}, {0x82000, 0x84000}, {0x84000, 0x88000}, programSpan}
        << quint64(8 * page + programBytes);
    QTest::newRow("mremap shrinks while moving (MREMAP_FIXED)") << concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 4 * page),
            mremapRecord(200, pid, 0x10000, 4 * page, page, MREMAP_MAYMOVE | MREMAP_FIXED,
                0x80000)}}) << Spans {{0x80000, 0x81000}, programSpan}
                                                                << quint64(page + programBytes);
    QTest::newRow("mremap with MREMAP_DONTUNMAP keeps the source mapped")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mremapRecord(200, pid, 0x10000, 2 * page, 2 * page,
                       MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0x80000)}})
        << Spans {{0x10000, 0x12000}, {0x80000, 0x82000}, programSpan}
        << quint64(4 * page + programBytes);
    QTest::newRow("mremap with old length 0 duplicates a shared mapping")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 4 * page, MAP_SHARED | MAP_ANONYMOUS),
                   mremapRecord(200, pid, 0x11000, 0, 2 * page, MREMAP_MAYMOVE, 0x80000)}})
        << Spans {{0x10000, 0x14000}, {0x80000, 0x82000}, programSpan}
        << quint64(6 * page + programBytes);
    QTest::newRow("mremap rounds odd lengths up to pages")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 5000),
                   mremapRecord(200, pid, 0x10000, 5000, 9000, MREMAP_MAYMOVE, 0x90000)}})
        << Spans {{0x90000, 0x93000}, programSpan} << quint64(3 * page + programBytes);
    QTest::newRow("mremap of a range memtap did not know still creates the new range")
        << concat({exactStart(),
               {mremapRecord(200, pid, 0x10000, 2 * page, 3 * page, MREMAP_MAYMOVE, 0x90000)}})
        << Spans {{0x90000, 0x93000}, programSpan} << quint64(3 * page + programBytes);
    QTest::newRow("failed mremap changes nothing")
        << concat({exactStart(),
               {mmapRecord(100, pid, 0x10000, 2 * page),
                   mremapRecord(200, pid, 0x10000, 2 * page, 8 * page, 0, -ENOMEM)}})
        << Spans {{0x10000, 0x12000}, programSpan} << quint64(2 * page + programBytes);
    QTest::newRow("brk grows and shrinks the heap")
        << concat({exactStart(),
               {brkRecord(100, pid, 0, 0x555000, 0x555000),
                   brkRecord(110, pid, 0x576010, 0x555000, 0x576010),
                   brkRecord(120, pid, 0x556800, 0x555000, 0x556800)}})
        << Spans {{0x555000, 0x557000}, programSpan} << quint64(2 * page + programBytes);
    QTest::newRow("brk without start_brk: the heap starts at the first break")
        << concat({exactStart(),
               {brkRecord(100, pid, 0, 0, 0x600000), brkRecord(110, pid, 0x600100, 0, 0x600100)}})
        << Spans {{0x600000, 0x601000}, programSpan} << quint64(page + programBytes);
    QTest::newRow("refused brk changes nothing")
        << concat({exactStart(),
               {brkRecord(100, pid, 0x557000, 0x555000, 0x557000),
                   brkRecord(110, pid, 0x7fff00000000, 0x555000, 0x557000)}})
        << Spans {{0x555000, 0x557000}, programSpan} << quint64(2 * page + programBytes);
    QTest::newRow("brk back to the start empties the heap") << concat({exactStart(),
        {brkRecord(100, pid, 0x557000, 0x555000, 0x557000),
            brkRecord(110, pid, 0x555000, 0x555000, 0x555000)}})
                                                            << Spans {programSpan} << programBytes;
    QTest::newRow("brk grows the heap a baseline reported")
        << concat({snapshotRecords(
                       10, 11, pid, {{0x555000, 0x560000, readWrite, anonymousPrivate, "[heap]"}}),
               {brkRecord(100, pid, 0x575000, 0, 0x575000)}})
        << Spans {{0x555000, 0x575000}} << quint64(0x20000);
    QTest::newRow("brk shrinks the heap a baseline reported")
        << concat({snapshotRecords(
                       10, 11, pid, {{0x555000, 0x560000, readWrite, anonymousPrivate, "[heap]"}}),
               {brkRecord(100, pid, 0x556000, 0x555000, 0x556000)}})
        << Spans {{0x555000, 0x556000}} << quint64(page);
    QTest::newRow("kernel-managed regions are listed but not live")
        << snapshotRecords(10, 11, pid,
               {{0x555000, 0x556000, PROT_READ, MAP_PRIVATE, "/usr/bin/x"},
                   {0x7ffc0000, 0x7ffe1000, readWrite, anonymousPrivate, "[stack]"},
                   {0x7fff0000, 0x7fff4000, PROT_READ, anonymousPrivate, "[vvar]"},
                   {0x7fff4000, 0x7fff6000, PROT_READ | PROT_EXEC, anonymousPrivate, "[vdso]"},
                   {0x7fff6000, 0x7fff7000, PROT_READ, anonymousPrivate, "[vvar_vclock]"},
                   {0xffffffffff600000, 0xffffffffff601000, PROT_EXEC, anonymousPrivate,
                       "[vsyscall]"}})
        << Spans {{0x555000, 0x556000}, {0x7ffc0000, 0x7ffe1000}, {0x7fff0000, 0x7fff4000},
               {0x7fff4000, 0x7fff6000}, {0x7fff6000, 0x7fff7000},
               {0xffffffffff600000, 0xffffffffff601000}}
        << quint64(page);
}

void TestAccountant::liveRanges()
{
    QFETCH(Records, records);
    QFETCH(Spans, expected);
    QFETCH(quint64, liveBytes);

    const auto accountant = accountantAfter(records);
    QCOMPARE(spansOf(*accountant, pid), expected);
    const ProcessFigures figures = figuresOf(*accountant, pid);
    QCOMPARE(figures.liveBytes, liveBytes);
    QCOMPARE(figures.liveAnonymousBytes + figures.liveFileBytes, liveBytes);
    QCOMPARE(figures.livePrivateBytes + figures.liveSharedBytes, liveBytes);
    QVERIFY(figures.liveExact);
}

void TestAccountant::naiveFigures_data()
{
    QTest::addColumn<Records>("records");
    QTest::addColumn<QList<quint64>>("calls"); // mmap, munmap, mremap, brk, failed
    QTest::addColumn<quint64>("requested");
    QTest::addColumn<quint64>("released");

    QTest::newRow("mmap counts the length as requested, not rounded")
        << Records {mmapRecord(1, pid, 0x10000, 1000)} << QList<quint64> {1, 0, 0, 0, 0}
        << quint64(1000) << quint64(0);
    QTest::newRow("failed mmap is a call and a failure, no bytes")
        << Records {mmapRecord(1, pid, -ENOMEM, 1000)} << QList<quint64> {1, 0, 0, 0, 1}
        << quint64(0) << quint64(0);
    QTest::newRow("munmap releases its length")
        << Records {mmapRecord(1, pid, 0x10000, 3 * page), munmapRecord(2, pid, 0x10000, 100)}
        << QList<quint64> {1, 1, 0, 0, 0} << quint64(3 * page) << quint64(100);
    QTest::newRow("failed munmap releases nothing")
        << Records {munmapRecord(2, pid, 0x10001, 100, -EINVAL)} << QList<quint64> {0, 1, 0, 0, 1}
        << quint64(0) << quint64(0);
    QTest::newRow("mremap growth is requested")
        << Records {mremapRecord(1, pid, 0x10000, 4096, 10000, MREMAP_MAYMOVE, 0x80000)}
        << QList<quint64> {0, 0, 1, 0, 0} << quint64(5904) << quint64(0);
    QTest::newRow("mremap shrinkage is released")
        << Records {mremapRecord(1, pid, 0x10000, 10000, 4096, 0, 0x10000)}
        << QList<quint64> {0, 0, 1, 0, 0} << quint64(0) << quint64(5904);
    QTest::newRow("mremap move at the same size is neither")
        << Records {mremapRecord(
               1, pid, 0x10000, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, 0x80000)}
        << QList<quint64> {0, 0, 1, 0, 0} << quint64(0) << quint64(0);
    QTest::newRow("mremap with MREMAP_DONTUNMAP requests a whole new mapping") << Records {
        mremapRecord(1, pid, 0x10000, 8192, 8192, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
            0x80000)} << QList<quint64> {0, 0, 1, 0, 0} << quint64(8192) << quint64(0);
    QTest::newRow("mremap duplicating (old length 0) requests the new length")
        << Records {mremapRecord(1, pid, 0x10000, 0, 8192, MREMAP_MAYMOVE, 0x80000)}
        << QList<quint64> {0, 0, 1, 0, 0} << quint64(8192) << quint64(0);
    QTest::newRow("failed mremap")
        << Records {mremapRecord(1, pid, 0x10000, 4096, 8192, 0, -ENOMEM)}
        << QList<quint64> {0, 0, 1, 0, 1} << quint64(0) << quint64(0);
    QTest::newRow("brk: query, grow, shrink, refused")
        << Records {brkRecord(1, pid, 0, 0x555000, 0x555000),
               brkRecord(2, pid, 0x576010, 0x555000, 0x576010),
               brkRecord(3, pid, 0x575010, 0x555000, 0x575010),
               brkRecord(4, pid, 0x7fff00000000, 0x555000, 0x575010)}
        << QList<quint64> {0, 0, 0, 4, 1} << quint64(0x21010) << quint64(0x1000);
    QTest::newRow("brk growth from start_brk when the break was never asked")
        << Records {brkRecord(1, pid, 0x555100, 0x555000, 0x555100)}
        << QList<quint64> {0, 0, 0, 1, 0} << quint64(0x100) << quint64(0);
}

void TestAccountant::naiveFigures()
{
    QFETCH(Records, records);
    QFETCH(QList<quint64>, calls);
    QFETCH(quint64, requested);
    QFETCH(quint64, released);

    const ProcessFigures figures = figuresOf(*accountantAfter(records), pid);
    QCOMPARE(figures.mmapCalls, calls[0]);
    QCOMPARE(figures.munmapCalls, calls[1]);
    QCOMPARE(figures.mremapCalls, calls[2]);
    QCOMPARE(figures.brkCalls, calls[3]);
    QCOMPARE(figures.failedCalls, calls[4]);
    QCOMPARE(figures.requestedBytes, requested);
    QCOMPARE(figures.releasedBytes, released);
    // Clamped at zero, as the original tool did.
    QCOMPARE(figures.netBytes(), std::uint64_t(requested > released ? requested - released : 0));
}

void TestAccountant::forkCopiesTheParentsRanges()
{
    Accountant accountant;
    accountant.add(concat({exactStart(),
        {cmdlineRecord(12, pid, QByteArray("client\0--x\0", 11)),
            mmapRecord(100, pid, 0x10000, 4 * page), forkRecord(200, pid, 101)}}));
    // After the fork, each changes its own copy.
    accountant.add(
        {munmapRecord(300, pid, 0x10000, 4 * page), mmapRecord(310, 101, 0x20000, page)});
    accountant.flush();

    const ProcessFigures parent = figuresOf(accountant, pid);
    const ProcessFigures child = figuresOf(accountant, 101);
    QCOMPARE(spansOf(accountant, pid), (Spans {programSpan}));
    QCOMPARE(
        spansOf(accountant, 101), (Spans {{0x10000, 0x14000}, {0x20000, 0x21000}, programSpan}));
    QCOMPARE(parent.liveBytes, programBytes);
    QCOMPARE(child.liveBytes, 5 * page + programBytes);
    QVERIFY(child.liveExact);
    QCOMPARE(child.ppid, pid);
    QCOMPARE(child.name, QByteArray("client"));
    QCOMPARE(child.cmdline, QByteArray("client\0--x\0", 11));
    QCOMPARE(child.uid, parent.uid);
    QCOMPARE(child.firstSeenNs, std::int64_t(200));
    // The naive figures are each process's own.
    QCOMPARE(child.mmapCalls, quint64(1));
    QCOMPARE(parent.mmapCalls, quint64(1));
    QCOMPARE(parent.munmapCalls, quint64(1));
}

void TestAccountant::forkFromAnUnknownParentIsNotExact()
{
    const auto accountant
        = accountantAfter({mmapRecord(100, pid, 0x10000, page), forkRecord(200, pid, 101)});
    QVERIFY(!figuresOf(*accountant, pid).liveExact);
    QVERIFY(!figuresOf(*accountant, 101).liveExact);
    QCOMPARE(figuresOf(*accountant, 101).liveBytes, page);
}

void TestAccountant::vforkSharesTheAddressSpaceUntilExec()
{
    Accountant accountant;
    accountant.add(concat({exactStart(),
        {forkRecord(100, pid, 101, CLONE_VM | CLONE_VFORK | SIGCHLD),
            mmapRecord(110, 101, 0x10000, 2 * page)}}));
    accountant.flush();
    // One mm: the child's mapping is the parent's too, as /proc/PID/maps of both shows.
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 2 * page + programBytes);
    QCOMPARE(figuresOf(accountant, 101).liveBytes, 2 * page + programBytes);
    QVERIFY(figuresOf(accountant, 101).liveExact);

    accountant.add(concat({{execRecord(200, 101, "child")},
        snapshotRecords(210, 211, 101, {{0x400000, 0x401000, PROT_READ, MAP_PRIVATE, "/bin/child"}},
            -1, "child"),
        {mmapRecord(300, 101, 0x30000, page)}}));
    accountant.flush();
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 2 * page + programBytes);
    QCOMPARE(figuresOf(accountant, 101).liveBytes, 2 * page);
    QCOMPARE(figuresOf(accountant, 101).name, QByteArray("child"));

    // Exiting one user of a shared address space leaves it to the other.
    Accountant shared;
    shared.add(concat({exactStart(),
        {forkRecord(100, pid, 101, CLONE_VM | SIGCHLD), exitRecord(150, 101),
            mmapRecord(160, pid, 0x10000, page)}}));
    shared.flush();
    QCOMPARE(figuresOf(shared, pid).liveBytes, page + programBytes);
    QCOMPARE(figuresOf(shared, 101).liveBytes, quint64(0));
}

void TestAccountant::childRecordsAheadOfTheForkLine()
{
    // Per-CPU buffers: the child's first call can reach the stream before
    // the parent's fork line, though it happened after it.
    const auto accountant = accountantAfter(concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, page), mmapRecord(300, 101, 0x20000, page),
            forkRecord(200, pid, 101)}}));
    const ProcessFigures child = figuresOf(*accountant, 101);
    QCOMPARE(
        spansOf(*accountant, 101), (Spans {{0x10000, 0x11000}, {0x20000, 0x21000}, programSpan}));
    QVERIFY(child.liveExact);
    QCOMPARE(child.ppid, pid);
    QCOMPARE(accountant->allProcesses().size(), std::size_t(2));
}

void TestAccountant::execReplacesTheRangesWithTheNextBaseline()
{
    Accountant accountant;
    accountant.add(concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 4 * page), execRecord(200, pid, "newprog")}}));
    accountant.flush();
    ProcessFigures figures = figuresOf(accountant, pid);
    QCOMPARE(figures.name, QByteArray("newprog"));
    QCOMPARE(figures.liveBytes, quint64(0));
    QVERIFY(!figures.liveExact);
    const std::uint64_t key = figures.processKey;

    // The loader's calls before the baseline are in it; the baseline decides.
    accountant.add(concat({{mmapRecord(210, pid, 0x7f1000000000, 8 * page)},
        snapshotRecords(220, 221, pid,
            {{0x400000, 0x402000, PROT_READ | PROT_EXEC, MAP_PRIVATE, "/usr/bin/newprog"},
                {0x7f1000000000, 0x7f1000008000},
                {0x7ffd0000, 0x7ffd2000, readWrite, anonymousPrivate, "[stack]"}}),
        {cmdlineRecord(221, pid, "newprog")}}));
    accountant.flush();
    figures = figuresOf(accountant, pid);
    QCOMPARE(figures.processKey, key); // exec keeps the process
    QVERIFY(figures.liveExact);
    QCOMPARE(figures.liveBytes, 2 * page + 8 * page);
    QCOMPARE(figures.cmdline, QByteArray("newprog"));
    QCOMPARE(figures.mmapCalls, quint64(2));
}

void TestAccountant::exitClearsTheRangesAndKeepsTheHistory()
{
    const auto accountant = accountantAfter(concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 4 * page), munmapRecord(110, pid, 0x10000, page),
            exitRecord(200, pid, 256)}}));
    const ProcessFigures figures = figuresOf(*accountant, pid);
    QCOMPARE(figures.exitNs, std::int64_t(200));
    QCOMPARE(figures.exitStatus, std::int64_t(256));
    QCOMPARE(figures.liveBytes, quint64(0));
    QCOMPARE(figures.liveAnonymousBytes + figures.liveFileBytes, quint64(0));
    QVERIFY(figures.liveExact);
    QCOMPARE(figures.mmapCalls, quint64(1));
    QCOMPARE(figures.requestedBytes, 4 * page);
    QCOMPARE(figures.releasedBytes, page);
    QVERIFY(accountant->liveMappings(figures.processKey).empty());
    const auto timeline = accountant->liveTimeline(figures.processKey);
    QVERIFY(!timeline.empty());
    QCOMPARE(timeline.back().timestampNs, std::int64_t(200));
    QCOMPARE(timeline.back().liveBytes, quint64(0));
    QCOMPARE(accountant->allProcesses().size(), std::size_t(1));
}

void TestAccountant::pidReuseMakesANewProcess()
{
    const auto accountant = accountantAfter(concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 4 * page), exitRecord(200, pid),
            mmapRecord(300, pid, 0x20000, page)}}));
    const auto all = accountant->allProcesses();
    QCOMPARE(all.size(), std::size_t(2));
    QCOMPARE(all[0].pid, pid);
    QCOMPARE(all[1].pid, pid);
    QVERIFY(all[0].processKey != all[1].processKey);
    QCOMPARE(accountant->processKeyOfPid(pid), std::optional<std::uint64_t>(all[1].processKey));
    QCOMPARE(all[0].exitNs, std::int64_t(200));
    QCOMPARE(all[0].mmapCalls, quint64(1));
    QCOMPARE(all[1].exitNs, std::int64_t(-1));
    QCOMPARE(all[1].liveBytes, page);
    QCOMPARE(all[1].firstSeenNs, std::int64_t(300));
    QVERIFY(!all[1].liveExact); // a new process nobody took a baseline of
}

void TestAccountant::lateRecordOfAnExitedProcessStaysWithIt()
{
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.add(
        concat({exactStart(), {mmapRecord(100, pid, 0x10000, page), exitRecord(200, pid)}}));
    accountant.add({munmapRecord(150, pid, 0x10000, page)}); // came later than the window
    accountant.flush();
    const auto all = accountant.allProcesses();
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(all[0].munmapCalls, quint64(1));
    QCOMPARE(all[0].liveBytes, quint64(0));
    QCOMPARE(accountant.counters().lateRecords, quint64(1));
}

void TestAccountant::forkOntoALivePidEndsTheOldProcess()
{
    // The exit of the pid's previous owner was lost: a fork handing the pid
    // out again proves it is gone.
    const auto accountant = accountantAfter(concat({exactStart(), exactStart(300, 20),
        {mmapRecord(100, 300, 0x10000, page), forkRecord(200, pid, 300)}}));
    const auto all = accountant->allProcesses();
    QCOMPARE(all.size(), std::size_t(3));
    const auto old = std::find_if(all.begin(), all.end(),
        [](const ProcessFigures &f) { return f.pid == 300 && f.exitNs >= 0; });
    QVERIFY(old != all.end());
    QCOMPARE(old->exitNs, std::int64_t(200));
    QCOMPARE(old->liveBytes, quint64(0));
    const ProcessFigures child = figuresOf(*accountant, 300);
    QCOMPARE(child.ppid, pid);
    QCOMPARE(child.liveBytes, programBytes);
}

void TestAccountant::snapshotReplacesTheRanges()
{
    Accountant accountant;
    accountant.add({mmapRecord(100, pid, 0x10000, 4 * page)});
    accountant.flush();
    QVERIFY(!figuresOf(accountant, pid).liveExact);
    accountant.add(snapshotRecords(200, 201, pid, {{0x20000, 0x23000}}));
    accountant.flush();
    QVERIFY(figuresOf(accountant, pid).liveExact);
    QCOMPARE(spansOf(accountant, pid), (Spans {{0x20000, 0x23000}}));
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 3 * page);
}

void TestAccountant::recordsOlderThanTheSnapshotAreSkipped()
{
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.add(snapshotRecords(200, 201, pid, {{0x20000, 0x23000}}));
    // Older than the snapshot, arriving after it was applied: the maps the
    // helper read already contain its effect.
    accountant.add({munmapRecord(150, pid, 0x20000, page), mmapRecord(160, pid, 0x22000, page)});
    accountant.flush();
    QCOMPARE(spansOf(accountant, pid), (Spans {{0x20000, 0x23000}}));
    QCOMPARE(accountant.counters().recordsBeforeBaseline, quint64(2));
    // The calls still count in the naive figures.
    QCOMPARE(figuresOf(accountant, pid).munmapCalls, quint64(1));
    QCOMPARE(figuresOf(accountant, pid).mmapCalls, quint64(1));
}

void TestAccountant::recordsBetweenSnapshotAndMapLines_data()
{
    // The snapshot line's ts is taken before /proc/PID/maps is read, the map
    // lines' after it: a call in between may or may not be in the baseline.
    // Either way the result must be the same.
    QTest::addColumn<std::vector<MapLine>>("baseline");
    QTest::addColumn<Records>("between");
    QTest::addColumn<Spans>("expected");
    QTest::addColumn<quint64>("fileBytes");

    const MapLine a {0x10000, 0x14000, readWrite, MAP_SHARED, "/data"};
    const MapLine b {0x20000, 0x22000};
    const MapLine moved {0x80000, 0x84000, readWrite, MAP_SHARED, "/data"};
    const MapLine heapBefore {0x555000, 0x556000, readWrite, anonymousPrivate, "[heap]"};
    const MapLine heapAfter {0x555000, 0x560000, readWrite, anonymousPrivate, "[heap]"};
    const Records mapB {mmapRecord(150, pid, 0x20000, 2 * page)};
    const Records unmapA {munmapRecord(150, pid, 0x10000, 4 * page)};
    const Records moveA {
        mremapRecord(150, pid, 0x10000, 4 * page, 4 * page, MREMAP_MAYMOVE, 0x80000)};
    const Records growHeap {brkRecord(150, pid, 0x560000, 0x555000, 0x560000)};
    const Records mapThenUnmapB {
        mmapRecord(150, pid, 0x20000, 2 * page), munmapRecord(160, pid, 0x20000, 2 * page)};

    QTest::newRow("mmap, baseline without it")
        << std::vector<MapLine> {a} << mapB << Spans {{0x10000, 0x14000}, {0x20000, 0x22000}}
        << quint64(4 * page);
    QTest::newRow("mmap, baseline with it")
        << std::vector<MapLine> {a, b} << mapB << Spans {{0x10000, 0x14000}, {0x20000, 0x22000}}
        << quint64(4 * page);
    QTest::newRow("munmap, baseline without it")
        << std::vector<MapLine> {a} << unmapA << Spans {} << quint64(0);
    QTest::newRow("munmap, baseline with it")
        << std::vector<MapLine> {} << unmapA << Spans {} << quint64(0);
    QTest::newRow("mremap move, baseline without it")
        << std::vector<MapLine> {a} << moveA << Spans {{0x80000, 0x84000}} << quint64(4 * page);
    QTest::newRow("mremap move, baseline with it")
        << std::vector<MapLine> {moved} << moveA << Spans {{0x80000, 0x84000}} << quint64(4 * page);
    QTest::newRow("brk, baseline without it") << std::vector<MapLine> {heapBefore} << growHeap
                                              << Spans {{0x555000, 0x560000}} << quint64(0);
    QTest::newRow("brk, baseline with it") << std::vector<MapLine> {heapAfter} << growHeap
                                           << Spans {{0x555000, 0x560000}} << quint64(0);
    QTest::newRow("mmap then munmap, baseline with neither") << std::vector<MapLine> {
        a} << mapThenUnmapB << Spans {{0x10000, 0x14000}} << quint64(4 * page);
    QTest::newRow("mmap then munmap, baseline with the mmap") << std::vector<MapLine> {
        a, b} << mapThenUnmapB << Spans {{0x10000, 0x14000}} << quint64(4 * page);
    QTest::newRow("mmap then munmap, baseline with both") << std::vector<MapLine> {
        a} << mapThenUnmapB << Spans {{0x10000, 0x14000}} << quint64(4 * page);
}

void TestAccountant::recordsBetweenSnapshotAndMapLines()
{
    QFETCH(std::vector<MapLine>, baseline);
    QFETCH(Records, between);
    QFETCH(Spans, expected);
    QFETCH(quint64, fileBytes);

    // Stream order: the helper's block comes out whole, the tracer's record
    // of the call in between anywhere around it.
    for (const bool recordFirst : {true, false}) {
        const Records block = snapshotRecords(100, 200, pid, baseline);
        const auto accountant
            = accountantAfter(recordFirst ? concat({between, block}) : concat({block, between}));
        QCOMPARE(spansOf(*accountant, pid), expected);
        // What the ranges are survives too, not only where they are.
        QCOMPARE(figuresOf(*accountant, pid).liveFileBytes, fileBytes);
        QCOMPARE(figuresOf(*accountant, pid).liveSharedBytes, fileBytes);
        QVERIFY(figuresOf(*accountant, pid).liveExact);
    }
}

void TestAccountant::exitWhileTheBaselineIsReadLeavesNoPhantom()
{
    // Seen in a real capture: the process exits after the snapshot line and
    // before the helper finished reading; the cmdline line comes after the
    // exit and still belongs to it.
    Records records = snapshotRecords(100, 300, pid, {anonymousLine(0x10000, 0x11000)});
    records.push_back(exitRecord(200, pid));
    records.push_back(cmdlineRecord(300, pid, QByteArray("client\0--flag\0", 15)));
    const auto accountant = accountantAfter(records);
    const auto all = accountant->allProcesses();
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(all[0].exitNs, std::int64_t(200));
    QCOMPARE(all[0].liveBytes, quint64(0));
    QCOMPARE(all[0].cmdline, QByteArray("client\0--flag\0", 15));
    // A command line of a pid never seen starts nothing either.
    QVERIFY(accountantAfter({cmdlineRecord(100, 77, "x")})->allProcesses().empty());
}

void TestAccountant::incompleteSnapshotIsNotExact()
{
    Records records = snapshotRecords(100, 101, pid, {{0x10000, 0x11000}, {0x20000, 0x21000}}, 3);
    records.push_back(mmapRecord(300, pid, 0x30000, page));
    const auto accountant = accountantAfter(records);
    QVERIFY(!figuresOf(*accountant, pid).liveExact);
    QCOMPARE(figuresOf(*accountant, pid).liveBytes, 3 * page);
    QCOMPARE(accountant->counters().incompleteBaselines, quint64(1));
}

void TestAccountant::snapshotBlockSplitAcrossBatches()
{
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    const Records block = snapshotRecords(
        100, 200, pid, {anonymousLine(0x10000, 0x11000), anonymousLine(0x20000, 0x21000)});
    // The call at 150 reached the stream ahead of the block (another CPU's
    // buffer) and may or may not be in it: it must be applied after it.
    accountant.add({mmapRecord(50, 7, 0x10000, page), mmapRecord(150, pid, 0x30000, page), block[0],
        block[1]});
    // The block is not complete: nothing after its snapshot may be applied.
    QCOMPARE(accountant.pendingRecords(), std::size_t(2));
    QCOMPARE(figuresOf(accountant, 7).liveBytes, page);
    QVERIFY(!accountant.processKeyOfPid(pid));
    accountant.add({block[2], mmapRecord(300, pid, 0x40000, page)});
    QCOMPARE(accountant.pendingRecords(), std::size_t(0));
    QVERIFY(figuresOf(accountant, pid).liveExact);
    QCOMPARE(spansOf(accountant, pid),
        (Spans {{0x10000, 0x11000}, {0x20000, 0x21000}, {0x30000, 0x31000}, {0x40000, 0x41000}}));
    QCOMPARE(accountant.counters().lateRecords, quint64(0));
}

void TestAccountant::mremapFixedReplacesWhatWasAtTheTarget()
{
    // Old range unknown to memtap, a file mapping at the target: the target
    // is unmapped first, so the file mapping must not survive in the gap.
    const auto accountant = accountantAfter(concat({exactStart(),
        {mmapRecord(100, pid, 0x80000, 4 * page, MAP_SHARED, PROT_READ, 3),
            mremapRecord(
                200, pid, 0x10000, 2 * page, 4 * page, MREMAP_MAYMOVE | MREMAP_FIXED, 0x80000)}}));
    const ProcessFigures figures = figuresOf(*accountant, pid);
    QCOMPARE(figures.liveBytes, 4 * page + programBytes);
    QCOMPARE(figures.liveFileBytes, programBytes);
    QCOMPARE(figures.liveSharedBytes, quint64(0));
}

void TestAccountant::emptySnapshot()
{
    // Kernel threads and zombies have no mappings at all.
    const auto accountant = accountantAfter(snapshotRecords(100, 101, 2, {}));
    const ProcessFigures figures = figuresOf(*accountant, 2);
    QVERIFY(figures.liveExact);
    QCOMPARE(figures.liveBytes, quint64(0));
    QCOMPARE(figures.name, QByteArray("client"));
}

void TestAccountant::orphanMapLinesAreCounted()
{
    Records block = snapshotRecords(100, 101, pid, {{0x10000, 0x11000}, {0x20000, 0x21000}});
    const auto accountant = accountantAfter({block[1], block[2]});
    QCOMPARE(accountant->counters().orphanMapLines, quint64(2));
    QVERIFY(accountant->allProcesses().empty());
}

void TestAccountant::outOfOrderRecordsAreAppliedInTimeOrder()
{
    Accountant accountant; // default window: 100 ms
    accountant.add(concat({exactStart(),
        {munmapRecord(2'000'000, pid, 0x10000, page),
            mmapRecord(1'000'000, pid, 0x10000, 2 * page)}}));
    QCOMPARE(accountant.pendingRecords(), std::size_t(3));
    QVERIFY(accountant.allProcesses().empty());
    accountant.flush();
    QCOMPARE(accountant.pendingRecords(), std::size_t(0));
    QCOMPARE(spansOf(accountant, pid), (Spans {{0x11000, 0x12000}, programSpan}));
    QCOMPARE(accountant.counters().lateRecords, quint64(0));
}

void TestAccountant::releaseUpToAppliesOnlyRecordsOlderThanTheWindow()
{
    Accountant accountant;
    QCOMPARE(accountant.reorderWindowNs(), Accountant::defaultReorderWindowNs);
    const std::int64_t second = 1'000'000'000;
    accountant.add({mmapRecord(second, pid, 0x10000, page),
        mmapRecord(second + 50'000'000, pid, 0x20000, page)});
    QCOMPARE(accountant.pendingRecords(), std::size_t(2));
    // Nothing applied yet: the figures (none) hold up to the window's start.
    QCOMPARE(accountant.knownUntilNs(), second - 50'000'000);
    // A quiet process: no newer records push the window, the clock does.
    accountant.releaseUpTo(second + 120'000'000);
    QCOMPARE(accountant.pendingRecords(), std::size_t(1));
    QCOMPARE(figuresOf(accountant, pid).liveBytes, page);
    QCOMPARE(accountant.knownUntilNs(), second + 20'000'000);
    accountant.releaseUpTo(second + 150'000'000);
    QCOMPARE(accountant.pendingRecords(), std::size_t(0));
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 2 * page);
    QCOMPARE(accountant.knownUntilNs(), second + 50'000'000);

    // Newer records release older ones by themselves.
    accountant.add({mmapRecord(second + 300'000'000, pid, 0x30000, page)});
    QCOMPARE(accountant.pendingRecords(), std::size_t(1));
    accountant.add({mmapRecord(second + 401'000'000, pid, 0x40000, page)});
    QCOMPARE(accountant.pendingRecords(), std::size_t(1));
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 3 * page);
    QCOMPARE(accountant.knownUntilNs(), second + 301'000'000);

    // No more records: the figures hold as the clock goes on ...
    accountant.releaseUpTo(second + 1'500'000'000);
    QCOMPARE(accountant.pendingRecords(), std::size_t(0));
    QCOMPARE(accountant.knownUntilNs(), second + 1'400'000'000);
    // ... and an earlier clock reading does not take that back.
    accountant.releaseUpTo(second + 1'000'000'000);
    QCOMPARE(accountant.knownUntilNs(), second + 1'400'000'000);
    // A flush applies what is held and says nothing about the clock.
    accountant.flush();
    QCOMPARE(accountant.knownUntilNs(), second + 1'400'000'000);
}

void TestAccountant::lateRecordsAreCounted()
{
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.add({mmapRecord(100, pid, 0x10000, page)});
    accountant.add({mmapRecord(50, pid, 0x20000, page)});
    accountant.flush();
    QCOMPARE(accountant.counters().lateRecords, quint64(1));
    QCOMPARE(accountant.counters().appliedRecords, quint64(2));
    // The newest applied, not the last.
    QCOMPARE(accountant.knownUntilNs(), std::int64_t(100));
    QCOMPARE(figuresOf(accountant, pid).liveBytes, 2 * page);
}

void TestAccountant::firstSeenWithoutBaselineIsNotExact()
{
    const auto accountant = accountantAfter({mmapRecord(100, pid, 0x10000, page)});
    const ProcessFigures figures = figuresOf(*accountant, pid);
    QVERIFY(!figures.liveExact);
    QCOMPARE(figures.liveBytes, page);
    QCOMPARE(figures.name, QByteArray("client"));
    QCOMPARE(figures.ppid, 1);
    QCOMPARE(figures.uid, std::int64_t(1000));
    QCOMPARE(figures.firstSeenNs, std::int64_t(100));
}

void TestAccountant::memoryCallsKeepTheUidExactly()
{
    // Memory calls are applied from a compact copy of the record: every uid
    // comes through as it was, an unknown one (-1) leaves the last known.
    Records records;
    std::int64_t ts = 100;
    for (const std::int64_t uid : {std::int64_t(0), std::int64_t(-1), std::int64_t(4294967295),
             std::int64_t(-1), std::int64_t(1) << 40, std::int64_t(-5)}) {
        Event event = mmapRecord(ts, pid, std::int64_t(0x10000) + ts * std::int64_t(page), page);
        event.uid = uid;
        records.push_back(event);
        ts += 10;
    }
    std::vector<std::int64_t> seen;
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    for (const Event &event : records) {
        accountant.add({event});
        seen.push_back(figuresOf(accountant, pid).uid);
    }
    const std::vector<std::int64_t> expected {
        0, 0, 4294967295, 4294967295, std::int64_t(1) << 40, -5};
    QCOMPARE(seen, expected);
}

void TestAccountant::lostRecordsMakeLiveFiguresInexact()
{
    Accountant accountant;
    accountant.add(concat({exactStart(pid), exactStart(101, 20), {exitRecord(30, 101)}}));
    accountant.flush();
    QVERIFY(figuresOf(accountant, pid).liveExact);
    accountant.takeChanges();

    EventBatch batch;
    batch.events = {mmapRecord(100, pid, 0x10000, page)};
    batch.lostEvents = 3;
    accountant.add(batch);
    accountant.flush();
    QVERIFY(!figuresOf(accountant, pid).liveExact);
    QVERIFY(figuresOf(accountant, 101).liveExact); // exited: holds nothing, exactly
    // A new baseline makes it exact again.
    accountant.add(snapshotRecords(200, 201, pid, {anonymousLine(0x10000, 0x11000)}));
    accountant.flush();
    QVERIFY(figuresOf(accountant, pid).liveExact);

    EventBatch malformed;
    malformed.malformedLines = 1;
    accountant.add(malformed);
    QVERIFY(!figuresOf(accountant, pid).liveExact);
}

void TestAccountant::takeChangesReportsEachChangedProcessOnce()
{
    Accountant accountant;
    accountant.add({mmapRecord(100, 1, 0x10000, page), mmapRecord(110, 2, 0x10000, page),
        mmapRecord(120, 1, 0x20000, page)});
    QVERIFY(accountant.takeChanges().empty()); // still in the reorder window
    accountant.flush();
    ProcessUpdate update = accountant.takeChanges();
    QCOMPARE(update.size(), std::size_t(2));
    QCOMPARE(update[0].pid, 1);
    QCOMPARE(update[0].liveBytes, 2 * page);
    QCOMPARE(update[1].pid, 2);
    QVERIFY(accountant.takeChanges().empty());
    accountant.add({munmapRecord(200, 2, 0x10000, page)});
    accountant.flush();
    update = accountant.takeChanges();
    QCOMPARE(update.size(), std::size_t(1));
    QCOMPARE(update[0].pid, 2);
    QCOMPARE(update[0].liveBytes, quint64(0));
    QCOMPARE(update[0].lastSeenNs, std::int64_t(200));
}

void TestAccountant::liveMappingsDescribeEachRange()
{
    const auto accountant = accountantAfter(concat(
        {snapshotRecords(10, 11, pid,
             {{0x400000, 0x402000, PROT_READ | PROT_EXEC, MAP_PRIVATE, "/usr/bin/prog", 0x1000}}),
            {mmapRecord(100, pid, 0x7f0000000000, 3 * page + 5, MAP_SHARED, PROT_READ, 5, 0x2000),
                brkRecord(110, pid, 0x555100, 0x555000, 0x555100)}}));
    const auto mappings = accountant->liveMappings(*accountant->processKeyOfPid(pid));
    QCOMPARE(mappings.size(), std::size_t(3));
    QCOMPARE(mappings[0].start, quint64(0x400000));
    QCOMPARE(mappings[0].size(), 2 * page);
    QCOMPARE(mappings[0].path, QByteArray("/usr/bin/prog"));
    QCOMPARE(mappings[0].offset, quint64(0x1000));
    QCOMPARE(mappings[0].prot, quint64(PROT_READ | PROT_EXEC));
    QCOMPARE(mappings[0].fd, std::int64_t(-1));
    QCOMPARE(mappings[1].start, quint64(0x555000));
    QCOMPARE(mappings[1].size(), page);
    QCOMPARE(mappings[1].path, QByteArray("[heap]"));
    QCOMPARE(mappings[1].flags, quint64(anonymousPrivate));
    QCOMPARE(mappings[2].start, quint64(0x7f0000000000));
    QCOMPARE(mappings[2].size(), 4 * page);
    QCOMPARE(mappings[2].prot, quint64(PROT_READ));
    QCOMPARE(mappings[2].flags, quint64(MAP_SHARED));
    QCOMPARE(mappings[2].fd, std::int64_t(5));
    QCOMPARE(mappings[2].offset, quint64(0x2000));
    QVERIFY(mappings[2].path.isEmpty());
    const ProcessFigures figures = figuresOf(*accountant, pid);
    QCOMPARE(figures.liveFileBytes, 6 * page);
    QCOMPARE(figures.liveAnonymousBytes, page);
    QCOMPARE(figures.liveSharedBytes, 4 * page);
    QCOMPARE(figures.livePrivateBytes, 3 * page);
    QVERIFY(accountant->liveMappings(0).empty());
    QVERIFY(accountant->liveMappings(99).empty());
}

void TestAccountant::timelineFollowsLiveBytes()
{
    {
        const auto accountant = accountantAfter(concat({exactStart(),
            {mmapRecord(100, pid, 0x10000, page), mmapRecord(200, pid, 0x20000, page),
                munmapRecord(300, pid, 0x10000, 2 * page),
                munmapRecord(400, pid, 0x50000, page)}}));
        const auto timeline = accountant->liveTimeline(*accountant->processKeyOfPid(pid));
        const std::vector<std::pair<std::int64_t, std::uint64_t>> expected {{10, programBytes},
            {100, page + programBytes}, {200, 2 * page + programBytes}, {300, page + programBytes}};
        QCOMPARE(timeline.size(), expected.size()); // the munmap of nothing changed nothing
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(timeline[i].timestampNs, expected[i].first);
            QCOMPARE(timeline[i].liveBytes, expected[i].second);
        }
        QVERIFY(accountant->liveTimeline(12345).empty());
    }

    // A long busy life stays bounded and keeps its peak and its end.
    Accountant accountant;
    accountant.setTimelineMaxPoints(256);
    Records records = exactStart();
    std::int64_t ts = 100;
    for (int i = 0; i < 50'000; ++i) {
        const std::uint64_t address = 0x10000000 + std::uint64_t(i % 100) * page;
        if (i % 100 == 0 && i > 0) {
            records.push_back(munmapRecord(ts += 1000, pid, 0x10000000, 100 * page));
        }
        records.push_back(mmapRecord(ts += 1000, pid, std::int64_t(address), page));
        if (i == 31'337)
            records.push_back(mmapRecord(ts += 1000, pid, 0x40000000, 1000 * page));
        if (i == 31'338)
            records.push_back(munmapRecord(ts += 1000, pid, 0x40000000, 1000 * page));
    }
    accountant.add(records);
    accountant.flush();
    const auto timeline = accountant.liveTimeline(*accountant.processKeyOfPid(pid));
    QVERIFY(timeline.size() <= 256);
    QVERIFY(timeline.size() >= 64);
    QVERIFY(std::is_sorted(timeline.begin(), timeline.end(),
        [](const LiveSample &a, const LiveSample &b) { return a.timestampNs < b.timestampNs; }));
    const auto peak = std::max_element(timeline.begin(), timeline.end(),
        [](const LiveSample &a, const LiveSample &b) { return a.liveBytes < b.liveBytes; });
    QVERIFY(peak->liveBytes >= 1000 * page + programBytes);
    QCOMPARE(timeline.back().liveBytes, figuresOf(accountant, pid).liveBytes);
    QCOMPARE(timeline.back().timestampNs, figuresOf(accountant, pid).lastSeenNs);
}

void TestAccountant::timelineShowsNoDipAcrossExec()
{
    // Between exec and the helper's baseline memtap knows nothing of the new
    // image: that gap must not show as a drop to zero on the chart.
    const auto accountant = accountantAfter(concat({exactStart(),
        {mmapRecord(100, pid, 0x10000, 4 * page), execRecord(200, pid, "next"),
            mmapRecord(210, pid, 0x7f1000000000, page)},
        snapshotRecords(220, 221, pid,
            {{0x400000, 0x402000, PROT_READ, MAP_PRIVATE, "/bin/next"},
                {0x7f1000000000, 0x7f1000001000}})}));
    const auto timeline = accountant->liveTimeline(*accountant->processKeyOfPid(pid));
    const std::vector<std::pair<std::int64_t, std::uint64_t>> expected {
        {10, programBytes}, {100, 4 * page + programBytes}, {220, 3 * page}};
    QCOMPARE(timeline.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(timeline[i].timestampNs, expected[i].first);
        QCOMPARE(timeline[i].liveBytes, expected[i].second);
    }
}

void TestAccountant::timelineWithoutBaselines()
{
    // A stream without the helper (a bare tracer script): nothing is ever
    // exact, and the timeline still shows what memtap knew.
    Accountant accountant;
    const std::int64_t second = 1'000'000'000;
    accountant.add({mmapRecord(1 * second, pid, 0x10000, page),
        mmapRecord(2 * second, pid, 0x20000, page), mmapRecord(4 * second, pid, 0x30000, page),
        munmapRecord(4 * second + 1000, pid, 0x30000, page)});
    accountant.flush();
    const auto timeline = accountant.liveTimeline(*accountant.processKeyOfPid(pid));
    QCOMPARE(timeline.size(), std::size_t(4));
    QCOMPARE(timeline[0].timestampNs, 1 * second);
    QCOMPARE(timeline[0].liveBytes, page);
    QCOMPARE(timeline[3].timestampNs, 4 * second + 1000);
    QCOMPARE(timeline[3].liveBytes, 2 * page);
    QVERIFY(!figuresOf(accountant, pid).liveExact);
}

void TestAccountant::processKeys()
{
    const auto accountant = accountantAfter({mmapRecord(1, 30, 0x10000, page),
        mmapRecord(2, 10, 0x10000, page), mmapRecord(3, 20, 0x10000, page)});
    const auto all = accountant->allProcesses();
    QCOMPARE(all.size(), std::size_t(3));
    for (std::size_t i = 0; i < all.size(); ++i)
        QCOMPARE(all[i].processKey, quint64(i + 1)); // in order of first appearance
    QCOMPARE(all[0].pid, 30);
    QVERIFY(!accountant->process(0));
    QVERIFY(!accountant->process(4));
    QCOMPARE(accountant->process(2)->pid, 10);
    QVERIFY(!accountant->processKeyOfPid(40));
}

void TestAccountant::retiredProcessIsHandedOutOnceAfterTheDelay()
{
    constexpr std::int32_t other = 200;
    constexpr std::int64_t exitNs = 200;
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.setRetireExitedProcesses(true);
    accountant.add(concat({exactStart(), exactStart(other),
        {mmapRecord(100, pid, 0x10000, 4 * page), munmapRecord(110, pid, 0x10000, page),
            exitRecord(exitNs, pid, 9)}}));
    const std::uint64_t key = *accountant.processKeyOfPid(pid);
    const std::vector<LiveSample> timelineAtExit = accountant.liveTimeline(key);
    QVERIFY(!timelineAtExit.empty());

    // Not yet: records in order could still reach it.
    accountant.add({mmapRecord(exitNs + Accountant::retirementDelayNs - 1, other, 0x10000, page)});
    QVERIFY(accountant.takeRetired().empty());
    QVERIFY(accountant.process(key));

    accountant.add({mmapRecord(exitNs + Accountant::retirementDelayNs, other, 0x20000, page)});
    const std::vector<Accountant::RetiredProcess> retired = accountant.takeRetired();
    QCOMPARE(retired.size(), std::size_t(1));
    const ProcessFigures &figures = retired[0].figures;
    QCOMPARE(figures.processKey, key);
    QCOMPARE(figures.pid, pid);
    QCOMPARE(figures.exitNs, exitNs);
    QCOMPARE(figures.exitStatus, std::int64_t(9));
    QCOMPARE(figures.mmapCalls, quint64(1));
    QCOMPARE(figures.munmapCalls, quint64(1));
    QCOMPARE(figures.requestedBytes, 4 * page);
    QCOMPARE(figures.releasedBytes, page);
    QCOMPARE(figures.liveBytes, quint64(0));
    QVERIFY(figures.liveExact);
    QCOMPARE(retired[0].timeline.size(), timelineAtExit.size());
    QCOMPARE(retired[0].timeline.back().timestampNs, exitNs);
    QCOMPARE(retired[0].timeline.back().liveBytes, quint64(0));

    // Forgotten: only the other process is left, and the retired one is not
    // reported as changed (its final figures came with takeRetired()).
    QVERIFY(accountant.takeRetired().empty());
    QVERIFY(!accountant.process(key));
    QVERIFY(!accountant.processKeyOfPid(pid));
    QVERIFY(accountant.liveTimeline(key).empty());
    QCOMPARE(accountant.processesSeen(), std::uint64_t(2));
    const auto all = accountant.allProcesses();
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(all[0].pid, other);
    for (const ProcessFigures &changed : accountant.takeChanges())
        QVERIFY(changed.processKey != key);
}

void TestAccountant::lateRecordsOfARetiredProcessAreCounted()
{
    constexpr std::int32_t other = 200;
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.setRetireExitedProcesses(true);
    accountant.add(concat({exactStart(), exactStart(other),
        {mmapRecord(100, pid, 0x10000, page), exitRecord(200, pid),
            mmapRecord(200 + Accountant::retirementDelayNs, other, 0x10000, page)}}));
    QCOMPARE(accountant.takeRetired().size(), std::size_t(1));

    // Older than the exit: it belonged to the retired process, and neither
    // starts a process nor goes anywhere else.
    accountant.add(
        {munmapRecord(150, pid, 0x10000, page), forkRecord(160, pid, 301), exitRecord(200, pid)});
    QCOMPARE(accountant.counters().recordsOfRetiredProcesses, quint64(3));
    QVERIFY(!accountant.processKeyOfPid(pid));
    // The child of a late fork still exists, without its parent's ranges.
    const ProcessFigures child = figuresOf(accountant, 301);
    QCOMPARE(child.ppid, pid);
    QVERIFY(!child.liveExact);
    QCOMPARE(accountant.processesSeen(), std::uint64_t(3));

    // After the exit: the pid names a new process.
    const std::int64_t later = 300 + Accountant::retirementDelayNs;
    accountant.add({mmapRecord(later, pid, 0x30000, page)});
    const ProcessFigures reused = figuresOf(accountant, pid);
    QCOMPARE(reused.processKey, std::uint64_t(4));
    QCOMPARE(reused.firstSeenNs, later);
    QCOMPARE(reused.mmapCalls, quint64(1));
    accountant.flush();
    QCOMPARE(accountant.counters().recordsOfRetiredProcesses, quint64(3));
}

void TestAccountant::retiredPidIsForgottenAfterTheHorizon()
{
    constexpr std::int32_t other = 200;
    Accountant accountant;
    accountant.setReorderWindowNs(0);
    accountant.setRetireExitedProcesses(true);
    accountant.add(concat({exactStart(), exactStart(other),
        {exitRecord(200, pid),
            mmapRecord(200 + Accountant::retiredPidHorizonNs, other, 0x10000, page)}}));
    QCOMPARE(accountant.takeRetired().size(), std::size_t(1));
    // Too late even to be recognised: it makes a process of its own, as a
    // record of an unknown pid does.
    accountant.add({mmapRecord(150, pid, 0x10000, page)});
    QCOMPARE(accountant.counters().recordsOfRetiredProcesses, quint64(0));
    QCOMPARE(accountant.processesSeen(), std::uint64_t(3));
    QVERIFY(accountant.processKeyOfPid(pid));
}

void TestAccountant::retiringKeepsTheFiguresOfTheFullHistory_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<bool>("liveClock");
    QTest::newRow("seed 5, import") << quint64(5) << false;
    QTest::newRow("seed 6, live clock") << quint64(6) << true;
}

void TestAccountant::retiringKeepsTheFiguresOfTheFullHistory()
{
    QFETCH(quint64, seed);
    QFETCH(bool, liveClock);

    // The same stream into an accountant that keeps everything and one that
    // retires: every process's last figures and timeline are the same, the
    // retired ones from takeRetired(), the others from allProcesses().
    SyntheticTrace::Options options;
    options.seed = seed;
    options.events = 200'000;
    options.processes = 30;
    SyntheticTrace trace(options);
    Accountant keeping;
    Accountant retiring;
    retiring.setRetireExitedProcesses(true);
    std::map<std::uint64_t, Accountant::RetiredProcess> retired;
    std::size_t mostInMemory = 0;
    std::vector<Event> batch;
    std::int64_t newestNs = 0;
    while (!trace.atEnd()) {
        batch.clear();
        trace.generate(batch, 1000);
        if (batch.empty())
            break;
        for (const Event &event : batch)
            newestNs = std::max(newestNs, event.timestampNs);
        keeping.add(batch);
        retiring.add(batch);
        if (liveClock) {
            keeping.releaseUpTo(newestNs);
            retiring.releaseUpTo(newestNs);
        }
        for (Accountant::RetiredProcess &process : retiring.takeRetired()) {
            const std::uint64_t key = process.figures.processKey;
            QVERIFY2(retired.emplace(key, std::move(process)).second, "retired twice");
        }
        retiring.takeChanges();
        mostInMemory = std::max(mostInMemory, retiring.allProcesses().size());
    }
    keeping.flush();
    retiring.flush();
    for (Accountant::RetiredProcess &process : retiring.takeRetired()) {
        const std::uint64_t key = process.figures.processKey;
        QVERIFY2(retired.emplace(key, std::move(process)).second, "retired twice");
    }

    const std::vector<ProcessFigures> expected = keeping.allProcesses();
    QCOMPARE(retiring.processesSeen(), std::uint64_t(expected.size()));
    QVERIFY2(retired.size() > expected.size() / 2, "most processes of the trace exit");
    QVERIFY2(mostInMemory < expected.size() / 2,
        qPrintable(QStringLiteral("%1 of %2 processes in memory at once")
                       .arg(mostInMemory)
                       .arg(expected.size())));
    std::map<std::uint64_t, ProcessFigures> remaining;
    for (const ProcessFigures &figures : retiring.allProcesses()) {
        QCOMPARE(figures.exitNs, std::int64_t(-1)); // flush retires every exited one
        remaining.emplace(figures.processKey, figures);
    }
    QCOMPARE(retired.size() + remaining.size(), expected.size());
    for (const ProcessFigures &want : expected) {
        const auto r = retired.find(want.processKey);
        const bool wasRetired = r != retired.end();
        const ProcessFigures got = wasRetired ? r->second.figures : remaining.at(want.processKey);
        const std::vector<LiveSample> gotTimeline
            = wasRetired ? r->second.timeline : retiring.liveTimeline(want.processKey);
        const QString what = QStringLiteral("process %1").arg(want.processKey);
        QVERIFY2(got.pid == want.pid && got.ppid == want.ppid && got.name == want.name
                && got.cmdline == want.cmdline && got.firstSeenNs == want.firstSeenNs
                && got.lastSeenNs == want.lastSeenNs && got.exitNs == want.exitNs,
            qPrintable(what));
        QVERIFY2(got.mmapCalls == want.mmapCalls && got.munmapCalls == want.munmapCalls
                && got.mremapCalls == want.mremapCalls && got.brkCalls == want.brkCalls
                && got.failedCalls == want.failedCalls && got.requestedBytes == want.requestedBytes
                && got.releasedBytes == want.releasedBytes,
            qPrintable(what));
        QVERIFY2(
            got.liveBytes == want.liveBytes && got.liveExact == want.liveExact, qPrintable(what));
        const std::vector<LiveSample> wantTimeline = keeping.liveTimeline(want.processKey);
        QCOMPARE(gotTimeline.size(), wantTimeline.size());
        for (std::size_t i = 0; i < wantTimeline.size(); ++i) {
            QCOMPARE(gotTimeline[i].timestampNs, wantTimeline[i].timestampNs);
            QCOMPARE(gotTimeline[i].liveBytes, wantTimeline[i].liveBytes);
        }
    }
    QCOMPARE(retiring.counters().recordsOfRetiredProcesses, quint64(0));
}

void TestAccountant::withoutRangesTheNaiveFiguresStayTheSame_data()
{
    QTest::addColumn<QString>("trace");
    QTest::newRow("synthetic, with baselines") << QString();
    QTest::newRow("recorded busy build") << QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz");
}

void TestAccountant::withoutRangesTheNaiveFiguresStayTheSame()
{
    QFETCH(QString, trace);

    // bench_storage measures what address ranges cost against an accountant
    // without them: it must know the same processes with the same naive
    // figures, and nothing live.
    std::vector<Event> records;
    if (trace.isEmpty()) {
        SyntheticTrace::Options options;
        options.seed = 9;
        options.events = 100'000;
        options.processes = 30;
        SyntheticTrace synthetic(options);
        while (synthetic.generate(records, 4096) > 0) { }
    } else {
        TraceFile file;
        QVERIFY2(file.open(trace), qPrintable(file.errorString()));
        EventParser parser;
        for (QByteArrayView chunk = file.read(); !chunk.isEmpty(); chunk = file.read())
            parser.feed(chunk, records);
        QVERIFY2(!file.hasError(), qPrintable(file.errorString()));
        parser.finish(records);
    }
    Accountant full;
    Accountant naive;
    naive.setTrackRanges(false);
    QVERIFY(full.tracksRanges());
    QVERIFY(!naive.tracksRanges());
    full.add(records);
    naive.add(records);
    full.flush();
    naive.flush();

    const std::vector<ProcessFigures> expected = full.allProcesses();
    const std::vector<ProcessFigures> got = naive.allProcesses();
    QCOMPARE(got.size(), expected.size());
    QVERIFY(expected.size() > 20);
    bool someLiveBytes = false;
    std::map<std::uint64_t, const ProcessFigures *> byKey;
    for (const ProcessFigures &figures : got)
        byKey.emplace(figures.processKey, &figures);
    for (const ProcessFigures &want : expected) {
        const QString what = QStringLiteral("process %1").arg(want.processKey);
        QVERIFY2(byKey.count(want.processKey) == 1, qPrintable(what));
        const ProcessFigures &have = *byKey.at(want.processKey);
        QVERIFY2(have.pid == want.pid && have.ppid == want.ppid && have.uid == want.uid
                && have.name == want.name && have.cmdline == want.cmdline
                && have.firstSeenNs == want.firstSeenNs && have.lastSeenNs == want.lastSeenNs
                && have.exitNs == want.exitNs && have.exitStatus == want.exitStatus,
            qPrintable(what));
        QVERIFY2(have.mmapCalls == want.mmapCalls && have.munmapCalls == want.munmapCalls
                && have.mremapCalls == want.mremapCalls && have.brkCalls == want.brkCalls
                && have.failedCalls == want.failedCalls
                && have.requestedBytes == want.requestedBytes
                && have.releasedBytes == want.releasedBytes,
            qPrintable(what));
        someLiveBytes = someLiveBytes || want.liveBytes > 0;
        QVERIFY2(have.liveBytes == 0 && have.liveAnonymousBytes == 0 && have.liveFileBytes == 0
                && have.livePrivateBytes == 0 && have.liveSharedBytes == 0 && !have.liveExact,
            qPrintable(what));
        QVERIFY2(naive.liveMappings(want.processKey).empty(), qPrintable(what));
        QVERIFY2(naive.liveTimeline(want.processKey).empty(), qPrintable(what));
    }
    QVERIFY(someLiveBytes);
    QCOMPARE(naive.counters().appliedRecords, full.counters().appliedRecords);
    QCOMPARE(naive.counters().recordsBeforeBaseline, full.counters().recordsBeforeBaseline);
}

void TestAccountant::recordedCapture()
{
    // 87 s of a busy machine captured through the helper with bpftrace
    // (tests/data/README.md): real per-CPU ordering, real baselines, processes
    // exiting while the helper reads them.
    const QString path = QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz");
    QVERIFY(!path.isEmpty());
    TraceFile file;
    QVERIFY2(file.open(path), qPrintable(file.errorString()));
    EventParser parser;
    Accountant accountant; // the recording says "#meta page_size 4096"
    std::vector<Event> batch;
    while (true) {
        const QByteArrayView chunk = file.read();
        if (chunk.isEmpty())
            break;
        batch.clear();
        parser.feed(chunk, batch);
        accountant.add(batch);
    }
    QVERIFY2(!file.hasError(), qPrintable(file.errorString()));
    batch.clear();
    parser.finish(batch);
    accountant.add(batch);
    accountant.flush();
    QCOMPARE(parser.counters().malformed, quint64(0));

    const Accountant::Counters &counters = accountant.counters();
    QCOMPARE(counters.appliedRecords, quint64(91'485 + 792 + 792)); // calls, snapshots, cmdlines
    QCOMPARE(counters.orphanMapLines, quint64(0));
    QCOMPARE(counters.incompleteBaselines, quint64(0));
    QCOMPARE(counters.lateRecords, quint64(0)); // the 100 ms window was enough
    std::size_t alive = 0;
    for (const ProcessFigures &figures : accountant.allProcesses()) {
        const QString who
            = QStringLiteral("pid %1 (%2)").arg(figures.pid).arg(QString::fromUtf8(figures.name));
        if (figures.exitNs >= 0) {
            QVERIFY2(figures.liveBytes == 0, qPrintable(who));
            continue;
        }
        ++alive;
        // Every process alive at the end had a baseline (the helper takes
        // one of each at the start, after each exec, and of each it meets).
        QVERIFY2(figures.liveExact, qPrintable(who));
        QVERIFY2(figures.liveBytes > 0, qPrintable(who));
        QCOMPARE(figures.liveAnonymousBytes + figures.liveFileBytes, figures.liveBytes);
        QVERIFY(!accountant.liveMappings(figures.processKey).empty());
        QVERIFY(!accountant.liveTimeline(figures.processKey).empty());
    }
    QVERIFY(alive > 10);
}

void TestAccountant::syntheticTraceMatchesGroundTruth_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("liveClock");
    QTest::newRow("seed 1, in time order") << quint64(1) << int(StreamOrder::Sorted) << false;
    QTest::newRow("seed 2, per-CPU buffers")
        << quint64(2) << int(StreamOrder::PerCpuBuffers) << false;
    QTest::newRow("seed 3, shuffled") << quint64(3) << int(StreamOrder::LocalShuffle) << false;
    QTest::newRow("seed 4, per-CPU buffers, released by the clock")
        << quint64(4) << int(StreamOrder::PerCpuBuffers) << true;
    QTest::newRow("seed 5, shuffled, released by the clock")
        << quint64(5) << int(StreamOrder::LocalShuffle) << true;
}

void TestAccountant::syntheticTraceMatchesGroundTruth()
{
    QFETCH(quint64, seed);
    QFETCH(int, order);
    QFETCH(bool, liveClock);

    SyntheticTrace::Options options;
    options.seed = seed;
    options.events = 150'000;
    options.processes = 40;
    SyntheticTrace trace(options);
    Accountant accountant;
    std::mt19937_64 random(seed);
    std::vector<Event> batch;
    int checkpoints = 0;
    int batches = 0;
    std::int64_t newestNs = 0;
    while (!trace.atEnd()) {
        batch.clear();
        trace.generate(batch, 2000);
        if (batch.empty())
            break;
        // Checkpoints fall between the helper's blocks, as pauses in a real
        // stream do.
        while (!trace.atEnd()
            && (batch.back().call == Call::Snapshot || batch.back().call == Call::Map))
            trace.generate(batch, 1);
        if (order == int(StreamOrder::PerCpuBuffers))
            interleaveLikePerCpuBuffers(batch, 4, random);
        if (order == int(StreamOrder::LocalShuffle)) {
            // Calls moved by up to a few hundred places; the helper's blocks
            // stay whole.
            for (std::size_t i = 0; i + 1 < batch.size(); ++i) {
                const std::size_t j = i + 1 + random() % 8;
                if (j < batch.size() && isMemoryCall(batch[i].call) && isMemoryCall(batch[j].call))
                    std::swap(batch[i], batch[j]);
            }
        }
        for (const Event &event : batch)
            newestNs = std::max(newestNs, event.timestampNs);
        accountant.add(batch);
        if (liveClock)
            accountant.releaseUpTo(newestNs);
        if (++batches % 10 != 0 && !trace.atEnd())
            continue;
        // Checkpoint: everything so far applied, each running process exact
        // to the byte.
        if (liveClock)
            accountant.releaseUpTo(newestNs + accountant.reorderWindowNs() + 1);
        else
            accountant.flush();
        QCOMPARE(accountant.pendingRecords(), std::size_t(0));
        ++checkpoints;
        for (const std::int32_t runningPid : trace.runningPids()) {
            const ProcessFigures figures = figuresOf(accountant, runningPid);
            QCOMPARE(figures.pid, runningPid);
            QVERIFY2(figures.liveExact, qPrintable(QStringLiteral("pid %1").arg(runningPid)));
            if (figures.liveBytes != trace.liveBytes(runningPid))
                QFAIL(qPrintable(QStringLiteral("checkpoint %1, pid %2: live %3, expected %4")
                                     .arg(checkpoints)
                                     .arg(runningPid)
                                     .arg(figures.liveBytes)
                                     .arg(trace.liveBytes(runningPid))));
        }
        for (const ProcessFigures &figures : accountant.allProcesses()) {
            if (figures.exitNs >= 0)
                QCOMPARE(figures.liveBytes, quint64(0));
        }
    }
    QVERIFY(checkpoints >= 5);
    QCOMPARE(accountant.counters().lateRecords, quint64(0));
    QCOMPARE(accountant.counters().orphanMapLines, quint64(0));
    QCOMPARE(accountant.counters().incompleteBaselines, quint64(0));
}

QTEST_APPLESS_MAIN(TestAccountant)
#include "tst_accountant.moc"
