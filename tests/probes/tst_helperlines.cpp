// SPDX-License-Identifier: GPL-2.0-or-later
//
// The pieces of the root helper that shape lines, checked without root:
// name escaping (against memtap's own codec), normalisation of bpftrace's
// name rendering, recognition of the tracers' drop messages, and parsing of
// /proc/PID/maps lines.

#include "bpftracename.h"
#include "btf.h"
#include "dropmessage.h"
#include "lineescaping.h"
#include "procmaps.h"
#include "trace/eventparser.h"
#include "trace/traceescaping.h"

#include "testsupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <optional>
#include <string>

#include <sys/mman.h>

using memtap::probe::MapsEntry;

namespace {

std::string bytes(const QByteArray &array)
{
    return std::string(array.constData(), std::size_t(array.size()));
}

QByteArray array(const std::string &text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// What `printf("%r", buf(comm, 16))` prints in bpftrace 0.17 (checked against
// the real thing, see renderings_data): bytes 0x20..0x7e as themselves, the
// rest as \xHH, the NUL padding included.
QByteArray renderLikeBpftrace(const QByteArray &name)
{
    QByteArray buffer = name.left(15);
    buffer.append(QByteArray(16 - buffer.size(), '\0'));
    QByteArray rendered;
    for (char c : std::as_const(buffer)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte <= 0x7e)
            rendered += c;
        else
            rendered += "\\x" + QByteArray::number(byte, 16).rightJustified(2, '0');
    }
    return rendered;
}

std::function<std::optional<std::string>()> realNameIs(const QByteArray &name)
{
    if (name.isNull())
        return [] { return std::optional<std::string>(); };
    return [name] { return std::optional<std::string>(bytes(name)); };
}

} // namespace

class TestHelperLines : public QObject
{
    Q_OBJECT

private slots:
    void escapingMatchesTheReader();
    void bpftraceNames_data();
    void bpftraceNames();
    void bpftraceNamesRoundTrip();
    void droppedEvents_data();
    void droppedEvents();
    void dropTallyCountsStapBreakdownOnce();
    void mapsLines_data();
    void mapsLines();
    void mapsLinesOfThisProcess();
    void btfMemberOffsets();
    void btfOfThisKernel();
};

// The helper cannot link memtap's codec (no Qt as root), so the two are
// compared byte for byte.
void TestHelperLines::escapingMatchesTheReader()
{
    for (int byte = 0; byte < 256; ++byte) {
        const QByteArray single(1, char(byte));
        QCOMPARE(
            array(memtap::probe::escaped(bytes(single))), memtap::TraceEscaping::escape(single));
    }
    QRandomGenerator random(20261122);
    for (int round = 0; round < 2000; ++round) {
        QByteArray text(int(random.bounded(40)), '\0');
        for (char &c : text)
            c = char(random.bounded(256));
        const QByteArray escaped = array(memtap::probe::escaped(bytes(text)));
        QCOMPARE(escaped, memtap::TraceEscaping::escape(text));
        QCOMPARE(memtap::TraceEscaping::unescape(escaped), text);
    }
}

