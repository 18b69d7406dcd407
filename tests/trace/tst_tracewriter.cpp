// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/tracewriter.h"

#include "tracetestutil.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <random>

using namespace memtap;
using memtap::test::describe;
using memtap::test::sameEvents;

namespace {

struct Parsed
{
    std::vector<Event> events;
    ParserCounters counters;
    TraceMetadata metadata;
    QString fatalError;
};

Parsed parse(QByteArrayView text)
{
    EventParser parser;
    Parsed parsed;
    parser.feed(text, parsed.events);
    parser.finish(parsed.events);
    parsed.counters = parser.counters();
    parsed.metadata = parser.metadata();
    parsed.fatalError = parser.fatalError();
    return parsed;
}

Event baseEvent(Call call)
{
    Event event;
    event.timestampNs = 1023340001;
    event.pid = 4242;
    event.tid = 4243;
    event.ppid = 4100;
    event.uid = 1000;
    event.call = call;
    if (call == Call::Map || call == Call::Cmdline)
        event.text = "";
    return event;
}

// Events at the limits of every field, and with every awkward name.
std::vector<Event> edgeEvents()
{
    std::vector<Event> events;
    constexpr auto i64Min = std::numeric_limits<std::int64_t>::min();
    constexpr auto i64Max = std::numeric_limits<std::int64_t>::max();
    constexpr auto u64Max = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t i = 0; i < callCount; ++i) {
        const Call call = static_cast<Call>(i);
        Event zero = baseEvent(call);
        zero.timestampNs = 0;
        zero.pid = zero.tid = 0;
        zero.ppid = -1;
        zero.uid = -1;
        zero.fd = i64Min;
        zero.result = i64Min;
        events.push_back(zero);

        Event max = baseEvent(call);
        max.timestampNs = i64Max;
        max.pid = max.tid = max.ppid = std::numeric_limits<std::int32_t>::max();
        max.uid = 4294967295;
        max.address = u64Max;
        max.length = max.prot = max.flags = max.offset = u64Max;
        max.fd = i64Max;
        max.result = i64Max;
        events.push_back(max);
    }
    const QList<QByteArray> names = {
        "",
        "Web Content",
        "tab\there",
        "new\nline",
        "cr\rname",
        "back\\slash",
        "\\x41 literal",
        "\\",
        "quote\"s'",
        "caf\xc3\xa9",
        "\xff\xfe\x80",
        QByteArray("in\0side", 7),
        "exactly15bytes!",
        QByteArray(ProcessName::capacity, 'n'),
        QByteArray(ProcessName::capacity, '\xff'),
        QByteArray(ProcessName::capacity, '\\'),
        "=cmd|' /C calc'!A0",
        "'); DROP TABLE events; --",
    };
    for (const QByteArray &name : names) {
        Event event = baseEvent(Call::Mmap);
        event.name.assign(name);
        event.result = -12;
        events.push_back(event);

        Event map = baseEvent(Call::Map);
        map.text = "/path/" + name + ".so";
        events.push_back(map);
    }
    Event cmdline = baseEvent(Call::Cmdline);
    cmdline.text = QByteArray("sh\0-c\0echo \"\\t\"\0\0", 16);
    events.push_back(cmdline);
    Event longPath = baseEvent(Call::Map);
    longPath.text = QByteArray(8192, '\x01');
    events.push_back(longPath);
    return events;
}

} // namespace

class TestTraceWriter : public QObject
{
    Q_OBJECT

private slots:
    void exactLines_data();
    void exactLines();
    void roundTripEdgeEvents();
    void roundTripRandomEvents();
    void roundTripSynthetic();
    void roundTripMetadata_data();
    void roundTripMetadata();
    void lostAndTracerMessages();
    void writesToDevice();
    void reportsDeviceErrors();
};

