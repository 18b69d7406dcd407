// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Recognises the messages in which the tracers report dropped events
// (probes/README.md, "Drops"), so that the helper can turn them into
// `#lost` lines of the stream.

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

// The number of events a tracer message says were dropped, or nothing when
// the line is not such a message. Lines are compared without their newline.
inline std::optional<std::uint64_t> droppedEventCount(std::string_view line)
{
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);

    std::string_view text = line;
    // bpftrace: "Lost 42 events"
    if (detail::takePrefix(text, "Lost ")) {
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text == " events")
            return count;
        return std::nullopt;
    }

    text = line;
    if (!detail::takePrefix(text, "WARNING: "))
        return std::nullopt;
    // SystemTap: "WARNING: There were 7 transport failures." (newer versions
    // add advice after the full stop).
    if (detail::takePrefix(text, "There were ")) {
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.starts_with(" transport failures"))
            return count;
        return std::nullopt;
    }
    // SystemTap: "WARNING: Number of errors: 0, skipped probes: 3"
    if (detail::takePrefix(text, "Number of errors: ")) {
        if (!detail::takeNumber(text) || !detail::takePrefix(text, ", skipped probes: "))
            return std::nullopt;
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.empty())
            return count;
        return std::nullopt;
    }
    // SystemTap: "WARNING: Skipped due to <reason>: 3"
    if (detail::takePrefix(text, "Skipped due to ")) {
        const std::size_t colon = text.rfind(": ");
        if (colon == std::string_view::npos)
            return std::nullopt;
        text.remove_prefix(colon + 2);
        std::optional<std::uint64_t> count = detail::takeNumber(text);
        if (count && text.empty())
            return count;
    }
    return std::nullopt;
}

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
