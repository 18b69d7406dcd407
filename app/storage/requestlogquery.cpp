// SPDX-License-Identifier: GPL-2.0-or-later
#include "requestlogquery.h"

#include "storage/blockcounter.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace memtap {

namespace {

const char eventColumns[] = "id, ts_ns, pid, tid, ppid, uid, call_type, address, length, prot, "
                            "flags, fd, offset_value, result, name_id";

} // namespace

RequestLogQuery::RequestLogQuery(
    Database &database, std::int64_t sessionId, const RequestFilter &filter)
    : m_database(database)
    , m_sessionId(sessionId)
    , m_filter(filter)
{ }

void RequestLogQuery::setFilter(const RequestFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    m_indexValid = false;
    m_blocks.clear();
    m_nameIds.clear();
    m_rowCount = 0;
}

bool RequestLogQuery::fail(const QString &what, const QSqlQuery &query)
{
    m_error = tr("Could not read %1 of session %2: %3.")
                  .arg(what)
                  .arg(m_sessionId)
                  .arg(m_database.describe(query.lastError()));
    return false;
}

bool RequestLogQuery::loadNames()
{
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, name FROM names WHERE id > ?"));
    q.addBindValue(qint64(m_highestNameId));
    if (!q.exec())
        return fail(tr("the process names"), q);
    while (q.next()) {
        const std::int64_t id = q.value(0).toLongLong();
        m_names.insert(id, q.value(1).toByteArray());
        m_highestNameId = std::max(m_highestNameId, id);
    }
    return true;
}

QByteArray RequestLogQuery::nameOf(std::int64_t nameId)
{
    auto found = m_names.constFind(nameId);
    if (found == m_names.constEnd()) {
        loadNames();
        found = m_names.constFind(nameId);
        if (found == m_names.constEnd())
            return {};
    }
    return *found;
}

bool RequestLogQuery::matchesAnyName() const
{
    return m_filter.name.isEmpty() || !m_nameIds.empty();
}

bool RequestLogQuery::resolveNames()
{
    m_nameIds.clear();
    if (m_filter.name.isEmpty())
        return true;
    if (!loadNames())
        return false;
    for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
        if (m_filter.matchesName(it.value()))
            m_nameIds.push_back(it.key());
    }
    std::sort(m_nameIds.begin(), m_nameIds.end());
    return true;
}

QString RequestLogQuery::filterSql() const
{
    QString sql;
    if (m_filter.pid)
        sql += QStringLiteral(" AND pid = ?");
    if (m_filter.call)
        sql += QStringLiteral(" AND call_type = ?");
    if (!m_filter.name.isEmpty()) {
        sql += QStringLiteral(" AND name_id IN (");
        for (std::size_t i = 0; i < m_nameIds.size(); ++i)
            sql += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
        sql += u')';
    }
    return sql;
}

void RequestLogQuery::bindFilter(QSqlQuery &query) const
{
    if (m_filter.pid)
        query.addBindValue(*m_filter.pid);
    if (m_filter.call)
        query.addBindValue(static_cast<int>(*m_filter.call));
    if (!m_filter.name.isEmpty()) {
        for (std::int64_t id : m_nameIds)
            query.addBindValue(qint64(id));
    }
}