void TestTraceWriter::exactLines_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("spec mmap")
        << 0
        << QByteArray("1023340001\t4242\t4242\t4100\t1000\tmmap\t0x0\t1048577\t3\t34\t-1\t0\t"
                      "140231042183168\ttestclient\n");
    QTest::newRow("spec munmap")
        << 1
        << QByteArray("1023349113\t4242\t4242\t4100\t1000\tmunmap\t0x7f8a3c000000\t4096\t0\t0\t-"
                      "1\t0\t0\ttestclient\n");
    QTest::newRow("escaped map path")
        << 2
        << QByteArray("5\t1\t1\t-1\t-1\tmap\t0xffffffffffffffff\t0\t0\t0\t-1\t0\t0\t/a b/"
                      "\\t\\n\\r\\\\\\xc3\\xa9\\x00\n");
}

void TestTraceWriter::exactLines()
{
    QFETCH(int, which);
    QFETCH(QByteArray, line);
    Event event;
    switch (which) {
    case 0:
        event = baseEvent(Call::Mmap);
        event.tid = 4242;
        event.length = 1048577;
        event.prot = 3;
        event.flags = 34;
        event.result = 140231042183168;
        event.name.assign("testclient");
        break;
    case 1:
        event = baseEvent(Call::Munmap);
        event.timestampNs = 1023349113;
        event.tid = 4242;
        event.address = 0x7f8a3c000000;
        event.length = 4096;
        event.name.assign("testclient");
        break;
    default:
        event = baseEvent(Call::Map);
        event.timestampNs = 5;
        event.pid = event.tid = 1;
        event.ppid = -1;
        event.uid = -1;
        event.address = std::numeric_limits<std::uint64_t>::max();
        event.text = QByteArray("/a b/\t\n\r\\\xc3\xa9\0", 12);
        event.name.assign("ignored for map");
        break;
    }
    QByteArray out;
    TraceWriter::appendEvent(out, event);
    QCOMPARE(out, line);
}

void TestTraceWriter::roundTripEdgeEvents()
{
    const std::vector<Event> events = edgeEvents();
    TraceWriter writer;
    writer.writeHeader("bpftrace");
    writer.writeEvents(events);
    const Parsed parsed = parse(writer.buffer());
    QCOMPARE(parsed.fatalError, QString());
    QCOMPARE(parsed.counters.malformed, std::uint64_t(0));
    QCOMPARE(describe(parsed.events), describe(events));
    QVERIFY(sameEvents(parsed.events, events));
}

void TestTraceWriter::roundTripRandomEvents()
{
    std::mt19937_64 random(42);
    auto any = [&] { return std::uint64_t(random()) >> (random() % 64); };
    std::vector<Event> events;
    for (int i = 0; i < 20000; ++i) {
        Event event;
        event.call = static_cast<Call>(random() % callCount);
        event.timestampNs = std::int64_t(any() >> 1);
        event.pid = std::int32_t(any() >> 33);
        event.tid = std::int32_t(any() >> 33);
        event.ppid = random() % 10 == 0 ? -1 : std::int32_t(any() >> 33);
        event.uid = random() % 10 == 0 ? -1 : std::int64_t(any() >> 32);
        event.address = any();
        event.length = any();
        event.prot = any();
        event.flags = any();
        event.fd = random() % 2 ? -std::int64_t(any() >> 1) : std::int64_t(any() >> 1);
        event.offset = any();
        event.result = random() % 2 ? -std::int64_t(any() >> 1) : std::int64_t(any() >> 1);
        QByteArray bytes;
        const auto size = random() % (ProcessName::capacity + 1);
        for (unsigned j = 0; j < size; ++j)
            bytes.append(char(random()));
        // Trailing NULs of a name are padding by definition; of a text they stay.
        if (event.call == Call::Map || event.call == Call::Cmdline) {
            event.text = bytes.isNull() ? QByteArray("") : bytes;
        } else {
            while (bytes.endsWith('\0'))
                bytes.chop(1);
            event.name.assign(bytes);
        }
        events.push_back(event);
    }
    TraceWriter writer;
    writer.writeEvents(events);
    const Parsed parsed = parse(writer.buffer());
    QCOMPARE(parsed.counters.malformed, std::uint64_t(0));
    QCOMPARE(parsed.counters.records, std::uint64_t(events.size()));
    if (!sameEvents(parsed.events, events))
        QCOMPARE(describe(parsed.events), describe(events));
}

