// SPDX-License-Identifier: GPL-2.0-or-later
#include "mysqlrowinserter.h"

#include <mysql.h>

#include <cstring>

namespace memtap {

namespace {

using Type = MysqlRowInserter::Columns::Type;

QByteArray placeholders(int rows, std::size_t columns)
{
    QByteArray row = "(";
    for (std::size_t c = 0; c < columns; ++c)
        row += c == 0 ? "?" : ",?";
    row += ')';
    QByteArray list;
    for (int i = 0; i < rows; ++i) {
        if (i > 0)
            list += ',';
        list += row;
    }
    return list;
}

const QByteArray emptyBytes("");

} // namespace

MysqlRowInserter::Columns::Columns(std::vector<Type> types)
    : m_types(std::move(types))
    , m_values(m_types.size())
    , m_data(m_types.size())
    , m_lengths(m_types.size())
    , m_indicators(m_types.size())
{ }

void MysqlRowInserter::Columns::resize(std::size_t rows)
{
    for (std::size_t c = 0; c < m_types.size(); ++c) {
        if (m_types[c] == Type::Bytes || m_types[c] == Type::Text) {
            m_data[c].resize(rows);
            m_lengths[c].resize(rows);
        } else {
            m_values[c].resize(rows);
        }
        m_indicators[c].resize(rows);
    }
}

void MysqlRowInserter::Columns::setBytes(
    std::size_t column, std::size_t row, const QByteArray &data)
{
    m_data[column][row] = data.constData();
    m_lengths[column][row] = static_cast<unsigned long>(data.size());
    m_indicators[column][row] = STMT_INDICATOR_NONE;
}

void MysqlRowInserter::Columns::setNull(std::size_t column, std::size_t row)
{
    m_indicators[column][row] = STMT_INDICATOR_NULL;
}

void MysqlRowInserter::Columns::bindColumns(void *bindArray)
{
    auto *binds = static_cast<MYSQL_BIND *>(bindArray);
    std::memset(binds, 0, sizeof(MYSQL_BIND) * m_types.size());
    for (std::size_t c = 0; c < m_types.size(); ++c) {
        MYSQL_BIND &bind = binds[c];
        bind.u.indicator = m_indicators[c].data();
        switch (m_types[c]) {
        case Type::Signed:
        case Type::Unsigned:
            bind.buffer_type = MYSQL_TYPE_LONGLONG;
            bind.buffer = m_values[c].data();
            bind.is_unsigned = m_types[c] == Type::Unsigned;
            break;
        case Type::Bytes:
        case Type::Text:
            // Column-wise, variable-length values are an array of pointers.
            bind.buffer_type = m_types[c] == Type::Bytes ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            bind.buffer = m_data[c].data();
            bind.length = m_lengths[c].data();
            break;
        }
    }
}

void MysqlRowInserter::Columns::bindRows(std::size_t first, std::size_t rows, void *bindArray)
{
    auto *binds = static_cast<MYSQL_BIND *>(bindArray);
    const std::size_t columns = m_types.size();
    std::memset(binds, 0, sizeof(MYSQL_BIND) * columns * rows);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            MYSQL_BIND &bind = binds[r * columns + c];
            const std::size_t row = first + r;
            if (m_indicators[c][row] == STMT_INDICATOR_NULL) {
                bind.buffer_type = MYSQL_TYPE_NULL;
                continue;
            }
            switch (m_types[c]) {
            case Type::Signed:
            case Type::Unsigned:
                bind.buffer_type = MYSQL_TYPE_LONGLONG;
                bind.buffer = &m_values[c][row];
                bind.is_unsigned = m_types[c] == Type::Unsigned;
                break;
            case Type::Bytes:
            case Type::Text:
                bind.buffer_type = m_types[c] == Type::Bytes ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
                bind.buffer = const_cast<char *>(m_data[c][row]);
                bind.buffer_length = m_lengths[c][row];
                bind.length = &m_lengths[c][row];
                break;
            }
        }
    }
}

