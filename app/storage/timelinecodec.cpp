// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelinecodec.h"

#include <cstdint>

namespace memtap {

namespace {

void appendVarint(QByteArray &out, std::uint64_t value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

std::uint64_t zigzag(std::int64_t value)
{
    return (std::uint64_t(value) << 1) ^ std::uint64_t(value >> 63);
}

std::int64_t unzigzag(std::uint64_t value)
{
    return std::int64_t(value >> 1) ^ -std::int64_t(value & 1);
}

bool readVarint(QByteArrayView bytes, qsizetype &at, std::uint64_t *value)
{
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.size())
            return false;
        const auto byte = std::uint8_t(bytes[at++]);
        result |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *value = result;
            return true;
        }
    }
    return false;
}

} // namespace

QByteArray TimelineCodec::encode(const std::vector<LiveSample> &samples)
{
    QByteArray out;
    out.reserve(qsizetype(samples.size()) * 6);
    std::int64_t previousTs = 0;
    std::uint64_t previousBytes = 0;
    for (const LiveSample &sample : samples) {
        // Differences wrap modulo 2^64, so every value round-trips.
        appendVarint(out,
            zigzag(std::int64_t(std::uint64_t(sample.timestampNs) - std::uint64_t(previousTs))));
        appendVarint(out, zigzag(std::int64_t(sample.liveBytes - previousBytes)));
        previousTs = sample.timestampNs;
        previousBytes = sample.liveBytes;
    }
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
        if (!readVarint(bytes, at, &tsDelta) || !readVarint(bytes, at, &bytesDelta))
            return std::nullopt;
        ts = std::int64_t(std::uint64_t(ts) + std::uint64_t(unzigzag(tsDelta)));
        liveBytes += std::uint64_t(unzigzag(bytesDelta));
        samples.push_back(LiveSample {ts, liveBytes});
    }
    return samples;
}

} // namespace memtap
