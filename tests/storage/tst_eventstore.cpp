// SPDX-License-Identifier: GPL-2.0-or-later
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/requestlogquery.h"
#include "storage/schemamigrator.h"
#include "storage/sessionrepository.h"
#include "storage/timelinecodec.h"
#include "storage/wallclock.h"
#include "storagetestsupport.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace memtap;
using namespace memtap::test;

namespace {

bool sameEvent(const Event &a, const Event &b)
{
    return a.timestampNs == b.timestampNs && a.pid == b.pid && a.tid == b.tid && a.ppid == b.ppid
        && a.uid == b.uid && a.call == b.call && a.address == b.address && a.length == b.length
        && a.prot == b.prot && a.flags == b.flags && a.fd == b.fd && a.offset == b.offset
        && a.result == b.result && a.name == b.name;
}

QString describe(const Event &e)
{
    return QStringLiteral("ts=%1 pid=%2 call=%3 addr=%4 len=%5 result=%6 name=%7")
        .arg(e.timestampNs)
        .arg(e.pid)
        .arg(QString::fromLatin1(callName(e.call)))
        .arg(e.address)
        .arg(e.length)
        .arg(e.result)
        .arg(QString::fromLatin1(e.name.toByteArray().toPercentEncoding()));
}

std::vector<Event> memoryEvents(const std::vector<Event> &records)
{
    std::vector<Event> events;
    for (const Event &e : records) {
        if (!isBaselineRecord(e.call))
            events.push_back(e);
    }
    return events;
}

// Writes records as one session and returns its id (0 on failure).
std::int64_t writeSession(const TestDatabase &database, const std::vector<Event> &records,
    std::size_t batchSize = 1000, EventStore::Options options = {})
{
    options.allowBulk = database.allowBulk();
    EventStore store;
    // The writer retries failed transactions; show why while it does.
    QObject::connect(
        &store, &EventStore::writeFailed, &store,
        [](const QString &message) { qWarning("%s", qPrintable(message)); }, Qt::DirectConnection);
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = QStringLiteral("generated");
    if (!store.open(database.url(), start, options)) {
        qWarning("%s", qPrintable(store.errorString()));
        return 0;
    }
    TraceMetadata metadata;
    metadata.formatVersion = 1;
    metadata.backend = "bpftrace";
    metadata.host = "host\twith 'odd' bytes\xff";
    metadata.kernelRelease = "6.1.0-test";
    metadata.memTotalBytes = 25'208'913'920;
    metadata.realtimeOffsetNs = 1'700'000'000'000'000'000;
    store.setMetadata(metadata);
    for (const EventBatchPtr &batch : batches(records, batchSize)) {
        if (!store.append(batch))
            return 0;
    }
    SessionEnd end;
    end.reason = QStringLiteral("end-of-trace");
    if (!store.finish(end)) {
        qWarning("%s", qPrintable(store.errorString()));
        return 0;
    }
    return store.sessionId();
}

std::unique_ptr<Database> openReader(const TestDatabase &database)
{
    QString error;
    auto db = Database::open(database.url(), &error);
    if (!db)
        qWarning("%s", qPrintable(error));
    return db;
}

std::vector<StoredEvent> expectedRows(const std::vector<Event> &events, const RequestFilter &filter)
{
    std::vector<StoredEvent> rows;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event &e = events[i];
        if (filter.pid && e.pid != *filter.pid)
            continue;
        if (filter.call && e.call != *filter.call)
            continue;
        if (!filter.matchesName(e.name.view()))
            continue;
        rows.push_back(StoredEvent {std::int64_t(i + 1), e});
    }
    return rows;
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migratesFromEmpty_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void migratesFromEmpty();
    void movesSqliteTimelinesOffWithoutRowid();
    void finishesAMysqlMigrationCutShortAfterItsAlterTable();
    void refusesNewerSchema_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void refusesNewerSchema();
    void writesEveryEventInOrder_data()
    {
        QTest::addColumn<QString>("backend"), addBackendRows(true);
    }
    void writesEveryEventInOrder();
    void keepsIrregularBaselines_data();
    void keepsIrregularBaselines();
    void storesHostileNamesByteForByte_data()
    {
        QTest::addColumn<QString>("backend"), addBackendRows(true);
    }
    void storesHostileNamesByteForByte();
    void pagesAndFilters_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void pagesAndFilters();
    void refreshFollowsTheWriter_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void refreshFollowsTheWriter();
    void flushesOnTheTimer_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void flushesOnTheTimer();
    void beatsWhileIdle_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void beatsWhileIdle();
    void countsSessionsLeftOpenAsSilentSinceCreated_data()
    {
        QTest::addColumn<QString>("backend"), addBackendRows();
    }
    void countsSessionsLeftOpenAsSilentSinceCreated();
    void storesProcessesAndShare_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void storesProcessesAndShare();
    void keepsSessionsApart_data() { QTest::addColumn<QString>("backend"), addBackendRows(); }
    void keepsSessionsApart();
    void importOfUnstoredRecordsContinuesTheirSession_data()
    {
        QTest::addColumn<QString>("backend"), addBackendRows();
    }
    void importOfUnstoredRecordsContinuesTheirSession();
    void survivesAKilledConnection();
    void givesUpOnErrorsRetryingCannotCure();
};

