// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracewriter.h"

#include "eventparser.h"
#include "traceescaping.h"

#include <QIODevice>

namespace memtap {

namespace {

// Writes value's decimal digits ending just before end; returns where they start.
char *formatUnsignedBackwards(char *end, std::uint64_t value)
{
    static constexpr char digitPairs[] = "00010203040506070809"
                                         "10111213141516171819"
                                         "20212223242526272829"
                                         "30313233343536373839"
                                         "40414243444546474849"
                                         "50515253545556575859"
                                         "60616263646566676869"
                                         "70717273747576777879"
                                         "80818283848586878889"
                                         "90919293949596979899";
    char *p = end;
    while (value >= 100) {
        const auto pair = static_cast<unsigned>(value % 100) * 2;
        value /= 100;
        *--p = digitPairs[pair + 1];
        *--p = digitPairs[pair];
    }
    if (value >= 10) {
        const auto pair = static_cast<unsigned>(value) * 2;
        *--p = digitPairs[pair + 1];
        *--p = digitPairs[pair];
    } else {
        *--p = static_cast<char>('0' + value);
    }
    return p;
}

char *putUnsigned(char *out, std::uint64_t value)
{
    char digits[20];
    char *const end = digits + sizeof digits;
    const char *begin = formatUnsignedBackwards(end, value);
    const auto size = end - begin;
    std::memcpy(out, begin, static_cast<std::size_t>(size));
    return out + size;
}

char *putSigned(char *out, std::int64_t value)
{
    if (value < 0) {
        *out++ = '-';
        // Two's complement negation in unsigned arithmetic also covers INT64_MIN.
        return putUnsigned(out, 0 - static_cast<std::uint64_t>(value));
    }
    return putUnsigned(out, static_cast<std::uint64_t>(value));
}

char *putHex(char *out, std::uint64_t value)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    *out++ = '0';
    *out++ = 'x';
    int shift = 60;
    while (shift > 0 && ((value >> shift) & 0xf) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *out++ = hexDigits[(value >> shift) & 0xf];
    return out;
}

} // namespace

TraceWriter::TraceWriter(QIODevice *device)
    : m_device(device)
{ }

TraceWriter::~TraceWriter()
{
    flush();
}

void TraceWriter::writeHeader(QByteArrayView backend)
{
    m_buffer += "#memtap\t";
    m_buffer += QByteArray::number(EventParser::formatVersion);
    m_buffer += '\t';
    TraceEscaping::appendEscaped(m_buffer, backend);
    m_buffer += '\n';
    flushIfFull();
}

void TraceWriter::writeMetadata(const TraceMetadata &metadata)
{
    writeHeader(metadata.backend);
    if (!metadata.host.isEmpty())
        writeMeta("host", QByteArrayView(metadata.host));
    if (!metadata.kernelRelease.isEmpty())
        writeMeta("kernel", QByteArrayView(metadata.kernelRelease));
    if (metadata.memTotalBytes != -1)
        writeMeta("memtotal", metadata.memTotalBytes);
    writeMeta("page_size", metadata.pageSize);
    writeMeta("realtime_offset_ns", metadata.realtimeOffsetNs);
    if (metadata.baselineStartNs != -1)
        writeMeta("start", metadata.baselineStartNs);
    // Each on its own, as the parser reads them: what a trace said comes back
    // the same even when it said only part of it.
    if (metadata.continuesSessionId != 0)
        writeMeta("continues_session", metadata.continuesSessionId);
    if (metadata.continuesSessionCreatedAtNs != 0)
        writeMeta("continues_session_created_at_ns", metadata.continuesSessionCreatedAtNs);
    if (metadata.continuesSessionEndedAtNs != 0)
        writeMeta("continues_session_ended_at_ns", metadata.continuesSessionEndedAtNs);
    if (!metadata.continuesSessionEndReason.isEmpty())
        writeMeta("continues_session_end", QByteArrayView(metadata.continuesSessionEndReason));
}

void TraceWriter::writeMeta(QByteArrayView key, QByteArrayView value)
{
    m_buffer += "#meta\t";
    m_buffer += key;
    m_buffer += '\t';
    TraceEscaping::appendEscaped(m_buffer, value);
    m_buffer += '\n';
    flushIfFull();
}

void TraceWriter::writeMeta(QByteArrayView key, std::int64_t value)
{
    m_buffer += "#meta\t";
    m_buffer += key;
    m_buffer += '\t';
    m_buffer += QByteArray::number(static_cast<qlonglong>(value));
    m_buffer += '\n';
    flushIfFull();
}

void TraceWriter::writeLost(std::uint64_t count, QByteArrayView source)
{
    m_buffer += "#lost\t";
    m_buffer += QByteArray::number(static_cast<qulonglong>(count));
    m_buffer += '\t';
    TraceEscaping::appendEscaped(m_buffer, source);
    m_buffer += '\n';
    flushIfFull();
}

void TraceWriter::writeEvent(const Event &event)
{
    appendEvent(m_buffer, event);
    flushIfFull();
}

void TraceWriter::writeEvents(std::span<const Event> events)
{
    for (const Event &event : events) {
        appendEvent(m_buffer, event);
        flushIfFull();
    }
}

void TraceWriter::writeTracerMessage(QByteArrayView line)
{
    Q_ASSERT(!line.contains('\n'));
    m_buffer += line;
    m_buffer += '\n';
    flushIfFull();
}

void TraceWriter::appendEvent(QByteArray &out, const Event &event)
{
    // 13 numbers of at most 20 digits and a sign, 13 TABs and the call.
    char fields[13 * 22 + 16];
    char *p = fields;
    p = putSigned(p, event.timestampNs);
    *p++ = '\t';
    p = putSigned(p, event.pid);
    *p++ = '\t';
    p = putSigned(p, event.tid);
    *p++ = '\t';
    p = putSigned(p, event.ppid);
    *p++ = '\t';
    p = putSigned(p, event.uid);
    *p++ = '\t';
    const char *call = callName(event.call);
    const std::size_t callLength = std::strlen(call);
    std::memcpy(p, call, callLength);
    p += callLength;
    *p++ = '\t';
    p = putHex(p, event.address);
    *p++ = '\t';
    p = putUnsigned(p, event.length);
    *p++ = '\t';
    p = putUnsigned(p, event.prot);
    *p++ = '\t';
    p = putUnsigned(p, event.flags);
    *p++ = '\t';
    p = putSigned(p, event.fd);
    *p++ = '\t';
    p = putUnsigned(p, event.offset);
    *p++ = '\t';
    p = putSigned(p, event.result);
    *p++ = '\t';
    out.append(fields, p - fields);
    if (event.call == Call::Map || event.call == Call::Cmdline)
        TraceEscaping::appendEscaped(out, event.text);
    else
        TraceEscaping::appendEscaped(out, event.name.view());
    out.append('\n');
}

bool TraceWriter::flush()
{
    if (!m_device || m_buffer.isEmpty() || hasError())
        return !hasError();
    const qint64 written = m_device->write(m_buffer);
    if (written != m_buffer.size()) {
        m_errorString = tr("Writing the trace failed: %1").arg(m_device->errorString());
        return false;
    }
    m_flushedBytes += std::uint64_t(written);
    m_buffer.resize(0);
    return true;
}

QByteArray TraceWriter::takeBuffer()
{
    QByteArray taken = std::move(m_buffer);
    m_buffer = QByteArray();
    m_flushedBytes += std::uint64_t(taken.size());
    return taken;
}

void TraceWriter::flushIfFull()
{
    if (m_device && m_buffer.size() >= flushThreshold)
        flush();
}

} // namespace memtap
