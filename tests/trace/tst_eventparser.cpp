// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/tracewriter.h"

#include "testsupport.h"
#include "tracetestutil.h"

#include <QFile>
#include <QTest>

#include <random>

using namespace memtap;
using memtap::test::describe;
using memtap::test::differences;
using memtap::test::parseInPieces;
using memtap::test::ParseOutcome;
using memtap::test::parseWhole;

namespace {

// A valid record that makes the stream recognisably v1 before the line under test.
const QByteArray firstRecord
    = "1000\t1\t1\t0\t0\tmmap\t0x0\t4096\t3\t34\t-1\t0\t140000000000000\tinit\n";
const QByteArray recordPrefix = "1023340001\t4242\t4243\t4100\t1000\t";

QByteArray readTestFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// A stream with every kind of line: records of every call, hostile names,
// metadata, drops, tracer messages, malformed lines, empty lines, and an
// unterminated last line.
struct RichStream
{
    QByteArray text;
    std::uint64_t malformed = 0;
};

RichStream richStream()
{
    RichStream stream;
    stream.text = "Attaching 21 probes...\n"
                  "#memtap\t1\tbpftrace\n"
                  "#meta\thost\tbuild\\x0901\n"
                  "#meta\tkernel\t6.1.0-56-amd64\n"
                  "#meta\tmemtotal\t25208913920\n"
                  "#meta\tpage_size\t4096\n"
                  "#meta\trealtime_offset_ns\t-5\n"
                  "#meta\tstart\t1023000000\n"
                  "#meta\tfuture_key\twhatever\n"
                  "#future line\n"
                  "\n";
    SyntheticTrace::Options options;
    options.events = 80;
    options.processes = 3;
    options.seed = 99;
    SyntheticTrace trace(options);
    std::vector<Event> events;
    trace.generate(events, 100000);
    QByteArray records;
    for (const Event &event : events)
        TraceWriter::appendEvent(records, event);
    struct Extra
    {
        QByteArray line;
        bool malformed;
    };
    const QList<Extra> extras = {
        {"Lost 42 events", false},
        {"#lost\t3\tbpftrace: Lost 3 events", false},
        {"1\t2\t3", true},
        {"12a\t1\t1\t0\t0\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\tx", true},
        {"WARNING: Number of errors: 0, skipped probes: 5", false},
        {"WARNING: Skipped due to reentrancy: 2", false},
        {"WARNING: Skipped due to global 'x' lock timeout: 4", false},
        {"some other tracer chatter", false},
        {"1\t1\t1\t0\t0\tbogus\t0x0\t1\t3\t34\t-1\t0\t0\tx\r", true},
        {"", false},
        {"5\t6\t6\t1\t0\texit\t0x0\t0\t0\t0\t-1\t0\t0\tcrlf\r", false},
        {QByteArray("\x01\x02\xff binary \x00 junk", 18), false},
        {QByteArray("9\x00\x01\x02", 4), true},
        {"#meta\tmemtotal\tlots", true},
    };
    // Interleave the extras between the records.
    const QList<QByteArray> lines = records.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        stream.text += lines[i] + '\n';
        if (i % 7 == 3) {
            const Extra &extra = extras[(i / 7) % extras.size()];
            stream.text += extra.line + '\n';
            stream.malformed += extra.malformed ? 1 : 0;
        }
    }
    for (const Extra &extra : extras) {
        stream.text += extra.line + '\n';
        stream.malformed += extra.malformed ? 1 : 0;
    }
    stream.text += "77\t1\t1\t0\t0\tmunmap\t0x1000";
    stream.malformed += 1;
    return stream;
}

} // namespace

class TestEventParser : public QObject
{
    Q_OBJECT

private slots:
    void recordFields_data();
    void recordFields();
    void names_data();
    void names();
    void texts_data();
    void texts();
    void malformedRecords_data();
    void malformedRecords();
    void problemsAreCappedButCounted();
    void truncatedLastLine_data();
    void truncatedLastLine();
    void crlfLineEnds();
    void emptyLinesAreIgnored();
    void chunkBoundaryIndependence();
    void randomChunkSizes();
    void metadata();
    void malformedMetadata_data();
    void malformedMetadata();
    void drops_data();
    void drops();
    void recordsBeforeHeader();
    void fatalErrors_data();
    void fatalErrors();
    void nothingAfterFatalError();
    void laterVersionHeaderIsFatal();
    void overlongLines();
    void specExample();
    void recordedBpftraceStream();
    void syntheticStream();
};

