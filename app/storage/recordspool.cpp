// SPDX-License-Identifier: GPL-2.0-or-later
#include "recordspool.h"

#include "storage/privatedirectory.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace memtap {

namespace {

constexpr std::uint32_t batchMagic = 0x5053544d; // "MTSP"
// Far above any batch a parser produces; a larger size means a damaged file.
constexpr std::uint64_t maxPayloadBytes = std::uint64_t(1) << 31;

struct BatchHeader
{
    std::uint32_t magic;
    std::uint32_t events;
    std::uint64_t lostEvents;
    std::uint64_t malformedLines;
    std::uint64_t payloadBytes;
};

// Every field of Event, fixed size, then the name and text bytes.
struct EventFields
{
    std::int64_t timestampNs;
    std::int64_t uid;
    std::uint64_t address;
    std::uint64_t length;
    std::uint64_t prot;
    std::uint64_t flags;
    std::int64_t fd;
    std::uint64_t offset;
    std::int64_t result;
    std::int32_t pid;
    std::int32_t tid;
    std::int32_t ppid;
    std::int32_t textSize; // -1: null
    std::uint8_t call;
    std::uint8_t nameSize;
};

template<typename T> void appendRaw(QByteArray &out, const T &value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

bool writeAll(int fd, const char *data, std::size_t size, std::uint64_t offset)
{
    while (size > 0) {
        const ssize_t written = ::pwrite(fd, data, size, off_t(offset));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (written == 0) {
            errno = ENOSPC;
            return false;
        }
        data += written;
        size -= std::size_t(written);
        offset += std::uint64_t(written);
    }
    return true;
}

bool readAll(int fd, char *data, std::size_t size, std::uint64_t offset)
{
    while (size > 0) {
        const ssize_t got = ::pread(fd, data, size, off_t(offset));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (got == 0) {
            errno = EIO;
            return false;
        }
        data += got;
        size -= std::size_t(got);
        offset += std::uint64_t(got);
    }
    return true;
}

} // namespace

QString RecordSpool::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
        + QLatin1String("/memtap/spool");
}

RecordSpool::RecordSpool(const QString &directory, const QString &fileStem)
    : m_directory(directory)
    , m_fileStem(fileStem)
{ }

RecordSpool::~RecordSpool()
{
    std::lock_guard lock(m_mutex);
    if (m_fd < 0)
        return;
    if (m_keep && m_pendingBatches > 0) {
        ::close(m_fd);
        m_fd = -1;
        return;
    }
    removeFile();
}

bool RecordSpool::openFile(QString *error)
{
    if (!PrivateDirectory::make(m_directory, error))
        return false;
    const QString path = QDir(m_directory)
                             .filePath(QStringLiteral("%1-%2-%3.spool")
                                           .arg(m_fileStem)
                                           .arg(::getpid())
                                           .arg(++m_filesCreated));
    const int fd = ::open(QFile::encodeName(path).constData(),
        O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        *error = tr("Could not create the spool file %1: %2.").arg(path, qt_error_string(errno));
        return false;
    }
    m_fd = fd;
    m_path = path;
    m_writeOffset = 0;
    m_readOffset = 0;
    m_pendingBatches = 0;
    return true;
}

void RecordSpool::removeFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_path.isEmpty())
        ::unlink(QFile::encodeName(m_path).constData());
    m_path.clear();
    m_writeOffset = 0;
    m_readOffset = 0;
    m_pendingBatches = 0;
}

