// SPDX-License-Identifier: GPL-2.0-or-later
#include "modeltestutil.h"

#include "accounting/accountant.h"
#include "models/processfiltermodel.h"
#include "models/processmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace memtap;
using memtap::test::process;

class TestProcessModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void insertsNewProcessesAndUpdatesKnownOnesInPlace();
    void keepsExitedProcesses();
    void laterFiguresWinWithinOneUpdate();
    void sortsNumericallyByRawValues_data();
    void sortsNumericallyByRawValues();
    void filtersByNameOrPid_data();
    void filtersByNameOrPid();
    void keepsSelectionAcrossLiveMerges_data();
    void keepsSelectionAcrossLiveMerges();
    void matchesAccountantAfterSyntheticReplay();
    void showsSizesReadableWithExactBytesInToolTip();
    void showsRamShareOnlyWithMemoryTotal();
    void marksLiveFigureThatIsNotExact();
    void showsHostileNamesOnOneLine();
};

void TestProcessModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestProcessModel::insertsNewProcessesAndUpdatesKnownOnesInPlace()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    model.mergeUpdate({process(1, 100, "alpha", 4096), process(2, 200, "beta", 8192)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserts.count(), 1);
    QCOMPARE(changes.count(), 0);

    // One known process changes, one new arrives.
    model.mergeUpdate({process(2, 200, "beta", 16384), process(3, 300, "gamma", 1)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserts.count(), 2);
    QCOMPARE(changes.count(), 1);
    const QModelIndex changedTopLeft = changes.last().at(0).toModelIndex();
    const QModelIndex changedBottomRight = changes.last().at(1).toModelIndex();
    QCOMPARE(changedTopLeft.row(), 1);
    QCOMPARE(changedBottomRight.row(), 1);
    QCOMPARE(changedBottomRight.column(), ProcessModel::ColumnCount - 1);
    QCOMPARE(
        model.index(1, ProcessModel::RequestedColumn).data(ProcessModel::SortRole).toULongLong(),
        16384u);
    QCOMPARE(model.totalRequestedBytes(), 4096u + 16384u + 1u);
    QCOMPARE(resets.count(), 0);

    // Each changed row is reported on its own, in update order.
    model.mergeUpdate(
        {process(3, 300, "gamma", 2), process(1, 100, "alpha", 5000), process(2, 200, "beta", 3)});
    QCOMPARE(changes.count(), 4);
    QCOMPARE(changes.at(1).at(0).toModelIndex().row(), 2);
    QCOMPARE(changes.at(2).at(0).toModelIndex().row(), 0);
    QCOMPARE(changes.at(3).at(0).toModelIndex().row(), 1);
    QCOMPARE(changes.at(3).at(1).toModelIndex().row(), 1);
    QCOMPARE(model.totalRequestedBytes(), 5005u);
    QCOMPARE(resets.count(), 0);
}

void TestProcessModel::keepsExitedProcesses()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeUpdate({process(1, 100, "worker", 4096)});
    ProcessFigures exited = process(1, 100, "worker", 4096, 4096, 0);
    exited.exitNs = 9'000'000;
    model.mergeUpdate({exited});
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.index(0, 0).data(ProcessModel::ExitedRole).toBool());
    QCOMPARE(model.index(0, ProcessModel::NameColumn).data().toString(),
        QStringLiteral("worker (exited)"));
    QCOMPARE(model.index(0, ProcessModel::NameColumn).data(ProcessModel::NameRole).toString(),
        QStringLiteral("worker"));

    // The pid is reused by a new process: a new row, the old one stays.
    model.mergeUpdate({process(2, 100, "worker", 10)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfProcess(1), 0);
    QCOMPARE(model.rowOfProcess(2), 1);
    QVERIFY(!model.index(1, 0).data(ProcessModel::ExitedRole).toBool());
}

void TestProcessModel::laterFiguresWinWithinOneUpdate()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeUpdate({process(7, 70, "a", 1), process(7, 70, "a", 2)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.figures(0).requestedBytes, 2u);
    QCOMPARE(model.totalRequestedBytes(), 2u);
}