bool RequestLogQuery::readBlocks(std::int64_t fromBlock, std::uint64_t eventCount)
{
    while (!m_blocks.empty() && m_blocks.back().blockNo >= fromBlock)
        m_blocks.pop_back();
    std::uint64_t rowsBefore
        = m_blocks.empty() ? 0 : m_blocks.back().rowsBefore + m_blocks.back().rows;
    m_rowCount = rowsBefore;
    if (!matchesAnyName() || eventCount == 0)
        return true;

    // Completed blocks from the counts table clustered for this filter...
    const std::int64_t lastBlock = BlockCounter::blockOf(std::int64_t(eventCount), m_blockSize);
    const QString table = m_filter.pid ? QStringLiteral("block_counts_by_pid")
        : !m_filter.name.isEmpty()     ? QStringLiteral("block_counts_by_name")
                                       : QStringLiteral("block_counts_by_call");
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT block_no, SUM(event_count) FROM %1 "
                             "WHERE session_id = ?%2 AND block_no >= ? AND block_no < ? "
                             "GROUP BY block_no ORDER BY block_no")
                  .arg(table, filterSql()));
    q.addBindValue(qint64(m_sessionId));
    bindFilter(q);
    q.addBindValue(qint64(fromBlock));
    q.addBindValue(qint64(lastBlock));
    if (!q.exec())
        return fail(tr("the request counts"), q);
    while (q.next()) {
        const std::uint64_t rows = SqlValue::toUnsigned(q.value(1));
        if (rows == 0)
            continue;
        m_blocks.push_back(Block {q.value(0).toLongLong(), rowsBefore, rows});
        rowsBefore += rows;
    }
    q.finish();

    // ...and the one being filled (which has no summary yet) from its events.
    QSqlQuery last(m_database.connection());
    last.prepare(
        QStringLiteral("SELECT COUNT(*) FROM events WHERE session_id = ? AND id BETWEEN ? AND ?%1")
            .arg(filterSql()));
    last.addBindValue(qint64(m_sessionId));
    last.addBindValue(qint64(lastBlock * m_blockSize + 1));
    last.addBindValue(qint64(eventCount));
    bindFilter(last);
    if (!last.exec() || !last.next())
        return fail(tr("the request counts"), last);
    const std::uint64_t rows = SqlValue::toUnsigned(last.value(0));
    if (rows > 0) {
        m_blocks.push_back(Block {lastBlock, rowsBefore, rows});
        rowsBefore += rows;
    }
    m_rowCount = rowsBefore;
    return true;
}

bool RequestLogQuery::refresh()
{
    m_error.clear();
    QSqlDatabase db = m_database.connection();
    // One snapshot for the count and the block counts, which the writer
    // commits together.
    const bool inTransaction = db.transaction();
    auto finishTransaction = [&] {
        if (inTransaction)
            db.commit();
    };

    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT event_count, block_size FROM sessions WHERE id = ?"));
    q.addBindValue(qint64(m_sessionId));
    if (!q.exec()) {
        fail(tr("the row count"), q);
        finishTransaction();
        return false;
    }
    if (!q.next()) {
        m_error
            = tr("There is no session %1 in %2.").arg(m_sessionId).arg(m_database.url().toString());
        finishTransaction();
        return false;
    }
    const std::uint64_t eventCount = SqlValue::toUnsigned(q.value(0));
    m_blockSize = std::max(1, q.value(1).toInt());
    q.finish();

    bool ok = true;
    if (m_filter.isEmpty()) {
        m_rowCount = eventCount;
    } else if (!m_indexValid) {
        m_blocks.clear();
        ok = resolveNames() && readBlocks(0, eventCount);
        m_indexValid = ok;
    } else if (eventCount != m_eventCount) {
        // The block that was being filled may have grown; later ones are new.
        // A name first seen since then can only occur in those blocks.
        const std::int64_t from = m_eventCount == 0
            ? 0
            : BlockCounter::blockOf(std::int64_t(m_eventCount), m_blockSize);
        ok = resolveNames() && readBlocks(from, eventCount);
    }
    finishTransaction();
    if (ok)
        m_eventCount = eventCount;
    return ok;
}

std::size_t RequestLogQuery::blockIndexOfRow(std::uint64_t row) const
{
    // The last block whose rowsBefore <= row.
    const auto after = std::upper_bound(m_blocks.begin(), m_blocks.end(), row,
        [](std::uint64_t value, const Block &block) { return value < block.rowsBefore; });
    return std::size_t(after - m_blocks.begin()) - 1;
}

bool RequestLogQuery::readEvents(std::int64_t firstId, std::int64_t lastId, std::uint64_t skip,
    std::size_t limit, std::vector<StoredEvent> &out)
{
    if (!matchesAnyName())
        return true;
    QSqlQuery q(m_database.connection());
    q.setForwardOnly(true);
    QString sql
        = QStringLiteral("SELECT %1 FROM events WHERE session_id = ? AND id BETWEEN ? AND ?")
              .arg(QLatin1String(eventColumns));
    if (!m_filter.isEmpty())
        sql += filterSql();
    sql += QStringLiteral(" ORDER BY id LIMIT ? OFFSET ?");
    q.prepare(sql);
    q.addBindValue(qint64(m_sessionId));
    q.addBindValue(qint64(firstId));
    q.addBindValue(qint64(lastId));
    if (!m_filter.isEmpty())
        bindFilter(q);
    q.addBindValue(qint64(limit));
    q.addBindValue(qint64(skip));
    if (!q.exec())
        return fail(tr("requests"), q);
    while (q.next()) {
        StoredEvent stored;
        stored.id = q.value(0).toLongLong();
        Event &e = stored.event;
        SqlValue::readEventColumns(q, 1, e);
        e.name.assign(nameOf(q.value(14).toLongLong()));
        out.push_back(std::move(stored));
    }
    return true;
}

