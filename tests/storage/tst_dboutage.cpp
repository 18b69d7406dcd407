// SPDX-License-Identifier: GPL-2.0-or-later
//
// Issue 6, "what it must show": the database goes away in the middle of an
// import at full speed and comes back; every parsed event is stored once, with
// ids 1..N in stream order, and the store said so while it happened.
#include "storage/database.h"
#include "storage/eventstore.h"
#include "storage/ingestpipeline.h"
#include "storage/sessionrepository.h"
#include "testsupport.h"
#include "trace/eventparser.h"
#include "trace/synthetictrace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>

#include <signal.h>
#include <sys/stat.h>

using namespace memtap;
using namespace memtap::test;
using namespace std::chrono_literals;

namespace {

const QString outageDatabase = QStringLiteral("memtap_outage");
const QString outageUser = QStringLiteral("memtap");
// A throwaway password for a server that only listens on loopback during the test.
const QString outagePassword = QStringLiteral("outage-test-password");

// A MariaDB server of this test's own (the shared fixture's server must not
// be stopped under the other suites), through tests/storage/mariadb-fixture.sh.
class OutageServer
{
public:
    OutageServer()
        : m_port(qEnvironmentVariableIntValue("MEMTAP_TEST_OUTAGE_MARIADB_PORT"))
    { }
    ~OutageServer()
    {
        if (m_started)
            run({QStringLiteral("stop"), m_dir.path()});
    }

    bool start(QString *error)
    {
        if (m_port <= 0) {
            *error = QStringLiteral("MEMTAP_TEST_OUTAGE_MARIADB_PORT (run the test through ctest)");
            return false;
        }
        m_started = true;
        return run({QStringLiteral("start"), m_dir.path(), QString::number(m_port), outageDatabase,
                       outageUser, outagePassword},
            error);
    }
    bool stop(QString *error) { return run({QStringLiteral("stop"), m_dir.path()}, error); }
    bool resume(QString *error)
    {
        return run({QStringLiteral("resume"), m_dir.path(), QString::number(m_port)}, error);
    }
    // With tls, encrypted and the server's certificate checked against the
    // fixture's CA, on every reconnection too.
    DatabaseUrl url(bool tls = false) const
    {
        DatabaseUrl url
            = DatabaseUrl::mysql(QStringLiteral("127.0.0.1"), m_port, outageUser, outageDatabase);
        if (tls)
            url.setTls(DatabaseUrl::TlsMode::VerifyCa, caFile());
        return url;
    }
    QString caFile() const { return m_dir.filePath(QStringLiteral("tls/ca.pem")); }

private:
    bool run(const QStringList &arguments, QString *error = nullptr)
    {
        QProcess script;
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(QStringLiteral(MEMTAP_FIXTURE_SCRIPT), arguments);
        const bool finished = script.waitForFinished(180000);
        const QByteArray output = script.readAll();
        if (finished && script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0)
            return true;
        if (error)
            *error = QStringLiteral("a MariaDB server of its own (mariadb-fixture.sh %1: %2)")
                         .arg(arguments.join(u' '), QString::fromLocal8Bit(output).trimmed());
        return false;
    }

