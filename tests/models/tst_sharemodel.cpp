// SPDX-License-Identifier: GPL-2.0-or-later
#include "modeltestutil.h"

#include "models/processmodel.h"
#include "models/sharemodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace memtap;
using memtap::test::process;

class TestShareModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void topCountPlusOther_data();
    void topCountPlusOther();
    void otherSumsTheRest();
    void followsLiveUpdatesInPlace();
    void refreshesAtMostOncePerInterval();
    void matchesAccountantTotals();
};

void TestShareModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestShareModel::topCountPlusOther_data()
{
    QTest::addColumn<int>("processes");
    QTest::addColumn<int>("topCount");
    QTest::addColumn<int>("expectedRows");
    QTest::addColumn<bool>("expectOther");

    QTest::newRow("none") << 0 << 10 << 0 << false;
    QTest::newRow("fewer than N") << 4 << 10 << 4 << false;
    QTest::newRow("exactly N") << 10 << 10 << 10 << false;
    // One process left over is shown by itself, not as "Other (1 processes)".
    QTest::newRow("N + 1") << 11 << 10 << 11 << false;
    QTest::newRow("N + 2") << 12 << 10 << 11 << true;
    QTest::newRow("many") << 300 << 10 << 11 << true;
    QTest::newRow("top 1") << 5 << 1 << 2 << true;
}

