// SPDX-License-Identifier: GPL-2.0-or-later
#include "interruptnotifier.h"

#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace memtap {

namespace {

int signalPipe[2] = {-1, -1};

} // namespace

void InterruptNotifier::handleSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &byte, 1);
    errno = savedErrno;
}

InterruptNotifier::InterruptNotifier(QObject *parent)
    : QObject(parent)
{
    if (signalPipe[0] >= 0) {
        qWarning("InterruptNotifier: only one instance at a time");
        return;
    }
    // Close-on-exec: the helper must not inherit them.
    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qWarning("InterruptNotifier: pipe2 failed");
        signalPipe[0] = signalPipe[1] = -1;
        return;
    }
    m_notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptNotifier::readPipe);

    struct sigaction action
    {
    };
    action.sa_handler = &InterruptNotifier::handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previousInt);
    ::sigaction(SIGTERM, &action, &m_previousTerm);
    ::sigaction(SIGHUP, &action, &m_previousHup);
}

InterruptNotifier::~InterruptNotifier()
{
    if (!m_notifier)
        return;
    ::sigaction(SIGINT, &m_previousInt, nullptr);
    ::sigaction(SIGTERM, &m_previousTerm, nullptr);
    ::sigaction(SIGHUP, &m_previousHup, nullptr);
    delete m_notifier;
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    signalPipe[0] = signalPipe[1] = -1;
}

void InterruptNotifier::readPipe()
{
    unsigned char byte = 0;
    while (::read(signalPipe[0], &byte, 1) == 1) {
        ++m_count;
        Q_EMIT interrupted(byte, m_count);
    }
}

} // namespace memtap