void TestEventParser::recordFields_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("mmap")
        << QByteArray("1023340001\t4242\t4242\t4100\t1000\tmmap\t0x0\t1048577\t3\t34\t-"
                      "1\t0\t140231042183168\ttestclient")
        << QByteArray(
               "ts=1023340001 pid=4242 tid=4242 ppid=4100 uid=1000 call=mmap address=0x0 "
               "length=1048577 "
               "prot=3 flags=34 fd=-1 offset=0 result=140231042183168 name=[testclient] text=null");
    QTest::newRow("file mmap")
        << QByteArray(
               "1\t2\t3\t4\t5\tmmap\t0x7f0000001000\t8192\t5\t18\t7\t40960\t139637976727552\tld.so")
        << QByteArray(
               "ts=1 pid=2 tid=3 ppid=4 uid=5 call=mmap address=0x7f0000001000 length=8192 prot=5 "
               "flags=18 fd=7 offset=40960 result=139637976727552 name=[ld.so] text=null");
    QTest::newRow("failed mmap")
        << QByteArray(
               "1023351002\t4242\t4242\t4100\t1000\tmmap\t0x0\t0\t3\t34\t-1\t0\t-22\ttestclient")
        << QByteArray(
               "ts=1023351002 pid=4242 tid=4242 ppid=4100 uid=1000 call=mmap address=0x0 length=0 "
               "prot=3 flags=34 fd=-1 offset=0 result=-22 name=[testclient] text=null");
    QTest::newRow("munmap")
        << QByteArray("1023349113\t4242\t4242\t4100\t1000\tmunmap\t0x7f8a3c000000\t4096\t0\t0\t-"
                      "1\t0\t0\ttestclient")
        << QByteArray(
               "ts=1023349113 pid=4242 tid=4242 ppid=4100 uid=1000 call=munmap "
               "address=0x7f8a3c000000 "
               "length=4096 prot=0 flags=0 fd=-1 offset=0 result=0 name=[testclient] text=null");
    QTest::newRow("mremap") << QByteArray(
        "7\t10\t11\t1\t0\tmremap\t0x7f8a3c000000\t16384\t0\t1\t-1\t8192\t140231042183168\tgrow")
                            << QByteArray("ts=7 pid=10 tid=11 ppid=1 uid=0 call=mremap "
                                          "address=0x7f8a3c000000 length=16384 prot=0 "
                                          "flags=1 fd=-1 offset=8192 result=140231042183168 "
                                          "name=[grow] text=null");
    QTest::newRow("brk") << QByteArray(
        "8\t10\t10\t1\t0\tbrk\t0x5555556d6000\t0\t0\t0\t-1\t93824993263616\t93824993763328\tbrk")
                         << QByteArray("ts=8 pid=10 tid=10 ppid=1 uid=0 call=brk "
                                       "address=0x5555556d6000 length=0 prot=0 flags=0 "
                                       "fd=-1 offset=93824993263616 result=93824993763328 "
                                       "name=[brk] text=null");
    QTest::newRow("fork") << QByteArray(
        "1023360404\t4242\t4242\t4100\t1000\tfork\t0x0\t0\t0\t17\t-1\t0\t4243\ttestclient")
                          << QByteArray(
                                 "ts=1023360404 pid=4242 tid=4242 ppid=4100 uid=1000 call=fork "
                                 "address=0x0 length=0 prot=0 "
                                 "flags=17 fd=-1 offset=0 result=4243 name=[testclient] text=null");
    QTest::newRow("exec") << QByteArray(
        "9\t20\t20\t10\t1000\texec\t0x0\t0\t0\t0\t-1\t0\t0\tnew comm")
                          << QByteArray("ts=9 pid=20 tid=20 ppid=10 uid=1000 call=exec address=0x0 "
                                        "length=0 prot=0 flags=0 fd=-1 "
                                        "offset=0 result=0 name=[new comm] text=null");
    QTest::newRow("exit") << QByteArray(
        "10\t20\t21\t10\t1000\texit\t0x0\t0\t0\t0\t-1\t0\t256\tnew comm")
                          << QByteArray("ts=10 pid=20 tid=21 ppid=10 uid=1000 call=exit "
                                        "address=0x0 length=0 prot=0 flags=0 fd=-1 "
                                        "offset=0 result=256 name=[new comm] text=null");
    QTest::newRow("snapshot") << QByteArray(
        "11\t20\t20\t10\t1000\tsnapshot\t0x0\t0\t0\t0\t-1\t0\t3\tnew comm")
                              << QByteArray("ts=11 pid=20 tid=20 ppid=10 uid=1000 call=snapshot "
                                            "address=0x0 length=0 prot=0 flags=0 "
                                            "fd=-1 offset=0 result=3 name=[new comm] text=null");
    QTest::newRow("map") << QByteArray(
        "12\t20\t20\t10\t1000\tmap\t0x55d0c0a00000\t135168\t3\t34\t-1\t0\t0\t[heap]")
                         << QByteArray("ts=12 pid=20 tid=20 ppid=10 uid=1000 call=map "
                                       "address=0x55d0c0a00000 length=135168 prot=3 "
                                       "flags=34 fd=-1 offset=0 result=0 name=[] text=[[heap]]");
    QTest::newRow("cmdline") << QByteArray(
        "13\t20\t20\t10\t1000\tcmdline\t0x0\t0\t0\t0\t-1\t0\t0\tsleep\\x0010\\x00")
                             << QByteArray(
                                    "ts=13 pid=20 tid=20 ppid=10 uid=1000 call=cmdline address=0x0 "
                                    "length=0 prot=0 flags=0 "
                                    "fd=-1 offset=0 result=0 name=[] text=[sleep\\x0010\\x00]");
    QTest::newRow("largest numbers")
        << QByteArray("9223372036854775807\t2147483647\t2147483647\t2147483647\t4294967295\tmmap\t"
                      "0xffffffffffffffff\t18446744073709551615\t18446744073709551615\t184467440737"
                      "09551615\t"
                      "9223372036854775807\t18446744073709551615\t9223372036854775807\tmax")
        << QByteArray(
               "ts=9223372036854775807 pid=2147483647 tid=2147483647 ppid=2147483647 "
               "uid=4294967295 "
               "call=mmap address=0xffffffffffffffff length=18446744073709551615 "
               "prot=18446744073709551615 "
               "flags=18446744073709551615 fd=9223372036854775807 offset=18446744073709551615 "
               "result=9223372036854775807 name=[max] text=null");
    QTest::newRow("smallest numbers")
        << QByteArray("0\t0\t0\t-1\t-1\tmunmap\t0x0\t0\t0\t0\t-9223372036854775808\t0\t-"
                      "9223372036854775808\t")
        << QByteArray(
               "ts=0 pid=0 tid=0 ppid=-1 uid=-1 call=munmap address=0x0 length=0 prot=0 flags=0 "
               "fd=-9223372036854775808 offset=0 result=-9223372036854775808 name=[] text=null");
    QTest::newRow("leading zeros")
        << QByteArray(
               "007\t01\t01\t-01\t00\tbrk\t0x00000000000000000000ab\t00\t0\t0\t-001\t0\t-0\tz")
        << QByteArray(
               "ts=7 pid=1 tid=1 ppid=-1 uid=0 call=brk address=0xab length=0 prot=0 flags=0 fd=-1 "
               "offset=0 result=0 name=[z] text=null");
}

void TestEventParser::recordFields()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, expected);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(line + '\n', events);
    QVERIFY2(parser.problems().empty(),
        parser.problems().empty() ? "" : qPrintable(parser.problems().front().reason));
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(describe(events.front()), expected);
    QCOMPARE(parser.counters().records, std::uint64_t(1));
    QCOMPARE(parser.counters().byCall[std::size_t(events.front().call)], std::uint64_t(1));
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(parser.counters().lines, std::uint64_t(1));
}

