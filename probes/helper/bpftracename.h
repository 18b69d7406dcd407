// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Turns bpftrace's rendering of a name into the escaped name field of trace
// line format v1 (probes/README.md, "Names").
//
// memtap.bt prints the 16 bytes of `comm` with `%r`: bytes 0x20..0x7e as
// themselves (a backslash too), every other byte as `\xHH` (lower-case hex),
// the NUL padding included. The rendering is ambiguous only where the name
// holds a literal backslash, `x` and two hex digits. Because the rendering
// always stands for exactly 16 bytes, a name that is not padded with NULs
// cannot be the right reading, and each literal `\xHH` reads three bytes
// longer than an escape, so counting bytes settles almost every case; what
// it leaves open is settled by the thread's real name from /proc while the
// thread lives, and otherwise by preferring the longest padding, then
// escapes, as a reader without the helper does. (A thread that renamed itself
// to another name with the same rendering in between gets that name.)

#include "lineescaping.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memtap::probe {

inline constexpr std::size_t bpftraceCommBytes = 16;

namespace detail {

inline int lowerHexValue(char digit)
{
    if (digit >= '0' && digit <= '9')
        return digit - '0';
    if (digit >= 'a' && digit <= 'f')
        return digit - 'a' + 10;
    return -1;
}

// One piece of a rendering: a byte that can only be itself, or a `\xHH`
// that bpftrace may have written as an escape for `value`.
struct RenderedPiece
{
    char byte = 0;
    bool mayBeEscape = false;
    unsigned char value = 0; // when mayBeEscape
};

inline std::vector<RenderedPiece> splitRendering(std::string_view rendered)
{
    std::vector<RenderedPiece> pieces;
    pieces.reserve(rendered.size());
    for (std::size_t i = 0; i < rendered.size();) {
        if (rendered[i] == '\\' && i + 3 < rendered.size() && rendered[i + 1] == 'x') {
            const int high = lowerHexValue(rendered[i + 2]);
            const int low = lowerHexValue(rendered[i + 3]);
            if (high >= 0 && low >= 0) {
                const auto value = static_cast<unsigned char>(high * 16 + low);
                // bpftrace writes printable bytes as themselves, so an escape
                // of one is really the four characters.
                if (value < 0x20 || value > 0x7e) {
                    pieces.push_back({0, true, value});
                    i += 4;
                    continue;
                }
            }
        }
        pieces.push_back({rendered[i], false, 0});
        ++i;
    }
    return pieces;
}

struct NameSearch
{
    const std::vector<RenderedPiece> &pieces;
    std::string_view rendered;
    std::vector<std::size_t> offsets; // offset of each piece in rendered
    std::size_t totalBytes;
    std::size_t maxSolutions;
    std::vector<std::string> solutions;
    std::string current; // decoded bytes so far
    std::vector<std::size_t> minRemaining, maxRemaining;

    void run()
    {
        const std::size_t count = pieces.size();
        minRemaining.assign(count + 1, 0);
        maxRemaining.assign(count + 1, 0);
        for (std::size_t i = count; i-- > 0;) {
            minRemaining[i] = minRemaining[i + 1] + 1;
            maxRemaining[i] = maxRemaining[i + 1] + (pieces[i].mayBeEscape ? 4 : 1);
        }
        visit(0, false);
    }

    // Escapes are tried first, so the first solution is the one that reads
    // as many escapes as possible from the left.
    void visit(std::size_t index, bool inPadding)
    {
        if (solutions.size() >= maxSolutions)
            return;
        const std::size_t produced = current.size();
        if (produced + minRemaining[index] > totalBytes
            || produced + maxRemaining[index] < totalBytes)
            return;
        if (index == pieces.size()) {
            if (inPadding) {
                std::string name = current;
                name.erase(name.find('\0'));
                solutions.push_back(std::move(name));
            }
            return;
        }
        const RenderedPiece &piece = pieces[index];
        if (piece.mayBeEscape) {
            const bool isNul = piece.value == 0;
            if (!inPadding || isNul) {
                current.push_back(static_cast<char>(piece.value));
                visit(index + 1, inPadding || isNul);
                current.pop_back();
            }
            if (!inPadding) {
                current.append(rendered.substr(offsets[index], 4));
                visit(index + 1, false);
                current.resize(produced);
            }
        } else if (!inPadding) {
            current.push_back(piece.byte);
            visit(index + 1, false);
            current.pop_back();
        }
    }
};

} // namespace detail

// Every name whose 16-byte rendering by bpftrace is `rendered`, up to
// maxSolutions of them, escape-first readings first. Empty when no reading
// fits (the text did not come from memtap.bt).
inline std::vector<std::string> bpftraceNameReadings(std::string_view rendered,
    std::size_t totalBytes = bpftraceCommBytes, std::size_t maxSolutions = 2)
{
    const std::vector<detail::RenderedPiece> pieces = detail::splitRendering(rendered);
    detail::NameSearch search {pieces, rendered, {}, totalBytes, maxSolutions, {}, {}, {}, {}};
    search.offsets.reserve(pieces.size());
    std::size_t offset = 0;
    for (const detail::RenderedPiece &piece : pieces) {
        search.offsets.push_back(offset);
        offset += piece.mayBeEscape ? 4 : 1;
    }
    search.run();
    return std::move(search.solutions);
}

// Reads every `\xHH` as an escape and drops trailing NULs: how a reader
// without the helper understands the rendering.
inline std::string bpftraceNameAsEscapes(std::string_view rendered)
{
    std::string name;
    for (const detail::RenderedPiece &piece : detail::splitRendering(rendered))
        name.push_back(piece.mayBeEscape ? static_cast<char>(piece.value) : piece.byte);
    while (!name.empty() && name.back() == '\0')
        name.pop_back();
    return name;
}

// The escaped v1 name field for bpftrace's rendering of a comm. realName is
// asked only when the rendering has more than one reading; it returns the
// thread's name from /proc/PID/task/TID/comm, or nothing when the thread is
// gone.
inline std::string normaliseBpftraceName(
    std::string_view rendered, const std::function<std::optional<std::string>()> &realName)
{
    // The common case: printable name without a backslash, then the padding.
    const std::size_t firstBackslash = rendered.find('\\');
    if (firstBackslash == std::string_view::npos)
        return std::string(rendered);
    std::string_view tail = rendered.substr(firstBackslash);
    bool onlyPadding = !tail.empty();
    for (std::size_t i = 0; i < tail.size() && onlyPadding; i += 4)
        onlyPadding = tail.substr(i, 4) == "\\x00";
    if (onlyPadding && firstBackslash + (tail.size() / 4) == bpftraceCommBytes)
        return std::string(rendered.substr(0, firstBackslash));

    // Enough readings to find the real name among them; names have 15 bytes,
    // so real renderings have very few.
    constexpr std::size_t maxReadings = 256;
    const std::vector<std::string> readings
        = bpftraceNameReadings(rendered, bpftraceCommBytes, maxReadings);
    if (readings.size() == 1)
        return escaped(readings.front());
    if (readings.empty())
        return escaped(bpftraceNameAsEscapes(rendered));
    if (realName) {
        if (const std::optional<std::string> real = realName()) {
            for (const std::string &reading : readings) {
                if (reading == *real)
                    return escaped(reading);
            }
        }
    }
    // Without the real name: the reading with the longest NUL padding (text
    // that looks like a NUL escape is rarer than padding), then the one with
    // the most escapes from the left.
    const std::string *best = &readings.front();
    for (const std::string &reading : readings) {
        if (reading.size() < best->size())
            best = &reading;
    }
    return escaped(*best);
}

} // namespace memtap::probe
