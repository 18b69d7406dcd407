// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelinecodec.h"

#include "storage/varint.h"

#include <cstdint>

namespace memtap {

QByteArray TimelineCodec::encode(const std::vector<LiveSample> &samples)
{
    // Written in place into room for the longest encoding, then cut to
    // size: appending byte by byte cost more than the encoding itself.
    constexpr qsizetype maxBytesPerSample = 2 * varint::maxBytes;
    if (samples.empty())
        return {};
    QByteArray out(qsizetype(samples.size()) * maxBytesPerSample, Qt::Uninitialized);
    char *const begin = out.data();
    char *at = begin;
    std::int64_t previousTs = 0;
    std::uint64_t previousBytes = 0;
    for (const LiveSample &sample : samples) {
        // Differences wrap modulo 2^64, so every value round-trips.
        at = varint::write(at, varint::zigzag(varint::difference(sample.timestampNs, previousTs)));
        at = varint::write(at, varint::zigzag(std::int64_t(sample.liveBytes - previousBytes)));
        previousTs = sample.timestampNs;
        previousBytes = sample.liveBytes;
    }
    out.truncate(at - begin);
    return out;
}

std::optional<std::vector<LiveSample>> TimelineCodec::decode(QByteArrayView bytes)
{
    std::vector<LiveSample> samples;
    qsizetype at = 0;
    std::int64_t ts = 0;
    std::uint64_t liveBytes = 0;
    while (at < bytes.size()) {
        std::uint64_t tsDelta = 0;
        std::uint64_t bytesDelta = 0;
        if (!varint::read(bytes, at, &tsDelta) || !varint::read(bytes, at, &bytesDelta))
            return std::nullopt;
        ts = varint::undoDifference(varint::unzigzag(tsDelta), ts);
        liveBytes += std::uint64_t(varint::unzigzag(bytesDelta));
        samples.push_back(LiveSample {ts, liveBytes});
    }
    return samples;
}

} // namespace memtap
