// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/flagdecoder.h"

#include <QTest>

#include <csignal>

#include <sched.h>
#include <sys/mman.h>

using namespace memtap;

class TestFlagDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void protection_data();
    void protection();
    void mmapFlags_data();
    void mmapFlags();
    void mremapFlags_data();
    void mremapFlags();
    void cloneFlags_data();
    void cloneFlags();
    void byCall_data();
    void byCall();
};

void TestFlagDecoder::protection_data()
{
    QTest::addColumn<quint64>("prot");
    QTest::addColumn<QString>("text");

    QTest::newRow("none") << quint64(PROT_NONE) << QStringLiteral("PROT_NONE");
    QTest::newRow("read") << quint64(PROT_READ) << QStringLiteral("PROT_READ");
    QTest::newRow("read write") << quint64(PROT_READ | PROT_WRITE)
                                << QStringLiteral("PROT_READ|PROT_WRITE");
    QTest::newRow("rwx") << quint64(PROT_READ | PROT_WRITE | PROT_EXEC)
                         << QStringLiteral("PROT_READ|PROT_WRITE|PROT_EXEC");
    QTest::newRow("growsdown") << quint64(PROT_READ | PROT_GROWSDOWN)
                               << QStringLiteral("PROT_READ|PROT_GROWSDOWN");
    QTest::newRow("unknown bit kept")
        << quint64(PROT_READ | 0x100) << QStringLiteral("PROT_READ|0x100");
}

void TestFlagDecoder::protection()
{
    QFETCH(quint64, prot);
    QFETCH(QString, text);
    QCOMPARE(FlagDecoder::protection(prot), text);
}

void TestFlagDecoder::mmapFlags_data()
{
    QTest::addColumn<quint64>("flags");
    QTest::addColumn<QString>("text");

    QTest::newRow("private anonymous")
        << quint64(MAP_PRIVATE | MAP_ANONYMOUS) << QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS");
    QTest::newRow("shared") << quint64(MAP_SHARED) << QStringLiteral("MAP_SHARED");
    QTest::newRow("shared validate") << quint64(MAP_SHARED_VALIDATE | MAP_SYNC)
                                     << QStringLiteral("MAP_SHARED_VALIDATE|MAP_SYNC");
    QTest::newRow("fixed") << quint64(MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)
                           << QStringLiteral("MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS");
    QTest::newRow("fixed noreplace") << quint64(MAP_PRIVATE | MAP_FIXED_NOREPLACE)
                                     << QStringLiteral("MAP_PRIVATE|MAP_FIXED_NOREPLACE");
    QTest::newRow("stack") << quint64(MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE)
                           << QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_STACK");
    QTest::newRow("populate locked") << quint64(MAP_SHARED | MAP_POPULATE | MAP_LOCKED)
                                     << QStringLiteral("MAP_SHARED|MAP_LOCKED|MAP_POPULATE");
    QTest::newRow("denywrite executable")
        << quint64(MAP_PRIVATE | MAP_DENYWRITE | MAP_EXECUTABLE)
        << QStringLiteral("MAP_PRIVATE|MAP_DENYWRITE|MAP_EXECUTABLE");
    QTest::newRow("hugetlb default size")
        << quint64(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB)
        << QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB");
    QTest::newRow("hugetlb 2MB") << quint64(
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21u << MAP_HUGE_SHIFT))
                                 << QStringLiteral(
                                        "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_2MB");
    QTest::newRow("hugetlb 1GB") << quint64(
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (30u << MAP_HUGE_SHIFT))
                                 << QStringLiteral(
                                        "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_1GB");
    QTest::newRow("hugetlb 64KB") << quint64(MAP_PRIVATE | MAP_HUGETLB | (16u << MAP_HUGE_SHIFT))
                                  << QStringLiteral("MAP_PRIVATE|MAP_HUGETLB|MAP_HUGE_64KB");
    QTest::newRow("uninitialized without hugetlb")
        << quint64(MAP_PRIVATE | MAP_ANONYMOUS | 0x4000000)
        << QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS|MAP_UNINITIALIZED");
    QTest::newRow("unknown high bit") << (quint64(MAP_PRIVATE) | (quint64(1) << 40))
                                      << QStringLiteral("MAP_PRIVATE|0x10000000000");
    QTest::newRow("invalid type kept") << quint64(0x0f) << QStringLiteral("0xf");
    QTest::newRow("zero") << quint64(0) << QStringLiteral("0");
}