void TestProcessModel::sortsNumericallyByRawValues_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<int>>("ascendingPids");

    // Text order would put "1.0 MiB" before "900 bytes" and "2.0 KiB".
    QTest::newRow("requested") << int(ProcessModel::RequestedColumn) << QList<int> {30, 10, 20};
    QTest::newRow("released") << int(ProcessModel::ReleasedColumn) << QList<int> {10, 20, 30};
    QTest::newRow("net") << int(ProcessModel::NetColumn) << QList<int> {30, 10, 20};
    QTest::newRow("pid") << int(ProcessModel::PidColumn) << QList<int> {10, 20, 30};
    QTest::newRow("live") << int(ProcessModel::LiveColumn) << QList<int> {20, 30, 10};
    QTest::newRow("name") << int(ProcessModel::NameColumn) << QList<int> {20, 10, 30};
}

void TestProcessModel::sortsNumericallyByRawValues()
{
    QFETCH(int, column);
    QFETCH(QList<int>, ascendingPids);

    ProcessModel model;
    ProcessFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeUpdate({
        process(1, 10, "beta", 2048, 0, 1 << 20), // net 2 KiB
        process(2, 20, "Alpha", 1 << 20, 100, 4096), // net 1 MiB - 100
        process(3, 30, "gamma", 900, 1000, 8192), // net -100
    });
    proxy.sort(column, Qt::AscendingOrder);
    QList<int> pids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        pids.append(proxy.index(row, 0).data(ProcessModel::PidRole).toInt());
    QCOMPARE(pids, ascendingPids);

    proxy.sort(column, Qt::DescendingOrder);
    std::reverse(ascendingPids.begin(), ascendingPids.end());
    pids.clear();
    for (int row = 0; row < proxy.rowCount(); ++row)
        pids.append(proxy.index(row, 0).data(ProcessModel::PidRole).toInt());
    QCOMPARE(pids, ascendingPids);
}

void TestProcessModel::filtersByNameOrPid_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QList<int>>("pids");

    QTest::newRow("empty shows all") << QString() << QList<int> {11, 22, 1234, 4321};
    QTest::newRow("name substring, any case") << QStringLiteral("FIRE") << QList<int> {11, 22};
    QTest::newRow("exact pid") << QStringLiteral("1234") << QList<int> {1234};
    QTest::newRow("pid is not a prefix match") << QStringLiteral("123") << QList<int> {};
    QTest::newRow("number inside a name") << QStringLiteral("3") << QList<int> {4321};
    QTest::newRow("surrounding blanks ignored") << QStringLiteral("  22 ") << QList<int> {22};
    QTest::newRow("no match") << QStringLiteral("nothing") << QList<int> {};
}

void TestProcessModel::filtersByNameOrPid()
{
    QFETCH(QString, filter);
    QFETCH(QList<int>, pids);

    ProcessModel model;
    ProcessFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeUpdate({process(1, 11, "firefox", 1), process(2, 22, "Firefox-bin", 1),
        process(3, 1234, "bash", 1), process(4, 4321, "python3", 1)});
    proxy.setFilterText(filter);
    proxy.sort(ProcessModel::PidColumn);
    QList<int> shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown.append(proxy.index(row, 0).data(ProcessModel::PidRole).toInt());
    QCOMPARE(shown, pids);

    // The filter also applies to processes that arrive later.
    model.mergeUpdate({process(5, 22022, "firefly", 1)});
    const bool shouldShow = filter.isEmpty()
        || QStringLiteral("firefly").contains(filter.trimmed(), Qt::CaseInsensitive);
    QCOMPARE(proxy.rowCount(), int(pids.size()) + (shouldShow ? 1 : 0));
}

void TestProcessModel::keepsSelectionAcrossLiveMerges_data()
{
    QTest::addColumn<int>("processes");
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<bool>("bulk");
    QTest::addColumn<bool>("filtered");

    // Few rows change per update: each is moved on its own.
    QTest::newRow("row by row") << 40 << 60'000 << 2'000 << false << false;
    // Hundreds change per update: the proxy sorts once per update.
    QTest::newRow("bulk") << 200 << 60'000 << 6'000 << true << false;
    QTest::newRow("bulk, filtered by name") << 200 << 60'000 << 6'000 << true << true;
}

