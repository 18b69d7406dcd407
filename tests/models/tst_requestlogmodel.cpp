// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/requestlogmodel.h"
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/requestlogquery.h"
#include "storage/sessionend.h"
#include "storage/sessionstart.h"
#include "storagetestsupport.h"
#include "testsupport.h"
#include "trace/synthetictrace.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace memtap;

namespace {

// A session being written: a synthetic trace through the real ingest path
// (IngestPipeline, EventStore) into a test database. Small blocks so that a
// filtered view spans many of them.
class WrittenSession
{
public:
    WrittenSession(const test::TestDatabase &database, std::uint64_t seed)
    {
        SyntheticTrace::Options options;
        options.seed = seed;
        options.events = 1'000'000; // more than any test writes
        options.processes = 30;
        m_trace = std::make_unique<SyntheticTrace>(options);
        EventStore::Options storeOptions;
        storeOptions.blockSize = 64;
        storeOptions.allowBulk = database.allowBulk();
        SessionStart start;
        start.source = SessionStart::Source::Import;
        start.sourceName = QStringLiteral("tst_requestlogmodel");
        start.resolveUserNames = false;
        ok = m_store.open(database.url(), start, storeOptions);
        m_pipeline = std::make_unique<IngestPipeline>(&m_store);
        m_pipeline->setMetadata(m_trace->metadata());
    }

    // Writes count more call records and waits until they are committed.
    bool write(std::size_t count)
    {
        std::size_t written = 0;
        while (written < count) {
            std::vector<Event> records;
            m_trace->generate(records, std::min<std::size_t>(4096, count - written));
            auto batch = std::make_shared<EventBatch>();
            for (Event &record : records) {
                if (!isBaselineRecord(record.call)) {
                    events.push_back(record);
                    ++written;
                }
            }
            batch->events = std::move(records);
            if (!m_pipeline->addBatch(batch))
                return false;
        }
        return m_store.flush();
    }

    bool finish()
    {
        SessionEnd end;
        end.reason = QStringLiteral("end-of-trace");
        return m_pipeline->finish(end);
    }

    std::int64_t sessionId() const { return m_store.sessionId(); }
    QString errorString() const { return m_store.errorString(); }

    bool ok = false;
    // The call records written, in stream order: event id k is events[k - 1].
    std::vector<Event> events;

private:
    std::unique_ptr<SyntheticTrace> m_trace;
    EventStore m_store;
    std::unique_ptr<IngestPipeline> m_pipeline;
};

// The ids (1-based positions in events) a filter selects.
std::vector<std::int64_t> expectedIds(const std::vector<Event> &events, const RequestFilter &filter)
{
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event &e = events[i];
        if (filter.pid && e.pid != *filter.pid)
            continue;
        if (filter.call && e.call != *filter.call)
            continue;
        if (!filter.matchesName(e.name.view()))
            continue;
        ids.push_back(std::int64_t(i) + 1);
    }
    return ids;
}

// Asks the model for rows [first, last] as a view would, and waits for them.
bool loadRows(RequestLogModel &model, int first, int last)
{
    for (int row = first; row <= last; ++row)
        model.data(model.index(row, RequestLogModel::TimeColumn));
    return QTest::qWaitFor([&] { return model.isLoaded(first, last); }, 20000);
}

bool waitCounted(RequestLogModel &model)
{
    return QTest::qWaitFor([&] { return model.isCounted(); }, 20000);
}

} // namespace

class TestRequestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pagesMatchTheDatabase_data();
    void pagesMatchTheDatabase();
    void followsAGrowingSession_data();
    void followsAGrowingSession();
    void cacheStaysBounded();
    void showsDecodedColumns();
    void unknownSessionIsAnError();
};

void TestRequestLogModel::pagesMatchTheDatabase_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("filterKind");
    for (const char *backend : {"sqlite", "mariadb"}) {
        for (const char *filter : {"none", "pid", "name", "call", "pid+call"}) {
            QTest::addRow("%s/%s", backend, filter)
                << QString::fromLatin1(backend) << QString::fromLatin1(filter);
        }
    }
}