    QTemporaryDir m_dir;
    int m_port;
    bool m_started = false;
};

// What identifies an event in order: enough to tell any two records of the
// synthetic trace apart.
struct EventKey
{
    std::int64_t timestampNs;
    std::int32_t pid;
    Call call;
    std::uint64_t address;
    std::uint64_t length;
    std::int64_t result;
    friend bool operator==(const EventKey &, const EventKey &) = default;
};

std::vector<EventKey> parsedEvents(const QByteArray &text)
{
    EventParser parser;
    std::vector<Event> records;
    parser.feed(text, records);
    parser.finish(records);
    std::vector<EventKey> keys;
    keys.reserve(records.size());
    for (const Event &e : records) {
        if (!isBaselineRecord(e.call))
            keys.push_back(EventKey {e.timestampNs, e.pid, e.call, e.address, e.length, e.result});
    }
    return keys;
}

int fileMode(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

// The store's status, sampled while the import runs.
struct StatusLog
{
    bool sawFailing = false;
    bool sawSpooled = false;
    bool sawOutageText = false;
    std::uint64_t maxSpooledRecords = 0;
    QString failingText;
    QString outageText;
    int spoolFileMode = -1;
};

struct ImportResult
{
    bool finished = false;
    QString error;
    std::uint64_t events = 0; // handed to the store
    std::uint64_t parsedEvents = 0; // the parser's count
};

// Feeds text through IngestPipeline into store at full speed, in a thread of
// its own (the test's thread stops and starts the server meanwhile).
class Importer
{
public:
    Importer(EventStore *store, const QByteArray *text)
        : m_store(store)
        , m_text(text)
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->start();
    }
    ~Importer() { m_thread->wait(); }
    bool wait(std::chrono::milliseconds timeout)
    {
        return m_thread->wait(QDeadlineTimer(timeout.count()));
    }
    ImportResult result() const
    {
        std::lock_guard lock(m_mutex);
        return m_result;
    }

private:
    void run()
    {
        IngestPipeline pipeline(m_store);
        constexpr qsizetype chunkSize = 1 << 20;
        bool ok = true;
        for (qsizetype at = 0; ok && at < m_text->size(); at += chunkSize)
            ok = pipeline.feed(
                QByteArrayView(*m_text).sliced(at, std::min(chunkSize, m_text->size() - at)));
        const bool finished = pipeline.finish(SessionEnd {QStringLiteral("end-of-trace"), {}, {}});
        std::lock_guard lock(m_mutex);
        m_result.finished = ok && finished;
        m_result.error = pipeline.errorString();
        m_result.events = pipeline.progress().events;
        m_result.parsedEvents = pipeline.parser().counters().events();
    }

    EventStore *m_store;
    const QByteArray *m_text;
    std::unique_ptr<QThread> m_thread;
    mutable std::mutex m_mutex;
    ImportResult m_result;
};

// Waits (processing events) until condition holds, sampling the status.
template<typename Condition>
bool waitSampling(
    EventStore &store, StatusLog &log, std::chrono::milliseconds timeout, Condition condition)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        const EventStore::Status status = store.status();
        if (status.failing) {
            log.sawFailing = true;
            if (log.failingText.isEmpty())
                log.failingText = status.lastError;
            const QString text = EventStore::statusText(status);
            if (text.contains(QLatin1String("unavailable since"))) {
                log.sawOutageText = true;
                log.outageText = text;
            }
        }
        if (status.spooledRecords > 0) {
            log.sawSpooled = true;
            log.maxSpooledRecords = std::max(log.maxSpooledRecords, status.spooledRecords);
            if (!status.spoolPath.isEmpty() && log.spoolFileMode < 0)
                log.spoolFileMode = fileMode(status.spoolPath);
        }
        if (timer.elapsed() > timeout.count())
            return false;
        QTest::qWait(20);
    }
    return true;
}

// Compares the stored events of session with expected, row by row in id order.
void verifyStoredEvents(const DatabaseUrl &url, const QString &password, std::int64_t session,
    const std::vector<EventKey> &expected)
{
    Database::OpenOptions options;
    options.password = password;
    QString error;
    auto db = Database::open(url, options, &error);
    QVERIFY2(db, qPrintable(error));

    QSqlQuery counts(db->connection());
    QVERIFY(counts.prepare(QStringLiteral(
        "SELECT COUNT(*), COUNT(DISTINCT id), MIN(id), MAX(id) FROM events WHERE session_id = ?")));
    counts.addBindValue(qint64(session));
    QVERIFY2(counts.exec() && counts.next(), qPrintable(counts.lastError().text()));
    const auto n = qint64(expected.size());
    QCOMPARE(counts.value(0).toLongLong(), n);
    QCOMPARE(counts.value(1).toLongLong(), n);
    QCOMPARE(counts.value(2).toLongLong(), 1);
    QCOMPARE(counts.value(3).toLongLong(), n);

    QSqlQuery stored(db->connection());
    QVERIFY(stored.prepare(QStringLiteral("SELECT event_count FROM sessions WHERE id = ?")));
    stored.addBindValue(qint64(session));
    QVERIFY(stored.exec() && stored.next());
    QCOMPARE(stored.value(0).toLongLong(), n);

    QSqlQuery rows(db->connection());
    rows.setForwardOnly(true);
    QVERIFY(rows.prepare(QStringLiteral("SELECT id, ts_ns, pid, call_type, address, length, "
                                        "result FROM events WHERE session_id = ? ORDER BY id")));
    rows.addBindValue(qint64(session));
    QVERIFY2(rows.exec(), qPrintable(rows.lastError().text()));
    std::int64_t i = 0;
    while (rows.next()) {
        QVERIFY(i < n);
        const EventKey row {rows.value(1).toLongLong(), rows.value(2).toInt(),
            Call(rows.value(3).toInt()), rows.value(4).toULongLong(), rows.value(5).toULongLong(),
            rows.value(6).toLongLong()};
        if (rows.value(0).toLongLong() != i + 1 || !(row == expected[std::size_t(i)]))
            QFAIL(qPrintable(QStringLiteral("row %1 (id %2) is not parsed event %1")
                                 .arg(i + 1)
                                 .arg(rows.value(0).toLongLong())));
        ++i;
    }
    QCOMPARE(i, n);
}

