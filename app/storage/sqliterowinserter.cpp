// SPDX-License-Identifier: GPL-2.0-or-later
#include "sqliterowinserter.h"

#include <sqlite3.h>

namespace memtap {

namespace {

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

// Binds consecutive parameters; remembers the first failure.
class Binder
{
public:
    Binder(sqlite3_stmt *statement, int first)
        : m_statement(statement)
        , m_index(first)
    { }
    Binder &operator<<(sqlite3_int64 value)
    {
        note(sqlite3_bind_int64(m_statement, ++m_index, value));
        return *this;
    }
    Binder &bytes(const QByteArray &value)
    {
        if (value.isNull())
            note(sqlite3_bind_null(m_statement, ++m_index));
        else
            note(sqlite3_bind_blob(
                m_statement, ++m_index, value.constData(), int(value.size()), SQLITE_STATIC));
        return *this;
    }
    Binder &text(const QByteArray &value)
    {
        if (value.isNull())
            note(sqlite3_bind_null(m_statement, ++m_index));
        else
            note(sqlite3_bind_text(
                m_statement, ++m_index, value.constData(), int(value.size()), SQLITE_STATIC));
        return *this;
    }
    Binder &nullableInt(std::int64_t value, bool isNull)
    {
        if (isNull)
            note(sqlite3_bind_null(m_statement, ++m_index));
        else
            note(sqlite3_bind_int64(m_statement, ++m_index, value));
        return *this;
    }
    int result() const { return m_result; }

private:
    void note(int code)
    {
        if (code != SQLITE_OK && m_result == SQLITE_OK)
            m_result = code;
    }
    sqlite3_stmt *m_statement;
    int m_index;
    int m_result = SQLITE_OK;
};

// The columns events and baseline_records share, ts_ns to result.
Binder &operator<<(Binder &b, const Event &e)
{
    return b << e.timestampNs << e.pid << e.tid << e.ppid << e.uid << static_cast<int>(e.call)
             << bits(e.address) << bits(e.length) << bits(e.prot) << bits(e.flags) << e.fd
             << bits(e.offset) << e.result;
}

int bindEvent(sqlite3_stmt *s, int first, std::int64_t sessionId, const EventRow &row)
{
    Binder b(s, first);
    b << sessionId << row.id << *row.event << row.nameId;
    return b.result();
}

int bindBaseline(sqlite3_stmt *s, int first, std::int64_t sessionId, const BaselineRow &row)
{
    Binder b(s, first);
    b << sessionId << row.id << row.afterEventId << *row.event << row.nameId;
    b.bytes(row.event->text);
    b << row.recordCount;
    b.bytes(row.maps);
    return b.result();
}

int bindBlock(sqlite3_stmt *s, int first, std::int64_t sessionId, const BlockRow &row)
{
    Binder b(s, first);
    b << sessionId << row.pid << row.blockNo << row.nameId << row.call << bits(row.eventCount);
    return b.result();
}

int bindNameBlock(sqlite3_stmt *s, int first, std::int64_t sessionId, const NameBlockRow &row)
{
    Binder b(s, first);
    b << sessionId << row.nameId << row.call << row.blockNo << bits(row.eventCount);
    return b.result();
}

int bindCallBlock(sqlite3_stmt *s, int first, std::int64_t sessionId, const CallBlockRow &row)
{
    Binder b(s, first);
    b << sessionId << row.call << row.blockNo << bits(row.eventCount);
    return b.result();
}

int bindProcess(sqlite3_stmt *s, int first, std::int64_t sessionId, const ProcessRow &row)
{
    const ProcessFigures &p = *row.figures;
    Binder b(s, first);
    b << sessionId << bits(p.processKey) << p.pid << p.ppid << p.uid;
    b.text(row.userName);
    b.bytes(p.name.isNull() ? QByteArray("") : p.name);
    b.bytes(p.cmdline.isEmpty() ? QByteArray() : p.cmdline);
    b << p.firstSeenNs << p.lastSeenNs;
    b.nullableInt(p.exitNs, p.exitNs < 0);
    b << p.exitStatus << bits(p.mmapCalls) << bits(p.munmapCalls) << bits(p.mremapCalls)
      << bits(p.brkCalls) << bits(p.failedCalls) << bits(p.requestedBytes) << bits(p.releasedBytes)
      << bits(p.liveBytes) << bits(p.liveAnonymousBytes) << bits(p.liveFileBytes)
      << bits(p.livePrivateBytes) << bits(p.liveSharedBytes) << (p.liveExact ? 1 : 0);
    return b.result();
}

int bindTimeline(sqlite3_stmt *s, int first, std::int64_t sessionId, const TimelineRow &row)
{
    Binder b(s, first);
    b << sessionId << bits(row.processKey) << row.sampleCount;
    b.bytes(row.samples.isNull() ? QByteArray("") : row.samples);
    return b.result();
}

} // namespace

SqliteRowInserter::SqliteRowInserter(sqlite3 *db)
    : m_db(db)
{ }

SqliteRowInserter::~SqliteRowInserter()
{
    for (Statement *statement : {&m_events, &m_baseline, &m_blocksByPid, &m_blocksByName,
             &m_blocksByCall, &m_processes, &m_timelines}) {
        sqlite3_finalize(statement->many);
        sqlite3_finalize(statement->one);
    }
}

bool SqliteRowInserter::prepare(Statement &statement, const QByteArray &head, int columns)
{
    statement.columns = columns;
    for (auto [target, rows] :
        {std::pair {&statement.many, rowsPerStatement}, std::pair {&statement.one, 1}}) {
        const QByteArray sql = head + " VALUES " + valuesList(rows, columns);
        if (sqlite3_prepare_v3(
                m_db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, target, nullptr)
            != SQLITE_OK) {
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
            return false;
        }
    }
    return true;
}

std::unique_ptr<SqliteRowInserter> SqliteRowInserter::create(sqlite3 *db, QString *error)
{
    std::unique_ptr<SqliteRowInserter> inserter(new SqliteRowInserter(db));
    const bool prepared
        = inserter->prepare(inserter->m_events,
              "INSERT INTO events (session_id, id, ts_ns, pid, tid, ppid, uid, call_type, address, "
              "length, prot, flags, fd, offset_value, result, name_id)",
              16)
        && inserter->prepare(inserter->m_baseline,
            "INSERT INTO baseline_records (session_id, id, after_event_id, ts_ns, pid, tid, ppid, "
            "uid, call_type, address, length, prot, flags, fd, offset_value, result, name_id, "
            "text, record_count, maps)",
            20)
        && inserter->prepare(inserter->m_blocksByPid,
            "INSERT INTO block_counts_by_pid (session_id, pid, block_no, name_id, call_type, "
            "event_count)",
            6)
        && inserter->prepare(inserter->m_blocksByName,
            "INSERT INTO block_counts_by_name (session_id, name_id, call_type, block_no, "
            "event_count)",
            5)
        && inserter->prepare(inserter->m_blocksByCall,
            "INSERT INTO block_counts_by_call (session_id, call_type, block_no, event_count)", 4)
        && inserter->prepare(inserter->m_processes,
            "INSERT OR REPLACE INTO processes (session_id, process_key, pid, ppid, uid, user_name, "
            "name, cmdline, first_seen_ns, last_seen_ns, exit_ns, exit_status, mmap_calls, "
            "munmap_calls, mremap_calls, brk_calls, failed_calls, requested_bytes, released_bytes, "
            "live_bytes, live_anonymous_bytes, live_file_bytes, live_private_bytes, "
            "live_shared_bytes, live_exact)",
            25)
        && inserter->prepare(inserter->m_timelines,
            "INSERT OR REPLACE INTO live_timelines (session_id, process_key, sample_count, "
            "samples)",
            4);
    if (!prepared) {
        *error = inserter->m_error;
        return nullptr;
    }
    return inserter;
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

template<typename Row, typename Bind>
bool SqliteRowInserter::insert(Statement &statement, std::span<const Row> rows, Bind bind)
{
    std::size_t index = 0;
    while (rows.size() - index >= std::size_t(rowsPerStatement)) {
        for (int i = 0; i < rowsPerStatement; ++i) {
            if (bind(statement.many, i * statement.columns, rows[index + i]) != SQLITE_OK) {
                m_error
                    = tr("binding a value failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
                sqlite3_clear_bindings(statement.many);
                return false;
            }
        }
        if (!step(statement.many))
            return false;
        index += rowsPerStatement;
    }
    for (; index < rows.size(); ++index) {
        if (bind(statement.one, 0, rows[index]) != SQLITE_OK) {
            m_error = tr("binding a value failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
            return false;
        }
        if (!step(statement.one))
            return false;
    }
    // Do not keep pointers into rows that are about to be freed.
    sqlite3_clear_bindings(statement.many);
    sqlite3_clear_bindings(statement.one);
    return true;
}

bool SqliteRowInserter::insertEvents(std::int64_t sessionId, std::span<const EventRow> rows)
{
    return insert(m_events, rows, [sessionId](sqlite3_stmt *s, int first, const EventRow &row) {
        return bindEvent(s, first, sessionId, row);
    });
}

bool SqliteRowInserter::insertBaseline(std::int64_t sessionId, std::span<const BaselineRow> rows)
{
    return insert(
        m_baseline, rows, [sessionId](sqlite3_stmt *s, int first, const BaselineRow &row) {
            return bindBaseline(s, first, sessionId, row);
        });
}

bool SqliteRowInserter::insertBlockCounts(std::int64_t sessionId, const BlockCounts &counts)
{
    return insert(m_blocksByPid, std::span<const BlockRow>(counts.byPid),
               [sessionId](sqlite3_stmt *s, int first, const BlockRow &row) {
                   return bindBlock(s, first, sessionId, row);
               })
        && insert(m_blocksByName, std::span<const NameBlockRow>(counts.byName),
            [sessionId](sqlite3_stmt *s, int first, const NameBlockRow &row) {
                return bindNameBlock(s, first, sessionId, row);
            })
        && insert(m_blocksByCall, std::span<const CallBlockRow>(counts.byCall),
            [sessionId](sqlite3_stmt *s, int first, const CallBlockRow &row) {
                return bindCallBlock(s, first, sessionId, row);
            });
}

bool SqliteRowInserter::replaceProcesses(std::int64_t sessionId, std::span<const ProcessRow> rows)
{
    return insert(
        m_processes, rows, [sessionId](sqlite3_stmt *s, int first, const ProcessRow &row) {
            return bindProcess(s, first, sessionId, row);
        });
}

bool SqliteRowInserter::replaceTimelines(std::int64_t sessionId, std::span<const TimelineRow> rows)
{
    return insert(
        m_timelines, rows, [sessionId](sqlite3_stmt *s, int first, const TimelineRow &row) {
            return bindTimeline(s, first, sessionId, row);
        });
}

} // namespace memtap