void TestEventStore::migratesFromEmpty()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    QString error;
    auto db = Database::open(database.url(), &error);
    QVERIFY2(db, qPrintable(error));
    SchemaMigrator migrator(*db);
    QVERIFY(migrator.newestKnownVersion() >= 1);
    QCOMPARE(db->schemaVersion(), migrator.newestKnownVersion());

    const QStringList tables = db->connection().tables();
    for (const char *table : {"schema_version", "sessions", "names", "events",
             "block_counts_by_pid", "block_counts_by_name", "block_counts_by_call",
             "baseline_records", "processes", "live_timelines"})
        QVERIFY2(tables.contains(QLatin1String(table)), table);

    // Opening again applies nothing twice. (The migrator refers to the
    // connection it was made with: ask it before that connection goes.)
    const int newestVersion = migrator.newestKnownVersion();
    db.reset();
    db = Database::open(database.url(), &error);
    QVERIFY2(db, qPrintable(error));
    QSqlQuery count(db->connection());
    QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
    QVERIFY(count.next());
    QCOMPARE(count.value(0).toInt(), newestVersion);
}

// Schema 2 (SQLite): live_timelines is a rowid table; the timelines a version 1
// database holds come through the migration unchanged.
void TestEventStore::movesSqliteTimelinesOffWithoutRowid()
{
    TestDatabase database(QStringLiteral("sqlite"));
    MEMTAP_REQUIRE_BACKEND(database);

    // Long enough to overflow a WITHOUT ROWID page, as the migration's reason.
    std::vector<LiveSample> longTimeline;
    for (std::int64_t i = 0; i < 900; ++i)
        longTimeline.push_back(LiveSample {1'000'000 + i * 37'123, std::uint64_t(i % 17) * 4096});
    const std::vector<LiveSample> shortTimeline {{10, 4096}, {20, 0}};
    {
        // Schema 1 only, as the first released memtap left it.
        const QString connectionName = QStringLiteral("schema1");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
            db.setDatabaseName(database.path());
            QVERIFY(db.open());
            QFile script(QStringLiteral(":/sql/sqlite/001_initial.sql"));
            QVERIFY(script.open(QIODevice::ReadOnly));
            QSqlQuery query(db);
            QVERIFY(query.exec(
                QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                               "description TEXT NOT NULL, applied_at_ns INTEGER NOT NULL)")));
            for (const QString &statement :
                SchemaMigrator::splitStatements(QString::fromUtf8(script.readAll())))
                QVERIFY2(query.exec(statement), qPrintable(query.lastError().text()));
            QVERIFY(
                query.exec(QStringLiteral("INSERT INTO schema_version VALUES (1, 'initial', 0)")));
            QVERIFY(query.prepare(
                QStringLiteral("INSERT INTO live_timelines (session_id, "
                               "process_key, sample_count, samples) VALUES (?, ?, ?, ?)")));
            for (const auto &[key, samples] : {std::pair {std::uint64_t(7), longTimeline},
                     std::pair {std::uint64_t(8), shortTimeline}}) {
                query.addBindValue(1);
                query.addBindValue(qint64(key));
                query.addBindValue(qint64(samples.size()));
                query.addBindValue(TimelineCodec::encode(samples));
                QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
            }
            QVERIFY(TimelineCodec::encode(longTimeline).size() > 2000);
        }
        QSqlDatabase::removeDatabase(connectionName);
    }

    QString error;
    auto db = Database::open(database.url(), &error);
    QVERIFY2(db, qPrintable(error));
    QCOMPARE(db->schemaVersion(), SchemaMigrator(*db).newestKnownVersion());
    QSqlQuery definition(db->connection());
    QVERIFY(definition.exec(
        QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'live_timelines'")));
    QVERIFY(definition.next());
    QVERIFY2(!definition.value(0).toString().contains(QLatin1String("WITHOUT ROWID")),
        qPrintable(definition.value(0).toString()));

    SessionRepository repository(*db);
    QVERIFY(repository.timeline(1, 7) == longTimeline);
    QVERIFY(repository.timeline(1, 8) == shortTimeline);

    // Still one timeline per process: a second one for the same key replaces it.
    QSqlQuery replace(db->connection());
    QVERIFY(
        replace.exec(QStringLiteral("INSERT OR REPLACE INTO live_timelines (session_id, "
                                    "process_key, sample_count, samples) VALUES (1, 8, 0, x'')")));
    QSqlQuery count(db->connection());
    QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM live_timelines")));
    QVERIFY(count.next());
    QCOMPARE(count.value(0).toInt(), 2);
}

// MySQL commits an ALTER TABLE at once: a start-up cut short after it, before
// the schema_version row, leaves the column without the version. The next
// start-up finds the column there and records the version.
void TestEventStore::finishesAMysqlMigrationCutShortAfterItsAlterTable()
{
    TestDatabase database(QStringLiteral("mariadb"));
    MEMTAP_REQUIRE_BACKEND(database);
    QString error;
    int newest = 0;
    {
        auto db = Database::open(database.url(), &error);
        QVERIFY2(db, qPrintable(error));
        newest = db->schemaVersion();
        QVERIFY(newest >= 4);
        QSqlQuery forget(db->connection());
        QVERIFY(forget.exec(QStringLiteral("DELETE FROM schema_version WHERE version >= 3")));
    }
    auto db = Database::open(database.url(), &error);
    QVERIFY2(db, qPrintable(error));
    QCOMPARE(db->schemaVersion(), newest);
    QSqlQuery column(db->connection());
    QVERIFY2(column.exec(QStringLiteral("SELECT continues_session, heartbeat_at_ns FROM sessions")),
        qPrintable(column.lastError().text()));
}

void TestEventStore::refusesNewerSchema()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    QString error;
    {
        auto db = Database::open(database.url(), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery insert(db->connection());
        QVERIFY(insert.exec(QStringLiteral("INSERT INTO schema_version (version, description, "
                                           "applied_at_ns) VALUES (999, 'from the future', 0)")));
    }
    auto db = Database::open(database.url(), &error);
    QVERIFY(!db);
    QVERIFY2(error.contains(QLatin1String("999")) && error.contains(QLatin1String("newer")),
        qPrintable(error));

    EventStore store;
    QVERIFY(!store.open(database.url(), SessionStart()));
    QVERIFY2(store.errorString().contains(QLatin1String("newer")), qPrintable(store.errorString()));
}

void TestEventStore::writesEveryEventInOrder()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const std::vector<Event> records = generateEvents(30000, 42);
    const std::vector<Event> events = memoryEvents(records);
    const std::size_t baselineCount = records.size() - events.size();
    QVERIFY(baselineCount > 0);

    // Small transactions too, so that blocks and ids continue across them.
    EventStore::Options options;
    options.flushRecords = 5000;
    options.maxRecordsPerTransaction = 7000;
    const std::int64_t sessionId = writeSession(database, records, 777, options);
    QVERIFY(sessionId > 0);

    auto db = openReader(database);
    QVERIFY(db);
    SessionRepository repository(*db);
    const auto session = repository.session(sessionId);
    QVERIFY2(session, qPrintable(repository.errorString()));
    QCOMPARE(session->eventCount, events.size());
    QCOMPARE(session->baselineRecordCount, baselineCount);
    QCOMPARE(session->endReason, QStringLiteral("end-of-trace"));
    QCOMPARE(session->source, QStringLiteral("import"));
    QCOMPARE(session->backend, QStringLiteral("bpftrace"));
    QCOMPARE(session->memTotalBytes.value_or(0), 25'208'913'920);

    QSqlQuery count(db->connection());
    QVERIFY(count.prepare(QStringLiteral("SELECT COUNT(*), MIN(id), MAX(id) FROM events WHERE "
                                         "session_id = ?")));
    count.addBindValue(qint64(sessionId));
    QVERIFY(count.exec() && count.next());
    QCOMPARE(count.value(0).toULongLong(), events.size());
    QCOMPARE(count.value(1).toLongLong(), 1);
    QCOMPARE(count.value(2).toULongLong(), events.size());

    RequestLogQuery log(*db, sessionId);
    QVERIFY2(log.refresh(), qPrintable(log.errorString()));
    QCOMPARE(log.rowCount(), events.size());
    const std::vector<StoredEvent> rows = log.rows(0, events.size());
    QCOMPARE(rows.size(), events.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].id, std::int64_t(i + 1));
        QVERIFY2(sameEvent(rows[i].event, events[i]),
            qPrintable(QStringLiteral("row %1: stored %2, written %3")
                           .arg(i)
                           .arg(describe(rows[i].event), describe(events[i]))));
    }

    // Baseline records are stored apart, in order, with the event they followed.
    const auto baseline = repository.baselineRecords(sessionId);
    QVERIFY2(!repository.hasError(), qPrintable(repository.errorString()));
    QCOMPARE(baseline.size(), baselineCount);
    std::int64_t eventsSoFar = 0;
    std::size_t next = 0;
    for (const Event &record : records) {
        if (!isBaselineRecord(record.call)) {
            ++eventsSoFar;
            continue;
        }
        const auto &stored = baseline[next++];
        QCOMPARE(stored.afterEventId, eventsSoFar);
        QVERIFY2(sameEvent(stored.record, record), qPrintable(describe(record)));
        QCOMPARE(stored.record.text.isNull(), record.text.isNull());
        QCOMPARE(stored.record.text, record.text);
    }
    // One row per snapshot with its map lines, not one per line.
    QSqlQuery packed(db->connection());
    QVERIFY(packed.prepare(QStringLiteral("SELECT COUNT(*), SUM(record_count) FROM "
                                          "baseline_records WHERE session_id = ?")));
    packed.addBindValue(qint64(sessionId));
    QVERIFY(packed.exec() && packed.next());
    QVERIFY(packed.value(0).toULongLong() < baselineCount);
    QCOMPARE(packed.value(1).toULongLong(), baselineCount);
}

