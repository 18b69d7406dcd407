// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QVariant>

#include <cstdint>
#include <optional>

class QSqlQuery;

namespace memtap {
struct Event;
}

// Reading columns back the way StoreWriter wrote them.
namespace memtap::SqlValue {

// Unsigned 64-bit columns: BIGINT UNSIGNED in MySQL, the bit pattern in a
// signed INTEGER in SQLite (sql/sqlite/001_initial.sql).
inline std::uint64_t toUnsigned(const QVariant &value)
{
    if (value.typeId() == QMetaType::ULongLong || value.typeId() == QMetaType::ULong
        || value.typeId() == QMetaType::UInt)
        return value.toULongLong();
    return static_cast<std::uint64_t>(value.toLongLong());
}

// The value to bind for an unsigned 64-bit column. QSQLITE would turn a
// quint64 above INT64_MAX into a floating-point number, so SQLite gets the
// bit pattern as a signed integer.
inline QVariant fromUnsigned(std::uint64_t value, bool sqlite)
{
    if (sqlite)
        return QVariant::fromValue<qint64>(static_cast<qint64>(value));
    return QVariant::fromValue<quint64>(value);
}

inline std::optional<std::int64_t> toOptionalInt64(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

// The thirteen call columns events and baseline_records share, in their
// table order: ts_ns, pid, tid, ppid, uid, call_type, address, length, prot,
// flags, fd, offset_value, result, starting at firstColumn of the current row.
// The name and text come from different places in each table, so the caller
// reads them.
void readEventColumns(const QSqlQuery &query, int firstColumn, Event &event);

} // namespace memtap::SqlValue
