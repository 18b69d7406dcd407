// SPDX-License-Identifier: GPL-2.0-or-later
//
// A real capture through the root helper with the bpftrace backend: the test
// client makes known calls, and each must appear in the stream, decoded by
// memtap's own EventParser, with the right pid, address, length and result;
// the baseline covers processes that existed before; `quit` stops helper and
// tracer in under 2 s.

#include "testsupport.h"
#include "trace/eventparser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <optional>

#include <sys/utsname.h>
#include <unistd.h>

using memtap::Call;
using memtap::Event;

namespace {

const QString helperPath = QStringLiteral(MEMTAP_BUILD_HELPER_PATH);
const QString clientPath = QStringLiteral(MEMTAP_TESTCLIENT_PATH);
constexpr int captureTimeoutMs = 60000;

// One line of the test client's output, split on tabs.
using ClientLine = QList<QByteArray>;

QList<ClientLine> clientLines(const QByteArray &output)
{
    QList<ClientLine> lines;
    for (const QByteArray &line : output.split('\n')) {
        if (!line.isEmpty())
            lines.append(line.split('\t'));
    }
    return lines;
}

qint64 processIdOf(const QString &executableName, qint64 parentPid)
{
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields.at(1).toLongLong() != parentPid)
            continue;
        const QString executable = QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(entry));
        if (executable.endsWith(QLatin1Char('/') + executableName))
            return entry.toLongLong();
    }
    return 0;
}

bool processExists(qint64 pid)
{
    return pid > 0 && QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

} // namespace

class TestHelperCapture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void headerAndMeta();
    void baselineHasProcessesThatExistedBefore();
    void everyCallAppears_data();
    void everyCallAppears();
    void forkAndExit();
    void execGetsASnapshot();
    void namesArriveByteForByte_data();
    void namesArriveByteForByte();
    void quitStopsHelperAndTracerQuickly();
    void recordsArrivePromptly();
    void streamIsClean();

private:
    void pumpHelper(int waitMs);
    bool waitForOutput(const std::function<bool()> &done, int timeoutMs);
    bool streamHasLineWith(QByteArrayView pidField, QByteArrayView call);
    std::optional<Event> findEvent(const std::function<bool(const Event &)> &matches) const;

    QProcess m_helper;
    QProcess m_existing; // started before the capture
    QByteArray m_stream;
    QByteArray m_helperErrors;
    qint64 m_helperPid = 0;
    qint64 m_tracerPid = 0;
    QList<ClientLine> m_calls;
    QList<ClientLine> m_names;
    qint64 m_callsPid = 0;
    qint64 m_namesPid = 0;
    qint64 m_quitMs = -1;
    qint64 m_exitRecordLatencyMs = -1;
    int m_helperExitCode = -1;
    QProcess::ExitStatus m_helperExitStatus = QProcess::CrashExit;

    memtap::EventParser m_parser;
    std::vector<Event> m_events;
};

void TestHelperCapture::pumpHelper(int waitMs)
{
    if (m_helper.state() == QProcess::Running)
        m_helper.waitForReadyRead(waitMs);
    m_stream += m_helper.readAllStandardOutput();
    m_helperErrors += m_helper.readAllStandardError();
}

bool TestHelperCapture::waitForOutput(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs || m_helper.state() != QProcess::Running)
            return done();
        pumpHelper(100);
    }
    return true;
}

// A record line of pid with the given call, searched in the raw stream.
bool TestHelperCapture::streamHasLineWith(QByteArrayView pidField, QByteArrayView call)
{
    const QByteArray needle = '\t' + pidField.toByteArray() + '\t';
    const QByteArray callField = '\t' + call.toByteArray() + '\t';
    for (qsizetype at = m_stream.indexOf(needle); at >= 0; at = m_stream.indexOf(needle, at + 1)) {
        const qsizetype lineStart = m_stream.lastIndexOf('\n', at) + 1;
        const qsizetype lineEnd = m_stream.indexOf('\n', at);
        if (lineEnd < 0)
            return false;
        const QByteArray line = m_stream.mid(lineStart, lineEnd - lineStart);
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() >= 14 && fields.at(1) == pidField && fields.at(5) == call)
            return true;
    }
    return false;
}