void TestHelperLines::bpftraceNames_data()
{
    QTest::addColumn<QByteArray>("rendered");
    QTest::addColumn<QByteArray>("realName"); // null: the thread is gone
    QTest::addColumn<QByteArray>("expected"); // the v1 name field

    const QByteArray gone;
    const auto padding = [](int count) { return QByteArray("\\x00").repeated(count); };

    // Renderings copied from bpftrace 0.17 output on this project's machines.
    QTest::newRow("plain") << QByteArray("ls" + padding(14)) << gone << QByteArray("ls");
    QTest::newRow("fifteen bytes")
        << QByteArray("fifteen-bytes-x" + padding(1)) << gone << QByteArray("fifteen-bytes-x");
    QTest::newRow("backslash, tab, UTF-8, DEL")
        << QByteArray("a\\b\\x09c\\xc3\\xa9\\x7f" + padding(8)) << gone
        << QByteArray("a\\\\b\\tc\\xc3\\xa9\\x7f");
    QTest::newRow("literal escape of a printable byte")
        << QByteArray("x\\x41y" + padding(10)) << gone << QByteArray("x\\\\x41y");
    QTest::newRow("literal text that looks like padding")
        << QByteArray(padding(13)) << gone << QByteArray("\\\\x00");

    // Built with the rendering rules.
    QTest::newRow("empty name") << padding(16) << gone << QByteArray("");
    QTest::newRow("space and quotes")
        << renderLikeBpftrace("a b\"c'd") << gone << QByteArray("a b\"c'd");
    QTest::newRow("newline and CR")
        << renderLikeBpftrace("a\nb\rc") << gone << QByteArray("a\\nb\\rc");
    QTest::newRow("control byte") << renderLikeBpftrace("ab\x01") << gone << QByteArray("ab\\x01");
    QTest::newRow("literal escape of a control byte")
        << renderLikeBpftrace("ab\\x01") << gone << QByteArray("ab\\\\x01");
    QTest::newRow("invalid UTF-8")
        << renderLikeBpftrace("\xff\xfe\x80") << gone << QByteArray("\\xff\\xfe\\x80");
    QTest::newRow("lone trailing backslash")
        << renderLikeBpftrace("end\\") << gone << QByteArray("end\\\\");
    QTest::newRow("backslash x without digits")
        << renderLikeBpftrace("\\xg1\\x") << gone << QByteArray("\\\\xg1\\\\x");
    QTest::newRow("upper-case hex is never an escape")
        << renderLikeBpftrace("\\xAB") << gone << QByteArray("\\\\xAB");

    // Two readings of the same rendering: byte 0x01 then the text \x01, or
    // the other way round. /proc decides while the thread lives; without it
    // the escape-first reading wins, as for a reader without the helper.
    const QByteArray byteThenText("\x01\\x01");
    const QByteArray textThenByte("\\x01\x01");
    QCOMPARE(renderLikeBpftrace(byteThenText), renderLikeBpftrace(textThenByte));
    QTest::newRow("ambiguous, /proc says byte first")
        << renderLikeBpftrace(byteThenText) << byteThenText << QByteArray("\\x01\\\\x01");
    QTest::newRow("ambiguous, /proc says text first")
        << renderLikeBpftrace(textThenByte) << textThenByte << QByteArray("\\\\x01\\x01");
    QTest::newRow("ambiguous, thread gone")
        << renderLikeBpftrace(textThenByte) << gone << QByteArray("\\x01\\\\x01");
    QTest::newRow("ambiguous, thread renamed since")
        << renderLikeBpftrace(textThenByte) << QByteArray("other") << QByteArray("\\x01\\\\x01");

    // Not from memtap.bt (wrong length): read as escapes, padding dropped.
    QTest::newRow("short rendering") << QByteArray("abc\\x00") << gone << QByteArray("abc");
    QTest::newRow("no padding at all") << QByteArray("abc") << gone << QByteArray("abc");
}

void TestHelperLines::bpftraceNames()
{
    QFETCH(QByteArray, rendered);
    QFETCH(QByteArray, realName);
    QFETCH(QByteArray, expected);
    const std::string normalised
        = memtap::probe::normaliseBpftraceName(bytes(rendered), realNameIs(realName));
    QCOMPARE(array(normalised), expected);
    // Whatever the helper writes reads back with memtap's own codec.
    QCOMPARE(memtap::TraceEscaping::escape(memtap::TraceEscaping::unescape(expected)), expected);
}

// Random names full of backslashes, x and hex digits: with the real name at
// hand every rendering is undone exactly; without it, exactly whenever the
// rendering has a single reading.
void TestHelperLines::bpftraceNamesRoundTrip()
{
    static const char alphabet[] = {'\\', 'x', '0', '1', 'a', 'f', '\x01', '\0', '\t', '\xc3'};
    QRandomGenerator random(4242);
    int ambiguous = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray name(int(random.bounded(16)), 'a');
        for (char &c : name) {
            c = alphabet[random.bounded(int(sizeof alphabet))];
            if (c == '\0')
                c = 'z'; // comm never holds a NUL
        }
        const QByteArray rendered = renderLikeBpftrace(name);
        const QByteArray expected = memtap::TraceEscaping::escape(name);
        QCOMPARE(array(memtap::probe::normaliseBpftraceName(bytes(rendered), realNameIs(name))),
            expected);
        const auto readings = memtap::probe::bpftraceNameReadings(bytes(rendered));
        QVERIFY(!readings.empty());
        if (readings.size() == 1) {
            QCOMPARE(array(readings.front()), name);
            QCOMPARE(array(memtap::probe::normaliseBpftraceName(bytes(rendered), {})), expected);
        } else {
            ++ambiguous;
        }
    }
    qInfo("%d of 20000 adversarial names needed /proc", ambiguous);
}

