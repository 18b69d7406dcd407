// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace memtap {

// A row of the sessions table: one capture or one imported trace.
struct StoredSession
{
    std::int64_t id = 0;
    QString source; // "record" or "import"
    QString sourceName; // the imported file
    std::int64_t createdAtNs = 0; // wall clock (UTC ns) when it was opened here
    QByteArray host;
    QString kernelRelease;
    QString backend;
    int formatVersion = 0;
    std::optional<std::int64_t> memTotalBytes;
    std::optional<std::int64_t> pageSize;
    std::optional<std::int64_t> realtimeOffsetNs;
    std::optional<std::int64_t> baselineStartNs;
    std::optional<std::int64_t> firstTimestampNs; // CLOCK_MONOTONIC of the recording host
    std::optional<std::int64_t> lastTimestampNs;
    std::optional<std::int64_t> endedAtNs;
    QString endReason; // empty while recording (or when the recorder died)
    std::uint64_t eventCount = 0;
    std::uint64_t baselineRecordCount = 0;
    std::uint64_t lostEvents = 0;
    std::uint64_t malformedLines = 0;
    std::uint64_t processCount = 0;
    int blockSize = 1024;
    // An import of the records the database had not taken when another
    // session's writing stopped names that session; that session names the
    // (first) import of its rest.
    std::optional<std::int64_t> continuesSession;
    std::optional<std::int64_t> continuedIn;
    // Wall clock (UTC ns) of the writer's last commit or idle heartbeat.
    std::optional<std::int64_t> heartbeatAtNs;

    // An open session's writer beats at least every 30 s (EventStore::Options).
    static constexpr std::int64_t silenceBeforeInterruptedNs = 120'000'000'000;

    // Interrupted: not ended, and its writer silent for longer than any
    // running one is (killed, crashed, or cut off from the database); nothing
    // will end it.
    enum class State { Recording, Interrupted, Ended };

    bool hasEnded() const { return !endReason.isEmpty(); }
    State state(std::int64_t nowWallNs) const
    {
        if (hasEnded())
            return State::Ended;
        if (heartbeatAtNs && nowWallNs - *heartbeatAtNs > silenceBeforeInterruptedNs)
            return State::Interrupted;
        return State::Recording;
    }

    // Wall-clock time (UTC ns since the epoch) of a CLOCK_MONOTONIC timestamp
    // of the recording host; unknown without the realtime offset.
    std::optional<std::int64_t> wallTimeNs(std::int64_t timestampNs) const
    {
        if (!realtimeOffsetNs)
            return std::nullopt;
        return timestampNs + *realtimeOffsetNs;
    }
    // When the recording started: the baseline or the first record.
    std::optional<std::int64_t> startTimestampNs() const
    {
        if (baselineStartNs && firstTimestampNs)
            return std::min(*baselineStartNs, *firstTimestampNs);
        return baselineStartNs ? baselineStartNs : firstTimestampNs;
    }
    std::optional<std::int64_t> startWallNs() const
    {
        const auto start = startTimestampNs();
        return start ? wallTimeNs(*start) : std::nullopt;
    }
    std::optional<std::int64_t> durationNs() const
    {
        const auto start = startTimestampNs();
        if (!start || !lastTimestampNs)
            return std::nullopt;
        return *lastTimestampNs - *start;
    }
};

} // namespace memtap