void TestEventStore::keepsIrregularBaselines_data()
{
    QTest::addColumn<QString>("backend");
    addBackendRows();
}

void TestEventStore::keepsIrregularBaselines()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    auto record = [](Call call, std::int64_t ts, std::int32_t pid, std::int64_t result,
                      const QByteArray &text = QByteArray()) {
        Event e;
        e.call = call;
        e.timestampNs = ts;
        e.pid = pid;
        e.tid = pid;
        e.ppid = 1;
        e.uid = 1000;
        e.result = result;
        e.address = 0x1000 * std::uint64_t(ts);
        e.length = 4096;
        e.text = text;
        e.name.assign(call == Call::Map ? QByteArray() : QByteArray("proc"));
        return e;
    };
    // A map line before any snapshot, a snapshot cut short by a call, one
    // announcing no maps, one split across batches, and one cut short by the
    // end of the stream.
    std::vector<std::vector<Event>> parts = {
        {record(Call::Map, 1, 7, 0, "/orphan"), record(Call::Snapshot, 2, 8, 3),
            record(Call::Map, 3, 8, 11, "[heap]"), record(Call::Mmap, 4, 8, 0x5000),
            record(Call::Snapshot, 5, 9, 0), record(Call::Cmdline, 6, 9, 0, QByteArray("a\0b", 3)),
            record(Call::Snapshot, 7, 10, 2), record(Call::Map, 8, 10, 1, "")},
        {record(Call::Map, 9, 10, 2, "/lib/x.so"), record(Call::Munmap, 10, 10, 0),
            record(Call::Snapshot, 11, 12, 5), record(Call::Map, 12, 12, 3, "/bin/y")},
    };
    std::vector<Event> all;
    EventStore store;
    EventStore::Options options;
    options.allowBulk = database.allowBulk();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    for (const auto &part : parts) {
        auto batch = std::make_shared<EventBatch>();
        batch->events = part;
        all.insert(all.end(), part.begin(), part.end());
        QVERIFY(store.append(batch));
        QVERIFY(store.flush(QDeadlineTimer(30000)));
    }
    QVERIFY(store.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}}));

    auto db = openReader(database);
    SessionRepository repository(*db);
    const auto baseline = repository.baselineRecords(store.sessionId());
    std::vector<std::pair<std::int64_t, Event>> expected;
    std::int64_t events = 0;
    for (const Event &e : all) {
        if (isBaselineRecord(e.call))
            expected.emplace_back(events, e);
        else
            ++events;
    }
    QCOMPARE(baseline.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(baseline[i].afterEventId, expected[i].first);
        QVERIFY2(sameEvent(baseline[i].record, expected[i].second), qPrintable(QString::number(i)));
        QCOMPARE(baseline[i].record.text, expected[i].second.text);
    }
    QCOMPARE(
        repository.session(store.sessionId())->baselineRecordCount, std::uint64_t(expected.size()));
    QCOMPARE(repository.baselineRecords(store.sessionId(), 10).size(), std::size_t(3));
}

