// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <cstdint>

namespace memtap {

// How memtap writes sizes, counts, shares and names for people, shared by the
// desktop application and memtapctl so both show the same text. Everything
// uses the default QLocale, so digits, separators and units follow the user's
// language.
class DisplayFormat
{
    Q_DECLARE_TR_FUNCTIONS(DisplayFormat)

public:
    // "1.5 MiB" (IEC units, one decimal).
    static QString bytes(std::uint64_t bytes);
    // "1,048,577 bytes", for tooltips.
    static QString exactBytes(std::uint64_t bytes);
    // "1,234,567"
    static QString count(std::uint64_t value);
    // "12.3 %"; two decimals below 1 % so that small shares do not read as zero.
    static QString percent(double percent);

    // Process names and paths are arbitrary bytes: invalid UTF-8 is shown as
    // U+FFFD and control characters as visible escapes (\n, \t, \x1b), so no
    // name can break a table row or a label.
    static QString processName(const QByteArray &name);
    // Arguments separated by NUL, shown separated by spaces.
    static QString commandLine(const QByteArray &cmdline);
    static QString address(std::uint64_t address);
};

} // namespace memtap
