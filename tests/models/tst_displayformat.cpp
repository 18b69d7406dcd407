// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/displayformat.h"

#include <QLocale>
#include <QTest>

#include <limits>

using namespace memtap;

class TestDisplayFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void bytes_data();
    void bytes();
    void followsLocale();
    void percent();
    void processName_data();
    void processName();
    void commandLine();
};

void TestDisplayFormat::cleanup()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDisplayFormat::bytes_data()
{
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QString>("readable");
    QTest::addColumn<QString>("exact");

    QTest::newRow("zero") << quint64(0) << QStringLiteral("0 bytes") << QStringLiteral("0 bytes");
    QTest::newRow("odd") << quint64(1023) << QStringLiteral("1,023 bytes")
                         << QStringLiteral("1,023 bytes");
    QTest::newRow("KiB") << quint64(1536) << QStringLiteral("1.5 KiB")
                         << QStringLiteral("1,536 bytes");
    QTest::newRow("MiB") << quint64(1'048'577) << QStringLiteral("1.0 MiB")
                         << QStringLiteral("1,048,577 bytes");
    QTest::newRow("GiB") << quint64(3) * 1024 * 1024 * 1024 << QStringLiteral("3.0 GiB")
                         << QStringLiteral("3,221,225,472 bytes");
    // What no process maps: the readable form stops at 8 EiB.
    QTest::newRow("most") << std::numeric_limits<quint64>::max() << QStringLiteral("8.0 EiB")
                          << QStringLiteral("18,446,744,073,709,551,615 bytes");
}

void TestDisplayFormat::bytes()
{
    QFETCH(quint64, value);
    QFETCH(QString, readable);
    QFETCH(QString, exact);
    cleanup();
    QCOMPARE(DisplayFormat::bytes(value), readable);
    QCOMPARE(DisplayFormat::exactBytes(value), exact);
}

void TestDisplayFormat::followsLocale()
{
    QLocale::setDefault(QLocale(QLocale::Spanish, QLocale::Spain));
    QCOMPARE(DisplayFormat::bytes(1536), QStringLiteral("1,5 KiB"));
    QCOMPARE(DisplayFormat::percent(12.34), QStringLiteral("12,3 %"));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(DisplayFormat::count(1234567), QStringLiteral("1.234.567"));
}

void TestDisplayFormat::percent()
{
    cleanup();
    QCOMPARE(DisplayFormat::percent(0), QStringLiteral("0.0 %"));
    QCOMPARE(DisplayFormat::percent(42.04), QStringLiteral("42.0 %"));
    QCOMPARE(DisplayFormat::percent(0.042), QStringLiteral("0.04 %"));
    QCOMPARE(DisplayFormat::percent(100), QStringLiteral("100.0 %"));
}

void TestDisplayFormat::processName_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << QByteArray("bash") << QStringLiteral("bash");
    QTest::newRow("spaces and quotes")
        << QByteArray("a \"b\" 'c'") << QStringLiteral("a \"b\" 'c'");
    QTest::newRow("tab newline cr") << QByteArray("a\tb\nc\rd") << QStringLiteral("a\\tb\\nc\\rd");
    QTest::newRow("escape sequence") << QByteArray("\x1b[2J") << QStringLiteral("\\x1b[2J");
    QTest::newRow("delete") << QByteArray("x\x7f") << QStringLiteral("x\\x7f");
    QTest::newRow("utf8") << QByteArray("caf\xc3\xa9") << QStringLiteral("café");
    QTest::newRow("invalid utf8") << QByteArray("a\xff") << QStringLiteral("a\uFFFD");
    QTest::newRow("C1 control") << QByteArray("\xc2\x85") << QStringLiteral("\\x85");
    QTest::newRow("formula") << QByteArray("=cmd|' /C calc'!A0")
                             << QStringLiteral("=cmd|' /C calc'!A0");
}

void TestDisplayFormat::processName()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    QCOMPARE(DisplayFormat::processName(bytes), shown);
}

void TestDisplayFormat::commandLine()
{
    QCOMPARE(DisplayFormat::commandLine(QByteArray("/usr/bin/python3\0-c\0print(1)\0", 29)),
        QStringLiteral("/usr/bin/python3 -c print(1)"));
    QCOMPARE(DisplayFormat::commandLine(QByteArray()), QString());
}

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "tst_displayformat.moc"
