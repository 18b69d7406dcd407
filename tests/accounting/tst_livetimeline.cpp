// SPDX-License-Identifier: GPL-2.0-or-later
#include "accounting/livetimeline.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace memtap;

class TestLiveTimeline : public QObject
{
    Q_OBJECT

private slots:
    void emptyTimeline();
    void keepsEverySampleWhileFew();
    void keepsEverySampleUpToTheBound();
    void staysBoundedAndKeepsExtremes_data();
    void staysBoundedAndKeepsExtremes();
    void earlierTimestampCountsAsTheLatest();
    void resolutionIsEvenOverTime();
};

void TestLiveTimeline::emptyTimeline()
{
    LiveTimeline timeline;
    QVERIFY(timeline.isEmpty());
    QVERIFY(timeline.samples().empty());
}

void TestLiveTimeline::keepsEverySampleWhileFew()
{
    LiveTimeline timeline;
    std::vector<LiveSample> expected;
    for (int i = 0; i < 200; ++i) {
        const LiveSample sample {1'000'000 + i * 7, std::uint64_t((i * 7919) % 1000) * 4096};
        timeline.record(sample.timestampNs, sample.liveBytes);
        expected.push_back(sample);
    }
    const auto samples = timeline.samples();
    QCOMPARE(samples.size(), expected.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        QCOMPARE(samples[i].timestampNs, expected[i].timestampNs);
        QCOMPARE(samples[i].liveBytes, expected[i].liveBytes);
    }
}

void TestLiveTimeline::keepsEverySampleUpToTheBound()
{
    LiveTimeline timeline(64);
    std::vector<LiveSample> expected;
    for (int i = 0; i < 64; ++i) {
        expected.push_back({i * 1000, std::uint64_t(i % 5) * 4096});
        timeline.record(expected.back().timestampNs, expected.back().liveBytes);
    }
    auto samples = timeline.samples();
    QCOMPARE(samples.size(), expected.size());
    QVERIFY(samples == expected);
    // One more: decimated to the bound, ends kept.
    timeline.record(64'000, 1);
    samples = timeline.takeSamples();
    QVERIFY(samples.size() <= 64);
    QCOMPARE(samples.front().timestampNs, std::int64_t(0));
    QCOMPARE(samples.back().timestampNs, std::int64_t(64'000));
    QCOMPARE(samples.back().liveBytes, quint64(1));
    QVERIFY(timeline.isEmpty());
}

void TestLiveTimeline::staysBoundedAndKeepsExtremes_data()
{
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<int>("count");
    QTest::newRow("16 points, 1000 samples") << 16 << 1000;
    QTest::newRow("256 points, 100k samples") << 256 << 100'000;
    QTest::newRow("1024 points, 1M samples") << 1024 << 1'000'000;
}

void TestLiveTimeline::staysBoundedAndKeepsExtremes()
{
    QFETCH(int, maxPoints);
    QFETCH(int, count);

    LiveTimeline timeline {std::size_t(maxPoints)};
    QCOMPARE(timeline.maxPoints(), std::size_t(maxPoints));
    std::mt19937_64 random(std::uint64_t(maxPoints) * 31 + std::uint64_t(count));
    const int spikeAt = int(random() % std::uint64_t(count - 2)) + 1;
    const int dipAt = (spikeAt + count / 3) % (count - 2) + 1;
    std::int64_t ts = 5'000'000'000;
    LiveSample first;
    LiveSample last;
    for (int i = 0; i < count; ++i) {
        ts += std::int64_t(random() % 50'000) + 1;
        std::uint64_t bytes
            = (std::uint64_t(1) << 30) + std::uint64_t(std::sin(i / 1000.0) * (1 << 28));
        if (i == spikeAt)
            bytes = std::uint64_t(1) << 40;
        if (i == dipAt)
            bytes = 4096;
        timeline.record(ts, bytes);
        if (i == 0)
            first = {ts, bytes};
        last = {ts, bytes};
    }
    const auto samples = timeline.samples();
    QVERIFY2(samples.size() <= std::size_t(maxPoints), qPrintable(QString::number(samples.size())));
    QVERIFY(samples.size() >= std::size_t(maxPoints) / 4);
    QVERIFY(std::is_sorted(samples.begin(), samples.end(),
        [](const LiveSample &a, const LiveSample &b) { return a.timestampNs < b.timestampNs; }));
    QCOMPARE(samples.front().timestampNs, first.timestampNs);
    QCOMPARE(samples.front().liveBytes, first.liveBytes);
    QCOMPARE(samples.back().timestampNs, last.timestampNs);
    QCOMPARE(samples.back().liveBytes, last.liveBytes);
    const auto [lowest, highest] = std::minmax_element(samples.begin(), samples.end(),
        [](const LiveSample &a, const LiveSample &b) { return a.liveBytes < b.liveBytes; });
    QCOMPARE(highest->liveBytes, std::uint64_t(1) << 40);
    QCOMPARE(lowest->liveBytes, quint64(4096));
}

void TestLiveTimeline::earlierTimestampCountsAsTheLatest()
{
    LiveTimeline timeline;
    timeline.record(1000, 1);
    timeline.record(2000, 2);
    timeline.record(1500, 3); // late: shown where the timeline stands
    const auto samples = timeline.samples();
    QCOMPARE(samples.size(), std::size_t(3));
    QCOMPARE(samples[2].timestampNs, std::int64_t(2000));
    QCOMPARE(samples[2].liveBytes, quint64(3));
}

void TestLiveTimeline::resolutionIsEvenOverTime()
{
    LiveTimeline timeline(256);
    for (std::int64_t i = 0; i < 200'000; ++i)
        timeline.record(i * 1000, std::uint64_t(i % 7) * 4096);
    const auto samples = timeline.samples();
    const std::int64_t middle = 100'000 * 1000;
    const auto firstHalf = std::count_if(samples.begin(), samples.end(),
        [middle](const LiveSample &sample) { return sample.timestampNs < middle; });
    const auto secondHalf = std::ptrdiff_t(samples.size()) - firstHalf;
    QVERIFY2(firstHalf * 2 >= secondHalf && secondHalf * 2 >= firstHalf,
        qPrintable(QStringLiteral("%1 vs %2").arg(firstHalf).arg(secondHalf)));
}

QTEST_APPLESS_MAIN(TestLiveTimeline)
#include "tst_livetimeline.moc"
