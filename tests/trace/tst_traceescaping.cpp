// SPDX-License-Identifier: GPL-2.0-or-later
#include "trace/traceescaping.h"

#include <QTest>

#include <random>

using namespace memtap;

class TestTraceEscaping : public QObject
{
    Q_OBJECT

private slots:
    void writerTable_data();
    void writerTable();
    void everySingleByte();
    void readerRules_data();
    void readerRules();
    void roundTripAllBytes();
    void roundTripRandomBytes();
    void adversarialText();
};

void TestTraceEscaping::writerTable_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("printable") << QByteArray("Web Content") << QByteArray("Web Content");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("tab") << QByteArray("a\tb") << QByteArray("a\\tb");
    QTest::newRow("newline") << QByteArray("a\nb") << QByteArray("a\\nb");
    QTest::newRow("carriage return") << QByteArray("a\rb") << QByteArray("a\\rb");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
    QTest::newRow("bell is hex, not \\a") << QByteArray("\a") << QByteArray("\\x07");
    QTest::newRow("escape") << QByteArray("\x1b[0m") << QByteArray("\\x1b[0m");
    QTest::newRow("del") << QByteArray("\x7f") << QByteArray("\\x7f");
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9") << QByteArray("caf\\xc3\\xa9");
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe") << QByteArray("\\xff\\xfe");
    QTest::newRow("quotes stay") << QByteArray("\"'") << QByteArray("\"'");
    QTest::newRow("hex-looking text") << QByteArray("\\x41") << QByteArray("\\\\x41");
    QTest::newRow("space and tilde") << QByteArray(" ~") << QByteArray(" ~");
}

void TestTraceEscaping::writerTable()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, text);
    QCOMPARE(TraceEscaping::escape(bytes), text);
    QCOMPARE(TraceEscaping::unescape(text), bytes);
}

// The writer table, checked for each byte value on its own.
void TestTraceEscaping::everySingleByte()
{
    for (int value = 0; value < 256; ++value) {
        const char byte = char(value);
        const QByteArray text = TraceEscaping::escape(QByteArrayView(&byte, 1));
        QByteArray expected;
        if (byte == '\\')
            expected = "\\\\";
        else if (byte == '\t')
            expected = "\\t";
        else if (byte == '\n')
            expected = "\\n";
        else if (byte == '\r')
            expected = "\\r";
        else if (value < 0x20 || value >= 0x7f)
            expected = QByteArray("\\x") + QByteArray::number(value, 16).rightJustified(2, '0');
        else
            expected = QByteArray(1, byte);
        QCOMPARE(text, expected);
        QCOMPARE(TraceEscaping::unescape(text), QByteArray(1, byte));
    }
}

void TestTraceEscaping::readerRules_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("double quote") << QByteArray("\\\"") << QByteArray("\"");
    QTest::newRow("single quote") << QByteArray("\\'") << QByteArray("'");
    QTest::newRow("C escapes") << QByteArray("\\a\\b\\f\\v\\t\\n\\r")
                               << QByteArray("\a\b\f\v\t\n\r");
    QTest::newRow("octal one digit") << QByteArray("\\0") << QByteArray("\0", 1);
    QTest::newRow("octal two digits") << QByteArray("\\12") << QByteArray("\n");
    QTest::newRow("octal three digits") << QByteArray("\\303\\251") << QByteArray("\xc3\xa9");
    QTest::newRow("octal max") << QByteArray("\\377") << QByteArray("\xff");
    QTest::newRow("octal stops after three") << QByteArray("\\1011") << QByteArray("A1");
    QTest::newRow("octal stops before 0400") << QByteArray("\\400") << QByteArray(" 0");
    QTest::newRow("octal stops at non-octal") << QByteArray("\\18")
                                              << QByteArray("\x01"
                                                            "8");
    QTest::newRow("hex upper case") << QByteArray("\\xFF\\xAb") << QByteArray("\xff\xab");
    QTest::newRow("hex one digit") << QByteArray("\\x4") << QByteArray("\x04");
    QTest::newRow("hex one digit then text") << QByteArray("\\x4g") << QByteArray("\x04g");
    QTest::newRow("hex stops after two") << QByteArray("\\x414") << QByteArray("A4");
    QTest::newRow("x without digits is literal") << QByteArray("\\xg") << QByteArray("\\xg");
    QTest::newRow("x at end is literal") << QByteArray("a\\x") << QByteArray("a\\x");
    QTest::newRow("unknown escape is literal") << QByteArray("a\\qb") << QByteArray("a\\qb");
    QTest::newRow("backslash at end") << QByteArray("ab\\") << QByteArray("ab\\");
    QTest::newRow("lone backslash only") << QByteArray("\\") << QByteArray("\\");
    QTest::newRow("bpftrace padding")
        << QByteArray("bash\\x00\\x00\\x00") << QByteArray("bash\0\0\0", 7);
    QTest::newRow("raw bytes pass")
        << QByteArray("caf\xc3\xa9\x01") << QByteArray("caf\xc3\xa9\x01");
    QTest::newRow("escaped backslash before x") << QByteArray("\\\\x41") << QByteArray("\\x41");
}