void TestEventParser::names_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("name");

    QTest::newRow("plain") << QByteArray("bash") << QByteArray("bash");
    QTest::newRow("empty") << QByteArray("") << QByteArray("");
    QTest::newRow("spaces") << QByteArray("Web Content") << QByteArray("Web Content");
    QTest::newRow("leading and trailing spaces") << QByteArray(" a b ") << QByteArray(" a b ");
    QTest::newRow("escaped tab") << QByteArray("tab\\there") << QByteArray("tab\there");
    QTest::newRow("escaped newline and cr") << QByteArray("a\\nb\\rc") << QByteArray("a\nb\rc");
    QTest::newRow("double quotes raw") << QByteArray("say \"hi\"") << QByteArray("say \"hi\"");
    QTest::newRow("quotes escaped C-style") << QByteArray("\\\"q\\'") << QByteArray("\"q'");
    QTest::newRow("single quotes sql")
        << QByteArray("'); DROP TABLE") << QByteArray("'); DROP TABLE");
    QTest::newRow("escaped backslash") << QByteArray("back\\\\slash") << QByteArray("back\\slash");
    QTest::newRow("lone backslash (bpftrace)")
        << QByteArray("back\\slash") << QByteArray("back\\slash");
    QTest::newRow("trailing backslash") << QByteArray("end\\") << QByteArray("end\\");
    QTest::newRow("utf-8 escaped") << QByteArray("caf\\xc3\\xa9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("utf-8 raw") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("utf-8 octal (stap)") << QByteArray("caf\\303\\251") << QByteArray("caf\xc3\xa9");
    QTest::newRow("invalid utf-8") << QByteArray("\\xff\\xfe\\xc3") << QByteArray("\xff\xfe\xc3");
    QTest::newRow("invalid utf-8 raw") << QByteArray("\xff\xfe") << QByteArray("\xff\xfe");
    QTest::newRow("exactly 15 bytes")
        << QByteArray("exactly15bytes!") << QByteArray("exactly15bytes!");
    QTest::newRow("15 bytes escaped")
        << QByteArray("\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0a\\x0b\\x0c\\x0d\\x0e\\x0f")
        << QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f");
    QTest::newRow("bpftrace padding removed")
        << QByteArray("cc1plus\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00")
        << QByteArray("cc1plus");
    QTest::newRow("15 bytes and padding")
        << QByteArray("exactly15bytes!\\x00") << QByteArray("exactly15bytes!");
    QTest::newRow("inner nul kept") << QByteArray("a\\x00b\\x00") << QByteArray("a\0b", 3);
    QTest::newRow("octal nul padding") << QByteArray("x\\0\\0\\0") << QByteArray("x");
    QTest::newRow("capacity exactly") << QByteArray(63, 'n') << QByteArray(63, 'n');
    QTest::newRow("capacity escaped")
        << QByteArray("\\xff").repeated(63) << QByteArray("\xff").repeated(63);
    QTest::newRow("capacity plus padding")
        << QByteArray(63, 'n') + QByteArray("\\x00").repeated(100) << QByteArray(63, 'n');
    QTest::newRow("long escaped padding beyond stack buffer")
        << QByteArray("ab") + QByteArray("\\x00").repeated(400) << QByteArray("ab");
    QTest::newRow("C escapes") << QByteArray("\\a\\b\\f\\v") << QByteArray("\a\b\f\v");
    QTest::newRow("escaped hex-looking text") << QByteArray("x\\\\x41y") << QByteArray("x\\x41y");
    QTest::newRow("formula") << QByteArray("=cmd|' /C calc") << QByteArray("=cmd|' /C calc");
    QTest::newRow("emoji") << QByteArray("\\xf0\\x9f\\x98\\x80") << QByteArray("\xf0\x9f\x98\x80");
}

void TestEventParser::names()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, name);
    for (const QByteArray &call :
        {QByteArray("mmap"), QByteArray("exec"), QByteArray("snapshot")}) {
        EventParser parser;
        std::vector<Event> events;
        parser.feed(recordPrefix + call + "\t0x0\t0\t0\t0\t-1\t0\t0\t" + field + '\n', events);
        QVERIFY2(parser.problems().empty(),
            parser.problems().empty() ? "" : qPrintable(parser.problems().front().reason));
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events.front().name.toByteArray(), name);
        QVERIFY(events.front().text.isNull());
    }
}

void TestEventParser::texts_data()
{
    QTest::addColumn<QByteArray>("call");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("anonymous map") << QByteArray("map") << QByteArray("") << QByteArray("");
    QTest::newRow("heap") << QByteArray("map") << QByteArray("[heap]") << QByteArray("[heap]");
    QTest::newRow("path with spaces and tab")
        << QByteArray("map") << QByteArray("/home/a b/tab\\tx.so (deleted)")
        << QByteArray("/home/a b/tab\tx.so (deleted)");
    QTest::newRow("long path") << QByteArray("map") << QByteArray("/x").repeated(2000)
                               << QByteArray("/x").repeated(2000);
    QTest::newRow("long escaped path")
        << QByteArray("map") << QByteArray("/\\xc3\\xa9").repeated(1000)
        << QByteArray("/\xc3\xa9").repeated(1000);
    QTest::newRow("cmdline keeps every nul")
        << QByteArray("cmdline") << QByteArray("sh\\x00-c\\x00echo \\\"x\\\"\\x00\\x00")
        << QByteArray("sh\0-c\0echo \"x\"\0\0", 16);
    QTest::newRow("cmdline longer than a name")
        << QByteArray("cmdline") << QByteArray(500, 'a') << QByteArray(500, 'a');
}

void TestEventParser::texts()
{
    QFETCH(QByteArray, call);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, text);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(recordPrefix + call + "\t0x1000\t4096\t5\t2\t-1\t0\t1234\t" + field + '\n', events);
    QVERIFY2(parser.problems().empty(),
        parser.problems().empty() ? "" : qPrintable(parser.problems().front().reason));
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events.front().text, text);
    QVERIFY(events.front().name.isEmpty());
}

