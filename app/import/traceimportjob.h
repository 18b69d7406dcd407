// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "import/traceimport.h"
#include "storage/databaseurl.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>

class QThread;

namespace memtap {

// A TraceImport off the GUI thread, for the desktop application: the trace
// is opened, checked and stored in a worker thread; progress and the
// database's troubles come back as signals on the job's thread. One import at
// a time per job.
class TraceImportJob : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString tracePath;
        DatabaseUrl url;
        std::optional<QString> password; // MySQL/MariaDB; unset: DatabasePassword
        // Import a file of unstored records even though the database holds
        // them already (Result::earlierSessionId).
        bool again = false;
    };

    struct Result
    {
        // Set when the import ran; unset when it was refused before a
        // session existed (error or earlierSessionId says why).
        std::optional<TraceImport::Outcome> outcome;
        // The trace holds the records that this session holds already;
        // nothing was imported (Request::again imports them all the same).
        std::int64_t earlierSessionId = 0;
        // The new session; 0 if none was created (refused, failed, or
        // cancelled before it was).
        std::int64_t sessionId = 0;
        QString error; // one sentence, when nothing or not everything was imported
        std::uint64_t events = 0;
        std::uint64_t baselineRecords = 0;
        std::uint64_t processes = 0;
        std::uint64_t malformedLines = 0;
        QStringList problems; // TraceImport::problemReport()

        bool imported() const { return outcome == TraceImport::Outcome::Imported; }
    };

    explicit TraceImportJob(QObject *parent = nullptr);
    // Cancels a running import and waits until what was read is stored (or
    // the database fails).
    ~TraceImportJob() override;

    // False when an import is running already.
    bool start(const Request &request);
    // Stops reading; what was read is kept as a session ended
    // "import-cancelled". While the database fails, it also gives up on what
    // the database has not taken, so that cancelling never waits for it.
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    // What the last import did (valid after finished()).
    const Result &result() const { return m_result; }

Q_SIGNALS:
    // totalBytes is 0 when the size is unknown.
    void progressChanged(quint64 bytesRead, quint64 totalBytes, quint64 events);
    // The database failed a write (the import waits and retries); empty
    // once it takes records again.
    void databaseProblemChanged(const QString &problem);
    void finished();

private:
    void poll();
    // A cancelled import does not wait for a database that fails.
    void abortIfCancelledAndFailing(bool failing);
    void onThreadFinished();

    std::shared_ptr<TraceImport> m_import;
    QThread *m_thread = nullptr;
    QTimer m_ticker;
    QString m_reportedProblem;
    Result m_result;
    Result m_pending; // filled by the worker
};

} // namespace memtap
