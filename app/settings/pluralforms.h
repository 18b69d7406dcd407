// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

class QCoreApplication;
class QTranslator;

namespace memtap {

// English singular and plural forms ("1 record", "2 records") of the
// messages with %n, which the sources write "%n record(s)": the catalogue
// translations/memtap_en.ts, embedded in memtapcore. memtapctl always uses
// it; the desktop application's TranslationLoader finds the same catalogue
// wherever memtap has no translation for the user's language.
class PluralForms
{
public:
    static QString englishCatalogue() { return QStringLiteral(":/i18n/memtap_en.qm"); }
    // Loads the catalogue into a new translator owned by application and
    // installs it; null when the catalogue is missing.
    static QTranslator *installEnglish(QCoreApplication *application);
};

} // namespace memtap
