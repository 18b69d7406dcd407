// SPDX-License-Identifier: GPL-2.0-or-later
#include "csvexportjob.h"

#include "storage/database.h"

#include <QPointer>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace memtap {

CsvExportJob::CsvExportJob(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        m_result = m_watcher.result();
        Q_EMIT finished();
    });
}

CsvExportJob::~CsvExportJob()
{
    cancel();
    m_watcher.waitForFinished();
}

bool CsvExportJob::start(const Request &request)
{
    if (isRunning())
        return false;
    m_result = Result();
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    QPointer<CsvExportJob> self(this);
    auto cancelled = m_cancelled;
    m_watcher.setFuture(QtConcurrent::run([request, cancelled, self] {
        return run(request, *cancelled, [self](std::uint64_t done, std::uint64_t total) {
            // Queued to the job's thread; dropped if the job is gone.
            if (self)
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, done, total] {
                        if (self)
                            Q_EMIT self->progressChanged(done, total);
                    },
                    Qt::QueuedConnection);
        });
    }));
    return true;
}

void CsvExportJob::cancel()
{
    if (m_cancelled)
        m_cancelled->store(true);
}

CsvExportJob::Result CsvExportJob::run(const Request &request, const std::atomic<bool> &cancelled,
    const std::function<void(std::uint64_t, std::uint64_t)> &progress)
{
    Result result;
    QSaveFile file(request.path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QCoreApplication::translate(
            "CsvExportJob", "Could not create %1: %2. Choose a folder you can write to.")
                           .arg(request.path, file.errorString());
        return result;
    }
    Database::OpenOptions options;
    options.password = request.password;
    QString error;
    auto database = Database::open(request.url, options, &error);
    if (!database) {
        file.cancelWriting();
        result.error = error;
        return result;
    }
    CsvExport exporter(*database, request.sessionId);
    exporter.setProcessPredicate(request.processPredicate);
    const bool written = exporter.write(
        request.table, request.filter, &file, [&](std::uint64_t done, std::uint64_t total) {
            if (progress)
                progress(done, total);
            return !cancelled.load();
        });
    result.rows = exporter.rowsWritten();
    result.warning = exporter.warning();
    if (!written) {
        file.cancelWriting();
        result.cancelled = exporter.wasCancelled();
        if (!result.cancelled)
            result.error = QCoreApplication::translate("CsvExportJob", "Could not write %1: %2")
                               .arg(request.path, exporter.errorString());
        return result;
    }
    if (!file.commit()) {
        result.error = QCoreApplication::translate("CsvExportJob",
            "Could not write %1: %2. Check the free space and the folder's permissions.")
                           .arg(request.path, file.errorString());
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace memtap