MysqlRowInserter::MysqlRowInserter(MYSQL *mysql, bool useBulk)
    : m_mysql(mysql)
    , m_useBulk(useBulk)
    , m_events {nullptr, nullptr,
          Columns(
              {Type::Signed, Type::Signed, Type::Signed, Type::Signed, Type::Signed, Type::Signed,
                  Type::Signed, Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Unsigned,
                  Type::Unsigned, Type::Signed, Type::Unsigned, Type::Signed, Type::Signed})}
    , m_baseline {nullptr, nullptr,
          Columns({Type::Signed, Type::Signed, Type::Signed, Type::Signed, Type::Signed,
              Type::Signed, Type::Signed, Type::Signed, Type::Unsigned, Type::Unsigned,
              Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Signed, Type::Unsigned,
              Type::Signed, Type::Signed, Type::Bytes, Type::Signed, Type::Bytes})}
    , m_blocksByPid {nullptr, nullptr,
          Columns({Type::Signed, Type::Signed, Type::Signed, Type::Signed, Type::Unsigned,
              Type::Signed})}
    , m_blocksByName {nullptr, nullptr,
          Columns({Type::Signed, Type::Signed, Type::Unsigned, Type::Signed, Type::Signed})}
    , m_blocksByCall {nullptr, nullptr,
          Columns({Type::Signed, Type::Unsigned, Type::Signed, Type::Signed})}
    , m_processes {nullptr, nullptr,
          Columns({Type::Signed, Type::Unsigned, Type::Signed, Type::Signed, Type::Signed,
              Type::Text, Type::Bytes, Type::Bytes, Type::Signed, Type::Signed, Type::Signed,
              Type::Signed, Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Unsigned,
              Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Unsigned,
              Type::Unsigned, Type::Unsigned, Type::Unsigned, Type::Signed})}
    , m_timelines {
          nullptr, nullptr, Columns({Type::Signed, Type::Unsigned, Type::Signed, Type::Bytes})}
{ }

MysqlRowInserter::~MysqlRowInserter()
{
    for (Statement *statement : {&m_events, &m_baseline, &m_blocksByPid, &m_blocksByName,
             &m_blocksByCall, &m_processes, &m_timelines}) {
        for (MYSQL_STMT *handle : {statement->one, statement->many}) {
            if (handle)
                mysql_stmt_close(handle);
        }
    }
}

MYSQL_STMT *MysqlRowInserter::prepareStatement(const QByteArray &sql)
{
    MYSQL_STMT *statement = mysql_stmt_init(m_mysql);
    if (!statement) {
        m_error = QString::fromUtf8(mysql_error(m_mysql));
        return nullptr;
    }
    if (mysql_stmt_prepare(statement, sql.constData(), sql.size())) {
        m_error = QString::fromUtf8(mysql_stmt_error(statement));
        mysql_stmt_close(statement);
        return nullptr;
    }
    return statement;
}

bool MysqlRowInserter::prepare(Statement &statement, const QByteArray &head)
{
    const std::size_t columns = statement.columns.count();
    statement.one = prepareStatement(head + " VALUES " + placeholders(1, columns));
    if (!statement.one)
        return false;
    if (!m_useBulk) {
        statement.many
            = prepareStatement(head + " VALUES " + placeholders(rowsPerStatement, columns));
        if (!statement.many)
            return false;
    }
    statement.columns.resize(bulkRows);
    return true;
}

std::unique_ptr<MysqlRowInserter> MysqlRowInserter::create(
    MYSQL *mysql, bool useBulk, QString *error)
{
    std::unique_ptr<MysqlRowInserter> inserter(new MysqlRowInserter(mysql, useBulk));
    const bool prepared
        = inserter->prepare(inserter->m_events,
              "INSERT INTO events (session_id, id, ts_ns, pid, tid, ppid, uid, call_type, address, "
              "length, prot, flags, fd, offset_value, result, name_id)")
        && inserter->prepare(inserter->m_baseline,
            "INSERT INTO baseline_records (session_id, id, after_event_id, ts_ns, pid, tid, ppid, "
            "uid, call_type, address, length, prot, flags, fd, offset_value, result, name_id, "
            "text, record_count, maps)")
        && inserter->prepare(inserter->m_blocksByPid,
            "INSERT INTO block_counts_by_pid (session_id, pid, block_no, name_id, call_type, "
            "event_count)")
        && inserter->prepare(inserter->m_blocksByName,
            "INSERT INTO block_counts_by_name (session_id, name_id, call_type, block_no, "
            "event_count)")
        && inserter->prepare(inserter->m_blocksByCall,
            "INSERT INTO block_counts_by_call (session_id, call_type, block_no, event_count)")
        && inserter->prepare(inserter->m_processes,
            "REPLACE INTO processes (session_id, process_key, pid, ppid, uid, user_name, name, "
            "cmdline, first_seen_ns, last_seen_ns, exit_ns, exit_status, mmap_calls, "
            "munmap_calls, mremap_calls, brk_calls, failed_calls, requested_bytes, released_bytes, "
            "live_bytes, live_anonymous_bytes, live_file_bytes, live_private_bytes, "
            "live_shared_bytes, live_exact)")
        && inserter->prepare(inserter->m_timelines,
            "REPLACE INTO live_timelines (session_id, process_key, sample_count, samples)");
    if (!prepared) {
        *error = inserter->m_error;
        return nullptr;
    }
    return inserter;
}

