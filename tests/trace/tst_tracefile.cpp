// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/tracefile.h"

#include "tracetestutil.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#include <csignal>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

using namespace memtap;

namespace {

QByteArray gzip(QByteArrayView data, int level = 6)
{
    z_stream stream {};
    if (deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))) + 64, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return {};
    out.resize(qsizetype(stream.total_out));
    return out;
}

bool writeFile(const QString &path, QByteArrayView data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data.data(), data.size()) == data.size();
}

struct ReadResult
{
    QByteArray data;
    int chunks = 0;
    QString error;
    bool atEnd = false;
};

ReadResult readAll(TraceFile &trace)
{
    ReadResult result;
    qint64 lastPosition = 0;
    for (;;) {
        const QByteArrayView chunk = trace.read();
        if (chunk.isEmpty())
            break;
        ++result.chunks;
        result.data += chunk;
        // Progress only moves forward.
        if (trace.position() < lastPosition)
            result.error = QStringLiteral("position went backwards");
        lastPosition = trace.position();
    }
    if (result.error.isEmpty())
        result.error = trace.errorString();
    result.atEnd = trace.atEnd();
    return result;
}

QByteArray sampleTrace(std::uint64_t events)
{
    SyntheticTrace::Options options;
    options.events = events;
    return SyntheticTrace::text(options);
}

// Runs body with standard input reading from a pipe that a thread fills with data.
template<typename Body> void withStdinFrom(const QByteArray &data, Body body)
{
    int fds[2];
    QVERIFY(::pipe(fds) == 0);
    const int savedStdin = ::dup(STDIN_FILENO);
    QVERIFY(savedStdin >= 0);
    QVERIFY(::dup2(fds[0], STDIN_FILENO) >= 0);
    ::close(fds[0]);
    std::thread feeder([&] {
        qsizetype written = 0;
        while (written < data.size()) {
            const auto n
                = ::write(fds[1], data.constData() + written, std::size_t(data.size() - written));
            if (n <= 0)
                break;
            written += n;
        }
        ::close(fds[1]);
    });
    body();
    // Closing the read end first lets the feeder end even when body failed
    // before reading everything.
    ::dup2(savedStdin, STDIN_FILENO);
    ::close(savedStdin);
    feeder.join();
}

} // namespace

class TestTraceFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void readsPlainAndGzip_data();
    void readsPlainAndGzip();
    void concatenatedGzipMembers();
    void emptyFile();
    void parsesWhatItReads();
    void standardInput_data();
    void standardInput();
    void corruptGzip_data();
    void corruptGzip();
    void truncatedGzip();
    void garbageAfterGzip();
    void missingFile();
    void directory();
    void unreadableFile();
    void readError();

private:
    QTemporaryDir m_dir;
    QByteArray m_trace;
};

void TestTraceFile::initTestCase()
{
    // A feeder writing to a pipe whose reader gave up gets EPIPE, not a signal.
    ::signal(SIGPIPE, SIG_IGN);
    QVERIFY(m_dir.isValid());
    // A few MB: several chunks, plain and compressed.
    m_trace = sampleTrace(60000);
    QVERIFY(m_trace.size() > 3 * TraceFile::chunkSize);
}

void TestTraceFile::readsPlainAndGzip_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("compressed");

    // Compression is recognised by content, whatever the name says.
    QTest::newRow("plain") << QStringLiteral("trace.v1") << false;
    QTest::newRow("gzip") << QStringLiteral("trace.v1.gz") << true;
    QTest::newRow("gzip without extension") << QStringLiteral("trace-gz.v1") << true;
    QTest::newRow("plain named .gz") << QStringLiteral("plain.gz") << false;
}

void TestTraceFile::readsPlainAndGzip()
{
    QFETCH(QString, fileName);
    QFETCH(bool, compressed);
    const QString path = m_dir.filePath(fileName);
    const QByteArray stored = compressed ? gzip(m_trace) : m_trace;
    QVERIFY(writeFile(path, stored));

    TraceFile trace;
    QVERIFY2(trace.open(path), qPrintable(trace.errorString()));
    QCOMPARE(trace.isCompressed(), compressed);
    QCOMPARE(trace.size(), qint64(stored.size()));
    QCOMPARE(trace.displayName(), path);
    const ReadResult result = readAll(trace);
    QCOMPARE(result.error, QString());
    QVERIFY(result.atEnd);
    QVERIFY(result.data == m_trace);
    QVERIFY(result.chunks > 1);
    QCOMPARE(trace.position(), trace.size());
    QCOMPARE(trace.decodedBytes(), qint64(m_trace.size()));
    // Reading on after the end gives nothing, and no error.
    QVERIFY(trace.read().isEmpty());
    QVERIFY(!trace.hasError());
}

