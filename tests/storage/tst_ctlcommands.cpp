// SPDX-License-Identifier: GPL-2.0-or-later
// memtapctl import, sessions and export, run as a user runs them (the built
// memtapctl in a child process) against SQLite and the fixture's MariaDB.
#include "export/csvwriter.h"
#include "export/isotime.h"
#include "storage/database.h"
#include "storage/requestlogquery.h"
#include "storage/sessionrepository.h"
#include "storagetestsupport.h"
#include "testsupport.h"
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"
#include "trace/traceescaping.h"
#include "trace/tracefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace memtap;
using namespace memtap::test;

namespace {

ProgramRun memtapctl(const QStringList &arguments)
{
    return runProgram(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"), arguments);
}

QByteArray gzip(const QByteArray &data)
{
    z_stream stream {};
    deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&stream, uLong(data.size()))) + 64, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// What the parser makes of a whole trace file.
struct Parsed
{
    ParserCounters counters;
    std::vector<Event> events; // without baseline records
};

Parsed parseFile(const QString &path)
{
    Parsed parsed;
    TraceFile trace;
    if (!trace.open(path))
        return parsed;
    EventParser parser;
    std::vector<Event> records;
    for (QByteArrayView chunk = trace.read(); !chunk.isEmpty(); chunk = trace.read())
        parser.feed(chunk, records);
    parser.finish(records);
    parsed.counters = parser.counters();
    for (Event &record : records) {
        if (!isBaselineRecord(record.call))
            parsed.events.push_back(std::move(record));
    }
    return parsed;
}

QByteArray syntheticTrace(std::uint64_t seed, std::uint64_t events)
{
    SyntheticTrace::Options options;
    options.seed = seed;
    options.events = events;
    options.processes = 25;
    options.hostileNames = true;
    return SyntheticTrace::text(options);
}

std::int64_t sessionIdFrom(const QByteArray &out)
{
    static const QRegularExpression pattern(
        QStringLiteral("^session: (\\d+)$"), QRegularExpression::MultilineOption);
    const auto match = pattern.match(QString::fromUtf8(out));
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

QByteArray isoTime(const StoredSession &session, std::int64_t timestampNs)
{
    return IsoTime::fromNanoseconds(timestampNs + session.realtimeOffsetNs.value_or(0));
}

// The cell text CsvWriter makes of bytes, as a reader sees it.
QByteArray decoded(const QByteArray &cell)
{
    return CsvWriter::unescapeBytes(cell.startsWith('\'') ? cell.mid(1) : cell);
}

} // namespace

class TestCtlCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importsTraces_data();
    void importsTraces();
    void reportsMalformedLinesWithLineNumbers_data() { backendColumn(); }
    void reportsMalformedLinesWithLineNumbers();
    void refusesOtherFormats_data() { backendColumn(); }
    void refusesOtherFormats();
    void keepsWhatPrecedesACorruptGzip_data() { backendColumn(); }
    void keepsWhatPrecedesACorruptGzip();
    void listsSessions_data() { backendColumn(); }
    void listsSessions();
    void showsAKilledImportAsInterrupted_data() { backendColumn(); }
    void showsAKilledImportAsInterrupted();
    void exportsProcesses_data() { backendColumn(); }
    void exportsProcesses();
    void exportsRequestsWithFilters_data() { backendColumn(); }
    void exportsRequestsWithFilters();
    void hostileNamesRoundTripThroughDatabaseAndCsv_data() { backendColumn(); }
    void hostileNamesRoundTripThroughDatabaseAndCsv();
    void explainsUsageErrors();

private:
    static void backendColumn()
    {
        QTest::addColumn<QString>("backend");
        addBackendRows();
    }
    // Imports path into database; returns the session id (0 on failure).
    std::int64_t import(const TestDatabase &database, const QString &path);

    QTemporaryDir m_dir;
    QString m_syntheticPath;
    QString m_syntheticGzipPath;
};