void TestHelperLines::droppedEvents_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<qint64>("count"); // -1: not a drop report

    QTest::newRow("bpftrace") << QByteArray("Lost 42 events") << qint64(42);
    QTest::newRow("bpftrace with newline") << QByteArray("Lost 508 events\n") << qint64(508);
    QTest::newRow("bpftrace, big") << QByteArray("Lost 18446744073709551615 events")
                                   << qint64(-2); // UINT64_MAX, compared separately
    QTest::newRow("bpftrace, overflowing")
        << QByteArray("Lost 18446744073709551616 events") << qint64(-1);
    QTest::newRow("stap transport")
        << QByteArray("WARNING: There were 7 transport failures.") << qint64(7);
    QTest::newRow("stap transport with advice") << QByteArray(
        "WARNING: There were 12 transport failures. Try stap -s to increase the "
        "buffer size from 16.") << qint64(12);
    QTest::newRow("stap skipped probes")
        << QByteArray("WARNING: Number of errors: 0, skipped probes: 3") << qint64(3);
    QTest::newRow("stap skipped probes and errors")
        << QByteArray("WARNING: Number of errors: 2, skipped probes: 5") << qint64(5);
    QTest::newRow("stap skipped due to")
        << QByteArray("WARNING: Skipped due to global 'mmap_len' lock timeout: 3") << qint64(3);
    QTest::newRow("stap skipped due to, colon in reason")
        << QByteArray("WARNING: Skipped due to reentrancy: a: 9") << qint64(9);
    QTest::newRow("record") << QByteArray(
        "1\t2\t2\t1\t0\tmmap\t0x0\t1\t3\t34\t-1\t0\t1\tLost 3 events")
                            << qint64(-1);
    QTest::newRow("attaching") << QByteArray("Attaching 13 probes...") << qint64(-1);
    QTest::newRow("lost without number") << QByteArray("Lost many events") << qint64(-1);
    QTest::newRow("lost with trailing text") << QByteArray("Lost 3 events here") << qint64(-1);
    QTest::newRow("other warning") << QByteArray("WARNING: something else: 3") << qint64(-1);
    QTest::newRow("skipped without count")
        << QByteArray("WARNING: Skipped due to reentrancy") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void TestHelperLines::droppedEvents()
{
    QFETCH(QByteArray, line);
    QFETCH(qint64, count);
    const std::optional<memtap::probe::DropReport> report = memtap::probe::dropReport(bytes(line));
    if (count == -1) {
        QVERIFY(!report);
    } else if (count == -2) {
        QVERIFY(report);
        QCOMPARE(report->count, UINT64_MAX);
    } else {
        QVERIFY(report);
        QCOMPARE(report->count, std::uint64_t(count));
    }
    QCOMPARE(memtap::probe::reportsHandlerErrors(bytes(line)),
        line.startsWith("WARNING: Number of errors: 2"));
}

