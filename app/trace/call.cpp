// SPDX-License-Identifier: GPL-2.0-or-later
#include "call.h"

namespace memtap {

std::optional<Call> callFromName(QByteArrayView name)
{
    for (std::size_t i = 0; i < callCount; ++i) {
        if (name == QByteArrayView(callNames[i]))
            return static_cast<Call>(i);
    }
    return std::nullopt;
}

} // namespace memtap