void TestFlagDecoder::mmapFlags()
{
    QFETCH(quint64, flags);
    QFETCH(QString, text);
    QCOMPARE(FlagDecoder::mmapFlags(flags), text);
}

void TestFlagDecoder::mremapFlags_data()
{
    QTest::addColumn<quint64>("flags");
    QTest::addColumn<QString>("text");

    QTest::newRow("none") << quint64(0) << QString();
    QTest::newRow("maymove") << quint64(MREMAP_MAYMOVE) << QStringLiteral("MREMAP_MAYMOVE");
    QTest::newRow("maymove fixed")
        << quint64(MREMAP_MAYMOVE | MREMAP_FIXED) << QStringLiteral("MREMAP_MAYMOVE|MREMAP_FIXED");
    QTest::newRow("dontunmap") << quint64(MREMAP_MAYMOVE | 4)
                               << QStringLiteral("MREMAP_MAYMOVE|MREMAP_DONTUNMAP");
    QTest::newRow("unknown") << quint64(0x80) << QStringLiteral("0x80");
}

void TestFlagDecoder::mremapFlags()
{
    QFETCH(quint64, flags);
    QFETCH(QString, text);
    QCOMPARE(FlagDecoder::mremapFlags(flags), text);
}

void TestFlagDecoder::cloneFlags_data()
{
    QTest::addColumn<quint64>("flags");
    QTest::addColumn<QString>("text");

    QTest::newRow("fork") << quint64(SIGCHLD) << QStringLiteral("SIGCHLD");
    QTest::newRow("glibc fork") << quint64(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID
        | SIGCHLD) << QStringLiteral("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
    QTest::newRow("vfork") << quint64(CLONE_VM | CLONE_VFORK | SIGCHLD)
                           << QStringLiteral("CLONE_VM|CLONE_VFORK|SIGCHLD");
    QTest::newRow("other exit signal") << quint64(SIGUSR1) << QStringLiteral("SIGUSR1");
    QTest::newRow("no signal") << quint64(CLONE_NEWPID) << QStringLiteral("CLONE_NEWPID");
    QTest::newRow("clone3 only bit") << (quint64(CLONE_NEWNET) | (quint64(1) << 32))
                                     << QStringLiteral("CLONE_NEWNET|0x100000000");
}

void TestFlagDecoder::cloneFlags()
{
    QFETCH(quint64, flags);
    QFETCH(QString, text);
    QCOMPARE(FlagDecoder::cloneFlags(flags), text);
}

void TestFlagDecoder::byCall_data()
{
    QTest::addColumn<int>("call");
    QTest::addColumn<quint64>("flags");
    QTest::addColumn<QString>("text");

    QTest::newRow("mmap") << int(Call::Mmap) << quint64(MAP_PRIVATE | MAP_ANONYMOUS)
                          << QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS");
    QTest::newRow("map line") << int(Call::Map) << quint64(MAP_SHARED)
                              << QStringLiteral("MAP_SHARED");
    QTest::newRow("mremap") << int(Call::Mremap) << quint64(MREMAP_MAYMOVE)
                            << QStringLiteral("MREMAP_MAYMOVE");
    QTest::newRow("fork") << int(Call::Fork) << quint64(SIGCHLD) << QStringLiteral("SIGCHLD");
    QTest::newRow("munmap") << int(Call::Munmap) << quint64(0) << QString();
    QTest::newRow("brk") << int(Call::Brk) << quint64(0) << QString();
    QTest::newRow("exit with stray bits")
        << int(Call::Exit) << quint64(0x42) << QStringLiteral("0x42");
}

void TestFlagDecoder::byCall()
{
    QFETCH(int, call);
    QFETCH(quint64, flags);
    QFETCH(QString, text);
    QCOMPARE(FlagDecoder::flags(static_cast<Call>(call), flags), text);
}

QTEST_GUILESS_MAIN(TestFlagDecoder)
#include "tst_flagdecoder.moc"