void TestCtlCommands::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl")));
    const QByteArray text = syntheticTrace(11, 20000);
    m_syntheticPath = m_dir.filePath(QStringLiteral("synthetic.v1"));
    m_syntheticGzipPath = m_dir.filePath(QStringLiteral("synthetic.v1.gz"));
    QVERIFY(writeFile(m_syntheticPath, text));
    QVERIFY(writeFile(m_syntheticGzipPath, gzip(text)));
}

std::int64_t TestCtlCommands::import(const TestDatabase &database, const QString &path)
{
    const ProgramRun run = memtapctl(
        {QStringLiteral("import"), path, QStringLiteral("--db"), database.url().toString()});
    if (run.exitCode != 0) {
        qWarning("import failed (%d): %s", run.exitCode, run.standardError.constData());
        return 0;
    }
    return sessionIdFrom(run.standardOutput);
}

void TestCtlCommands::importsTraces_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("trace");
    for (const char *backend : {"sqlite", "mariadb"}) {
        QTest::addRow("%s, plain", backend)
            << QString::fromLatin1(backend) << QStringLiteral("plain");
        QTest::addRow("%s, gzip", backend)
            << QString::fromLatin1(backend) << QStringLiteral("gzip");
        QTest::addRow("%s, recorded", backend)
            << QString::fromLatin1(backend) << QStringLiteral("recorded");
    }
}

void TestCtlCommands::importsTraces()
{
    QFETCH(QString, backend);
    QFETCH(QString, trace);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    QString path = trace == QLatin1String("plain") ? m_syntheticPath : m_syntheticGzipPath;
    if (trace == QLatin1String("recorded")) {
        path = QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz");
        QVERIFY(!path.isEmpty());
    }
    const Parsed parsed = parseFile(path);
    QVERIFY(parsed.counters.events() > 0);

    const ProgramRun run = memtapctl(
        {QStringLiteral("import"), path, QStringLiteral("--db"), database.url().toString()});
    QVERIFY2(run.exitCode == 0, run.standardError.constData());
    const std::int64_t sessionId = sessionIdFrom(run.standardOutput);
    QVERIFY2(sessionId > 0, run.standardOutput.constData());
    QVERIFY2(run.standardOutput.contains(
                 "events: " + QByteArray::number(quint64(parsed.counters.events()))),
        run.standardOutput.constData());

    auto db = Database::open(database.url(), nullptr);
    QVERIFY(db);
    SessionRepository repository(*db);
    const auto session = repository.session(sessionId);
    QVERIFY(session);
    // Nothing lost: the database holds what the parser accepted, in order.
    QCOMPARE(session->eventCount, parsed.counters.events());
    QCOMPARE(session->baselineRecordCount, parsed.counters.records - parsed.counters.events());
    QCOMPARE(session->malformedLines, parsed.counters.malformed);
    QCOMPARE(session->lostEvents, parsed.counters.lostEvents);
    QCOMPARE(session->endReason, QStringLiteral("end-of-trace"));
    QCOMPARE(session->source, QStringLiteral("import"));
    QVERIFY(session->processCount > 0);
    QVERIFY(session->realtimeOffsetNs.has_value());

    RequestLogQuery log(*db, sessionId);
    QVERIFY(log.refresh());
    QCOMPARE(log.rowCount(), parsed.events.size());
    const auto rows = log.rows(0, parsed.events.size());
    QCOMPARE(rows.size(), parsed.events.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Event &a = rows[i].event;
        const Event &b = parsed.events[i];
        QCOMPARE(rows[i].id, std::int64_t(i + 1));
        QVERIFY2(a.timestampNs == b.timestampNs && a.pid == b.pid && a.tid == b.tid
                && a.call == b.call && a.address == b.address && a.length == b.length
                && a.prot == b.prot && a.flags == b.flags && a.fd == b.fd && a.offset == b.offset
                && a.result == b.result && a.name == b.name && a.ppid == b.ppid && a.uid == b.uid,
            qPrintable(QStringLiteral("row %1 differs").arg(i)));
    }
}