// With a spool, records went through it and nothing is left on disk; without,
// it was never used.
void verifySpool(
    bool spool, const StatusLog &log, const EventStore::Status &status, const QString &directory)
{
    QCOMPARE(status.spoolFailures, std::uint64_t(0));
    QCOMPARE(status.spooledRecords, std::uint64_t(0));
    QVERIFY(status.spoolPath.isEmpty());
    QCOMPARE(log.sawSpooled, spool);
    if (!spool)
        return;
    qInfo("at most %llu records waited in the spool", qulonglong(log.maxSpooledRecords));
    QCOMPARE(log.spoolFileMode, 0600);
    QVERIFY2(QDir(directory).isEmpty(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
        "the drained spool left a file behind");
}

// A value from a `name: value` line of memtapctl's output, -1 if missing.
qint64 reportedNumber(const QString &output, const QString &name)
{
    const QRegularExpressionMatch match = QRegularExpression(
        QStringLiteral("^%1: (\\d+)").arg(name), QRegularExpression::MultilineOption)
                                              .match(output);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

// Runs the `memtapctl import ...` command that message quotes, as its reader
// would, and gives the import's standard output.
void runQuotedImport(
    const QString &message, const QProcessEnvironment &environment, QString *output)
{
    const qsizetype start = message.indexOf(QLatin1String("\"memtapctl import "));
    QVERIFY2(start >= 0, qPrintable(message));
    QStringList command = message.mid(start + 1, message.indexOf(u'"', start + 1) - start - 1)
                              .split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(command.takeFirst(), QStringLiteral("memtapctl"));
    QProcess import;
    import.setProcessEnvironment(environment);
    import.start(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"), command);
    QVERIFY(import.waitForFinished(120000));
    *output = QString::fromLocal8Bit(import.readAllStandardOutput());
    QVERIFY2(import.exitStatus() == QProcess::NormalExit && import.exitCode() == 0,
        qPrintable(*output + QString::fromLocal8Bit(import.readAllStandardError())));
}

QByteArray syntheticText(std::uint64_t events)
{
    SyntheticTrace::Options options;
    options.seed = 6;
    options.events = events;
    options.processes = 200;
    return SyntheticTrace::text(options);
}

} // namespace

class TestDbOutage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void survivesAServerStop_data();
    void survivesAServerStop();
    void survivesALockedSqliteDatabase_data();
    void survivesALockedSqliteDatabase();
    void keepsEverythingWhenTheSpoolDiskIsFull();
    void endingDuringAnOutageSaysWhatWasNotStored_data();
    void endingDuringAnOutageSaysWhatWasNotStored();
    void recordDuringAnOutageLosesNothing();
};

void TestDbOutage::survivesAServerStop_data()
{
    QTest::addColumn<std::size_t>("maxQueuedRecords");
    QTest::addColumn<bool>("spool");
    QTest::newRow("memory") << std::size_t(524288) << false;
    QTest::newRow("spool, TLS") << std::size_t(50000) << true;
}

void TestDbOutage::survivesAServerStop()
{
    QFETCH(std::size_t, maxQueuedRecords);
    QFETCH(bool, spool);
    QTemporaryDir spoolDir;
    OutageServer server;
    QString reason;
    MEMTAP_REQUIRE(server.start(&reason), reason);
    const bool tls = spool;
    MEMTAP_REQUIRE(!tls || QFileInfo::exists(server.caFile()),
        QStringLiteral("the fixture's TLS certificates (openssl)"));
    const DatabaseUrl url = server.url(tls);

    // Large enough that the import is far from done when the server stops.
    const QByteArray text = syntheticText(1'500'000);
    const std::vector<EventKey> expected = parsedEvents(text);
    QVERIFY(expected.size() >= 1'500'000);

    EventStore store;
    QSignalSpy failed(&store, &EventStore::writeFailed);
    QSignalSpy recovered(&store, &EventStore::writeRecovered);
    EventStore::Options options;
    options.password = outagePassword;
    options.maxQueuedRecords = maxQueuedRecords;
    if (spool) {
        options.overflow = EventStore::Options::Overflow::Spool;
        options.spoolDirectory = spoolDir.filePath(QStringLiteral("spool"));
    }
    SessionStart start;
    start.source = SessionStart::Source::Import;
    start.sourceName = QStringLiteral("outage");
    QVERIFY2(store.open(url, start, options), qPrintable(store.errorString()));

    StatusLog log;
    Importer importer(&store, &text);
    QVERIFY2(
        waitSampling(store, log, 120s, [&] { return store.status().writtenEvents >= 150'000; }),
        "the import did not get going");
    QVERIFY2(store.status().writtenEvents < expected.size() / 2,
        "the import ran too fast to be interrupted");

    QElapsedTimer outage;
    outage.start();
    QVERIFY2(server.stop(&reason), qPrintable(reason));
    const std::uint64_t writtenAtStop = store.status().writtenEvents;
    // Ten seconds without a server, while the import keeps feeding.
    waitSampling(store, log, 10s, [] { return false; });
    QCOMPARE(store.status().writtenEvents, writtenAtStop);
    QVERIFY2(server.resume(&reason), qPrintable(reason));
    qInfo("server away for %.1f s; %llu events written before, %llu queued, %llu spooled",
        double(outage.elapsed()) / 1000, qulonglong(writtenAtStop),
        qulonglong(store.status().queuedRecords), qulonglong(store.status().spooledRecords));

    QVERIFY2(waitSampling(store, log, 600s, [&] { return importer.wait(0ms); }),
        "the import did not end after the server came back");
    const ImportResult result = importer.result();
    QVERIFY2(result.finished, qPrintable(result.error));

    QVERIFY(log.sawFailing);
    qInfo("while the server was away the store said: %s", qPrintable(log.failingText));
    qInfo("and the status bar: %s", qPrintable(log.outageText));
    QVERIFY(log.failingText.contains(QLatin1String("will be written when it works again")));
    QVERIFY(log.sawOutageText);
    QVERIFY(!log.failingText.contains(outagePassword));
    QVERIFY(failed.count() >= 1);
    QVERIFY(recovered.count() >= 1);
    const EventStore::Status status = store.status();
    QVERIFY(!status.failing);
    QCOMPARE(status.queuedRecords, 0u);
    QCOMPARE(result.events, result.parsedEvents);
    QCOMPARE(result.parsedEvents, std::uint64_t(expected.size()));
    QCOMPARE(status.writtenEvents, std::uint64_t(expected.size()));

    verifyStoredEvents(url, outagePassword, store.sessionId(), expected);
    verifySpool(spool, log, status, spoolDir.filePath(QStringLiteral("spool")));
}

void TestDbOutage::survivesALockedSqliteDatabase_data()
{
    QTest::addColumn<std::size_t>("maxQueuedRecords");
    QTest::addColumn<bool>("spool");
    QTest::newRow("memory") << std::size_t(524288) << false;
    QTest::newRow("spool") << std::size_t(50000) << true;
}

void TestDbOutage::survivesALockedSqliteDatabase()
{
    QFETCH(std::size_t, maxQueuedRecords);
    QFETCH(bool, spool);
    QTemporaryDir spoolDir;
    QTemporaryDir dir;
    const DatabaseUrl url = DatabaseUrl::sqlite(dir.filePath(QStringLiteral("memtap.sqlite")));
    const QByteArray text = syntheticText(1'000'000);
    const std::vector<EventKey> expected = parsedEvents(text);

    EventStore store;
    EventStore::Options options;
    options.maxQueuedRecords = maxQueuedRecords;
    if (spool) {
        options.overflow = EventStore::Options::Overflow::Spool;
        options.spoolDirectory = spoolDir.filePath(QStringLiteral("spool"));
    }
    QVERIFY2(store.open(url, SessionStart(), options), qPrintable(store.errorString()));

    QString error;
    auto locker = Database::open(url, &error);
    QVERIFY2(locker, qPrintable(error));

    StatusLog log;
    Importer importer(&store, &text);
    QVERIFY2(
        waitSampling(store, log, 120s, [&] { return store.status().writtenEvents >= 100'000; }),
        "the import did not get going");
    QVERIFY2(store.status().writtenEvents < expected.size() / 2,
        "the import ran too fast to be interrupted");
    // Another connection holds the write lock for five seconds.
    QSqlQuery lock(locker->connection());
    QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
    const std::uint64_t writtenAtLock = store.status().writtenEvents;
    waitSampling(store, log, 5s, [] { return false; });
    QCOMPARE(store.status().writtenEvents, writtenAtLock);
    QVERIFY(store.status().queuedRecords > 0);
    QVERIFY2(lock.exec(QStringLiteral("COMMIT")), qPrintable(lock.lastError().text()));

    QVERIFY2(waitSampling(store, log, 600s, [&] { return importer.wait(0ms); }),
        "the import did not end after the lock was released");
    const ImportResult result = importer.result();
    QVERIFY2(result.finished, qPrintable(result.error));
    QCOMPARE(result.events, std::uint64_t(expected.size()));
    QCOMPARE(store.status().writtenEvents, std::uint64_t(expected.size()));
    verifyStoredEvents(url, QString(), store.sessionId(), expected);
    verifySpool(spool, log, store.status(), spoolDir.filePath(QStringLiteral("spool")));
}

void TestDbOutage::keepsEverythingWhenTheSpoolDiskIsFull()
{
    MEMTAP_REQUIRE_ROOT();
    QTemporaryDir spoolDir;
    QCOMPARE(
        QProcess::execute(QStringLiteral("mount"),
            {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                QStringLiteral("size=512k"), QStringLiteral("memtap-test-spool"), spoolDir.path()}),
        0);
    auto unmount
        = qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {spoolDir.path()}); });

    QTemporaryDir dir;
    const DatabaseUrl url = DatabaseUrl::sqlite(dir.filePath(QStringLiteral("memtap.sqlite")));
    EventStore store;
    EventStore::Options options;
    options.maxQueuedRecords = 5000;
    options.overflow = EventStore::Options::Overflow::Spool;
    options.spoolDirectory = spoolDir.path();
    QVERIFY2(store.open(url, SessionStart(), options), qPrintable(store.errorString()));
    QString error;
    auto locker = Database::open(url, &error);
    QVERIFY2(locker, qPrintable(error));
    QSqlQuery lock(locker->connection());
    QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));

    // 150,000 events are some 15 MB in the spool: far more than its disk holds.
    std::vector<Event> records;
    SyntheticTrace::Options traceOptions;
    traceOptions.events = 150'000;
    traceOptions.baselines = false;
    SyntheticTrace trace(traceOptions);
    while (trace.generate(records, 10000) > 0) { }
    std::atomic<bool> appended {false};
    std::unique_ptr<QThread> producer(QThread::create([&] {
        bool ok = true;
        for (std::size_t at = 0; ok && at < records.size(); at += 500) {
            auto batch = std::make_shared<EventBatch>();
            batch->events.assign(records.begin() + qsizetype(at),
                records.begin() + qsizetype(std::min(at + 500, records.size())));
            ok = store.append(batch);
        }
        appended.store(ok);
    }));
    producer->start();
    QTRY_VERIFY_WITH_TIMEOUT(store.status().spoolFailures > 0, 60000);
    const EventStore::Status full = store.status();
    qInfo("%s", qPrintable(full.spoolError));
    QVERIFY2(full.spoolError.contains(QLatin1String("No space left on device"))
            && full.spoolError.contains(spoolDir.path()),
        qPrintable(full.spoolError));
    QVERIFY(full.spooledRecords > 0);
    // The producer now waits for room in memory instead of losing records.
    QVERIFY(!producer->wait(QDeadlineTimer(500)));
    QVERIFY2(lock.exec(QStringLiteral("COMMIT")), qPrintable(lock.lastError().text()));
    QVERIFY(producer->wait(QDeadlineTimer(300000)));
    QVERIFY(appended.load());
    QVERIFY2(store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}, QDeadlineTimer(300000)),
        qPrintable(store.errorString()));
    const EventStore::Status status = store.status();
    QVERIFY(status.spoolFailures >= 1);
    QCOMPARE(status.writtenEvents, std::uint64_t(records.size()));
    std::vector<EventKey> expected;
    for (const Event &e : records)
        expected.push_back(EventKey {e.timestampNs, e.pid, e.call, e.address, e.length, e.result});
    verifyStoredEvents(url, QString(), store.sessionId(), expected);
    QVERIFY(QDir(spoolDir.path()).isEmpty(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot));
}

