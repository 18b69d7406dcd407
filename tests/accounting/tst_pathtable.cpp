// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/addressspace.h"
#include "accounting/pathtable.h"
#include "trace/byteshash.h"

#include <QHash>
#include <QTest>

#include <memory>
#include <random>
#include <set>

using namespace memtap;

class TestPathTable : public QObject
{
    Q_OBJECT

private slots:
    void countsReferencesAndReusesIds();
    void copiesTheBytes();
    void pathsAlikeInTheirHashedBytesStayApart();
    void followsTheRangesOfAddressSpaces();
    void bytesKeysFindNamesByView();
};

void TestPathTable::countsReferencesAndReusesIds()
{
    PathTable table;
    QCOMPARE(table.acquire(QByteArray()), PathTable::noPath);
    const PathTable::Id libc = table.acquire("/usr/lib/libc.so.6");
    QCOMPARE(table.acquire("/usr/lib/libc.so.6"), libc);
    const PathTable::Id heap = table.acquire("[heap]");
    QVERIFY(heap != libc);
    QCOMPARE(table.acquire("/usr/lib/libc.so.6"), libc);
    QCOMPARE(table.references(libc), 3u);
    QCOMPARE(table.size(), std::size_t(2));
    table.release(libc);
    table.release(libc);
    QCOMPARE(table.path(libc), QByteArray("/usr/lib/libc.so.6"));
    table.release(libc);
    QCOMPARE(table.size(), std::size_t(1));
    // The freed id names the next new path.
    QCOMPARE(table.acquire("/usr/bin/make"), libc);
    QCOMPARE(table.path(libc), QByteArray("/usr/bin/make"));
    QCOMPARE(table.path(heap), QByteArray("[heap]"));
}

void TestPathTable::copiesTheBytes()
{
    PathTable table;
    QByteArray source("/usr/lib/libm.so.6");
    const PathTable::Id id
        = table.acquire(QByteArray::fromRawData(source.constData(), source.size()));
    source[5] = 'X';
    QCOMPARE(table.path(id), QByteArray("/usr/lib/libm.so.6"));
}

// Paths that differ in a single byte anywhere (the same file under
// different directories, short names) are told apart, found again, and
// forgotten one by one.
void TestPathTable::pathsAlikeInTheirHashedBytesStayApart()
{
    PathTable table;
    std::vector<QByteArray> paths;
    for (int i = 0; i < 500; ++i) {
        // Same length, same last 16 bytes: only the directory differs.
        paths.push_back(QByteArray("/opt/v") + QByteArray::number(1000 + i)
            + "/lib/x86_64-linux-gnu/libstdc++.so.6");
    }
    for (const char *shortPath : {"/a", "/b", "[heap]", "[stack]", "/usr/ab", "/usr/ba",
             "/usr/bin/a", "/usr/bin/b", "/opt/x/ab.so", "/opt/y/ab.so"})
        paths.emplace_back(shortPath);
    std::vector<PathTable::Id> ids;
    for (const QByteArray &path : paths)
        ids.push_back(table.acquire(path));
    QCOMPARE(std::set<PathTable::Id>(ids.begin(), ids.end()).size(), paths.size());
    QCOMPARE(table.size(), paths.size());
    // Found again out of order, not only as the last one acquired.
    for (std::size_t i = paths.size(); i-- > 0;)
        QCOMPARE(table.acquire(QByteArray(paths[i].constData(), paths[i].size())), ids[i]);
    // Forgetting every other path leaves the rest findable.
    for (std::size_t i = 0; i < paths.size(); i += 2) {
        table.release(ids[i]);
        table.release(ids[i]);
    }
    QCOMPARE(table.size(), paths.size() / 2);
    for (std::size_t i = 1; i < paths.size(); i += 2) {
        QCOMPARE(table.acquire(paths[i]), ids[i]);
        QCOMPARE(table.references(ids[i]), 3u);
        QCOMPARE(table.path(ids[i]), paths[i]);
    }
    // A forgotten path comes back as a new entry holding its own bytes.
    const PathTable::Id again = table.acquire(paths[0]);
    QCOMPARE(table.path(again), paths[0]);
    QCOMPARE(table.references(again), 1u);
    QCOMPARE(table.size(), paths.size() / 2 + 1);
}

