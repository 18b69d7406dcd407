// SPDX-License-Identifier: GPL-2.0-or-later
#include "memtapconfig.h"
#include "storage/database.h"
#include "storage/databaseurl.h"
#include "storage/sessionrepository.h"
#include "testsupport.h"
#include "trace/eventparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace memtap;

namespace {

QString memtapctl()
{
    return QStringLiteral(MEMTAP_CTL_PATH);
}

QString helperPath()
{
    return QStringLiteral(MEMTAP_BUILD_HELPER_PATH);
}

// "label: number" lines of the summary, keyed by label ("mmap", "malformed lines", ...).
QMap<QString, qint64> parseSummary(const QByteArray &text)
{
    QMap<QString, qint64> values;
    static const QRegularExpression line(QStringLiteral(R"(^\s*([a-z ]+): (\d+)\b)"));
    static const QRegularExpression written(QStringLiteral(R"(^written: .*, (\d+) bytes$)"));
    static const QRegularExpression baselinePart(
        QStringLiteral(R"((snapshot|map|cmdline): (\d+))"));
    for (const QByteArray &bytes : text.split('\n')) {
        const QString string = QString::fromUtf8(bytes);
        if (const auto match = written.match(string); match.hasMatch()) {
            values.insert(QStringLiteral("written bytes"), match.captured(1).toLongLong());
            continue;
        }
        if (string.startsWith(QLatin1String("baseline records"))) {
            auto parts = baselinePart.globalMatch(string);
            while (parts.hasNext()) {
                const auto part = parts.next();
                values.insert(part.captured(1), part.captured(2).toLongLong());
            }
        }
        if (const auto match = line.match(string); match.hasMatch())
            values.insert(match.captured(1), match.captured(2).toLongLong());
    }
    return values;
}

struct ParsedTrace
{
    ParserCounters counters;
    TraceMetadata metadata;
    QString fatalError;
    std::vector<Event> events;
};

ParsedTrace parseTrace(const QByteArray &bytes)
{
    EventParser parser;
    ParsedTrace trace;
    parser.feed(bytes, trace.events);
    parser.finish(trace.events);
    trace.counters = parser.counters();
    trace.metadata = parser.metadata();
    trace.fatalError = parser.fatalError();
    return trace;
}

// Starts memtapctl record and waits until it says the tracer is attached.
bool startRecording(QProcess &process, const QStringList &arguments, QByteArray *standardError)
{
    process.start(memtapctl(), QStringList {QStringLiteral("record")} + arguments);
    if (!process.waitForStarted(10000))
        return false;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 120000) {
        if (standardError->contains("capturing with"))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
        process.waitForReadyRead(100);
        standardError->append(process.readAllStandardError());
    }
    return false;
}

// Runs the test client once, so that the capture holds calls we know about.
int runTestClient()
{
    QProcess client;
    client.start(QStringLiteral(MEMTAP_TESTCLIENT_PATH), {QStringLiteral("calls")});
    if (!client.waitForFinished(30000) || client.exitCode() != 0)
        return -1;
    return static_cast<int>(client.readAllStandardOutput().count("\tmmap\t"));
}