void TestTraceWriter::roundTripSynthetic()
{
    SyntheticTrace::Options options;
    options.events = 30000;
    SyntheticTrace trace(options);
    std::vector<Event> events;
    trace.generate(events, std::size_t(-1));
    TraceWriter writer;
    writer.writeMetadata(trace.metadata());
    writer.writeEvents(events);
    const Parsed parsed = parse(writer.buffer());
    QCOMPARE(parsed.counters.malformed, std::uint64_t(0));
    QVERIFY(sameEvents(parsed.events, events));
    // What SyntheticTrace::text() gives is the same text.
    QCOMPARE(writer.buffer(), SyntheticTrace::text(options));
}

void TestTraceWriter::roundTripMetadata_data()
{
    QTest::addColumn<QByteArray>("backend");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<qint64>("memTotal");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("continuedSession");
    QTest::addColumn<QByteArray>("continuedEnd");

    QTest::newRow("typical") << QByteArray("bpftrace") << QByteArray("build01")
                             << qint64(25208913920) << qint64(1700000000000000000)
                             << qint64(1023000000) << qint64(0) << QByteArray();
    QTest::newRow("unknowns") << QByteArray("stap") << QByteArray() << qint64(-1) << qint64(0)
                              << qint64(-1) << qint64(0) << QByteArray();
    QTest::newRow("hostile host") << QByteArray("stap") << QByteArray("h\tost\n\\\xff") << qint64(1)
                                  << qint64(std::numeric_limits<qint64>::min()) << qint64(0)
                                  << qint64(0) << QByteArray();
    QTest::newRow("unstored records of session 12")
        << QByteArray("bpftrace") << QByteArray("build01") << qint64(25208913920)
        << qint64(1700000000000000000) << qint64(1023000000) << qint64(12)
        << QByteArray("user-stop");
    QTest::newRow("unstored records, end unknown")
        << QByteArray("bpftrace") << QByteArray("build01") << qint64(25208913920)
        << qint64(1700000000000000000) << qint64(1023000000)
        << qint64(std::numeric_limits<qint64>::max()) << QByteArray();
    // Found by the fuzzer: an end reason without the session it ends.
    QTest::newRow("end reason alone")
        << QByteArray("bpftrace") << QByteArray("build01") << qint64(-1) << qint64(0) << qint64(-1)
        << qint64(0) << QByteArray("ng 3 probes...");
}

void TestTraceWriter::roundTripMetadata()
{
    QFETCH(QByteArray, backend);
    QFETCH(QByteArray, host);
    QFETCH(qint64, memTotal);
    QFETCH(qint64, offset);
    QFETCH(qint64, start);
    TraceMetadata metadata;
    metadata.formatVersion = 1;
    metadata.backend = backend;
    metadata.host = host;
    metadata.kernelRelease = "6.1.0-56-amd64";
    metadata.memTotalBytes = memTotal;
    metadata.pageSize = 16384;
    metadata.realtimeOffsetNs = offset;
    metadata.baselineStartNs = start;
    QFETCH(qint64, continuedSession);
    QFETCH(QByteArray, continuedEnd);
    metadata.continuesSessionId = continuedSession;
    if (continuedSession > 0) {
        metadata.continuesSessionCreatedAtNs = 1'763'900'000'123'456'789;
        metadata.continuesSessionEndedAtNs = 1'763'900'060'987'654'321;
    }
    metadata.continuesSessionEndReason = continuedEnd;
    TraceWriter writer;
    writer.writeMetadata(metadata);
    const Parsed parsed = parse(writer.buffer());
    QCOMPARE(parsed.fatalError, QString());
    QCOMPARE(parsed.counters.malformed, std::uint64_t(0));
    QCOMPARE(parsed.metadata.formatVersion, 1);
    QCOMPARE(parsed.metadata.backend, backend);
    QCOMPARE(parsed.metadata.host, host);
    QCOMPARE(parsed.metadata.kernelRelease, metadata.kernelRelease);
    QCOMPARE(parsed.metadata.memTotalBytes, memTotal);
    QCOMPARE(parsed.metadata.pageSize, std::int64_t(16384));
    QCOMPARE(parsed.metadata.realtimeOffsetNs, offset);
    QCOMPARE(parsed.metadata.baselineStartNs, start);
    QCOMPARE(parsed.metadata.continuesSessionId, continuedSession);
    QCOMPARE(parsed.metadata.continuesSessionCreatedAtNs, metadata.continuesSessionCreatedAtNs);
    QCOMPARE(parsed.metadata.continuesSessionEndedAtNs, metadata.continuesSessionEndedAtNs);
    QCOMPARE(parsed.metadata.continuesSessionEndReason, continuedEnd);
    QCOMPARE(writer.buffer().contains("#meta\tcontinues_session\t"), continuedSession > 0);
    QVERIFY(writer.buffer().startsWith("#memtap\t1\t" + backend + "\n"));
}

