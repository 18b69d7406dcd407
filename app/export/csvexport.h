// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/requestfilter.h"
#include "storage/storedprocess.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

class QIODevice;

namespace memtap {

class Database;

// The CSV exports of a session, shared by `memtapctl export` and the GUI's
// File > Export (which runs it in a worker thread with a Database opened
// there). Columns (issue 3):
//
//   processes: pid,name,user,mmap_calls,munmap_calls,requested_bytes,
//              released_bytes,net_bytes,live_bytes,percent_of_ram,first_seen,
//              last_seen
//   requests:  id,time,pid,tid,name,call,address,length,prot,flags,fd,offset,
//              result
//
// net_bytes = requested_bytes - released_bytes, clamped at zero, as the
// original tool computed it; live_bytes is the Accountant's exact figure;
// percent_of_ram = live_bytes / MemTotal of the recording host * 100 (empty
// when the trace did not say MemTotal). user is the user name resolved on the
// recording host, else the uid. Times are ISO 8601 UTC with nanoseconds,
// from the recording host's CLOCK_MONOTONIC plus its realtime offset; a
// session without that offset (a trace recorded without the helper) gets
// times counted from the recording host's boot (1970-01-01 + uptime), and
// warning() says so. address is 0x-prefixed lower-case hex as in the trace;
// prot, flags, offset and result are the raw decimal values. The rows
// respect the filter, in the order of the views (processes by first
// appearance, requests by id). Cells follow CsvWriter's rules.
class CsvExport
{
    Q_DECLARE_TR_FUNCTIONS(CsvExport)

public:
    enum class Table { Processes, Requests };

    // Called every few thousand rows with the rows written and the total;
    // returning false cancels the export.
    using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

    // Decides which processes the processes export writes, in addition to
    // the filter (the GUI's Processes dock filter: name or pid).
    using ProcessPredicate = std::function<bool(const StoredProcess &process)>;

    CsvExport(Database &database, std::int64_t sessionId);

    void setProcessPredicate(ProcessPredicate predicate)
    {
        m_processPredicate = std::move(predicate);
    }

    static QStringList columns(Table table);

    // Writes the header and the rows. False on failure or cancellation
    // (errorString(), wasCancelled()).
    bool write(
        Table table, const RequestFilter &filter, QIODevice *output, const Progress &progress = {});

    std::uint64_t rowsWritten() const { return m_rows; }
    bool wasCancelled() const { return m_cancelled; }
    const QString &errorString() const { return m_error; }
    // A note for the user about the data (empty when there is none).
    const QString &warning() const { return m_warning; }

private:
    bool writeProcesses(const RequestFilter &filter, QIODevice *output, const Progress &progress);
    bool writeRequests(const RequestFilter &filter, QIODevice *output, const Progress &progress);
    bool loadSession();

    Database &m_database;
    const std::int64_t m_sessionId;
    std::int64_t m_realtimeOffsetNs = 0;
    std::int64_t m_memTotalBytes = 0;
    ProcessPredicate m_processPredicate;
    std::uint64_t m_rows = 0;
    bool m_cancelled = false;
    QString m_error;
    QString m_warning;
};

} // namespace memtap
