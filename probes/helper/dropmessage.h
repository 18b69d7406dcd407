// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Recognises the messages in which the tracers report dropped events
// (probes/README.md, "Drops"), so that the helper can turn them into
// `#lost` lines of the stream.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace memtap::probe {

namespace detail {

// Reads the decimal number at the start of text; advances text past it.
inline std::optional<std::uint64_t> takeNumber(std::string_view &text)
{
    std::uint64_t value = 0;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        const auto digit = static_cast<std::uint64_t>(text[digits] - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
        ++digits;
    }
    if (digits == 0)
        return std::nullopt;
    text.remove_prefix(digits);
    return value;
}

inline bool takePrefix(std::string_view &text, std::string_view prefix)
{
    if (!text.starts_with(prefix))
        return false;
    text.remove_prefix(prefix.size());
    return true;
}

} // namespace detail

enum class DropKind {
    Lost, // bpftrace: "Lost N events"
    TransportFailures, // stap: "There were N transport failures."
    SkippedProbes, // stap's summary: "Number of errors: E, skipped probes: N"
    SkippedBreakdown, // stap: "Skipped due to <reason>: N", a part of the summary's N
};

struct DropReport
{
    DropKind kind = DropKind::Lost;
    std::uint64_t count = 0;
};

// What a tracer message says was dropped, or nothing when the line is not
// such a message. Lines are compared without their newline.
inline std::optional<DropReport> dropReport(std::string_view line)
{
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);

    std::string_view text = line;
    if (detail::takePrefix(text, "Lost ")) {
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text == " events")
            return DropReport {DropKind::Lost, *count};
        return std::nullopt;
    }

    text = line;
    if (!detail::takePrefix(text, "WARNING: "))
        return std::nullopt;
    // Newer versions add advice after the full stop.
    if (detail::takePrefix(text, "There were ")) {
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.starts_with(" transport failures"))
            return DropReport {DropKind::TransportFailures, *count};
        return std::nullopt;
    }
    if (detail::takePrefix(text, "Number of errors: ")) {
        if (!detail::takeNumber(text) || !detail::takePrefix(text, ", skipped probes: "))
            return std::nullopt;
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.empty())
            return DropReport {DropKind::SkippedProbes, *count};
        return std::nullopt;
    }
    if (detail::takePrefix(text, "Skipped due to ")) {
        const std::size_t colon = text.rfind(": ");
        if (colon == std::string_view::npos)
            return std::nullopt;
        text.remove_prefix(colon + 2);
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.empty())
            return DropReport {DropKind::SkippedBreakdown, *count};
    }
    return std::nullopt;
}

// Turns drop reports into counts of events not yet reported, so that stap's
// breakdown of its skipped probes is not counted on top of its summary (the
// same rule memtap's parser applies to raw messages).
class DropTally
{
public:
    std::uint64_t newlyDropped(const DropReport &report)
    {
        switch (report.kind) {
        case DropKind::SkippedProbes:
            m_skippedNotBrokenDown = report.count;
            return report.count;
        case DropKind::SkippedBreakdown: {
            const std::uint64_t alreadyCounted = std::min(report.count, m_skippedNotBrokenDown);
            m_skippedNotBrokenDown -= alreadyCounted;
            return report.count - alreadyCounted;
        }
        default:
            return report.count;
        }
    }

private:
    std::uint64_t m_skippedNotBrokenDown = 0;
};

// SystemTap's summary also counts handler errors; those are not drops, and
// the helper passes the line on as an error message when there were any.
inline bool reportsHandlerErrors(std::string_view line)
{
    std::string_view text = line;
    if (!detail::takePrefix(text, "WARNING: Number of errors: "))
        return false;
    std::optional<std::uint64_t> errors = detail::takeNumber(text);
    return errors && *errors > 0;
}

} // namespace memtap::probe
