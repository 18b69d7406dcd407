// SPDX-License-Identifier: GPL-2.0-or-later
#include "isotime.h"

#include <QDateTime>
#include <QTimeZone>

namespace memtap {

QByteArray IsoTime::fromNanoseconds(std::int64_t nsSinceEpoch)
{
    // Floor division, so that times before the epoch stay ordered.
    std::int64_t seconds = nsSinceEpoch / 1'000'000'000;
    std::int64_t nanoseconds = nsSinceEpoch % 1'000'000'000;
    if (nanoseconds < 0) {
        nanoseconds += 1'000'000'000;
        --seconds;
    }
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    QByteArray text = time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
    text += '.';
    text += QByteArray::number(qint64(nanoseconds)).rightJustified(9, '0');
    text += 'Z';
    return text;
}

} // namespace memtap
