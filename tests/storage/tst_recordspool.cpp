// SPDX-License-Identifier: GPL-2.0-or-later
#include "storage/recordspool.h"
#include "storagetestsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace memtap;
using namespace memtap::test;

namespace {

bool sameRecord(const Event &a, const Event &b)
{
    return a.timestampNs == b.timestampNs && a.pid == b.pid && a.tid == b.tid && a.ppid == b.ppid
        && a.uid == b.uid && a.call == b.call && a.address == b.address && a.length == b.length
        && a.prot == b.prot && a.flags == b.flags && a.fd == b.fd && a.offset == b.offset
        && a.result == b.result && a.name == b.name && a.text == b.text
        && a.text.isNull() == b.text.isNull();
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

QStringList filesIn(const QString &directory)
{
    return QDir(directory).entryList(QDir::Files | QDir::Hidden);
}

// Records with every field at its extremes, hostile names, null, empty and
// binary texts.
std::vector<Event> edgeRecords()
{
    std::vector<Event> records = generateEvents(5000, 11, true);
    Event extreme;
    extreme.timestampNs = std::numeric_limits<std::int64_t>::min();
    extreme.pid = std::numeric_limits<std::int32_t>::max();
    extreme.tid = -1;
    extreme.ppid = std::numeric_limits<std::int32_t>::min();
    extreme.uid = std::numeric_limits<std::int64_t>::max();
    extreme.call = Call::Mremap;
    extreme.address = std::numeric_limits<std::uint64_t>::max();
    extreme.length = std::numeric_limits<std::uint64_t>::max() - 1;
    extreme.prot = 7;
    extreme.flags = 0x22;
    extreme.fd = std::numeric_limits<std::int64_t>::min();
    extreme.offset = std::numeric_limits<std::uint64_t>::max();
    extreme.result = -12;
    extreme.name.assign(QByteArray(ProcessName::capacity, '\xff'));
    records.push_back(extreme);
    Event map = extreme;
    map.call = Call::Map;
    map.text = QByteArray("/path/with\nnewline\0and nul", 26);
    records.push_back(map);
    Event emptyText = map;
    emptyText.text = QByteArray("");
    records.push_back(emptyText);
    for (const QByteArray &name : hostileNames()) {
        Event e;
        e.call = Call::Exec;
        e.name.assign(name.left(ProcessName::capacity));
        records.push_back(e);
    }
    return records;
}

} // namespace

class TestRecordSpool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void givesBackEveryBatchInOrder_data();
    void givesBackEveryBatchInOrder();
    void interleavesAppendsAndTakes();
    void keepsTheFileWhenAsked();
    void reportsAFullDisk();
    void refusesADamagedFile();
    void keepsItsDirectoryPrivate();
};

void TestRecordSpool::givesBackEveryBatchInOrder_data()
{
    QTest::addColumn<std::size_t>("batchSize");
    QTest::newRow("one record per batch") << std::size_t(1);
    QTest::newRow("1000 per batch") << std::size_t(1000);
    QTest::newRow("one batch") << std::size_t(100000);
}

void TestRecordSpool::givesBackEveryBatchInOrder()
{
    QFETCH(std::size_t, batchSize);
    QTemporaryDir dir;
    const QString directory = dir.filePath(QStringLiteral("cache/memtap/spool"));
    const std::vector<Event> records = edgeRecords();
    std::vector<EventBatchPtr> parts = batches(records, batchSize);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> counters;
    {
        RecordSpool spool(directory, QStringLiteral("session-7"));
        QVERIFY(spool.filePath().isEmpty());
        for (std::size_t i = 0; i < parts.size(); ++i) {
            auto batch = std::make_shared<EventBatch>(*parts[i]);
            batch->lostEvents = i * 3;
            batch->malformedLines = i % 2;
            parts[i] = batch;
            QString error;
            QVERIFY2(spool.append(*batch, &error), qPrintable(error));
        }
        QCOMPARE(spool.pendingBatches(), std::uint64_t(parts.size()));
        QVERIFY(spool.pendingBytes() > records.size() * 8);
        const QString path = spool.filePath();
        QVERIFY(path.startsWith(directory + u'/'));
        QVERIFY(QFileInfo(path).fileName().startsWith(QLatin1String("session-7-")));
        QCOMPARE(fileMode(path), 0600);
        QCOMPARE(fileMode(directory), 0700);

        std::size_t at = 0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            QString error;
            const EventBatchPtr batch = spool.takeNext(&error);
            QVERIFY2(batch, qPrintable(error));
            QCOMPARE(batch->lostEvents, parts[i]->lostEvents);
            QCOMPARE(batch->malformedLines, parts[i]->malformedLines);
            QCOMPARE(batch->events.size(), parts[i]->events.size());
            for (const Event &event : batch->events) {
                if (!sameRecord(event, records[at]))
                    QFAIL(qPrintable(QStringLiteral("record %1 differs after the spool").arg(at)));
                ++at;
            }
        }
        QCOMPARE(at, records.size());
        QString error;
        QVERIFY(!spool.takeNext(&error));
        QVERIFY(error.isEmpty());
        // Drained: the file is gone at once.
        QVERIFY(spool.filePath().isEmpty());
        QVERIFY(!QFile::exists(path));
    }
    QVERIFY(filesIn(directory).isEmpty());
}

