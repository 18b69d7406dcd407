// SPDX-License-Identifier: GPL-2.0-or-later
#include "reorderqueue.h"

#include <algorithm>
#include <utility>

namespace memtap {

void ReorderQueue::push(std::int64_t timestampNs, std::uint32_t payload)
{
    const Entry entry {timestampNs, m_nextSequence++, payload};
    ++m_size;
    // Best fit: the run whose last entry is the latest one not after this
    // one, so that each CPU's sequence keeps to its own run.
    std::size_t best = m_lasts.size();
    for (std::size_t i = 0; i < m_lasts.size(); ++i) {
        if (!(entry < m_lasts[i]) && (best == m_lasts.size() || m_lasts[best] < m_lasts[i]))
            best = i;
    }
    if (best != m_lasts.size()) {
        m_runs[best].entries.push_back(entry);
        m_lasts[best] = entry;
        return;
    }
    if (m_runs.size() < maxRuns) {
        if (m_spareRuns.empty()) {
            m_runs.emplace_back();
        } else {
            m_runs.push_back(std::move(m_spareRuns.back()));
            m_spareRuns.pop_back();
        }
        m_runs.back().entries.push_back(entry);
        m_firsts.push_back(entry);
        m_lasts.push_back(entry);
        return;
    }
    // Too many runs: sort it into the first one.
    Run &run = m_runs.front();
    run.entries.insert(
        std::upper_bound(run.entries.begin() + std::ptrdiff_t(run.head), run.entries.end(), entry),
        entry);
    m_firsts.front() = run.front();
    m_lasts.front() = run.back();
}

bool ReorderQueue::popNotAfter(std::int64_t limitNs, std::uint32_t &payload)
{
    if (m_firsts.empty())
        return false;
    std::size_t earliest = 0;
    for (std::size_t i = 1; i < m_firsts.size(); ++i) {
        if (m_firsts[i] < m_firsts[earliest])
            earliest = i;
    }
    if (m_firsts[earliest].timestampNs > limitNs)
        return false;
    payload = m_firsts[earliest].payload;
    --m_size;
    Run &run = m_runs[earliest];
    run.popFront();
    if (run.isEmpty())
        removeRun(earliest);
    else
        m_firsts[earliest] = run.front();
    return true;
}

void ReorderQueue::Run::popFront()
{
    ++head;
    if (head == entries.size()) {
        clear();
        return;
    }
    // Dropping the taken front costs a move of what remains: doing it only
    // when that is less than what was taken keeps it linear overall.
    if (head >= 64 && head * 2 >= entries.size()) {
        entries.erase(entries.begin(), entries.begin() + std::ptrdiff_t(head));
        head = 0;
    }
}

void ReorderQueue::removeRun(std::size_t index)
{
    m_spareRuns.push_back(std::move(m_runs[index]));
    m_spareRuns.back().clear();
    const std::size_t last = m_runs.size() - 1;
    if (index != last) {
        m_runs[index] = std::move(m_runs[last]);
        m_firsts[index] = m_firsts[last];
        m_lasts[index] = m_lasts[last];
    }
    m_runs.pop_back();
    m_firsts.pop_back();
    m_lasts.pop_back();
}

} // namespace memtap
