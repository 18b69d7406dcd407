// SPDX-License-Identifier: GPL-2.0-or-later
#include "export/csvwriter.h"
#include "storagetestsupport.h"
#include "testsupport.h"

#include <QBuffer>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace memtap;
using namespace memtap::test;

namespace {

QByteArray oneRow(const std::function<void(CsvWriter &)> &cells)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter csv(&buffer);
        cells(csv);
        csv.endRow();
    }
    return buffer.data();
}

// What a reader gets back from a bytes cell: drop one leading ', unescape.
QByteArray decodeCell(QByteArray cell)
{
    if (cell.startsWith('\''))
        cell.remove(0, 1);
    return CsvWriter::unescapeBytes(cell);
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textCells_data();
    void textCells();
    void numbersStayNumbers();
    void rowsEndWithCrLf();
    void escapesBytes_data();
    void escapesBytes();
    void escapingRoundTripsAnyBytes();
    void reportsDeviceErrors();
    void standardReaderGetsTheBytesBack();
};

void TestCsvWriter::textCells_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("cell");
    QTest::newRow("plain") << QByteArray("abc") << QByteArray("abc");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("comma") << QByteArray("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quotes doubled") << QByteArray("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QByteArray("two\nlines") << QByteArray("\"two\nlines\"");
    QTest::newRow("carriage return inside") << QByteArray("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("utf-8") << QByteArray("\xc3\xa9t\xc3\xa9") << QByteArray("\xc3\xa9t\xc3\xa9");
    QTest::newRow("equals") << QByteArray("=SUM(A1:A2)") << QByteArray("\"'=SUM(A1:A2)\"");
    QTest::newRow("plus") << QByteArray("+1") << QByteArray("\"'+1\"");
    QTest::newRow("minus") << QByteArray("-1+2") << QByteArray("\"'-1+2\"");
    QTest::newRow("at") << QByteArray("@cmd") << QByteArray("\"'@cmd\"");
    QTest::newRow("tab") << QByteArray("\tx") << QByteArray("\"'\tx\"");
    QTest::newRow("cr") << QByteArray("\rx") << QByteArray("\"'\rx\"");
    QTest::newRow("apostrophe") << QByteArray("'x") << QByteArray("\"''x\"");
    QTest::newRow("formula with quote and comma")
        << QByteArray("=HYPERLINK(\"http://x\",\"y\")")
        << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::newRow("equals inside is harmless") << QByteArray("a=b") << QByteArray("a=b");
}

void TestCsvWriter::textCells()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, cell);
    QCOMPARE(CsvWriter::textCell(text), cell);
    QCOMPARE(oneRow([&](CsvWriter &csv) { csv.addText(QString::fromUtf8(text)); }), cell + "\r\n");
    QCOMPARE(oneRow([&](CsvWriter &csv) { csv.addBytes(text); }), cell + "\r\n");
}

void TestCsvWriter::numbersStayNumbers()
{
    const QByteArray row = oneRow([](CsvWriter &csv) {
        csv.addNumber(std::int64_t(-12));
        csv.addNumber(std::numeric_limits<std::uint64_t>::max());
        csv.addNumber(std::numeric_limits<std::int64_t>::min());
        csv.addDecimal(12.345678, 4);
        csv.addDecimal(-0.5, 2);
        csv.addEmpty();
        csv.addNumber(0);
    });
    QCOMPARE(row, QByteArray("-12,18446744073709551615,-9223372036854775808,12.3457,-0.50,,0\r\n"));
}

void TestCsvWriter::rowsEndWithCrLf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter csv(&buffer);
        QVERIFY(csv.writeHeader({QStringLiteral("pid"), QStringLiteral("name")}));
        csv.addNumber(1);
        csv.addBytes("a");
        QVERIFY(csv.endRow());
        csv.addNumber(2);
        csv.addBytes("b\nc");
        QVERIFY(csv.endRow());
        QCOMPARE(csv.rowsWritten(), std::uint64_t(3));
        QVERIFY(csv.flush());
    }
    QCOMPARE(buffer.data(), QByteArray("pid,name\r\n1,a\r\n2,\"b\nc\"\r\n"));
}

