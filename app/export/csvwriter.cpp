// SPDX-License-Identifier: GPL-2.0-or-later
#include "csvwriter.h"

#include <QIODevice>
#include <QStringList>

#include <cmath>

namespace memtap {

namespace {

constexpr qsizetype flushThreshold = qsizetype(1) << 20;

// Length of the valid UTF-8 sequence at bytes[at], or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
int validSequenceLength(QByteArrayView bytes, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return std::uint8_t(bytes[i]); };
    const std::uint8_t lead = byte(at);
    if (lead < 0x80)
        return 1;
    int length;
    std::uint32_t minimum;
    std::uint32_t codePoint;
    if ((lead & 0xe0) == 0xc0) {
        length = 2;
        minimum = 0x80;
        codePoint = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        minimum = 0x800;
        codePoint = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        minimum = 0x10000;
        codePoint = lead & 0x07;
    } else {
        return 0;
    }
    if (at + length > bytes.size())
        return 0;
    for (int i = 1; i < length; ++i) {
        const std::uint8_t continuation = byte(at + i);
        if ((continuation & 0xc0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return length;
}

bool needsQuotes(QByteArrayView text)
{
    for (char c : text) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

bool startsFormula(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\'':
        return true;
    default:
        return false;
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{ }

CsvWriter::~CsvWriter()
{
    flush();
}

QByteArray CsvWriter::escapeBytes(QByteArrayView bytes)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(bytes.size());
    qsizetype at = 0;
    while (at < bytes.size()) {
        const char c = bytes[at];
        if (c == '\\') {
            out += "\\\\";
            ++at;
            continue;
        }
        const int length = c == '\0' ? 0 : validSequenceLength(bytes, at);
        if (length == 0) {
            const auto value = std::uint8_t(c);
            out += '\\';
            out += 'x';
            out += hex[value >> 4];
            out += hex[value & 0xf];
            ++at;
            continue;
        }
        out.append(bytes.data() + at, length);
        at += length;
    }
    return out;
}

QByteArray CsvWriter::unescapeBytes(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (c != '\\' || at + 1 >= text.size()) {
            out += c;
            continue;
        }
        if (text[at + 1] == '\\') {
            out += '\\';
            ++at;
        } else if (text[at + 1] == 'x' && at + 3 < text.size() && hexValue(text[at + 2]) >= 0
            && hexValue(text[at + 3]) >= 0) {
            out += char(hexValue(text[at + 2]) * 16 + hexValue(text[at + 3]));
            at += 3;
        } else {
            out += c;
        }
    }
    return out;
}

void CsvWriter::appendTextCell(QByteArray &out, QByteArrayView utf8)
{
    const bool formula = startsFormula(utf8);
    if (!formula && !needsQuotes(utf8)) {
        out.append(utf8);
        return;
    }
    out += '"';
    if (formula)
        out += '\'';
    for (char c : utf8) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

QByteArray CsvWriter::textCell(QByteArrayView utf8)
{
    QByteArray out;
    appendTextCell(out, utf8);
    return out;
}

QByteArray CsvWriter::bytesCell(QByteArrayView bytes)
{
    return textCell(escapeBytes(bytes));
}

void CsvWriter::startCell()
{
    if (m_rowStarted)
        m_buffer += ',';
    m_rowStarted = true;
}

void CsvWriter::addText(QStringView text)
{
    startCell();
    appendTextCell(m_buffer, text.toUtf8());
}

void CsvWriter::addBytes(QByteArrayView bytes)
{
    startCell();
    appendTextCell(m_buffer, escapeBytes(bytes));
}

void CsvWriter::addNumber(std::int64_t value)
{
    startCell();
    m_buffer += QByteArray::number(qint64(value));
}

void CsvWriter::addNumber(std::uint64_t value)
{
    startCell();
    m_buffer += QByteArray::number(quint64(value));
}

void CsvWriter::addDecimal(double value, int decimals)
{
    startCell();
    if (std::isfinite(value))
        m_buffer += QByteArray::number(value, 'f', decimals);
}

void CsvWriter::addEmpty()
{
    startCell();
}

bool CsvWriter::endRow()
{
    m_buffer += "\r\n";
    m_rowStarted = false;
    ++m_rows;
    if (m_buffer.size() >= flushThreshold)
        return flush();
    return !hasError();
}

bool CsvWriter::writeHeader(const QStringList &columns)
{
    for (const QString &column : columns)
        addText(column);
    return endRow();
}

bool CsvWriter::flush()
{
    if (hasError())
        return false;
    if (m_buffer.isEmpty())
        return true;
    if (!m_device) {
        m_error = tr("No output to write the CSV to.");
        return false;
    }
    const qint64 written = m_device->write(m_buffer);
    if (written != m_buffer.size()) {
        const QString reason = m_device->errorString();
        m_error = reason.isEmpty() || reason == QLatin1String("Unknown error")
            ? tr("Could not write the CSV: the output did not take the data (is the disk full?).")
            : tr("Could not write the CSV: %1.").arg(reason);
        return false;
    }
    m_buffer.clear();
    return true;
}

} // namespace memtap
