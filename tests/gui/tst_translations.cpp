// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"
#include "models/processmodel.h"
#include "testsupport.h"
#include "translationloader.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace memtap;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or one per plural form
    QString type; // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = Message();
            current.context = context;
            current.numerus
                = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform"))
                        current.translations.append(xml.readElementText());
                    else
                        xml.skipCurrentElement();
                }
            } else {
                current.translations.append(xml.readElementText());
            }
            messages.append(current);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// %1..%99, %L1, %n, %Ln: every one the source has, the translation needs.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?(?:[1-9][0-9]?|n)"));
    QStringList found;
    for (auto match = pattern.globalMatch(text); match.hasNext();)
        found.append(match.next().captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

// Whether text has a keyboard mnemonic ("&File", not "&&").
bool hasMnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (text[i + 1].isLetterOrNumber())
            return true;
    }
    return false;
}

QString describe(const Message &message)
{
    return QStringLiteral("%1: \"%2\"").arg(message.context, message.source.left(70));
}

const QString spanishTs = QStringLiteral(MEMTAP_SOURCE_DIR "/translations/memtap_es.ts");
const QString englishTs = QStringLiteral(MEMTAP_SOURCE_DIR "/translations/memtap_en.ts");

// lupdates a scratch copy of ts exactly as `update_translations` would:
// strings added to the sources show up as unfinished, strings removed from
// them as vanished. Returns the copy's messages.
QList<Message> updatedCopy(const QString &ts, const QStringList &options, QString *error)
{
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(QFileInfo(ts).fileName());
    if (!QFile::copy(ts, copy)) {
        *error = QStringLiteral("cannot copy ") + ts;
        return {};
    }
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.setWorkingDirectory(QStringLiteral(MEMTAP_SOURCE_DIR));
    lupdate.start(QStringLiteral(MEMTAP_LUPDATE),
        options
            + QStringList {QStringLiteral("-locations"), QStringLiteral("none"),
                QStringLiteral("app"), QStringLiteral("ui"), QStringLiteral("-ts"), copy});
    if (!lupdate.waitForFinished(120'000) || lupdate.exitCode() != 0) {
        *error = QStringLiteral("lupdate failed: ") + QString::fromLocal8Bit(lupdate.readAll());
        return {};
    }
    return readTs(copy, error);
}

// What keeps ts from being current and complete.
QStringList staleOrMissing(const QList<Message> &messages)
{
    QStringList problems;
    for (const Message &message : messages) {
        if (message.type == QLatin1String("unfinished"))
            problems.append(QStringLiteral("untranslated ") + describe(message));
        else if (message.type == QLatin1String("vanished")
            || message.type == QLatin1String("obsolete"))
            problems.append(QStringLiteral("no longer in the sources ") + describe(message));
    }
    return problems;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void spanishIsCompleteAndCurrent();
    void spanishKeepsPlaceholdersAndMnemonics();
    void loadsSpanishForSpanishLocale();
    void englishPluralFormsAreCompleteAndCurrent();
    void englishGetsItsPluralForms();
};

void TestTranslations::cleanup()
{
    TranslationLoader::uninstall(qApp);
}

void TestTranslations::spanishIsCompleteAndCurrent()
{
    QString error;
    const QList<Message> messages = updatedCopy(spanishTs, {}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    const QStringList problems = staleOrMissing(messages);
    QVERIFY2(problems.isEmpty(),
        qPrintable(QStringLiteral("translations/memtap_es.ts is not current (%1 entries); run "
                                  "`cmake --build <build dir> --target update_translations` and "
                                  "translate:\n  %2")
                       .arg(problems.size())
                       .arg(problems.mid(0, 25).join(QStringLiteral("\n  ")))));
}

void TestTranslations::spanishKeepsPlaceholdersAndMnemonics()
{
    QString error;
    const QList<Message> messages = readTs(spanishTs, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList problems;
    for (const Message &message : messages) {
        if (!message.type.isEmpty())
            continue; // reported by spanishIsCompleteAndCurrent
        if (message.translations.isEmpty()) {
            problems.append(QStringLiteral("empty ") + describe(message));
            continue;
        }
        for (const QString &translation : message.translations) {
            if (translation.trimmed().isEmpty() && !message.source.trimmed().isEmpty())
                problems.append(QStringLiteral("empty ") + describe(message));
            if (placeholders(translation) != placeholders(message.source))
                problems.append(QStringLiteral("placeholders differ (%1 vs %2) ")
                                    .arg(placeholders(message.source).join(QLatin1Char(',')),
                                        placeholders(translation).join(QLatin1Char(',')))
                    + describe(message));
            if (hasMnemonic(message.source) && !hasMnemonic(translation))
                problems.append(QStringLiteral("keyboard mnemonic (&) lost ") + describe(message));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::loadsSpanishForSpanishLocale()
{
    const QStringList installed
        = TranslationLoader::install(qApp, QLocale(QLocale::Spanish, QLocale::Spain));
    QVERIFY2(installed.contains(QStringLiteral("memtap_es")), qPrintable(installed.join(u',')));
    // Qt's own dialogs follow when qt6-translations-l10n is installed.
    const bool qtTranslations = QFile::exists(
        QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_es.qm"));
    MEMTAP_REQUIRE(qtTranslations, QStringLiteral("qt6-translations-l10n (Qt's own Spanish)"));
    QVERIFY(installed.contains(QStringLiteral("qtbase_es")));

    MainWindow window;
    QStringList menus;
    for (QAction *menu : window.menuBar()->actions())
        menus.append(menu->text());
    QCOMPARE(menus.first(), QStringLiteral("&Archivo"));
    QVERIFY(!menus.contains(QStringLiteral("&File")));
    QCOMPARE(window.processModel()->headerData(ProcessModel::LiveColumn, Qt::Horizontal).toString(),
        QCoreApplication::translate("memtap::ProcessModel", "Live mapped"));
    QVERIFY(window.processModel()->headerData(ProcessModel::LiveColumn, Qt::Horizontal).toString()
        != QStringLiteral("Live mapped"));

    // A picture of the Spanish window, to check that longer words fit.
    window.resize(1360, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.grab().save(QStringLiteral(MEMTAP_BINARY_DIR "/memtap-mainwindow-es.png")));
}

// English needs no translation but the singular and plural of every %n
// message ("1 session", "2 sessions" for "%n session(s)").
void TestTranslations::englishPluralFormsAreCompleteAndCurrent()
{
    QString error;
    const QList<Message> messages = updatedCopy(englishTs, {QStringLiteral("-pluralonly")}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList problems = staleOrMissing(messages);
    QVERIFY2(problems.isEmpty(),
        qPrintable(QStringLiteral("translations/memtap_en.ts is not current; run `cmake --build "
                                  "<build dir> --target update_translations` and fill in:\n  %1")
                       .arg(problems.join(QStringLiteral("\n  ")))));
    // Every %n message of the Spanish translation has its English forms.
    const QList<Message> spanish = readTs(spanishTs, &error);
    QSet<QString> englishSources;
    for (const Message &message : messages) {
        QVERIFY2(message.numerus, qPrintable(describe(message)));
        QCOMPARE(message.translations.size(), 2);
        QVERIFY2(!message.translations[0].contains(QLatin1String("(s)"))
                && placeholders(message.translations[1]) == placeholders(message.source),
            qPrintable(describe(message)));
        englishSources.insert(message.context + u'|' + message.source);
    }
    int numerus = 0;
    for (const Message &message : spanish) {
        if (!message.numerus)
            continue;
        ++numerus;
        QVERIFY2(englishSources.contains(message.context + u'|' + message.source),
            qPrintable(describe(message)));
    }
    QVERIFY(numerus >= 6);
}

void TestTranslations::englishGetsItsPluralForms()
{
    for (const QLocale &locale : {QLocale(QLocale::English, QLocale::UnitedKingdom),
             QLocale(QLocale::German, QLocale::Germany), QLocale::c()}) {
        const QStringList installed = TranslationLoader::install(qApp, locale);
        QCOMPARE(installed, QStringList {QStringLiteral("memtap_en")});
        const char *const source = "%n session(s) in %1. Choose one to show it in every view.";
        QCOMPARE(QCoreApplication::translate("memtap::OpenSessionDialog", source, nullptr, 1),
            QStringLiteral("1 session in %1. Choose it to show it in every view."));
        QCOMPARE(QCoreApplication::translate("memtap::OpenSessionDialog", source, nullptr, 3),
            QStringLiteral("3 sessions in %1. Choose one to show it in every view."));
        MainWindow window;
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
        TranslationLoader::uninstall(qApp);
    }
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