void TestTraceWriter::lostAndTracerMessages()
{
    TraceWriter writer;
    writer.writeTracerMessage("Attaching 21 probes...");
    writer.writeHeader("bpftrace");
    writer.writeLost(3, "bpftrace: Lost 3 events");
    writer.writeLost(std::numeric_limits<std::uint64_t>::max() - 3, "with\ttab");
    writer.writeMeta("future", "value");
    const Parsed parsed = parse(writer.buffer());
    QCOMPARE(parsed.fatalError, QString());
    QCOMPARE(parsed.counters.lostEvents, std::numeric_limits<std::uint64_t>::max());
    QCOMPARE(parsed.counters.tracerMessages, std::uint64_t(1));
    QCOMPARE(parsed.counters.malformed, std::uint64_t(0));
    QCOMPARE(parsed.counters.lines, std::uint64_t(5));
    QCOMPARE(writer.buffer().split('\n')[2], QByteArray("#lost\t3\tbpftrace: Lost 3 events"));
}

void TestTraceWriter::writesToDevice()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("trace.v1")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    SyntheticTrace::Options options;
    options.events = 40000; // several MB: more than one flush
    std::uint64_t produced = 0;
    {
        TraceWriter writer(&file);
        SyntheticTrace(options).writeTo(writer);
        // Large blocks reach the file before the end, the rest stays buffered.
        QVERIFY(file.size() > 0);
        QVERIFY(writer.buffer().size() < (qsizetype(2) << 20));
        QVERIFY(writer.flush());
        QVERIFY(writer.buffer().isEmpty());
        produced = writer.bytesProduced();
        QVERIFY(!writer.hasError());
    }
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QCOMPARE(std::uint64_t(written.size()), produced);
    QCOMPARE(written, SyntheticTrace::text(options));

    // The destructor flushes what is left.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        TraceWriter writer(&buffer);
        writer.writeHeader("stap");
        QCOMPARE(buffer.data(), QByteArray());
    }
    QCOMPARE(buffer.data(), QByteArray("#memtap\t1\tstap\n"));
}

void TestTraceWriter::reportsDeviceErrors()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("read-only.v1")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    TraceWriter writer(&file);
    writer.writeHeader("stap");
    QTest::ignoreMessage(QtWarningMsg,
        "QIODevice::write (QFile, \"" + file.fileName().toUtf8() + "\"): ReadOnly device");
    QVERIFY(!writer.flush());
    QVERIFY(writer.hasError());
    QVERIFY2(writer.errorString().startsWith(QStringLiteral("Writing the trace failed: ")),
        qPrintable(writer.errorString()));
}

QTEST_GUILESS_MAIN(TestTraceWriter)
#include "tst_tracewriter.moc"