bool MysqlRowInserter::fail(MYSQL_STMT *statement)
{
    m_error = QString::fromUtf8(mysql_stmt_error(statement));
    if (m_error.isEmpty())
        m_error = QString::fromUtf8(mysql_error(m_mysql));
    return false;
}

bool MysqlRowInserter::execute(Statement &statement, std::size_t rows)
{
    const std::size_t columns = statement.columns.count();
    if (m_useBulk) {
        m_bindBuffer.resize(sizeof(MYSQL_BIND) * columns);
        statement.columns.bindColumns(m_bindBuffer.data());
        unsigned int arraySize = static_cast<unsigned int>(rows);
        if (mysql_stmt_attr_set(statement.one, STMT_ATTR_ARRAY_SIZE, &arraySize)
            || mysql_stmt_bind_param(
                statement.one, reinterpret_cast<MYSQL_BIND *>(m_bindBuffer.data()))
            || mysql_stmt_execute(statement.one))
            return fail(statement.one);
        return true;
    }
    std::size_t at = 0;
    while (at < rows) {
        const bool many = rows - at >= std::size_t(rowsPerStatement);
        MYSQL_STMT *handle = many ? statement.many : statement.one;
        const std::size_t count = many ? std::size_t(rowsPerStatement) : 1;
        m_bindBuffer.resize(sizeof(MYSQL_BIND) * columns * count);
        statement.columns.bindRows(at, count, m_bindBuffer.data());
        if (mysql_stmt_bind_param(handle, reinterpret_cast<MYSQL_BIND *>(m_bindBuffer.data()))
            || mysql_stmt_execute(handle))
            return fail(handle);
        at += count;
    }
    return true;
}

template<typename Row, typename Fill>
bool MysqlRowInserter::insert(Statement &statement, std::span<const Row> rows, Fill fill)
{
    std::size_t done = 0;
    while (done < rows.size()) {
        const std::size_t count = std::min(bulkRows, rows.size() - done);
        for (std::size_t i = 0; i < count; ++i)
            fill(statement.columns, i, rows[done + i]);
        if (!execute(statement, count))
            return false;
        done += count;
    }
    return true;
}

// The columns events and baseline_records share, ts_ns to result, from
// column `first` on; returns the column after them.
std::size_t MysqlRowInserter::setRecordFields(
    Columns &c, std::size_t i, std::size_t first, const Event &e)
{
    c.set(first, i, e.timestampNs);
    c.set(first + 1, i, e.pid);
    c.set(first + 2, i, e.tid);
    c.set(first + 3, i, e.ppid);
    c.set(first + 4, i, e.uid);
    c.set(first + 5, i, static_cast<int>(e.call));
    c.setUnsigned(first + 6, i, e.address);
    c.setUnsigned(first + 7, i, e.length);
    c.setUnsigned(first + 8, i, e.prot);
    c.setUnsigned(first + 9, i, e.flags);
    c.set(first + 10, i, e.fd);
    c.setUnsigned(first + 11, i, e.offset);
    c.set(first + 12, i, e.result);
    return first + 13;
}

bool MysqlRowInserter::insertEvents(std::int64_t sessionId, std::span<const EventRow> rows)
{
    return insert(m_events, rows, [sessionId](Columns &c, std::size_t i, const EventRow &row) {
        c.set(0, i, sessionId);
        c.set(1, i, row.id);
        c.set(setRecordFields(c, i, 2, *row.event), i, row.nameId);
    });
}

