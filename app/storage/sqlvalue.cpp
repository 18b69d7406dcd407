// SPDX-License-Identifier: GPL-2.0-or-later
#include "sqlvalue.h"

#include "trace/event.h"

#include <QSqlQuery>

namespace memtap::SqlValue {

void readEventColumns(const QSqlQuery &query, int firstColumn, Event &event)
{
    int column = firstColumn;
    event.timestampNs = query.value(column++).toLongLong();
    event.pid = query.value(column++).toInt();
    event.tid = query.value(column++).toInt();
    event.ppid = query.value(column++).toInt();
    event.uid = query.value(column++).toLongLong();
    event.call = static_cast<Call>(query.value(column++).toInt());
    event.address = toUnsigned(query.value(column++));
    event.length = toUnsigned(query.value(column++));
    event.prot = toUnsigned(query.value(column++));
    event.flags = toUnsigned(query.value(column++));
    event.fd = query.value(column++).toLongLong();
    event.offset = toUnsigned(query.value(column++));
    event.result = query.value(column).toLongLong();
}

} // namespace memtap::SqlValue
