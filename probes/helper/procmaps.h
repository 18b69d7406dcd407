// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Parses lines of /proc/PID/maps for the helper's baseline (`map` records of
// trace line format v1, probes/README.md).

#include <cstdint>
#include <optional>
#include <string_view>

#include <sys/mman.h>

namespace memtap::probe {

struct MapsEntry
{
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::uint64_t prot = 0; // PROT_* from "rwx"
    std::uint64_t flags = 0; // MAP_SHARED or MAP_PRIVATE, plus MAP_ANONYMOUS without a file
    std::uint64_t offset = 0;
    std::uint64_t inode = 0;
    std::string_view path; // as the kernel shows it; empty for anonymous memory
};

namespace detail {

inline bool takeHex(std::string_view &text, std::uint64_t &value)
{
    value = 0;
    std::size_t digits = 0;
    for (; digits < text.size() && digits < 16; ++digits) {
        const char c = text[digits];
        int nibble = -1;
        if (c >= '0' && c <= '9')
            nibble = c - '0';
        else if (c >= 'a' && c <= 'f')
            nibble = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            nibble = c - 'A' + 10;
        else
            break;
        value = value * 16 + static_cast<std::uint64_t>(nibble);
    }
    text.remove_prefix(digits);
    return digits > 0;
}

inline bool takeDecimal(std::string_view &text, std::uint64_t &value)
{
    value = 0;
    std::size_t digits = 0;
    for (; digits < text.size() && text[digits] >= '0' && text[digits] <= '9'; ++digits)
        value = value * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    text.remove_prefix(digits);
    return digits > 0;
}

inline bool takeChar(std::string_view &text, char expected)
{
    if (text.empty() || text.front() != expected)
        return false;
    text.remove_prefix(1);
    return true;
}

} // namespace detail

// The kernel pads everything before the path to this many characters (64-bit
// kernels: 25 + 6 * sizeof(void *) - 1), then writes one space and the path.
// Counting columns rather than skipping blanks keeps paths that start with a
// space intact.
inline constexpr std::size_t mapsPathColumn = 72;

// One line without its newline, or nothing when it does not parse.
inline std::optional<MapsEntry> parseMapsLine(std::string_view line)
{
    MapsEntry entry;
    std::string_view text = line;
    std::uint64_t unused = 0;
    if (!detail::takeHex(text, entry.start) || !detail::takeChar(text, '-')
        || !detail::takeHex(text, entry.end) || !detail::takeChar(text, ' ') || text.size() < 5)
        return std::nullopt;
    if (text[0] == 'r')
        entry.prot |= PROT_READ;
    if (text[1] == 'w')
        entry.prot |= PROT_WRITE;
    if (text[2] == 'x')
        entry.prot |= PROT_EXEC;
    entry.flags = text[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
    text.remove_prefix(4);
    if (!detail::takeChar(text, ' ') || !detail::takeHex(text, entry.offset)
        || !detail::takeChar(text, ' ') || !detail::takeHex(text, unused)
        || !detail::takeChar(text, ':') || !detail::takeHex(text, unused)
        || !detail::takeChar(text, ' ') || !detail::takeDecimal(text, entry.inode))
        return std::nullopt;
    if (entry.end < entry.start)
        return std::nullopt;
    if (entry.inode == 0)
        entry.flags |= MAP_ANONYMOUS;

    // After the inode: one space, then, when there is a name, padding up to
    // the path column, one more space and the name.
    if (!text.empty() && !detail::takeChar(text, ' '))
        return std::nullopt;
    const std::size_t prefixLength = line.size() - text.size();
    if (!text.empty()) {
        const std::size_t pathStart
            = (prefixLength > mapsPathColumn ? prefixLength : mapsPathColumn) + 1;
        if (pathStart > line.size())
            return std::nullopt;
        entry.path = line.substr(pathStart);
    }
    return entry;
}

} // namespace memtap::probe
