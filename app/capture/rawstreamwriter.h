// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace memtap {

// Writes the raw v1 stream to a file descriptor from a thread of its own, so
// that a slow disk or a reader that stops reading (`memtapctl record --output
// - | slow-consumer`) never stalls the capture thread, and through it the
// helper and the tracer. It holds at most maxQueuedBytes: a reader that falls
// that far behind, or a failed write, makes append() fail with one sentence,
// and the capture ends cleanly instead of losing events silently.
class RawStreamWriter
{
    Q_DECLARE_TR_FUNCTIONS(RawStreamWriter)

public:
    static constexpr qint64 defaultMaxQueuedBytes = qint64(256) << 20;

    // Does not take ownership of fd; restores its flags when done.
    explicit RawStreamWriter(int fd, qint64 maxQueuedBytes = defaultMaxQueuedBytes);
    // Gives up on what is still queued (use finish() to wait for it).
    ~RawStreamWriter();
    RawStreamWriter(const RawStreamWriter &) = delete;
    RawStreamWriter &operator=(const RawStreamWriter &) = delete;

    // From one producer thread. False (and *error) after a write error or
    // when the reader is maxQueuedBytes behind.
    bool append(QByteArrayView chunk, QString *error);
    // Waits until everything queued so far is written; false on a write
    // error or when the deadline passes first (nothing is given up then).
    bool drain(QDeadlineTimer deadline);
    // No more chunks come: waits until everything is written; false on a
    // write error or when the deadline passed first (errorString() says which).
    bool finish(QDeadlineTimer deadline);

    qint64 bytesWritten() const { return m_bytesWritten.load(); }
    qint64 queuedBytes() const;
    QString errorString() const;

private:
    void run();
    // Writes all of data, waiting for the descriptor to take it; false on
    // error or when told to stop.
    bool writeAll(const QByteArray &data);

    const int m_fd;
    const qint64 m_maxQueuedBytes;
    int m_originalFlags = -1;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // work queued, or stop
    std::condition_variable m_drained; // the queue became empty, or an error
    std::deque<QByteArray> m_queue;
    qint64 m_queuedBytes = 0;
    bool m_writing = false; // a chunk is being written outside the lock
    bool m_finishing = false; // no more chunks come; exit when drained
    std::atomic<bool> m_stop {false}; // exit now
    QString m_error;
    std::atomic<qint64> m_bytesWritten {0};
    std::thread m_thread;
};

} // namespace memtap