// stap follows its summary of skipped probes with a breakdown by reason; the
// breakdown must not be counted again, as memtap's parser does not count it
// again for raw messages.
void TestHelperLines::dropTallyCountsStapBreakdownOnce()
{
    const auto tally = [](const QList<QByteArray> &lines) {
        memtap::probe::DropTally dropTally;
        std::uint64_t total = 0;
        for (const QByteArray &line : lines) {
            const auto report = memtap::probe::dropReport(bytes(line));
            if (report)
                total += dropTally.newlyDropped(*report);
        }
        return total;
    };
    QCOMPARE(tally({"WARNING: Number of errors: 0, skipped probes: 7",
                 "WARNING: Skipped due to global 'x' lock timeout: 5",
                 "WARNING: Skipped due to low stack: 2"}),
        std::uint64_t(7));
    QCOMPARE(tally({"WARNING: Skipped due to low stack: 2"}), std::uint64_t(2));
    QCOMPARE(tally({"WARNING: Number of errors: 0, skipped probes: 3",
                 "WARNING: Skipped due to low stack: 5"}),
        std::uint64_t(5));
    QCOMPARE(tally({"Lost 4 events", "WARNING: There were 6 transport failures.", "Lost 1 events"}),
        std::uint64_t(11));

    // The same lines through memtap's parser as raw messages agree.
    const QByteArray raw = "#memtap\t1\tstap\n"
                           "WARNING: Number of errors: 0, skipped probes: 7\n"
                           "WARNING: Skipped due to global 'x' lock timeout: 5\n"
                           "WARNING: Skipped due to low stack: 2\n";
    memtap::EventParser parser;
    std::vector<memtap::Event> events;
    parser.feed(raw, events);
    parser.finish(events);
    QCOMPARE(parser.counters().lostEvents, std::uint64_t(7));
}

void TestHelperLines::mapsLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("start");
    QTest::addColumn<quint64>("end");
    QTest::addColumn<quint64>("prot");
    QTest::addColumn<quint64>("flags");
    QTest::addColumn<quint64>("offset");
    QTest::addColumn<quint64>("inode");
    QTest::addColumn<QByteArray>("path");

    const auto pad = [](QByteArray prefix, const QByteArray &path) {
        // The kernel pads to column 72, then one space, then the path.
        if (prefix.size() < 72)
            prefix += QByteArray(72 - prefix.size(), ' ');
        return prefix + ' ' + path;
    };
    const quint64 anonymous = MAP_PRIVATE | MAP_ANONYMOUS;

    QTest::newRow("file") << pad(
        "55db6ac38000-55db6ac39000 r--p 00000000 08:01 10977529 ", "/usr/bin/memtap")
                          << true << quint64(0x55db6ac38000) << quint64(0x55db6ac39000)
                          << quint64(PROT_READ) << quint64(MAP_PRIVATE) << quint64(0)
                          << quint64(10977529) << QByteArray("/usr/bin/memtap");
    QTest::newRow("executable at an offset")
        << pad("7f770e444000-7f770e59a000 r-xp 00026000 fe:01 332835 ",
               "/usr/lib/x86_64-linux-gnu/libc.so.6")
        << true << quint64(0x7f770e444000) << quint64(0x7f770e59a000)
        << quint64(PROT_READ | PROT_EXEC) << quint64(MAP_PRIVATE) << quint64(0x26000)
        << quint64(332835) << QByteArray("/usr/lib/x86_64-linux-gnu/libc.so.6");
    QTest::newRow("anonymous, no name")
        << QByteArray("7f770e5f3000-7f770e600000 rw-p 00000000 00:00 0 ") << true
        << quint64(0x7f770e5f3000) << quint64(0x7f770e600000) << quint64(PROT_READ | PROT_WRITE)
        << anonymous << quint64(0) << quint64(0) << QByteArray();
    QTest::newRow("heap") << pad("55db96746000-55db96767000 rw-p 00000000 00:00 0 ", "[heap]")
                          << true << quint64(0x55db96746000) << quint64(0x55db96767000)
                          << quint64(PROT_READ | PROT_WRITE) << anonymous << quint64(0)
                          << quint64(0) << QByteArray("[heap]");
    QTest::newRow("vsyscall") << pad("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 ",
        "[vsyscall]") << true << quint64(0xffffffffff600000)
                              << quint64(0xffffffffff601000) << quint64(PROT_EXEC) << anonymous
                              << quint64(0) << quint64(0) << QByteArray("[vsyscall]");
    QTest::newRow("shared memory, deleted")
        << pad("7f0000000000-7f0000100000 rw-s 00000000 00:01 4242 ", "/memfd:pool (deleted)")
        << true << quint64(0x7f0000000000) << quint64(0x7f0000100000)
        << quint64(PROT_READ | PROT_WRITE) << quint64(MAP_SHARED) << quint64(0) << quint64(4242)
        << QByteArray("/memfd:pool (deleted)");
    QTest::newRow("path starting with spaces")
        << pad("7f0000000000-7f0000001000 r--p 00000000 08:01 77 ", "  two spaces") << true
        << quint64(0x7f0000000000) << quint64(0x7f0000001000) << quint64(PROT_READ)
        << quint64(MAP_PRIVATE) << quint64(0) << quint64(77) << QByteArray("  two spaces");
    QTest::newRow("prefix longer than the padding")
        << QByteArray("7f0000000000-7f0000001000 r--p 7fffffffffff0000 103:1f 18446744073709551 "
                      " /x")
        << true << quint64(0x7f0000000000) << quint64(0x7f0000001000) << quint64(PROT_READ)
        << quint64(MAP_PRIVATE) << quint64(0x7fffffffffff0000) << quint64(18446744073709551ull)
        << QByteArray("/x");
    QTest::newRow("no permissions")
        << QByteArray("7f0000000000-7f0000001000 ---p 00000000 00:00 0 ") << true
        << quint64(0x7f0000000000) << quint64(0x7f0000001000) << quint64(0) << anonymous
        << quint64(0) << quint64(0) << QByteArray();
    QTest::newRow("garbage") << QByteArray("hello") << false << quint64(0) << quint64(0)
                             << quint64(0) << quint64(0) << quint64(0) << quint64(0)
                             << QByteArray();
    QTest::newRow("end before start")
        << QByteArray("2000-1000 rw-p 00000000 00:00 0 ") << false << quint64(0) << quint64(0)
        << quint64(0) << quint64(0) << quint64(0) << quint64(0) << QByteArray();
    QTest::newRow("truncated") << QByteArray("7f0000000000-7f0000001000 rw-p 0000") << false
                               << quint64(0) << quint64(0) << quint64(0) << quint64(0) << quint64(0)
                               << quint64(0) << QByteArray();
}