void TestEventStore::storesHostileNamesByteForByte()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const QList<QByteArray> names = hostileNames();
    std::vector<Event> events;
    ProcessUpdate processes;
    for (int i = 0; i < names.size(); ++i) {
        Event e;
        e.timestampNs = 1000 + i;
        e.pid = 100 + i;
        e.tid = e.pid;
        e.call = Call::Mmap;
        e.length = 4096;
        e.result = 0x10000 * (i + 1);
        QVERIFY(e.name.assign(names[i]));
        events.push_back(e);
        ProcessFigures figures;
        figures.processKey = std::uint64_t(i + 1);
        figures.pid = e.pid;
        figures.name = names[i];
        figures.cmdline = names[i] + QByteArray("\0arg", 4);
        figures.firstSeenNs = e.timestampNs;
        figures.lastSeenNs = e.timestampNs;
        processes.push_back(figures);
    }

    EventStore store;
    EventStore::Options options;
    options.allowBulk = database.allowBulk();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    TraceMetadata metadata;
    metadata.host = names[4] + names[8];
    store.setMetadata(metadata);
    auto batch = std::make_shared<EventBatch>();
    batch->events = events;
    QVERIFY(store.append(batch));
    store.updateProcesses(processes);
    QVERIFY2(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}),
        qPrintable(store.errorString()));

    auto db = openReader(database);
    QVERIFY(db);
    // Still there: nothing was executed as SQL.
    QVERIFY(db->connection().tables().contains(QStringLiteral("events")));
    RequestLogQuery log(*db, store.sessionId());
    QVERIFY(log.refresh());
    const auto rows = log.rows(0, 1000);
    QCOMPARE(rows.size(), std::size_t(names.size()));
    for (int i = 0; i < names.size(); ++i)
        QCOMPARE(rows[i].event.name.toByteArray(), names[i]);

    SessionRepository repository(*db);
    const auto stored = repository.processes(store.sessionId());
    QCOMPARE(stored.size(), std::size_t(names.size()));
    for (const StoredProcess &process : stored) {
        const int i = int(process.figures.processKey) - 1;
        QCOMPARE(process.figures.name, names[i]);
        QCOMPARE(process.figures.cmdline, names[i] + QByteArray("\0arg", 4));
    }
    QCOMPARE(repository.session(store.sessionId())->host, metadata.host);

    // Filtering by a hostile name finds exactly its event.
    for (int i = 0; i < names.size(); ++i) {
        if (names[i].isEmpty())
            continue;
        RequestFilter filter;
        filter.name = names[i];
        RequestLogQuery filtered(*db, store.sessionId(), filter);
        QVERIFY2(filtered.refresh(), qPrintable(filtered.errorString()));
        QCOMPARE(filtered.rowCount(), std::uint64_t(1));
        QCOMPARE(filtered.rows(0, 10).front().event.pid, 100 + i);
    }
}

