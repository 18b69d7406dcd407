// SPDX-License-Identifier: GPL-2.0-or-later
#include "mysqlrowinserter.h"

#include <mysql.h>

#include <cstring>

namespace memtap {

namespace {

constexpr std::size_t eventColumns = 16;
constexpr std::size_t baselineColumns = 17; // + text
constexpr std::size_t blockColumns = 6;

// Bit masks of the columns declared BIGINT UNSIGNED (sql/mysql/001_initial.sql).
constexpr std::uint32_t column(int index)
{
    return std::uint32_t(1) << index;
}
// session_id, id, ts_ns, pid, tid, ppid, uid, call_type, address, length,
// prot, flags, fd, offset_value, result, name_id
constexpr std::uint32_t eventUnsigned
    = column(7) | column(8) | column(9) | column(10) | column(11) | column(13);
// session_id, id, after_event_id, ts_ns, pid, tid, ppid, uid, call_type,
// address, length, prot, flags, fd, offset_value, result, name_id
constexpr std::uint32_t baselineUnsigned
    = column(8) | column(9) | column(10) | column(11) | column(12) | column(14);
// session_id, block_no, pid, name_id, call_type, event_count
constexpr std::uint32_t blockUnsigned = column(4);

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

const char eventInsert[] = "INSERT INTO events (session_id, id, ts_ns, pid, tid, ppid, uid, "
                           "call_type, address, length, prot, flags, fd, offset_value, result, "
                           "name_id) VALUES ";

} // namespace

MysqlRowInserter::MysqlRowInserter(MYSQL *mysql, bool useBulk)
    : m_mysql(mysql)
    , m_useBulk(useBulk)
{ }

MysqlRowInserter::~MysqlRowInserter()
{
    for (MYSQL_STMT *statement : {m_eventsOne, m_eventsMany, m_baselineOne, m_blocksOne}) {
        if (statement)
            mysql_stmt_close(statement);
    }
}

std::unique_ptr<MysqlRowInserter> MysqlRowInserter::create(
    MYSQL *mysql, bool useBulk, QString *error)
{
    std::unique_ptr<MysqlRowInserter> inserter(new MysqlRowInserter(mysql, useBulk));
    inserter->m_eventsOne = inserter->prepare(eventInsert + placeholders(1, eventColumns));
    if (!useBulk)
        inserter->m_eventsMany
            = inserter->prepare(eventInsert + placeholders(rowsPerStatement, eventColumns));
    inserter->m_baselineOne = inserter->prepare(
        "INSERT INTO baseline_records (session_id, id, after_event_id, ts_ns, pid, tid, ppid, uid, "
        "call_type, address, length, prot, flags, fd, offset_value, result, name_id, text) VALUES "
        + placeholders(1, baselineColumns + 1));
    inserter->m_blocksOne = inserter->prepare(
        "INSERT INTO event_blocks (session_id, block_no, pid, name_id, call_type, event_count) "
        "VALUES (?,?,?,?,?,?) ON DUPLICATE KEY UPDATE event_count = VALUES(event_count)");
    if (!inserter->m_eventsOne || (!useBulk && !inserter->m_eventsMany) || !inserter->m_baselineOne
        || !inserter->m_blocksOne) {
        *error = inserter->m_error;
        return nullptr;
    }
    for (auto &values : inserter->m_columns)
        values.resize(bulkRows);
    return inserter;
}

MYSQL_STMT *MysqlRowInserter::prepare(const QByteArray &sql)
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

bool MysqlRowInserter::fail(MYSQL_STMT *statement)
{
    m_error = QString::fromUtf8(mysql_stmt_error(statement));
    if (m_error.isEmpty())
        m_error = QString::fromUtf8(mysql_error(m_mysql));
    return false;
}

bool MysqlRowInserter::executeBulk(MYSQL_STMT *statement, std::size_t rows, std::size_t columns,
    const std::uint32_t unsignedColumns)
{
    MYSQL_BIND binds[baselineColumns + 1];
    std::memset(binds, 0, sizeof(binds));
    for (std::size_t c = 0; c < columns; ++c) {
        binds[c].buffer_type = MYSQL_TYPE_LONGLONG;
        binds[c].buffer = m_columns[c].data();
        binds[c].is_unsigned = (unsignedColumns & column(int(c))) != 0;
    }
    std::size_t bound = columns;
    if (statement == m_baselineOne) {
        binds[columns].buffer_type = MYSQL_TYPE_BLOB;
        binds[columns].buffer = m_texts.data();
        binds[columns].length = m_textLengths.data();
        binds[columns].u.indicator = m_textIndicators.data();
        ++bound;
    }
    Q_UNUSED(bound);
    unsigned int arraySize = static_cast<unsigned int>(rows);
    if (mysql_stmt_attr_set(statement, STMT_ATTR_ARRAY_SIZE, &arraySize))
        return fail(statement);
    if (mysql_stmt_bind_param(statement, binds))
        return fail(statement);
    if (mysql_stmt_execute(statement))
        return fail(statement);
    return true;
}

bool MysqlRowInserter::executeRows(MYSQL_STMT *statement, std::size_t rows, std::size_t firstRow,
    std::size_t columns, std::uint32_t unsignedColumns)
{
    const std::size_t textColumn = statement == m_baselineOne ? 1 : 0;
    const std::size_t perRow = columns + textColumn;
    std::vector<MYSQL_BIND> binds(rows * perRow);
    std::memset(binds.data(), 0, binds.size() * sizeof(MYSQL_BIND));
    my_bool isNull = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            MYSQL_BIND &bind = binds[r * perRow + c];
            bind.buffer_type = MYSQL_TYPE_LONGLONG;
            bind.buffer = &m_columns[c][firstRow + r];
            bind.is_unsigned = (unsignedColumns & column(int(c))) != 0;
        }
        if (textColumn) {
            MYSQL_BIND &bind = binds[r * perRow + columns];
            bind.buffer_type = MYSQL_TYPE_BLOB;
            if (m_textIndicators[firstRow + r] == STMT_INDICATOR_NULL) {
                bind.buffer_type = MYSQL_TYPE_NULL;
                bind.is_null = &isNull;
            } else {
                bind.buffer = const_cast<char *>(m_texts[firstRow + r]);
                bind.buffer_length = m_textLengths[firstRow + r];
                bind.length = &m_textLengths[firstRow + r];
            }
        }
    }
    if (mysql_stmt_bind_param(statement, binds.data()))
        return fail(statement);
    if (mysql_stmt_execute(statement))
        return fail(statement);
    return true;
}