std::optional<Event> TestHelperCapture::findEvent(
    const std::function<bool(const Event &)> &matches) const
{
    for (const Event &event : m_events) {
        if (matches(event))
            return event;
    }
    return std::nullopt;
}

void TestHelperCapture::initTestCase()
{
    MEMTAP_REQUIRE_ROOT();
    MEMTAP_REQUIRE(!QStandardPaths::findExecutable(QStringLiteral("bpftrace")).isEmpty(),
        QStringLiteral("bpftrace (apt-get install bpftrace)"));
    QVERIFY(QFile::exists(helperPath));
    QVERIFY(QFile::exists(clientPath));

    m_existing.start(QStringLiteral("sleep"), {QStringLiteral("120")});
    QVERIFY(m_existing.waitForStarted());

    m_helper.start(helperPath, {QStringLiteral("bpftrace")});
    QVERIFY(m_helper.waitForStarted());
    m_helperPid = m_helper.processId();
    QVERIFY2(waitForOutput(
                 [&] { return m_stream.contains("\n#meta\tbaseline_end\t"); }, captureTimeoutMs),
        m_helperErrors.constData());
    m_tracerPid = processIdOf(QStringLiteral("bpftrace"), m_helperPid);
    QVERIFY2(m_tracerPid > 0, "no bpftrace under the helper");

    // The known sequence.
    QProcess calls;
    calls.start(clientPath, {QStringLiteral("calls")});
    QVERIFY(calls.waitForFinished(30000));
    QCOMPARE(calls.exitCode(), 0);
    m_calls = clientLines(calls.readAllStandardOutput());
    QVERIFY(!m_calls.isEmpty());
    m_callsPid = m_calls.first().at(1).toLongLong();
    // The helper buffers its output but must not sit on it: the client's last
    // record arrives promptly although nothing else is happening.
    {
        QElapsedTimer latency;
        latency.start();
        const QByteArray pid = QByteArray::number(m_callsPid);
        QVERIFY(waitForOutput([&] { return streamHasLineWith(pid, "exit"); }, 30000));
        m_exitRecordLatencyMs = latency.elapsed();
    }

    // Hostile names; the client keeps its last (ambiguous) name until the
    // helper has seen the call made under it.
    QProcess names;
    names.start(clientPath, {QStringLiteral("names")});
    QVERIFY(names.waitForStarted());
    QByteArray namesOutput;
    QElapsedTimer timer;
    timer.start();
    while (!namesOutput.contains("checkpoint\tnames\t") && timer.elapsed() < 30000) {
        names.waitForReadyRead(100);
        namesOutput += names.readAllStandardOutput();
    }
    QVERIFY(namesOutput.contains("checkpoint\tnames\t"));
    m_names.clear();
    for (const ClientLine &line : clientLines(namesOutput)) {
        if (line.first() == "name")
            m_names.append(line);
    }
    QVERIFY(!m_names.isEmpty());
    m_namesPid = m_names.first().at(1).toLongLong();
    const QByteArray lastLength = m_names.last().at(2);
    QVERIFY(waitForOutput(
        [&] { return m_stream.contains("\tmmap\t0x0\t" + lastLength + '\t'); }, 30000));
    names.write("\n");
    QVERIFY(names.waitForFinished(10000));
    QCOMPARE(names.exitCode(), 0);

    // Both clients are done once their exit records have arrived.
    const QByteArray callsPid = QByteArray::number(m_callsPid);
    const QByteArray namesPid = QByteArray::number(m_namesPid);
    QVERIFY2(waitForOutput(
                 [&] {
                     return streamHasLineWith(callsPid, "exit")
                         && streamHasLineWith(namesPid, "exit");
                 },
                 30000),
        "the clients' exit records did not arrive");

    QElapsedTimer stopTimer;
    stopTimer.start();
    m_helper.write("quit\n");
    while (m_helper.state() == QProcess::Running && stopTimer.elapsed() < 10000)
        pumpHelper(20);
    if (m_helper.state() == QProcess::NotRunning)
        m_quitMs = stopTimer.elapsed();
    else
        m_helper.kill();
    m_helper.waitForFinished(5000);
    pumpHelper(0);
    m_helperExitCode = m_helper.exitCode();
    m_helperExitStatus = m_helper.exitStatus();

    m_parser.feed(m_stream, m_events);
    m_parser.finish(m_events);
}

