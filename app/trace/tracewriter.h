// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "event.h"
#include "tracemetadata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <span>

class QIODevice;

namespace memtap {

// Writes trace line format v1 (probes/README.md): the inverse of EventParser,
// so that parsing what it wrote gives back every field.
//
// Without a device it collects the text in buffer(); with one it writes in
// large blocks and flush() (or the destructor) writes the rest.
class TraceWriter
{
    Q_DECLARE_TR_FUNCTIONS(TraceWriter)

public:
    TraceWriter() = default;
    explicit TraceWriter(QIODevice *device);
    ~TraceWriter();
    TraceWriter(const TraceWriter &) = delete;
    TraceWriter &operator=(const TraceWriter &) = delete;

    // `#memtap	1	<backend>`
    void writeHeader(QByteArrayView backend);
    // The header, then one `#meta` line per fact that metadata knows
    // (memtotal and start only when not -1, host and kernel only when set).
    void writeMetadata(const TraceMetadata &metadata);
    // `#meta	<key>	<value>`, value escaped.
    void writeMeta(QByteArrayView key, QByteArrayView value);
    void writeMeta(QByteArrayView key, std::int64_t value);
    // `#lost	<count>	<source>`, source escaped.
    void writeLost(std::uint64_t count, QByteArrayView source);
    // A record. `text` is written for map and cmdline records, `name` for all others.
    void writeEvent(const Event &event);
    void writeEvents(std::span<const Event> events);
    // A line as a tracer would print it ("Attaching 14 probes..."); line must
    // not contain a newline.
    void writeTracerMessage(QByteArrayView line);

    // Writes what is buffered to the device. False (see errorString()) when
    // the device refused it; without a device it does nothing.
    bool flush();
    bool hasError() const { return !m_errorString.isEmpty(); }
    const QString &errorString() const { return m_errorString; }

    // The text not yet written to a device (without a device: all of it).
    const QByteArray &buffer() const { return m_buffer; }
    QByteArray takeBuffer();
    // Bytes produced so far, written or buffered.
    std::uint64_t bytesProduced() const { return m_flushedBytes + std::uint64_t(m_buffer.size()); }

    // The record line of event, with its newline, appended to out.
    static void appendEvent(QByteArray &out, const Event &event);

private:
    void flushIfFull();

    static constexpr qsizetype flushThreshold = qsizetype(1) << 20;

    QIODevice *m_device = nullptr;
    QByteArray m_buffer;
    std::uint64_t m_flushedBytes = 0;
    QString m_errorString;
};

} // namespace memtap
