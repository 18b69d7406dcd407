// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

// The escaping of the name field of trace line format v1 (probes/README.md,
// "Names"). Writers produce exactly the writer table; readers accept the
// C-style superset SystemTap produces, so unescape(escape(bytes)) == bytes for
// every byte string.
namespace memtap::TraceEscaping {

// The v1 text of bytes: `\\`, `\t`, `\n`, `\r`, `\xHH` (lower-case) for other
// control bytes, 0x7f and bytes >= 0x80, printable ASCII as itself.
QByteArray escape(QByteArrayView bytes);
void appendEscaped(QByteArray &out, QByteArrayView bytes);

// The bytes v1 text stands for. Accepts `\\ \t \n \r \" \' \a \b \f \v`, one to
// three octal digits (`\0`..`\377`) and `\xH` / `\xHH`; a backslash that starts
// none of these stands for itself.
QByteArray unescape(QByteArrayView text);

// Decodes text into out, which must have room for text.size() bytes (decoding
// never grows), and returns the number of bytes written.
std::size_t unescapeTo(QByteArrayView text, char *out);

} // namespace memtap::TraceEscaping
