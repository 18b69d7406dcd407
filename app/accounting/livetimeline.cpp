// SPDX-License-Identifier: GPL-2.0-or-later
#include "livetimeline.h"

#include <algorithm>
#include <array>
#include <bit>

namespace memtap {

LiveTimeline::LiveTimeline(std::size_t maxPoints)
    : m_maxBuckets(std::max<std::size_t>(maxPoints / 4, 2))
{ }

void LiveTimeline::record(std::int64_t timestampNs, std::uint64_t liveBytes)
{
    if (m_buckets.empty()) {
        if (m_exact.empty()) {
            m_exact.reserve(8);
        } else {
            timestampNs = std::max(timestampNs, m_exact.back().timestampNs);
            if (m_exact.size() == maxPoints())
                startBuckets();
        }
        if (m_buckets.empty()) {
            m_exact.push_back({timestampNs, liveBytes});
            return;
        }
    }
    addToBuckets({std::max(timestampNs, m_buckets.back().last.timestampNs), liveBytes});
    if (m_buckets.size() > m_maxBuckets)
        widenBuckets();
}

void LiveTimeline::addToBuckets(const LiveSample &sample)
{
    const std::int64_t index = (sample.timestampNs - m_originNs) >> m_bucketShift;
    if (m_buckets.empty() || m_buckets.back().index != index) {
        m_buckets.push_back({index, sample, sample, sample, sample});
        return;
    }
    Bucket &bucket = m_buckets.back();
    if (sample.liveBytes < bucket.lowest.liveBytes)
        bucket.lowest = sample;
    if (sample.liveBytes > bucket.highest.liveBytes)
        bucket.highest = sample;
    bucket.last = sample;
}

void LiveTimeline::startBuckets()
{
    m_originNs = m_exact.front().timestampNs;
    m_bucketShift = initialBucketShift;
    m_buckets.reserve(m_exact.size());
    for (const LiveSample &sample : m_exact)
        addToBuckets(sample);
    m_exact = {};
    if (m_buckets.size() > m_maxBuckets)
        widenBuckets();
}

void LiveTimeline::widenBuckets()
{
    // Widen as far as needed to free a quarter of the buckets at once: a
    // sparse start would otherwise take many doublings that merge nothing.
    // Neighbouring indexes a < b stay apart after a shift by k exactly when
    // bit_width(a ^ b) > k, so one pass tells the count for every k.
    const std::size_t target = m_maxBuckets - m_maxBuckets / 4;
    std::array<std::size_t, 65> mergingAt {}; // neighbour pairs by bit_width(a ^ b)
    for (std::size_t i = 1; i < m_buckets.size(); ++i) {
        const auto difference = std::uint64_t(m_buckets[i - 1].index ^ m_buckets[i].index);
        ++mergingAt[std::bit_width(difference)];
    }
    int shift = 1;
    std::size_t distinct = m_buckets.size();
    for (; shift < 62; ++shift) {
        distinct -= mergingAt[std::size_t(shift)]; // those pairs merge at this shift
        if (distinct <= target)
            break;
    }
    m_bucketShift += shift;
    std::size_t merged = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        Bucket bucket = m_buckets[i];
        bucket.index >>= shift;
        if (merged > 0 && m_buckets[merged - 1].index == bucket.index) {
            Bucket &into = m_buckets[merged - 1];
            if (bucket.lowest.liveBytes < into.lowest.liveBytes)
                into.lowest = bucket.lowest;
            if (bucket.highest.liveBytes > into.highest.liveBytes)
                into.highest = bucket.highest;
            into.last = bucket.last;
        } else {
            m_buckets[merged++] = bucket;
        }
    }
    m_buckets.resize(merged);
}

std::vector<LiveSample> LiveTimeline::takeSamples()
{
    std::vector<LiveSample> result = m_buckets.empty() ? std::move(m_exact) : samples();
    m_exact = {};
    m_buckets = {};
    return result;
}

std::vector<LiveSample> LiveTimeline::samples() const
{
    if (m_buckets.empty())
        return m_exact;
    std::vector<LiveSample> result;
    result.reserve(m_buckets.size() * 4);
    const auto append = [&result](const LiveSample &sample) {
        if (!result.empty() && result.back().timestampNs == sample.timestampNs
            && result.back().liveBytes == sample.liveBytes)
            return;
        result.push_back(sample);
    };
    for (const Bucket &bucket : m_buckets) {
        append(bucket.first);
        const bool lowestFirst = bucket.lowest.timestampNs <= bucket.highest.timestampNs;
        append(lowestFirst ? bucket.lowest : bucket.highest);
        append(lowestFirst ? bucket.highest : bucket.lowest);
        append(bucket.last);
    }
    return result;
}

} // namespace memtap