void TestEventStore::pagesAndFilters()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const std::vector<Event> records = generateEvents(20000, 7);
    const std::vector<Event> events = memoryEvents(records);
    EventStore::Options options;
    // Small blocks: every filter spans many of them, runs and gaps.
    options.blockSize = 64;
    const std::int64_t sessionId = writeSession(database, records, 3000, options);
    QVERIFY(sessionId > 0);
    auto db = openReader(database);
    QVERIFY(db);

    struct Case
    {
        const char *label;
        RequestFilter filter;
    };
    std::vector<Case> cases;
    cases.push_back({"none", {}});
    {
        RequestFilter f;
        f.pid = 1003;
        cases.push_back({"pid", f});
        f.call = Call::Munmap;
        cases.push_back({"pid+call", f});
    }
    {
        RequestFilter f;
        f.call = Call::Exit; // rare: one row in many blocks
        cases.push_back({"rare call", f});
    }
    {
        RequestFilter f;
        f.name = hostileNames().at(4);
        cases.push_back({"exact name", f});
        f.pid = 1005;
        cases.push_back({"exact name+pid", f});
    }
    {
        RequestFilter f;
        f.name = "LINE";
        f.nameMatch = RequestFilter::NameMatch::Contains;
        cases.push_back({"name contains, case-insensitive", f});
        f.call = Call::Mmap;
        cases.push_back({"name contains+call", f});
    }
    {
        RequestFilter f;
        f.name = "no such process";
        cases.push_back({"unknown name", f});
        f = RequestFilter();
        f.pid = 424242;
        cases.push_back({"unknown pid", f});
    }

    for (const Case &c : cases) {
        const std::vector<StoredEvent> expected = expectedRows(events, c.filter);
        RequestLogQuery log(*db, sessionId, c.filter);
        QVERIFY2(log.refresh(), qPrintable(log.errorString()));
        QVERIFY2(log.rowCount() == expected.size(),
            qPrintable(QStringLiteral("%1: %2 rows, expected %3")
                           .arg(QLatin1String(c.label))
                           .arg(log.rowCount())
                           .arg(expected.size())));
        // Pages at assorted positions, including ones crossing the end.
        std::vector<std::pair<std::uint64_t, std::size_t>> pages = {{0, 10}, {0, 1}};
        for (std::uint64_t k = 1; k < expected.size(); k = k * 3 + 1)
            pages.emplace_back(k, 1 + (k % 97));
        if (!expected.empty())
            pages.emplace_back(expected.size() - 1, 50);
        for (const auto &[first, size] : pages) {
            const auto rows = log.rows(first, size);
            const std::size_t want = first >= expected.size()
                ? 0
                : std::min<std::size_t>(size, expected.size() - first);
            QVERIFY2(rows.size() == want,
                qPrintable(QStringLiteral("%1: page %2+%3 has %4 rows, expected %5")
                               .arg(QLatin1String(c.label))
                               .arg(first)
                               .arg(size)
                               .arg(rows.size())
                               .arg(want)));
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const StoredEvent &e = expected[first + i];
                QCOMPARE(rows[i].id, e.id);
                QVERIFY(sameEvent(rows[i].event, e.event));
            }
        }
        // Positions of events in the view.
        for (std::size_t i = 0; i < expected.size(); i += 1 + expected.size() / 20) {
            const auto row = log.rowOfEvent(expected[i].id);
            QVERIFY(row);
            QCOMPARE(*row, std::uint64_t(i));
        }
        if (!c.filter.isEmpty() && expected.size() < events.size()) {
            // An event the filter hides has no row.
            std::int64_t hidden = 1;
            for (const StoredEvent &e : expected) {
                if (e.id != hidden)
                    break;
                ++hidden;
            }
            QVERIFY(!log.rowOfEvent(hidden));
        }
    }
}

void TestEventStore::refreshFollowsTheWriter()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const std::vector<Event> records = generateEvents(6000, 99, false);
    EventStore store;
    EventStore::Options options;
    options.blockSize = 100;
    options.allowBulk = database.allowBulk();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    auto db = openReader(database);
    QVERIFY(db);

    RequestFilter filter;
    filter.pid = 1002;
    RequestLogQuery live(*db, store.sessionId(), filter);
    RequestLogQuery all(*db, store.sessionId());
    const auto parts = batches(records, 1234);
    std::vector<Event> written;
    for (const EventBatchPtr &part : parts) {
        QVERIFY(store.append(part));
        QVERIFY(store.flush(QDeadlineTimer(30000)));
        written.insert(written.end(), part->events.begin(), part->events.end());
        QVERIFY(live.refresh());
        QVERIFY(all.refresh());
        QCOMPARE(all.rowCount(), written.size());
        const auto expected = expectedRows(written, filter);
        QCOMPARE(live.rowCount(), expected.size());
        const auto rows = live.rows(0, expected.size());
        QCOMPARE(rows.size(), expected.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            QCOMPARE(rows[i].id, expected[i].id);
    }
    QVERIFY(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}));
}

void TestEventStore::flushesOnTheTimer()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    EventStore store;
    EventStore::Options options;
    options.allowBulk = database.allowBulk();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    auto db = openReader(database);
    QVERIFY(db);
    RequestLogQuery log(*db, store.sessionId());

    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(10, 1, false);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(store.append(batch));
    // No flush(): the writer commits a few records on its own within 200 ms.
    while (log.rowCount() < 10 && timer.elapsed() < 5000) {
        QTest::qWait(10);
        QVERIFY(log.refresh());
    }
    QCOMPARE(log.rowCount(), std::uint64_t(10));
    // Ten flush intervals: room for a loaded machine's commit, while a writer
    // that waited for more records, or for finish(), still fails.
    const qint64 visibleAfterMs = timer.elapsed();
    qInfo("records visible after %lld ms", visibleAfterMs);
    QVERIFY2(visibleAfterMs < 10 * options.flushInterval.count(),
        qPrintable(QString::number(visibleAfterMs)));
    QVERIFY(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}));
}