void TestEventParser::malformedRecords_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");

    const QByteArray tail = "\t0x0\t4096\t3\t34\t-1\t0\t0\tname";
    QTest::newRow("13 fields") << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t4096\t3\t34\t-1\t0\t0")
                               << QStringLiteral("line 2: it has 13 instead of 14 fields");
    QTest::newRow("raw tab in name")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t4096\t3\t34\t-1\t0\t0\ta\tb")
        << QStringLiteral("line 2: it has 15 instead of 14 fields");
    QTest::newRow("three fields") << QByteArray("1\t2\t3")
                                  << QStringLiteral("line 2: it has 3 instead of 14 fields");
    QTest::newRow("digit only") << QByteArray("7")
                                << QStringLiteral("line 2: it has 1 instead of 14 fields");
    QTest::newRow("letters in ts") << QByteArray("12a\t2\t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 1 (ts) is not a decimal number: \"12a\"");
    QTest::newRow("empty pid") << QByteArray("1\t\t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 2 (pid) is not a decimal number: \"\"");
    QTest::newRow("plus sign") << QByteArray("1\t+2\t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 2 (pid) is not a decimal number: \"+2\"");
    QTest::newRow("negative pid") << QByteArray("1\t-2\t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 2 (pid) is not a decimal number: \"-2\"");
    QTest::newRow("space in number") << QByteArray("1\t2 \t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 2 (pid) is not a decimal number: \"2 \"");
    QTest::newRow("pid too large") << QByteArray("1\t2147483648\t3\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 2 (pid) is out of range: \"2147483648\"");
    QTest::newRow("tid too large") << QByteArray("1\t2\t99999999999\t4\t5\tmmap")
            + tail << QStringLiteral("line 2: field 3 (tid) is out of range: \"99999999999\"");
    QTest::newRow("ts beyond int64")
        << QByteArray("9223372036854775808\t2\t3\t4\t5\tmmap") + tail
        << QStringLiteral("line 2: field 1 (ts) is out of range: \"9223372036854775808\"");
    QTest::newRow("ppid -2") << QByteArray("1\t2\t3\t-2\t5\tmmap") + tail
                             << QStringLiteral("line 2: field 4 (ppid) is out of range: \"-2\"");
    QTest::newRow("uid beyond 32 bits") << QByteArray("1\t2\t3\t4\t4294967296\tmmap")
            + tail << QStringLiteral("line 2: field 5 (uid) is out of range: \"4294967296\"");
    QTest::newRow("unknown call") << QByteArray("1\t2\t3\t4\t5\tmmap2")
            + tail << QStringLiteral("line 2: field 6 (call) is not a known call: \"mmap2\"");
    QTest::newRow("upper-case call") << QByteArray("1\t2\t3\t4\t5\tMMAP")
            + tail << QStringLiteral("line 2: field 6 (call) is not a known call: \"MMAP\"");
    QTest::newRow("empty call") << QByteArray("1\t2\t3\t4\t5\t")
            + tail << QStringLiteral("line 2: field 6 (call) is not a known call: \"\"");
    QTest::newRow("address without 0x")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t1f\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral(
               "line 2: field 7 (address) is not 0x followed by lower-case hex digits: \"1f\"");
    QTest::newRow("address 0X")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0X1f\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral(
               "line 2: field 7 (address) is not 0x followed by lower-case hex digits: \"0X1f\"");
    QTest::newRow("address upper-case digits")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0xABC\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral(
               "line 2: field 7 (address) is not 0x followed by lower-case hex digits: \"0xABC\"");
    QTest::newRow("address 0x only")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral(
               "line 2: field 7 (address) is not 0x followed by lower-case hex digits: \"0x\"");
    QTest::newRow("address decimal")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t4096\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral(
               "line 2: field 7 (address) is not 0x followed by lower-case hex digits: \"4096\"");
    QTest::newRow("address beyond 64 bits")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x1ffffffffffffffff\t1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral("line 2: field 7 (address) is out of range: \"0x1ffffffffffffffff\"");
    QTest::newRow("length beyond 64 bits")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t18446744073709551616\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral("line 2: field 8 (length) is out of range: \"18446744073709551616\"");
    QTest::newRow("negative length")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t-1\t3\t34\t-1\t0\t0\tn")
        << QStringLiteral("line 2: field 8 (length) is not a decimal number: \"-1\"");
    QTest::newRow("hex prot") << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t0x3\t34\t-1\t0\t0\tn")
                              << QStringLiteral(
                                     "line 2: field 9 (prot) is not a decimal number: \"0x3\"");
    QTest::newRow("flags empty") << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t\t-1\t0\t0\tn")
                                 << QStringLiteral(
                                        "line 2: field 10 (flags) is not a decimal number: \"\"");
    QTest::newRow("fd below int64")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-9223372036854775809\t0\t0\tn")
        << QStringLiteral("line 2: field 11 (fd) is out of range: \"-9223372036854775809\"");
    QTest::newRow("fd minus only")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-\t0\t0\tn")
        << QStringLiteral("line 2: field 11 (fd) is not a decimal number: \"-\"");
    QTest::newRow("offset float")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t1.5\t0\tn")
        << QStringLiteral("line 2: field 12 (offset) is not a decimal number: \"1.5\"");
    QTest::newRow("result beyond int64")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t9223372036854775808\tn")
        << QStringLiteral("line 2: field 13 (result) is out of range: \"9223372036854775808\"");
    QTest::newRow("result 20 digits")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t99999999999999999999\tn")
        << QStringLiteral("line 2: field 13 (result) is out of range: \"99999999999999999999\"");
    QTest::newRow("name 64 bytes") << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\t")
            + QByteArray(64, 'n') << QStringLiteral("line 2: the name is longer than 63 bytes");
    QTest::newRow("name 64 escaped bytes")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\t")
            + QByteArray("\\x41").repeated(64)
        << QStringLiteral("line 2: the name is longer than 63 bytes");
    QTest::newRow("name with nul inside beyond capacity")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\t") + QByteArray(63, 'n')
            + "\\x00z"
        << QStringLiteral("line 2: the name is longer than 63 bytes");
    QTest::newRow("binary junk after a digit") << QByteArray(
        "9\x01\x02\xff\x00junk", 9) << QStringLiteral("line 2: it has 1 instead of 14 fields");
    QTest::newRow("shown text is escaped and shortened")
        << QByteArray("1\t2\t3\t4\t5\t") + QByteArray("\xff").repeated(50) + tail
        << QStringLiteral("line 2: field 6 (call) is not a known call: \"")
            + QStringLiteral("\\xff").repeated(40) + QStringLiteral("...\"");
}

