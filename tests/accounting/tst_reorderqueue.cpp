// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/reorderqueue.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <random>

using namespace memtap;

namespace {

constexpr std::int64_t everything = std::numeric_limits<std::int64_t>::max();

struct Pushed
{
    std::int64_t timestampNs;
    std::uint32_t payload;
};

std::vector<std::uint32_t> drain(ReorderQueue &queue, std::int64_t limit = everything)
{
    std::vector<std::uint32_t> out;
    std::uint32_t payload = 0;
    while (queue.popNotAfter(limit, payload))
        out.push_back(payload);
    return out;
}

// What the queue must give back: by time, ties in push order.
std::vector<std::uint32_t> expectedOrder(std::vector<Pushed> pushed)
{
    std::stable_sort(pushed.begin(), pushed.end(),
        [](const Pushed &a, const Pushed &b) { return a.timestampNs < b.timestampNs; });
    std::vector<std::uint32_t> payloads;
    for (const Pushed &entry : pushed)
        payloads.push_back(entry.payload);
    return payloads;
}

} // namespace

class TestReorderQueue : public QObject
{
    Q_OBJECT

private slots:
    void inOrderStaysOneRun();
    void tiesKeepPushOrder();
    void popsOnlyUpToTheLimit();
    void interleavedSequencesTakeARunEach();
    void moreSequencesThanRunsStillSort();
    void matchesAStableSort_data();
    void matchesAStableSort();
};

void TestReorderQueue::inOrderStaysOneRun()
{
    ReorderQueue queue;
    for (std::uint32_t i = 0; i < 1000; ++i)
        queue.push(std::int64_t(i) * 10, i);
    QCOMPARE(queue.runCount(), std::size_t(1));
    QCOMPARE(queue.size(), std::size_t(1000));
    const auto out = drain(queue);
    QCOMPARE(out.size(), std::size_t(1000));
    QVERIFY(std::is_sorted(out.begin(), out.end()));
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.runCount(), std::size_t(0));
}

void TestReorderQueue::tiesKeepPushOrder()
{
    ReorderQueue queue;
    queue.push(5, 1);
    queue.push(3, 2);
    queue.push(5, 3);
    queue.push(3, 4);
    queue.push(5, 5);
    QCOMPARE(drain(queue), (std::vector<std::uint32_t> {2, 4, 1, 3, 5}));
}

void TestReorderQueue::popsOnlyUpToTheLimit()
{
    ReorderQueue queue;
    queue.push(100, 1);
    queue.push(300, 3);
    queue.push(200, 2);
    std::uint32_t payload = 0;
    QVERIFY(!queue.popNotAfter(99, payload));
    QCOMPARE(drain(queue, 200), (std::vector<std::uint32_t> {1, 2}));
    QCOMPARE(queue.size(), std::size_t(1));
    QCOMPARE(drain(queue, 300), (std::vector<std::uint32_t> {3}));
    QVERIFY(!queue.popNotAfter(everything, payload));
}

void TestReorderQueue::interleavedSequencesTakeARunEach()
{
    // Four CPUs' buffers, each in time order, drained in turns of a block.
    std::mt19937_64 random(1);
    std::vector<std::vector<Pushed>> cpus(4);
    for (std::uint32_t i = 0; i < 4000; ++i)
        cpus[random() % 4].push_back({std::int64_t(i) * 7, i});
    std::vector<Pushed> pushed;
    std::vector<std::size_t> next(4, 0);
    while (pushed.size() < 4000) {
        const std::size_t cpu = random() % 4;
        for (std::size_t n = 1 + random() % 100; n > 0 && next[cpu] < cpus[cpu].size(); --n)
            pushed.push_back(cpus[cpu][next[cpu]++]);
    }
    ReorderQueue queue;
    std::size_t mostRuns = 0;
    for (const Pushed &entry : pushed) {
        queue.push(entry.timestampNs, entry.payload);
        mostRuns = std::max(mostRuns, queue.runCount());
    }
    QVERIFY2(mostRuns <= 4, qPrintable(QString::number(mostRuns)));
    QCOMPARE(drain(queue), expectedOrder(pushed));
}

void TestReorderQueue::moreSequencesThanRunsStillSort()
{
    // Strictly falling timestamps: every entry would need a run of its own.
    ReorderQueue queue;
    std::vector<Pushed> pushed;
    for (std::uint32_t i = 0; i < 500; ++i) {
        pushed.push_back({std::int64_t(500 - i), i});
        queue.push(pushed.back().timestampNs, i);
    }
    QCOMPARE(queue.runCount(), ReorderQueue::maxRuns);
    QCOMPARE(drain(queue), expectedOrder(pushed));
}

void TestReorderQueue::matchesAStableSort_data()
{
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("spread"); // how far from its place an entry may land
    for (int seed = 1; seed <= 6; ++seed) {
        QTest::newRow(qPrintable(QStringLiteral("seed %1, near").arg(seed))) << seed << 20;
        QTest::newRow(qPrintable(QStringLiteral("seed %1, far").arg(seed))) << seed << 5000;
    }
}

void TestReorderQueue::matchesAStableSort()
{
    QFETCH(int, seed);
    QFETCH(int, spread);
    std::mt19937_64 random {std::uint64_t(seed)};
    ReorderQueue queue;
    std::vector<std::uint32_t> out;
    std::vector<Pushed> all;
    std::int64_t newest = 0;
    for (std::uint32_t i = 0; i < 20000; ++i) {
        // Timestamps roughly rising, jittered, with ties.
        const std::int64_t ts
            = std::int64_t(i) * 3 + std::int64_t(random() % std::uint64_t(spread)) / 2 * 2;
        all.push_back({ts, i});
        queue.push(ts, i);
        newest = std::max(newest, ts);
        // Release what is older than the window, as the accountant does.
        const auto released = drain(queue, newest - spread);
        out.insert(out.end(), released.begin(), released.end());
    }
    const auto rest = drain(queue);
    out.insert(out.end(), rest.begin(), rest.end());
    QCOMPARE(out, expectedOrder(all));
}

QTEST_APPLESS_MAIN(TestReorderQueue)
#include "tst_reorderqueue.moc"
