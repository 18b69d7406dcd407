// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>

#include <csignal>

class QSocketNotifier;

namespace memtap {

// Turns SIGINT, SIGTERM and SIGHUP into a queued Qt signal, so that a
// command-line capture can stop cleanly (and still print its summary) on
// Ctrl-C, kill or a closed terminal. The handler only writes the signal number
// to a pipe; everything else happens in the event loop. One instance at a
// time; the previous handlers come back when it is destroyed.
class InterruptNotifier : public QObject
{
    Q_OBJECT

public:
    explicit InterruptNotifier(QObject *parent = nullptr);
    ~InterruptNotifier() override;

    bool isValid() const { return m_notifier != nullptr; }
    int count() const { return m_count; }

Q_SIGNALS:
    // count is 1 for the first signal, 2 for the second, ...
    void interrupted(int signalNumber, int count);

private:
    static void handleSignal(int signalNumber);
    void readPipe();

    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
    struct sigaction m_previousInt
    {
    };
    struct sigaction m_previousTerm
    {
    };
    struct sigaction m_previousHup
    {
    };
};

} // namespace memtap
