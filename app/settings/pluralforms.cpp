// SPDX-License-Identifier: GPL-2.0-or-later
#include "pluralforms.h"

#include <QCoreApplication>
#include <QTranslator>

namespace memtap {

QTranslator *PluralForms::installEnglish(QCoreApplication *application)
{
    auto *translator = new QTranslator(application);
    if (!translator->load(englishCatalogue())) {
        delete translator;
        return nullptr;
    }
    QCoreApplication::installTranslator(translator);
    return translator;
}

} // namespace memtap
