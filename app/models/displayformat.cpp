// SPDX-License-Identifier: GPL-2.0-or-later
#include "displayformat.h"

#include <QLocale>

namespace memtap {

namespace {

QString visibleText(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QString visible;
    visible.reserve(text.size());
    for (const QChar character : text) {
        const char16_t unit = character.unicode();
        if (unit >= 0x20 && unit != 0x7f && (unit < 0x80 || unit > 0x9f)) {
            visible.append(character);
            continue;
        }
        switch (unit) {
        case u'\n':
            visible.append(QLatin1String("\\n"));
            break;
        case u'\t':
            visible.append(QLatin1String("\\t"));
            break;
        case u'\r':
            visible.append(QLatin1String("\\r"));
            break;
        default:
            visible.append(QStringLiteral("\\x%1").arg(unit, 2, 16, QLatin1Char('0')));
        }
    }
    return visible;
}

} // namespace

QString DisplayFormat::bytes(std::uint64_t bytes)
{
    // formattedDataSize() takes a signed size; nothing maps 8 EiB.
    const auto clamped = static_cast<qint64>(std::min<std::uint64_t>(bytes, INT64_MAX));
    return QLocale().formattedDataSize(clamped, 1, QLocale::DataSizeIecFormat);
}

QString DisplayFormat::exactBytes(std::uint64_t bytes)
{
    return tr("%1 bytes").arg(QLocale().toString(static_cast<qulonglong>(bytes)));
}

QString DisplayFormat::count(std::uint64_t value)
{
    return QLocale().toString(static_cast<qulonglong>(value));
}

QString DisplayFormat::percent(double percent)
{
    const int decimals = (percent != 0.0 && percent < 1.0 && percent > -1.0) ? 2 : 1;
    return tr("%1 %").arg(QLocale().toString(percent, 'f', decimals));
}

QString DisplayFormat::processName(const QByteArray &name)
{
    return visibleText(name);
}

QString DisplayFormat::commandLine(const QByteArray &cmdline)
{
    QByteArray arguments = cmdline;
    while (arguments.endsWith('\0'))
        arguments.chop(1);
    QStringList parts;
    for (const QByteArray &argument : arguments.split('\0'))
        parts.append(visibleText(argument));
    return parts.join(QLatin1Char(' '));
}

QString DisplayFormat::address(std::uint64_t address)
{
    return QStringLiteral("0x%1").arg(address, 12, 16, QLatin1Char('0'));
}

} // namespace memtap
