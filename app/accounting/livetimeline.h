// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <cstdint>
#include <vector>

namespace memtap {

// A process's live bytes over time in bounded memory, for the timeline chart.
//
// Up to maxPoints samples are kept as they are; most processes never have
// more. Past that, time is cut into equal buckets from the first sample on;
// each bucket keeps its first, lowest, highest and last sample, so peaks and
// dips survive any
// amount of decimation and the step at each bucket's end is right. When more
// than maxPoints / 4 buckets exist, the bucket width grows by powers of two
// and neighbouring buckets merge: old and new stretches of a session keep the
// same resolution.
class LiveTimeline
{
public:
    static constexpr std::size_t defaultMaxPoints = 1024;
    // The width of the buckets the kept samples are first sorted into.
    static constexpr int initialBucketShift = 0; // 1 ns

    explicit LiveTimeline(std::size_t maxPoints = defaultMaxPoints);

    // Samples must come in time order; an earlier one counts as happening at
    // the latest time seen.
    void record(std::int64_t timestampNs, std::uint64_t liveBytes);
    // At most maxPoints samples, in time order.
    std::vector<LiveSample> samples() const;
    // The same, leaving the timeline empty.
    std::vector<LiveSample> takeSamples();
    bool isEmpty() const { return m_exact.empty() && m_buckets.empty(); }
    // Brings the bucket record() updates into the cache.
    void prefetch() const
    {
        if (!m_buckets.empty())
            __builtin_prefetch(&m_buckets.back());
        else if (!m_exact.empty())
            __builtin_prefetch(&m_exact.back());
    }
    std::int64_t bucketWidthNs() const { return std::int64_t(1) << m_bucketShift; }
    std::size_t maxPoints() const { return m_maxBuckets * 4; }
    // Frees what a finished timeline no longer needs.
    void squeeze()
    {
        m_exact.shrink_to_fit();
        m_buckets.shrink_to_fit();
    }

private:
    struct Bucket
    {
        std::int64_t index = 0; // (timestamp - origin) / width
        LiveSample first;
        LiveSample lowest;
        LiveSample highest;
        LiveSample last;
    };

    // The kept samples become buckets, as many as the bound allows.
    void startBuckets();
    // Into the last bucket if it covers sample's time, else into a new one.
    void addToBuckets(const LiveSample &sample);
    void widenBuckets();

    std::size_t m_maxBuckets;
    std::int64_t m_originNs = 0;
    int m_bucketShift = initialBucketShift; // buckets are 2^shift ns wide
    // Every sample while there are at most maxPoints(): a sample costs a
    // quarter of a bucket, and most timelines end here.
    std::vector<LiveSample> m_exact;
    std::vector<Bucket> m_buckets; // once there were more
};

} // namespace memtap
