// SPDX-License-Identifier: GPL-2.0-or-later
#include "unstoredrecordsfile.h"

#include "storage/privatedirectory.h"

#include <QDir>
#include <QStandardPaths>

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace memtap {

QString UnstoredRecordsFile::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QLatin1String("/memtap/unstored");
}

UnstoredRecordsFile::UnstoredRecordsFile(const QString &directory, const QString &fileStem)
    : m_directory(directory)
    , m_fileStem(fileStem)
{ }

UnstoredRecordsFile::~UnstoredRecordsFile()
{
    if (m_committed || m_path.isEmpty())
        return;
    m_writer.reset();
    m_file.close();
    QFile::remove(m_path);
}

bool UnstoredRecordsFile::open(const TraceMetadata &metadata, QString *error)
{
    if (!PrivateDirectory::make(m_directory, error))
        return false;
    const QDir directory(m_directory);
    // O_EXCL: a file from an earlier stop of the same session stays as it is.
    int fd = -1;
    QString path;
    for (int attempt = 1; fd < 0; ++attempt) {
        path = directory.filePath(attempt == 1
                ? QStringLiteral("%1.v1").arg(m_fileStem)
                : QStringLiteral("%1-%2.v1").arg(m_fileStem).arg(attempt));
        fd = ::open(QFile::encodeName(path).constData(),
            O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && (errno != EEXIST || attempt == 1000)) {
            *error = tr("Could not create %1: %2.").arg(path, qt_error_string(errno));
            return false;
        }
    }
    m_path = path;
    if (!m_file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *error = tr("Could not create %1: %2.").arg(path, m_file.errorString());
        return false;
    }
    m_writer = std::make_unique<TraceWriter>(&m_file);
    m_writer->writeMetadata(metadata);
    return !m_writer->hasError() || failed(error);
}

bool UnstoredRecordsFile::append(const EventBatch &batch, QString *error)
{
    if (batch.lostEvents > 0)
        m_writer->writeLost(batch.lostEvents, "tracer drops of the original capture");
    if (batch.malformedLines > 0)
        m_writer->writeLost(batch.malformedLines, "malformed lines of the original capture");
    return append(std::span<const Event>(batch.events), error);
}

bool UnstoredRecordsFile::append(std::span<const Event> records, QString *error)
{
    m_writer->writeEvents(records);
    return !m_writer->hasError() || failed(error);
}

bool UnstoredRecordsFile::commit(QString *error)
{
    if (!m_writer->flush() || !m_file.flush())
        return failed(error);
    if (::fsync(m_file.handle()) != 0) {
        *error = tr("Could not write %1: %2.").arg(m_path, qt_error_string(errno));
        return false;
    }
    m_file.close();
    m_committed = true;
    return true;
}

bool UnstoredRecordsFile::failed(QString *error)
{
    *error = tr("Could not write %1: %2.").arg(m_path, m_file.errorString());
    return false;
}

} // namespace memtap