void TestRequestLogModel::pagesMatchTheDatabase()
{
    QFETCH(QString, backend);
    QFETCH(QString, filterKind);
    test::TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    WrittenSession session(database, 11);
    QVERIFY2(session.ok, qPrintable(session.errorString()));
    QVERIFY(session.write(30'000));
    QVERIFY(session.finish());

    // A busy process and a name that several processes share a part of.
    RequestFilter filter;
    const Event &sample = session.events[session.events.size() / 2];
    if (filterKind.contains(QLatin1String("pid")))
        filter.pid = sample.pid;
    if (filterKind == QLatin1String("name")) {
        filter.name = sample.name.toByteArray().left(3).toUpper();
        filter.nameMatch = RequestFilter::NameMatch::Contains;
    }
    if (filterKind.contains(QLatin1String("call")))
        filter.call = Call::Munmap;
    const std::vector<std::int64_t> expected = expectedIds(session.events, filter);
    QVERIFY(!expected.empty());

    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFilter(filter);
    model.setSession(database.url(), session.sessionId());
    QVERIFY(waitCounted(model));
    QVERIFY2(model.errorString().isEmpty(), qPrintable(model.errorString()));
    QCOMPARE(model.rowCount(), int(expected.size()));

    // The start, pages here and there, a page boundary, and the very end.
    const int rows = model.rowCount();
    std::vector<int> starts = {0, RequestLogModel::pageRows - 3, rows / 2, rows - 1};
    QRandomGenerator random(7);
    for (int i = 0; i < 6; ++i)
        starts.push_back(int(random.bounded(rows)));
    for (const int start : starts) {
        const int first = std::clamp(start, 0, rows - 1);
        const int last = std::min(rows - 1, first + 40);
        QVERIFY2(loadRows(model, first, last), qPrintable(QString::number(first)));
        for (int row = first; row <= last; ++row) {
            const std::int64_t id
                = model.index(row, 0).data(RequestLogModel::EventIdRole).toLongLong();
            QCOMPARE(id, expected[std::size_t(row)]);
            const Event &e = session.events[std::size_t(id - 1)];
            QCOMPARE(model.index(row, 0).data(RequestLogModel::PidRole).toInt(), e.pid);
            QCOMPARE(model.index(row, RequestLogModel::CallColumn).data().toString(),
                QString::fromLatin1(callName(e.call)));
            QCOMPARE(model.index(row, RequestLogModel::SizeColumn)
                         .data(RequestLogModel::RawValueRole)
                         .toULongLong(),
                quint64(e.length));
            QCOMPARE(model.index(row, RequestLogModel::ResultColumn)
                         .data(RequestLogModel::RawValueRole)
                         .toLongLong(),
                qint64(e.result));
            QCOMPARE(model.index(row, RequestLogModel::NameColumn)
                         .data(RequestLogModel::RawValueRole)
                         .toByteArray(),
                e.name.toByteArray());
        }
    }

    // Back to everything: the unfiltered count.
    model.setFilter(RequestFilter());
    QVERIFY(waitCounted(model));
    QCOMPARE(model.rowCount(), int(session.events.size()));
    QVERIFY(loadRows(model, model.rowCount() - 5, model.rowCount() - 1));
    QCOMPARE(model.index(model.rowCount() - 1, 0).data(RequestLogModel::EventIdRole).toLongLong(),
        qint64(session.events.size()));
}

void TestRequestLogModel::followsAGrowingSession_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<bool>("filtered");
    for (const char *backend : {"sqlite", "mariadb"}) {
        QTest::addRow("%s/all", backend) << QString::fromLatin1(backend) << false;
        QTest::addRow("%s/munmap", backend) << QString::fromLatin1(backend) << true;
    }
}

void TestRequestLogModel::followsAGrowingSession()
{
    QFETCH(QString, backend);
    QFETCH(bool, filtered);
    test::TestDatabase database(backend);
    MEMTAP_REQUIRE_BACKEND(database);
    WrittenSession session(database, 5);
    QVERIFY2(session.ok, qPrintable(session.errorString()));
    QVERIFY(session.write(3'000));

    RequestFilter filter;
    if (filtered)
        filter.call = Call::Munmap;
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFilter(filter);
    model.setSession(database.url(), session.sessionId());
    QVERIFY(waitCounted(model));
    QCOMPARE(model.rowCount(), int(expectedIds(session.events, filter).size()));
    const int firstCount = model.rowCount();
    // The last page is partial now and fills up as the session grows.
    QVERIFY(loadRows(model, std::max(0, firstCount - 10), firstCount - 1));

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    model.setLive(true);
    QVERIFY(model.isLive());
    for (int round = 0; round < 5; ++round) {
        QVERIFY(session.write(2'500));
        const int expected = int(expectedIds(session.events, filter).size());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), expected, 10000);
    }
    QCOMPARE(resets.count(), 0);
    QVERIFY(inserts.count() >= 5);

    // Jumping to the end shows the newest rows, the old partial page refetched.
    const std::vector<std::int64_t> ids = expectedIds(session.events, filter);
    const int rows = model.rowCount();
    QVERIFY(loadRows(model, std::max(0, firstCount - 10),
        rows - 1 < firstCount + 300 ? rows - 1 : firstCount + 300));
    QVERIFY(loadRows(model, rows - 30, rows - 1));
    for (int row = rows - 30; row < rows; ++row)
        QCOMPARE(model.index(row, 0).data(RequestLogModel::EventIdRole).toLongLong(),
            ids[std::size_t(row)]);
    for (int row = std::max(0, firstCount - 10); row < firstCount + 10; ++row)
        QCOMPARE(model.index(row, 0).data(RequestLogModel::EventIdRole).toLongLong(),
            ids[std::size_t(row)]);

    // The end of the capture: one last count, then no more.
    QVERIFY(session.write(1'000));
    model.setLive(false);
    QVERIFY(!model.isLive());
    QTRY_COMPARE_WITH_TIMEOUT(
        model.rowCount(), int(expectedIds(session.events, filter).size()), 10000);
    QVERIFY(session.finish());
}

void TestRequestLogModel::cacheStaysBounded()
{
    test::TestDatabase database(QStringLiteral("sqlite"));
    WrittenSession session(database, 3);
    QVERIFY(session.ok);
    QVERIFY(session.write(RequestLogModel::pageRows * (RequestLogModel::cachedPages + 20)));
    QVERIFY(session.finish());
    RequestLogModel model;
    model.setSession(database.url(), session.sessionId());
    QVERIFY(waitCounted(model));
    for (int page = 0; page < RequestLogModel::cachedPages + 20; ++page) {
        const int first = page * RequestLogModel::pageRows;
        QVERIFY(loadRows(model, first, first + 9));
        QVERIFY(model.cachedPageCount() <= RequestLogModel::cachedPages);
    }
    QCOMPARE(model.cachedPageCount(), RequestLogModel::cachedPages);
    // The most recent pages stay, the first ones went.
    QVERIFY(model.isLoaded(RequestLogModel::pageRows * (RequestLogModel::cachedPages + 19),
        RequestLogModel::pageRows * (RequestLogModel::cachedPages + 19) + 9));
    QVERIFY(!model.isLoaded(0, 0));
    QVERIFY(model.index(0, 0).data(RequestLogModel::LoadingRole).toBool());
    QCOMPARE(
        model.index(0, RequestLogModel::TimeColumn).data().toString(), QStringLiteral("loading…"));
    QVERIFY(loadRows(model, 0, 0));
    QCOMPARE(model.index(0, 0).data(RequestLogModel::EventIdRole).toLongLong(), 1);
}

void TestRequestLogModel::showsDecodedColumns()
{
    test::TestDatabase database(QStringLiteral("sqlite"));
    WrittenSession session(database, 21);
    QVERIFY(session.ok);
    QVERIFY(session.write(5'000));
    QVERIFY(session.finish());
    RequestLogModel model;
    model.setSession(database.url(), session.sessionId());
    QVERIFY(waitCounted(model));
    QVERIFY(loadRows(model, 0, model.rowCount() - 1 < 2000 ? model.rowCount() - 1 : 2000));
    bool sawAnonymous = false;
    bool sawFailure = false;
    bool sawFork = false;
    for (int row = 0; row <= 2000 && row < model.rowCount(); ++row) {
        const Event &e = session.events[std::size_t(
            model.index(row, 0).data(RequestLogModel::EventIdRole).toLongLong() - 1)];
        auto text = [&](int column) { return model.index(row, column).data().toString(); };
        if (e.call == Call::Mmap) {
            QVERIFY(text(RequestLogModel::ProtColumn).startsWith(QLatin1String("PROT_")));
            QVERIFY(text(RequestLogModel::FlagsColumn).contains(QLatin1String("MAP_")));
            if (text(RequestLogModel::FdColumn) == QLatin1String("anonymous")) {
                sawAnonymous = true;
                QVERIFY(text(RequestLogModel::FlagsColumn).contains(QLatin1String("MAP_ANONYMOUS"))
                    || e.fd < 0);
            }
            QCOMPARE(text(RequestLogModel::SizeColumn).remove(QLatin1Char(',')),
                QString::number(e.length));
            if (e.result < 0) {
                sawFailure = true;
                QVERIFY(text(RequestLogModel::ResultColumn).startsWith(QLatin1Char('E')));
                QVERIFY(model.index(row, 0).data(RequestLogModel::FailedRole).toBool());
            } else {
                QCOMPARE(text(RequestLogModel::ResultColumn).toULongLong(nullptr, 16),
                    quint64(e.result));
            }
        }
        if (e.call == Call::Fork) {
            sawFork = true;
            QCOMPARE(text(RequestLogModel::ResultColumn), QStringLiteral("child %1").arg(e.result));
        }
        // Wall-clock times: the synthetic trace has a realtime offset.
        QVERIFY2(text(RequestLogModel::TimeColumn).contains(QLatin1Char(':')),
            qPrintable(text(RequestLogModel::TimeColumn)));
    }
    QVERIFY(sawAnonymous);
    QVERIFY(sawFailure);
    QVERIFY(sawFork);
}

void TestRequestLogModel::unknownSessionIsAnError()
{
    test::TestDatabase database(QStringLiteral("sqlite"));
    RequestLogModel model;
    QSignalSpy errors(&model, &RequestLogModel::errorOccurred);
    model.setSession(database.url(), 4242);
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 10000);
    QVERIFY(errors.first().first().toString().contains(QLatin1String("4242")));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"
