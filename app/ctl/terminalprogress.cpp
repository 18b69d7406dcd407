// SPDX-License-Identifier: GPL-2.0-or-later
#include "terminalprogress.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace memtap {

namespace {

QString compact(double value)
{
    if (value >= 1e9)
        return QString::number(value / 1e9, 'f', 1) + u'G';
    if (value >= 1e6)
        return QString::number(value / 1e6, 'f', 1) + u'M';
    if (value >= 1e3)
        return QString::number(value / 1e3, 'f', 0) + u'k';
    return QString::number(value, 'f', 0);
}

} // namespace

TerminalProgress::TerminalProgress(std::FILE *stream)
    : m_stream(stream)
    , m_enabled(stream && ::isatty(::fileno(stream)) == 1)
{ }

TerminalProgress::~TerminalProgress()
{
    finish();
}

void TerminalProgress::start(const QString &label, std::uint64_t total, const QString &unit)
{
    m_label = label;
    m_total = total;
    m_unit = unit;
    m_clock.start();
    m_lastDrawMs = -1000;
}

QString TerminalProgress::line(std::uint64_t done, std::uint64_t count) const
{
    QString text = m_label;
    if (m_total > 0)
        text += QStringLiteral("  %1%").arg(
            QString::number(std::min(100.0, 100.0 * double(done) / double(m_total)), 'f', 0), 3);
    text += QStringLiteral("  %1").arg(count);
    if (!m_unit.isEmpty())
        text += u' ' + m_unit;
    const double seconds = m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0.0;
    if (seconds > 0.5)
        text += QStringLiteral("  %1/s").arg(compact(double(count) / seconds));
    return text;
}

void TerminalProgress::update(std::uint64_t done, std::uint64_t count)
{
    if (!m_enabled)
        return;
    const qint64 now = m_clock.isValid() ? m_clock.elapsed() : 0;
    if (now - m_lastDrawMs < 100)
        return;
    m_lastDrawMs = now;
    write(line(done, count));
}

void TerminalProgress::write(const QString &text)
{
    int width = 80;
    winsize size {};
    if (::ioctl(::fileno(m_stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        width = size.ws_col;
    const QByteArray bytes = text.left(std::max(1, width - 1)).toLocal8Bit();
    // Carriage return, the text, then erase to the end of the line.
    std::fputc('\r', m_stream);
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), m_stream);
    std::fputs("\033[K", m_stream);
    std::fflush(m_stream);
    m_shown = true;
}

void TerminalProgress::finish()
{
    if (!m_enabled || !m_shown)
        return;
    std::fputs("\r\033[K", m_stream);
    std::fflush(m_stream);
    m_shown = false;
}

} // namespace memtap
