// SPDX-License-Identifier: GPL-2.0-or-later
#include "translationloader.h"

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
    const auto load
        = [&](const QLocale &language, const QString &catalogue, const QString &directory) {
              auto *translator = new QTranslator(application);
              translator->setObjectName(QLatin1String(translatorObjectName));
              // Tries memtap_es_ES, memtap_es, ... for each of the user's UI languages.
              if (!translator->load(language, catalogue, QStringLiteral("_"), directory)) {
                  delete translator;
                  return;
              }
              QCoreApplication::installTranslator(translator);
              installed.append(QFileInfo(translator->filePath()).completeBaseName());
          };
    load(locale, QStringLiteral("memtap"), QStringLiteral(":/i18n"));
    // English, the sources' language, in every language memtap lacks: its
    // catalogue holds only the plural forms (PluralForms).
    if (installed.isEmpty()) {
        load(QLocale(QLocale::English), QStringLiteral("memtap"), QStringLiteral(":/i18n"));
        return installed;
    }
    // Only where memtap itself is translated, so dialogs are not half English.
    if (installed.first() != QLatin1String("memtap_en"))
        load(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
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
