// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/eventbatch.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <mutex>

namespace memtap {

// A first-in, first-out file of event batches: where EventStore keeps what
// does not fit in memory while the database is away, so that a live capture
// never has to stall the tracer.
//
// One thread appends, another takes batches back in the same order; both may
// run at once. The file is created on the first append in directory
// (mode 0700, file 0600: it holds what processes did), named after the
// session, and removed as soon as everything in it was taken back, so a
// drained spool leaves nothing behind. keep() leaves a file with untaken
// batches in place (for a message saying where the records are).
//
// Records are stored in the machine's own byte order, with every field of
// Event, so a batch taken back equals the batch appended.
class RecordSpool
{
    Q_DECLARE_TR_FUNCTIONS(RecordSpool)

public:
    // $XDG_CACHE_HOME/memtap/spool
    static QString defaultDirectory();

    RecordSpool(const QString &directory, const QString &fileStem);
    ~RecordSpool();
    RecordSpool(const RecordSpool &) = delete;
    RecordSpool &operator=(const RecordSpool &) = delete;

    // Appends batch at the end. False and a one-sentence *error (naming the
    // file and the system's reason, "No space left on device") when the file
    // could not take it; the spool is then as before.
    bool append(const EventBatch &batch, QString *error);
    // The oldest batch not taken yet, or null when there is none or it could
    // not be read (*error says why then).
    EventBatchPtr takeNext(QString *error);

    std::uint64_t pendingBatches() const;
    std::uint64_t pendingBytes() const;
    // The file while it exists, else empty.
    QString filePath() const;
    // Leaves the file on disk when the spool is destroyed with batches in it.
    void keep();

private:
    bool openFile(QString *error);
    void removeFile();

    const QString m_directory;
    const QString m_fileStem;
    mutable std::mutex m_mutex;
    QString m_path;
    int m_fd = -1;
    std::uint64_t m_writeOffset = 0;
    std::uint64_t m_readOffset = 0;
    std::uint64_t m_pendingBatches = 0;
    std::uint64_t m_filesCreated = 0;
    bool m_keep = false;
};

} // namespace memtap