void TestCtlCommands::reportsMalformedLinesWithLineNumbers()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    QList<QByteArray> lines = syntheticTrace(3, 50).split('\n');
    // Lines 10 and 15 (1-based) become records that do not parse.
    lines[9] = "1234\tnot a record";
    lines[14] = "99\t1\t1\t1\t0\tmmap\t0xZZ\t1\t1\t1\t-1\t0\t0\tx";
    const QString path = m_dir.filePath(QStringLiteral("broken.v1"));
    QVERIFY(writeFile(path, lines.join('\n')));

    const ProgramRun run = memtapctl(
        {QStringLiteral("import"), path, QStringLiteral("--db"), database.url().toString()});
    QVERIFY2(run.exitCode == 0, run.standardError.constData());
    QVERIFY2(run.standardError.contains("broken.v1:10: "), run.standardError.constData());
    QVERIFY2(run.standardError.contains("broken.v1:15: "), run.standardError.constData());
    QVERIFY2(run.standardOutput.contains("malformed lines: 2"), run.standardOutput.constData());
    auto db = Database::open(database.url(), nullptr);
    SessionRepository repository(*db);
    QCOMPARE(
        repository.session(sessionIdFrom(run.standardOutput))->malformedLines, std::uint64_t(2));
}

void TestCtlCommands::refusesOtherFormats()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    struct Case
    {
        const char *file;
        QByteArray content;
    };
    const Case cases[] = {
        {"export.csv", "pid,name\r\n1,bash\r\n"},
        {"future.v1", "#memtap\t2\tbpftrace\n1\t2\t3\n"},
        {"empty.v1", ""},
        {"binary.gz", QByteArray("\x1f\x8b\x08\x00garbage-after-the-magic", 27)},
    };
    for (const Case &c : cases) {
        const QString path = m_dir.filePath(QString::fromLatin1(c.file));
        QVERIFY(writeFile(path, c.content));
        const ProgramRun run = memtapctl(
            {QStringLiteral("import"), path, QStringLiteral("--db"), database.url().toString()});
        QVERIFY2(run.exitCode == 1, c.file);
        QVERIFY2(run.standardError.startsWith("memtapctl import: ")
                && run.standardError.contains(c.file),
            run.standardError.constData());
        QCOMPARE(run.standardError.count('\n'), 1); // one sentence
    }
    // No session was created for any of them.
    auto db = Database::open(database.url(), nullptr);
    QVERIFY(db);
    SessionRepository repository(*db);
    QCOMPARE(repository.sessions().size(), std::size_t(0));
}

void TestCtlCommands::keepsWhatPrecedesACorruptGzip()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    QFile whole(m_syntheticGzipPath);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray compressed = whole.readAll();
    const QString path = m_dir.filePath(QStringLiteral("truncated.v1.gz"));
    QVERIFY(writeFile(path, compressed.left(compressed.size() / 2)));

    const ProgramRun run = memtapctl(
        {QStringLiteral("import"), path, QStringLiteral("--db"), database.url().toString()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.standardError.contains("truncated.v1.gz"), run.standardError.constData());
    const std::int64_t sessionId = sessionIdFrom(run.standardOutput);
    QVERIFY(sessionId > 0);
    auto db = Database::open(database.url(), nullptr);
    SessionRepository repository(*db);
    const auto session = repository.session(sessionId);
    QCOMPARE(session->endReason, QStringLiteral("import-failed"));
    QVERIFY(session->eventCount > 0);
    QVERIFY(session->eventCount < parseFile(m_syntheticPath).counters.events());
    QVERIFY2(
        run.standardError.contains(QByteArray::number(quint64(session->eventCount)) + " events"),
        run.standardError.constData());
}

