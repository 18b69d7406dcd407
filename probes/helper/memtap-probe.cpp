// SPDX-License-Identifier: GPL-2.0-or-later
//
// memtap-probe: the root helper that pkexec starts for memtap.
//
//   memtap-probe stap|bpftrace
//   memtap-probe --version
//
// It runs one fixed, root-owned tracer script (memtap.stp or memtap.bt from
// the directory compiled in), forwards its trace line format v1 stream
// (probes/README.md) on stdout and adds what only root can add: host facts,
// baselines of every process from /proc, drop reports. It stops the tracer
// when it reads `quit` or end of file on stdin, or gets SIGINT, SIGTERM or
// SIGHUP: the unprivileged program that started it through pkexec cannot
// signal a root process.
//
// Nothing from the caller reaches the tracer: the environment is replaced,
// the only argument is one word from a fixed list, the script path is fixed.
//
// Exit status (never 126 or 127, which pkexec uses for its own failures):
//   0        the capture ended as asked and the tracer stopped cleanly
//   1        internal error (pipe, fork, poll failed)
//   2        usage: the argument is not one of the accepted words
//   3        not running as root
//   4        the script is missing, or it or a directory above it is not
//            owned by root or is writable by group or others
//   5        the tracer program cannot be run (not installed)
//   6        tracefs is not mounted and could not be mounted
//   7        the tracer ended on its own with status 0 before being asked
//   8        the tracer did not stop within 1.5 s of SIGINT and was killed
//   9        the reader closed the helper's standard output
//   101-125  the tracer failed with exit status 1-25 (125: 25 or more)
//   129-192  the tracer was killed by signal 1-64 that the helper did not send
// Every non-zero status comes with one line on stderr saying why.

#include "bpftracename.h"
#include "btf.h"
#include "dropmessage.h"
#include "lineescaping.h"
#include "procmaps.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MEMTAP_PROBES_DIR
#error "MEMTAP_PROBES_DIR must name the directory of the trusted scripts"
#endif
#ifndef MEMTAP_VERSION
#define MEMTAP_VERSION "unknown"
#endif

