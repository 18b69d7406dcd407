// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/addressspace.h"
#include "accounting/nodepool.h"

#include <QTest>

#include <cstring>
#include <set>

#include <sys/mman.h>

using namespace memtap;

namespace {

// Counts what reaches the upstream resource.
class CountingResource : public std::pmr::memory_resource
{
public:
    std::size_t allocations = 0;
    std::size_t deallocations = 0;
    std::size_t bytesInUse = 0;

private:
    void *do_allocate(std::size_t bytes, std::size_t alignment) override
    {
        ++allocations;
        bytesInUse += bytes;
        return std::pmr::new_delete_resource()->allocate(bytes, alignment);
    }
    void do_deallocate(void *object, std::size_t bytes, std::size_t alignment) override
    {
        ++deallocations;
        bytesInUse -= bytes;
        std::pmr::new_delete_resource()->deallocate(object, bytes, alignment);
    }
    bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override
    {
        return this == &other;
    }
};

} // namespace

class TestNodePool : public QObject
{
    Q_OBJECT

private slots:
    void reusesFreedObjects();
    void largeObjectsGoUpstream();
    void everythingGoesBackAtTheEnd();
    void addressSpacesAndTheirCopiesShareIt();
};

void TestNodePool::reusesFreedObjects()
{
    CountingResource upstream;
    NodePool pool(&upstream);
    std::set<void *> distinct;
    std::vector<void *> objects;
    for (int i = 0; i < 1000; ++i) {
        void *object = pool.allocate(96, 8);
        QVERIFY(distinct.insert(object).second); // never handed out twice
        std::memset(object, 0xab, 96);
        objects.push_back(object);
    }
    const std::size_t blocks = upstream.allocations;
    QVERIFY(blocks >= 1000 / 128 && blocks <= 1000 / 128 + 1);
    QCOMPARE(pool.reservedBytes(), upstream.bytesInUse);
    for (void *object : objects)
        pool.deallocate(object, 96, 8);
    // Taking them again needs nothing new from upstream.
    for (int i = 0; i < 1000; ++i)
        QVERIFY(distinct.count(pool.allocate(96, 8)) == 1);
    QCOMPARE(upstream.allocations, blocks);
    // Another size class has its own list.
    void *small = pool.allocate(24, 8);
    QVERIFY(!distinct.count(small));
    QCOMPARE(upstream.allocations, blocks + 1);
}

void TestNodePool::largeObjectsGoUpstream()
{
    CountingResource upstream;
    NodePool pool(&upstream);
    void *large = pool.allocate(4096, 8);
    QCOMPARE(upstream.allocations, std::size_t(1));
    QCOMPARE(upstream.bytesInUse, std::size_t(4096));
    pool.deallocate(large, 4096, 8);
    QCOMPARE(upstream.deallocations, std::size_t(1));
    QCOMPARE(pool.reservedBytes(), std::size_t(0));
}

void TestNodePool::everythingGoesBackAtTheEnd()
{
    CountingResource upstream;
    {
        NodePool pool(&upstream);
        for (int i = 0; i < 300; ++i)
            QVERIFY(pool.allocate(std::size_t(1 + i % 200), 8));
        QVERIFY(upstream.bytesInUse > 0);
    }
    QCOMPARE(upstream.bytesInUse, std::size_t(0));
    QCOMPARE(upstream.deallocations, upstream.allocations);
}

void TestNodePool::addressSpacesAndTheirCopiesShareIt()
{
    CountingResource upstream;
    {
        NodePool pool(&upstream);
        MappingAttributes anonymous;
        anonymous.prot = PROT_READ | PROT_WRITE;
        anonymous.flags = MAP_PRIVATE | MAP_ANONYMOUS;
        MappingAttributes readOnly = anonymous;
        readOnly.prot = PROT_READ;
        AddressSpace space(4096, &pool);
        for (std::uint64_t i = 0; i < 100; ++i)
            space.map(0x10000 + i * 0x2000, 0x1000, i % 2 ? anonymous : readOnly);
        const std::size_t reserved = pool.reservedBytes();
        QVERIFY(reserved > 0);
        AddressSpace copy = space;
        copy.unmap(0x10000, 0x200000);
        QVERIFY(copy.isEmpty());
        QCOMPARE(space.rangeCount(), std::size_t(100));
        // The copy's nodes came from the pool and went back to it.
        AddressSpace again = space;
        QCOMPARE(again.totals(), space.totals());
        QVERIFY(pool.reservedBytes() <= 2 * reserved + 128 * 128);
        QCOMPARE(upstream.bytesInUse, pool.reservedBytes());
    }
    QCOMPARE(upstream.bytesInUse, std::size_t(0));
}

QTEST_APPLESS_MAIN(TestNodePool)
#include "tst_nodepool.moc"