void TestCtlCommands::listsSessions()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    const std::int64_t first = import(database, m_syntheticPath);
    const std::int64_t second
        = import(database, QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"));
    QVERIFY(first > 0 && second > first);

    const ProgramRun table = memtapctl(
        {QStringLiteral("sessions"), QStringLiteral("--db"), database.url().toString()});
    QCOMPARE(table.exitCode, 0);
    const QList<QByteArray> lines = table.standardOutput.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith("ID  START (UTC)"));
    QVERIFY2(lines[2].contains(" vm ") && lines[2].contains("bpftrace")
            && lines[2].contains("91485") && lines[2].contains("end-of-trace"),
        lines[2].constData());

    const ProgramRun json = memtapctl({QStringLiteral("sessions"), QStringLiteral("--db"),
        database.url().toString(), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.standardOutput, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray sessions = document.array();
    QCOMPARE(sessions.size(), 2);
    const QJsonObject recorded = sessions[1].toObject();
    QCOMPARE(recorded[QStringLiteral("id")].toInteger(), second);
    QCOMPARE(recorded[QStringLiteral("events")].toInteger(), 91485);
    QCOMPARE(recorded[QStringLiteral("baseline_records")].toInteger(), 50975);
    QCOMPARE(recorded[QStringLiteral("host")].toString(), QStringLiteral("vm"));
    QCOMPARE(recorded[QStringLiteral("backend")].toString(), QStringLiteral("bpftrace"));
    QCOMPARE(recorded[QStringLiteral("dropped_events")].toInteger(), 0);
    QCOMPARE(recorded[QStringLiteral("mem_total_bytes")].toInteger(), 25276510208);
    QVERIFY(recorded[QStringLiteral("start")].toString().startsWith(QLatin1String("2026-")));
    QVERIFY(recorded[QStringLiteral("duration_ns")].toInteger() > 80'000'000'000);
}

void TestCtlCommands::showsAKilledImportAsInterrupted()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    const std::int64_t ended = import(database, m_syntheticPath);
    QVERIFY(ended > 0);

    // An import from a pipe that stays open writes its session and then
    // waits; killing it leaves the session without an end, as a crash does.
    QProcess importer;
    importer.start(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"),
        {QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--db"),
            database.url().toString()});
    QVERIFY(importer.waitForStarted());
    QFile trace(m_syntheticPath);
    QVERIFY(trace.open(QIODevice::ReadOnly));
    const QByteArray text = trace.readAll();
    importer.write(text.left(text.lastIndexOf('\n', text.size() / 2) + 1));
    QVERIFY(importer.waitForBytesWritten(30000));
    std::int64_t killed = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QString error;
            auto db = Database::open(database.url(), &error);
            if (!db)
                return false;
            for (const StoredSession &s : SessionRepository(*db).sessions()) {
                if (s.id > ended && s.eventCount > 0)
                    killed = s.id;
            }
            return killed > 0;
        }(),
        60000);
    importer.kill();
    QVERIFY(importer.waitForFinished(30000));

    auto sessionsRun = [&](bool json) {
        QStringList arguments {
            QStringLiteral("sessions"), QStringLiteral("--db"), database.url().toString()};
        if (json)
            arguments << QStringLiteral("--json");
        return memtapctl(arguments);
    };
    // Its heartbeat is fresh: for all anyone can tell, it is still writing.
    ProgramRun table = sessionsRun(false);
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.standardOutput.trimmed().split('\n').last().endsWith("(recording)"),
        table.standardOutput.constData());

    // Three minutes later nothing has beaten: no running writer is that quiet.
    {
        QString error;
        auto db = Database::open(database.url(), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        q.prepare(QStringLiteral(
            "UPDATE sessions SET heartbeat_at_ns = heartbeat_at_ns - ? WHERE id = ?"));
        q.addBindValue(qint64(180'000'000'000));
        q.addBindValue(qint64(killed));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    table = sessionsRun(false);
    QCOMPARE(table.exitCode, 0);
    const QList<QByteArray> lines = table.standardOutput.trimmed().split('\n');
    QVERIFY2(lines.last().endsWith("(interrupted)"), table.standardOutput.constData());
    QVERIFY2(lines[1].endsWith("end-of-trace"), table.standardOutput.constData());

    const ProgramRun json = sessionsRun(true);
    QCOMPARE(json.exitCode, 0);
    const QJsonArray sessions = QJsonDocument::fromJson(json.standardOutput).array();
    QCOMPARE(sessions.size(), 2);
    QCOMPARE(sessions[0].toObject()[QStringLiteral("state")].toString(), QStringLiteral("ended"));
    const QJsonObject interrupted = sessions[1].toObject();
    QCOMPARE(interrupted[QStringLiteral("id")].toInteger(), killed);
    QCOMPARE(interrupted[QStringLiteral("state")].toString(), QStringLiteral("interrupted"));
    QVERIFY(interrupted[QStringLiteral("end_reason")].isNull());
    QVERIFY(interrupted[QStringLiteral("heartbeat_at")].toString().startsWith(
        QString::number(QDate::currentDate().year())));
}

void TestCtlCommands::exportsProcesses()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    const std::int64_t sessionId
        = import(database, QFINDTESTDATA("../data/busy-build-bpftrace.v1.gz"));
    QVERIFY(sessionId > 0);
    const QString csvPath = m_dir.filePath(QStringLiteral("processes-%1.csv").arg(backend));
    // The newest session is the default.
    const ProgramRun run = memtapctl({QStringLiteral("export"), QStringLiteral("processes"),
        QStringLiteral("--db"), database.url().toString(), QStringLiteral("--output"), csvPath});
    QVERIFY2(run.exitCode == 0, run.standardError.constData());
    QFile file(csvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto rows = parseCsv(file.readAll());
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows[0],
        QList<QByteArray>({"pid", "name", "user", "mmap_calls", "munmap_calls", "requested_bytes",
            "released_bytes", "net_bytes", "live_bytes", "percent_of_ram", "first_seen",
            "last_seen"}));

    auto db = Database::open(database.url(), nullptr);
    SessionRepository repository(*db);
    const auto session = repository.session(sessionId);
    const auto processes = repository.processes(sessionId);
    QCOMPARE(rows.size() - 1, qsizetype(processes.size()));
    static const QRegularExpression iso(
        QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z$"));
    bool someLive = false;
    bool releasedMoreThanRequested = false;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QList<QByteArray> &row = rows[i];
        const ProcessFigures &p = processes[std::size_t(i - 1)].figures;
        QCOMPARE(row.size(), 12);
        QCOMPARE(row[0].toInt(), p.pid);
        QCOMPARE(decoded(row[1]), p.name);
        // Imported on the host that recorded it? Then user names, else uids.
        QVERIFY(row[2] == processes[std::size_t(i - 1)].userName.toUtf8()
            || row[2] == QByteArray::number(qint64(p.uid)));
        QCOMPARE(row[3].toULongLong(), p.mmapCalls);
        QCOMPARE(row[4].toULongLong(), p.munmapCalls);
        QCOMPARE(row[5].toULongLong(), p.requestedBytes);
        QCOMPARE(row[6].toULongLong(), p.releasedBytes);
        // Clamped at zero, as the original tool computed it.
        QCOMPARE(row[7].toULongLong(),
            p.requestedBytes > p.releasedBytes ? p.requestedBytes - p.releasedBytes : 0);
        releasedMoreThanRequested = releasedMoreThanRequested || p.releasedBytes > p.requestedBytes;
        QCOMPARE(row[8].toULongLong(), p.liveBytes);
        QCOMPARE(row[9],
            QByteArray::number(
                double(p.liveBytes) / double(*session->memTotalBytes) * 100.0, 'f', 4));
        QVERIFY(iso.match(QString::fromLatin1(row[10])).hasMatch());
        QCOMPARE(row[10], isoTime(*session, p.firstSeenNs));
        QCOMPARE(row[11], isoTime(*session, p.lastSeenNs));
        someLive = someLive || p.liveBytes > 0;
    }
    QVERIFY2(someLive, "live_bytes comes from the Accountant");
    QVERIFY2(releasedMoreThanRequested,
        "a process that released what it mapped before the "
        "capture shows net_bytes at zero");

    // Filtered by pid: that process only.
    const int pid = processes.front().figures.pid;
    const ProgramRun filtered = memtapctl({QStringLiteral("export"), QStringLiteral("processes"),
        QStringLiteral("--db"), database.url().toString(), QStringLiteral("--session"),
        QString::number(sessionId), QStringLiteral("--pid"), QString::number(pid),
        QStringLiteral("--output"), QStringLiteral("-")});
    QCOMPARE(filtered.exitCode, 0);
    const auto filteredRows = parseCsv(filtered.standardOutput);
    QVERIFY(filteredRows.size() >= 2);
    for (qsizetype i = 1; i < filteredRows.size(); ++i)
        QCOMPARE(filteredRows[i][0].toInt(), pid);
}

void TestCtlCommands::exportsRequestsWithFilters()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    const std::int64_t sessionId = import(database, m_syntheticGzipPath);
    QVERIFY(sessionId > 0);
    auto db = Database::open(database.url(), nullptr);
    SessionRepository repository(*db);
    const auto session = repository.session(sessionId);
    RequestLogQuery all(*db, sessionId);
    QVERIFY(all.refresh());
    const auto firstRows = all.rows(0, 500);
    // A pid and a name that occur, the name with bytes a shell cannot pass.
    std::int32_t pid = 0;
    QByteArray hostileName;
    for (const StoredEvent &row : firstRows) {
        if (!pid && row.event.call == Call::Mmap)
            pid = row.event.pid;
        if (hostileName.isEmpty()
            && !CsvWriter::escapeBytes(row.event.name.view())
                    .startsWith(row.event.name.toByteArray()))
            hostileName = row.event.name.toByteArray();
    }
    QVERIFY(pid > 0);

    struct Case
    {
        QStringList arguments;
        RequestFilter filter;
    };
    std::vector<Case> cases;
    cases.push_back({{}, {}});
    {
        RequestFilter f;
        f.pid = pid;
        cases.push_back({{QStringLiteral("--pid"), QString::number(pid)}, f});
        f.call = Call::Mmap;
        cases.push_back({{QStringLiteral("--pid"), QString::number(pid), QStringLiteral("--call"),
                             QStringLiteral("mmap")},
            f});
    }
    {
        RequestFilter f;
        f.call = Call::Brk;
        cases.push_back({{QStringLiteral("--call"), QStringLiteral("brk")}, f});
    }
    if (!hostileName.isEmpty()) {
        RequestFilter f;
        f.name = hostileName;
        cases.push_back(
            {{QStringLiteral("--name"), QString::fromLatin1(TraceEscaping::escape(hostileName))},
                f});
    }
    {
        RequestFilter f;
        f.name = firstRows.front().event.name.toByteArray().left(3).toUpper();
        f.nameMatch = RequestFilter::NameMatch::Contains;
        cases.push_back(
            {{QStringLiteral("--name"), QString::fromLatin1(TraceEscaping::escape(f.name)),
                 QStringLiteral("--name-contains")},
                f});
    }

    for (const Case &c : cases) {
        const QString csvPath = m_dir.filePath(QStringLiteral("requests.csv"));
        const ProgramRun run
            = memtapctl(QStringList {QStringLiteral("export"), QStringLiteral("requests"),
                            QStringLiteral("--db"), database.url().toString(),
                            QStringLiteral("--output"), csvPath}
                + c.arguments);
        QVERIFY2(run.exitCode == 0, run.standardError.constData());
        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto rows = parseCsv(file.readAll());
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows[0],
            QList<QByteArray>({"id", "time", "pid", "tid", "name", "call", "address", "length",
                "prot", "flags", "fd", "offset", "result"}));
        RequestLogQuery log(*db, sessionId, c.filter);
        QVERIFY(log.refresh());
        QVERIFY2(rows.size() - 1 == qsizetype(log.rowCount()),
            qPrintable(c.arguments.join(u' ')
                + QStringLiteral(": %1 rows, expected %2")
                      .arg(rows.size() - 1)
                      .arg(log.rowCount())));
        if (!c.filter.isEmpty())
            QVERIFY2(log.rowCount() > 0 && log.rowCount() < all.rowCount(),
                qPrintable(c.arguments.join(u' ')));
        const auto expected = log.rows(0, log.rowCount());
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const QList<QByteArray> &row = rows[i];
            const StoredEvent &e = expected[std::size_t(i - 1)];
            QCOMPARE(row.size(), 13);
            QCOMPARE(row[0].toLongLong(), e.id);
            QCOMPARE(row[1], isoTime(*session, e.event.timestampNs));
            QCOMPARE(row[2].toInt(), e.event.pid);
            QCOMPARE(row[3].toInt(), e.event.tid);
            QCOMPARE(decoded(row[4]), e.event.name.toByteArray());
            QCOMPARE(row[5], QByteArray(callName(e.event.call)));
            QCOMPARE(row[6], "0x" + QByteArray::number(quint64(e.event.address), 16));
            QCOMPARE(row[7].toULongLong(), e.event.length);
            QCOMPARE(row[8].toULongLong(), e.event.prot);
            QCOMPARE(row[9].toULongLong(), e.event.flags);
            QCOMPARE(row[10].toLongLong(), e.event.fd);
            QCOMPARE(row[11].toULongLong(), e.event.offset);
            QCOMPARE(row[12].toLongLong(), e.event.result);
        }
    }
}

