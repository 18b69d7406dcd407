// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>

namespace memtap {

// A recorded trace opened for reading: a file, or standard input for "-".
// gzip-compressed traces (recognised by their magic bytes, whatever the file
// is called; several gzip members in a row are one trace) are decompressed
// on the fly. Reads in large chunks and tells how far it got, for progress.
//
//     TraceFile trace;
//     if (!trace.open(path)) -> trace.errorString()
//     while (!(chunk = trace.read()).isEmpty()) parser.feed(chunk, events);
//     if (trace.hasError()) -> trace.errorString()
class TraceFile
{
    Q_DECLARE_TR_FUNCTIONS(TraceFile)

public:
    static constexpr qsizetype chunkSize = qsizetype(1) << 20;

    TraceFile();
    ~TraceFile();
    TraceFile(const TraceFile &) = delete;
    TraceFile &operator=(const TraceFile &) = delete;

    // path "-" is standard input. False (see errorString()) when it cannot be opened.
    bool open(const QString &path);
    void close();
    bool isOpen() const;

    // The next bytes of the trace, decompressed; empty at the end and after an
    // error. Valid until the next call of read() or close().
    //
    // gzip checks its checksum only at the end of the data: damage that still
    // decodes is delivered before the error is known. Whoever imports a trace
    // must check hasError() after the last chunk and treat the import as failed.
    QByteArrayView read();
    // True once everything was read without error.
    bool atEnd() const;
    bool hasError() const { return !m_errorString.isEmpty(); }
    // One sentence: what went wrong and with which file.
    const QString &errorString() const { return m_errorString; }

    bool isCompressed() const;
    // "standard input" or the path as given.
    QString displayName() const;
    // Bytes of the file as stored (compressed, if it is), or -1 when unknown
    // (standard input from a pipe).
    qint64 size() const;
    // Bytes of the stored file consumed so far: position() / size() is the progress.
    qint64 position() const;
    // Bytes returned by read() so far.
    qint64 decodedBytes() const;

private:
    struct Private;
    bool fail(QString error);
    bool fillInput();
    QByteArrayView readPlain();
    QByteArrayView readCompressed();

    std::unique_ptr<Private> d;
    QString m_errorString;
};

} // namespace memtap