bool MysqlRowInserter::insertEvents(std::int64_t sessionId, std::span<const EventRow> rows)
{
    std::size_t done = 0;
    while (done < rows.size()) {
        const std::size_t count = std::min(bulkRows, rows.size() - done);
        for (std::size_t i = 0; i < count; ++i) {
            const EventRow &row = rows[done + i];
            const Event &e = *row.event;
            m_columns[0][i] = sessionId;
            m_columns[1][i] = row.id;
            m_columns[2][i] = e.timestampNs;
            m_columns[3][i] = e.pid;
            m_columns[4][i] = e.tid;
            m_columns[5][i] = e.ppid;
            m_columns[6][i] = e.uid;
            m_columns[7][i] = static_cast<int>(e.call);
            m_columns[8][i] = static_cast<std::int64_t>(e.address);
            m_columns[9][i] = static_cast<std::int64_t>(e.length);
            m_columns[10][i] = static_cast<std::int64_t>(e.prot);
            m_columns[11][i] = static_cast<std::int64_t>(e.flags);
            m_columns[12][i] = e.fd;
            m_columns[13][i] = static_cast<std::int64_t>(e.offset);
            m_columns[14][i] = e.result;
            m_columns[15][i] = row.nameId;
        }
        if (m_useBulk) {
            if (!executeBulk(m_eventsOne, count, eventColumns, eventUnsigned))
                return false;
        } else {
            std::size_t at = 0;
            for (; count - at >= std::size_t(rowsPerStatement); at += rowsPerStatement) {
                if (!executeRows(m_eventsMany, rowsPerStatement, at, eventColumns, eventUnsigned))
                    return false;
            }
            for (; at < count; ++at) {
                if (!executeRows(m_eventsOne, 1, at, eventColumns, eventUnsigned))
                    return false;
            }
        }
        done += count;
    }
    return true;
}

bool MysqlRowInserter::insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows)
{
    std::size_t done = 0;
    while (done < rows.size()) {
        const std::size_t count = std::min(bulkRows, rows.size() - done);
        m_texts.assign(count, nullptr);
        m_textLengths.assign(count, 0);
        m_textIndicators.assign(count, STMT_INDICATOR_NONE);
        for (std::size_t i = 0; i < count; ++i) {
            const BaselineRow &row = rows[done + i];
            const Event &e = *row.event;
            m_columns[0][i] = sessionId;
            m_columns[1][i] = row.id;
            m_columns[2][i] = row.afterEventId;
            m_columns[3][i] = e.timestampNs;
            m_columns[4][i] = e.pid;
            m_columns[5][i] = e.tid;
            m_columns[6][i] = e.ppid;
            m_columns[7][i] = e.uid;
            m_columns[8][i] = static_cast<int>(e.call);
            m_columns[9][i] = static_cast<std::int64_t>(e.address);
            m_columns[10][i] = static_cast<std::int64_t>(e.length);
            m_columns[11][i] = static_cast<std::int64_t>(e.prot);
            m_columns[12][i] = static_cast<std::int64_t>(e.flags);
            m_columns[13][i] = e.fd;
            m_columns[14][i] = static_cast<std::int64_t>(e.offset);
            m_columns[15][i] = e.result;
            m_columns[16][i] = row.nameId;
            if (e.text.isNull()) {
                m_textIndicators[i] = STMT_INDICATOR_NULL;
            } else {
                m_texts[i] = e.text.constData();
                m_textLengths[i] = static_cast<unsigned long>(e.text.size());
            }
        }
        if (m_useBulk) {
            if (!executeBulk(m_baselineOne, count, baselineColumns, baselineUnsigned))
                return false;
        } else {
            for (std::size_t at = 0; at < count; ++at) {
                if (!executeRows(m_baselineOne, 1, at, baselineColumns, baselineUnsigned))
                    return false;
            }
        }
        done += count;
    }
    return true;
}

bool MysqlRowInserter::upsertBlocks(std::int64_t sessionId, std::span<const BlockRow> rows)
{
    std::size_t done = 0;
    while (done < rows.size()) {
        const std::size_t count = std::min(bulkRows, rows.size() - done);
        for (std::size_t i = 0; i < count; ++i) {
            const BlockRow &row = rows[done + i];
            m_columns[0][i] = sessionId;
            m_columns[1][i] = row.blockNo;
            m_columns[2][i] = row.pid;
            m_columns[3][i] = row.nameId;
            m_columns[4][i] = row.call;
            m_columns[5][i] = static_cast<std::int64_t>(row.eventCount);
        }
        if (m_useBulk) {
            if (!executeBulk(m_blocksOne, count, blockColumns, blockUnsigned))
                return false;
        } else {
            for (std::size_t at = 0; at < count; ++at) {
                if (!executeRows(m_blocksOne, 1, at, blockColumns, blockUnsigned))
                    return false;
            }
        }
        done += count;
    }
    return true;
}

} // namespace memtap