void TestHelperCapture::cleanupTestCase()
{
    if (m_helper.state() != QProcess::NotRunning) {
        m_helper.kill();
        m_helper.waitForFinished();
    }
    if (m_existing.state() != QProcess::NotRunning) {
        m_existing.kill();
        m_existing.waitForFinished();
    }
}

void TestHelperCapture::headerAndMeta()
{
    QVERIFY(m_stream.startsWith("#memtap\t1\tbpftrace\n#meta\thost\t"));
    QVERIFY2(!m_parser.hasFatalError(), qPrintable(m_parser.fatalError()));
    const memtap::TraceMetadata &meta = m_parser.metadata();
    QCOMPARE(meta.formatVersion, 1);
    QCOMPARE(meta.backend, QByteArray("bpftrace"));
    utsname system {};
    QCOMPARE(::uname(&system), 0);
    QCOMPARE(meta.host, QByteArray(system.nodename));
    QCOMPARE(meta.kernelRelease, QByteArray(system.release));
    QVERIFY(meta.memTotalBytes > 64ll << 20);
    QCOMPARE(meta.pageSize, std::int64_t(::sysconf(_SC_PAGESIZE)));
    QVERIFY(meta.baselineStartNs > 0);
    timespec realtime {}, monotonic {};
    ::clock_gettime(CLOCK_REALTIME, &realtime);
    ::clock_gettime(CLOCK_MONOTONIC, &monotonic);
    const std::int64_t offsetNow = (realtime.tv_sec - monotonic.tv_sec) * 1'000'000'000ll
        + (realtime.tv_nsec - monotonic.tv_nsec);
    QVERIFY(std::llabs(meta.realtimeOffsetNs - offsetNow) < 1'000'000'000ll);
}

void TestHelperCapture::baselineHasProcessesThatExistedBefore()
{
    for (qint64 pid :
        {qint64(m_existing.processId()), qint64(QCoreApplication::applicationPid())}) {
        const auto snapshot = std::find_if(m_events.begin(), m_events.end(),
            [&](const Event &event) { return event.call == Call::Snapshot && event.pid == pid; });
        QVERIFY2(snapshot != m_events.end(), qPrintable(QString::number(pid)));
        QVERIFY(snapshot->timestampNs >= m_parser.metadata().baselineStartNs);
        // The snapshot line counts the map lines that follow it, as one block.
        const std::int64_t mapCount = snapshot->result;
        QVERIFY(mapCount > 3);
        auto next = snapshot + 1;
        bool sawStack = false;
        for (std::int64_t i = 0; i < mapCount; ++i, ++next) {
            QVERIFY(next != m_events.end());
            QCOMPARE(next->call, Call::Map);
            QCOMPARE(next->pid, std::int32_t(pid));
            QVERIFY(next->length > 0 && next->length % 4096 == 0);
            QVERIFY(next->timestampNs >= snapshot->timestampNs);
            sawStack = sawStack || next->text == "[stack]";
        }
        QVERIFY(sawStack);
        QVERIFY(next != m_events.end());
        QCOMPARE(next->call, Call::Cmdline);
        QCOMPARE(next->pid, std::int32_t(pid));
        if (pid == m_existing.processId()) {
            const QByteArray expected = QByteArray("/sleep") + '\0' + QByteArray("120");
            QVERIFY2(next->text.endsWith(expected), next->text.constData());
        }
    }
    // Kernel threads have no memory of their own: no snapshot.
    QVERIFY(std::none_of(m_events.begin(), m_events.end(),
        [](const Event &event) { return event.call == Call::Snapshot && event.pid == 2; }));
    // The helper and its tracer are not part of what is traced.
    QVERIFY(std::none_of(m_events.begin(), m_events.end(),
        [&](const Event &event) { return event.pid == m_helperPid || event.pid == m_tracerPid; }));
}

void TestHelperCapture::everyCallAppears_data()
{
    QTest::addColumn<QByteArray>("line");
    int index = 0;
    for (const ClientLine &line : std::as_const(m_calls)) {
        if (line.first() == "call")
            QTest::addRow("%d %s", index++, line.at(3).constData()) << line.join('\t');
    }
}

void TestHelperCapture::everyCallAppears()
{
    QFETCH(QByteArray, line);
    const QList<QByteArray> field = line.split('\t');
    const std::int32_t pid = field.at(1).toInt();
    const std::int32_t tid = field.at(2).toInt();
    const std::optional<Call> call = memtap::callFromName(field.at(3));
    QVERIFY(call);
    const std::uint64_t address = field.at(4).mid(2).toULongLong(nullptr, 16);
    const std::uint64_t length = field.at(5).toULongLong();
    const std::uint64_t prot = field.at(6).toULongLong();
    const std::uint64_t flags = field.at(7).toULongLong();
    const std::int64_t fd = field.at(8).toLongLong();
    const std::uint64_t offset = field.at(9).toULongLong();
    const std::int64_t result = field.at(10).toLongLong();

    const std::optional<Event> event = findEvent([&](const Event &e) {
        if (e.pid != pid || e.tid != tid || e.call != *call || e.address != address
            || e.result != result)
            return false;
        switch (*call) {
        case Call::Mmap:
            return e.length == length && e.prot == prot && e.flags == flags && e.fd == fd
                && e.offset == offset;
        case Call::Munmap:
            return e.length == length;
        case Call::Mremap:
            return e.length == length && e.flags == flags && e.offset == offset;
        case Call::Brk:
            return true;
        default:
            return false;
        }
    });
    if (!event && m_parser.counters().lostEvents > 0)
        QFAIL(qPrintable(QStringLiteral("not in the stream, which reports %1 lost events: %2")
                             .arg(m_parser.counters().lostEvents)
                             .arg(QString::fromUtf8(line))));
    QVERIFY2(event, line.constData());
    QCOMPARE(event->name.toByteArray(), QByteArray("memtap-testclie"));
    // The client's parent is this test; its forked child's parent is the client.
    const qint64 parent = pid == m_callsPid ? QCoreApplication::applicationPid() : m_callsPid;
    QCOMPARE(event->ppid, std::int32_t(parent));
    QCOMPARE(event->uid, std::int64_t(::getuid()));
    if (*call == Call::Brk) {
        // The start of the heap, from mm->start_brk: at or below any break.
        QVERIFY(event->offset > 0);
        QVERIFY(event->offset <= std::uint64_t(event->result));
    }
}

void TestHelperCapture::forkAndExit()
{
    qint64 childPid = 0, waitStatus = -1;
    for (const ClientLine &line : std::as_const(m_calls)) {
        if (line.first() == "fork")
            childPid = line.at(2).toLongLong();
        if (line.first() == "wait")
            waitStatus = line.at(2).toLongLong();
    }
    QVERIFY(childPid > 0);
    QCOMPARE(waitStatus, qint64(42 << 8));

    const auto fork = findEvent([&](const Event &e) {
        return e.call == Call::Fork && e.pid == m_callsPid && e.result == childPid;
    });
    QVERIFY(fork);
    QCOMPARE(fork->flags & 0x10000, std::uint64_t(0)); // not CLONE_THREAD
    QCOMPARE(fork->name.toByteArray(), QByteArray("memtap-testclie"));

    // The child's own call, then its exit with the status its parent saw.
    QVERIFY(findEvent([&](const Event &e) {
        return e.call == Call::Mmap && e.pid == childPid && e.length == 12345 && e.result > 0;
    }));
    const auto childExit
        = findEvent([&](const Event &e) { return e.call == Call::Exit && e.pid == childPid; });
    QVERIFY(childExit);
    QCOMPARE(childExit->result, std::int64_t(waitStatus));
    QVERIFY(childExit->timestampNs > fork->timestampNs);

    const auto parentExit
        = findEvent([&](const Event &e) { return e.call == Call::Exit && e.pid == m_callsPid; });
    QVERIFY(parentExit);
    QCOMPARE(parentExit->result, std::int64_t(0));
    // One exit per process, however many threads it had.
    QCOMPARE(std::count_if(m_events.begin(), m_events.end(),
                 [&](const Event &e) { return e.call == Call::Exit && e.pid == childPid; }),
        1);
    // This test forked the client.
    QVERIFY(findEvent([&](const Event &e) {
        return e.call == Call::Fork && e.result == m_callsPid
            && e.pid == QCoreApplication::applicationPid();
    }));
}

void TestHelperCapture::execGetsASnapshot()
{
    const auto exec
        = findEvent([&](const Event &e) { return e.call == Call::Exec && e.pid == m_callsPid; });
    QVERIFY(exec);
    QCOMPARE(exec->name.toByteArray(), QByteArray("memtap-testclie"));
    const auto snapshot = findEvent([&](const Event &e) {
        return e.call == Call::Snapshot && e.pid == m_callsPid && e.timestampNs > exec->timestampNs;
    });
    QVERIFY(snapshot);
    QCOMPARE(snapshot->name.toByteArray(), QByteArray("memtap-testclie"));
    QVERIFY(snapshot->result > 0);
    // The program's own file is among the mappings right after exec.
    QVERIFY(findEvent([&](const Event &e) {
        return e.call == Call::Map && e.pid == m_callsPid && e.timestampNs >= snapshot->timestampNs
            && e.text.endsWith("/memtap-testclient");
    }));
}

void TestHelperCapture::namesArriveByteForByte_data()
{
    QTest::addColumn<quint64>("length");
    QTest::addColumn<QByteArray>("name");
    for (const ClientLine &line : std::as_const(m_names)) {
        const QByteArray name = QByteArray::fromHex(line.at(3));
        QTest::addRow("name %s", line.at(3).constData()) << line.at(2).toULongLong() << name;
    }
}

void TestHelperCapture::namesArriveByteForByte()
{
    QFETCH(quint64, length);
    QFETCH(QByteArray, name);
    const auto event = findEvent([&](const Event &e) {
        return e.call == Call::Mmap && e.pid == m_namesPid && e.length == length;
    });
    QVERIFY(event);
    QCOMPARE(event->name.toByteArray(), name);
}

void TestHelperCapture::quitStopsHelperAndTracerQuickly()
{
    QVERIFY2(m_quitMs >= 0, "the helper did not stop within 10 s of quit");
    qInfo("quit took %lld ms", m_quitMs);
    QVERIFY2(m_quitMs < 2000, qPrintable(QStringLiteral("quit took %1 ms").arg(m_quitMs)));
    QCOMPARE(m_helperExitStatus, QProcess::NormalExit);
    QVERIFY2(m_helperExitCode == 0, m_helperErrors.constData());
    QVERIFY(!processExists(m_helperPid));
    // The tracer is gone too (or its pid already belongs to something else).
    QVERIFY(!processExists(m_tracerPid)
        || !QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(m_tracerPid))
                .endsWith(QLatin1String("/bpftrace")));
}

