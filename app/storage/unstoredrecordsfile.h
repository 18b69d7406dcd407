// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/eventbatch.h"
#include "trace/tracemetadata.h"
#include "trace/tracewriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QString>

#include <memory>
#include <span>

namespace memtap {

// Where a session's records go when writing stops before the database took
// them (it stayed away past finish()'s deadline, or the user gave up): a v1
// trace, which `memtapctl import` stores as a session of its own, so that
// the records the store accepted are not lost with the writer thread.
//
// The file is created on open() (mode 0600 in a 0700 directory: it holds what
// processes did) under a name that no other file has, and removed again
// unless commit() succeeded, so a half-written file never looks complete.
class UnstoredRecordsFile
{
    Q_DECLARE_TR_FUNCTIONS(UnstoredRecordsFile)

public:
    // $XDG_DATA_HOME/memtap/unstored: data, not cache, since nothing else
    // holds these records.
    static QString defaultDirectory();

    UnstoredRecordsFile(const QString &directory, const QString &fileStem);
    ~UnstoredRecordsFile();
    UnstoredRecordsFile(const UnstoredRecordsFile &) = delete;
    UnstoredRecordsFile &operator=(const UnstoredRecordsFile &) = delete;

    // Creates the file and writes the header and metadata. False and a
    // one-sentence *error otherwise.
    bool open(const TraceMetadata &metadata, QString *error);
    // Appends records in stream order; a batch's drops and malformed lines
    // become #lost lines, so the imported session counts them too.
    bool append(const EventBatch &batch, QString *error);
    bool append(std::span<const Event> records, QString *error);
    // Writes the rest and syncs it to disk; the file stays.
    bool commit(QString *error);

    QString filePath() const { return m_path; }

private:
    bool failed(QString *error);

    const QString m_directory;
    const QString m_fileStem;
    QString m_path;
    QFile m_file;
    std::unique_ptr<TraceWriter> m_writer;
    bool m_committed = false;
};

} // namespace memtap