void TestHelperLines::mapsLines()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, valid);
    // The entry's path points into the text: keep it alive while checking.
    const std::string text = bytes(line);
    const std::optional<MapsEntry> entry = memtap::probe::parseMapsLine(text);
    QCOMPARE(entry.has_value(), valid);
    if (!valid)
        return;
    QTEST(quint64(entry->start), "start");
    QTEST(quint64(entry->end), "end");
    QTEST(quint64(entry->prot), "prot");
    QTEST(quint64(entry->flags), "flags");
    QTEST(quint64(entry->offset), "offset");
    QTEST(quint64(entry->inode), "inode");
    QTEST(QByteArray(entry->path.data(), qsizetype(entry->path.size())), "path");
}

// Every line the kernel writes for this very process parses, and agrees
// with a plain split on blanks where a split can tell.
void TestHelperLines::mapsLinesOfThisProcess()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = maps.readAll().split('\n');
    int parsed = 0;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        // The entry's path points into the text: keep it alive while checking.
        const std::string text = bytes(line);
        const std::optional<MapsEntry> entry = memtap::probe::parseMapsLine(text);
        QVERIFY2(entry, line.constData());
        const QList<QByteArray> fields = line.simplified().split(' ');
        const QList<QByteArray> range = fields.at(0).split('-');
        QCOMPARE(quint64(entry->start), range.at(0).toULongLong(nullptr, 16));
        QCOMPARE(quint64(entry->end), range.at(1).toULongLong(nullptr, 16));
        QCOMPARE(quint64(entry->inode), fields.at(4).toULongLong());
        const QByteArray path = fields.size() > 5 ? fields.mid(5).join(' ') : QByteArray();
        QCOMPARE(QByteArray(entry->path.data(), qsizetype(entry->path.size())), path);
        ++parsed;
    }
    QVERIFY(parsed > 5);
}

namespace {

// A BTF blob with the given types (already encoded) and strings.
QByteArray btfBlob(const QByteArray &types, const QByteArray &strings)
{
    QByteArray blob;
    const auto u32 = [&](quint32 value) { blob.append(reinterpret_cast<const char *>(&value), 4); };
    blob.append(char(0x9f)).append(char(0xeb)).append(char(1)).append(char(0));
    u32(24); // header length
    u32(0); // type offset
    u32(quint32(types.size()));
    u32(quint32(types.size())); // string offset
    u32(quint32(strings.size()));
    return blob + types + strings;
}

QByteArray u32s(std::initializer_list<quint32> values)
{
    QByteArray out;
    for (quint32 value : values)
        out.append(reinterpret_cast<const char *>(&value), 4);
    return out;
}

} // namespace

