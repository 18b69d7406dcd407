// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdint>
#include <cstdio>

namespace memtap {

// A one-line progress display for long memtapctl commands: "label  45%
// 1234567 events  312k/s" rewritten in place on standard error, at most ten
// times a second. It shows nothing when standard error is not a terminal, so
// scripts and logs stay clean.
class TerminalProgress
{
public:
    explicit TerminalProgress(std::FILE *stream = stderr);
    ~TerminalProgress();

    bool isEnabled() const { return m_enabled; }
    // Forces it on or off (tests).
    void setEnabled(bool enabled) { m_enabled = enabled; }

    // total 0: unknown, no percentage.
    void start(const QString &label, std::uint64_t total = 0, const QString &unit = QString());
    // done of total; count is what the rate is computed from (e.g. events
    // while done counts bytes).
    void update(std::uint64_t done, std::uint64_t count);
    void update(std::uint64_t done) { update(done, done); }
    // Erases the line.
    void finish();

    // The text update() would show, without terminal control characters.
    QString line(std::uint64_t done, std::uint64_t count) const;

private:
    void write(const QString &text);

    std::FILE *m_stream;
    bool m_enabled;
    bool m_shown = false;
    QString m_label;
    QString m_unit;
    std::uint64_t m_total = 0;
    QElapsedTimer m_clock;
    qint64 m_lastDrawMs = -1000;
};

} // namespace memtap
