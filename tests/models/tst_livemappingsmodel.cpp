// SPDX-License-Identifier: GPL-2.0-or-later
#include "modeltestutil.h"

#include "accounting/accountant.h"
#include "models/livemappingsmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QLocale>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

#include <sys/mman.h>

using namespace memtap;

namespace {

LiveMapping mapping(std::uint64_t start, std::uint64_t end, std::uint64_t prot, std::uint64_t flags,
    const char *path = "", std::int64_t fd = -1)
{
    LiveMapping result;
    result.start = start;
    result.end = end;
    result.prot = prot;
    result.flags = flags;
    result.path = path;
    result.fd = fd;
    return result;
}

constexpr std::uint64_t anonymousPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr std::uint64_t readWrite = PROT_READ | PROT_WRITE;

} // namespace

class TestLiveMappingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsDecodedColumns();
    void refreshOfSameProcessMergesInPlace();
    void otherProcessReplacesRows();
    void followsAccountant();
};

void TestLiveMappingsModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestLiveMappingsModel::showsDecodedColumns()
{
    LiveMappingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMappings(5,
        {mapping(0x7f0000002000, 0x7f0000003000, PROT_READ, MAP_PRIVATE, "", 7),
            mapping(0x555555554000, 0x555555575000, readWrite, anonymousPrivate, "[heap]"),
            mapping(0x7f0000000000, 0x7f0000002000, PROT_READ | PROT_EXEC, MAP_PRIVATE,
                "/usr/lib/libc.so.6")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalBytes(), 0x21000u + 0x2000u + 0x1000u);
    // Sorted by address.
    QCOMPARE(model.index(0, LiveMappingsModel::RangeColumn).data().toString(),
        QStringLiteral("0x555555554000–0x555555575000"));
    QCOMPARE(model.index(0, LiveMappingsModel::SizeColumn).data().toString(),
        QStringLiteral("132.0 KiB"));
    QCOMPARE(model.index(0, LiveMappingsModel::SizeColumn).data(Qt::ToolTipRole).toString(),
        QStringLiteral("135,168 bytes"));
    QCOMPARE(model.index(0, LiveMappingsModel::ProtectionColumn).data().toString(),
        QStringLiteral("PROT_READ|PROT_WRITE"));
    QCOMPARE(model.index(0, LiveMappingsModel::FlagsColumn).data().toString(),
        QStringLiteral("MAP_PRIVATE|MAP_ANONYMOUS"));
    QCOMPARE(
        model.index(0, LiveMappingsModel::FileColumn).data().toString(), QStringLiteral("[heap]"));
    QCOMPARE(model.index(1, LiveMappingsModel::FileColumn).data().toString(),
        QStringLiteral("/usr/lib/libc.so.6"));
    QCOMPARE(
        model.index(2, LiveMappingsModel::FileColumn).data().toString(), QStringLiteral("fd 7"));
    QCOMPARE(model.index(1, LiveMappingsModel::SizeColumn)
                 .data(LiveMappingsModel::SortRole)
                 .toULongLong(),
        0x2000u);
}

void TestLiveMappingsModel::refreshOfSameProcessMergesInPlace()
{
    LiveMappingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMappings(1,
        {mapping(0x1000, 0x2000, readWrite, anonymousPrivate),
            mapping(0x3000, 0x5000, readWrite, anonymousPrivate),
            mapping(0x8000, 0x9000, PROT_READ, MAP_PRIVATE, "/bin/true")});
    QItemSelectionModel selection(&model);
    selection.select(model.index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QPersistentModelIndex selected = model.index(2, 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // 0x1000 is unmapped, 0x3000 shrinks, 0x6000 is new, 0x8000 is unchanged.
    model.setMappings(1,
        {mapping(0x8000, 0x9000, PROT_READ, MAP_PRIVATE, "/bin/true"),
            mapping(0x3000, 0x4000, readWrite, anonymousPrivate),
            mapping(0x6000, 0x7000, PROT_READ, anonymousPrivate)});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QList<qulonglong> starts;
    for (int row = 0; row < model.rowCount(); ++row)
        starts.append(model.index(row, 0).data(LiveMappingsModel::StartRole).toULongLong());
    QCOMPARE(starts, (QList<qulonglong> {0x3000, 0x6000, 0x8000}));
    QVERIFY(selected.isValid());
    QCOMPARE(selected.data(LiveMappingsModel::StartRole).toULongLong(), 0x8000u);
    QCOMPARE(selection.selectedRows().size(), 1);

    // Everything gone.
    model.setMappings(1, {});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(resets.count(), 0);
}

void TestLiveMappingsModel::otherProcessReplacesRows()
{
    LiveMappingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMappings(1, {mapping(0x1000, 0x2000, readWrite, anonymousPrivate)});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setMappings(2,
        {mapping(0x1000, 0x2000, readWrite, anonymousPrivate),
            mapping(0x4000, 0x6000, readWrite, anonymousPrivate)});
    // Same start address, another process: the rows are replaced, not merged.
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.processKey(), 2u);
    QCOMPARE(model.rowCount(), 2);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.processKey(), 0u);
}

void TestLiveMappingsModel::followsAccountant()
{
    LiveMappingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Accountant accountant;
    SyntheticTrace::Options options;
    options.seed = 5;
    options.events = 20'000;
    options.processes = 10;
    std::uint64_t followedKey = 0;
    int refreshes = 0;
    test::replaySyntheticTrace(accountant, options, 500, [&](const ProcessUpdate &update) {
        if (followedKey == 0 && !update.empty())
            followedKey = update.front().processKey;
        if (followedKey == 0)
            return;
        model.setMappings(followedKey, accountant.liveMappings(followedKey));
        ++refreshes;
        const std::optional<ProcessFigures> figures = accountant.process(followedKey);
        QVERIFY(figures.has_value());
        // The detail view's ranges add up to the Processes dock's figure,
        // kernel-managed regions aside.
        std::uint64_t counted = 0;
        for (const LiveMapping &range : model.mappings()) {
            if (range.path != "[stack]" && range.path != "[vdso]" && range.path != "[vvar]"
                && range.path != "[vvar_vclock]" && range.path != "[vsyscall]")
                counted += range.size();
        }
        QCOMPARE(counted, figures->liveBytes);
    });
    QVERIFY(refreshes > 10);
}

QTEST_GUILESS_MAIN(TestLiveMappingsModel)
#include "tst_livemappingsmodel.moc"