void TestTraceFile::concatenatedGzipMembers()
{
    const QByteArray first = sampleTrace(2000);
    const QByteArray second = "1\t2\t2\t1\t0\texit\t0x0\t0\t0\t0\t-1\t0\t0\tlast\n";
    const QString path = m_dir.filePath(QStringLiteral("members.gz"));
    QVERIFY(writeFile(path, gzip(first) + gzip(second, 1)));
    TraceFile trace;
    QVERIFY(trace.open(path));
    const ReadResult result = readAll(trace);
    QCOMPARE(result.error, QString());
    QVERIFY(result.data == first + second);
}

void TestTraceFile::emptyFile()
{
    for (const QByteArray &content : {QByteArray(), gzip("")}) {
        const QString path = m_dir.filePath(QStringLiteral("empty"));
        QVERIFY(writeFile(path, content));
        TraceFile trace;
        QVERIFY(trace.open(path));
        QCOMPARE(trace.isCompressed(), !content.isEmpty());
        QVERIFY(trace.read().isEmpty());
        QVERIFY(trace.atEnd());
        QCOMPARE(trace.errorString(), QString());
    }
}

void TestTraceFile::parsesWhatItReads()
{
    const QString path = m_dir.filePath(QStringLiteral("parse.v1.gz"));
    QVERIFY(writeFile(path, gzip(m_trace)));
    TraceFile trace;
    QVERIFY(trace.open(path));
    EventParser fromFile;
    std::vector<Event> fileEvents;
    for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read())
        fromFile.feed(chunk, fileEvents);
    fromFile.finish(fileEvents);
    QVERIFY(trace.atEnd());

    EventParser direct;
    std::vector<Event> directEvents;
    direct.feed(m_trace, directEvents);
    direct.finish(directEvents);
    QCOMPARE(fromFile.counters().malformed, std::uint64_t(0));
    QCOMPARE(fromFile.counters().records, direct.counters().records);
    QVERIFY(memtap::test::sameEvents(fileEvents, directEvents));
}

void TestTraceFile::standardInput_data()
{
    QTest::addColumn<bool>("compressed");
    QTest::newRow("plain") << false;
    QTest::newRow("gzip") << true;
}

void TestTraceFile::standardInput()
{
    QFETCH(bool, compressed);
    const QByteArray stored = compressed ? gzip(m_trace) : m_trace;
    withStdinFrom(stored, [&] {
        TraceFile trace;
        QVERIFY2(trace.open(QStringLiteral("-")), qPrintable(trace.errorString()));
        QCOMPARE(trace.isCompressed(), compressed);
        QCOMPARE(trace.size(), qint64(-1));
        QCOMPARE(trace.displayName(), QStringLiteral("standard input"));
        const ReadResult result = readAll(trace);
        QCOMPARE(result.error, QString());
        QVERIFY(result.data == m_trace);
        QCOMPARE(trace.position(), qint64(stored.size()));
    });
}

void TestTraceFile::corruptGzip_data()
{
    QTest::addColumn<QString>("damage");
    // Where zlib notices depends on what was hit: an invalid code at once, a
    // valid-looking one only at the checksum in the trailer.
    QTest::newRow("first block") << QStringLiteral("first block");
    QTest::newRow("middle") << QStringLiteral("middle");
    QTest::newRow("checksum") << QStringLiteral("checksum");
}