void TestCsvWriter::escapesBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("ascii") << QByteArray("cc1plus") << QByteArray("cc1plus");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("literal escape text") << QByteArray("\\x41") << QByteArray("\\\\x41");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
    QTest::newRow("invalid byte") << QByteArray("bad\xffname") << QByteArray("bad\\xffname");
    QTest::newRow("two-byte") << QByteArray("\xc3\xa9") << QByteArray("\xc3\xa9");
    QTest::newRow("three-byte") << QByteArray("\xe2\x82\xac") << QByteArray("\xe2\x82\xac");
    QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\xf0\x9f\x98\x80");
    QTest::newRow("truncated") << QByteArray("\xe2\x82") << QByteArray("\\xe2\\x82");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
    QTest::newRow("beyond U+10FFFF")
        << QByteArray("\xf4\x90\x80\x80") << QByteArray("\\xf4\\x90\\x80\\x80");
    QTest::newRow("lone continuation") << QByteArray("\x80x") << QByteArray("\\x80x");
    QTest::newRow("control characters stay") << QByteArray("\x01\x7f") << QByteArray("\x01\x7f");
}

void TestCsvWriter::escapesBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, escaped);
    QCOMPARE(CsvWriter::escapeBytes(bytes), escaped);
    QCOMPARE(CsvWriter::unescapeBytes(escaped), bytes);
    QVERIFY(QUtf8StringView(escaped).isValidUtf8());
}

void TestCsvWriter::escapingRoundTripsAnyBytes()
{
    QRandomGenerator random(1234);
    for (int i = 0; i < 20000; ++i) {
        QByteArray bytes(int(random.bounded(24)), Qt::Uninitialized);
        for (char &c : bytes) {
            // Favour the interesting bytes.
            const quint32 pick = random.bounded(10);
            c = pick < 3   ? char(random.bounded(256))
                : pick < 5 ? "\\x',\"=\t\r\n"[random.bounded(9)]
                : pick < 7 ? char(0x80 + random.bounded(0x40))
                           : char(0x20 + random.bounded(0x5f));
        }
        const QByteArray cell = CsvWriter::bytesCell(bytes);
        QVERIFY(QUtf8StringView(cell).isValidUtf8());
        // Undo the quoting as a CSV reader would.
        QByteArray read = cell;
        if (read.startsWith('"')) {
            read = read.mid(1, read.size() - 2);
            read.replace("\"\"", "\"");
        }
        QCOMPARE(decodeCell(read), bytes);
    }
}

void TestCsvWriter::reportsDeviceErrors()
{
    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    CsvWriter csv(&readOnly);
    csv.addText(QStringLiteral("x"));
    csv.endRow();
    QVERIFY(!csv.flush());
    QVERIFY(csv.hasError());
    QVERIFY2(csv.errorString().startsWith(QLatin1String("Could not write the CSV")),
        qPrintable(csv.errorString()));
}

void TestCsvWriter::standardReaderGetsTheBytesBack()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    MEMTAP_REQUIRE(
        !python.isEmpty(), QStringLiteral("python3 (its csv module is the reference reader)"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("names.csv"));
    QList<QByteArray> names = hostileNames();
    names << QByteArray("\xff\xfe") << QByteArray("\\\\x41\\") << QByteArray("'=x");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        CsvWriter csv(&file);
        csv.writeHeader({QStringLiteral("n"), QStringLiteral("name"), QStringLiteral("number")});
        for (int i = 0; i < names.size(); ++i) {
            csv.addNumber(i);
            csv.addBytes(names[i]);
            csv.addNumber(std::int64_t(-i));
            QVERIFY(csv.endRow());
        }
        QVERIFY(csv.flush());
    }
    // Python's csv module, strict about quoting, reading the file as UTF-8.
    const QString reader = QFINDTESTDATA("read_csv_names.py");
    QVERIFY(!reader.isEmpty());
    QProcess process;
    process.start(python,
        {reader, path, QStringLiteral("name"), QStringLiteral("n"), QStringLiteral("number")});
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), names.size());
    for (int i = 0; i < names.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(' ');
        QCOMPARE(fields.size(), 3);
        QCOMPARE(fields[0] == "-" ? QByteArray() : QByteArray::fromHex(fields[0]), names[i]);
        QCOMPARE(fields[1].toInt(), i);
        QCOMPARE(fields[2].toInt(), -i);
    }
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
