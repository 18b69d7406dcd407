// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "export/csvexport.h"
#include "storage/databaseurl.h"
#include "storage/requestfilter.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace memtap {

// A CSV export off the GUI thread: opens its own connection in a worker
// thread, writes through QSaveFile (so a failed or cancelled export leaves
// no partial file and an existing file untouched) and reports progress with
// queued signals. One export at a time per job.
class CsvExportJob : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        DatabaseUrl url;
        std::optional<QString> password; // MySQL/MariaDB; unset: DatabasePassword
        std::int64_t sessionId = 0;
        CsvExport::Table table = CsvExport::Table::Requests;
        RequestFilter filter;
        CsvExport::ProcessPredicate processPredicate;
        QString path;
    };

    struct Result
    {
        bool ok = false;
        bool cancelled = false;
        std::uint64_t rows = 0;
        QString error; // one sentence when !ok and not cancelled
        QString warning; // a note about the data (CsvExport::warning())
    };

    explicit CsvExportJob(QObject *parent = nullptr);
    // Cancels a running export and waits for it.
    ~CsvExportJob() override;

    // False when an export is running already.
    bool start(const Request &request);
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }
    // What the last export did (valid after finished()).
    const Result &result() const { return m_result; }

    // The export, in the calling thread; cancelled set to true stops it.
    static Result run(const Request &request, const std::atomic<bool> &cancelled,
        const std::function<void(std::uint64_t done, std::uint64_t total)> &progress = {});

Q_SIGNALS:
    void progressChanged(quint64 done, quint64 total);
    void finished();

private:
    QFutureWatcher<Result> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    Result m_result;
};

} // namespace memtap