void TestTraceFile::corruptGzip()
{
    QFETCH(QString, damage);
    QByteArray stored = gzip(m_trace);
    qsizetype damageAt = 0;
    qsizetype damageLength = 64;
    if (damage == QLatin1String("first block")) {
        damageAt = 10; // right after the gzip header
    } else if (damage == QLatin1String("middle")) {
        damageAt = stored.size() / 2;
    } else {
        damageAt = stored.size() - 8; // CRC-32 of the trailer
        damageLength = 4;
    }
    for (qsizetype i = damageAt; i < damageAt + damageLength; ++i)
        stored[i] = char(~stored[i]);
    const QString path = m_dir.filePath(QStringLiteral("corrupt.gz"));
    QVERIFY(writeFile(path, stored));
    TraceFile trace;
    QVERIFY(trace.open(path));
    const ReadResult result = readAll(trace);
    QVERIFY(trace.hasError());
    QVERIFY(!result.atEnd);
    const QString prefix
        = QStringLiteral("The trace file %1 is corrupt: its gzip data is damaged at byte ")
              .arg(path);
    QVERIFY2(result.error.startsWith(prefix), qPrintable(result.error));
    // The offset is where zlib noticed: at the damage or after it, never before.
    const qint64 offset
        = result.error.mid(prefix.size()).section(QLatin1Char(' '), 0, 0).toLongLong();
    QVERIFY2(offset >= damageAt && offset <= stored.size(), qPrintable(result.error));
    if (damage == QLatin1String("checksum")) {
        QVERIFY2(result.error.endsWith(QLatin1String("(incorrect data check).")),
            qPrintable(result.error));
        QVERIFY(result.data == m_trace); // delivered, but not to be trusted: the error says so
    }
    if (damage == QLatin1String("first block"))
        QVERIFY(m_trace.startsWith(result.data));
}

void TestTraceFile::truncatedGzip()
{
    const QByteArray stored = gzip(m_trace);
    const QString path = m_dir.filePath(QStringLiteral("truncated.gz"));
    QVERIFY(writeFile(path, stored.first(stored.size() - 1000)));
    TraceFile trace;
    QVERIFY(trace.open(path));
    const ReadResult result = readAll(trace);
    QCOMPARE(result.error,
        QStringLiteral(
            "The trace file %1 is truncated: its gzip data ends at byte %2, before the end of the "
            "compressed stream. Was it copied completely?")
            .arg(path)
            .arg(stored.size() - 1000));
    QVERIFY(m_trace.startsWith(result.data));
    QVERIFY(result.data.size() > m_trace.size() / 2);
}

void TestTraceFile::garbageAfterGzip()
{
    const QByteArray stored = gzip("#memtap\t1\tstap\n");
    const QString path = m_dir.filePath(QStringLiteral("garbage.gz"));
    QVERIFY(writeFile(path, stored + "trailing garbage"));
    TraceFile trace;
    QVERIFY(trace.open(path));
    const ReadResult result = readAll(trace);
    QCOMPARE(result.data, QByteArray("#memtap\t1\tstap\n"));
    QCOMPARE(result.error,
        QStringLiteral("The trace file %1 has unexpected data after its gzip data, at byte %2.")
            .arg(path)
            .arg(stored.size()));
}

void TestTraceFile::missingFile()
{
    TraceFile trace;
    const QString path = m_dir.filePath(QStringLiteral("no-such-trace.v1"));
    QVERIFY(!trace.open(path));
    QCOMPARE(trace.errorString(), QStringLiteral("The trace file %1 does not exist.").arg(path));
    QVERIFY(!trace.isOpen());
    QVERIFY(trace.read().isEmpty());
}

void TestTraceFile::directory()
{
    TraceFile trace;
    QVERIFY(!trace.open(m_dir.path()));
    QCOMPARE(trace.errorString(),
        QStringLiteral("%1 is a directory, not a trace file.").arg(m_dir.path()));
}

void TestTraceFile::unreadableFile()
{
    const QString path = m_dir.filePath(QStringLiteral("secret.v1"));
    QVERIFY(writeFile(path, "#memtap\t1\tstap\n"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    // Root reads any file: open it as an ordinary user would.
    const bool root = ::geteuid() == 0;
    if (root)
        QVERIFY(::seteuid(65534) == 0);
    TraceFile trace;
    const bool opened = trace.open(path);
    if (root)
        QVERIFY(::seteuid(0) == 0);
    QVERIFY(!opened);
    QCOMPARE(trace.errorString(),
        QStringLiteral(
            "Cannot open the trace file %1: Permission denied. Check that you may read it.")
            .arg(path));
}

// A file that opens but cannot be read.
void TestTraceFile::readError()
{
    TraceFile trace;
    const QString path = QStringLiteral("/proc/self/mem");
    QVERIFY(!trace.open(path));
    QVERIFY2(trace.errorString().startsWith(
                 QStringLiteral("Reading the trace file /proc/self/mem failed at byte 0: ")),
        qPrintable(trace.errorString()));
}

QTEST_GUILESS_MAIN(TestTraceFile)
#include "tst_tracefile.moc"
