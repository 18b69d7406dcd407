// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/event.h"

#include <cstdint>

namespace memtap {

// An event read back from the database, with the id the writer gave it
// (1, 2, 3, ... in stream order within its session).
struct StoredEvent
{
    std::int64_t id = 0;
    Event event;
};

} // namespace memtap
