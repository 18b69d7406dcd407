// SPDX-License-Identifier: GPL-2.0-or-later
#include "timelinecodec.h"

#include <cstdint>

namespace memtap {

namespace {

// Writes value at out and returns the position after it; at most 10 bytes.
char *writeVarint(char *out, std::uint64_t value)
{
    while (value >= 0x80) {
        *out++ = char((value & 0x7f) | 0x80);
        value >>= 7;
    }
    *out++ = char(value);
    return out;
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
    // Written in place into room for the longest encoding, then cut to
    // size: appending byte by byte cost more than the encoding itself.
    constexpr qsizetype maxBytesPerSample = 20;
    if (samples.empty())
        return {};
    QByteArray out(qsizetype(samples.size()) * maxBytesPerSample, Qt::Uninitialized);
    char *const begin = out.data();
    char *at = begin;
    std::int64_t previousTs = 0;
    std::uint64_t previousBytes = 0;
    for (const LiveSample &sample : samples) {
        // Differences wrap modulo 2^64, so every value round-trips.
        at = writeVarint(at,
            zigzag(std::int64_t(std::uint64_t(sample.timestampNs) - std::uint64_t(previousTs))));
        at = writeVarint(at, zigzag(std::int64_t(sample.liveBytes - previousBytes)));
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
        if (!readVarint(bytes, at, &tsDelta) || !readVarint(bytes, at, &bytesDelta))
            return std::nullopt;
        ts = std::int64_t(std::uint64_t(ts) + std::uint64_t(unzigzag(tsDelta)));
        liveBytes += std::uint64_t(unzigzag(bytesDelta));
        samples.push_back(LiveSample {ts, liveBytes});
    }
    return samples;
}

} // namespace memtap
