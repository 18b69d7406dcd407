// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "../capture/processscan.h"
#include "accounting/processfigures.h"
#include "capture/captureoptions.h"
#include "live/livecapture.h"
#include "memtapconfig.h"
#include "testsupport.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace memtap::test {

inline QString buildHelperPath()
{
    return QStringLiteral(MEMTAP_BUILD_HELPER_PATH);
}

inline CaptureOptions bpftraceWithoutElevation()
{
    CaptureOptions options;
    options.backend = CaptureBackend::Bpftrace;
    options.elevation = Elevation::None;
    options.helperPath = buildHelperPath();
    return options;
}

// What /proc/PID/maps says a process has mapped, as memtap counts it: every
// range but the kernel-managed [stack], [vvar], [vvar_vclock], [vdso] and
// [vsyscall] (the stack grows without a system call, the others are not the
// process's requests).
struct MapsTruth
{
    bool readable = false;
    std::uint64_t liveBytes = 0;
    // Adjacent ranges merged: the address space covered, whatever VMAs split it.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
};

inline bool isKernelManagedPath(const QByteArray &path)
{
    return path == "[stack]" || path == "[vvar]" || path == "[vvar_vclock]" || path == "[vdso]"
        || path == "[vsyscall]";
}

inline void appendMerged(std::vector<std::pair<std::uint64_t, std::uint64_t>> &ranges,
    std::uint64_t start, std::uint64_t end)
{
    if (!ranges.empty() && ranges.back().second == start)
        ranges.back().second = end;
    else
        ranges.emplace_back(start, end);
}

inline MapsTruth readMaps(qint64 pid)
{
    MapsTruth truth;
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    if (!maps.open(QIODevice::ReadOnly))
        return truth;
    truth.readable = true;
    const QList<QByteArray> lines = maps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        // start-end perms offset dev inode   path
        const QList<QByteArray> fields = line.simplified().split(' ');
        const QList<QByteArray> bounds = fields.at(0).split('-');
        const std::uint64_t start = bounds.at(0).toULongLong(nullptr, 16);
        const std::uint64_t end = bounds.at(1).toULongLong(nullptr, 16);
        const QByteArray path = fields.size() > 5 ? fields.at(5) : QByteArray();
        if (isKernelManagedPath(path))
            continue;
        truth.liveBytes += end - start;
        appendMerged(truth.ranges, start, end);
    }
    return truth;
}

// The newest figures LiveCapture sent for each process.
class FiguresCollector : public QObject
{
public:
    explicit FiguresCollector(LiveCapture *capture)
    {
        connect(capture, &LiveCapture::processesUpdated, this, [this](const ProcessUpdate &update) {
            for (const ProcessFigures &figures : update)
                byKey.insert(figures.processKey, figures);
            ++updates;
        });
    }

    // The process a pid names now: the newest one alive.
    std::optional<ProcessFigures> alive(qint64 pid) const
    {
        std::optional<ProcessFigures> newest;
        for (const ProcessFigures &figures : byKey) {
            if (figures.pid == pid && figures.exitNs < 0
                && (!newest || figures.processKey > newest->processKey))
                newest = figures;
        }
        return newest;
    }

    QHash<std::uint64_t, ProcessFigures> byKey;
    int updates = 0;
};

// One line of memtap-testclient's output, waited for while the event loop
// runs (LiveCapture's signals are queued to this thread).
inline QByteArray waitForClientLine(QProcess &client, const QByteArray &kind, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        while (client.canReadLine()) {
            const QByteArray line = client.readLine().trimmed();
            if (line.startsWith(kind + '\t'))
                return line;
            if (line.startsWith("error\t"))
                return line;
        }
        if (client.state() == QProcess::NotRunning && !client.canReadLine())
            return {};
        QTest::qWait(5);
    }
    return {};
}

// Starts memtap-testclient's ground-truth script held before its first step
// (--wait-start) and returns its "ready" line; "error\t..." or empty when it
// did not get there.
inline QByteArray startGroundTruthClient(QProcess &client)
{
    client.start(QStringLiteral(MEMTAP_TESTCLIENT_PATH),
        {QStringLiteral("--wait-start"), QStringLiteral("groundtruth")});
    if (!client.waitForStarted())
        return "error\tmemtap-testclient did not start: " + client.errorString().toLocal8Bit();
    return waitForClientLine(client, "ready", 10000);
}

// Lets the client run to its next checkpoint and returns its
// "checkpoint\tNAME\tPID" line; "error\t..." or empty when it stopped instead.
inline QByteArray continueToCheckpoint(QProcess &client)
{
    client.write("\n");
    return waitForClientLine(client, "checkpoint", 30000);
}

// bpftrace compiles and attaches its probes first.
constexpr int runningTimeoutMs = 120000;

// Waits until the capture runs; false with the reason in why (if given) when
// it ended or did not get there in time.
inline bool waitUntilRunning(LiveCapture &capture, QString *why = nullptr)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < runningTimeoutMs) {
        if (capture.state() == CaptureSession::State::Running)
            return true;
        if (!capture.isActive()) {
            if (why)
                *why = capture.session().error().message() + capture.storeError();
            return false;
        }
        QTest::qWait(20);
    }
    if (why)
        *why = QStringLiteral("not running after %1 ms").arg(runningTimeoutMs);
    return false;
}

// Alive means not gone and not a zombie waiting to be reaped.
inline bool stillRunning(const ProcessIdentity &process)
{
    ProcessIdentity now;
    if (!readProcess(process.pid, &now) || !(now == process))
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(process.pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && close + 2 < line.size() && line.at(close + 2) != 'Z';
}

} // namespace memtap::test

// A macro, not a function: QSKIP must return from the test function itself.
#define MEMTAP_REQUIRE_LIVE_CAPTURE()                                                              \
    do {                                                                                           \
        MEMTAP_REQUIRE_ROOT();                                                                     \
        MEMTAP_REQUIRE(QFileInfo(memtap::test::buildHelperPath()).isExecutable(),                  \
            QStringLiteral("the build-tree helper %1 (build memtap-probe-buildtree)")              \
                .arg(memtap::test::buildHelperPath()));                                            \
        MEMTAP_REQUIRE(QFileInfo(QStringLiteral("/usr/bin/bpftrace")).isExecutable(),              \
            QStringLiteral("bpftrace (apt install bpftrace)"));                                    \
    } while (false)