void TestRecordSpool::interleavesAppendsAndTakes()
{
    QTemporaryDir dir;
    RecordSpool spool(dir.path(), QStringLiteral("session-1"));
    const std::vector<Event> records = generateEvents(20000, 3, true);
    const auto parts = batches(records, 700);
    std::size_t taken = 0;
    std::size_t at = 0;
    QString error;
    // A writer that falls behind and catches up, twice: each drain removes
    // the file and the next append starts a new one.
    for (std::size_t i = 0; i < parts.size(); ++i) {
        QVERIFY2(spool.append(*parts[i], &error), qPrintable(error));
        const bool drain = i % 5 == 4 || i + 1 == parts.size();
        while (drain && taken <= i) {
            const EventBatchPtr batch = spool.takeNext(&error);
            QVERIFY2(batch, qPrintable(error));
            for (const Event &event : batch->events)
                QVERIFY(sameRecord(event, records[at++]));
            ++taken;
        }
        if (drain)
            QVERIFY(filesIn(dir.path()).isEmpty());
    }
    QCOMPARE(at, records.size());
}

void TestRecordSpool::keepsTheFileWhenAsked()
{
    QTemporaryDir dir;
    QString path;
    {
        RecordSpool spool(dir.path(), QStringLiteral("session-2"));
        QString error;
        auto batch = std::make_shared<EventBatch>();
        batch->events = generateEvents(100, 1, false);
        QVERIFY(spool.append(*batch, &error));
        QVERIFY(spool.append(*batch, &error));
        QVERIFY(spool.takeNext(&error));
        path = spool.filePath();
        spool.keep();
    }
    QVERIFY(QFile::exists(path));
    {
        // Without keep() a spool with records in it is removed too: the
        // writer decides what it says about them.
        RecordSpool spool(dir.path(), QStringLiteral("session-3"));
        QString error;
        auto batch = std::make_shared<EventBatch>();
        batch->events = generateEvents(10, 1, false);
        QVERIFY(spool.append(*batch, &error));
    }
    QCOMPARE(filesIn(dir.path()), QStringList {QFileInfo(path).fileName()});
}

void TestRecordSpool::reportsAFullDisk()
{
    MEMTAP_REQUIRE_ROOT();
    QTemporaryDir dir;
    QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                 {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=256k"), QStringLiteral("memtap-test-spool"), dir.path()}),
        0);
    auto unmount = qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {dir.path()}); });
    RecordSpool spool(dir.path(), QStringLiteral("session-4"));
    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(500, 2, false);
    QString error;
    std::uint64_t appended = 0;
    while (spool.append(*batch, &error))
        ++appended;
    QVERIFY(appended > 0);
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("No space left on device"))
            && error.contains(spool.filePath()),
        qPrintable(error));
    // The refused batch left nothing half-written: what was taken reads back.
    QCOMPARE(spool.pendingBatches(), appended);
    for (std::uint64_t i = 0; i < appended; ++i) {
        const EventBatchPtr back = spool.takeNext(&error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->events.size(), batch->events.size());
        QVERIFY(sameRecord(back->events.back(), batch->events.back()));
    }
    // Room again once drained.
    QVERIFY2(spool.append(*batch, &error), qPrintable(error));
}

void TestRecordSpool::refusesADamagedFile()
{
    QTemporaryDir dir;
    RecordSpool spool(dir.path(), QStringLiteral("session-5"));
    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(100, 4, false);
    QString error;
    QVERIFY(spool.append(*batch, &error));
    QVERIFY(spool.append(*batch, &error));
    QFile file(spool.filePath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.write("garbage!", 8) == 8);
    file.close();
    QVERIFY(!spool.takeNext(&error));
    QVERIFY2(error.contains(QLatin1String("damaged at byte 0")), qPrintable(error));
}

// The spool holds what processes did: its directory is created for its owner
// only, and one that cannot be created is named in the error.
void TestRecordSpool::keepsItsDirectoryPrivate()
{
    QTemporaryDir dir;
    auto batch = std::make_shared<EventBatch>();
    batch->events = generateEvents(10, 1, false);
    QString error;
    const QString nested = dir.filePath(QStringLiteral("spool/of/session"));
    {
        RecordSpool spool(nested, QStringLiteral("session-5"));
        QVERIFY2(spool.append(*batch, &error), qPrintable(error));
        QCOMPARE(fileMode(nested), 0700);
        QCOMPARE(fileMode(spool.filePath()), 0600);
    }
    QFile blocker(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString impossible = dir.filePath(QStringLiteral("a-file/spool"));
    RecordSpool spool(impossible, QStringLiteral("session-6"));
    QVERIFY(!spool.append(*batch, &error));
    QVERIFY2(error.contains(impossible) && error.contains(QLatin1String("directory")),
        qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRecordSpool)
#include "tst_recordspool.moc"
