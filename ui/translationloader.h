// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;
class QTranslator;

namespace memtap {

// Installs memtap's translation (embedded as :/i18n/memtap_<lang>.qm) and
// Qt's own (qtbase_<lang>.qm from qt6-translations-l10n, if installed) for
// a locale, normally the system's; for English, or a language memtap has no
// translation for, the English plural forms (PluralForms).
class TranslationLoader
{
public:
    // Returns the catalogues that were installed, e.g. {"memtap_es", "qtbase_es"};
    // {"memtap_en"} for English or a language without a translation.
    static QStringList install(QCoreApplication *application, const QLocale &locale = QLocale());
    // Removes what install() put in place.
    static void uninstall(QCoreApplication *application);
};

} // namespace memtap