void TestEventParser::malformedRecords()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(firstRecord + line + '\n' + firstRecord, events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(parser.counters().records, std::uint64_t(2));
    QCOMPARE(parser.counters().malformed, std::uint64_t(1));
    QCOMPARE(parser.counters().lines, std::uint64_t(3));
    QCOMPARE(parser.counters().tracerMessages, std::uint64_t(0));
    QCOMPARE(parser.problems().size(), std::size_t(1));
    QCOMPARE(parser.problems().front().lineNumber, std::uint64_t(2));
    QCOMPARE(parser.problems().front().reason, reason);
}

void TestEventParser::problemsAreCappedButCounted()
{
    QByteArray stream = firstRecord;
    for (int i = 0; i < 50; ++i)
        stream += "1\t2\tbroken\n" + firstRecord;
    EventParser parser;
    std::vector<Event> events;
    parser.feed(stream, events);
    parser.finish(events);
    QCOMPARE(parser.counters().malformed, std::uint64_t(50));
    QCOMPARE(parser.counters().records, std::uint64_t(51));
    QCOMPARE(parser.problems().size(), EventParser::maxKeptProblems);
    for (std::size_t i = 0; i < parser.problems().size(); ++i)
        QCOMPARE(parser.problems()[i].lineNumber, std::uint64_t(2 + 2 * i));
}

void TestEventParser::truncatedLastLine_data()
{
    QTest::addColumn<QByteArray>("last");

    QTest::newRow("cut inside a number") << QByteArray("1023349113\t4242\t42");
    QTest::newRow("cut inside the name")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\ttestcl");
    QTest::newRow("complete-looking record")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\t0\tx");
    QTest::newRow("cut meta line") << QByteArray("#meta\thost\tbui");
    QTest::newRow("cut drop message") << QByteArray("Lost 4");
}

void TestEventParser::truncatedLastLine()
{
    QFETCH(QByteArray, last);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(firstRecord + firstRecord + last, events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    parser.finish(events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(parser.counters().malformed, std::uint64_t(1));
    QCOMPARE(parser.counters().lostEvents, std::uint64_t(0));
    QCOMPARE(parser.counters().lines, std::uint64_t(3));
    QCOMPARE(parser.problems().size(), std::size_t(1));
    QCOMPARE(parser.problems().front().reason, QStringLiteral("line 3 is truncated"));
    QCOMPARE(parser.problems().front().lineNumber, std::uint64_t(3));
    QVERIFY(parser.metadata().host.isEmpty());

    // finish() on a clean end adds nothing.
    EventParser clean;
    std::vector<Event> cleanEvents;
    clean.feed(firstRecord, cleanEvents);
    clean.finish(cleanEvents);
    QCOMPARE(clean.counters().malformed, std::uint64_t(0));
    QCOMPARE(clean.counters().lines, std::uint64_t(1));
}

void TestEventParser::crlfLineEnds()
{
    const QByteArray stream = richStream().text;
    // Lines that already end in CR keep just that one.
    QByteArray crlf;
    for (const QByteArray &line : stream.split('\n'))
        crlf += line + (line.endsWith('\r') ? "\n" : "\r\n");
    crlf.chop(2); // the unterminated last line stays unterminated
    const ParseOutcome lf = parseWhole(stream);
    const ParseOutcome withCr = parseWhole(crlf);
    QCOMPARE(differences(withCr, lf), QByteArray());
    // A CR that is part of the name is escaped, so only line ends lose theirs.
    EventParser parser;
    std::vector<Event> events;
    parser.feed(recordPrefix + "exec\t0x0\t0\t0\t0\t-1\t0\t0\tcr\\r\r\n", events);
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events.front().name.toByteArray(), QByteArray("cr\r"));
}

void TestEventParser::emptyLinesAreIgnored()
{
    EventParser parser;
    std::vector<Event> events;
    parser.feed("\n\r\n\n" + firstRecord + "\n\n" + firstRecord + "\r\n", events);
    parser.finish(events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(parser.counters().lines, std::uint64_t(8));
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(parser.counters().tracerMessages, std::uint64_t(0));
    QCOMPARE(parser.fatalError(), QString());
}

// Every way of cutting the stream in two, and in three around each point,
// gives exactly what parsing it in one piece gives.
void TestEventParser::chunkBoundaryIndependence()
{
    const RichStream rich = richStream();
    const QByteArray &stream = rich.text;
    const ParseOutcome whole = parseWhole(stream);
    // The stream exercises what it should.
    QVERIFY(whole.counters.records > 100);
    QCOMPARE(whole.counters.malformed, rich.malformed);
    QVERIFY(whole.counters.lostEvents > 0);
    QVERIFY(whole.counters.tracerMessages > 0);
    QCOMPARE(whole.fatalError, QString());
    QCOMPARE(whole.metadata.host, QByteArray("build\t01"));

    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        const QByteArray difference = differences(parseInPieces(stream, {cut}), whole);
        if (!difference.isEmpty())
            QFAIL(qPrintable(QStringLiteral("cutting at byte %1 changes the result: %2")
                                 .arg(cut)
                                 .arg(QString::fromUtf8(difference))));
        if (cut + 1 <= stream.size()) {
            const QByteArray difference = differences(parseInPieces(stream, {cut, cut + 1}), whole);
            if (!difference.isEmpty())
                QFAIL(qPrintable(QStringLiteral("a 1-byte chunk at byte %1 changes the result: %2")
                                     .arg(cut)
                                     .arg(QString::fromUtf8(difference))));
        }
    }
    // One byte at a time.
    std::vector<qsizetype> everyByte;
    for (qsizetype i = 1; i < stream.size(); ++i)
        everyByte.push_back(i);
    QCOMPARE(differences(parseInPieces(stream, everyByte), whole), QByteArray());
}

void TestEventParser::randomChunkSizes()
{
    SyntheticTrace::Options options;
    options.events = 20000;
    options.processes = 30;
    options.seed = 5;
    const QByteArray stream = SyntheticTrace::text(options) + richStream().text;
    const ParseOutcome whole = parseWhole(stream);
    std::mt19937_64 random(1234);
    for (int round = 0; round < 20; ++round) {
        std::vector<qsizetype> cuts;
        qsizetype position = 0;
        const unsigned maxChunk = round % 2 ? 17 : 70000;
        for (;;) {
            position += qsizetype(1 + random() % maxChunk);
            if (position >= stream.size())
                break;
            cuts.push_back(position);
        }
        QCOMPARE(differences(parseInPieces(stream, cuts), whole), QByteArray());
    }
}

void TestEventParser::metadata()
{
    EventParser parser;
    std::vector<Event> events;
    parser.feed("#memtap\t1\tstap\n"
                "#meta\thost\tmy\\x20host\\tname\n"
                "#meta\tkernel\t6.1.0-56-amd64\n"
                "#meta\tmemtotal\t25208913920\n"
                "#meta\tpage_size\t16384\n"
                "#meta\trealtime_offset_ns\t-1700000000000000000\n"
                "#meta\tstart\t1023000000\n"
                "#meta\tnew_fact\t42\n"
                "#meta\tnew_fact_without_value\n"
                "#checksum\tabc\n",
        events);
    parser.finish(events);
    const TraceMetadata &metadata = parser.metadata();
    QCOMPARE(metadata.formatVersion, 1);
    QVERIFY(metadata.hasHeader());
    QCOMPARE(metadata.backend, QByteArray("stap"));
    QCOMPARE(metadata.host, QByteArray("my host\tname"));
    QCOMPARE(metadata.kernelRelease, QByteArray("6.1.0-56-amd64"));
    QCOMPARE(metadata.memTotalBytes, std::int64_t(25208913920));
    QCOMPARE(metadata.pageSize, std::int64_t(16384));
    QCOMPARE(metadata.realtimeOffsetNs, std::int64_t(-1700000000000000000));
    QCOMPARE(metadata.baselineStartNs, std::int64_t(1023000000));
    QCOMPARE(parser.counters().lines, std::uint64_t(10));
    // An unknown key without a value is as unknown as one with: ignored.
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(parser.counters().tracerMessages, std::uint64_t(0));
    QCOMPARE(parser.counters().records, std::uint64_t(0));
    QVERIFY(events.empty());

    EventParser noHeader;
    QVERIFY(!noHeader.metadata().hasHeader());
}

void TestEventParser::malformedMetadata_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");

    QTest::newRow("memtotal not a number")
        << QByteArray("#meta\tmemtotal\t24GiB")
        << QStringLiteral("line 2: the #meta value of memtotal is not a non-negative 64-bit "
                          "number: \"24GiB\"");
    QTest::newRow("negative page size")
        << QByteArray("#meta\tpage_size\t-4096")
        << QStringLiteral("line 2: the #meta value of page_size is not a non-negative 64-bit "
                          "number: \"-4096\"");
    QTest::newRow("offset too large")
        << QByteArray("#meta\trealtime_offset_ns\t9223372036854775808")
        << QStringLiteral("line 2: the #meta value of realtime_offset_ns is not a 64-bit number: "
                          "\"9223372036854775808\"");
    QTest::newRow("known key without value") << QByteArray(
        "#meta\thost") << QStringLiteral("line 2: the #meta line of host has no value");
    QTest::newRow("lost count not a number")
        << QByteArray("#lost\tmany\tbpftrace")
        << QStringLiteral("line 2: the #lost count is not a decimal number: \"many\"");
    QTest::newRow("lost without count") << QByteArray(
        "#lost") << QStringLiteral("line 2: the #lost count is not a decimal number: \"\"");
}

