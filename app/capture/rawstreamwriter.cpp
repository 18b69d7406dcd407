// SPDX-License-Identifier: GPL-2.0-or-later
#include "rawstreamwriter.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace memtap {

namespace {

// How often a writer waiting for a stalled reader checks whether to give up.
constexpr int pollIntervalMs = 100;

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

RawStreamWriter::RawStreamWriter(int fd, qint64 maxQueuedBytes)
    : m_fd(fd)
    , m_maxQueuedBytes(maxQueuedBytes)
{
    // Non-blocking, so that a reader that never reads again cannot keep this
    // thread in write() forever: it polls and can be told to give up. (No
    // effect on regular files, which always take what is written.)
    m_originalFlags = ::fcntl(m_fd, F_GETFL);
    if (m_originalFlags >= 0 && !(m_originalFlags & O_NONBLOCK))
        ::fcntl(m_fd, F_SETFL, m_originalFlags | O_NONBLOCK);
    m_thread = std::thread([this] { run(); });
}

RawStreamWriter::~RawStreamWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_finishing = true;
    }
    m_stop = true;
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    if (m_originalFlags >= 0)
        ::fcntl(m_fd, F_SETFL, m_originalFlags);
}

bool RawStreamWriter::append(QByteArrayView chunk, QString *error)
{
    std::unique_lock lock(m_mutex);
    if (!m_error.isEmpty()) {
        *error = m_error;
        return false;
    }
    if (m_queuedBytes + chunk.size() > m_maxQueuedBytes) {
        m_error = tr("the output is not taking the stream: %1 MiB wait to be written")
                      .arg(m_queuedBytes >> 20);
        *error = m_error;
        m_drained.notify_all();
        return false;
    }
    m_queue.emplace_back(chunk.data(), chunk.size());
    m_queuedBytes += chunk.size();
    lock.unlock();
    m_wake.notify_one();
    return true;
}

bool RawStreamWriter::drain(QDeadlineTimer deadline)
{
    std::unique_lock lock(m_mutex);
    const auto drained = [this] { return (m_queue.empty() && !m_writing) || !m_error.isEmpty(); };
    while (!drained()) {
        const qint64 remainingMs = deadline.remainingTime();
        if (remainingMs == 0)
            return false;
        if (remainingMs < 0)
            m_drained.wait(lock);
        else
            m_drained.wait_for(lock, std::chrono::milliseconds(remainingMs));
    }
    return m_error.isEmpty();
}

bool RawStreamWriter::finish(QDeadlineTimer deadline)
{
    std::unique_lock lock(m_mutex);
    m_finishing = true;
    m_wake.notify_one();
    const auto drained = [this] { return (m_queue.empty() && !m_writing) || !m_error.isEmpty(); };
    while (!drained()) {
        const qint64 remainingMs = deadline.remainingTime();
        if (remainingMs == 0)
            break;
        if (remainingMs < 0)
            m_drained.wait(lock);
        else
            m_drained.wait_for(lock, std::chrono::milliseconds(remainingMs));
    }
    if (!m_error.isEmpty())
        return false;
    if (!drained()) {
        m_error = tr("the output did not take the last %1 bytes in time").arg(m_queuedBytes);
        return false;
    }
    return true;
}

qint64 RawStreamWriter::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_queuedBytes;
}

QString RawStreamWriter::errorString() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void RawStreamWriter::run()
{
    // A reader that went away must end the capture with EPIPE, not kill the
    // whole program with SIGPIPE; blocked in this thread only, it stays
    // pending here and dies with the thread.
    sigset_t brokenPipe;
    sigemptyset(&brokenPipe);
    sigaddset(&brokenPipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &brokenPipe, nullptr);

    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return !m_queue.empty() || m_finishing || m_stop; });
        if (m_stop || (m_queue.empty() && m_finishing))
            break;
        QByteArray chunk = std::move(m_queue.front());
        m_queue.pop_front();
        m_writing = true;
        lock.unlock();
        const bool written = writeAll(chunk);
        lock.lock();
        m_writing = false;
        m_queuedBytes -= chunk.size();
        if (!written) {
            // writeAll() said why, unless it was told to stop.
            m_queue.clear();
            m_queuedBytes = 0;
            m_drained.notify_all();
            break;
        }
        if (m_queue.empty())
            m_drained.notify_all();
    }
    m_drained.notify_all();
}

bool RawStreamWriter::writeAll(const QByteArray &data)
{
    const char *next = data.constData();
    qint64 left = data.size();
    while (left > 0) {
        const ssize_t written = ::write(m_fd, next, static_cast<size_t>(left));
        if (written > 0) {
            next += written;
            left -= written;
            m_bytesWritten += written;
            continue;
        }
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (m_stop)
                return false;
            pollfd descriptor {m_fd, POLLOUT, 0};
            ::poll(&descriptor, 1, pollIntervalMs);
            continue;
        }
        const int error = written < 0 ? errno : EIO;
        std::lock_guard lock(m_mutex);
        m_error = errnoText(error);
        return false;
    }
    return true;
}

} // namespace memtap
