// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <cstdint>

namespace memtap {

// uid -> user name on this machine (getpwuid_r), cached. A null string when
// the uid has no entry.
class UserNames
{
public:
    QString nameOf(std::int64_t uid);

private:
    QHash<std::int64_t, QString> m_cache;
};

} // namespace memtap