void TestHelperLines::btfMemberOffsets()
{
    // strings: 0 "", 1 "int", 5 "task_struct", 17 "pid", 21 "comm", 26 "other",
    // 32 "flags", 38 "wrapper"
    const QByteArray strings("\0int\0task_struct\0pid\0comm\0other\0flags\0wrapper\0", 46);
    const quint32 structKind = 4u << 24, unionKind = 5u << 24, intKind = 1u << 24,
                  constKind = 10u << 24, bitfields = 1u << 31;
    // [1] int; [2] struct other { int task_struct; }; [3] struct task_struct
    // { pid @4, flags:3 @5, comm @1752 }; [4] union { int comm; }; [5] const [4];
    // [6] struct wrapper { int pid; const union { int comm; } @16 }
    const QByteArray types = u32s({1, intKind, 4, 32}) + u32s({26, structKind | 1, 8, 5, 1, 0})
        + u32s({5, structKind | bitfields | 3, 2048, 17, 1, 32, 32, 1, (3u << 24) | 40, 21, 1,
            1752 * 8})
        + u32s({0, unionKind | 1, 4, 21, 1, 0}) + u32s({0, constKind, 4})
        + u32s({38, structKind | 2, 24, 17, 1, 0, 0, 5, 128});
    const std::string blob = bytes(btfBlob(types, strings));
    QCOMPARE(memtap::probe::btfMemberOffset(blob, "task_struct", "comm"),
        std::optional<std::uint32_t>(1752));
    QCOMPARE(memtap::probe::btfMemberOffset(blob, "task_struct", "pid"),
        std::optional<std::uint32_t>(4));
    QCOMPARE(memtap::probe::btfMemberOffset(blob, "task_struct", "flags"),
        std::optional<std::uint32_t>(5));
    // A member of that name in another struct does not count.
    QVERIFY(!memtap::probe::btfMemberOffset(blob, "other", "comm"));
    QVERIFY(!memtap::probe::btfMemberOffset(blob, "task_struct", "mm"));
    // Members of anonymous unions and structs count, as in C.
    QCOMPARE(
        memtap::probe::btfMemberOffset(blob, "wrapper", "comm"), std::optional<std::uint32_t>(16));
    // Damaged data is "not found", never a read out of bounds.
    for (std::size_t cut = 0; cut < blob.size(); ++cut)
        QVERIFY(!memtap::probe::btfMemberOffset(blob.substr(0, cut), "task_struct", "comm"));
    std::string wrongMagic = blob;
    wrongMagic[0] = 0;
    QVERIFY(!memtap::probe::btfMemberOffset(wrongMagic, "task_struct", "comm"));
    std::string unknownKind = blob;
    unknownKind[24 + 7] = 31; // the first type's kind
    QVERIFY(!memtap::probe::btfMemberOffset(unknownKind, "task_struct", "comm"));
}

// memtap.bt gets comm's offset from the running kernel's BTF; a wrong one
// would print names from the wrong bytes, which the capture tests catch.
void TestHelperLines::btfOfThisKernel()
{
    QFile file(QStringLiteral("/sys/kernel/btf/vmlinux"));
    MEMTAP_REQUIRE(file.open(QIODevice::ReadOnly),
        QStringLiteral("a kernel with BTF (/sys/kernel/btf/vmlinux), as bpftrace needs"));
    const std::string btf = bytes(file.readAll());
    const auto comm = memtap::probe::btfMemberOffset(btf, "task_struct", "comm");
    const auto pid = memtap::probe::btfMemberOffset(btf, "task_struct", "pid");
    const auto startBrk = memtap::probe::btfMemberOffset(btf, "mm_struct", "start_brk");
    QVERIFY(comm && pid && startBrk);
    QVERIFY(*comm > *pid);
    QVERIFY(*comm < 16384);
}

QTEST_GUILESS_MAIN(TestHelperLines)
#include "tst_helperlines.moc"