bool MysqlRowInserter::insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows)
{
    return insert(m_baseline, rows, [sessionId](Columns &c, std::size_t i, const BaselineRow &row) {
        const Event &e = *row.event;
        c.set(0, i, sessionId);
        c.set(1, i, row.id);
        c.set(2, i, row.afterEventId);
        c.set(setRecordFields(c, i, 3, e), i, row.nameId);
        if (e.text.isNull())
            c.setNull(17, i);
        else
            c.setBytes(17, i, e.text);
        c.set(18, i, row.recordCount);
        if (row.maps.isNull())
            c.setNull(19, i);
        else
            c.setBytes(19, i, row.maps);
    });
}

bool MysqlRowInserter::insertBlockCounts(std::int64_t sessionId, const BlockCounts &counts)
{
    return insert(m_blocksByPid, std::span<const BlockRow>(counts.byPid),
               [sessionId](Columns &c, std::size_t i, const BlockRow &row) {
                   c.set(0, i, sessionId);
                   c.set(1, i, row.pid);
                   c.set(2, i, row.blockNo);
                   c.set(3, i, row.nameId);
                   c.set(4, i, row.call);
                   c.setUnsigned(5, i, row.eventCount);
               })
        && insert(m_blocksByName, std::span<const NameBlockRow>(counts.byName),
            [sessionId](Columns &c, std::size_t i, const NameBlockRow &row) {
                c.set(0, i, sessionId);
                c.set(1, i, row.nameId);
                c.set(2, i, row.call);
                c.set(3, i, row.blockNo);
                c.setUnsigned(4, i, row.eventCount);
            })
        && insert(m_blocksByCall, std::span<const CallBlockRow>(counts.byCall),
            [sessionId](Columns &c, std::size_t i, const CallBlockRow &row) {
                c.set(0, i, sessionId);
                c.set(1, i, row.call);
                c.set(2, i, row.blockNo);
                c.setUnsigned(3, i, row.eventCount);
            });
}

bool MysqlRowInserter::replaceProcesses(std::int64_t sessionId, std::span<const ProcessRow> rows)
{
    return insert(m_processes, rows, [sessionId](Columns &c, std::size_t i, const ProcessRow &row) {
        const ProcessFigures &p = *row.figures;
        c.set(0, i, sessionId);
        c.setUnsigned(1, i, p.processKey);
        c.set(2, i, p.pid);
        c.set(3, i, p.ppid);
        c.set(4, i, p.uid);
        if (row.userName.isNull())
            c.setNull(5, i);
        else
            c.setBytes(5, i, row.userName);
        c.setBytes(6, i, p.name.isNull() ? emptyBytes : p.name);
        if (p.cmdline.isEmpty())
            c.setNull(7, i);
        else
            c.setBytes(7, i, p.cmdline);
        c.set(8, i, p.firstSeenNs);
        c.set(9, i, p.lastSeenNs);
        if (p.exitNs < 0)
            c.setNull(10, i);
        else
            c.set(10, i, p.exitNs);
        c.set(11, i, p.exitStatus);
        c.setUnsigned(12, i, p.mmapCalls);
        c.setUnsigned(13, i, p.munmapCalls);
        c.setUnsigned(14, i, p.mremapCalls);
        c.setUnsigned(15, i, p.brkCalls);
        c.setUnsigned(16, i, p.failedCalls);
        c.setUnsigned(17, i, p.requestedBytes);
        c.setUnsigned(18, i, p.releasedBytes);
        c.setUnsigned(19, i, p.liveBytes);
        c.setUnsigned(20, i, p.liveAnonymousBytes);
        c.setUnsigned(21, i, p.liveFileBytes);
        c.setUnsigned(22, i, p.livePrivateBytes);
        c.setUnsigned(23, i, p.liveSharedBytes);
        c.set(24, i, p.liveExact ? 1 : 0);
    });
}

bool MysqlRowInserter::replaceTimelines(std::int64_t sessionId, std::span<const TimelineRow> rows)
{
    return insert(
        m_timelines, rows, [sessionId](Columns &c, std::size_t i, const TimelineRow &row) {
            c.set(0, i, sessionId);
            c.setUnsigned(1, i, row.processKey);
            c.set(2, i, row.sampleCount);
            c.setBytes(3, i, row.samples.isNull() ? emptyBytes : row.samples);
        });
}

} // namespace memtap
