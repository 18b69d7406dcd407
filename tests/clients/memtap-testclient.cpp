// SPDX-License-Identifier: GPL-2.0-or-later
//
// memtap-testclient: makes known memory calls so that tests can compare a
// trace with what really happened. Plain C++ and libc on purpose: no library
// may add calls of its own between the ones listed here.
//
//   memtap-testclient [--wait-start] calls
//   memtap-testclient [--wait-start] groundtruth
//   memtap-testclient [--wait-start] names
//   memtap-testclient [--wait-start] loop COUNT [CALLS_PER_SECOND]
//
// --wait-start prints `ready <pid>` and blocks until a line arrives on stdin,
// so that a tracer can attach first.
//
// Output, one line per fact, fields separated by a single TAB:
//
//   ready       pid
//   call        pid  tid  call  address  length  prot  flags  fd  offset  result
//   fork        parent-pid  child-pid
//   exec        pid  path
//   wait        child-pid  status            (as waitpid() returned it)
//   checkpoint  name  pid
//   name        pid  length  hex-bytes-of-the-name
//   loop        pid  count  seconds
//
// `call` lines use the fields and meanings of trace line format v1
// (probes/README.md): `call` is the v1 call name, `address` is 0x + lower-case
// hex, `result` is the raw syscall result (-errno on failure), mremap's
// `offset` is the old length, brk's `offset` is 0 (the client cannot know the
// start of its heap without parsing /proc). Every line is written with one
// write(2) from a stack buffer, so printing makes no memory calls of its own.
//
// Scenarios:
//   calls        the sequence tst_helpercapture checks: mmaps of odd lengths,
//                a file-backed mmap, a partial munmap, failing mmaps, mremap
//                grow and shrink, brk up and down, then fork; the child makes
//                one mmap and exits with status 42.
//   groundtruth  the sequence of issue 5, stopping at checkpoints: at each one
//                it prints `checkpoint <name> <pid>` and waits for a line on
//                stdin, so a test can compare memtap's live bytes with
//                /proc/<pid>/maps. The forked child execs this program again
//                (`groundtruth-exec`), which stops at its own checkpoint.
//   names        renames itself (prctl PR_SET_NAME) to hostile names (tabs,
//                newlines, backslashes, UTF-8, invalid bytes, text that looks
//                like escapes) and makes one mmap of a distinct length under
//                each, printing a `name` line; the last name is one whose
//                bpftrace rendering has two readings, and the client keeps it
//                at a final checkpoint `names` so that the helper can still
//                read it from /proc.
//   loop COUNT [CALLS_PER_SECOND]
//                COUNT pairs of mmap/munmap of one page, as fast as possible
//                or paced to CALLS_PER_SECOND calls (both kinds counted), for
//                measuring how many events a tracer keeps up with.

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int childExitStatus = 42;
constexpr int execChildExitStatus = 7;
constexpr std::uint64_t forkChildMmapLength = 12345;

long pageSize()
{
    static const long size = sysconf(_SC_PAGESIZE);
    return size;
}