void TestDbOutage::endingDuringAnOutageSaysWhatWasNotStored_data()
{
    QTest::addColumn<bool>("fileCanBeWritten");
    QTest::newRow("records saved to a trace file") << true;
    QTest::newRow("no file can be written") << false;
}

void TestDbOutage::endingDuringAnOutageSaysWhatWasNotStored()
{
    QFETCH(bool, fileCanBeWritten);
    OutageServer server;
    QString reason;
    MEMTAP_REQUIRE(server.start(&reason), reason);
    QTemporaryDir spoolDir;
    QTemporaryDir unstoredDir;
    EventStore store;
    EventStore::Options options;
    options.password = outagePassword;
    options.maxQueuedRecords = 1000;
    options.overflow = EventStore::Options::Overflow::Spool;
    options.spoolDirectory = spoolDir.path();
    // A directory below a regular file cannot be created.
    options.unstoredDirectory = fileCanBeWritten
        ? unstoredDir.path()
        : QDir(spoolDir.path()).filePath(QStringLiteral("a-file/unstored"));
    if (!fileCanBeWritten) {
        QFile blocker(QDir(spoolDir.path()).filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
    }
    QVERIFY2(store.open(server.url(), SessionStart(), options), qPrintable(store.errorString()));
    TraceMetadata metadata;
    metadata.formatVersion = 1;
    metadata.backend = "bpftrace";
    metadata.host = "outage-host";
    metadata.realtimeOffsetNs = 1'700'000'000'000'000'000;
    store.setMetadata(metadata);
    QVERIFY2(server.stop(&reason), qPrintable(reason));

    SyntheticTrace::Options traceOptions;
    traceOptions.events = 20'000;
    traceOptions.baselines = false;
    SyntheticTrace trace(traceOptions);
    std::vector<Event> records;
    while (trace.generate(records, 1000) > 0) { }
    QElapsedTimer timer;
    timer.start();
    for (std::size_t at = 0; at < records.size(); at += 500) {
        auto batch = std::make_shared<EventBatch>();
        batch->events.assign(records.begin() + qsizetype(at),
            records.begin() + qsizetype(std::min(at + 500, records.size())));
        QVERIFY(store.append(batch));
    }
    // A capture never waits for the database.
    QVERIFY2(timer.elapsed() < 5000, "append() blocked during the outage");
    QTRY_VERIFY_WITH_TIMEOUT(store.status().failing, 30000);
    const EventStore::Status during = store.status();
    QVERIFY(during.spooledRecords > 0);
    const QString spoolPath = during.spoolPath;
    QVERIFY(QFile::exists(spoolPath));

    // memtap quits: a bounded wait, then an honest account.
    QVERIFY(!store.finish(SessionEnd {QStringLiteral("user-stop"), {}, {}}, QDeadlineTimer(3000)));
    const QString error = store.errorString();
    qInfo("%s", qPrintable(error));
    // (%n without a translator loaded: "record(s)".)
    QVERIFY2(error.contains(QStringLiteral("Writing stopped before %1 record").arg(records.size())),
        qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("will be written")), qPrintable(error));
    QVERIFY(!error.contains(outagePassword));
    if (!fileCanBeWritten) {
        // Then the spool stays, and the message says where it is and why
        // the rest is gone.
        QVERIFY2(error.contains(QLatin1String("could not be saved to a file either"))
                && error.contains(options.unstoredDirectory) && error.contains(spoolPath),
            qPrintable(error));
        QVERIFY(store.status().unstoredPath.isEmpty());
        QVERIFY2(QFile::exists(spoolPath), "the spool with the records was removed");
        QVERIFY(QFileInfo(spoolPath).size() > 0);
        return;
    }

    // Nothing is lost: every record the store accepted, the ones in memory and
    // the ones in the spool, is in a trace file that the message names with
    // the command that stores it.
    const QString unstoredPath
        = QDir(unstoredDir.path())
              .filePath(QStringLiteral("session-%1-unstored.v1").arg(store.sessionId()));
    QVERIFY2(error.contains(QStringLiteral("They are saved in %1").arg(unstoredPath)),
        qPrintable(error));
    QCOMPARE(store.status().unstoredPath, unstoredPath);
    QCOMPARE(QFileInfo(unstoredPath).permissions() & 0x7777,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
            | QFileDevice::WriteUser);
    QVERIFY2(!QFile::exists(spoolPath), "the spool stayed although its records were saved");

    QVERIFY2(server.resume(&reason), qPrintable(reason));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("MEMTAP_DB_PASSWORD"), outagePassword);
    QString importOutput;
    runQuotedImport(error, environment, &importOutput);
    if (QTest::currentTestFailed())
        return;
    const qint64 importedSession = reportedNumber(importOutput, QStringLiteral("session"));
    QVERIFY2(importedSession > 0, qPrintable(importOutput));
    QVERIFY(importedSession != store.sessionId());

    std::vector<EventKey> expected;
    for (const Event &e : records)
        expected.push_back(EventKey {e.timestampNs, e.pid, e.call, e.address, e.length, e.result});
    verifyStoredEvents(server.url(), outagePassword, importedSession, expected);
    // The session keeps the capture's facts.
    Database::OpenOptions openOptions;
    openOptions.password = outagePassword;
    auto db = Database::open(server.url(), openOptions, &reason);
    QVERIFY2(db, qPrintable(reason));
    QSqlQuery facts(db->connection());
    QVERIFY(facts.prepare(QStringLiteral("SELECT host, backend FROM sessions WHERE id = ?")));
    facts.addBindValue(importedSession);
    QVERIFY2(facts.exec() && facts.next(), qPrintable(facts.lastError().text()));
    QCOMPARE(facts.value(0).toString(), QStringLiteral("outage-host"));
    QCOMPARE(facts.value(1).toString(), QStringLiteral("bpftrace"));

    // The import continues the session whose end could not be written, and
    // writes that end: no session stays "(recording)" for ever.
    SessionRepository repository(*db);
    const auto original = repository.session(store.sessionId());
    QVERIFY(original);
    QCOMPARE(original->endReason, QStringLiteral("user-stop"));
    QVERIFY(original->endedAtNs);
    QCOMPARE(original->continuedIn.value_or(0), importedSession);
    const auto continuation = repository.session(importedSession);
    QVERIFY(continuation);
    QCOMPARE(continuation->continuesSession.value_or(0), store.sessionId());
    // And `memtapctl sessions` says so.
    QProcess sessions;
    sessions.setProcessEnvironment(environment);
    sessions.start(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"),
        {QStringLiteral("sessions"), QStringLiteral("--db"), server.url().toString()});
    QVERIFY(sessions.waitForFinished(60000));
    const QString table = QString::fromLocal8Bit(sessions.readAllStandardOutput());
    QCOMPARE(sessions.exitCode(), 0);
    QVERIFY2(table.contains(QStringLiteral("import (rest of %1)").arg(store.sessionId()))
            && table.contains(QStringLiteral("user-stop (rest in %1)").arg(importedSession)),
        qPrintable(table));

    // The same file once more is refused: its records are stored already.
    const auto importAgain = [&](const QStringList &extra) {
        QProcess again;
        again.setProcessEnvironment(environment);
        again.start(QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl"),
            QStringList {QStringLiteral("import"), unstoredPath, QStringLiteral("--db"),
                server.url().toString()}
                + extra);
        again.waitForFinished(120000);
        return std::pair {again.exitCode(),
            QString::fromLocal8Bit(again.readAllStandardOutput() + again.readAllStandardError())};
    };
    const std::size_t sessionsBefore = repository.sessions().size();
    const auto [refusedCode, refused] = importAgain({});
    QCOMPARE(refusedCode, 1);
    QVERIFY2(refused.contains(QStringLiteral("session %1 holds them already").arg(importedSession))
            && refused.contains(QLatin1String("--again")),
        qPrintable(refused));
    QCOMPARE(repository.sessions().size(), sessionsBefore);
    // Unless the user insists.
    const auto [forcedCode, forced] = importAgain({QStringLiteral("--again")});
    QCOMPARE(forcedCode, 0);
    const qint64 secondImport = reportedNumber(forced, QStringLiteral("session"));
    QVERIFY2(secondImport > importedSession, qPrintable(forced));
    QCOMPARE(repository.sessions().size(), sessionsBefore + 1);
}

