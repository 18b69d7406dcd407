// SPDX-License-Identifier: GPL-2.0-or-later
#include "usernames.h"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace memtap {

QString UserNames::nameOf(std::int64_t uid)
{
    if (uid < 0 || uid > std::int64_t(std::numeric_limits<uid_t>::max()))
        return {};
    const auto cached = m_cache.constFind(uid);
    if (cached != m_cache.constEnd())
        return *cached;

    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? std::size_t(size) : 16384);
    passwd entry {};
    passwd *result = nullptr;
    int rc;
    while ((rc = ::getpwuid_r(uid_t(uid), &entry, buffer.data(), buffer.size(), &result)) == ERANGE
        && buffer.size() < (1u << 20))
        buffer.resize(buffer.size() * 2);
    QString name;
    if (rc == 0 && result && result->pw_name)
        name = QString::fromLocal8Bit(result->pw_name);
    m_cache.insert(uid, name);
    return name;
}

} // namespace memtap