namespace memtap::probe {
namespace {

enum ExitStatus : int {
    exitSuccess = 0,
    exitInternalError = 1,
    exitUsage = 2,
    exitNotRoot = 3,
    exitScriptRefused = 4,
    exitTracerMissing = 5,
    exitTracefsUnavailable = 6,
    exitTracerEndedEarly = 7,
    exitTracerKilled = 8,
    exitOutputClosed = 9,
    exitTracerFailedBase = 100,
    exitTracerFailedMax = 125,
    exitTracerSignalBase = 128,
};

enum class Backend { Stap, Bpftrace };

constexpr const char *programName = "memtap-probe";
constexpr const char *fixedPath = "/usr/sbin:/usr/bin:/sbin:/bin";
// bpftrace's default perf ring is 64 pages per CPU; bursts of memory calls (a
// program starting, a JIT, a build) overflow that long before the reader
// falls behind on average. Measured on 2 CPUs, 400,000 calls in ~2 s: 15% of
// them arrive with 64 pages, 29% with 1024, 73% with 4096. The rings are
// locked kernel memory per CPU, so the total is capped instead: 64 MiB over
// all CPUs, 256 to 4096 pages each (a power of two, as perf requires).
std::string bpftracePerfRingPages()
{
    const long cpus = std::max(1L, sysconf(_SC_NPROCESSORS_CONF));
    const long pageSize = std::max(4096L, sysconf(_SC_PAGESIZE));
    const long budget = (64L << 20) / (cpus * pageSize);
    long pages = 256;
    while (pages * 2 <= budget && pages < 4096)
        pages *= 2;
    return std::to_string(pages);
}
constexpr const char *tracefsPath = "/sys/kernel/tracing";
constexpr long tracefsMagic = 0x74726163;

// Shutdown. bpftrace discards what is still in its perf buffers when it gets
// SIGINT, so it is first asked to stop recording (memtap.bt: a magic munmap
// of the helper's sets @stopping and prints a marker) and given up to 300 ms
// to drain; then SIGINT (both tracers detach and flush on it), SIGTERM to the
// tracer's group if it is slow, SIGKILL as a last resort. bpftrace needs
// about 1 s to detach its probes (the kernel waits for a grace period per
// probe, and SIGKILL does not make that faster), so the steps leave it that,
// and all of it fits in the 2 s a user waits for.
constexpr std::uint64_t bpftraceStopAddress = 0x6d656d746170; // "memtap"
constexpr std::string_view bpftraceStopMarker = "#memtap_stopping";
constexpr std::string_view bpftraceEmittedPrefix = "@emitted[0]: ";
constexpr std::int64_t drainQuietNs = 30'000'000;
constexpr std::int64_t drainMaxNs = 300'000'000;
constexpr std::int64_t stopTermAfterNs = 1'200'000'000;
constexpr std::int64_t stopKillAfterNs = 1'500'000'000;
// After SIGKILL the kernel still tears the tracer down; the helper does not
// wait for that longer than this.
constexpr std::int64_t reapAfterKillNs = 150'000'000;
constexpr std::int64_t drainAfterExitNs = 300'000'000;
constexpr std::int64_t abandonOutputAfterNs = 1'500'000'000;
constexpr std::int64_t flushIntervalNs = 50'000'000;
constexpr long coalesceNs = 1'000'000;
constexpr std::size_t coalesceBelowBytes = 16 * 1024;
constexpr std::size_t outputFlushBytes = 64 * 1024;
constexpr int tracerPipeBytes = 1 << 20;

std::int64_t monotonicNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::int64_t realtimeNs()
{
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void complain(const std::string &message)
{
    std::string line = std::string(programName) + ": " + message + "\n";
    const char *data = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t written = write(STDERR_FILENO, data, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        data += written;
        left -= static_cast<std::size_t>(written);
    }
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

bool readWholeFile(const std::string &path, std::string &out)
{
    out.clear();
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            close(fd);
            return false;
        }
        if (got == 0)
            break;
        out.append(chunk, static_cast<std::size_t>(got));
    }
    close(fd);
    return true;
}

template<typename Number> bool parseNumber(std::string_view text, Number &value)
{
    const char *end = text.data() + text.size();
    auto [pointer, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && pointer == end;
}

void appendNumber(std::string &out, std::int64_t value)
{
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    (void)error;
    out.append(digits, end);
}

void appendUnsigned(std::string &out, std::uint64_t value)
{
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    (void)error;
    out.append(digits, end);
}

void appendHex(std::string &out, std::uint64_t value)
{
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, value, 16);
    (void)error;
    out += "0x";
    out.append(digits, end);
}

// --- Trust in the script ------------------------------------------------

bool trustedByRootOnly(const struct stat &status)
{
    return status.st_uid == 0 && (status.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// A directory others may write to is still safe above root's own entries
// when it is root's and sticky, as /tmp is: then only root may rename or
// remove them.
bool trustedDirectory(const struct stat &status)
{
    return trustedByRootOnly(status)
        || (status.st_uid == 0 && S_ISDIR(status.st_mode) && (status.st_mode & S_ISVTX) != 0);
}

// The script and every directory above it must be root's alone (or sticky,
// see trustedDirectory): otherwise someone else could change what runs as
// root between the check and the tracer reading it.
bool checkScript(const std::string &script)
{
    char resolved[PATH_MAX];
    if (!realpath(script.c_str(), resolved)) {
        complain("the tracer script " + script + " cannot be found (" + errnoText(errno)
            + "); reinstall memtap.");
        return false;
    }
    std::string path = resolved;
    struct stat status
    {
    };
    if (stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
        complain("the tracer script " + path + " is not a regular file; reinstall memtap.");
        return false;
    }
    if (!trustedByRootOnly(status)) {
        complain("refusing to run " + path
            + ": it must be owned by root and not writable by group or others.");
        return false;
    }
    for (std::string directory = path; directory != "/";) {
        directory.erase(directory.rfind('/'));
        if (directory.empty())
            directory = "/";
        if (stat(directory.c_str(), &status) != 0 || !trustedDirectory(status)) {
            complain("refusing to run " + path + ": the directory " + directory
                + " must be owned by root and not writable by group or others, unless it is "
                  "sticky like /tmp.");
            return false;
        }
    }
    return true;
}

bool ensureTracefs()
{
    struct statfs filesystem
    {
    };
    if (statfs(tracefsPath, &filesystem) == 0 && filesystem.f_type == tracefsMagic)
        return true;
    if (mount("nodev", tracefsPath, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0)
        return true;
    complain(std::string("tracefs is not mounted at ") + tracefsPath + " and mounting it failed ("
        + errnoText(errno) + "); mount it with: mount -t tracefs nodev " + tracefsPath);
    return false;
}

// --- Output -------------------------------------------------------------

// Standard output with full buffering, flushed when 64 KiB are pending or
// when the oldest pending byte is 50 ms old, so a reader never waits long.
// When standard output is a pipe it is non-blocking, and waitWritable runs
// the helper's control loop while the reader catches up, so that a reader
// that stops reading cannot keep the helper (and the tracer) from stopping.
class Output
{
public:
    explicit Output(int fd)
        : m_fd(fd)
    {
        m_pending.reserve(2 * outputFlushBytes);
    }

    // Returns false to give up writing.
    std::function<bool()> waitWritable;

    std::string &buffer() { return m_pending; }

    // Call after appending whole lines.
    void appended()
    {
        if (m_pending.empty())
            return;
        if (m_oldestNs == 0)
            m_oldestNs = monotonicNs();
        if (m_pending.size() >= outputFlushBytes)
            flush();
    }

    bool flushDue(std::int64_t now) const
    {
        return !m_pending.empty() && now - m_oldestNs >= flushIntervalNs;
    }
    std::int64_t nextFlushNs() const
    {
        return m_pending.empty() ? -1 : m_oldestNs + flushIntervalNs;
    }

    // False once the reader is gone or stopped reading.
    bool flush()
    {
        m_oldestNs = 0;
        if (m_closed) {
            m_pending.clear();
            return false;
        }
        std::size_t done = 0;
        while (done < m_pending.size()) {
            ssize_t written = write(m_fd, m_pending.data() + done, m_pending.size() - done);
            if (written < 0 && errno == EINTR)
                continue;
            if (written < 0 && errno == EAGAIN && waitWritable && waitWritable())
                continue;
            if (written <= 0) {
                m_closed = true;
                break;
            }
            done += static_cast<std::size_t>(written);
        }
        m_pending.clear();
        return !m_closed;
    }

    bool closed() const { return m_closed; }

private:
    int m_fd;
    std::string m_pending;
    std::int64_t m_oldestNs = 0;
    bool m_closed = false;
};

// --- Signals ------------------------------------------------------------

int signalPipe[2] = {-1, -1};

extern "C" void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signalNumber);
    ssize_t ignored = write(signalPipe[1], &byte, 1);
    (void)ignored;
    errno = savedErrno;
}

bool installSignalHandlers()
{
    if (pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) {
        if (sigaction(signalNumber, &action, nullptr) != 0)
            return false;
    }
    struct sigaction ignore
    {
    };
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    return sigaction(SIGPIPE, &ignore, nullptr) == 0;
}

// --- The helper ---------------------------------------------------------

class Helper
{
public:
    Helper(Backend backend, std::string script)
        : m_backend(backend)
        , m_backendName(backend == Backend::Stap ? "stap" : "bpftrace")
        , m_script(std::move(script))
        , m_output(STDOUT_FILENO)
    {
        m_output.waitWritable = [this] { return waitForWritableOutput(); };
    }

    int run();

private:
    enum class Phase { WaitingForHeader, Streaming };

    bool startTracer();
    void pollOnce();
    void readTracerOutput(bool processLines);
    void readTracerErrors();
    void readControl();
    void readSignals();
    void reapTracer();
    void requestStop();
    void sendInterrupt();
    void serviceDrain(std::int64_t now);
    void escalateStop(std::int64_t now);
    void reportDiscardedRecords();
    bool waitForWritableOutput();

    void processOutputLines();
    void processOutputLine(std::string_view line);
    void processRecord(std::string_view line);
    void processErrorLine(std::string_view line);
    void emitLost(const DropReport &report, std::string_view message);
    void emitHeaderAndBaseline(std::string_view header);
    void emitMeta();
    bool emitSnapshot(int pid);
    bool isExcluded(int pid) const { return pid == m_selfPid || pid == m_tracerPid; }
    int exitStatus() const;
    void reportEnd(int status) const;

    Backend m_backend;
    const char *m_backendName;
    std::string m_script;
    Output m_output;

    int m_selfPid = getpid();
    std::uint32_t m_commOffset = 0; // of comm in task_struct; 0: unknown
    int m_tracerPid = -1;
    int m_tracerStdout = -1;
    int m_tracerStderr = -1;
    int m_tracerStdin = -1; // held open: stap ends on end of file of its input
    int m_controlFd = STDIN_FILENO;

    Phase m_phase = Phase::WaitingForHeader;
    std::string m_outputTail; // an unfinished line from the tracer's stdout
    std::size_t m_outputConsumed = 0;
    std::string m_errorTail;
    std::string m_controlTail;
    std::vector<std::string> m_heldMessages; // tracer messages before the header

    DropTally m_dropTally;
    std::unordered_set<int> m_knownPids;
    std::string m_procText; // scratch for /proc reads
    std::string m_mapsText;

    bool m_stopRequested = false;
    bool m_drainRequested = false;
    bool m_stopMarkerSeen = false;
    bool m_sentInterrupt = false;
    std::int64_t m_interruptSentAtNs = 0;
    std::int64_t m_lastTracerOutputNs = 0;
    // bpftrace's own count of the records it printed (END), against the
    // records and drop reports that arrived: the difference was discarded.
    std::optional<std::uint64_t> m_tracerEmitted;
    std::uint64_t m_recordsFromTracer = 0;
    std::uint64_t m_lostReportedByTracer = 0;
    std::size_t m_bytesSinceWake = 0;
    bool m_sentTerm = false;
    bool m_sentKill = false;
    std::int64_t m_killSentAtNs = 0;
    std::int64_t m_stopStartedNs = 0;
    bool m_tracerReaped = false;
    int m_tracerWaitStatus = 0;
    std::int64_t m_reapedAtNs = 0;
};

bool Helper::startTracer()
{
    int outPipe[2], errPipe[2], inPipe[2], execPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0
        || pipe2(inPipe, O_CLOEXEC) != 0 || pipe2(execPipe, O_CLOEXEC) != 0) {
        complain("cannot create pipes: " + errnoText(errno));
        return false;
    }
    fcntl(outPipe[0], F_SETPIPE_SZ, tracerPipeBytes);

    const std::string selfPid = std::to_string(m_selfPid);
    const int parentPid = m_selfPid;
    if (m_backend == Backend::Bpftrace) {
        // memtap.bt prints plain names cheaply when it knows where comm is.
        std::string btf;
        if (readWholeFile("/sys/kernel/btf/vmlinux", btf)) {
            const std::optional<std::uint32_t> offset = btfMemberOffset(btf, "task_struct", "comm");
            if (offset && *offset < 65536)
                m_commOffset = *offset;
        }
    }
    // No handler of the helper may run in the child before exec.
    sigset_t all, previous;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &previous);
    pid_t child = fork();
    if (child < 0) {
        sigprocmask(SIG_SETMASK, &previous, nullptr);
        complain("cannot start the tracer: " + errnoText(errno));
        return false;
    }
    if (child == 0) {
        struct sigaction defaults
        {
        };
        defaults.sa_handler = SIG_DFL;
        sigemptyset(&defaults.sa_mask);
        for (int signalNumber : {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE})
            sigaction(signalNumber, &defaults, nullptr);
        sigprocmask(SIG_SETMASK, &previous, nullptr);
        // The tracer must not outlive the helper, whatever kills the helper.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parentPid)
            _exit(1);
        setpgid(0, 0);
        dup2(inPipe[0], STDIN_FILENO);
        dup2(outPipe[1], STDOUT_FILENO);
        dup2(errPipe[1], STDERR_FILENO);
        // Whatever else the helper inherited from its caller stays with it.
        close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
        const std::string tracerPid = std::to_string(getpid());
        std::vector<std::string> arguments;
        if (m_backend == Backend::Bpftrace) {
            arguments = {"bpftrace", m_script, selfPid, tracerPid, std::to_string(m_commOffset)};
        } else {
            // Probes skipped under load are reported as drops, so a busy
            // machine must not make stap give up or abort.
            arguments = {"stap", "-DMAXSKIPPED=1000000000", "-DSTP_NO_OVERLOAD",
                "-DMAXMAPENTRIES=65536", "-s", "64", m_script, selfPid, tracerPid};
        }
        std::vector<char *> argv;
        for (std::string &argument : arguments)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        const int error = errno;
        ssize_t ignored = write(execPipe[1], &error, sizeof error);
        (void)ignored;
        _exit(1);
    }

