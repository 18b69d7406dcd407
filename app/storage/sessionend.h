// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace memtap {

// How a session ended, recorded with it.
struct SessionEnd
{
    // A stable keyword, not translated: captureEndReasonName() for captures
    // ("user-stop", "tracer-died", ...), "end-of-trace", "import-failed" or
    // "import-cancelled" for imports.
    QString reason;
    // The parser's final totals. They replace the sums of the batches'
    // increments, which miss what finishing the stream found (a truncated
    // last line).
    std::optional<std::uint64_t> lostEvents;
    std::optional<std::uint64_t> malformedLines;
};

} // namespace memtap
