// SPDX-License-Identifier: GPL-2.0-or-later
// The accounting rules against the real kernel, without a tracer: a forked
// child makes a scripted sequence of raw mmap/munmap/mremap/brk calls and
// writes each call's arguments and result (what the probes record) and, at
// checkpoints, its own /proc/self/maps into shared memory. The Accountant,
// fed a baseline built from the first maps and the recorded calls, must
// match every later checkpoint to the byte.

#include "accounting/accountant.h"
#include "records.h"

#include <QFile>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace memtap;
using namespace memtap::test;

namespace {

struct RawCall
{
    std::int32_t pid;
    std::int64_t ts;
    Call call;
    std::uint64_t address;
    std::uint64_t length;
    std::uint64_t prot;
    std::uint64_t flags;
    std::int64_t fd;
    std::uint64_t offset;
    std::int64_t result;
};

struct Checkpoint
{
    std::int32_t pid; // whose maps
    std::uint32_t callsBefore; // calls made before the maps were read
    std::int64_t ts;
    std::uint32_t mapsOffset;
    std::uint32_t mapsLength;
    char label[48];
};

constexpr std::size_t maxCalls = 256;
constexpr std::size_t maxCheckpoints = 32;
constexpr std::size_t mapsCapacity = 8 << 20;

// Written by the child, read by the parent after the child exited.
struct SharedLog
{
    std::uint32_t callCount;
    std::uint32_t checkpointCount;
    std::uint32_t mapsUsed;
    std::int32_t failedStep; // -1: the script ran to the end
    std::uint64_t startBrk;
    std::int32_t pid;
    RawCall calls[maxCalls];
    Checkpoint checkpoints[maxCheckpoints];
    char maps[mapsCapacity];
};

// --- The child: raw system calls only, no allocation, no locks ---------------

class Script
{
public:
    explicit Script(SharedLog &log)
        : m_log(log)
        , m_pid(std::int32_t(syscall(SYS_getpid)))
    { }

