// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/requestfilter.h"
#include "storage/storedevent.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

class QSqlQuery;

namespace memtap {

class Database;

// The request log of one session as a list of rows that can be addressed by
// position, optionally filtered by pid, name and call: what the Requests dock
// pages through and what `memtapctl export requests` walks.
//
// Nothing is ever scanned to count or to seek. Unfiltered, row k is the event
// with id k + 1 and the row count is sessions.event_count. Filtered, refresh()
// reads the filter's counts per block of ids from the block_counts_* table
// clustered for it (a running sum over a few rows per block; the block still
// being written is counted from its few events) and rows(k, n) finds the block holding row k
// by binary search, then reads the events of that block and the following
// ones by key range, skipping blocks without a match. A page therefore costs
// one short range scan, however large the session or wherever the row.
//
// Use it from the thread that opened the Database. The view stays as of the
// last refresh() (rows written later are not shown until the next one), so
// positions are stable while the writer keeps appending.
class RequestLogQuery
{
    Q_DECLARE_TR_FUNCTIONS(RequestLogQuery)

public:
    RequestLogQuery(
        Database &database, std::int64_t sessionId, const RequestFilter &filter = RequestFilter());

    std::int64_t sessionId() const { return m_sessionId; }
    const RequestFilter &filter() const { return m_filter; }
    // Changes the filter; the next refresh() builds its index.
    void setFilter(const RequestFilter &filter);

    // Brings the view up to what is committed now: cheap when nothing changed,
    // and only the new blocks are read for a filter. False and errorString()
    // on failure.
    bool refresh();
    std::uint64_t rowCount() const { return m_rowCount; }

    // Rows [firstRow, firstRow + count) of the view, fewer at its end. Empty
    // with errorString() set on failure.
    std::vector<StoredEvent> rows(std::uint64_t firstRow, std::size_t count);
    // The position of event id in the view, or nothing when the filter hides
    // it (or it is beyond the view).
    std::optional<std::uint64_t> rowOfEvent(std::int64_t id);

    bool hasError() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }

private:
    struct Block
    {
        std::int64_t blockNo = 0;
        std::uint64_t rowsBefore = 0; // matching rows in earlier blocks
        std::uint64_t rows = 0; // matching rows in this block
    };

    bool resolveNames();
    // False for a name filter that no stored name matches: the view is empty.
    bool matchesAnyName() const;
    bool readBlocks(std::int64_t fromBlock, std::uint64_t eventCount);
    QString filterSql() const;
    void bindFilter(QSqlQuery &query) const;
    bool readEvents(std::int64_t firstId, std::int64_t lastId, std::uint64_t skip,
        std::size_t limit, std::vector<StoredEvent> &out);
    bool loadNames();
    QByteArray nameOf(std::int64_t nameId);
    std::size_t blockIndexOfRow(std::uint64_t row) const;
    bool fail(const QString &what, const QSqlQuery &query);

    Database &m_database;
    const std::int64_t m_sessionId;
    RequestFilter m_filter;
    bool m_indexValid = false;
    int m_blockSize = 1024;
    std::uint64_t m_eventCount = 0; // events of the session as of the last refresh
    std::uint64_t m_rowCount = 0;
    std::vector<Block> m_blocks; // blocks with matching rows, ascending
    std::vector<std::int64_t> m_nameIds; // for a name filter: the matching name ids
    QHash<std::int64_t, QByteArray> m_names;
    std::int64_t m_highestNameId = 0;
    QString m_error;
};

} // namespace memtap
