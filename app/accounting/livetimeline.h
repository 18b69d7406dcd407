// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/livemapping.h"

#include <cstdint>
#include <vector>

namespace memtap {

// A process's live bytes over time in bounded memory, for the timeline chart.
//
// Time is cut into equal buckets from the first sample on; each bucket keeps
// its first, lowest, highest and last sample, so peaks and dips survive any
// amount of decimation and the step at each bucket's end is right. When more
// than maxPoints / 4 buckets exist, the bucket width grows by powers of two
// and neighbouring buckets merge: old and new stretches of a session keep the
// same resolution.
class LiveTimeline
{
public:
    static constexpr std::size_t defaultMaxPoints = 1024;
    // Starts exact: up to maxPoints / 4 changes keep every sample.
    static constexpr int initialBucketShift = 0; // 1 ns

    explicit LiveTimeline(std::size_t maxPoints = defaultMaxPoints);

    // Samples must come in time order; an earlier one counts as happening at
    // the latest time seen.
    void record(std::int64_t timestampNs, std::uint64_t liveBytes);
    // At most maxPoints samples, in time order.
    std::vector<LiveSample> samples() const;

    bool isEmpty() const { return m_buckets.empty(); }
    std::int64_t bucketWidthNs() const { return std::int64_t(1) << m_bucketShift; }
    std::size_t maxPoints() const { return m_maxBuckets * 4; }
    // Frees what a finished timeline no longer needs.
    void squeeze() { m_buckets.shrink_to_fit(); }

private:
    struct Bucket
    {
        std::int64_t index = 0; // (timestamp - origin) / width
        LiveSample first;
        LiveSample lowest;
        LiveSample highest;
        LiveSample last;
    };

    void widenBuckets();

    std::size_t m_maxBuckets;
    std::int64_t m_originNs = 0;
    int m_bucketShift = initialBucketShift; // buckets are 2^shift ns wide
    std::vector<Bucket> m_buckets;
};

} // namespace memtap