void TestProcessModel::keepsSelectionAcrossLiveMerges()
{
    QFETCH(int, processes);
    QFETCH(int, events);
    QFETCH(int, chunk);
    QFETCH(bool, bulk);
    QFETCH(bool, filtered);

    ProcessModel model;
    ProcessFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(
        &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(
        &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QItemSelectionModel selection(&proxy);
    QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy bulkUpdates(&model, &ProcessModel::bulkUpdateAboutToStart);

    // Live data from the accountant, sorted by requested bytes (the order
    // changes with almost every update) and filtered.
    Accountant accountant;
    SyntheticTrace::Options options;
    options.seed = 7;
    options.events = std::uint64_t(events);
    options.processes = processes;
    options.hostileNames = false;
    proxy.sort(ProcessModel::RequestedColumn, Qt::DescendingOrder);

    std::uint64_t selectedKey = 0;
    int checkedMerges = 0;
    QSet<int> selectedPositions;
    test::replaySyntheticTrace(
        accountant, options, std::size_t(chunk), [&](const ProcessUpdate &update) {
            model.mergeUpdate(update);
            if (selectedKey == 0 && proxy.rowCount() > 5) {
                // Select a row in the middle of the sorted view.
                const QModelIndex middle = proxy.index(proxy.rowCount() / 2, 0);
                selectedKey = middle.data(ProcessModel::ProcessKeyRole).toULongLong();
                selection.setCurrentIndex(
                    middle, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                if (filtered)
                    proxy.setFilterText(middle.data(ProcessModel::NameRole).toString());
                return;
            }
            if (selectedKey == 0)
                return;
            // The live view stays sorted after every merge.
            for (int row = 1; row < proxy.rowCount(); ++row) {
                QVERIFY(proxy.index(row - 1, ProcessModel::RequestedColumn)
                            .data(ProcessModel::SortRole)
                            .toULongLong()
                    >= proxy.index(row, ProcessModel::RequestedColumn)
                           .data(ProcessModel::SortRole)
                           .toULongLong());
            }
            // ... and shows exactly the processes the filter accepts.
            if (filtered) {
                const QString name = proxy.filterText();
                int matching = 0;
                for (int row = 0; row < model.rowCount(); ++row) {
                    if (model.index(row, 0)
                            .data(ProcessModel::NameRole)
                            .toString()
                            .contains(name, Qt::CaseInsensitive))
                        ++matching;
                }
                QCOMPARE(proxy.rowCount(), matching);
            }
            const QModelIndexList rows = selection.selectedRows();
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows.first().data(ProcessModel::ProcessKeyRole).toULongLong(), selectedKey);
            QCOMPARE(selection.currentIndex().data(ProcessModel::ProcessKeyRole).toULongLong(),
                selectedKey);
            selectedPositions.insert(rows.first().row());
            ++checkedMerges;
        });
    QVERIFY(selectedKey != 0);
    QVERIFY2(checkedMerges >= 8, qPrintable(QString::number(checkedMerges)));
    QCOMPARE(bulkUpdates.count() > 0, bulk);
    // The selected row really moved while the view re-sorted around it.
    QVERIFY2(selectedPositions.size() > 3, qPrintable(QString::number(selectedPositions.size())));
    QCOMPARE(resets.count(), 0);

    if (filtered)
        return;
    QVERIFY(proxy.rowCount() > 10);

    // A filter that keeps the selected process keeps it selected.
    const QString selectedPid = QString::number(
        model.index(model.rowOfProcess(selectedKey), 0).data(ProcessModel::PidRole).toInt());
    proxy.setFilterText(selectedPid);
    QVERIFY(proxy.rowCount() >= 1);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().first().data(ProcessModel::ProcessKeyRole).toULongLong(),
        selectedKey);
}

void TestProcessModel::matchesAccountantAfterSyntheticReplay()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Accountant accountant;
    SyntheticTrace::Options options;
    options.seed = 3;
    options.events = 30'000;
    test::replaySyntheticTrace(accountant, options, 1'500,
        [&](const ProcessUpdate &update) { model.mergeUpdate(update); });

    const std::vector<ProcessFigures> all = accountant.allProcesses();
    QCOMPARE(model.rowCount(), int(all.size()));
    std::uint64_t requested = 0;
    for (const ProcessFigures &expected : all) {
        const int row = model.rowOfProcess(expected.processKey);
        QVERIFY(row >= 0);
        const ProcessFigures &shown = model.figures(row);
        QCOMPARE(shown.pid, expected.pid);
        QCOMPARE(shown.requestedBytes, expected.requestedBytes);
        QCOMPARE(shown.releasedBytes, expected.releasedBytes);
        QCOMPARE(shown.liveBytes, expected.liveBytes);
        QCOMPARE(shown.exitNs, expected.exitNs);
        QCOMPARE(
            model.index(row, ProcessModel::LiveColumn).data(ProcessModel::SortRole).toULongLong(),
            expected.liveBytes);
        requested += expected.requestedBytes;
    }
    QCOMPARE(model.totalRequestedBytes(), requested);
}

