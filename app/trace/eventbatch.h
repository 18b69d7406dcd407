// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "event.h"

#include <QMetaType>

#include <memory>
#include <vector>

namespace memtap {

// Records decoded from one stretch of the stream, in stream order, shared
// read-only between the stages that consume them (accounting, storage).
struct EventBatch
{
    std::vector<Event> events;
    // Drops and malformed lines seen while this batch was decoded, so that
    // consumers can record when they happened.
    std::uint64_t lostEvents = 0;
    std::uint64_t malformedLines = 0;
};

using EventBatchPtr = std::shared_ptr<const EventBatch>;

} // namespace memtap

Q_DECLARE_METATYPE(memtap::EventBatchPtr)
