// SPDX-License-Identifier: GPL-2.0-or-later
#include "privatedirectory.h"

#include <QDir>
#include <QFile>

namespace memtap {

bool PrivateDirectory::make(const QString &path, QString *error)
{
    if (!QDir().mkpath(path)) {
        *error = tr("Could not create the directory %1; check its permissions or free space.")
                     .arg(path);
        return false;
    }
    QFile::setPermissions(
        path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

} // namespace memtap