void TestCtlCommands::hostileNamesRoundTripThroughDatabaseAndCsv()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    MEMTAP_REQUIRE(
        !python.isEmpty(), QStringLiteral("python3 (its csv module is the reference reader)"));

    // A trace whose processes carry every hostile name.
    const QList<QByteArray> names = hostileNames();
    QByteArray text
        = "#memtap\t1\tbpftrace\n#meta\thost\tvm\n#meta\trealtime_offset_ns\t1700000000000000000\n";
    for (int i = 0; i < names.size(); ++i) {
        Event e;
        e.timestampNs = 1000 + i;
        e.pid = 500 + i;
        e.tid = e.pid;
        e.call = Call::Mmap;
        e.length = 4096;
        e.prot = 3;
        e.flags = 0x22;
        e.result = 0x7f0000000000 + 0x1000 * i;
        QVERIFY(e.name.assign(names[i]));
        text += QByteArray::number(e.timestampNs) + '\t' + QByteArray::number(e.pid) + '\t'
            + QByteArray::number(e.tid) + "\t1\t1000\tmmap\t0x0\t4096\t3\t34\t-1\t0\t"
            + QByteArray::number(e.result) + '\t' + TraceEscaping::escape(names[i]) + '\n';
    }
    const QString tracePath = m_dir.filePath(QStringLiteral("hostile.v1"));
    QVERIFY(writeFile(tracePath, text));
    const std::int64_t sessionId = import(database, tracePath);
    QVERIFY(sessionId > 0);

    for (const QString &table : {QStringLiteral("requests"), QStringLiteral("processes")}) {
        const QString csvPath = m_dir.filePath(table + QStringLiteral("-hostile.csv"));
        const ProgramRun run = memtapctl({QStringLiteral("export"), table, QStringLiteral("--db"),
            database.url().toString(), QStringLiteral("--output"), csvPath});
        QVERIFY2(run.exitCode == 0, run.standardError.constData());
        QProcess reader;
        reader.start(python,
            {QFINDTESTDATA("read_csv_names.py"), csvPath, QStringLiteral("name"),
                QStringLiteral("pid")});
        QVERIFY(reader.waitForFinished(30000));
        QVERIFY2(reader.exitCode() == 0, reader.readAllStandardError().constData());
        const QList<QByteArray> lines = reader.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), names.size());
        for (const QByteArray &line : lines) {
            const QList<QByteArray> fields = line.split(' ');
            const int i = fields[1].toInt() - 500;
            const QByteArray name
                = fields[0] == "-" ? QByteArray() : QByteArray::fromHex(fields[0]);
            QVERIFY2(name == names[i],
                qPrintable(table
                    + QStringLiteral(": pid %1 read back as %2, expected %3")
                          .arg(QString::fromLatin1(fields[1]), QString::fromLatin1(name.toHex()),
                              QString::fromLatin1(names[i].toHex()))));
        }
    }
}