// Writes one line with a single write(2); no stdio buffer, no allocation.
__attribute__((format(printf, 1, 2))) void emit(const char *format, ...)
{
    char line[512];
    va_list arguments;
    va_start(arguments, format);
    int size = std::vsnprintf(line, sizeof line - 1, format, arguments);
    va_end(arguments);
    if (size < 0)
        return;
    if (size > static_cast<int>(sizeof line) - 2)
        size = sizeof line - 2;
    line[size++] = '\n';
    const char *data = line;
    while (size > 0) {
        ssize_t written = write(STDOUT_FILENO, data, static_cast<std::size_t>(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            _exit(3);
        data += written;
        size -= static_cast<int>(written);
    }
}

pid_t currentTid()
{
    return static_cast<pid_t>(syscall(SYS_gettid));
}

void emitCall(const char *call, std::uint64_t address, std::uint64_t length, std::uint64_t prot,
    std::uint64_t flags, std::int64_t fd, std::uint64_t offset, std::int64_t result)
{
    emit("call\t%d\t%d\t%s\t0x%llx\t%llu\t%llu\t%llu\t%lld\t%llu\t%lld", getpid(), currentTid(),
        call, static_cast<unsigned long long>(address), static_cast<unsigned long long>(length),
        static_cast<unsigned long long>(prot), static_cast<unsigned long long>(flags),
        static_cast<long long>(fd), static_cast<unsigned long long>(offset),
        static_cast<long long>(result));
}

// The raw system calls, so that the result is the kernel's (-errno), not
// libc's -1 with errno, and so that libc cannot round or split anything.
std::int64_t doMmap(std::uint64_t address, std::uint64_t length, std::uint64_t prot,
    std::uint64_t flags, std::int64_t fd, std::uint64_t offset)
{
    long result = syscall(SYS_mmap, address, length, prot, flags, fd, offset);
    if (result == -1)
        result = -errno;
    emitCall("mmap", address, length, prot, flags, fd, offset, result);
    return result;
}

std::int64_t doMunmap(std::uint64_t address, std::uint64_t length)
{
    long result = syscall(SYS_munmap, address, length);
    if (result == -1)
        result = -errno;
    emitCall("munmap", address, length, 0, 0, -1, 0, result);
    return result;
}

std::int64_t doMremap(std::uint64_t address, std::uint64_t oldLength, std::uint64_t newLength,
    std::uint64_t flags, std::uint64_t newAddress = 0)
{
    long result = syscall(SYS_mremap, address, oldLength, newLength, flags, newAddress);
    if (result == -1)
        result = -errno;
    emitCall("mremap", address, newLength, 0, flags, -1, oldLength, result);
    return result;
}

// brk never fails with an error code: it returns the (unchanged) break.
std::uint64_t doBrk(std::uint64_t requested)
{
    long result = syscall(SYS_brk, requested);
    emitCall("brk", requested, 0, 0, 0, -1, 0, result);
    return static_cast<std::uint64_t>(result);
}

bool failed(std::int64_t result)
{
    return result < 0 && result > -4096;
}

void fail(const char *what)
{
    emit("error\t%d\t%s", getpid(), what);
    _exit(1);
}

// Blocks until a whole line (or EOF) arrives on stdin. Reads byte by byte so
// that nothing meant for another process sharing stdin is consumed.
void waitForLine()
{
    char byte = 0;
    for (;;) {
        ssize_t got = read(STDIN_FILENO, &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || byte == '\n')
            return;
    }
}

void checkpoint(const char *name)
{
    emit("checkpoint\t%s\t%d", name, getpid());
    waitForLine();
}

void touch(std::uint64_t address, std::uint64_t length)
{
    auto *bytes = reinterpret_cast<volatile char *>(address);
    for (std::uint64_t i = 0; i < length; i += static_cast<std::uint64_t>(pageSize()))
        bytes[i] = 1;
}

constexpr std::uint64_t anonymousPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr std::uint64_t readWrite = PROT_READ | PROT_WRITE;

pid_t forkAndReport()
{
    pid_t child = fork();
    if (child < 0)
        fail("fork");
    if (child > 0)
        emit("fork\t%d\t%d", getpid(), child);
    return child;
}

void waitAndReport(pid_t child)
{
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR)
            fail("waitpid");
    }
    emit("wait\t%d\t%d", child, status);
}

int runCalls()
{
    const std::uint64_t page = static_cast<std::uint64_t>(pageSize());

    // Odd lengths: the kernel maps whole pages, the trace must show what was asked.
    std::int64_t one = doMmap(0, 1, readWrite, anonymousPrivate, -1, 0);
    std::int64_t pagePlusOne = doMmap(0, page + 1, readWrite, anonymousPrivate, -1, 0);
    std::int64_t mebiPlusThree = doMmap(0, (1u << 20) + 3, readWrite, anonymousPrivate, -1, 0);
    if (failed(one) || failed(pagePlusOne) || failed(mebiPlusThree))
        fail("anonymous mmap");
    touch(static_cast<std::uint64_t>(mebiPlusThree), (1u << 20) + 3);

    // File-backed, at a page offset, read-only.
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open /proc/self/exe");
    std::int64_t file = doMmap(0, 5000, PROT_READ, MAP_PRIVATE, fd, page);
    if (failed(file))
        fail("file mmap");

    // Partial munmap: the middle page of three.
    std::int64_t three = doMmap(0, 3 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(three))
        fail("three-page mmap");
    doMunmap(static_cast<std::uint64_t>(three) + page, page);

    // Failing calls: length 0 (EINVAL) and a file mapping without a file (EBADF).
    doMmap(0, 0, readWrite, anonymousPrivate, -1, 0);
    doMmap(0, page, PROT_READ, MAP_PRIVATE, -1, 0);

    // mremap: grow (may move), then shrink in place.
    std::int64_t grown = doMremap(static_cast<std::uint64_t>(one), 1, 5 * page + 7, MREMAP_MAYMOVE);
    if (failed(grown))
        fail("mremap grow");
    std::int64_t shrunk = doMremap(static_cast<std::uint64_t>(grown), 5 * page + 7, 2 * page, 0);
    if (failed(shrunk))
        fail("mremap shrink");

    // brk: query, up by an odd amount, down again.
    std::uint64_t initialBreak = doBrk(0);
    std::uint64_t raisedBreak = doBrk(initialBreak + 16 * page + 3);
    if (raisedBreak <= initialBreak)
        fail("brk up");
    touch(initialBreak, raisedBreak - initialBreak);
    doBrk(initialBreak);

    // Tidy up what is left, so the trace shows whole-mapping munmaps too.
    doMunmap(static_cast<std::uint64_t>(three), page);
    doMunmap(static_cast<std::uint64_t>(three) + 2 * page, page);
    doMunmap(static_cast<std::uint64_t>(shrunk), 2 * page);
    doMunmap(static_cast<std::uint64_t>(pagePlusOne), page + 1);
    doMunmap(static_cast<std::uint64_t>(mebiPlusThree), (1u << 20) + 3);
    doMunmap(static_cast<std::uint64_t>(file), 5000);
    close(fd);

    pid_t child = forkAndReport();
    if (child == 0) {
        doMmap(0, forkChildMmapLength, readWrite, anonymousPrivate, -1, 0);
        _exit(childExitStatus);
    }
    waitAndReport(child);
    return 0;
}