std::vector<StoredEvent> RequestLogQuery::rows(std::uint64_t firstRow, std::size_t count)
{
    m_error.clear();
    std::vector<StoredEvent> result;
    if (firstRow >= m_rowCount || count == 0)
        return result;
    count = std::size_t(std::min<std::uint64_t>(count, m_rowCount - firstRow));
    result.reserve(count);

    if (m_filter.isEmpty()) {
        const std::int64_t first = std::int64_t(firstRow) + 1;
        if (!readEvents(first, first + std::int64_t(count) - 1, 0, count, result))
            result.clear();
        return result;
    }

    std::size_t index = blockIndexOfRow(firstRow);
    std::uint64_t skip = firstRow - m_blocks[index].rowsBefore;
    const std::int64_t lastKnownId = std::int64_t(m_eventCount);
    while (result.size() < count && index < m_blocks.size()) {
        // A run of consecutive blocks with matches is read with one range scan.
        std::size_t end = index;
        std::uint64_t runRows = m_blocks[index].rows - skip;
        while (runRows < count - result.size() && end + 1 < m_blocks.size()
            && m_blocks[end + 1].blockNo == m_blocks[end].blockNo + 1) {
            ++end;
            runRows += m_blocks[end].rows;
        }
        const std::int64_t firstId = m_blocks[index].blockNo * m_blockSize + 1;
        const std::int64_t lastId
            = std::min<std::int64_t>((m_blocks[end].blockNo + 1) * m_blockSize, lastKnownId);
        const std::size_t want
            = std::size_t(std::min<std::uint64_t>(runRows, count - result.size()));
        const std::size_t before = result.size();
        if (!readEvents(firstId, lastId, skip, want, result)) {
            result.clear();
            return result;
        }
        if (result.size() - before < want) {
            // The counts promised more rows than the blocks hold: the index
            // no longer matches the table (sessions deleted and rewritten).
            m_error = tr("The request counts of session %1 do not match its events; reopen "
                         "the session.")
                          .arg(m_sessionId);
            m_indexValid = false;
            return result;
        }
        skip = 0;
        index = end + 1;
    }
    return result;
}

std::optional<std::uint64_t> RequestLogQuery::rowOfEvent(std::int64_t id)
{
    m_error.clear();
    if (id <= 0 || std::uint64_t(id) > m_eventCount)
        return std::nullopt;
    if (m_filter.isEmpty())
        return std::uint64_t(id - 1);
    const std::int64_t blockNo = BlockCounter::blockOf(id, m_blockSize);
    const auto block = std::lower_bound(m_blocks.begin(), m_blocks.end(), blockNo,
        [](const Block &b, std::int64_t value) { return b.blockNo < value; });
    if (block == m_blocks.end() || block->blockNo != blockNo || !matchesAnyName())
        return std::nullopt;
    QSqlQuery q(m_database.connection());
    q.prepare(QStringLiteral("SELECT COUNT(*), SUM(CASE WHEN id = ? THEN 1 ELSE 0 END) FROM events "
                             "WHERE session_id = ? AND id BETWEEN ? AND ?%1")
                  .arg(filterSql()));
    q.addBindValue(qint64(id));
    q.addBindValue(qint64(m_sessionId));
    q.addBindValue(qint64(blockNo * m_blockSize + 1));
    q.addBindValue(qint64(id));
    bindFilter(q);
    if (!q.exec() || !q.next()) {
        fail(tr("a request's position"), q);
        return std::nullopt;
    }
    if (q.value(1).toLongLong() != 1)
        return std::nullopt;
    return block->rowsBefore + SqlValue::toUnsigned(q.value(0)) - 1;
}

} // namespace memtap
