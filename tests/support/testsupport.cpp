// SPDX-License-Identifier: GPL-2.0-or-later
#include "testsupport.h"

#include <QtGlobal>

#include <unistd.h>

namespace memtap::test {

bool prerequisitesRequired()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

QString mariadbTestUrl()
{
    return qEnvironmentVariable("MEMTAP_TEST_MARIADB_URL");
}

} // namespace memtap::test
