// SPDX-License-Identifier: GPL-2.0-or-later
#include "eventparser.h"

#include "traceescaping.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace memtap {

namespace {

enum class Field {
    Timestamp,
    Pid,
    Tid,
    Ppid,
    Uid,
    Call,
    Address,
    Length,
    Prot,
    Flags,
    Fd,
    Offset,
    Result,
    Name,
};

constexpr std::array<const char *, EventParser::recordFieldCount> fieldNames = {
    "ts",
    "pid",
    "tid",
    "ppid",
    "uid",
    "call",
    "address",
    "length",
    "prot",
    "flags",
    "fd",
    "offset",
    "result",
    "name",
};

enum class Failure {
    None,
    // The line ended before the field did, or the name field has a TAB.
    FieldCount,
    NotANumber,
    OutOfRange,
    UnknownCall,
    NotHex,
    NameTooLong,
};

struct RecordFailure
{
    Failure failure = Failure::None;
    Field field = Field::Timestamp;
};

constexpr std::uint64_t u64Max = std::numeric_limits<std::uint64_t>::max();
constexpr std::int64_t i64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t i64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t i32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t u32Max = std::numeric_limits<std::uint32_t>::max();

// The digits of a decimal field, up to the TAB that ends it. On success p
// points past the TAB.
inline Failure readUnsigned(
    const char *&p, const char *end, std::uint64_t max, std::uint64_t &value)
{
    const char *const start = p;
    std::uint64_t result = 0;
    bool overflow = false;
    while (p < end) {
        const unsigned digit = static_cast<unsigned char>(*p) - unsigned('0');
        if (digit > 9)
            break;
        overflow |= __builtin_mul_overflow(result, 10u, &result);
        overflow |= __builtin_add_overflow(result, digit, &result);
        ++p;
    }
    if (p == end)
        return Failure::FieldCount;
    if (*p != '\t' || p == start)
        return Failure::NotANumber;
    if (overflow || result > max)
        return Failure::OutOfRange;
    value = result;
    ++p;
    return Failure::None;
}

inline Failure readSigned(
    const char *&p, const char *end, std::int64_t min, std::int64_t max, std::int64_t &value)
{
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    std::uint64_t magnitude = 0;
    const Failure failure = readUnsigned(p, end, u64Max, magnitude);
    if (failure != Failure::None)
        return failure;
    if (negative) {
        // -(min + 1) + 1 is |min| without overflowing.
        const std::uint64_t limit = static_cast<std::uint64_t>(-(min + 1)) + 1;
        if (magnitude > limit)
            return Failure::OutOfRange;
        value = magnitude == limit ? min : -static_cast<std::int64_t>(magnitude);
    } else {
        if (magnitude > static_cast<std::uint64_t>(max))
            return Failure::OutOfRange;
        value = static_cast<std::int64_t>(magnitude);
    }
    return Failure::None;
}

inline Failure readHex(const char *&p, const char *end, std::uint64_t &value)
{
    if (end - p < 2 || p[0] != '0' || p[1] != 'x')
        return end - p < 2 ? Failure::FieldCount : Failure::NotHex;
    p += 2;
    const char *const start = p;
    std::uint64_t result = 0;
    bool overflow = false;
    while (p < end) {
        const unsigned char c = static_cast<unsigned char>(*p);
        unsigned digit = c - unsigned('0');
        if (digit > 9) {
            digit = c - unsigned('a');
            if (digit > 5)
                break;
            digit += 10;
        }
        overflow |= (result >> 60) != 0;
        result = (result << 4) | digit;
        ++p;
    }
    if (p == end)
        return Failure::FieldCount;
    if (*p != '\t' || p == start)
        return Failure::NotHex;
    if (overflow)
        return Failure::OutOfRange;
    value = result;
    ++p;
    return Failure::None;
}

inline bool equals(const char *p, std::size_t size, const char *word)
{
    return std::memcmp(p, word, size) == 0;
}

inline Failure readCall(const char *&p, const char *end, Call &call)
{
    const char *tab = static_cast<const char *>(std::memchr(p, '\t', std::size_t(end - p)));
    if (!tab)
        return Failure::FieldCount;
    const auto size = std::size_t(tab - p);
    bool known = true;
    switch (size) {
    case 3:
        if (equals(p, size, "brk"))
            call = Call::Brk;
        else if (equals(p, size, "map"))
            call = Call::Map;
        else
            known = false;
        break;
    case 4:
        if (equals(p, size, "mmap"))
            call = Call::Mmap;
        else if (equals(p, size, "fork"))
            call = Call::Fork;
        else if (equals(p, size, "exec"))
            call = Call::Exec;
        else if (equals(p, size, "exit"))
            call = Call::Exit;
        else
            known = false;
        break;
    case 6:
        if (equals(p, size, "munmap"))
            call = Call::Munmap;
        else if (equals(p, size, "mremap"))
            call = Call::Mremap;
        else
            known = false;
        break;
    case 7:
        known = equals(p, size, "cmdline");
        call = Call::Cmdline;
        break;
    case 8:
        known = equals(p, size, "snapshot");
        call = Call::Snapshot;
        break;
    default:
        known = false;
        break;
    }
    if (!known)
        return Failure::UnknownCall;
    p = tab + 1;
    return Failure::None;
}

// The name field: the rest of the line, escaped.
inline Failure readName(const char *p, const char *end, Event &event, QByteArray &scratch)
{
    const auto size = std::size_t(end - p);
    if (std::memchr(p, '\t', size))
        return Failure::FieldCount;
    const bool escaped = std::memchr(p, '\\', size) != nullptr;
    if (event.call == Call::Map || event.call == Call::Cmdline) {
        if (!escaped) {
            event.text = QByteArray(p, qsizetype(size));
        } else {
            event.text.resize(qsizetype(size));
            event.text.truncate(qsizetype(
                TraceEscaping::unescapeTo(QByteArrayView(p, qsizetype(size)), event.text.data())));
        }
        return Failure::None;
    }
    const char *bytes = p;
    std::size_t decodedSize = size;
    if (escaped) {
        constexpr std::size_t stackCapacity = 256;
        char stackBuffer[stackCapacity];
        char *buffer = stackBuffer;
        if (size > stackCapacity) {
            scratch.resize(qsizetype(size));
            buffer = scratch.data();
        }
        decodedSize = TraceEscaping::unescapeTo(QByteArrayView(p, qsizetype(size)), buffer);
        while (decodedSize > 0 && buffer[decodedSize - 1] == '\0')
            --decodedSize;
        if (!event.name.assign(QByteArrayView(buffer, qsizetype(decodedSize))))
            return Failure::NameTooLong;
        return Failure::None;
    }
    while (decodedSize > 0 && bytes[decodedSize - 1] == '\0')
        --decodedSize;
    if (!event.name.assign(QByteArrayView(bytes, qsizetype(decodedSize))))
        return Failure::NameTooLong;
    return Failure::None;
}

#define MEMTAP_READ(field, expression)                                                             \
    do {                                                                                           \
        const Failure failure = (expression);                                                      \
        if (failure != Failure::None) [[unlikely]]                                                 \
            return {failure, field};                                                               \
    } while (false)

RecordFailure decodeRecord(const char *p, const char *end, Event &event, QByteArray &scratch)
{
    std::uint64_t unsignedValue = 0;
    std::int64_t signedValue = 0;
    MEMTAP_READ(Field::Timestamp, readUnsigned(p, end, std::uint64_t(i64Max), unsignedValue));
    event.timestampNs = static_cast<std::int64_t>(unsignedValue);
    MEMTAP_READ(Field::Pid, readUnsigned(p, end, std::uint64_t(i32Max), unsignedValue));
    event.pid = static_cast<std::int32_t>(unsignedValue);
    MEMTAP_READ(Field::Tid, readUnsigned(p, end, std::uint64_t(i32Max), unsignedValue));
    event.tid = static_cast<std::int32_t>(unsignedValue);
    MEMTAP_READ(Field::Ppid, readSigned(p, end, -1, i32Max, signedValue));
    event.ppid = static_cast<std::int32_t>(signedValue);
    MEMTAP_READ(Field::Uid, readSigned(p, end, -1, u32Max, event.uid));
    MEMTAP_READ(Field::Call, readCall(p, end, event.call));
    MEMTAP_READ(Field::Address, readHex(p, end, event.address));
    MEMTAP_READ(Field::Length, readUnsigned(p, end, u64Max, event.length));
    MEMTAP_READ(Field::Prot, readUnsigned(p, end, u64Max, event.prot));
    MEMTAP_READ(Field::Flags, readUnsigned(p, end, u64Max, event.flags));
    MEMTAP_READ(Field::Fd, readSigned(p, end, i64Min, i64Max, event.fd));
    MEMTAP_READ(Field::Offset, readUnsigned(p, end, u64Max, event.offset));
    MEMTAP_READ(Field::Result, readSigned(p, end, i64Min, i64Max, event.result));
    MEMTAP_READ(Field::Name, readName(p, end, event, scratch));
    return {};
}

#undef MEMTAP_READ

// A field's text for a message: escaped, so that it prints, and shortened.
QString quoted(QByteArrayView bytes)
{
    constexpr qsizetype maxShown = 40;
    QByteArray shown = TraceEscaping::escape(bytes.first(std::min(bytes.size(), maxShown)));
    if (bytes.size() > maxShown)
        shown += "...";
    return QLatin1Char('"') + QString::fromLatin1(shown) + QLatin1Char('"');
}

QByteArrayView fieldText(QByteArrayView line, int index)
{
    qsizetype begin = 0;
    for (int i = 0; i < index; ++i) {
        const qsizetype tab = line.indexOf('\t', begin);
        if (tab < 0)
            return {};
        begin = tab + 1;
    }
    const qsizetype tab = line.indexOf('\t', begin);
    return line.sliced(begin, (tab < 0 ? line.size() : tab) - begin);
}

// Splits "#key\tvalue..." lines: the first field and the rest.
QByteArrayView firstField(QByteArrayView line)
{
    const qsizetype tab = line.indexOf('\t');
    return tab < 0 ? line : line.first(tab);
}

QByteArrayView afterFirstField(QByteArrayView line)
{
    const qsizetype tab = line.indexOf('\t');
    return tab < 0 ? QByteArrayView() : line.sliced(tab + 1);
}

bool parseWholeUnsigned(QByteArrayView text, std::uint64_t &value)
{
    if (text.isEmpty() || text.size() > 20)
        return false;
    std::uint64_t result = 0;
    for (const char c : text) {
        const unsigned digit = static_cast<unsigned char>(c) - unsigned('0');
        if (digit > 9)
            return false;
        if (__builtin_mul_overflow(result, 10u, &result)
            || __builtin_add_overflow(result, digit, &result))
            return false;
    }
    value = result;
    return true;
}

bool parseWholeSigned(QByteArrayView text, std::int64_t &value)
{
    const bool negative = text.startsWith('-');
    std::uint64_t magnitude = 0;
    if (!parseWholeUnsigned(negative ? text.sliced(1) : text, magnitude))
        return false;
    const std::uint64_t limit = std::uint64_t(i64Max) + (negative ? 1 : 0);
    if (magnitude > limit)
        return false;
    value = negative ? (magnitude == limit ? i64Min : -std::int64_t(magnitude))
                     : std::int64_t(magnitude);
    return true;
}

// Reads the decimal number at the start of text; returns the rest of text.
bool readLeadingNumber(QByteArrayView &text, std::uint64_t &value)
{
    qsizetype digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits == 0)
        return false;
    std::uint64_t result = 0;
    for (qsizetype i = 0; i < digits; ++i) {
        const unsigned digit = unsigned(text[i] - '0');
        if (__builtin_mul_overflow(result, 10u, &result)
            || __builtin_add_overflow(result, digit, &result))
            result = u64Max; // a drop count that large is still "very many"
    }
    value = result;
    text = text.sliced(digits);
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

void EventParser::feed(QByteArrayView chunk, std::vector<Event> &out)
{
    if (hasFatalError() || chunk.isEmpty())
        return;
    // A megabyte chunk holds some 15,000 records: growing a batch to that
    // step by step moved each record about twice, more than parsing it cost.
    // A record line has more than 8 bytes, which bounds a wrong estimate.
    if (out.empty() && m_counters.records > 0 && m_bytesFed > 0) {
        const auto chunkBytes = std::uint64_t(chunk.size());
        const std::uint64_t expected
            = std::min(chunkBytes * m_counters.records / m_bytesFed, chunkBytes / 8);
        out.reserve(expected + expected / 8 + 16);
    }
    m_bytesFed += std::uint64_t(chunk.size());
    const char *p = chunk.data();
    const char *const end = p + chunk.size();
    if (!m_partialLine.isEmpty() || m_partialLineOverlong) {
        const auto *newline = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
        if (!newline) {
            appendToPartialLine(p, end);
            return;
        }
        appendToPartialLine(p, newline);
        if (hasFatalError())
            return;
        finishPartialLine(LineEnd::Terminated, out);
        p = newline + 1;
    }
    while (p < end) {
        if (hasFatalError())
            return;
        const auto *newline = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
        if (!newline) {
            appendToPartialLine(p, end);
            return;
        }
        parseLine(QByteArrayView(p, newline - p), LineEnd::Terminated, out);
        p = newline + 1;
    }
}

void EventParser::finish(std::vector<Event> &out)
{
    if (hasFatalError())
        return;
    if (m_partialLine.isEmpty() && !m_partialLineOverlong)
        return;
    finishPartialLine(LineEnd::Unterminated, out);
}

void EventParser::finishPartialLine(LineEnd lineEnd, std::vector<Event> &out)
{
    if (m_partialLineOverlong) {
        ++m_counters.lines;
        reportOverlongLine();
    } else {
        parseLine(m_partialLine, lineEnd, out);
    }
    // resize(0) keeps the capacity, so a stream of short chunks does not
    // allocate per line.
    m_partialLine.resize(0);
    m_partialLineOverlong = false;
}

void EventParser::appendToPartialLine(const char *begin, const char *end)
{
    if (m_partialLineOverlong)
        return;
    if (m_partialLine.size() + (end - begin) > maxLineLength) {
        m_partialLineOverlong = true;
        m_partialLine.clear();
        // No need to wait for the end of a first line this long: whatever
        // the input is, it is no trace.
        if (!m_sawContent) {
            ++m_counters.lines;
            reportOverlongLine();
        }
        return;
    }
    m_partialLine.append(begin, end - begin);
}

void EventParser::reportOverlongLine()
{
    if (!m_sawContent)
        setFatalError(tr("line %1 is not memtap trace format v1: it is longer than %2 MiB")
                          .arg(m_counters.lines)
                          .arg(maxLineLength >> 20));
    else
        countMalformed(
            tr("line %1 is longer than %2 MiB").arg(m_counters.lines).arg(maxLineLength >> 20));
}

void EventParser::parseLine(QByteArrayView line, LineEnd lineEnd, std::vector<Event> &out)
{
    ++m_counters.lines;
    // The same limit whether the line came in one chunk or was collected.
    if (line.size() > maxLineLength) [[unlikely]] {
        reportOverlongLine();
        return;
    }
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return;

    if (isDigit(line.front())) [[likely]] {
        parseRecordLine(line, lineEnd, out);
        return;
    }
    if (!m_sawContent) {
        if (!acceptsAsFirstLine(line))
            return;
        m_sawContent = true;
    }
    if (lineEnd == LineEnd::Unterminated) {
        countMalformed(tr("line %1 is truncated").arg(m_counters.lines));
        return;
    }
    if (line.front() == '#')
        parseHashLine(line);
    else
        parseTracerMessage(line);
}

void EventParser::parseRecordLine(QByteArrayView line, LineEnd lineEnd, std::vector<Event> &out)
{
    Event &event = out.emplace_back();
    const RecordFailure failure
        = decodeRecord(line.data(), line.data() + line.size(), event, m_nameScratch);
    if (failure.failure == Failure::None && lineEnd == LineEnd::Terminated) [[likely]] {
        m_sawContent = true;
        ++m_counters.records;
        ++m_counters.byCall[static_cast<std::size_t>(event.call)];
        return;
    }
    out.pop_back();

    const auto lineNumber = m_counters.lines;
    // What is wrong, without the line number, which the callers place.
    auto describe = [&]() -> QString {
        const auto fields = line.count('\t') + 1;
        if (fields != recordFieldCount || failure.failure == Failure::FieldCount)
            return tr("it has %1 instead of %2 fields").arg(fields).arg(recordFieldCount);
        const int index = static_cast<int>(failure.field);
        const QString field
            = tr("field %1 (%2)").arg(index + 1).arg(QLatin1String(fieldNames[index]));
        const QString text = quoted(fieldText(line, index));
        switch (failure.failure) {
        case Failure::NotANumber:
            return tr("%1 is not a decimal number: %2").arg(field, text);
        case Failure::OutOfRange:
            return tr("%1 is out of range: %2").arg(field, text);
        case Failure::UnknownCall:
            return tr("%1 is not a known call: %2").arg(field, text);
        case Failure::NotHex:
            return tr("%1 is not 0x followed by lower-case hex digits: %2").arg(field, text);
        case Failure::NameTooLong:
            return tr("the name is longer than %1 bytes").arg(ProcessName::capacity);
        case Failure::None:
        case Failure::FieldCount:
            break;
        }
        Q_UNREACHABLE();
        return QString();
    };

    // An unterminated line may have lost any part of itself: whatever it
    // looks like, it is truncated.
    if (lineEnd == LineEnd::Unterminated) {
        m_sawContent = true;
        countMalformed(tr("line %1 is truncated").arg(lineNumber));
        return;
    }
    if (!m_sawContent) {
        setFatalError(
            tr("line %1 is not memtap trace format v1: %2").arg(lineNumber).arg(describe()));
        return;
    }
    countMalformedLazily([&] { return tr("line %1: %2").arg(lineNumber).arg(describe()); });
}

bool EventParser::acceptsAsFirstLine(QByteArrayView line)
{
    const QByteArrayView key = firstField(line);
    if (key == "#memtap" || key == "#meta" || key == "#lost")
        return true;
    if (line.startsWith("Attaching ") || line.startsWith("Lost ") || line.startsWith("WARNING: "))
        return true;
    setFatalError(tr("line %1 is not memtap trace format v1: it starts with %2")
                      .arg(m_counters.lines)
                      .arg(quoted(line)));
    return false;
}

void EventParser::parseHashLine(QByteArrayView line)
{
    const QByteArrayView key = firstField(line);
    if (key == "#memtap")
        parseHeader(line);
    else if (key == "#meta")
        parseMeta(line);
    else if (key == "#lost")
        parseLost(line);
    // Other # lines are facts of later versions: ignored by design.
}

void EventParser::parseHeader(QByteArrayView line)
{
    const QByteArrayView rest = afterFirstField(line);
    const QByteArrayView versionText = firstField(rest);
    std::uint64_t version = 0;
    if (!parseWholeUnsigned(versionText, version)) {
        setFatalError(tr("line %1 is not memtap trace format v1: the format version %2 is not a "
                         "number")
                          .arg(m_counters.lines)
                          .arg(quoted(versionText)));
        return;
    }
    if (version != std::uint64_t(formatVersion)) {
        setFatalError(tr("unsupported trace format version %1 (this memtap reads %2)")
                          .arg(QString::fromLatin1(TraceEscaping::escape(versionText)))
                          .arg(formatVersion));
        return;
    }
    m_metadata.formatVersion = formatVersion;
    m_metadata.backend = TraceEscaping::unescape(firstField(afterFirstField(rest)));
}

void EventParser::parseMeta(QByteArrayView line)
{
    const QByteArrayView rest = afterFirstField(line);
    const QByteArrayView key = firstField(rest);
    QByteArray *text = nullptr;
    std::int64_t *number = nullptr;
    bool mayBeNegative = false;
    if (key == "host") {
        text = &m_metadata.host;
    } else if (key == "kernel") {
        text = &m_metadata.kernelRelease;
    } else if (key == "memtotal") {
        number = &m_metadata.memTotalBytes;
    } else if (key == "page_size") {
        number = &m_metadata.pageSize;
    } else if (key == "realtime_offset_ns") {
        number = &m_metadata.realtimeOffsetNs;
        mayBeNegative = true;
    } else if (key == "start") {
        number = &m_metadata.baselineStartNs;
    } else if (key == "continues_session") {
        number = &m_metadata.continuesSessionId;
    } else if (key == "continues_session_created_at_ns") {
        number = &m_metadata.continuesSessionCreatedAtNs;
    } else if (key == "continues_session_ended_at_ns") {
        number = &m_metadata.continuesSessionEndedAtNs;
    } else if (key == "continues_session_end") {
        text = &m_metadata.continuesSessionEndReason;
    } else {
        return; // a fact of a later version
    }

    const qsizetype tab = rest.indexOf('\t');
    if (tab < 0) {
        countMalformedLazily([&] {
            return tr("line %1: the #meta line of %2 has no value")
                .arg(m_counters.lines)
                .arg(QString::fromLatin1(TraceEscaping::escape(key)));
        });
        return;
    }
    const QByteArrayView value = rest.sliced(tab + 1);
    if (text) {
        *text = TraceEscaping::unescape(value);
        return;
    }
    std::int64_t parsed = 0;
    if (!parseWholeSigned(value, parsed) || (!mayBeNegative && parsed < 0)) {
        countMalformedLazily([&] {
            return tr("line %1: the #meta value of %2 is not a %3 number: %4")
                .arg(m_counters.lines)
                .arg(QString::fromLatin1(TraceEscaping::escape(key)),
                    mayBeNegative ? tr("64-bit") : tr("non-negative 64-bit"), quoted(value));
        });
        return;
    }
    *number = parsed;
}

void EventParser::parseLost(QByteArrayView line)
{
    const QByteArrayView countText = firstField(afterFirstField(line));
    std::uint64_t count = 0;
    if (!parseWholeUnsigned(countText, count)) {
        countMalformedLazily([&] {
            return tr("line %1: the #lost count is not a decimal number: %2")
                .arg(m_counters.lines)
                .arg(quoted(countText));
        });
        return;
    }
    addLostEvents(count);
}

void EventParser::parseTracerMessage(QByteArrayView line)
{
    ++m_counters.tracerMessages;
    std::uint64_t count = 0;
    // bpftrace: "Lost 42 events"
    if (line.startsWith("Lost ")) {
        QByteArrayView rest = line.sliced(5);
        if (readLeadingNumber(rest, count) && rest == " events")
            addLostEvents(count);
        return;
    }
    constexpr QByteArrayView warning = "WARNING: ";
    if (!line.startsWith(warning))
        return;
    QByteArrayView rest = line.sliced(warning.size());
    // SystemTap: "WARNING: There were 7 transport failures. Try stap -s ..."
    constexpr QByteArrayView transport = "There were ";
    if (rest.startsWith(transport)) {
        rest = rest.sliced(transport.size());
        if (readLeadingNumber(rest, count) && rest.startsWith(" transport failure"))
            addLostEvents(count);
        return;
    }
    // SystemTap: "WARNING: Number of errors: 0, skipped probes: 3"
    constexpr QByteArrayView summary = "Number of errors: ";
    if (rest.startsWith(summary)) {
        rest = rest.sliced(summary.size());
        std::uint64_t errors = 0;
        constexpr QByteArrayView skipped = ", skipped probes: ";
        if (readLeadingNumber(rest, errors) && rest.startsWith(skipped)) {
            rest = rest.sliced(skipped.size());
            if (readLeadingNumber(rest, count) && rest.isEmpty()) {
                addLostEvents(count);
                m_skippedProbesNotBrokenDown = count;
            }
        }
        return;
    }
    // SystemTap: "WARNING: Skipped due to <reason>: 3", a part of the skipped
    // probes of the summary line above it, when there was one.
    if (rest.startsWith("Skipped due to ")) {
        const qsizetype colon = rest.lastIndexOf(": ");
        if (colon < 0)
            return;
        QByteArrayView number = rest.sliced(colon + 2);
        if (!readLeadingNumber(number, count) || !number.isEmpty())
            return;
        const std::uint64_t alreadyCounted = std::min(count, m_skippedProbesNotBrokenDown);
        m_skippedProbesNotBrokenDown -= alreadyCounted;
        addLostEvents(count - alreadyCounted);
    }
}

void EventParser::addLostEvents(std::uint64_t count)
{
    if (__builtin_add_overflow(m_counters.lostEvents, count, &m_counters.lostEvents))
        m_counters.lostEvents = std::numeric_limits<std::uint64_t>::max();
}

void EventParser::countMalformed(const QString &reason)
{
    ++m_counters.malformed;
    if (m_problems.size() < maxKeptProblems)
        addProblem(reason);
}

template<typename MakeReason> void EventParser::countMalformedLazily(MakeReason makeReason)
{
    ++m_counters.malformed;
    // Formatting a message costs more than decoding a record: a stream of
    // garbage must not cost more than the kept problems need.
    if (m_problems.size() < maxKeptProblems)
        addProblem(makeReason());
}

void EventParser::addProblem(QString reason)
{
    m_problems.push_back({m_counters.lines, std::move(reason)});
}

void EventParser::setFatalError(QString error)
{
    m_fatalError = std::move(error);
}

} // namespace memtap
