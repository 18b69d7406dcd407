// SPDX-License-Identifier: GPL-2.0-or-later
#include "traceescaping.h"

#include <cstring>

namespace memtap::TraceEscaping {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

// Printable ASCII except the escape character itself.
constexpr bool standsForItself(unsigned char byte)
{
    return byte >= 0x20 && byte < 0x7f && byte != '\\';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

constexpr bool isOctalDigit(char c)
{
    return c >= '0' && c <= '7';
}

} // namespace

void appendEscaped(QByteArray &out, QByteArrayView bytes)
{
    const qsizetype start = out.size();
    // Worst case: every byte becomes \xHH.
    out.resize(start + 4 * bytes.size());
    char *write = out.data() + start;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (standsForItself(byte)) {
            *write++ = c;
            continue;
        }
        *write++ = '\\';
        switch (byte) {
        case '\\':
            *write++ = '\\';
            break;
        case '\t':
            *write++ = 't';
            break;
        case '\n':
            *write++ = 'n';
            break;
        case '\r':
            *write++ = 'r';
            break;
        default:
            *write++ = 'x';
            *write++ = hexDigits[byte >> 4];
            *write++ = hexDigits[byte & 0xf];
            break;
        }
    }
    out.resize(write - out.constData());
}

QByteArray escape(QByteArrayView bytes)
{
    QByteArray out;
    appendEscaped(out, bytes);
    return out;
}

std::size_t unescapeTo(QByteArrayView text, char *out)
{
    const char *read = text.data();
    const char *const end = read + text.size();
    char *write = out;
    while (read < end) {
        const char *backslash = static_cast<const char *>(
            std::memchr(read, '\\', static_cast<std::size_t>(end - read)));
        if (!backslash) {
            std::memcpy(write, read, static_cast<std::size_t>(end - read));
            write += end - read;
            break;
        }
        std::memcpy(write, read, static_cast<std::size_t>(backslash - read));
        write += backslash - read;
        read = backslash + 1;
        if (read == end) {
            *write++ = '\\';
            break;
        }
        const char c = *read;
        char decoded = 0;
        bool simple = true;
        switch (c) {
        case '\\':
            decoded = '\\';
            break;
        case 't':
            decoded = '\t';
            break;
        case 'n':
            decoded = '\n';
            break;
        case 'r':
            decoded = '\r';
            break;
        case '"':
            decoded = '"';
            break;
        case '\'':
            decoded = '\'';
            break;
        case 'a':
            decoded = '\a';
            break;
        case 'b':
            decoded = '\b';
            break;
        case 'f':
            decoded = '\f';
            break;
        case 'v':
            decoded = '\v';
            break;
        default:
            simple = false;
            break;
        }
        if (simple) {
            *write++ = decoded;
            ++read;
            continue;
        }
        if (isOctalDigit(c)) {
            // Up to three digits, as long as the value stays a byte (\377).
            unsigned value = static_cast<unsigned>(c - '0');
            ++read;
            for (int digits = 1; digits < 3 && read < end && isOctalDigit(*read); ++digits) {
                const unsigned next = value * 8 + static_cast<unsigned>(*read - '0');
                if (next > 0377)
                    break;
                value = next;
                ++read;
            }
            *write++ = static_cast<char>(value);
            continue;
        }
        if (c == 'x' && read + 1 < end && hexValue(read[1]) >= 0) {
            int value = hexValue(read[1]);
            read += 2;
            if (read < end && hexValue(*read) >= 0) {
                value = value * 16 + hexValue(*read);
                ++read;
            }
            *write++ = static_cast<char>(value);
            continue;
        }
        // Starts no escape: the backslash is a literal byte, and what follows
        // it is read as ordinary text.
        *write++ = '\\';
    }
    return static_cast<std::size_t>(write - out);
}

QByteArray unescape(QByteArrayView text)
{
    QByteArray out(text.size(), Qt::Uninitialized);
    out.resize(static_cast<qsizetype>(unescapeTo(text, out.data())));
    return out;
}

} // namespace memtap::TraceEscaping
