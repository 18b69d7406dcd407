// SPDX-License-Identifier: GPL-2.0-or-later
#include "requestfilter.h"

namespace memtap {

namespace {

char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

} // namespace

bool RequestFilter::matchesName(QByteArrayView candidate) const
{
    if (name.isEmpty())
        return true;
    if (nameMatch == NameMatch::Exact)
        return candidate == QByteArrayView(name);
    const qsizetype n = name.size();
    for (qsizetype start = 0; start + n <= candidate.size(); ++start) {
        qsizetype i = 0;
        while (i < n && asciiLower(candidate[start + i]) == asciiLower(name[i]))
            ++i;
        if (i == n)
            return true;
    }
    return false;
}

} // namespace memtap
