// SPDX-License-Identifier: GPL-2.0-or-later
#include "storage/timelinecodec.h"

#include <QTest>

#include <limits>
#include <random>

using namespace memtap;

namespace {

// The format as sql/sqlite/001_initial.sql describes it, written the plain
// way: what every database already holds, so the encoder must match it byte
// for byte.
void appendVarint(QByteArray &out, std::uint64_t value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

QByteArray referenceEncoding(const std::vector<LiveSample> &samples)
{
    QByteArray out;
    std::uint64_t previousTs = 0;
    std::uint64_t previousBytes = 0;
    for (const LiveSample &sample : samples) {
        const auto tsDelta = std::int64_t(std::uint64_t(sample.timestampNs) - previousTs);
        const auto bytesDelta = std::int64_t(sample.liveBytes - previousBytes);
        appendVarint(out, (std::uint64_t(tsDelta) << 1) ^ std::uint64_t(tsDelta >> 63));
        appendVarint(out, (std::uint64_t(bytesDelta) << 1) ^ std::uint64_t(bytesDelta >> 63));
        previousTs = std::uint64_t(sample.timestampNs);
        previousBytes = sample.liveBytes;
    }
    return out;
}

} // namespace

class TestTimelineCodec : public QObject
{
    Q_OBJECT

private slots:
    void emptyTimeline();
    void matchesTheFormatAtEveryVarintLength();
    void matchesTheFormatForRandomTimelines();
    void refusesCutEncodings();
};

void TestTimelineCodec::emptyTimeline()
{
    QVERIFY(TimelineCodec::encode({}).isEmpty());
    const auto decoded = TimelineCodec::decode(QByteArrayView());
    QVERIFY(decoded && decoded->empty());
}

void TestTimelineCodec::matchesTheFormatAtEveryVarintLength()
{
    // Differences whose zigzag encodings need 1 to 10 bytes, at each edge,
    // upwards and downwards, and values at the ends of both types.
    std::vector<LiveSample> samples;
    std::int64_t ts = 0;
    std::uint64_t bytes = 0;
    for (int bits = 0; bits <= 64; ++bits) {
        const std::uint64_t edge = bits == 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << bits);
        for (const std::uint64_t step : {edge - 1, edge, edge + 1}) {
            ts = std::int64_t(std::uint64_t(ts) + step);
            bytes += step;
            samples.push_back({ts, bytes});
            ts = std::int64_t(std::uint64_t(ts) - step / 2);
            bytes -= step / 3;
            samples.push_back({ts, bytes});
        }
    }
    for (const std::int64_t extremeTs : {std::numeric_limits<std::int64_t>::min(),
             std::numeric_limits<std::int64_t>::max(), std::int64_t(-1), std::int64_t(0)}) {
        for (const std::uint64_t extremeBytes : {std::uint64_t(0), ~std::uint64_t(0),
                 std::uint64_t(1) << 63, (std::uint64_t(1) << 56) - 1}) {
            samples.push_back({extremeTs, extremeBytes});
        }
    }
    const QByteArray encoded = TimelineCodec::encode(samples);
    QCOMPARE(encoded, referenceEncoding(samples));
    QVERIFY(TimelineCodec::decode(encoded) == samples);
}

void TestTimelineCodec::matchesTheFormatForRandomTimelines()
{
    std::mt19937_64 random(20261123);
    for (int round = 0; round < 200; ++round) {
        std::vector<LiveSample> samples(random() % 300);
        // Unsigned, so that the sum wraps as the format's differences do.
        std::uint64_t ts = random() >> (random() % 64);
        for (LiveSample &sample : samples) {
            // Steps of every magnitude, the page-sized ones of real
            // timelines most often.
            ts += random() >> (1 + random() % 63);
            sample.timestampNs = std::int64_t(ts);
            sample.liveBytes
                = round % 4 == 0 ? random() >> (random() % 64) : (random() % (1u << 20)) * 4096;
        }
        const QByteArray encoded = TimelineCodec::encode(samples);
        QCOMPARE(encoded, referenceEncoding(samples));
        QVERIFY(TimelineCodec::decode(encoded) == samples);
    }
}

void TestTimelineCodec::refusesCutEncodings()
{
    const std::vector<LiveSample> samples {{1'000'000'007, 4096}, {1'000'300'000, 1 << 30}};
    const QByteArray encoded = TimelineCodec::encode(samples);
    QVERIFY(TimelineCodec::decode(encoded));
    // Every proper prefix ends inside a varint or between the two halves of
    // a sample, but for the one that ends after the first sample.
    const QByteArray first = TimelineCodec::encode({samples.front()});
    for (qsizetype length = 1; length < encoded.size(); ++length) {
        const auto decoded = TimelineCodec::decode(QByteArrayView(encoded).first(length));
        if (length == first.size())
            QVERIFY(decoded && decoded->size() == 1 && decoded->front() == samples.front());
        else
            QVERIFY2(!decoded, qPrintable(QStringLiteral("prefix of %1 bytes").arg(length)));
    }
}

QTEST_GUILESS_MAIN(TestTimelineCodec)
#include "tst_timelinecodec.moc"