    std::int64_t now() const
    {
        timespec time {};
        clock_gettime(CLOCK_MONOTONIC, &time);
        return std::int64_t(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
    }

    std::uint64_t mmap(std::uint64_t hint, std::uint64_t length, std::uint64_t prot,
        std::uint64_t flags, std::int64_t fd = -1, std::uint64_t offset = 0)
    {
        const long result = syscall(SYS_mmap, hint, length, prot, flags, fd, offset);
        record(Call::Mmap, hint, length, prot, flags, fd, offset, result);
        return std::uint64_t(result);
    }
    long munmap(std::uint64_t address, std::uint64_t length)
    {
        const long result = syscall(SYS_munmap, address, length);
        record(Call::Munmap, address, length, 0, 0, -1, 0, result);
        return result;
    }
    std::uint64_t mremap(std::uint64_t address, std::uint64_t oldLength, std::uint64_t newLength,
        std::uint64_t flags, std::uint64_t newAddress = 0)
    {
        const long result = syscall(SYS_mremap, address, oldLength, newLength, flags, newAddress);
        record(Call::Mremap, address, newLength, 0, flags, -1, oldLength, result);
        return std::uint64_t(result);
    }
    std::uint64_t brk(std::uint64_t requested)
    {
        const long result = syscall(SYS_brk, requested);
        record(Call::Brk, requested, 0, 0, 0, -1, m_log.startBrk, result);
        return std::uint64_t(result);
    }

    void checkpoint(const char *label)
    {
        if (m_log.checkpointCount == maxCheckpoints)
            return fail();
        Checkpoint &checkpoint = m_log.checkpoints[m_log.checkpointCount++];
        checkpoint.pid = m_pid;
        checkpoint.callsBefore = m_log.callCount;
        checkpoint.ts = now();
        std::strncpy(checkpoint.label, label, sizeof checkpoint.label - 1);
        checkpoint.mapsOffset = m_log.mapsUsed;
        const int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return fail();
        while (true) {
            const ssize_t got
                = read(fd, m_log.maps + m_log.mapsUsed, mapsCapacity - m_log.mapsUsed);
            if (got < 0)
                return fail();
            if (got == 0)
                break;
            m_log.mapsUsed += std::uint32_t(got);
            if (m_log.mapsUsed == mapsCapacity)
                return fail();
        }
        close(fd);
        checkpoint.mapsLength = m_log.mapsUsed - checkpoint.mapsOffset;
    }

    // Runs childSteps in a forked child (raw fork: no atfork handlers, which
    // could wait for locks of threads the fork left behind) and waits for it.
    // The child holds back until the fork is logged, as the tracer sees the
    // fork before the child runs.
    template<typename ChildSteps> void fork(ChildSteps childSteps)
    {
        int gate[2];
        if (syscall(SYS_pipe2, gate, O_CLOEXEC) != 0)
            return fail();
        const std::int64_t ts = now();
        const long child = syscall(SYS_fork);
        if (child == 0) {
            char go = 0;
            syscall(SYS_read, gate[0], &go, 1);
            m_pid = std::int32_t(syscall(SYS_getpid));
            childSteps(*this);
            const std::int64_t exitTs = now();
            if (m_log.callCount < maxCalls)
                m_log.calls[m_log.callCount++] = {m_pid, exitTs, Call::Exit, 0, 0, 0, 0, -1, 0, 0};
            syscall(SYS_exit_group, 0);
        }
        if (child < 0)
            return fail();
        if (m_log.callCount < maxCalls)
            m_log.calls[m_log.callCount++]
                = {m_pid, ts, Call::Fork, 0, 0, 0, SIGCHLD, -1, 0, child};
        syscall(SYS_write, gate[1], "x", 1);
        int status = 0;
        if (syscall(SYS_wait4, child, &status, 0, nullptr) != child || !WIFEXITED(status))
            fail();
        syscall(SYS_close, gate[0]);
        syscall(SYS_close, gate[1]);
    }

    // A step that did not go as the script expects: the test reports it.
    void fail()
    {
        if (m_log.failedStep < 0)
            m_log.failedStep = std::int32_t(m_log.callCount);
    }
    void expect(bool condition)
    {
        if (!condition)
            fail();
    }

private:
    void record(Call call, std::uint64_t address, std::uint64_t length, std::uint64_t prot,
        std::uint64_t flags, std::int64_t fd, std::uint64_t offset, long result)
    {
        if (m_log.callCount == maxCalls)
            return fail();
        m_log.calls[m_log.callCount++]
            = {m_pid, now(), call, address, length, prot, flags, fd, offset, std::int64_t(result)};
    }

    SharedLog &m_log;
    std::int32_t m_pid;
};

bool failed(std::uint64_t result)
{
    return std::int64_t(result) < 0 && std::int64_t(result) > -4096;
}

void runScript(SharedLog &log, bool hugePages)
{
    Script script(log);
    const std::uint64_t page = std::uint64_t(sysconf(_SC_PAGESIZE));
    const std::uint64_t rw = PROT_READ | PROT_WRITE;
    const std::uint64_t anonymous = MAP_PRIVATE | MAP_ANONYMOUS;
    script.checkpoint("baseline");

    // mmap of an odd length.
    script.expect(!failed(script.mmap(0, 1, rw, anonymous)));
    script.expect(!failed(script.mmap(0, 3 * page + 17, PROT_READ, anonymous)));
    script.checkpoint("mmap odd lengths");

    // Partial munmap from the middle, and of a range spanning a hole.
    const std::uint64_t ten = script.mmap(0, 10 * page, rw, anonymous);
    script.expect(!failed(ten));
    script.expect(script.munmap(ten + 3 * page, 2 * page) == 0);
    script.expect(script.munmap(ten + 4 * page, 3 * page) == 0); // half of it is a hole now
    script.checkpoint("partial munmap");

    // MAP_FIXED over part of an existing mapping, with a file.
    const int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    script.expect(fd >= 0);
    script.expect(
        !failed(script.mmap(ten + page, 2 * page + 1, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0)));
    script.checkpoint("MAP_FIXED over a mapping");

    // mremap: grow in place into a gap made for it, shrink, move.
    const std::uint64_t room = script.mmap(0, 16 * page, rw, anonymous);
    script.expect(script.munmap(room + 4 * page, 12 * page) == 0);
    script.expect(script.mremap(room, 4 * page, 8 * page - 100, 0) == room);
    script.checkpoint("mremap grow in place");
    script.expect(script.mremap(room, 8 * page - 100, 2 * page + 5, 0) == room);
    script.checkpoint("mremap shrink");
    const std::uint64_t blocker
        = script.mmap(room + 2 * page + page, page, PROT_READ, anonymous | MAP_FIXED);
    script.expect(blocker == room + 3 * page);
    const std::uint64_t moved = script.mremap(room, 2 * page + 5, 20 * page, MREMAP_MAYMOVE);
    script.expect(!failed(moved) && moved != room);
    script.checkpoint("mremap move");
    // Failing calls change nothing.
    script.expect(failed(script.mremap(room, page, 2 * page, 0))); // nothing there any more
    script.expect(failed(std::uint64_t(script.munmap(moved + 1, page))));
    script.expect(failed(script.mmap(0, 0, rw, anonymous)));
    script.checkpoint("failed calls");

    // MREMAP_FIXED onto part of another mapping, shrinking on the way.
    const std::uint64_t target = script.mmap(0, 8 * page, PROT_READ, anonymous);
    script.expect(
        script.mremap(moved, 20 * page, 3 * page, MREMAP_MAYMOVE | MREMAP_FIXED, target + 2 * page)
        == target + 2 * page);
    script.checkpoint("mremap MREMAP_FIXED");

    // MREMAP_DONTUNMAP keeps the source.
    const std::uint64_t source = script.mmap(0, 4 * page, rw, anonymous);
    script.expect(
        !failed(script.mremap(source, 4 * page, 4 * page, MREMAP_MAYMOVE | MREMAP_DONTUNMAP)));
    script.checkpoint("mremap MREMAP_DONTUNMAP");

    // Old length 0: a second mapping of a shared one.
    const std::uint64_t shared = script.mmap(0, 6 * page, rw, MAP_SHARED | MAP_ANONYMOUS);
    script.expect(!failed(script.mremap(shared + page, 0, 3 * page, MREMAP_MAYMOVE)));
    script.checkpoint("mremap duplicate");

    // brk up by odd amounts, refused, and back down.
    const std::uint64_t initialBreak = script.brk(0);
    script.expect(script.brk(initialBreak + 10 * page + 123) == initialBreak + 10 * page + 123);
    script.expect(script.brk(initialBreak + 40 * page + 7) == initialBreak + 40 * page + 7);
    script.checkpoint("brk up");
    script.expect(script.brk(initialBreak + 5 * page + 1) == initialBreak + 5 * page + 1);
    script.expect(script.brk(std::uint64_t(1) << 46) == initialBreak + 5 * page + 1); // refused
    script.checkpoint("brk down and refused");
    script.expect(script.brk(initialBreak) == initialBreak);
    script.checkpoint("brk back");

    // Huge pages, where the system has some reserved.
    if (hugePages) {
        const std::uint64_t hugePage = 2 << 20;
        const std::uint64_t huge = script.mmap(0, 4096, rw, anonymous | MAP_HUGETLB);
        script.expect(!failed(huge));
        script.checkpoint("MAP_HUGETLB");
        // Whatever the kernel makes of these, memtap must agree with it.
        const std::uint64_t two = script.mmap(0, 2 * hugePage, rw, anonymous | MAP_HUGETLB);
        script.expect(!failed(two));
        script.munmap(two + hugePage, 4096);
        script.checkpoint("munmap inside a huge page");
        script.mremap(huge, 4096, 4096, 0);
        script.munmap(huge, 4096);
        script.checkpoint("huge page mremap and munmap");
    }

    // fork: the child starts with a copy of everything above, then goes its
    // own way; the parent keeps what it had.
    script.fork([&](Script &child) {
        child.checkpoint("fork child");
        const std::uint64_t own = child.mmap(0, 3 * page, rw, anonymous);
        child.expect(!failed(own));
        child.expect(child.munmap(ten, 10 * page) == 0);
        child.expect(child.brk(initialBreak + 3 * page) == initialBreak + 3 * page);
        child.checkpoint("fork child's own calls");
    });
    script.checkpoint("fork parent after its child");

    // Unmapping everything made here, holes and all, in one call each.
    script.expect(script.munmap(ten, 10 * page) == 0);
    script.expect(script.munmap(target, 8 * page) == 0);
    script.checkpoint("cleanup");
}

// --- The parent: the helper's baseline, then the recorded calls ---------------

struct MapsLine
{
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::uint64_t prot = 0;
    std::uint64_t flags = 0;
    std::uint64_t offset = 0;
    std::uint64_t inode = 0;
    QByteArray path;
};

std::vector<MapsLine> parseMaps(QByteArrayView text)
{
    std::vector<MapsLine> lines;
    for (QByteArrayView line : QByteArray(text.data(), text.size()).split('\n')) {
        if (line.isEmpty())
            continue;
        // start-end perms offset dev inode   path
        const QList<QByteArray> fields = line.toByteArray().simplified().split(' ');
        if (fields.size() < 5)
            continue;
        MapsLine parsed;
        const QList<QByteArray> range = fields[0].split('-');
        parsed.start = range[0].toULongLong(nullptr, 16);
        parsed.end = range[1].toULongLong(nullptr, 16);
        const QByteArray &perms = fields[1];
        parsed.prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0)
            | (perms[2] == 'x' ? PROT_EXEC : 0);
        parsed.offset = fields[2].toULongLong(nullptr, 16);
        parsed.inode = fields[4].toULongLong();
        // The path is the rest of the line, spaces included.
        const qsizetype pathAt = line.indexOf('/') >= 0 ? line.indexOf('/') : line.indexOf('[');
        if (pathAt >= 0)
            parsed.path = line.sliced(pathAt).toByteArray();
        parsed.flags = perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
        if (parsed.inode == 0 && !parsed.path.startsWith('/'))
            parsed.flags |= MAP_ANONYMOUS;
        lines.push_back(parsed);
    }
    return lines;
}

// What /proc/PID/maps says the process holds, as issue 5 defines live bytes.
std::uint64_t liveBytesOf(const std::vector<MapsLine> &lines)
{
    std::uint64_t bytes = 0;
    for (const MapsLine &line : lines) {
        static const QList<QByteArray> excluded {
            "[stack]", "[vvar]", "[vvar_vclock]", "[vdso]", "[vsyscall]"};
        if (!excluded.contains(line.path))
            bytes += line.end - line.start;
    }
    return bytes;
}

} // namespace