void TestEventParser::malformedMetadata()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    EventParser parser;
    std::vector<Event> events;
    parser.feed("#memtap\t1\tbpftrace\n" + line + '\n', events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(parser.counters().malformed, std::uint64_t(1));
    QCOMPARE(parser.counters().lostEvents, std::uint64_t(0));
    QCOMPARE(parser.problems().size(), std::size_t(1));
    QCOMPARE(parser.problems().front().reason, reason);
    QCOMPARE(parser.metadata().memTotalBytes, std::int64_t(-1));
    QCOMPARE(parser.metadata().pageSize, std::int64_t(4096));
}

void TestEventParser::drops_data()
{
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<quint64>("lost");
    QTest::addColumn<quint64>("tracerMessages");

    QTest::newRow("helper #lost") << QByteArray("#lost\t3\tbpftrace: Lost 3 events\n") << quint64(3)
                                  << quint64(0);
    QTest::newRow("helper #lost without source")
        << QByteArray("#lost\t5\n") << quint64(5) << quint64(0);
    QTest::newRow("helper #lost huge")
        << QByteArray("#lost\t18446744073709551615\tx\n#lost\t1\ty\n")
        << quint64(18446744073709551615ULL) << quint64(0);
    QTest::newRow("bpftrace") << QByteArray("Lost 42 events\n") << quint64(42) << quint64(1);
    QTest::newRow("bpftrace twice")
        << QByteArray("Lost 42 events\nLost 8 events\n") << quint64(50) << quint64(2);
    QTest::newRow("bpftrace look-alike")
        << QByteArray("Lost 42 events in a fire\nLost events\n") << quint64(0) << quint64(2);
    QTest::newRow("stap transport") << QByteArray(
        "WARNING: There were 7 transport failures. Try stap -s to increase the buffer size from "
        "4096.\n") << quint64(7) << quint64(1);
    QTest::newRow("stap transport short")
        << QByteArray("WARNING: There were 7 transport failures.\n") << quint64(7) << quint64(1);
    QTest::newRow("stap skipped") << QByteArray("WARNING: Number of errors: 0, skipped probes: 3\n")
                                  << quint64(3) << quint64(1);
    QTest::newRow("stap errors are not drops")
        << QByteArray("WARNING: Number of errors: 9, skipped probes: 0\n") << quint64(0)
        << quint64(1);
    QTest::newRow("stap skipped due to")
        << QByteArray("WARNING: Skipped due to reentrancy: 3\n") << quint64(3) << quint64(1);
    QTest::newRow("stap skipped due to, colon in reason")
        << QByteArray("WARNING: Skipped due to missed kretprobe/1 on 'kernel.function(\"x\")': 4\n")
        << quint64(4) << quint64(1);
    // stap prints the breakdown after the summary: the same probes, not more.
    QTest::newRow("stap summary and breakdown")
        << QByteArray("WARNING: Number of errors: 0, skipped probes: 5\n"
                      "WARNING: Skipped due to global 'x' lock timeout: 2\n"
                      "WARNING: Skipped due to reentrancy: 3\n")
        << quint64(5) << quint64(3);
    QTest::newRow("stap breakdown beyond summary")
        << QByteArray("WARNING: Number of errors: 0, skipped probes: 2\n"
                      "WARNING: Skipped due to low stack: 3\n")
        << quint64(3) << quint64(2);
    QTest::newRow("other warning")
        << QByteArray("WARNING: probe foo skipped\n") << quint64(0) << quint64(1);
    QTest::newRow("attaching") << QByteArray("Attaching 21 probes...\n") << quint64(0)
                               << quint64(1);
    QTest::newRow("everything") << QByteArray(
        "Attaching 21 probes...\nLost 1 events\n#lost\t2\tx\nWARNING: There were 4 transport "
        "failures.\n") << quint64(7)
                                << quint64(3);
}

