// SPDX-License-Identifier: GPL-2.0-or-later
#include "sqliterowinserter.h"

#include <sqlite3.h>

namespace memtap {

namespace {

constexpr int eventColumns = 16;

const char eventColumnList[] = "(session_id, id, ts_ns, pid, tid, ppid, uid, call_type, address, "
                               "length, prot, flags, fd, offset_value, result, name_id)";

QByteArray valuesList(int rows, int columns)
{
    QByteArray row = "(";
    for (int column = 0; column < columns; ++column)
        row += column == 0 ? "?" : ",?";
    row += ')';
    QByteArray list;
    list.reserve(rows * (row.size() + 1));
    for (int i = 0; i < rows; ++i) {
        if (i > 0)
            list += ',';
        list += row;
    }
    return list;
}

// Unsigned 64-bit values are stored as their bit pattern (sql/sqlite/001_initial.sql).
inline sqlite3_int64 bits(std::uint64_t value)
{
    return static_cast<sqlite3_int64>(value);
}

} // namespace

SqliteRowInserter::SqliteRowInserter(sqlite3 *db)
    : m_db(db)
{ }

SqliteRowInserter::~SqliteRowInserter()
{
    sqlite3_finalize(m_eventsMany);
    sqlite3_finalize(m_eventsOne);
    sqlite3_finalize(m_baselineOne);
    sqlite3_finalize(m_blocksOne);
}

std::unique_ptr<SqliteRowInserter> SqliteRowInserter::create(sqlite3 *db, QString *error)
{
    std::unique_ptr<SqliteRowInserter> inserter(new SqliteRowInserter(db));
    const QByteArray insertEvents
        = QByteArray("INSERT INTO events ") + eventColumnList + " VALUES ";
    inserter->m_eventsMany
        = inserter->prepare(insertEvents + valuesList(rowsPerStatement, eventColumns));
    inserter->m_eventsOne = inserter->prepare(insertEvents + valuesList(1, eventColumns));
    inserter->m_baselineOne = inserter->prepare(
        "INSERT INTO baseline_records (session_id, id, after_event_id, ts_ns, pid, tid, ppid, uid, "
        "call_type, address, length, prot, flags, fd, offset_value, result, name_id, text) VALUES "
        + valuesList(1, 18));
    inserter->m_blocksOne = inserter->prepare(
        "INSERT INTO event_blocks (session_id, block_no, pid, name_id, call_type, event_count) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT (session_id, block_no, pid, name_id, call_type) "
        "DO UPDATE SET event_count = excluded.event_count");
    if (!inserter->m_eventsMany || !inserter->m_eventsOne || !inserter->m_baselineOne
        || !inserter->m_blocksOne) {
        *error = inserter->m_error;
        return nullptr;
    }
    return inserter;
}

sqlite3_stmt *SqliteRowInserter::prepare(const QByteArray &sql)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(
            m_db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr)
        != SQLITE_OK) {
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return nullptr;
    }
    return statement;
}