void TestTraceEscaping::readerRules()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, bytes);
    QCOMPARE(TraceEscaping::unescape(text), bytes);
}

void TestTraceEscaping::roundTripAllBytes()
{
    QByteArray all;
    for (int value = 0; value < 256; ++value)
        all.append(char(value));
    const QByteArray text = TraceEscaping::escape(all);
    for (const char c : text)
        QVERIFY2(c >= 0x20 && c < 0x7f, "escaped text must be printable ASCII");
    QCOMPARE(TraceEscaping::unescape(text), all);
    // And backwards, so that no pair of neighbours interferes.
    std::reverse(all.begin(), all.end());
    QCOMPARE(TraceEscaping::unescape(TraceEscaping::escape(all)), all);
}

void TestTraceEscaping::roundTripRandomBytes()
{
    std::mt19937_64 random(20261122);
    // Bytes drawn mostly from the troublesome ones.
    static constexpr char troublesome[] = "\\x0123456789abcdefABCDEF\t\n\r\"'\0\xff\x7f";
    const QByteArray alphabet(troublesome, sizeof troublesome - 1);
    for (int round = 0; round < 20000; ++round) {
        QByteArray bytes;
        const auto size = random() % 80;
        for (unsigned i = 0; i < size; ++i)
            bytes.append(random() % 2 ? char(random() % 256)
                                      : alphabet[qsizetype(random() % alphabet.size())]);
        const QByteArray text = TraceEscaping::escape(bytes);
        QVERIFY(!text.contains('\t') && !text.contains('\n') && !text.contains('\r'));
        const QByteArray back = TraceEscaping::unescape(text);
        if (back != bytes)
            QFAIL(qPrintable(
                QStringLiteral("round %1: %2 came back as %3")
                    .arg(round)
                    .arg(QString::fromLatin1(bytes.toHex()), QString::fromLatin1(back.toHex()))));
    }
}

// Any text decodes to at most as many bytes (unescapeTo's buffer contract),
// and the decoding of arbitrary text survives a write and read.
void TestTraceEscaping::adversarialText()
{
    std::mt19937_64 random(7);
    const QByteArray alphabet("\\\\\\xX0173fFg89a\"'ntr");
    for (int round = 0; round < 20000; ++round) {
        QByteArray text;
        const auto size = random() % 40;
        for (unsigned i = 0; i < size; ++i)
            text.append(alphabet[qsizetype(random() % alphabet.size())]);
        std::vector<char> buffer(std::size_t(text.size()) + 1, '\xee');
        const std::size_t written = TraceEscaping::unescapeTo(text, buffer.data());
        QVERIFY(written <= std::size_t(text.size()));
        QCOMPARE(buffer[std::size_t(text.size())], '\xee');
        const QByteArray bytes = TraceEscaping::unescape(text);
        QCOMPARE(std::size_t(bytes.size()), written);
        QCOMPARE(TraceEscaping::unescape(TraceEscaping::escape(bytes)), bytes);
    }
}

QTEST_GUILESS_MAIN(TestTraceEscaping)
#include "tst_traceescaping.moc"