int runGroundTruthExec()
{
    const std::uint64_t page = static_cast<std::uint64_t>(pageSize());
    std::int64_t mapping = doMmap(0, 3 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(mapping))
        fail("mmap after exec");
    touch(static_cast<std::uint64_t>(mapping), 3 * page);
    checkpoint("exec");
    return execChildExitStatus;
}

int runGroundTruth(const char *self)
{
    const std::uint64_t page = static_cast<std::uint64_t>(pageSize());

    // Partial munmap from the middle: 5 pages, pages 2 and 3 go.
    std::int64_t five = doMmap(0, 5 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(five))
        fail("mmap five pages");
    touch(static_cast<std::uint64_t>(five), 5 * page);
    doMunmap(static_cast<std::uint64_t>(five) + page, 2 * page);
    checkpoint("partial-munmap");

    // MAP_FIXED over the middle of an existing mapping, with a file this time.
    std::int64_t four = doMmap(0, 4 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(four))
        fail("mmap four pages");
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open /proc/self/exe");
    if (failed(doMmap(static_cast<std::uint64_t>(four) + page, 2 * page, PROT_READ,
            MAP_PRIVATE | MAP_FIXED, fd, 0)))
        fail("mmap MAP_FIXED");
    close(fd);
    checkpoint("map-fixed");

    // mremap growing in place: reserve 8 pages, give back the top 6, grow 2 -> 4.
    std::int64_t reserve = doMmap(0, 8 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(reserve))
        fail("mmap reserve");
    doMunmap(static_cast<std::uint64_t>(reserve) + 2 * page, 6 * page);
    std::int64_t inPlace = doMremap(static_cast<std::uint64_t>(reserve), 2 * page, 4 * page, 0);
    if (failed(inPlace) || inPlace != reserve)
        fail("mremap grow in place");
    checkpoint("mremap-grow-in-place");

    // mremap with a move: a page mapped right behind blocks growing in place.
    std::int64_t block = doMmap(0, 3 * page, readWrite, anonymousPrivate, -1, 0);
    if (failed(block))
        fail("mmap block");
    doMunmap(static_cast<std::uint64_t>(block) + 2 * page, page);
    std::int64_t moved
        = doMremap(static_cast<std::uint64_t>(block), page, 6 * page, MREMAP_MAYMOVE);
    if (failed(moved) || moved == block)
        fail("mremap with move");
    checkpoint("mremap-move");

    // brk up by an odd amount, then partly down.
    std::uint64_t initialBreak = doBrk(0);
    std::uint64_t raisedBreak = doBrk(initialBreak + 7 * page + 5);
    if (raisedBreak <= initialBreak)
        fail("brk up");
    touch(initialBreak, raisedBreak - initialBreak);
    checkpoint("brk-up");
    doBrk(initialBreak + 2 * page);
    checkpoint("brk-down");

    // fork, then exec in the child.
    pid_t child = forkAndReport();
    if (child == 0) {
        checkpoint("forked");
        emit("exec\t%d\t%s", getpid(), self);
        execl(self, self, "groundtruth-exec", static_cast<char *>(nullptr));
        fail("exec");
    }
    waitAndReport(child);
    checkpoint("final");
    return 0;
}

