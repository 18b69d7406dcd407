// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"
#include "storage/requestfilter.h"
#include "storage/storedevent.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace memtap {

class Database;
class RequestLogQuery;

// The database side of RequestLogModel: lives in a thread of its own, where
// it opens its own connection and answers the model's requests (counts and
// pages of the request log) with queued signals. Every request carries the
// generation of the model's view (session and filter); a request of an older
// generation than the last open()/setFilter() is dropped, so results never
// mix two filters.
class RequestLogFetcher : public QObject
{
    Q_OBJECT

public:
    explicit RequestLogFetcher(QObject *parent = nullptr);
    ~RequestLogFetcher() override;

public Q_SLOTS:
    // Opens url (password: for MySQL/MariaDB; unset asks DatabasePassword)
    // and shows sessionId with filter. countReady() follows.
    void open(const memtap::DatabaseUrl &url, qint64 sessionId,
        const std::optional<QString> &password, const memtap::RequestFilter &filter,
        quint64 generation);
    // Changes the filter; countReady() follows.
    void setFilter(const memtap::RequestFilter &filter, quint64 generation);
    // Reads the rows committed since the last count.
    void refresh(quint64 generation);
    // Rows [firstRow, firstRow + count) of the current view.
    void fetch(quint64 generation, quint64 firstRow, quint64 count);
    // Closes the connection (in this thread, where it was opened).
    void close();

Q_SIGNALS:
    // After open(): when the session started (recording host's
    // CLOCK_MONOTONIC) and its realtime offset, where known.
    void sessionInfoReady(
        quint64 generation, bool hasRealtimeOffset, qint64 realtimeOffsetNs, qint64 startNs);
    // The view's row count as of now; error is empty on success.
    void countReady(quint64 generation, quint64 rowCount, const QString &error);
    // The rows fetch() asked for (fewer at the end of the view); error is
    // empty on success.
    void rowsReady(quint64 generation, quint64 firstRow,
        const std::vector<memtap::StoredEvent> &rows, const QString &error);

private:
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RequestLogQuery> m_query;
    QString m_openError;
    quint64 m_generation = 0;
};

} // namespace memtap
