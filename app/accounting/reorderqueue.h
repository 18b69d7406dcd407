// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace memtap {

// Gives back what was pushed in (timestamp, push order) order.
//
// A trace stream is a few sorted sequences interleaved: each CPU's tracer
// buffer is in time order and the buffers are drained in turns (the helper's
// baselines are one more sequence). So the entries are kept as sorted runs,
// each new one appended to the run it extends best: pushing and taking the
// earliest cost a pass over the handful of runs, however far a straggler
// arrived from where it belongs. Past maxRuns runs, an entry is sorted into a
// run instead, which stays right, only slower.
class ReorderQueue
{
public:
    struct Entry
    {
        std::int64_t timestampNs = 0;
        std::uint64_t sequence = 0; // push order, for ties
        std::uint32_t payload = 0;

        bool operator<(const Entry &other) const
        {
            if (timestampNs != other.timestampNs)
                return timestampNs < other.timestampNs;
            return sequence < other.sequence;
        }
    };

    static constexpr std::size_t maxRuns = 32;

    void push(std::int64_t timestampNs, std::uint32_t payload);
    // Takes the earliest entry if its timestamp is not after limitNs.
    bool popNotAfter(std::int64_t limitNs, std::uint32_t &payload);

    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    std::size_t runCount() const { return m_runs.size(); }

private:
    // A run is taken from the front and grows at the back: a vector read from
    // `head` on, its taken front dropped once it is most of the storage. This
    // keeps a run in one block, where a deque allocated and freed a block
    // every few dozen entries.
    struct Run
    {
        std::vector<Entry> entries;
        std::size_t head = 0;

        bool isEmpty() const { return head == entries.size(); }
        const Entry &front() const { return entries[head]; }
        const Entry &back() const { return entries.back(); }
        void popFront();
        void clear()
        {
            entries.clear();
            head = 0;
        }
    };

    void removeRun(std::size_t index);

    std::vector<Run> m_runs; // each sorted and not empty
    // Each run's first and last entry side by side, so that choosing a run
    // reads one small array rather than every run's storage.
    std::vector<Entry> m_firsts;
    std::vector<Entry> m_lasts;
    std::vector<Run> m_spareRuns; // emptied, kept for their memory
    std::uint64_t m_nextSequence = 0;
    std::size_t m_size = 0;
};

} // namespace memtap