bool SqliteRowInserter::step(sqlite3_stmt *statement)
{
    const int code = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (code == SQLITE_DONE)
        return true;
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

bool SqliteRowInserter::failBind(int code)
{
    m_error = tr("binding a value failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
    Q_UNUSED(code);
    return false;
}

bool SqliteRowInserter::insertEvents(std::int64_t sessionId, std::span<const EventRow> rows)
{
    auto bindRow = [sessionId](sqlite3_stmt *statement, int first, const EventRow &row) {
        const Event &e = *row.event;
        int rc = SQLITE_OK;
        rc |= sqlite3_bind_int64(statement, first + 1, sessionId);
        rc |= sqlite3_bind_int64(statement, first + 2, row.id);
        rc |= sqlite3_bind_int64(statement, first + 3, e.timestampNs);
        rc |= sqlite3_bind_int64(statement, first + 4, e.pid);
        rc |= sqlite3_bind_int64(statement, first + 5, e.tid);
        rc |= sqlite3_bind_int64(statement, first + 6, e.ppid);
        rc |= sqlite3_bind_int64(statement, first + 7, e.uid);
        rc |= sqlite3_bind_int64(statement, first + 8, static_cast<int>(e.call));
        rc |= sqlite3_bind_int64(statement, first + 9, bits(e.address));
        rc |= sqlite3_bind_int64(statement, first + 10, bits(e.length));
        rc |= sqlite3_bind_int64(statement, first + 11, bits(e.prot));
        rc |= sqlite3_bind_int64(statement, first + 12, bits(e.flags));
        rc |= sqlite3_bind_int64(statement, first + 13, e.fd);
        rc |= sqlite3_bind_int64(statement, first + 14, bits(e.offset));
        rc |= sqlite3_bind_int64(statement, first + 15, e.result);
        rc |= sqlite3_bind_int64(statement, first + 16, row.nameId);
        return rc;
    };

    std::size_t index = 0;
    while (rows.size() - index >= std::size_t(rowsPerStatement)) {
        for (int i = 0; i < rowsPerStatement; ++i) {
            if (const int rc = bindRow(m_eventsMany, i * eventColumns, rows[index + i]))
                return failBind(rc);
        }
        if (!step(m_eventsMany))
            return false;
        index += rowsPerStatement;
    }
    for (; index < rows.size(); ++index) {
        if (const int rc = bindRow(m_eventsOne, 0, rows[index]))
            return failBind(rc);
        if (!step(m_eventsOne))
            return false;
    }
    return true;
}

bool SqliteRowInserter::insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows)
{
    sqlite3_stmt *s = m_baselineOne;
    for (const BaselineRow &row : rows) {
        const Event &e = *row.event;
        int rc = SQLITE_OK;
        rc |= sqlite3_bind_int64(s, 1, sessionId);
        rc |= sqlite3_bind_int64(s, 2, row.id);
        rc |= sqlite3_bind_int64(s, 3, row.afterEventId);
        rc |= sqlite3_bind_int64(s, 4, e.timestampNs);
        rc |= sqlite3_bind_int64(s, 5, e.pid);
        rc |= sqlite3_bind_int64(s, 6, e.tid);
        rc |= sqlite3_bind_int64(s, 7, e.ppid);
        rc |= sqlite3_bind_int64(s, 8, e.uid);
        rc |= sqlite3_bind_int64(s, 9, static_cast<int>(e.call));
        rc |= sqlite3_bind_int64(s, 10, bits(e.address));
        rc |= sqlite3_bind_int64(s, 11, bits(e.length));
        rc |= sqlite3_bind_int64(s, 12, bits(e.prot));
        rc |= sqlite3_bind_int64(s, 13, bits(e.flags));
        rc |= sqlite3_bind_int64(s, 14, e.fd);
        rc |= sqlite3_bind_int64(s, 15, bits(e.offset));
        rc |= sqlite3_bind_int64(s, 16, e.result);
        rc |= sqlite3_bind_int64(s, 17, row.nameId);
        if (e.text.isNull())
            rc |= sqlite3_bind_null(s, 18);
        else
            rc |= sqlite3_bind_blob(s, 18, e.text.constData(), int(e.text.size()), SQLITE_STATIC);
        if (rc)
            return failBind(rc);
        if (!step(s))
            return false;
    }
    return true;
}

bool SqliteRowInserter::upsertBlocks(std::int64_t sessionId, std::span<const BlockRow> rows)
{
    sqlite3_stmt *s = m_blocksOne;
    for (const BlockRow &row : rows) {
        int rc = SQLITE_OK;
        rc |= sqlite3_bind_int64(s, 1, sessionId);
        rc |= sqlite3_bind_int64(s, 2, row.blockNo);
        rc |= sqlite3_bind_int64(s, 3, row.pid);
        rc |= sqlite3_bind_int64(s, 4, row.nameId);
        rc |= sqlite3_bind_int64(s, 5, row.call);
        rc |= sqlite3_bind_int64(s, 6, bits(row.eventCount));
        if (rc)
            return failBind(rc);
        if (!step(s))
            return false;
    }
    return true;
}

} // namespace memtap
