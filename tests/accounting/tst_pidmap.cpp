// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/pidmap.h"

#include <QTest>

#include <map>
#include <random>

using namespace memtap;

class TestPidMap : public QObject
{
    Q_OBJECT

private slots:
    void emptyMapFindsNothing();
    void insertReplacesAndErases();
    void agreesWithAReferenceMap_data();
    void agreesWithAReferenceMap();
};

void TestPidMap::emptyMapFindsNothing()
{
    PidMap<int> map;
    QCOMPARE(map.value(1), nullptr);
    QVERIFY(!map.erase(1));
    QVERIFY(map.isEmpty());
}

void TestPidMap::insertReplacesAndErases()
{
    int first = 1;
    int second = 2;
    PidMap<int> map;
    map.insert(0, &first);
    map.insert(42, &first);
    map.insert(42, &second);
    QCOMPARE(map.size(), std::size_t(2));
    QCOMPARE(map.value(0), &first);
    QCOMPARE(map.value(42), &second);
    QVERIFY(map.erase(42));
    QVERIFY(!map.erase(42));
    QCOMPARE(map.value(42), nullptr);
    QCOMPARE(map.value(0), &first);
    QCOMPARE(map.size(), std::size_t(1));
}

void TestPidMap::agreesWithAReferenceMap_data()
{
    QTest::addColumn<int>("pidRange");
    QTest::addColumn<int>("operations");
    // A small range makes long probe runs and many erasures inside them, the
    // case backward-shift deletion must get right.
    QTest::newRow("crowded: 100 pids") << 100 << 200'000;
    QTest::newRow("pid_max 4194304") << 4'194'304 << 200'000;
}

void TestPidMap::agreesWithAReferenceMap()
{
    QFETCH(int, pidRange);
    QFETCH(int, operations);
    std::vector<int> values(16);
    PidMap<int> map;
    std::map<std::int32_t, int *> reference;
    std::mt19937 random(7);
    std::uniform_int_distribution<std::int32_t> pids(0, pidRange - 1);
    for (int i = 0; i < operations; ++i) {
        const std::int32_t pid = pids(random);
        switch (random() % 3) {
        case 0: {
            int *value = &values[random() % values.size()];
            map.insert(pid, value);
            reference[pid] = value;
            break;
        }
        case 1:
            QCOMPARE(map.erase(pid), reference.erase(pid) == 1);
            break;
        default: {
            const auto it = reference.find(pid);
            QCOMPARE(map.value(pid), it == reference.end() ? nullptr : it->second);
        }
        }
        QCOMPARE(map.size(), reference.size());
    }
    std::map<std::int32_t, int *> listed;
    map.forEach([&listed](std::int32_t pid, int *value) { listed.emplace(pid, value); });
    QVERIFY(listed == reference);
    for (const auto &[pid, value] : reference)
        QCOMPARE(map.value(pid), value);
}

QTEST_GUILESS_MAIN(TestPidMap)
#include "tst_pidmap.moc"
