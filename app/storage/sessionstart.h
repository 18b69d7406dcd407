// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace memtap {

// What is known when a session is opened, before the stream's header.
struct SessionStart
{
    enum class Source { Record, Import };

    Source source = Source::Record;
    // The imported file as the user named it; empty for records.
    QString sourceName;
    // Resolve uids to user names with this machine's user database
    // (getpwuid_r): right when the trace is recorded here, wrong for a trace
    // from another host, whose users are unknown here.
    bool resolveUserNames = true;
    // CLOCK_REALTIME - CLOCK_MONOTONIC of this machine, used when the stream
    // does not say (a live capture without the helper's #meta lines).
    std::optional<std::int64_t> realtimeOffsetNs;

    static QString sourceKeyword(Source source)
    {
        return source == Source::Record ? QStringLiteral("record") : QStringLiteral("import");
    }
};

} // namespace memtap
