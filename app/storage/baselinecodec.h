// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "trace/event.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <span>
#include <vector>

namespace memtap {

// The bytes of baseline_records.maps (sql/sqlite/001_initial.sql): the map
// records that followed a snapshot record, every field kept. Per map, in
// order, as LEB128 varints: the differences of ts, pid, tid, ppid and uid to
// the snapshot's (zigzag), address, length, prot, flags, fd (zigzag), offset,
// result (zigzag); then name and text as a length and the bytes (text's
// length is stored plus one, 0 meaning a null text). Lossless; 20-60 bytes a
// map instead of a row.
class BaselineCodec
{
public:
    static QByteArray encode(const Event &snapshot, std::span<const Event> maps);
    // Nothing when bytes are not a whole encoding.
    static std::optional<std::vector<Event>> decode(const Event &snapshot, QByteArrayView bytes);
};

} // namespace memtap