// An open session's writer sets its heartbeat when it creates it, with every
// commit, and every heartbeatInterval while nothing comes: readers tell a
// running capture from one whose writer died (StoredSession::state()).
void TestEventStore::beatsWhileIdle()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    EventStore store;
    EventStore::Options options;
    options.allowBulk = database.allowBulk();
    options.heartbeatInterval = std::chrono::milliseconds(100);
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    auto db = openReader(database);
    QVERIFY(db);
    auto session = [&] {
        const auto sessions = SessionRepository(*db).sessions();
        return sessions.empty() ? StoredSession() : sessions.back();
    };
    const StoredSession created = session();
    QCOMPARE(created.id, store.sessionId());
    QVERIFY(created.heartbeatAtNs);
    QCOMPARE(*created.heartbeatAtNs, created.createdAtNs);

    // Idle: the heartbeat moves on by itself.
    QTRY_VERIFY_WITH_TIMEOUT(*session().heartbeatAtNs > created.createdAtNs, 5000);
    const std::int64_t idleBeat = *session().heartbeatAtNs;
    QTRY_VERIFY_WITH_TIMEOUT(*session().heartbeatAtNs > idleBeat, 5000);
    const std::int64_t now = wallClockNowNs();
    QCOMPARE(session().state(now), StoredSession::State::Recording);
    QCOMPARE(session().state(now + StoredSession::silenceBeforeInterruptedNs + 1'000'000'000),
        StoredSession::State::Interrupted);

    // A commit beats too.
    const std::int64_t beforeCommit = *session().heartbeatAtNs;
    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(10, 1, false);
    QVERIFY(store.append(batch));
    QVERIFY(store.flush());
    QVERIFY(*session().heartbeatAtNs >= beforeCommit);

    QVERIFY(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}));
    const StoredSession ended = session();
    QVERIFY(ended.hasEnded());
    // An ended session is never interrupted, however old its heartbeat.
    QCOMPARE(ended.state(now + 1'000'000'000'000'000), StoredSession::State::Ended);
}

// Migration 004: a session still open when heartbeats came has been silent
// since it was created; ended ones need none.
void TestEventStore::countsSessionsLeftOpenAsSilentSinceCreated()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    QString error;
    {
        auto db = Database::open(database.url(), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        for (const char *statement :
            {"INSERT INTO sessions (source, created_at_ns, block_size) VALUES ('record', 1000, "
             "4096)",
                "INSERT INTO sessions (source, created_at_ns, ended_at_ns, end_reason, "
                "block_size) VALUES ('record', 2000, 3000, 'user-stop', 4096)",
                "ALTER TABLE sessions DROP COLUMN heartbeat_at_ns",
                "DELETE FROM schema_version WHERE version = 4"})
            QVERIFY2(q.exec(QLatin1String(statement)), qPrintable(q.lastError().text()));
    }
    auto db = Database::open(database.url(), &error);
    QVERIFY2(db, qPrintable(error));
    QVERIFY(db->schemaVersion() >= 4);
    const auto sessions = SessionRepository(*db).sessions();
    QCOMPARE(sessions.size(), std::size_t(2));
    QCOMPARE(sessions[0].heartbeatAtNs, std::optional<std::int64_t>(1000));
    QCOMPARE(sessions[0].state(wallClockNowNs()), StoredSession::State::Interrupted);
    QCOMPARE(sessions[1].heartbeatAtNs, std::optional<std::int64_t>());
    QCOMPARE(sessions[1].state(wallClockNowNs()), StoredSession::State::Ended);
}

void TestEventStore::storesProcessesAndShare()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    EventStore store;
    EventStore::Options options;
    options.allowBulk = database.allowBulk();
    QVERIFY2(store.open(database.url(), SessionStart(), options), qPrintable(store.errorString()));
    ProcessUpdate update;
    for (int i = 0; i < 15; ++i) {
        ProcessFigures p;
        p.processKey = std::uint64_t(i + 1);
        // pid 500 is reused: two processes, two rows.
        p.pid = i < 2 ? 500 : 500 + i;
        p.uid = 0;
        p.name = QByteArray("proc") + QByteArray::number(i);
        p.firstSeenNs = 100 + i;
        p.lastSeenNs = 200 + i;
        p.exitNs = i == 0 ? 150 : -1;
        p.mmapCalls = std::uint64_t(i);
        p.requestedBytes = std::uint64_t(1000 * (i + 1));
        p.releasedBytes = std::uint64_t(100 * i);
        p.liveBytes = std::uint64_t(4096 * i);
        p.liveExact = i % 2 == 0;
        update.push_back(p);
    }
    store.updateProcesses(update);
    // A later update of one process replaces its row.
    ProcessFigures changed = update[3];
    // Longer than any buffer a reader starts with.
    QByteArray longCommandLine;
    for (int i = 0; i < 2000; ++i)
        longCommandLine += QByteArray("arg") + QByteArray::number(i) + '\0';
    changed.cmdline = longCommandLine;
    changed.requestedBytes = 1'000'000;
    changed.lastSeenNs = 999;
    changed.releasedBytes = 0xffff'ffff'ffff'0000ull;
    store.updateProcesses({changed});
    store.replaceTimelines({ProcessTimeline {4, {{10, 4096}, {20, 8192}, {30, 0}}}});
    store.replaceTimelines({ProcessTimeline {4, {{10, 4096}, {25, 12288}}}});
    QVERIFY(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}));

    auto db = openReader(database);
    QVERIFY(db);
    SessionRepository repository(*db);
    const auto processes = repository.processes(store.sessionId());
    QVERIFY2(!repository.hasError(), qPrintable(repository.errorString()));
    QCOMPARE(processes.size(), std::size_t(15));
    QCOMPARE(processes[0].figures.pid, 500);
    QCOMPARE(processes[1].figures.pid, 500);
    QCOMPARE(processes[0].figures.exitNs, 150);
    QCOMPARE(processes[1].figures.exitNs, -1);
    QCOMPARE(processes[0].userName, QStringLiteral("root"));
    const StoredProcess &third = processes[3];
    QCOMPARE(third.figures.requestedBytes, std::uint64_t(1'000'000));
    QCOMPARE(third.figures.releasedBytes, 0xffff'ffff'ffff'0000ull);
    QCOMPARE(third.figures.lastSeenNs, 999);
    QCOMPARE(third.figures.cmdline, longCommandLine);
    const auto single = repository.process(store.sessionId(), 4);
    QVERIFY(single);
    QCOMPARE(single->figures.requestedBytes, std::uint64_t(1'000'000));
    QCOMPARE(single->figures.cmdline, longCommandLine);
    QCOMPARE(single->figures.name, QByteArray("proc3"));
    QVERIFY(!repository.process(store.sessionId(), 999));
    QVERIFY(!repository.hasError());
    QCOMPARE(repository.session(store.sessionId())->processCount, std::uint64_t(15));

    RequestFilter byPid;
    byPid.pid = 500;
    QCOMPARE(repository.processes(store.sessionId(), byPid).size(), std::size_t(2));

    const auto share = repository.requestShare(store.sessionId(), 3);
    QVERIFY(share);
    QCOMPARE(share->top.size(), std::size_t(3));
    QCOMPARE(share->top[0].processKey, std::uint64_t(4));
    QCOMPARE(share->top[1].requestedBytes, std::uint64_t(15000));
    QCOMPARE(share->top[2].requestedBytes, std::uint64_t(14000));
    std::uint64_t total = 0;
    for (const auto &p : processes)
        total += p.figures.requestedBytes;
    QCOMPARE(share->totalBytes, total);
    QCOMPARE(share->otherBytes, total - 1'000'000 - 15000 - 14000);
    QCOMPARE(share->otherProcesses, std::uint64_t(12));

    const auto timeline = repository.timeline(store.sessionId(), 4);
    QCOMPARE(timeline.size(), std::size_t(2));
    QCOMPARE(timeline[1].timestampNs, 25);
    QCOMPARE(timeline[1].liveBytes, std::uint64_t(12288));
}

