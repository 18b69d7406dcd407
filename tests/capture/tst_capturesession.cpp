// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture/capturesession.h"
#include "memtapconfig.h"
#include "processscan.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/mman.h>

using namespace memtap;
using namespace memtap::test;

namespace {

// One `call` line of memtap-testclient: what the client asked and got.
struct ClientCall
{
    qint64 pid = 0;
    qint64 tid = 0;
    QByteArray call;
    quint64 address = 0;
    quint64 length = 0;
    quint64 prot = 0;
    quint64 flags = 0;
    qint64 fd = -1;
    quint64 offset = 0;
    qint64 result = 0;
};

struct ClientReport
{
    QList<ClientCall> calls;
    QList<QPair<qint64, qint64>> forks; // parent, child
    QList<QPair<qint64, int>> waits; // child, status
    qint64 pid = 0;
};

ClientReport parseClientOutput(const QByteArray &output)
{
    ClientReport report;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.first() == "call" && fields.size() == 11) {
            ClientCall call;
            call.pid = fields.at(1).toLongLong();
            call.tid = fields.at(2).toLongLong();
            call.call = fields.at(3);
            call.address = fields.at(4).mid(2).toULongLong(nullptr, 16);
            call.length = fields.at(5).toULongLong();
            call.prot = fields.at(6).toULongLong();
            call.flags = fields.at(7).toULongLong();
            call.fd = fields.at(8).toLongLong();
            call.offset = fields.at(9).toULongLong();
            call.result = fields.at(10).toLongLong();
            report.calls.append(call);
        } else if (fields.first() == "fork" && fields.size() == 3) {
            report.forks.append({fields.at(1).toLongLong(), fields.at(2).toLongLong()});
        } else if (fields.first() == "wait" && fields.size() == 3) {
            report.waits.append({fields.at(1).toLongLong(), fields.at(2).toInt()});
        }
    }
    if (!report.calls.isEmpty())
        report.pid = report.calls.first().pid;
    return report;
}

bool matches(const Event &event, const ClientCall &call)
{
    if (QByteArrayView(callName(event.call)) != call.call || event.pid != call.pid
        || event.tid != call.tid || event.address != call.address || event.length != call.length
        || event.result != call.result)
        return false;
    switch (event.call) {
    case Call::Mmap:
        return event.prot == call.prot && event.flags == call.flags && event.fd == call.fd
            && event.offset == call.offset;
    case Call::Mremap:
        return event.flags == call.flags && event.offset == call.offset;
    default:
        // brk's offset is the start of the heap, which the client cannot know.
        return true;
    }
}

QString describe(const ClientCall &call)
{
    return QStringLiteral("%1 pid %2 address 0x%3 length %4 result %5")
        .arg(QString::fromLatin1(call.call))
        .arg(call.pid)
        .arg(call.address, 0, 16)
        .arg(call.length)
        .arg(call.result);
}

// Collects what a session hands out, in the test's thread.
class BatchCollector : public QObject
{
public:
    explicit BatchCollector(CaptureSession *session)
    {
        connect(session, &CaptureSession::eventsReady, this, [this](const EventBatchPtr &batch) {
            ++batches;
            lost += batch->lostEvents;
            malformed += batch->malformedLines;
            events.insert(events.end(), batch->events.begin(), batch->events.end());
        });
    }

    bool contains(Call call, qint64 pid) const
    {
        return std::any_of(events.begin(), events.end(),
            [&](const Event &event) { return event.call == call && event.pid == pid; });
    }

    std::vector<Event> events;
    std::uint64_t lost = 0;
    std::uint64_t malformed = 0;
    int batches = 0;
};

QString helperPath()
{
    return QStringLiteral(MEMTAP_BUILD_HELPER_PATH);
}

CaptureOptions bpftraceOptions()
{
    CaptureOptions options;
    options.backend = CaptureBackend::Bpftrace;
    options.elevation = Elevation::None;
    options.helperPath = helperPath();
    return options;
}

// Waits until the session runs or gave up; says why when it gave up.
bool waitUntilRunning(CaptureSession &session, QString *why)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 120000) {
        if (session.state() == CaptureSession::State::Running)
            return true;
        if (session.state() == CaptureSession::State::Failed
            || session.state() == CaptureSession::State::Stopped) {
            *why = session.error().message();
            return false;
        }
        QTest::qWait(20);
    }
    *why = QStringLiteral("not running after 120 s");
    return false;
}

} // namespace