void TestShareModel::topCountPlusOther()
{
    QFETCH(int, processes);
    QFETCH(int, topCount);
    QFETCH(int, expectedRows);
    QFETCH(bool, expectOther);

    ProcessModel source;
    ShareModel share;
    QAbstractItemModelTester tester(&share, QAbstractItemModelTester::FailureReportingMode::QtTest);
    share.setTopCount(topCount);
    share.setProcessModel(&source);
    ProcessUpdate update;
    for (int i = 1; i <= processes; ++i)
        update.push_back(process(std::uint64_t(i), 1000 + i, "p", std::uint64_t(i) * 4096));
    // Processes that requested nothing have no share.
    update.push_back(process(100'000, 7, "idle", 0));
    source.mergeUpdate(update);
    share.refreshNow();

    QCOMPARE(share.rowCount(), expectedRows);
    const int named = expectOther ? expectedRows - 1 : expectedRows;
    for (int row = 0; row < named; ++row) {
        // Ranked by requested bytes, largest first.
        QCOMPARE(share.index(row, 0).data(ShareModel::PidRole).toInt(), 1000 + processes - row);
        QVERIFY(!share.index(row, 0).data(ShareModel::IsOtherRole).toBool());
    }
    if (expectOther) {
        QVERIFY(processes - topCount >= 2);
        const QModelIndex other = share.index(expectedRows - 1, 0);
        QVERIFY(other.data(ShareModel::IsOtherRole).toBool());
        QCOMPARE(other.data(ShareModel::ProcessKeyRole).toULongLong(), 0u);
        QCOMPARE(other.data().toString(),
            QStringLiteral("Other (%1 processes)").arg(processes - topCount));
    }
}

void TestShareModel::otherSumsTheRest()
{
    ProcessModel source;
    ShareModel share;
    QAbstractItemModelTester tester(&share, QAbstractItemModelTester::FailureReportingMode::QtTest);
    share.setTopCount(2);
    share.setProcessModel(&source);
    source.mergeUpdate({process(1, 1, "a", 500), process(2, 2, "b", 300), process(3, 3, "c", 100),
        process(4, 4, "d", 60), process(5, 5, "e", 40)});
    share.refreshNow();

    QCOMPARE(share.rowCount(), 3);
    QCOMPARE(share.totalBytes(), 1000u);
    QCOMPARE(share.index(0, 0).data(ShareModel::BytesRole).toULongLong(), 500u);
    QCOMPARE(share.index(1, 0).data(ShareModel::BytesRole).toULongLong(), 300u);
    QCOMPARE(share.index(2, 0).data(ShareModel::BytesRole).toULongLong(), 200u);
    QCOMPARE(share.index(0, 0).data(ShareModel::PercentRole).toDouble(), 50.0);
    QCOMPARE(share.index(2, 0).data(ShareModel::PercentRole).toDouble(), 20.0);
    QCOMPARE(share.index(0, ShareModel::PercentColumn).data().toString(), QStringLiteral("50.0 %"));
    QCOMPARE(share.index(0, ShareModel::NameColumn).data().toString(), QStringLiteral("a (1)"));
    double percentSum = 0;
    for (int row = 0; row < share.rowCount(); ++row)
        percentSum += share.index(row, 0).data(ShareModel::PercentRole).toDouble();
    QCOMPARE(percentSum, 100.0);
}

void TestShareModel::followsLiveUpdatesInPlace()
{
    ProcessModel source;
    ShareModel share;
    QAbstractItemModelTester tester(&share, QAbstractItemModelTester::FailureReportingMode::QtTest);
    share.setTopCount(2);
    share.setProcessModel(&source);
    QSignalSpy resets(&share, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&share, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&share, &QAbstractItemModel::rowsRemoved);

    source.mergeUpdate({process(1, 1, "a", 500), process(2, 2, "b", 300)});
    share.refreshNow();
    QCOMPARE(share.rowCount(), 2);
    QCOMPARE(inserted.count(), 1);

    // Two more processes: the Other row appears at the end.
    source.mergeUpdate({process(3, 3, "c", 100), process(4, 4, "d", 50)});
    share.refreshNow();
    QCOMPARE(share.rowCount(), 3);
    QCOMPARE(inserted.count(), 2);
    QVERIFY(share.index(2, 0).data(ShareModel::IsOtherRole).toBool());
    QCOMPARE(share.index(2, 0).data(ShareModel::BytesRole).toULongLong(), 150u);

    // c overtakes b: same rows, new members, no insert or remove.
    source.mergeUpdate({process(3, 3, "c", 400)});
    share.refreshNow();
    QCOMPARE(share.rowCount(), 3);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(share.index(1, 0).data(ShareModel::ProcessKeyRole).toULongLong(), 3u);
    QCOMPARE(share.index(2, 0).data(ShareModel::BytesRole).toULongLong(), 350u);

    // Nothing changed: no signal at all.
    QSignalSpy changed(&share, &QAbstractItemModel::dataChanged);
    share.refreshNow();
    QCOMPARE(changed.count(), 0);

    source.clear();
    share.refreshNow();
    QCOMPARE(share.rowCount(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(resets.count(), 0);
}

void TestShareModel::refreshesAtMostOncePerInterval()
{
    ProcessModel source;
    ShareModel share;
    share.setRefreshInterval(300);
    share.setProcessModel(&source);
    QSignalSpy refreshed(&share, &ShareModel::refreshed);

    // Updates at 50 Hz for 1.2 s.
    QElapsedTimer clock;
    clock.start();
    std::uint64_t bytes = 4096;
    while (clock.elapsed() < 1200) {
        bytes += 4096;
        source.mergeUpdate({process(1, 1, "a", bytes), process(2, 2, "b", 1)});
        QTest::qWait(20);
    }
    QTest::qWait(400);
    // 1.6 s at one refresh per 300 ms: at most 6, and it did follow.
    QVERIFY2(refreshed.count() >= 3 && refreshed.count() <= 6,
        qPrintable(QString::number(refreshed.count())));
    QCOMPARE(share.index(0, 0).data(ShareModel::BytesRole).toULongLong(), bytes);
}

void TestShareModel::matchesAccountantTotals()
{
    ProcessModel source;
    ShareModel share;
    QAbstractItemModelTester tester(&share, QAbstractItemModelTester::FailureReportingMode::QtTest);
    share.setProcessModel(&source);
    Accountant accountant;
    SyntheticTrace::Options options;
    options.seed = 11;
    options.events = 20'000;
    test::replaySyntheticTrace(accountant, options, 1'000, [&](const ProcessUpdate &update) {
        source.mergeUpdate(update);
        share.refreshNow();
    });

    std::vector<ProcessFigures> all = accountant.allProcesses();
    std::uint64_t total = 0;
    for (const ProcessFigures &figures : all)
        total += figures.requestedBytes;
    QCOMPARE(share.totalBytes(), total);
    std::sort(all.begin(), all.end(), [](const ProcessFigures &a, const ProcessFigures &b) {
        return a.requestedBytes != b.requestedBytes ? a.requestedBytes > b.requestedBytes
                                                    : a.processKey < b.processKey;
    });
    QCOMPARE(share.rowCount(), ShareModel::defaultTopCount + 1);
    std::uint64_t topSum = 0;
    for (int row = 0; row < ShareModel::defaultTopCount; ++row) {
        QCOMPARE(share.index(row, 0).data(ShareModel::ProcessKeyRole).toULongLong(),
            all[std::size_t(row)].processKey);
        topSum += all[std::size_t(row)].requestedBytes;
    }
    QCOMPARE(share.index(ShareModel::defaultTopCount, 0).data(ShareModel::BytesRole).toULongLong(),
        total - topSum);
}

QTEST_GUILESS_MAIN(TestShareModel)
#include "tst_sharemodel.moc"