void TestEventStore::keepsSessionsApart()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const auto first = generateEvents(3000, 1);
    const auto second = generateEvents(2000, 2);
    const std::int64_t a = writeSession(database, first);
    const std::int64_t b = writeSession(database, second);
    QVERIFY(a > 0 && b > a);
    auto db = openReader(database);
    SessionRepository repository(*db);
    const auto sessions = repository.sessions();
    QCOMPARE(sessions.size(), std::size_t(2));
    QCOMPARE(sessions[0].eventCount, memoryEvents(first).size());
    QCOMPARE(sessions[1].eventCount, memoryEvents(second).size());
    QCOMPARE(repository.newestSessionId().value_or(0), b);
    RequestLogQuery log(*db, b);
    QVERIFY(log.refresh());
    const auto rows = log.rows(0, 5);
    QCOMPARE(rows.front().id, 1);
    QVERIFY(sameEvent(rows.front().event, memoryEvents(second).front()));
}

// A file of records the database had not taken names their session; an
// import into the same database links the two and writes the end the first
// session's writer could not. A namesake session of another database (same
// id, another creation time) is left alone, and so is an end already stored.
void TestEventStore::importOfUnstoredRecordsContinuesTheirSession()
{
    QFETCH(QString, backend);
    TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);

    const auto records = generateEvents(2000, 5);
    const std::int64_t original = writeSession(database, records);
    const std::int64_t alreadyEnded = writeSession(database, records);
    QVERIFY(original > 0 && alreadyEnded > original);
    auto db = openReader(database);
    QVERIFY(db);
    // What a writer that gave up on the database leaves: no end.
    QSqlQuery unended(db->connection());
    QVERIFY(unended.prepare(
        QStringLiteral("UPDATE sessions SET ended_at_ns = NULL, end_reason = NULL WHERE id = ?")));
    unended.addBindValue(qint64(original));
    QVERIFY2(unended.exec(), qPrintable(unended.lastError().text()));
    SessionRepository repository(*db);
    const auto before = repository.sessions();
    QCOMPARE(before.size(), std::size_t(2));
    QVERIFY(!before[0].hasEnded() && !before[0].continuedIn && !before[0].continuesSession);

    const auto importRest
        = [&](std::int64_t continued, std::int64_t createdAtNs, const QByteArray &endReason) {
              EventStore store;
              SessionStart start;
              start.source = SessionStart::Source::Import;
              start.sourceName = QStringLiteral("session-%1-unstored.v1").arg(continued);
              if (!store.open(database.url(), start))
                  return std::int64_t(0);
              TraceMetadata metadata;
              metadata.formatVersion = 1;
              metadata.backend = "bpftrace";
              metadata.continuesSessionId = continued;
              metadata.continuesSessionCreatedAtNs = createdAtNs;
              metadata.continuesSessionEndedAtNs = 1'763'900'060'000'000'000;
              metadata.continuesSessionEndReason = endReason;
              store.setMetadata(metadata);
              for (const EventBatchPtr &batch : batches(generateEvents(300, 6), 100)) {
                  if (!store.append(batch))
                      return std::int64_t(0);
              }
              if (!store.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}}))
                  return std::int64_t(0);
              return store.sessionId();
          };

    // Another database's session with the same id.
    const std::int64_t namesake = importRest(original, before[0].createdAtNs + 1, "user-stop");
    QVERIFY(namesake > 0);
    // The session's own rest.
    const std::int64_t rest = importRest(original, before[0].createdAtNs, "duration");
    QVERIFY(rest > namesake);
    // A session whose end was stored keeps it.
    const std::int64_t restOfEnded = importRest(alreadyEnded, before[1].createdAtNs, "user-stop");
    QVERIFY(restOfEnded > rest);

    const auto after = repository.sessions();
    QCOMPARE(after.size(), std::size_t(5));
    const auto session = [&](std::int64_t id) {
        return *std::find_if(
            after.begin(), after.end(), [id](const StoredSession &s) { return s.id == id; });
    };
    QCOMPARE(session(original).endReason, QStringLiteral("duration"));
    QCOMPARE(session(original).endedAtNs.value_or(0), 1'763'900'060'000'000'000);
    QCOMPARE(session(original).continuedIn.value_or(0), rest);
    QCOMPARE(session(rest).continuesSession.value_or(0), original);
    QVERIFY(!session(namesake).continuesSession);
    QCOMPARE(session(alreadyEnded).endReason, QStringLiteral("end-of-trace"));
    QCOMPARE(session(alreadyEnded).endedAtNs, before[1].endedAtNs);
    QCOMPARE(session(alreadyEnded).continuedIn.value_or(0), restOfEnded);
    QCOMPARE(session(restOfEnded).continuesSession.value_or(0), alreadyEnded);
    // The imports themselves end as imports do.
    QCOMPARE(session(rest).endReason, QStringLiteral("end-of-trace"));
    QVERIFY(!session(rest).continuedIn);
}