// A macro, not a function: QSKIP must return from the test function itself.
#define MEMTAP_REQUIRE_CAPTURE()                                                                   \
    do {                                                                                           \
        MEMTAP_REQUIRE_ROOT();                                                                     \
        MEMTAP_REQUIRE(QFileInfo(helperPath()).isExecutable(),                                     \
            QStringLiteral("the build-tree helper %1 (build memtap-probe-buildtree)")              \
                .arg(helperPath()));                                                               \
        MEMTAP_REQUIRE(QFileInfo(QStringLiteral("/usr/bin/bpftrace")).isExecutable(),              \
            QStringLiteral("bpftrace (apt install bpftrace)"));                                    \
    } while (false)

class TestCaptureSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(MEMTAP_TESTCLIENT_PATH)).isExecutable(),
            MEMTAP_TESTCLIENT_PATH);
    }

    // The real thing: the build-tree helper runs bpftrace as root, the test
    // client makes its known calls, and every one of them must come out of
    // the session's batches exactly as the client saw it.
    void capturesEveryCallOfTheTestClient()
    {
        MEMTAP_REQUIRE_CAPTURE();

        CaptureSession session;
        BatchCollector collector(&session);
        QSignalSpy finished(&session, &CaptureSession::finished);
        QSignalSpy metadata(&session, &CaptureSession::metadataChanged);
        // The header both starts the run and carries the metadata: a receiver
        // of Running must already read it from the session.
        QByteArray backendSeenAtRunning = "(Running not seen)";
        connect(&session, &CaptureSession::stateChanged, this,
            [&session, &backendSeenAtRunning](CaptureSession::State state) {
                if (state == CaptureSession::State::Running)
                    backendSeenAtRunning = session.metadata().backend;
            });
        session.start(bpftraceOptions());
        QCOMPARE(session.state(), CaptureSession::State::Starting);
        QString why;
        QVERIFY2(waitUntilRunning(session, &why), qPrintable(why));
        QCOMPARE(session.backend(), CaptureBackend::Bpftrace);
        QVERIFY(session.helperProcessId() > 0);
        QVERIFY(metadata.count() >= 1);
        QCOMPARE(session.metadata().backend, QByteArray("bpftrace"));
        QCOMPARE(session.metadata().formatVersion, 1);
        QCOMPARE(backendSeenAtRunning, QByteArray("bpftrace"));

        QProcess client;
        client.start(QStringLiteral(MEMTAP_TESTCLIENT_PATH), {QStringLiteral("calls")});
        QVERIFY(client.waitForFinished(30000));
        QCOMPARE(client.exitStatus(), QProcess::NormalExit);
        QCOMPARE(client.exitCode(), 0);
        const ClientReport report = parseClientOutput(client.readAllStandardOutput());
        QVERIFY(report.calls.size() >= 20);
        QCOMPARE(report.forks.size(), 1);
        QCOMPARE(report.waits.size(), 1);
        const qint64 child = report.forks.first().second;

        // The client's own exit is the last thing it does.
        QTRY_VERIFY_WITH_TIMEOUT(collector.contains(Call::Exit, report.pid), 15000);

        // Everything the tracer started while we watched, to check it is gone later.
        const QList<ProcessIdentity> helperTree = processTree(session.helperProcessId());
        QVERIFY(!helperTree.isEmpty());

        QElapsedTimer stopClock;
        stopClock.start();
        session.stop();
        QVERIFY(session.waitForFinished(10000));
        const qint64 stopMs = stopClock.elapsed();
        qInfo("stop took %lld ms; %zu records in %d batches", stopMs, collector.events.size(),
            collector.batches);
        QVERIFY2(stopMs < CaptureSession::stopTimeoutMs,
            qPrintable(QStringLiteral("stop took %1 ms").arg(stopMs)));

        QCOMPARE(finished.count(), 1);
        QCOMPARE(session.state(), CaptureSession::State::Stopped);
        QCOMPARE(session.endReason(), CaptureEndReason::UserStop);
        QVERIFY2(!session.error().isError(), qPrintable(session.error().message()));
        QVERIFY(session.runningDurationMs() > 0);

        // Every call, once, with the right pid, tid, address, length and result.
        std::vector<bool> used(collector.events.size(), false);
        for (const ClientCall &call : report.calls) {
            bool found = false;
            for (std::size_t i = 0; i < collector.events.size() && !found; ++i) {
                if (!used[i] && matches(collector.events[i], call)) {
                    used[i] = true;
                    found = true;
                }
            }
            QVERIFY2(found, qPrintable(QStringLiteral("not in the stream: ") + describe(call)));
        }

        // The failing mmaps: length 0 (EINVAL) and no file (EBADF), with -errno.
        int failingMmaps = 0;
        for (const Event &event : collector.events) {
            if (event.pid == report.pid && event.call == Call::Mmap && event.failed()) {
                ++failingMmaps;
                QVERIFY(event.result == -EINVAL || event.result == -EBADF);
            }
        }
        QCOMPARE(failingMmaps, 2);

        // fork from the parent naming the child; the child's exit with its status.
        const auto fork = std::find_if(
            collector.events.begin(), collector.events.end(), [&](const Event &event) {
                return event.call == Call::Fork && event.pid == report.pid;
            });
        QVERIFY(fork != collector.events.end());
        QCOMPARE(fork->result, child);
        const auto childExit = std::find_if(collector.events.begin(), collector.events.end(),
            [&](const Event &event) { return event.call == Call::Exit && event.pid == child; });
        QVERIFY(childExit != collector.events.end());
        QCOMPARE(childExit->result, qint64(report.waits.first().second));
        QVERIFY(collector.contains(Call::Mmap, child));

        // The counters describe exactly the records that were handed out.
        const ParserCounters counters = session.counters();
        for (std::size_t i = 0; i < callCount; ++i) {
            const auto call = static_cast<Call>(i);
            const auto handedOut = std::count_if(collector.events.begin(), collector.events.end(),
                [&](const Event &event) { return event.call == call; });
            QCOMPARE(counters.byCall[i], std::uint64_t(handedOut));
        }
        QCOMPARE(counters.records, std::uint64_t(collector.events.size()));
        QCOMPARE(counters.malformed, collector.malformed);
        QCOMPARE(counters.lostEvents, collector.lost);
        QCOMPARE(counters.malformed, std::uint64_t(0));

        // Nothing the capture started is left.
        for (const ProcessIdentity &process : helperTree) {
            QTRY_VERIFY2_WITH_TIMEOUT(!isAlive(process),
                qPrintable(QStringLiteral("%1 (pid %2) is still running")
                               .arg(QString::fromLatin1(process.comm))
                               .arg(process.pid)),
                2000);
        }
    }

    // Issue 6: the tracer dies mid-capture; the session must say so and leave
    // no root process behind.
    void killedTracerEndsTheSession()
    {
        MEMTAP_REQUIRE_CAPTURE();

        CaptureSession session;
        BatchCollector collector(&session);
        session.start(bpftraceOptions());
        QString why;
        QVERIFY2(waitUntilRunning(session, &why), qPrintable(why));

        QList<ProcessIdentity> tree = processTree(session.helperProcessId());
        const auto tracer = std::find_if(tree.begin(), tree.end(),
            [](const ProcessIdentity &process) { return process.comm == "bpftrace"; });
        QVERIFY2(tracer != tree.end(), "no bpftrace below the helper");
        QCOMPARE(::kill(tracer->pid, SIGKILL), 0);

        QVERIFY(session.waitForFinished(10000));
        QCOMPARE(session.state(), CaptureSession::State::Failed);
        QCOMPARE(session.endReason(), CaptureEndReason::TracerDied);
        QVERIFY(session.error().isError());
        const QString message = session.error().message();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("bpftrace"))
                || message.contains(QLatin1String("helper")),
            qPrintable(message));

        for (const ProcessIdentity &process : tree) {
            QTRY_VERIFY2_WITH_TIMEOUT(!isAlive(process),
                qPrintable(QStringLiteral("%1 (pid %2) is still running")
                               .arg(QString::fromLatin1(process.comm))
                               .arg(process.pid)),
                3000);
        }
    }

    // Stopping while the tracer is still attaching must not hang or report a failure.
    void stopWhileStarting()
    {
        MEMTAP_REQUIRE_CAPTURE();

        CaptureSession session;
        QSignalSpy finished(&session, &CaptureSession::finished);
        session.start(bpftraceOptions());
        QTRY_VERIFY_WITH_TIMEOUT(session.helperProcessId() > 0, 10000);
        const QList<ProcessIdentity> tree = processTree(session.helperProcessId());
        session.stop();
        QVERIFY(session.waitForFinished(10000));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(session.endReason(), CaptureEndReason::UserStop);
        QCOMPARE(session.state(), CaptureSession::State::Stopped);
        for (const ProcessIdentity &process : tree)
            QTRY_VERIFY_WITH_TIMEOUT(!isAlive(process), 3000);
    }

    // A helper that does not react to quit (frozen here with SIGSTOP): after
    // stopTimeoutMs the session says so, and with elevation none it ends the
    // helper itself, so nothing stays behind.
    void unresponsiveHelperIsReportedAndEnded()
    {
        MEMTAP_REQUIRE_CAPTURE();

        CaptureSession session;
        QSignalSpy timedOut(&session, &CaptureSession::stopTimedOut);
        session.start(bpftraceOptions());
        QString why;
        QVERIFY2(waitUntilRunning(session, &why), qPrintable(why));
        const QList<ProcessIdentity> tree = processTree(session.helperProcessId());
        QCOMPARE(::kill(pid_t(session.helperProcessId()), SIGSTOP), 0);

        QElapsedTimer clock;
        clock.start();
        session.stop();
        QVERIFY(session.waitForFinished(15000));
        qInfo("ended %lld ms after stop()", clock.elapsed());
        QCOMPARE(timedOut.count(), 1);
        QVERIFY(timedOut.first().first().toString().contains(QLatin1String("has not stopped")));
        QVERIFY(clock.elapsed() >= CaptureSession::stopTimeoutMs);
        QCOMPARE(session.endReason(), CaptureEndReason::UserStop);
        for (const ProcessIdentity &process : tree) {
            QTRY_VERIFY2_WITH_TIMEOUT(!isAlive(process),
                qPrintable(QStringLiteral("%1 (pid %2) is still running")
                               .arg(QString::fromLatin1(process.comm))
                               .arg(process.pid)),
                5000);
        }
    }

    // Needs no privileges: a helper that is not there is refused before anything runs.
    void missingHelperFailsClearly()
    {
        CaptureSession session;
        QSignalSpy states(&session, &CaptureSession::stateChanged);
        CaptureOptions options = bpftraceOptions();
        options.helperPath = QStringLiteral("/nonexistent/libexec/memtap-probe");
        session.start(options);
        QVERIFY(session.waitForFinished(5000));
        QCOMPARE(session.state(), CaptureSession::State::Failed);
        QCOMPARE(session.endReason(), CaptureEndReason::StartFailed);
        QCOMPARE(session.error().kind(), CaptureError::Kind::HelperMissing);
        QVERIFY(session.error().message().contains(options.helperPath));
        QCOMPARE(session.helperProcessId(), qint64(0));
        QCOMPARE(states.count(), 2); // Starting, Failed
    }

    // A session that is destroyed while capturing stops its helper on the way out.
    void destroyingARunningSessionStopsTheHelper()
    {
        MEMTAP_REQUIRE_CAPTURE();

        QList<ProcessIdentity> tree;
        QElapsedTimer clock;
        {
            CaptureSession session;
            session.start(bpftraceOptions());
            QString why;
            QVERIFY2(waitUntilRunning(session, &why), qPrintable(why));
            tree = processTree(session.helperProcessId());
            clock.start();
        }
        const qint64 destroyMs = clock.elapsed();
        qInfo("destroying a running session took %lld ms", destroyMs);
        QVERIFY2(destroyMs < CaptureSession::stopTimeoutMs,
            qPrintable(QStringLiteral("%1 ms").arg(destroyMs)));
        for (const ProcessIdentity &process : tree)
            QTRY_VERIFY_WITH_TIMEOUT(!isAlive(process), 3000);
    }
};

QTEST_GUILESS_MAIN(TestCaptureSession)
#include "tst_capturesession.moc"
