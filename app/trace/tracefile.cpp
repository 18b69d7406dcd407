// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracefile.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>

#include <zlib.h>

#include <unistd.h>

namespace memtap {

namespace {

constexpr qsizetype inputChunkSize = qsizetype(1) << 20;

bool hasGzipMagic(const char *bytes, qsizetype size)
{
    return size >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f
        && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

} // namespace

struct TraceFile::Private
{
    QString path;
    QFile file;
    bool compressed = false;
    bool inflating = false; // inflateInit2 succeeded: inflateEnd is due
    bool endOfInput = false; // the file has nothing more to give
    bool finished = false; // everything was returned
    z_stream stream {};
    QByteArray input; // raw bytes read from the file
    qsizetype inputBegin = 0; // first byte of input not yet consumed
    qint64 inputOffset = 0; // file offset of input[0]
    qint64 consumed = 0; // file bytes consumed
    qint64 decoded = 0;
    QByteArray output;

    ~Private()
    {
        if (inflating)
            inflateEnd(&stream);
    }
    qsizetype pendingInput() const { return input.size() - inputBegin; }
};

TraceFile::TraceFile() = default;

TraceFile::~TraceFile() = default;

bool TraceFile::fail(QString error)
{
    m_errorString = std::move(error);
    return false;
}

bool TraceFile::open(const QString &path)
{
    close();
    m_errorString.clear();
    d = std::make_unique<Private>();
    d->path = path;
    if (path == QLatin1String("-")) {
        // The descriptor, not stdio's FILE: its end-of-file flag would stick
        // after a first reader, and its buffer would hide bytes from read().
        if (!d->file.open(STDIN_FILENO, QIODevice::ReadOnly | QIODevice::Unbuffered,
                QFileDevice::DontCloseHandle)) {
            d.reset();
            return fail(tr("Cannot read the trace from standard input."));
        }
    } else {
        const QFileInfo info(path);
        if (!info.exists()) {
            d.reset();
            return fail(tr("The trace file %1 does not exist.").arg(path));
        }
        if (info.isDir()) {
            d.reset();
            return fail(tr("%1 is a directory, not a trace file.").arg(path));
        }
        d->file.setFileName(path);
        if (!d->file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            const QString reason = d->file.errorString();
            d.reset();
            return fail(tr("Cannot open the trace file %1: %2. Check that you may read it.")
                            .arg(path, reason));
        }
    }
    // Enough bytes to see the gzip magic; a pipe may deliver them one by one.
    while (d->input.size() < 2 && !d->endOfInput) {
        if (!fillInput()) {
            d->finished = true;
            return false;
        }
    }
    d->compressed = hasGzipMagic(d->input.constData(), d->input.size());
    if (d->compressed) {
        // 16 + MAX_WBITS: gzip wrapper only, so a zlib or raw deflate stream is
        // not taken for a trace.
        if (inflateInit2(&d->stream, 16 + MAX_WBITS) != Z_OK) {
            d.reset();
            return fail(tr("Cannot decompress %1: zlib could not be initialised.").arg(path));
        }
        d->inflating = true;
        d->output.resize(chunkSize);
    }
    return true;
}

void TraceFile::close()
{
    d.reset();
}

bool TraceFile::isOpen() const
{
    return d != nullptr;
}

bool TraceFile::fillInput()
{
    if (d->inputBegin > 0) {
        d->inputOffset += d->inputBegin;
        d->input.remove(0, d->inputBegin);
        d->inputBegin = 0;
    }
    const qsizetype kept = d->input.size();
    d->input.resize(kept + inputChunkSize);
    const qint64 got = d->file.read(d->input.data() + kept, inputChunkSize);
    if (got < 0) {
        d->input.resize(kept);
        return fail(tr("Reading the trace file %1 failed at byte %2: %3.")
                        .arg(displayName())
                        .arg(d->inputOffset + kept)
                        .arg(d->file.errorString()));
    }
    d->input.resize(kept + got);
    if (got == 0)
        d->endOfInput = true;
    return true;
}

QByteArrayView TraceFile::read()
{
    if (!d || d->finished || hasError())
        return {};
    return d->compressed ? readCompressed() : readPlain();
}

QByteArrayView TraceFile::readPlain()
{
    if (d->pendingInput() == 0) {
        d->input.resize(0);
        d->inputOffset = d->consumed;
        d->inputBegin = 0;
        if (d->endOfInput || !fillInput() || d->pendingInput() == 0) {
            d->finished = true;
            return {};
        }
    }
    const QByteArrayView chunk(d->input.constData() + d->inputBegin, d->pendingInput());
    d->inputBegin = d->input.size();
    d->consumed += chunk.size();
    d->decoded += chunk.size();
    return chunk;
}

QByteArrayView TraceFile::readCompressed()
{
    z_stream &stream = d->stream;
    stream.next_out = reinterpret_cast<Bytef *>(d->output.data());
    stream.avail_out = static_cast<uInt>(d->output.size());
    while (stream.avail_out > 0) {
        if (d->pendingInput() == 0 && !d->endOfInput) {
            if (!fillInput())
                break;
        }
        if (d->pendingInput() == 0) {
            // The file ended inside a gzip member.
            fail(tr("The trace file %1 is truncated: its gzip data ends at byte %2, before the "
                    "end of the compressed stream. Was it copied completely?")
                     .arg(displayName())
                     .arg(d->consumed));
            break;
        }
        stream.next_in
            = reinterpret_cast<Bytef *>(const_cast<char *>(d->input.constData() + d->inputBegin));
        stream.avail_in = static_cast<uInt>(d->pendingInput());
        const int status = inflate(&stream, Z_NO_FLUSH);
        const qsizetype used = d->pendingInput() - qsizetype(stream.avail_in);
        d->inputBegin += used;
        d->consumed += used;
        if (status == Z_STREAM_END) {
            // Another gzip member may follow (concatenated .gz files are one file).
            while (d->pendingInput() < 2 && !d->endOfInput) {
                if (!fillInput())
                    break;
            }
            if (hasError())
                break;
            if (d->pendingInput() == 0) {
                d->finished = true;
                break;
            }
            if (!hasGzipMagic(d->input.constData() + d->inputBegin, d->pendingInput())) {
                fail(tr("The trace file %1 has unexpected data after its gzip data, at byte %2.")
                         .arg(displayName())
                         .arg(d->consumed));
                break;
            }
            inflateReset(&stream);
            continue;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            const QString detail
                = stream.msg ? QString::fromLatin1(stream.msg) : tr("zlib error %1").arg(status);
            fail(tr("The trace file %1 is corrupt: its gzip data is damaged at byte %2 (%3).")
                     .arg(displayName())
                     .arg(d->consumed)
                     .arg(detail));
            break;
        }
    }
    const qsizetype produced = d->output.size() - qsizetype(stream.avail_out);
    d->decoded += produced;
    if (produced == 0)
        d->finished = true;
    return QByteArrayView(d->output.constData(), produced);
}

bool TraceFile::atEnd() const
{
    return d && d->finished && !hasError();
}

bool TraceFile::isCompressed() const
{
    return d && d->compressed;
}

QString TraceFile::displayName() const
{
    if (!d)
        return QString();
    return d->path == QLatin1String("-") ? tr("standard input") : d->path;
}

qint64 TraceFile::size() const
{
    if (!d || d->file.isSequential())
        return -1;
    return d->file.size();
}

qint64 TraceFile::position() const
{
    return d ? d->consumed : 0;
}

qint64 TraceFile::decodedBytes() const
{
    return d ? d->decoded : 0;
}

} // namespace memtap
