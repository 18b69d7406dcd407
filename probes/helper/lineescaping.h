// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Escaping of the name field of trace line format v1 (probes/README.md,
// "Names"), as every writer must produce it. Header-only and free of Qt so
// that the root helper stays small and the tests can include it.

#include <string>
#include <string_view>

namespace memtap::probe {

inline void appendEscaped(std::string &out, std::string_view bytes)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    for (char character : bytes) {
        const auto byte = static_cast<unsigned char>(character);
        switch (byte) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (byte < 0x20 || byte >= 0x7f) {
                out += "\\x";
                out += hexDigits[byte >> 4];
                out += hexDigits[byte & 0xf];
            } else {
                out += character;
            }
        }
    }
}

inline std::string escaped(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    appendEscaped(out, bytes);
    return out;
}

} // namespace memtap::probe