void TestHelperCapture::recordsArrivePromptly()
{
    qInfo("the client's exit record arrived %lld ms after it exited", m_exitRecordLatencyMs);
    QVERIFY(m_exitRecordLatencyMs >= 0);
    QVERIFY(m_exitRecordLatencyMs < 2000);
}

void TestHelperCapture::streamIsClean()
{
    const memtap::ParserCounters &counters = m_parser.counters();
    QCOMPARE(counters.malformed, std::uint64_t(0));
    QVERIFY(counters.events() > 0);
    QVERIFY(counters.byCall[std::size_t(Call::Snapshot)] > 0);
    // bpftrace's "Attaching N probes..." follows the baseline.
    QVERIFY(counters.tracerMessages >= 1);
    if (counters.lostEvents > 0)
        qWarning("the tracer reported %llu lost events during the test",
            static_cast<unsigned long long>(counters.lostEvents));
    QVERIFY2(m_helperErrors.isEmpty(), m_helperErrors.constData());

    // No record twice: two lines with the same nanosecond, thread and call
    // would be one event delivered twice.
    QSet<QByteArray> seen;
    for (const QByteArray &line : m_stream.split('\n')) {
        if (line.isEmpty() || line.front() < '0' || line.front() > '9')
            continue;
        const QList<QByteArray> fields = line.split('\t');
        if (fields.value(5) == "map" || fields.value(5) == "cmdline")
            continue; // one ts for a whole block
        QVERIFY2(!seen.contains(line), line.constData());
        seen.insert(line);
    }
}

QTEST_GUILESS_MAIN(TestHelperCapture)
#include "tst_helpercapture.moc"