void TestEventStore::survivesAKilledConnection()
{
    TestDatabase database(QStringLiteral("mariadb"));
    MEMTAP_REQUIRE_BACKEND(database);

    const auto records = generateEvents(20000, 5, false);
    EventStore store;
    QSignalSpy failed(&store, &EventStore::writeFailed);
    QSignalSpy recovered(&store, &EventStore::writeRecovered);
    QVERIFY2(store.open(database.url(), SessionStart()), qPrintable(store.errorString()));
    auto db = openReader(database);
    QVERIFY(db);
    const auto parts = batches(records, 2000);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        QVERIFY(store.append(parts[i]));
        if (i == parts.size() / 2) {
            QVERIFY(store.flush(QDeadlineTimer(30000)));
            // Kill the writer's connection behind its back, as a server
            // restart or a network drop would.
            QSqlQuery kill(db->connection());
            QVERIFY(kill.exec(QStringLiteral(
                "SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() "
                "AND db = DATABASE()")));
            int killed = 0;
            while (kill.next()) {
                QSqlQuery k(db->connection());
                if (k.exec(QStringLiteral("KILL %1").arg(kill.value(0).toLongLong())))
                    ++killed;
            }
            QVERIFY(killed >= 1);
        }
    }
    QVERIFY2(
        store.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}}, QDeadlineTimer(60000)),
        qPrintable(store.errorString()));
    QVERIFY(failed.count() >= 1);
    QVERIFY(recovered.count() >= 1);

    RequestLogQuery log(*db, store.sessionId());
    QVERIFY(log.refresh());
    QCOMPARE(log.rowCount(), records.size());
    const auto rows = log.rows(0, records.size());
    QCOMPARE(rows.size(), records.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows[i].id, std::int64_t(i + 1));
        QVERIFY(sameEvent(rows[i].event, records[i]));
    }
}

void TestEventStore::givesUpOnErrorsRetryingCannotCure()
{
    TestDatabase database(QStringLiteral("sqlite"));
    EventStore store;
    QSignalSpy failed(&store, &EventStore::writeFailed);
    QVERIFY2(store.open(database.url(), SessionStart()), qPrintable(store.errorString()));
    auto db = openReader(database);
    QVERIFY(db);
    // Someone drops the table under the writer: every insert fails, over a
    // connection that works.
    QSqlQuery drop(db->connection());
    QVERIFY(drop.exec(QStringLiteral("DROP TABLE events")));
    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(100, 3, false);
    QVERIFY(store.append(batch));
    QElapsedTimer timer;
    timer.start();
    // append() stops taking records once the writer gave up.
    while (store.append(batch) && timer.elapsed() < 60000)
        QTest::qWait(100);
    QVERIFY2(timer.elapsed() < 60000, "the writer kept retrying");
    QVERIFY(!store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}, QDeadlineTimer(10000)));
    QVERIFY2(store.errorString().contains(QLatin1String("no such table"))
            && store.errorString().contains(QLatin1String("stopped writing")),
        qPrintable(store.errorString()));
    QVERIFY(failed.count() >= 5);
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