// What a user does: `memtapctl record --db` while the database server stops,
// then Ctrl-C when the capture waits for it, then the import the message
// names. The stored and the imported records add up to the capture's.
void TestDbOutage::recordDuringAnOutageLosesNothing()
{
    MEMTAP_REQUIRE_ROOT();
    MEMTAP_REQUIRE(QFileInfo(QStringLiteral("/usr/bin/bpftrace")).isExecutable(),
        QStringLiteral("bpftrace (apt install bpftrace)"));
    OutageServer server;
    QString reason;
    MEMTAP_REQUIRE(server.start(&reason), reason);
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("MEMTAP_DB_PASSWORD"), outagePassword);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    const QString memtapctl = QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtapctl");

    QProcess record;
    record.setProcessEnvironment(environment);
    record.start(memtapctl,
        {QStringLiteral("record"), QStringLiteral("--backend"), QStringLiteral("bpftrace"),
            QStringLiteral("--elevation"), QStringLiteral("none"), QStringLiteral("--helper"),
            QStringLiteral(MEMTAP_BINARY_DIR "/bin/memtap-probe-buildtree"),
            QStringLiteral("--duration"), QStringLiteral("4"), QStringLiteral("--db"),
            server.url().toString()});
    QVERIFY(record.waitForStarted());
    QByteArray errors;
    const auto waitForError = [&](const char *text, int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        while (!errors.contains(text) && timer.elapsed() < timeoutMs
            && record.state() == QProcess::Running) {
            record.waitForReadyRead(100);
            errors += record.readAllStandardError();
        }
        return errors.contains(text);
    };
    QVERIFY2(waitForError("capturing with", 60000), errors.constData());
    QVERIFY2(server.stop(&reason), qPrintable(reason));
    // Processes started during the outage: records that cannot be stored.
    QProcess workload;
    workload.start(QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"), QStringLiteral("for i in $(seq 100); do /bin/true; done")});
    QVERIFY(workload.waitForFinished(30000));
    QVERIFY2(waitForError("Could not write to the database", 30000), errors.constData());
    // The command says why it does not return after the capture.
    QVERIFY2(
        waitForError("the capture ended; waiting for the database", 30000), errors.constData());
    ::kill(pid_t(record.processId()), SIGINT);
    QVERIFY(record.waitForFinished(60000));
    errors += record.readAllStandardError();
    const QString output = QString::fromLocal8Bit(record.readAllStandardOutput());
    const QString message = QString::fromLocal8Bit(errors);
    QCOMPARE(record.exitCode(), 1);
    QVERIFY2(message.contains(QLatin1String("They are saved in ")), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("is lost")), qPrintable(message));
    // memtapctl says "records" or "record", never "record(s)".
    QVERIFY2(message.contains(QRegularExpression(
                 QStringLiteral("Writing stopped before (1 record was|\\d+ records were) stored"))),
        qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("(s)")), qPrintable(message));
    // Only memtap's own words about the outage, not the MySQL driver's.
    QVERIFY2(!message.contains(QLatin1String("QMYSQLResult")), qPrintable(message));
    const QRegularExpressionMatch stored = QRegularExpression(
        QStringLiteral("session \\d+, (\\d+) events and (\\d+) baseline records stored"))
                                               .match(output);
    QVERIFY2(stored.hasMatch(), qPrintable(output));
    const qint64 captured = reportedNumber(output, QStringLiteral("events"));
    const qint64 capturedBaseline = reportedNumber(output, QStringLiteral("baseline records"));
    QVERIFY2(captured > stored.captured(1).toLongLong(), qPrintable(output));

    QVERIFY2(server.resume(&reason), qPrintable(reason));
    QString imported;
    runQuotedImport(message, environment, &imported);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(stored.captured(1).toLongLong() + reportedNumber(imported, QStringLiteral("events")),
        captured);
    QCOMPARE(stored.captured(2).toLongLong()
            + reportedNumber(imported, QStringLiteral("baseline records")),
        capturedBaseline);
}

QTEST_GUILESS_MAIN(TestDbOutage)
#include "tst_dboutage.moc"
