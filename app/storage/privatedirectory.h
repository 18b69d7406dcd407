// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace memtap {

// The directories of files that hold records the database has not taken (the
// store's spool, unstored records): they hold what processes did, so only
// their owner may enter them.
class PrivateDirectory
{
    Q_DECLARE_TR_FUNCTIONS(PrivateDirectory)

public:
    // Creates path and its parents where missing and makes path mode 0700.
    // False and a one-sentence *error when it cannot be created.
    static bool make(const QString &path, QString *error);
};

} // namespace memtap