void TestCtlCommands::explainsUsageErrors()
{
    const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("usage.sqlite"));
    struct Case
    {
        QStringList arguments;
        int exitCode;
        QByteArray message;
    };
    const Case cases[] = {
        {{QStringLiteral("import")}, 2, "exactly one trace file"},
        {{QStringLiteral("import"), QStringLiteral("/nonexistent/trace.v1")}, 1,
            "/nonexistent/trace.v1"},
        {{QStringLiteral("import"), m_syntheticPath, QStringLiteral("--db"),
             QStringLiteral("mysql://u:pw@h/db")},
            2, "MEMTAP_DB_PASSWORD"},
        {{QStringLiteral("export"), QStringLiteral("requests"), QStringLiteral("--db"), db}, 2,
            "--output"},
        {{QStringLiteral("export"), QStringLiteral("everything"), QStringLiteral("--db"), db,
             QStringLiteral("-o"), QStringLiteral("-")},
            2, "processes or requests"},
        {{QStringLiteral("export"), QStringLiteral("requests"), QStringLiteral("--db"), db,
             QStringLiteral("--call"), QStringLiteral("open"), QStringLiteral("-o"),
             QStringLiteral("-")},
            2, "unknown call \"open\""},
        {{QStringLiteral("export"), QStringLiteral("processes"), QStringLiteral("--db"), db,
             QStringLiteral("--call"), QStringLiteral("mmap"), QStringLiteral("-o"),
             QStringLiteral("-")},
            2, "only applies to requests"},
        {{QStringLiteral("export"), QStringLiteral("requests"), QStringLiteral("--db"), db,
             QStringLiteral("-o"), QStringLiteral("-")},
            1, "no sessions"},
        {{QStringLiteral("export"), QStringLiteral("requests"), QStringLiteral("--db"), db,
             QStringLiteral("--session"), QStringLiteral("999"), QStringLiteral("-o"),
             QStringLiteral("-")},
            1, "no session 999"},
        {{QStringLiteral("sessions"), QStringLiteral("--db"), QStringLiteral("ftp://x")}, 2,
            "not a database URL"},
    };
    for (const Case &c : cases) {
        const ProgramRun run = memtapctl(c.arguments);
        QVERIFY2(run.exitCode == c.exitCode,
            qPrintable(c.arguments.join(u' ')
                + QStringLiteral(": exit %1, %2")
                      .arg(run.exitCode)
                      .arg(QString::fromUtf8(run.standardError))));
        QVERIFY2(run.standardError.contains(c.message), run.standardError.constData());
        QVERIFY(!run.standardError.contains("pw@"));
    }
}

QTEST_GUILESS_MAIN(TestCtlCommands)
#include "tst_ctlcommands.moc"