    sigprocmask(SIG_SETMASK, &previous, nullptr);
    m_tracerPid = child;
    // Both sides set the group, so signals to it work whoever runs first.
    setpgid(child, child);
    close(outPipe[1]);
    close(errPipe[1]);
    close(inPipe[0]);
    close(execPipe[1]);
    m_tracerStdout = outPipe[0];
    m_tracerStderr = errPipe[0];
    m_tracerStdin = inPipe[1];
    fcntl(m_tracerStdout, F_SETFL, O_NONBLOCK);
    fcntl(m_tracerStderr, F_SETFL, O_NONBLOCK);

    int execError = 0;
    ssize_t got;
    do {
        got = read(execPipe[0], &execError, sizeof execError);
    } while (got < 0 && errno == EINTR);
    close(execPipe[0]);
    if (got == static_cast<ssize_t>(sizeof execError)) {
        waitpid(child, nullptr, 0);
        m_tracerReaped = true;
        complain(std::string("cannot run ") + m_backendName + " (" + errnoText(execError)
            + "); install the " + (m_backend == Backend::Stap ? "systemtap" : "bpftrace")
            + " package.");
        return false;
    }
    return true;
}

int Helper::run()
{
    if (!startTracer())
        return m_tracerReaped ? exitTracerMissing : exitInternalError;

    while (!(m_tracerReaped && m_tracerStdout < 0 && m_tracerStderr < 0)) {
        // bpftrace writes line by line; waking for every line would cost more
        // than the line. After a small read, let a millisecond's worth gather.
        if (m_bytesSinceWake > 0 && m_bytesSinceWake < coalesceBelowBytes && !m_stopRequested) {
            const timespec pause {0, coalesceNs};
            nanosleep(&pause, nullptr);
        }
        m_bytesSinceWake = 0;
        pollOnce();
        const std::int64_t now = monotonicNs();
        if (m_output.flushDue(now))
            m_output.flush();
        if (m_output.closed() && !m_stopRequested)
            requestStop();
        if (m_stopRequested && !m_tracerReaped) {
            serviceDrain(now);
            escalateStop(now);
        }
        if (m_sentKill && !m_tracerReaped && now - m_killSentAtNs >= reapAfterKillNs) {
            // Killed and still being torn down by the kernel: it runs no more
            // code, so there is nothing left to wait for.
            m_tracerReaped = true;
            m_reapedAtNs = now - drainAfterExitNs;
        }
        // Descendants of the tracer could keep its pipes open; once it is
        // gone, what it wrote has arrived within a short while.
        if (m_tracerReaped && now - m_reapedAtNs > drainAfterExitNs) {
            if (m_tracerStdout >= 0) {
                readTracerOutput(true);
                close(m_tracerStdout);
                m_tracerStdout = -1;
            }
            if (m_tracerStderr >= 0) {
                readTracerErrors();
                close(m_tracerStderr);
                m_tracerStderr = -1;
            }
        }
    }
    if (!m_outputTail.empty() && m_outputConsumed < m_outputTail.size()) {
        // A last line without newline (the tracer died mid-line): passed on as
        // a line of its own; readers count it as malformed.
        const std::string last = m_outputTail.substr(m_outputConsumed);
        processOutputLine(last);
    }
    if (!m_errorTail.empty())
        processErrorLine(m_errorTail);
    reportDiscardedRecords();
    m_output.appended();
    m_output.flush();
    const int status = exitStatus();
    reportEnd(status);
    return status;
}

void Helper::reportDiscardedRecords()
{
    if (!m_tracerEmitted || m_phase != Phase::Streaming)
        return;
    const std::uint64_t accountedFor = m_recordsFromTracer + m_lostReportedByTracer;
    if (*m_tracerEmitted <= accountedFor)
        return;
    const std::uint64_t discarded = *m_tracerEmitted - accountedFor;
    std::string &out = m_output.buffer();
    out += "#lost\t";
    appendUnsigned(out, discarded);
    out += "\tbpftrace: ";
    appendUnsigned(out, discarded);
    out += " events were still in its buffers when it stopped\n";
}

void Helper::reportEnd(int status) const
{
    const std::string tracer = m_backendName;
    if (status == exitTracerEndedEarly) {
        complain(tracer + " ended before it was asked to stop.");
    } else if (status > exitTracerFailedBase && status <= exitTracerFailedMax) {
        complain(tracer + " failed with exit status "
            + std::to_string(WEXITSTATUS(m_tracerWaitStatus)) + ".");
    } else if (status > exitTracerSignalBase) {
        complain(tracer + " was killed by signal " + std::to_string(WTERMSIG(m_tracerWaitStatus))
            + " (" + strsignal(WTERMSIG(m_tracerWaitStatus)) + ").");
    } else if (status == exitOutputClosed) {
        complain("the reader closed the trace output; the capture was stopped.");
    }
}

void Helper::pollOnce()
{
    pollfd fds[4];
    int count = 0;
    auto add = [&](int fd) {
        if (fd >= 0)
            fds[count++] = pollfd {fd, POLLIN, 0};
        else
            fds[count++] = pollfd {-1, 0, 0};
    };
    add(m_tracerStdout);
    add(m_tracerStderr);
    add(m_controlFd);
    add(signalPipe[0]);

    const std::int64_t now = monotonicNs();
    std::int64_t wakeNs = m_output.nextFlushNs();
    auto wakeBy = [&](std::int64_t at) {
        if (at >= 0 && (wakeNs < 0 || at < wakeNs))
            wakeNs = at;
    };
    if (m_stopRequested && !m_tracerReaped) {
        if (m_sentKill)
            wakeBy(m_killSentAtNs + reapAfterKillNs);
        else if (m_sentInterrupt)
            wakeBy(m_interruptSentAtNs + (m_sentTerm ? stopKillAfterNs : stopTermAfterNs));
        else if (m_drainRequested)
            wakeBy(std::min(
                m_stopStartedNs + drainMaxNs, std::max(m_lastTracerOutputNs + drainQuietNs, now)));
    }
    if (m_tracerReaped)
        wakeBy(m_reapedAtNs + drainAfterExitNs);
    int timeoutMs = -1;
    if (wakeNs >= 0)
        timeoutMs
            = static_cast<int>(std::max<std::int64_t>(0, (wakeNs - now + 999'999) / 1'000'000));

    int ready = poll(fds, static_cast<nfds_t>(count), timeoutMs);
    if (ready < 0) {
        if (errno != EINTR) {
            complain("poll failed: " + errnoText(errno));
            requestStop();
        }
        return;
    }
    if (fds[3].revents)
        readSignals();
    if (fds[2].revents)
        readControl();
    if (fds[1].revents)
        readTracerErrors();
    if (fds[0].revents)
        readTracerOutput(true);
}

void Helper::readSignals()
{
    unsigned char signals[64];
    ssize_t got = read(signalPipe[0], signals, sizeof signals);
    for (ssize_t i = 0; i < got; ++i) {
        if (signals[i] == SIGCHLD)
            reapTracer();
        else
            requestStop();
    }
}

void Helper::reapTracer()
{
    if (m_tracerReaped || m_tracerPid <= 0)
        return;
    int status = 0;
    pid_t result = waitpid(m_tracerPid, &status, WNOHANG);
    if (result == m_tracerPid) {
        m_tracerReaped = true;
        m_tracerWaitStatus = status;
        m_reapedAtNs = monotonicNs();
        // The tracer's group may still hold children (stap's stapio); they
        // have no reason to live on.
        kill(-m_tracerPid, SIGTERM);
    }
}

void Helper::readControl()
{
    char chunk[256];
    ssize_t got = read(m_controlFd, chunk, sizeof chunk);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        // End of file: the reader is gone or done; either way, stop.
        m_controlFd = -1;
        requestStop();
        return;
    }
    m_controlTail.append(chunk, static_cast<std::size_t>(got));
    std::size_t newline;
    while ((newline = m_controlTail.find('\n')) != std::string::npos) {
        std::string_view command(m_controlTail.data(), newline);
        if (!command.empty() && command.back() == '\r')
            command.remove_suffix(1);
        if (command == "quit")
            requestStop();
        else if (!command.empty())
            complain("ignoring unknown command on standard input (only \"quit\" is understood).");
        m_controlTail.erase(0, newline + 1);
    }
    if (m_controlTail.size() > 4096)
        m_controlTail.clear();
}

void Helper::requestStop()
{
    if (m_stopRequested)
        return;
    m_stopRequested = true;
    m_stopStartedNs = monotonicNs();
    if (m_tracerReaped)
        return;
    if (m_backend == Backend::Bpftrace && m_phase == Phase::Streaming) {
        // EINVAL for everyone; memtap.bt recognises it as the helper's.
        m_drainRequested = true;
        syscall(SYS_munmap, bpftraceStopAddress, 0);
        return;
    }
    sendInterrupt();
}

void Helper::sendInterrupt()
{
    if (m_sentInterrupt || m_tracerReaped)
        return;
    m_sentInterrupt = true;
    m_interruptSentAtNs = monotonicNs();
    // stap also ends on a `quit` line; SIGINT is what stops both, as Ctrl-C
    // on a terminal would, so the whole group gets it.
    if (m_tracerStdin >= 0) {
        ssize_t ignored = write(m_tracerStdin, "quit\n", 5);
        (void)ignored;
        close(m_tracerStdin);
        m_tracerStdin = -1;
    }
    kill(-m_tracerPid, SIGINT);
}

// Drained: the marker arrived and the tracer has been quiet since.
void Helper::serviceDrain(std::int64_t now)
{
    if (!m_drainRequested || m_sentInterrupt)
        return;
    const bool drained = m_stopMarkerSeen && now - m_lastTracerOutputNs >= drainQuietNs;
    if (drained || now - m_stopStartedNs >= drainMaxNs)
        sendInterrupt();
}

void Helper::escalateStop(std::int64_t now)
{
    if (!m_sentInterrupt)
        return;
    const std::int64_t elapsed = now - m_interruptSentAtNs;
    if (!m_sentTerm && elapsed >= stopTermAfterNs) {
        m_sentTerm = true;
        kill(-m_tracerPid, SIGTERM);
    }
    if (!m_sentKill && elapsed >= stopKillAfterNs) {
        m_sentKill = true;
        m_killSentAtNs = now;
        complain(std::string(m_backendName)
            + " did not stop within 1.5 s and was killed; events at the end may be missing.");
        kill(-m_tracerPid, SIGKILL);
    }
}

bool Helper::waitForWritableOutput()
{
    for (;;) {
        pollfd fds[3]
            = {{STDOUT_FILENO, POLLOUT, 0}, {signalPipe[0], POLLIN, 0}, {m_controlFd, POLLIN, 0}};
        int ready = poll(fds, m_controlFd >= 0 ? 3 : 2, 100);
        if (ready < 0 && errno != EINTR)
            return false;
        if (ready > 0 && fds[1].revents)
            readSignals();
        if (ready > 0 && m_controlFd >= 0 && fds[2].revents)
            readControl();
        const std::int64_t now = monotonicNs();
        if (m_stopRequested && !m_tracerReaped) {
            serviceDrain(now);
            escalateStop(now);
        }
        if (ready > 0 && fds[0].revents)
            return true;
        if (m_stopRequested && now - m_stopStartedNs >= abandonOutputAfterNs) {
            complain("the reader stopped reading the trace; the rest of it is discarded.");
            return false;
        }
    }
}

int Helper::exitStatus() const
{
    if (m_output.closed())
        return exitOutputClosed;
    if (m_sentKill)
        return exitTracerKilled;
    const int status = m_tracerWaitStatus;
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        if (code == 0)
            return m_stopRequested ? exitSuccess : exitTracerEndedEarly;
        return std::min(exitTracerFailedBase + code, static_cast<int>(exitTracerFailedMax));
    }
    if (WIFSIGNALED(status)) {
        const int signalNumber = WTERMSIG(status);
        if (m_stopRequested && (signalNumber == SIGINT || (m_sentTerm && signalNumber == SIGTERM)))
            return exitSuccess;
        return exitTracerSignalBase + signalNumber;
    }
    return exitInternalError;
}

void Helper::readTracerOutput(bool processLines)
{
    if (m_tracerStdout < 0)
        return;
    char chunk[65536];
    for (;;) {
        ssize_t got = read(m_tracerStdout, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break; // EAGAIN: nothing more now
        if (got == 0) {
            close(m_tracerStdout);
            m_tracerStdout = -1;
            break;
        }
        m_outputTail.append(chunk, static_cast<std::size_t>(got));
        m_lastTracerOutputNs = monotonicNs();
        m_bytesSinceWake += static_cast<std::size_t>(got);
        // During a baseline only gather, so the tracer never blocks on a full pipe.
        if (!processLines)
            return;
        processOutputLines();
        if (m_output.closed())
            return;
    }
}

void Helper::processOutputLines()
{
    std::string_view pending(m_outputTail);
    for (;;) {
        std::size_t newline = pending.find('\n', m_outputConsumed);
        if (newline == std::string_view::npos)
            break;
        processOutputLine(pending.substr(m_outputConsumed, newline - m_outputConsumed));
        m_outputConsumed = newline + 1;
        // The header starts a baseline that may gather more tracer output
        // into m_outputTail, which invalidates the view.
        pending = m_outputTail;
    }
    m_outputTail.erase(0, m_outputConsumed);
    m_outputConsumed = 0;
    m_output.appended();
}

void Helper::processOutputLine(std::string_view line)
{
    if (m_phase == Phase::WaitingForHeader) {
        // Whatever comes before the header (bpftrace's "Attaching N probes...")
        // follows the baseline, so that the header stays the first line.
        if (line.starts_with("#memtap\t"))
            emitHeaderAndBaseline(line);
        else
            m_heldMessages.emplace_back(line);
        return;
    }
    if (std::optional<DropReport> report = dropReport(line)) {
        emitLost(*report, line);
        return;
    }
    if (!line.empty() && line.front() >= '0' && line.front() <= '9') {
        processRecord(line);
        return;
    }
    if (m_backend == Backend::Bpftrace) {
        // memtap.bt's stop protocol and record count are for the helper only;
        // bpftrace's blank lines around printed maps carry nothing.
        if (line == bpftraceStopMarker) {
            m_stopMarkerSeen = true;
            return;
        }
        if (line.starts_with(bpftraceEmittedPrefix)) {
            std::uint64_t emitted = 0;
            if (parseNumber(line.substr(bpftraceEmittedPrefix.size()), emitted))
                m_tracerEmitted = emitted;
            return;
        }
        if (line.empty())
            return;
    }
    std::string &out = m_output.buffer();
    out.append(line);
    out += '\n';
}

// Hot path: find the fields the helper needs without decoding the rest.
void Helper::processRecord(std::string_view line)
{
    ++m_recordsFromTracer;
    std::string_view fields[14];
    std::size_t start = 0;
    int count = 0;
    for (; count < 13; ++count) {
        std::size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos)
            break;
        fields[count] = line.substr(start, tab - start);
        start = tab + 1;
    }
    std::string &out = m_output.buffer();
    if (count < 13) {
        // Not a record the helper understands: pass it on, the reader counts it.
        out.append(line);
        out += '\n';
        return;
    }
    fields[13] = line.substr(start);
    const std::size_t nameStart = start;

    int pid = 0, tid = 0;
    parseNumber(fields[1], pid);
    parseNumber(fields[2], tid);
    const std::string_view call = fields[5];

    if (m_backend == Backend::Bpftrace) {
        out.append(line.substr(0, nameStart));
        out += normaliseBpftraceName(fields[13], [&]() -> std::optional<std::string> {
            std::string comm;
            if (!readWholeFile(
                    "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/comm", comm)
                || comm.empty())
                return std::nullopt;
            if (comm.back() == '\n')
                comm.pop_back();
            return comm;
        });
        out += '\n';
    } else {
        out.append(line);
        out += '\n';
    }

    if (pid <= 0 || isExcluded(pid))
        return;
    if (call == "exit") {
        m_knownPids.erase(pid);
        return;
    }
    if (call == "fork") {
        int child = 0;
        if (parseNumber(fields[12], child) && child > 0)
            m_knownPids.insert(child);
    }
    const bool firstMeeting = m_knownPids.insert(pid).second;
    if (call == "exec" || firstMeeting)
        emitSnapshot(pid);
}

void Helper::readTracerErrors()
{
    if (m_tracerStderr < 0)
        return;
    char chunk[8192];
    for (;;) {
        ssize_t got = read(m_tracerStderr, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break;
        if (got == 0) {
            close(m_tracerStderr);
            m_tracerStderr = -1;
            break;
        }
        m_errorTail.append(chunk, static_cast<std::size_t>(got));
        std::size_t newline;
        while ((newline = m_errorTail.find('\n')) != std::string::npos) {
            processErrorLine(std::string_view(m_errorTail.data(), newline));
            m_errorTail.erase(0, newline + 1);
        }
    }
    m_output.appended();
}

void Helper::processErrorLine(std::string_view line)
{
    if (std::optional<DropReport> report = dropReport(line)) {
        emitLost(*report, line);
        if (!reportsHandlerErrors(line))
            return;
    }
    // bpftrace warns when it cannot raise RLIMIT_MEMLOCK; kernels since 5.11
    // charge BPF memory to the cgroup instead, and where the limit does matter
    // bpftrace fails to load with an error of its own.
    if (line.find("couldn't set RLIMIT_MEMLOCK") != std::string_view::npos)
        return;
    std::string message(line);
    message += '\n';
    const char *data = message.data();
    std::size_t left = message.size();
    while (left > 0) {
        ssize_t written = write(STDERR_FILENO, data, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            break;
        data += written;
        left -= static_cast<std::size_t>(written);
    }
}

void Helper::emitLost(const DropReport &report, std::string_view message)
{
    const std::uint64_t count = m_dropTally.newlyDropped(report);
    if (count == 0)
        return;
    m_lostReportedByTracer += count;
    std::string line = "#lost\t";
    appendUnsigned(line, count);
    line += '\t';
    line += m_backendName;
    line += ": ";
    appendEscaped(line, message);
    if (m_phase == Phase::WaitingForHeader) {
        m_heldMessages.push_back(std::move(line));
        return;
    }
    std::string &out = m_output.buffer();
    out += line;
    out += '\n';
}

void Helper::emitHeaderAndBaseline(std::string_view header)
{
    std::string &out = m_output.buffer();
    // header points into m_outputTail, which the baseline below appends to.
    out.append(header);
    out += '\n';
    emitMeta();
    m_output.appended();

    DIR *proc = opendir("/proc");
    if (proc) {
        while (dirent *entry = readdir(proc)) {
            int pid = 0;
            if (!parseNumber(std::string_view(entry->d_name), pid) || pid <= 0 || isExcluded(pid))
                continue;
            m_knownPids.insert(pid);
            emitSnapshot(pid);
            m_output.appended();
            readTracerOutput(false);
        }
        closedir(proc);
    } else {
        complain("cannot read /proc (" + errnoText(errno) + "); no baseline was taken.");
    }
    // Readers (and tests) can tell a complete baseline from one in progress.
    out += "#meta\tbaseline_end\t";
    appendNumber(out, monotonicNs());
    out += '\n';
    m_phase = Phase::Streaming;
    std::vector<std::string> held;
    held.swap(m_heldMessages);
    for (const std::string &line : held)
        processOutputLine(line);
    m_output.appended();
}

void Helper::emitMeta()
{
    std::string &out = m_output.buffer();
    utsname system {};
    uname(&system);
    out += "#meta\thost\t";
    appendEscaped(out, system.nodename);
    out += "\n#meta\tkernel\t";
    appendEscaped(out, system.release);
    out += '\n';

    if (readWholeFile("/proc/meminfo", m_procText)) {
        std::string_view text(m_procText);
        const std::size_t at = text.find("MemTotal:");
        if (at != std::string_view::npos) {
            std::string_view rest = text.substr(at + 9);
            rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
            std::uint64_t kibibytes = 0;
            if (parseNumber(rest.substr(0, rest.find(' ')), kibibytes)) {
                out += "#meta\tmemtotal\t";
                appendUnsigned(out, kibibytes * 1024);
                out += '\n';
            }
        }
    }
    out += "#meta\tpage_size\t";
    appendNumber(out, sysconf(_SC_PAGESIZE));
    out += '\n';

    // The offset from the sample with the shortest gap between its readings.
    std::int64_t bestGap = INT64_MAX, offset = 0;
    for (int i = 0; i < 5; ++i) {
        const std::int64_t before = monotonicNs();
        const std::int64_t real = realtimeNs();
        const std::int64_t after = monotonicNs();
        if (after - before < bestGap) {
            bestGap = after - before;
            offset = real - (before + (after - before) / 2);
        }
    }
    out += "#meta\trealtime_offset_ns\t";
    appendNumber(out, offset);
    out += "\n#meta\tstart\t";
    appendNumber(out, monotonicNs());
    out += '\n';
}

// A `snapshot` line, the process's `map` lines and its `cmdline` line, as one
// block. False when the process is gone or has no memory of its own (kernel
// threads, zombies), in which case nothing is written.
bool Helper::emitSnapshot(int pid)
{
    const std::string directory = "/proc/" + std::to_string(pid);

    if (!readWholeFile(directory + "/stat", m_procText))
        return false;
    // comm sits in parentheses and may itself contain ") ".
    const std::size_t open = m_procText.find('(');
    const std::size_t close = m_procText.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return false;
    const std::string comm = m_procText.substr(open + 1, close - open - 1);
    int ppid = -1;
    {
        // After ") ": state, ppid, pgrp, ...
        std::string_view rest = std::string_view(m_procText).substr(close + 2);
        const std::size_t afterState = rest.find(' ');
        if (afterState != std::string_view::npos) {
            rest.remove_prefix(afterState + 1);
            parseNumber(rest.substr(0, rest.find(' ')), ppid);
            rest.remove_prefix(std::min(rest.find(' '), rest.size()));
            rest.remove_prefix(std::min<std::size_t>(1, rest.size()));
            int group = 0;
            // Descendants of the tracer (stap's staprun and stapio) are part of the capture
            // machinery.
            if (parseNumber(rest.substr(0, rest.find(' ')), group) && group == m_tracerPid)
                return false;
        }
    }
    std::int64_t uid = -1;
    if (readWholeFile(directory + "/status", m_procText)) {
        const std::size_t at = m_procText.find("\nUid:\t");
        if (at != std::string::npos) {
            std::string_view rest = std::string_view(m_procText).substr(at + 6);
            parseNumber(rest.substr(0, rest.find('\t')), uid);
        }
    }

    const std::int64_t beforeMaps = monotonicNs();
    if (!readWholeFile(directory + "/maps", m_mapsText) || m_mapsText.empty())
        return false;
    const std::int64_t afterMaps = monotonicNs();

    std::string_view maps(m_mapsText);
    std::size_t lineCount = 0;
    for (std::size_t at = 0; (at = maps.find('\n', at)) != std::string_view::npos; ++at)
        ++lineCount;

    std::string common; // "\tpid\tpid\tppid\tuid\t"
    common += '\t';
    appendNumber(common, pid);
    common += '\t';
    appendNumber(common, pid);
    common += '\t';
    appendNumber(common, ppid);
    common += '\t';
    appendNumber(common, uid);
    common += '\t';

    std::string &out = m_output.buffer();
    const std::size_t blockStart = out.size();
    appendNumber(out, beforeMaps);
    out += common;
    out += "snapshot\t0x0\t0\t0\t0\t-1\t0\t";
    const std::size_t countAt = out.size();
    appendUnsigned(out, lineCount);
    out += '\t';
    appendEscaped(out, comm);
    out += '\n';

    std::size_t written = 0;
    while (!maps.empty()) {
        const std::size_t newline = maps.find('\n');
        const std::string_view line = maps.substr(0, newline);
        maps.remove_prefix(newline == std::string_view::npos ? maps.size() : newline + 1);
        const std::optional<MapsEntry> entry = parseMapsLine(line);
        if (!entry)
            continue;
        appendNumber(out, afterMaps);
        out += common;
        out += "map\t";
        appendHex(out, entry->start);
        out += '\t';
        appendUnsigned(out, entry->end - entry->start);
        out += '\t';
        appendUnsigned(out, entry->prot);
        out += '\t';
        appendUnsigned(out, entry->flags);
        out += "\t-1\t";
        appendUnsigned(out, entry->offset);
        out += '\t';
        appendUnsigned(out, entry->inode);
        out += '\t';
        appendEscaped(out, entry->path);
        out += '\n';
        ++written;
    }
    if (written == 0) {
        out.resize(blockStart);
        return false;
    }
    if (written != lineCount) {
        // A line did not parse: the count must match what follows.
        std::string count;
        appendUnsigned(count, written);
        std::string digits;
        appendUnsigned(digits, lineCount);
        out.replace(countAt, digits.size(), count);
    }

    if (readWholeFile(directory + "/cmdline", m_procText)) {
        while (!m_procText.empty() && m_procText.back() == '\0')
            m_procText.pop_back();
        appendNumber(out, afterMaps);
        out += common;
        out += "cmdline\t0x0\t0\t0\t0\t-1\t0\t0\t";
        appendEscaped(out, m_procText);
        out += '\n';
    }
    return true;
}

int usage()
{
    complain("usage: memtap-probe stap|bpftrace (or --version)");
    return exitUsage;
}

} // namespace
} // namespace memtap::probe

int main(int argc, char **argv)
{
    using namespace memtap::probe;

    if (argc != 2)
        return usage();
    const std::string_view argument = argv[1];
    Backend backend;
    if (argument == "bpftrace") {
        backend = Backend::Bpftrace;
    } else if (argument == "stap") {
        backend = Backend::Stap;
    } else if (argument == "--version") {
        std::printf("memtap-probe %s\nscripts: %s\n", MEMTAP_VERSION, MEMTAP_PROBES_DIR);
        return exitSuccess;
    } else {
        return usage();
    }

    if (geteuid() != 0) {
        complain("must run as root (memtap starts it through pkexec or sudo).");
        return exitNotRoot;
    }

    // Nothing from the caller's environment may steer the tracer.
    clearenv();
    setenv("PATH", fixedPath, 1);
    setenv("LC_ALL", "C", 1);
    setenv("HOME", "/root", 1); // stap keeps its module cache there
    if (backend == Backend::Bpftrace)
        setenv("BPFTRACE_PERF_RB_PAGES", bpftracePerfRingPages().c_str(), 1);
    umask(022);
    if (chdir("/") != 0)
        return exitInternalError;

    // A pipe (what memtap passes) becomes non-blocking and larger, so that
    // bursts fit and a stalled reader cannot stall the helper's control loop;
    // a terminal or file stays as it is.
    struct stat outputStatus
    {
    };
    if (fstat(STDOUT_FILENO, &outputStatus) == 0 && S_ISFIFO(outputStatus.st_mode)) {
        fcntl(STDOUT_FILENO, F_SETFL, fcntl(STDOUT_FILENO, F_GETFL) | O_NONBLOCK);
        fcntl(STDOUT_FILENO, F_SETPIPE_SZ, tracerPipeBytes);
    }

    const std::string script = std::string(MEMTAP_PROBES_DIR)
        + (backend == Backend::Stap ? "/memtap.stp" : "/memtap.bt");
    if (!checkScript(script))
        return exitScriptRefused;
    if (backend == Backend::Bpftrace && !ensureTracefs())
        return exitTracefsUnavailable;

    // BPF maps and the perf ring buffers count against RLIMIT_MEMLOCK on
    // kernels before 5.11.
    rlimit unlimited {RLIM_INFINITY, RLIM_INFINITY};
    setrlimit(RLIMIT_MEMLOCK, &unlimited);

    if (!installSignalHandlers()) {
        complain("cannot install signal handlers: " + std::string(std::strerror(errno)));
        return exitInternalError;
    }
    Helper helper(backend, script);
    return helper.run();
}
