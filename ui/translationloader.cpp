// SPDX-License-Identifier: GPL-2.0-or-later
#include "translationloader.h"

#include "settings/pluralforms.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

namespace memtap {

namespace {

const char *const translatorObjectName = "memtapTranslator";

} // namespace

QStringList TranslationLoader::install(QCoreApplication *application, const QLocale &locale)
{
    uninstall(application);
    QStringList installed;
    const auto load = [&](const QString &catalogue, const QString &directory) {
        auto *translator = new QTranslator(application);
        translator->setObjectName(QLatin1String(translatorObjectName));
        // Tries memtap_es_ES, memtap_es, ... for each of the user's UI languages.
        if (!translator->load(locale, catalogue, QStringLiteral("_"), directory)) {
            delete translator;
            return;
        }
        QCoreApplication::installTranslator(translator);
        installed.append(QFileInfo(translator->filePath()).completeBaseName());
    };
    load(QStringLiteral("memtap"), QStringLiteral(":/i18n"));
    if (installed.isEmpty()) {
        // English, the sources' language, in every language memtap lacks.
        if (QTranslator *english = PluralForms::installEnglish(application)) {
            english->setObjectName(QLatin1String(translatorObjectName));
            installed.append(QFileInfo(english->filePath()).completeBaseName());
        }
        return installed;
    }
    // Only where memtap itself is translated, so dialogs are not half English.
    if (installed.first() != QLatin1String("memtap_en"))
        load(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return installed;
}

void TranslationLoader::uninstall(QCoreApplication *application)
{
    const QList<QTranslator *> translators = application->findChildren<QTranslator *>(
        QLatin1String(translatorObjectName), Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

} // namespace memtap
