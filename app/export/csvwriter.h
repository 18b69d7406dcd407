// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>
#include <QStringView>

#include <cstdint>

class QIODevice;

namespace memtap {

// Writes CSV that spreadsheets and CSV libraries read back exactly, and that
// cannot run formulas (issue 6, "CSV safety"):
//
// * RFC 4180: comma-separated, every row (the last too) ends with CRLF; a
//   cell with a comma, a double quote, CR or LF is enclosed in double quotes,
//   and its double quotes are doubled.
// * UTF-8. Process names are bytes, not text: addBytes() writes valid UTF-8
//   sequences as they are and each byte of an invalid sequence as \xHH
//   (two lower-case hex digits); a backslash is written as \\ and a NUL byte
//   as \x00, so that the escapes are unambiguous. To undo it, replace each
//   \\ with one backslash and each \xHH with that byte.
// * Formula injection: a text cell that starts with =, +, -, @, TAB, CR or '
//   gets a ' in front and is quoted, the convention spreadsheets use for "this
//   is text" (a cell that began with ' gets a second one, so removing one
//   leading ' always gives the original). Number cells are never changed: -12
//   stays a number.
//
// So for a hostile name, read the cell with any CSV reader, drop one leading
// ' if there is one, and unescape: the bytes are back, byte for byte.
class CsvWriter
{
    Q_DECLARE_TR_FUNCTIONS(CsvWriter)

public:
    explicit CsvWriter(QIODevice *device);
    ~CsvWriter();
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    // Cells of the current row, left to right.
    void addText(QStringView text);
    void addBytes(QByteArrayView bytes);
    void addNumber(std::int64_t value);
    void addNumber(std::uint64_t value);
    void addNumber(int value) { addNumber(std::int64_t(value)); }
    // A decimal with a fixed number of digits after the point ("12.3456").
    void addDecimal(double value, int decimals);
    void addEmpty();
    // Ends the row. False once the device refused a write (errorString()).
    bool endRow();
    bool writeHeader(const QStringList &columns);
    // Writes what is buffered.
    bool flush();

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    std::uint64_t rowsWritten() const { return m_rows; }

    // The cell as written, without the separator: for tests and for writing
    // a single value the same way.
    static QByteArray textCell(QByteArrayView utf8);
    static QByteArray bytesCell(QByteArrayView bytes);
    // Valid UTF-8 text standing for bytes (see above).
    static QByteArray escapeBytes(QByteArrayView bytes);
    static QByteArray unescapeBytes(QByteArrayView text);

private:
    void startCell();
    static void appendTextCell(QByteArray &out, QByteArrayView utf8);

    QIODevice *m_device;
    QByteArray m_buffer;
    bool m_rowStarted = false;
    std::uint64_t m_rows = 0;
    QString m_error;
};

} // namespace memtap