// Every range holds one reference to its path: after any sequence of maps,
// unmaps, splits, merges, copies and destruction, the table holds exactly
// the paths the surviving ranges name, each with as many references as
// ranges.
void TestPathTable::followsTheRangesOfAddressSpaces()
{
    auto table = std::make_shared<PathTable>();
    const QByteArray paths[] = {"", "/a", "/b", "[heap]", "/c"};
    std::mt19937_64 random(11);
    std::vector<std::unique_ptr<AddressSpace>> spaces;
    spaces.push_back(std::make_unique<AddressSpace>(4096, table));
    for (int step = 0; step < 20'000; ++step) {
        AddressSpace &space = *spaces[random() % spaces.size()];
        const std::uint64_t start = 0x10000 + (random() % 256) * 4096;
        const std::uint64_t length = (1 + random() % 16) * 4096;
        switch (random() % 8) {
        case 0:
            if (spaces.size() < 6)
                spaces.push_back(std::make_unique<AddressSpace>(space));
            break;
        case 1:
            if (spaces.size() > 1) {
                spaces.erase(spaces.begin() + std::ptrdiff_t(random() % spaces.size()));
                break;
            }
            space.clear();
            break;
        case 2:
        case 3:
            space.unmap(start, length);
            break;
        case 4:
            space.fillGaps(start, start + length, MappingAttributes {});
            break;
        default: {
            MappingAttributes attributes;
            attributes.prot = random() % 2 ? 1 : 3;
            attributes.path = paths[random() % std::size(paths)];
            attributes.offset = (random() % 4) * 4096;
            space.map(start, length, attributes);
        }
        }
    }
    std::map<QByteArray, std::uint32_t> expected;
    for (const auto &space : spaces) {
        for (const AddressSpace::Range &range : space->ranges()) {
            if (!range.attributes.path.isEmpty())
                ++expected[range.attributes.path];
        }
    }
    QVERIFY(!expected.empty());
    QCOMPARE(table->size(), expected.size());
    for (const auto &[path, count] : expected) {
        const PathTable::Id id = table->acquire(path);
        QCOMPARE(table->references(id), count + 1);
        table->release(id);
    }
    spaces.clear();
    QCOMPARE(table->size(), std::size_t(0));
}

// The store writer's table of process names: names differing anywhere, in
// length only, or not at all are told apart, and a view of a record's bytes
// finds the stored name without a copy.
void TestPathTable::bytesKeysFindNamesByView()
{
    const std::vector<QByteArray> names {"", "a", "b", "ab", "ba", "bash", "bash ", "kworker/0:1",
        "kworker/1:0", "kworker/0:10", "systemd-journal", "systemd-journald", "12345678",
        "123456789", "1234567_", "_2345678"};
    QHash<BytesKey, int> ids;
    for (std::size_t i = 0; i < names.size(); ++i)
        ids.insert(BytesKey {names[i]}, int(i));
    QCOMPARE(std::size_t(ids.size()), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const QByteArray record = "<" + names[i] + ">";
        const BytesKey view {QByteArray::fromRawData(record.constData() + 1, names[i].size())};
        QCOMPARE(ids.value(view, -1), int(i));
        QCOMPARE(hashBytes(view.bytes, 7), hashBytes(names[i], 7));
    }
    std::set<std::size_t> hashes;
    for (const QByteArray &name : names)
        hashes.insert(hashBytes(name, 7));
    QCOMPARE(hashes.size(), names.size());
    QVERIFY(hashBytes("bash", 7) != hashBytes("bash", 8));
    QCOMPARE(ids.value(BytesKey {"zsh"}, -1), -1);
}

QTEST_GUILESS_MAIN(TestPathTable)
#include "tst_pathtable.moc"