void compareSummaryWithTrace(const QMap<QString, qint64> &summary, const ParsedTrace &trace)
{
    for (std::size_t i = 0; i < callCount; ++i) {
        const QString name = QString::fromLatin1(callNames[i]);
        QVERIFY2(summary.contains(name), qPrintable(name));
        QCOMPARE(summary.value(name), qint64(trace.counters.byCall[i]));
    }
    QCOMPARE(summary.value(QStringLiteral("events")), qint64(trace.counters.events()));
    QCOMPARE(
        summary.value(QStringLiteral("malformed lines"), -1), qint64(trace.counters.malformed));
    QCOMPARE(
        summary.value(QStringLiteral("dropped events"), -1), qint64(trace.counters.lostEvents));
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

class TestRecordCommand : public QObject
{
    Q_OBJECT

    QTemporaryDir m_directory;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_directory.isValid());
        QVERIFY2(QFileInfo(memtapctl()).isExecutable(), MEMTAP_CTL_PATH);
        QVERIFY2(QFileInfo(QStringLiteral(MEMTAP_TESTCLIENT_PATH)).isExecutable(),
            MEMTAP_TESTCLIENT_PATH);
    }

    void refusesBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = QStringLiteral("/tmp/memtap-never-written.v1");
        QTest::newRow("unknown backend") << QStringList {QStringLiteral("--backend"),
            QStringLiteral("dtrace"), QStringLiteral("--output"), out}
                                         << 2 << QStringLiteral("unknown backend \"dtrace\"");
        QTest::newRow("no output")
            << QStringList {QStringLiteral("--backend"), QStringLiteral("bpftrace")} << 2
            << QStringLiteral("--output FILE is required");
        QTest::newRow("negative duration") << QStringList {QStringLiteral("--duration"),
            QStringLiteral("-3"), QStringLiteral("--output"),
            out} << 2 << QStringLiteral("--duration needs a positive number");
        QTest::newRow("duration not a number") << QStringList {QStringLiteral("--duration"),
            QStringLiteral("soon"), QStringLiteral("--output"),
            out} << 2 << QStringLiteral("--duration needs a positive number");
        QTest::newRow("unknown elevation") << QStringList {QStringLiteral("--elevation"),
            QStringLiteral("doas"), QStringLiteral("--output"), out}
                                           << 2 << QStringLiteral("unknown elevation \"doas\"");
        QTest::newRow("unknown option")
            << QStringList {QStringLiteral("--frobnicate")} << 2 << QStringLiteral("frobnicate");
        QTest::newRow("stray argument")
            << QStringList {QStringLiteral("--output"), out, QStringLiteral("extra")} << 2
            << QStringLiteral("unexpected argument \"extra\"");
        QTest::newRow("unknown database")
            << QStringList {QStringLiteral("--db"), QStringLiteral("postgres://db.example/memtap")}
            << 2 << QStringLiteral("is not a database URL");
        QTest::newRow("unwritable output")
            << QStringList {QStringLiteral("--output"), QStringLiteral("/nonexistent/dir/trace.v1")}
            << 1 << QStringLiteral("cannot write /nonexistent/dir/trace.v1");
        QTest::newRow("missing helper")
            << QStringList {QStringLiteral("--output"),
                   m_directory.filePath(QStringLiteral("h.v1")), QStringLiteral("--elevation"),
                   QStringLiteral("none"), QStringLiteral("--helper"),
                   QStringLiteral("/nonexistent/memtap-probe")}
            << 1 << QStringLiteral("not installed at /nonexistent/memtap-probe");
    }

    void refusesBadArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QProcess process;
        process.start(memtapctl(), QStringList {QStringLiteral("record")} + arguments);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        const QString standardError = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), exitCode);
        QVERIFY2(standardError.contains(message), qPrintable(standardError));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/memtap-never-written.v1")));
    }

    void helpListsTheOptions()
    {
        QProcess process;
        process.start(memtapctl(), {QStringLiteral("record"), QStringLiteral("--help")});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray help = process.readAllStandardOutput();
        QVERIFY(help.startsWith("Usage: memtapctl record [options]"));
        for (const char *option :
            {"--backend", "--duration", "--output", "--elevation", "--helper"})
            QVERIFY2(help.contains(option), option);
    }

    void recordsToAFile()
    {
        MEMTAP_REQUIRE_CAPTURE();
        const QString output = m_directory.filePath(QStringLiteral("capture.v1"));
        QProcess record;
        QByteArray standardError;
        QVERIFY2(startRecording(record,
                     {QStringLiteral("--backend"), QStringLiteral("bpftrace"),
                         QStringLiteral("--duration"), QStringLiteral("3"),
                         QStringLiteral("--output"), output, QStringLiteral("--elevation"),
                         QStringLiteral("none"), QStringLiteral("--helper"), helperPath()},
                     &standardError),
            standardError.constData());
        const int clientMmaps = runTestClient();
        QVERIFY(clientMmaps > 0);
        QVERIFY(record.waitForFinished(30000));
        standardError += record.readAllStandardError();
        const QByteArray standardOutput = record.readAllStandardOutput();
        QVERIFY2(record.exitCode() == 0, standardError.constData());
        qInfo("%s", standardOutput.constData());

        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const ParsedTrace trace = parseTrace(bytes);
        QVERIFY2(trace.fatalError.isEmpty(), qPrintable(trace.fatalError));
        QVERIFY(trace.metadata.hasHeader());
        QCOMPARE(trace.metadata.backend, QByteArray("bpftrace"));
        QVERIFY(trace.counters.byCall[std::size_t(Call::Mmap)] >= std::uint64_t(clientMmaps));

        const auto summary = parseSummary(standardOutput);
        compareSummaryWithTrace(summary, trace);
        QCOMPARE(summary.value(QStringLiteral("written bytes")), qint64(bytes.size()));
        QVERIFY(standardOutput.startsWith("memtapctl record: bpftrace, duration reached after "));
    }

    void recordsToStandardOutput()
    {
        MEMTAP_REQUIRE_CAPTURE();
        QProcess record;
        QByteArray standardError;
        QVERIFY2(
            startRecording(record,
                {QStringLiteral("--backend"), QStringLiteral("bpftrace"),
                    QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--output"),
                    QStringLiteral("-"), QStringLiteral("--elevation"), QStringLiteral("none"),
                    QStringLiteral("--helper"), helperPath()},
                &standardError),
            standardError.constData());
        QVERIFY(runTestClient() > 0);
        QVERIFY(record.waitForFinished(30000));
        standardError += record.readAllStandardError();
        QVERIFY2(record.exitCode() == 0, standardError.constData());

        const QByteArray stream = record.readAllStandardOutput();
        const ParsedTrace trace = parseTrace(stream);
        QVERIFY2(trace.fatalError.isEmpty(), qPrintable(trace.fatalError));
        QVERIFY(trace.metadata.hasHeader());
        QVERIFY(trace.counters.byCall[std::size_t(Call::Mmap)] > 0);
        QVERIFY(!stream.contains("memtapctl record:"));
        const auto summary = parseSummary(standardError);
        compareSummaryWithTrace(summary, trace);
        QCOMPARE(summary.value(QStringLiteral("written bytes")), qint64(stream.size()));
    }

    // --db: the capture also becomes a session of the database, with every
    // event the summary counts (SQLite here; the store itself is tested
    // against MariaDB in tests/storage).
    void recordsIntoADatabase()
    {
        MEMTAP_REQUIRE_CAPTURE();
        const QString output = m_directory.filePath(QStringLiteral("stored.v1"));
        const QString databasePath = m_directory.filePath(QStringLiteral("capture.sqlite"));
        QProcess record;
        QByteArray standardError;
        QVERIFY2(startRecording(record,
                     {QStringLiteral("--backend"), QStringLiteral("bpftrace"),
                         QStringLiteral("--duration"), QStringLiteral("2"),
                         QStringLiteral("--output"), output, QStringLiteral("--db"),
                         QStringLiteral("sqlite:") + databasePath, QStringLiteral("--elevation"),
                         QStringLiteral("none"), QStringLiteral("--helper"), helperPath()},
                     &standardError),
            standardError.constData());
        QVERIFY(runTestClient() > 0);
        QVERIFY(record.waitForFinished(60000));
        standardError += record.readAllStandardError();
        const QByteArray standardOutput = record.readAllStandardOutput();
        QVERIFY2(record.exitCode() == 0, standardError.constData());
        qInfo("%s", standardOutput.constData());

        static const QRegularExpression sessionLine(QStringLiteral(
            R"(database: sqlite:.*, session (\d+), (\d+) events and (\d+) baseline)"));
        const auto match = sessionLine.match(QString::fromUtf8(standardOutput));
        QVERIFY2(match.hasMatch(), standardOutput.constData());
        const qint64 sessionId = match.captured(1).toLongLong();

        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ParsedTrace trace = parseTrace(file.readAll());
        const auto summary = parseSummary(standardOutput);
        compareSummaryWithTrace(summary, trace);
        QCOMPARE(match.captured(2).toLongLong(), qint64(trace.counters.events()));

        QString error;
        const auto database = Database::open(DatabaseUrl::sqlite(databasePath), &error);
        QVERIFY2(database, qPrintable(error));
        SessionRepository sessions(*database);
        const auto stored = sessions.session(sessionId);
        QVERIFY2(stored.has_value(), qPrintable(sessions.errorString()));
        QCOMPARE(stored->source, QStringLiteral("record"));
        QCOMPARE(stored->backend, QStringLiteral("bpftrace"));
        QCOMPARE(stored->endReason, QStringLiteral("duration"));
        QCOMPARE(stored->eventCount, trace.counters.events());
        QCOMPARE(stored->baselineRecordCount, trace.counters.records - trace.counters.events());
        QCOMPARE(stored->lostEvents, trace.counters.lostEvents);
        QCOMPARE(stored->malformedLines, trace.counters.malformed);
        QSqlQuery count(database->connection());
        QVERIFY(count.exec(
            QStringLiteral("SELECT COUNT(*) FROM events WHERE session_id = %1").arg(sessionId)));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toULongLong(), quint64(trace.counters.events()));
    }

    // A full disk or a reader that went away ends the capture with one sentence,
    // and the helper with it.
    void outputFailureEndsTheCapture_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("message");
        QTest::newRow("disk full")
            << QStringLiteral("/dev/full") << QStringLiteral("No space left on device");
        QTest::newRow("reader gone") << QStringLiteral("-") << QStringLiteral("Broken pipe");
    }

    void outputFailureEndsTheCapture()
    {
        QFETCH(QString, output);
        QFETCH(QString, message);
        MEMTAP_REQUIRE_CAPTURE();
        const QStringList arguments {QStringLiteral("record"), QStringLiteral("--backend"),
            QStringLiteral("bpftrace"), QStringLiteral("--duration"), QStringLiteral("30"),
            QStringLiteral("--output"), output, QStringLiteral("--elevation"),
            QStringLiteral("none"), QStringLiteral("--helper"), helperPath()};
        QProcess record;
        if (output == QLatin1String("-")) {
            // A reader that takes 1000 bytes and leaves, as `| head -c 1000` does.
            const QStringList shell {QStringLiteral("-c"),
                QStringLiteral("set -o pipefail; \"$0\" \"$@\" | head -c 1000 > /dev/null"),
                memtapctl()};
            record.start(QStringLiteral("/bin/bash"), shell + arguments);
        } else {
            record.start(memtapctl(), arguments);
        }
        QVERIFY(record.waitForStarted(10000));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(record.waitForFinished(60000));
        const QString standardError = QString::fromUtf8(record.readAllStandardError());
        qInfo("ended after %lld ms", clock.elapsed());
        QCOMPARE(record.exitStatus(), QProcess::NormalExit);
        QVERIFY2(record.exitCode() == 1, qPrintable(standardError));
        QVERIFY2(standardError.contains(QLatin1String("Writing the captured stream failed"))
                && standardError.contains(message),
            qPrintable(standardError));
        QVERIFY(clock.elapsed() < 20000); // well before the 30 s duration
        QVERIFY(QFileInfo(QStringLiteral("/dev/full")).exists());
    }

    // Ctrl-C (SIGINT) and SIGTERM stop the capture cleanly and still print the summary.
    void signalStopsCleanly_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }

    void signalStopsCleanly()
    {
        QFETCH(int, signalNumber);
        MEMTAP_REQUIRE_CAPTURE();
        const QString output = m_directory.filePath(QStringLiteral("interrupted.v1"));
        QProcess record;
        QByteArray standardError;
        QVERIFY2(startRecording(record,
                     {QStringLiteral("--backend"), QStringLiteral("bpftrace"),
                         QStringLiteral("--output"), output, QStringLiteral("--elevation"),
                         QStringLiteral("none"), QStringLiteral("--helper"), helperPath()},
                     &standardError),
            standardError.constData());
        QVERIFY(runTestClient() > 0);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid_t(record.processId()), signalNumber), 0);
        QVERIFY(record.waitForFinished(10000));
        qInfo("stopped %lld ms after the signal", clock.elapsed());
        standardError += record.readAllStandardError();
        QCOMPARE(record.exitStatus(), QProcess::NormalExit);
        QVERIFY2(record.exitCode() == 0, standardError.constData());
        const QByteArray standardOutput = record.readAllStandardOutput();
        QVERIFY2(standardOutput.contains("stopped by the user"), standardOutput.constData());

        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const ParsedTrace trace = parseTrace(file.readAll());
        QVERIFY(trace.counters.byCall[std::size_t(Call::Mmap)] > 0);
        compareSummaryWithTrace(parseSummary(standardOutput), trace);
    }
};

QTEST_GUILESS_MAIN(TestRecordCommand)
#include "tst_recordcommand.moc"