bool RecordSpool::append(const EventBatch &batch, QString *error)
{
    QByteArray bytes;
    std::size_t estimate = sizeof(BatchHeader);
    for (const Event &event : batch.events)
        estimate += sizeof(EventFields) + event.name.size() + std::size_t(event.text.size());
    bytes.reserve(qsizetype(estimate));
    appendRaw(bytes, BatchHeader {});
    for (const Event &event : batch.events) {
        const EventFields fields {event.timestampNs, event.uid, event.address, event.length,
            event.prot, event.flags, event.fd, event.offset, event.result, event.pid, event.tid,
            event.ppid, event.text.isNull() ? -1 : std::int32_t(event.text.size()),
            std::uint8_t(event.call), std::uint8_t(event.name.size())};
        appendRaw(bytes, fields);
        bytes.append(event.name.view());
        if (!event.text.isNull())
            bytes.append(event.text);
    }
    const BatchHeader header {batchMagic, std::uint32_t(batch.events.size()), batch.lostEvents,
        batch.malformedLines, std::uint64_t(bytes.size()) - sizeof(BatchHeader)};
    std::memcpy(bytes.data(), &header, sizeof header);

    std::lock_guard lock(m_mutex);
    if (m_fd < 0 && !openFile(error))
        return false;
    if (!writeAll(m_fd, bytes.constData(), std::size_t(bytes.size()), m_writeOffset)) {
        const int reason = errno;
        // Leave no partial batch behind for the reader.
        if (::ftruncate(m_fd, off_t(m_writeOffset)) != 0) { }
        *error
            = tr("Could not write to the spool file %1: %2.").arg(m_path, qt_error_string(reason));
        return false;
    }
    m_writeOffset += std::uint64_t(bytes.size());
    ++m_pendingBatches;
    return true;
}

EventBatchPtr RecordSpool::takeNext(QString *error)
{
    std::lock_guard lock(m_mutex);
    if (m_fd < 0 || m_pendingBatches == 0)
        return nullptr;
    BatchHeader header {};
    if (!readAll(m_fd, reinterpret_cast<char *>(&header), sizeof header, m_readOffset)) {
        *error = tr("Could not read the spool file %1: %2.").arg(m_path, qt_error_string(errno));
        return nullptr;
    }
    if (header.magic != batchMagic || header.payloadBytes > maxPayloadBytes
        || m_readOffset + sizeof header + header.payloadBytes > m_writeOffset) {
        *error = tr("The spool file %1 is damaged at byte %2.").arg(m_path).arg(m_readOffset);
        return nullptr;
    }
    QByteArray payload(qsizetype(header.payloadBytes), Qt::Uninitialized);
    if (!readAll(m_fd, payload.data(), std::size_t(payload.size()), m_readOffset + sizeof header)) {
        *error = tr("Could not read the spool file %1: %2.").arg(m_path, qt_error_string(errno));
        return nullptr;
    }
    auto batch = std::make_shared<EventBatch>();
    batch->lostEvents = header.lostEvents;
    batch->malformedLines = header.malformedLines;
    batch->events.resize(header.events);
    const char *at = payload.constData();
    const char *end = at + payload.size();
    for (Event &event : batch->events) {
        EventFields fields;
        if (end - at < qsizetype(sizeof fields)) {
            *error = tr("The spool file %1 is damaged at byte %2.").arg(m_path).arg(m_readOffset);
            return nullptr;
        }
        std::memcpy(&fields, at, sizeof fields);
        at += sizeof fields;
        const qsizetype textSize = std::max<qsizetype>(fields.textSize, 0);
        if (end - at < qsizetype(fields.nameSize) + textSize
            || fields.nameSize > ProcessName::capacity) {
            *error = tr("The spool file %1 is damaged at byte %2.").arg(m_path).arg(m_readOffset);
            return nullptr;
        }
        event.timestampNs = fields.timestampNs;
        event.pid = fields.pid;
        event.tid = fields.tid;
        event.ppid = fields.ppid;
        event.uid = fields.uid;
        event.call = Call(fields.call);
        event.address = fields.address;
        event.length = fields.length;
        event.prot = fields.prot;
        event.flags = fields.flags;
        event.fd = fields.fd;
        event.offset = fields.offset;
        event.result = fields.result;
        event.name.assign(QByteArrayView(at, fields.nameSize));
        at += fields.nameSize;
        if (fields.textSize >= 0) {
            // Empty but not null, as the parser made it.
            event.text = textSize > 0 ? QByteArray(at, textSize) : QByteArray("");
            at += textSize;
        }
    }
    m_readOffset += sizeof header + header.payloadBytes;
    --m_pendingBatches;
    if (m_pendingBatches == 0)
        removeFile();
    return batch;
}

std::uint64_t RecordSpool::pendingBatches() const
{
    std::lock_guard lock(m_mutex);
    return m_pendingBatches;
}

std::uint64_t RecordSpool::pendingBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_writeOffset - m_readOffset;
}

QString RecordSpool::filePath() const
{
    std::lock_guard lock(m_mutex);
    return m_path;
}

void RecordSpool::keep()
{
    std::lock_guard lock(m_mutex);
    m_keep = true;
}

} // namespace memtap