void TestEventParser::drops()
{
    QFETCH(QByteArray, lines);
    QFETCH(quint64, lost);
    QFETCH(quint64, tracerMessages);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(lines + firstRecord, events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(parser.counters().lostEvents, lost);
    QCOMPARE(parser.counters().tracerMessages, tracerMessages);
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(events.size(), std::size_t(1));
}

// Raw bpftrace output: "Attaching N probes..." comes before the header the
// script prints; a stream may also start with records.
void TestEventParser::recordsBeforeHeader()
{
    EventParser parser;
    std::vector<Event> events;
    parser.feed(firstRecord + "Attaching 21 probes...\n" + firstRecord + "#memtap\t1\tbpftrace\n"
            + firstRecord,
        events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(parser.metadata().backend, QByteArray("bpftrace"));
    QCOMPARE(parser.counters().tracerMessages, std::uint64_t(1));
}

void TestEventParser::fatalErrors_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("error");

    QTest::newRow("csv export") << QByteArray(
        "pid,name,user,mmap_calls,munmap_calls,requested_bytes\n4242,bash,root,1,0,4096\n")
                                << QStringLiteral(
                                       "line 1 is not memtap trace format v1: it starts with "
                                       "\"pid,name,user,mmap_calls,munmap_calls,re...\"");
    QTest::newRow("csv without header row")
        << QByteArray("4242,bash,root,1,0,4096\n")
        << QStringLiteral("line 1 is not memtap trace format v1: it has 1 instead of 14 fields");
    QTest::newRow("csv after empty lines")
        << QByteArray("\n\r\npid,name\n")
        << QStringLiteral("line 3 is not memtap trace format v1: it starts with \"pid,name\"");
    QTest::newRow("version 2") << QByteArray("#memtap\t2\tbpftrace\n") + firstRecord
                               << QStringLiteral(
                                      "unsupported trace format version 2 (this memtap reads 1)");
    QTest::newRow("version 10") << QByteArray("#memtap\t10\n")
                                << QStringLiteral(
                                       "unsupported trace format version 10 (this memtap reads 1)");
    QTest::newRow("version not a number")
        << QByteArray("#memtap\tv1\tstap\n")
        << QStringLiteral(
               "line 1 is not memtap trace format v1: the format version \"v1\" is not a number");
    QTest::newRow("gzip bytes")
        << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\n", 13)
        << QStringLiteral("line 1 is not memtap trace format v1: it starts with "
                          "\"\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x03\\xed\\xc1\"");
    QTest::newRow("shell script")
        << QByteArray("#!/bin/sh\necho hi\n")
        << QStringLiteral("line 1 is not memtap trace format v1: it starts with \"#!/bin/sh\"");
    QTest::newRow("first record malformed")
        << QByteArray("1\t2\t3\t4\t5\tmmap\t0x0\t1\t3\t34\t-1\t0\tx\tname\n")
        << QStringLiteral("line 1 is not memtap trace format v1: field 13 (result) is not a "
                          "decimal number: \"x\"");
    QTest::newRow("unterminated csv")
        << QByteArray("pid,name")
        << QStringLiteral("line 1 is not memtap trace format v1: it starts with \"pid,name\"");
    QTest::newRow("later version after records")
        << firstRecord + "#memtap\t2\tbpftrace\n" + firstRecord
        << QStringLiteral("unsupported trace format version 2 (this memtap reads 1)");
}

void TestEventParser::fatalErrors()
{
    QFETCH(QByteArray, stream);
    QFETCH(QString, error);
    // In one piece and byte by byte: the same error.
    for (const bool byteByByte : {false, true}) {
        EventParser parser;
        std::vector<Event> events;
        if (byteByByte) {
            for (const char c : stream)
                parser.feed(QByteArrayView(&c, 1), events);
        } else {
            parser.feed(stream, events);
        }
        parser.finish(events);
        QCOMPARE(parser.fatalError(), error);
        QVERIFY(parser.hasFatalError());
        QVERIFY(parser.problems().empty());
        QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    }
}

void TestEventParser::nothingAfterFatalError()
{
    EventParser parser;
    std::vector<Event> events;
    parser.feed("name,pid\n", events);
    QVERIFY(parser.hasFatalError());
    const std::uint64_t lines = parser.counters().lines;
    parser.feed(firstRecord + firstRecord, events);
    parser.finish(events);
    QVERIFY(events.empty());
    QCOMPARE(parser.counters().lines, lines);
    QCOMPARE(parser.counters().records, std::uint64_t(0));
}

void TestEventParser::laterVersionHeaderIsFatal()
{
    EventParser parser;
    std::vector<Event> events;
    parser.feed(
        firstRecord + "#memtap\t1\tstap\n" + firstRecord + "#memtap\t3\tstap\n" + firstRecord,
        events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(parser.fatalError(),
        QStringLiteral("unsupported trace format version 3 (this memtap reads 1)"));
}

void TestEventParser::overlongLines()
{
    const QByteArray huge(EventParser::maxLineLength + 10, 'a');
    {
        // After the start: counted and skipped, the next line still parses.
        EventParser parser;
        std::vector<Event> events;
        parser.feed(firstRecord, events);
        for (qsizetype i = 0; i < huge.size(); i += 1 << 20)
            parser.feed(
                QByteArrayView(huge).sliced(i, std::min<qsizetype>(1 << 20, huge.size() - i)),
                events);
        parser.feed("\n" + firstRecord, events);
        parser.finish(events);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(parser.counters().malformed, std::uint64_t(1));
        QCOMPARE(parser.counters().lines, std::uint64_t(3));
        QCOMPARE(parser.problems().front().reason, QStringLiteral("line 2 is longer than 16 MiB"));
        QCOMPARE(parser.problems().front().lineNumber, std::uint64_t(2));
    }
    {
        // In one chunk or many: the same.
        const QByteArray stream = firstRecord + huge + "\n" + firstRecord;
        QCOMPARE(differences(parseWhole(stream), parseInPieces(stream, {100, 5 << 20, 10 << 20})),
            QByteArray());
        QCOMPARE(parseWhole(stream).counters.malformed, std::uint64_t(1));
        const QByteArray first = huge + "\n" + firstRecord;
        const ParseOutcome whole = parseWhole(first);
        QCOMPARE(differences(whole, parseInPieces(first, {100, 5 << 20, 10 << 20})), QByteArray());
        QCOMPARE(whole.fatalError,
            QStringLiteral("line 1 is not memtap trace format v1: it is longer than 16 MiB"));
        QCOMPARE(whole.counters.lines, std::uint64_t(1));
    }
    {
        // First line: this is no trace, and the parser says so without
        // waiting for a newline that may never come.
        EventParser parser;
        std::vector<Event> events;
        parser.feed(huge, events);
        QCOMPARE(parser.fatalError(),
            QStringLiteral("line 1 is not memtap trace format v1: it is longer than 16 MiB"));
    }
    {
        // Unterminated at the end.
        EventParser parser;
        std::vector<Event> events;
        parser.feed(firstRecord + huge, events);
        parser.finish(events);
        QCOMPARE(parser.counters().malformed, std::uint64_t(1));
        QCOMPARE(parser.problems().front().reason, QStringLiteral("line 2 is longer than 16 MiB"));
    }
}

// The example in the specification parses as the specification says.
void TestEventParser::specExample()
{
    const QByteArray readme = readTestFile(QStringLiteral(MEMTAP_SOURCE_DIR "/probes/README.md"));
    QVERIFY(!readme.isEmpty());
    const qsizetype heading = readme.indexOf("## Example");
    QVERIFY(heading >= 0);
    const qsizetype begin = readme.indexOf("```\n", heading) + 4;
    const qsizetype end = readme.indexOf("```", begin);
    QVERIFY(begin > 3 && end > begin);
    const QByteArray example = readme.mid(begin, end - begin);

    EventParser parser;
    std::vector<Event> events;
    parser.feed(example, events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(events.size(), std::size_t(4));
    QCOMPARE(parser.counters().lostEvents, std::uint64_t(3));
    QCOMPARE(parser.metadata().backend, QByteArray("bpftrace"));
    QCOMPARE(parser.metadata().host, QByteArray("build01"));
    QCOMPARE(parser.metadata().memTotalBytes, std::int64_t(25208913920));
    QCOMPARE(events[0].call, Call::Mmap);
    QCOMPARE(events[0].length, std::uint64_t(1048577));
    QCOMPARE(events[0].result, std::int64_t(140231042183168));
    QCOMPARE(events[1].call, Call::Munmap);
    QCOMPARE(events[1].address, std::uint64_t(0x7f8a3c000000));
    QCOMPARE(events[2].result, std::int64_t(-22));
    QVERIFY(events[2].failed());
    QCOMPARE(events[3].call, Call::Fork);
    QCOMPARE(events[3].result, std::int64_t(4243));
    QCOMPARE(events[3].name.toByteArray(), QByteArray("testclient"));
}

// Output of probes/memtap.bt recorded on a build machine, without the helper:
// "Attaching N probes...", the header, names padded with \x00.
void TestEventParser::recordedBpftraceStream()
{
    const QString path = QFINDTESTDATA("data/bpftrace-raw.v1");
    QVERIFY(!path.isEmpty());
    const QByteArray stream = readTestFile(path);
    const ParseOutcome outcome = parseWhole(stream);
    QCOMPARE(outcome.fatalError, QString());
    QCOMPARE(outcome.counters.malformed, std::uint64_t(0));
    QCOMPARE(outcome.counters.tracerMessages, std::uint64_t(1));
    QCOMPARE(outcome.counters.lines, std::uint64_t(stream.count('\n')));
    QCOMPARE(outcome.counters.records, outcome.counters.lines - 2);
    QCOMPARE(outcome.metadata.backend, QByteArray("bpftrace"));
    EventParser parser;
    std::vector<Event> events;
    parser.feed(stream, events);
    for (const Event &event : events) {
        QVERIFY(!event.name.isEmpty());
        QVERIFY2(!event.name.view().contains('\0'), describe(event).constData());
        QVERIFY(event.pid > 0);
    }
    QCOMPARE(parseInPieces(stream, {1, 100, 1000, 4097}).summary(), outcome.summary());
}

void TestEventParser::syntheticStream()
{
    SyntheticTrace::Options options;
    options.events = 50000;
    options.processes = 40;
    SyntheticTrace trace(options);
    std::vector<Event> expected;
    trace.generate(expected, std::size_t(-1));
    const QByteArray text = SyntheticTrace::text(options);
    EventParser parser;
    std::vector<Event> events;
    parser.feed(text, events);
    parser.finish(events);
    QCOMPARE(parser.fatalError(), QString());
    QCOMPARE(parser.counters().malformed, std::uint64_t(0));
    QCOMPARE(parser.counters().records, trace.recordsGenerated());
    QCOMPARE(parser.counters().events(), trace.eventsGenerated());
    QCOMPARE(describe(events), describe(expected));
    QCOMPARE(parser.metadata().host, trace.metadata().host);
}

QTEST_GUILESS_MAIN(TestEventParser)
#include "tst_eventparser.moc"