class TestKernelGroundTruth : public QObject
{
    Q_OBJECT

private slots:
    void accountantMatchesProcSelfMaps();
};

void TestKernelGroundTruth::accountantMatchesProcSelfMaps()
{
    auto *log = static_cast<SharedLog *>(::mmap(
        nullptr, sizeof(SharedLog), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    QVERIFY(log != MAP_FAILED);
    log->failedStep = -1;
    QFile hugePagesFile(QStringLiteral("/proc/sys/vm/nr_hugepages"));
    const bool hugePages = hugePagesFile.open(QIODevice::ReadOnly)
        && hugePagesFile.readAll().trimmed().toLongLong() > 0;
    if (!hugePages)
        qInfo("no huge pages reserved (vm.nr_hugepages = 0): the MAP_HUGETLB step is left out");

    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        log->pid = std::int32_t(getpid());
        // mm->start_brk, field 47 of /proc/self/stat, as the probes record it.
        char stat[4096];
        const int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
        const ssize_t size = fd >= 0 ? read(fd, stat, sizeof stat - 1) : -1;
        if (size > 0) {
            stat[size] = '\0';
            const char *field = std::strrchr(stat, ')');
            for (int index = 2; field && index < 47; ++index)
                field = std::strchr(field + 1, ' ');
            if (field)
                log->startBrk = std::strtoull(field + 1, nullptr, 10);
        }
        runScript(*log, hugePages);
        _exit(0);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QVERIFY2(log->failedStep < 0,
        qPrintable(QStringLiteral("the script went wrong at call %1").arg(log->failedStep)));
    QVERIFY(log->startBrk != 0);
    QVERIFY(log->checkpointCount >= 10);

    const std::int32_t pid = log->pid;
    const auto mapsAt = [log](std::uint32_t checkpoint) {
        const Checkpoint &at = log->checkpoints[checkpoint];
        return parseMaps(QByteArrayView(log->maps + at.mapsOffset, at.mapsLength));
    };

    Accountant accountant(sysconf(_SC_PAGESIZE));
    // The helper's baseline: snapshot line before the read, map lines after.
    const Checkpoint &first = log->checkpoints[0];
    std::vector<MapLine> baseline;
    for (const MapsLine &line : mapsAt(0))
        baseline.push_back({line.start, line.end, line.prot, line.flags, line.path, line.offset});
    accountant.add(snapshotRecords(first.ts - 1, first.ts, pid, baseline));

    std::uint32_t fed = 0;
    for (std::uint32_t checkpoint = 1; checkpoint < log->checkpointCount; ++checkpoint) {
        const Checkpoint &at = log->checkpoints[checkpoint];
        Records records;
        for (; fed < at.callsBefore; ++fed) {
            const RawCall &call = log->calls[fed];
            Event event = record(call.ts, call.pid, call.call);
            event.address = call.address;
            event.length = call.length;
            event.prot = call.prot;
            event.flags = call.flags;
            event.fd = call.fd;
            event.offset = call.offset;
            event.result = call.result;
            records.push_back(event);
        }
        accountant.add(records);
        accountant.flush();
        const ProcessFigures figures = *accountant.process(*accountant.processKeyOfPid(at.pid));
        const std::vector<MapsLine> maps = mapsAt(checkpoint);
        QVERIFY(figures.liveExact);
        if (figures.liveBytes != liveBytesOf(maps)) {
            QString ranges;
            for (const LiveMapping &mapping : accountant.liveMappings(figures.processKey))
                ranges += QStringLiteral("\n  memtap %1-%2")
                              .arg(mapping.start, 0, 16)
                              .arg(mapping.end, 0, 16);
            for (const MapsLine &line : maps)
                ranges += QStringLiteral("\n  kernel %1-%2 %3")
                              .arg(line.start, 0, 16)
                              .arg(line.end, 0, 16)
                              .arg(QString::fromUtf8(line.path));
            QFAIL(qPrintable(QStringLiteral("at \"%1\": memtap %2 live bytes, /proc/PID/maps %3%4")
                                 .arg(QString::fromLatin1(at.label))
                                 .arg(figures.liveBytes)
                                 .arg(liveBytesOf(maps))
                                 .arg(ranges)));
        }
        // The split adds up as well.
        QCOMPARE(figures.liveAnonymousBytes + figures.liveFileBytes, figures.liveBytes);
        QCOMPARE(figures.livePrivateBytes + figures.liveSharedBytes, figures.liveBytes);
    }
    // The fork child exited: nothing live, its history kept.
    bool sawChild = false;
    for (std::uint32_t checkpoint = 0; checkpoint < log->checkpointCount; ++checkpoint) {
        const std::int32_t checkpointPid = log->checkpoints[checkpoint].pid;
        if (checkpointPid == pid)
            continue;
        sawChild = true;
        const ProcessFigures child
            = *accountant.process(*accountant.processKeyOfPid(checkpointPid));
        QVERIFY(child.exitNs >= 0);
        QCOMPARE(child.liveBytes, quint64(0));
        QCOMPARE(child.ppid, pid);
        QCOMPARE(child.mmapCalls, quint64(1));
    }
    QVERIFY(sawChild);
    ::munmap(log, sizeof(SharedLog));
}

QTEST_APPLESS_MAIN(TestKernelGroundTruth)
#include "tst_kernelgroundtruth.moc"