int runNames()
{
    // At most 15 bytes: the kernel keeps 16 with the terminating NUL.
    static const char *const names[] = {
        "tab\there",
        "new\nline",
        "back\\slash",
        "x\\x41y", // looks like an escape of a printable byte
        "\\x00", // looks like NUL padding
        "ab\\x01", // looks like an escape
        "utf8-\xc3\xa9\xe2\x82\xac",
        "bad-\xff\xfe\x80",
        "quote\"'",
        "sp ace%s%n",
        "=cmd|' /C calc",
        "fifteen-bytes-x",
        "del\x7f\x01\x1b[",
        // Text, then a byte: bpftrace renders it like the byte followed by the
        // text (never used here: the helper would take that name from /proc
        // for this one too). Only /proc tells them apart.
        "\\x01\x01",
    };
    const std::uint64_t page = static_cast<std::uint64_t>(pageSize());
    std::uint64_t index = 0;
    for (const char *name : names) {
        prctl(PR_SET_NAME, name, 0, 0, 0);
        const std::uint64_t length = 37 * page + 11 + index++;
        std::int64_t address = doMmap(0, length, readWrite, anonymousPrivate, -1, 0);
        if (failed(address))
            fail("mmap under a name");
        doMunmap(static_cast<std::uint64_t>(address), length);
        char hex[2 * 16 + 1] = {};
        for (std::size_t i = 0; name[i] != '\0' && i < 16; ++i)
            std::snprintf(hex + 2 * i, 3, "%02x", static_cast<unsigned char>(name[i]));
        emit("name\t%d\t%llu\t%s", getpid(), static_cast<unsigned long long>(length), hex);
    }
    checkpoint("names");
    return 0;
}

std::int64_t nanoseconds(const timespec &time)
{
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

int runLoop(long count, long callsPerSecond)
{
    const std::uint64_t page = static_cast<std::uint64_t>(pageSize());
    // Paced in slices of 1 ms: the pairs due by then, then sleep.
    const long pairsPerSlice = callsPerSecond > 0 ? std::max(1L, callsPerSecond / 2000) : count;
    const std::int64_t sliceNs = callsPerSecond > 0
        ? static_cast<std::int64_t>(pairsPerSlice) * 2 * 1'000'000'000 / callsPerSecond
        : 0;
    timespec start {}, end {};
    clock_gettime(CLOCK_MONOTONIC, &start);
    std::int64_t nextSlice = nanoseconds(start);
    for (long i = 0; i < count; ++i) {
        long address = syscall(SYS_mmap, 0, page, readWrite, anonymousPrivate, -1, 0);
        if (address == -1)
            fail("mmap");
        syscall(SYS_munmap, address, page);
        if (callsPerSecond > 0 && (i + 1) % pairsPerSlice == 0) {
            nextSlice += sliceNs;
            timespec due {static_cast<time_t>(nextSlice / 1'000'000'000),
                static_cast<long>(nextSlice % 1'000'000'000)};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, nullptr) == EINTR) { }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = static_cast<double>(end.tv_sec - start.tv_sec)
        + static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e9;
    emit("loop\t%d\t%ld\t%.6f", getpid(), count, seconds);
    return 0;
}

int usage()
{
    static const char text[] = "usage: memtap-testclient [--wait-start] calls|groundtruth|loop "
                               "COUNT [CALLS_PER_SECOND]\n";
    if (write(STDERR_FILENO, text, sizeof text - 1) < 0)
        return 2;
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    int index = 1;
    bool waitStart = false;
    if (index < argc && std::strcmp(argv[index], "--wait-start") == 0) {
        waitStart = true;
        ++index;
    }
    if (index >= argc)
        return usage();
    const char *scenario = argv[index++];

    if (std::strcmp(scenario, "groundtruth-exec") == 0 && index == argc)
        return runGroundTruthExec();

    long loopCount = 0;
    long loopRate = 0;
    if (std::strcmp(scenario, "loop") == 0) {
        if (index + 1 != argc && index + 2 != argc)
            return usage();
        char *end = nullptr;
        loopCount = std::strtol(argv[index++], &end, 10);
        if (*end != '\0' || loopCount <= 0)
            return usage();
        if (index < argc) {
            loopRate = std::strtol(argv[index++], &end, 10);
            if (*end != '\0' || loopRate <= 0)
                return usage();
        }
    } else if (index != argc) {
        return usage();
    }

    const bool groundTruth = std::strcmp(scenario, "groundtruth") == 0;
    if (groundTruth) {
        // Made before `ready`, so before the tracer attaches: only the
        // helper's baseline can know about it.
        const std::uint64_t page = static_cast<std::uint64_t>(pageSize());
        std::int64_t before = doMmap(0, 6 * page + 1, readWrite, anonymousPrivate, -1, 0);
        if (failed(before))
            fail("mmap before capture");
        touch(static_cast<std::uint64_t>(before), 6 * page);
    }

    if (waitStart) {
        emit("ready\t%d", getpid());
        waitForLine();
    }

    if (std::strcmp(scenario, "calls") == 0)
        return runCalls();
    if (groundTruth) {
        char self[4096];
        ssize_t size = readlink("/proc/self/exe", self, sizeof self - 1);
        if (size <= 0)
            fail("readlink /proc/self/exe");
        self[size] = '\0';
        checkpoint("premapped");
        return runGroundTruth(self);
    }
    if (std::strcmp(scenario, "names") == 0)
        return runNames();
    if (std::strcmp(scenario, "loop") == 0)
        return runLoop(loopCount, loopRate);
    return usage();
}