void TestProcessModel::showsSizesReadableWithExactBytesInToolTip()
{
    ProcessModel model;
    model.mergeUpdate({process(1, 1, "p", 1'572'864, 1'048'577, 3 * 1024 * 1024)});
    QCOMPARE(
        model.index(0, ProcessModel::RequestedColumn).data().toString(), QStringLiteral("1.5 MiB"));
    QCOMPARE(model.index(0, ProcessModel::RequestedColumn).data(Qt::ToolTipRole).toString(),
        QStringLiteral("1,572,864 bytes"));
    QCOMPARE(model.index(0, ProcessModel::ReleasedColumn).data(Qt::ToolTipRole).toString(),
        QStringLiteral("1,048,577 bytes"));
    QCOMPARE(
        model.index(0, ProcessModel::NetColumn).data().toString(), QStringLiteral("512.0 KiB"));
    QCOMPARE(model.index(0, ProcessModel::LiveColumn).data().toString(), QStringLiteral("3.0 MiB"));
    QVERIFY(model.index(0, ProcessModel::LiveColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("3,145,728 bytes")));

    // More released than requested (memory mapped before the capture): the
    // naive figure stops at zero, as the original tool's did.
    model.mergeUpdate({process(1, 1, "p", 1000, 3000)});
    QCOMPARE(model.index(0, ProcessModel::NetColumn).data().toString(), QStringLiteral("0 bytes"));
    QCOMPARE(model.index(0, ProcessModel::NetColumn).data(Qt::ToolTipRole).toString(),
        QStringLiteral("0 bytes"));
}

void TestProcessModel::showsRamShareOnlyWithMemoryTotal()
{
    ProcessModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.mergeUpdate({process(1, 1, "p", 0, 0, 256 * 1024 * 1024)});
    QVERIFY(model.index(0, ProcessModel::RamShareColumn).data().isNull());
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setMemoryTotal(std::int64_t(1024) * 1024 * 1024);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(
        model.index(0, ProcessModel::RamShareColumn).data().toString(), QStringLiteral("25.0 %"));
    QCOMPARE(
        model.index(0, ProcessModel::RamShareColumn).data(ProcessModel::SortRole).toDouble(), 25.0);
}

void TestProcessModel::marksLiveFigureThatIsNotExact()
{
    ProcessModel model;
    ProcessFigures figures = process(1, 1, "p", 8192, 0, 8192);
    figures.liveExact = false;
    model.mergeUpdate({figures});
    QCOMPARE(
        model.index(0, ProcessModel::LiveColumn).data().toString(), QStringLiteral("≥ 8.0 KiB"));
    QVERIFY(model.index(0, ProcessModel::LiveColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Not exact")));
    QCOMPARE(
        model.index(0, ProcessModel::LiveColumn).data(ProcessModel::SortRole).toULongLong(), 8192u);
}

void TestProcessModel::showsHostileNamesOnOneLine()
{
    ProcessModel model;
    model.mergeUpdate(
        {process(1, 1, "evil\tname\n\x1b[31m", 1), process(2, 2, "caf\xc3\xa9\xff", 1)});
    QCOMPARE(model.index(0, ProcessModel::NameColumn).data().toString(),
        QStringLiteral("evil\\tname\\n\\x1b[31m"));
    QCOMPARE(
        model.index(1, ProcessModel::NameColumn).data().toString(), QStringLiteral("café\uFFFD"));
}

QTEST_GUILESS_MAIN(TestProcessModel)
#include "tst_processmodel.moc"
