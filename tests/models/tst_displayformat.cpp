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
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("readable");
    QTest::addColumn<QString>("exact");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 bytes") << QStringLiteral("0 bytes");
    QTest::newRow("odd") << qint64(1023) << QStringLiteral("1,023 bytes")
                         << QStringLiteral("1,023 bytes");
    QTest::newRow("KiB") << qint64(1536) << QStringLiteral("1.5 KiB")
                         << QStringLiteral("1,536 bytes");
    QTest::newRow("MiB") << qint64(1'048'577) << QStringLiteral("1.0 MiB")
                         << QStringLiteral("1,048,577 bytes");
    QTest::newRow("GiB") << qint64(3) * 1024 * 1024 * 1024 << QStringLiteral("3.0 GiB")
                         << QStringLiteral("3,221,225,472 bytes");
    QTest::newRow("negative") << qint64(-1536) << QStringLiteral("-1.5 KiB")
                              << QStringLiteral("-1,536 bytes");
    QTest::newRow("most negative")
        << std::numeric_limits<qint64>::min() << QStringLiteral("-8.0 EiB")
        << QStringLiteral("-9,223,372,036,854,775,808 bytes");
}

void TestDisplayFormat::bytes()
{
    QFETCH(qint64, value);
    QFETCH(QString, readable);
    QFETCH(QString, exact);
    cleanup();
    QCOMPARE(DisplayFormat::signedBytes(value), readable);
    QCOMPARE(DisplayFormat::exactSignedBytes(value), exact);
    if (value >= 0) {
        QCOMPARE(DisplayFormat::bytes(quint64(value)), readable);
        QCOMPARE(DisplayFormat::exactBytes(quint64(value)), exact);
    }
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
