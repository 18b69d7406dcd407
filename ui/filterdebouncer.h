// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

class QLineEdit;

namespace memtap {

// Applies what is typed into filter boxes once typing pauses (300 ms), so a
// large table is filtered once per word, not once per key. Enter applies at
// once. Watches any number of line edits; filterChanged() fires for all.
class FilterDebouncer : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultDelayMs = 300;

    explicit FilterDebouncer(QObject *parent = nullptr);

    void watch(QLineEdit *edit);
    void setDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    int delay() const { return m_timer.interval(); }
    // Emits now if a change is pending.
    void flush();
    // For inputs other than line edits (a combo box): restart the delay.
    void poke();

Q_SIGNALS:
    void filterChanged();

private:
    QTimer m_timer;
};

} // namespace memtap
