// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/databaseurl.h"
#include "storage/requestfilter.h"
#include "storage/storedevent.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QThread>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace memtap {

class RequestLogFetcher;

// The Requests dock's table: every call of one stored session, in the order
// it was recorded, optionally filtered by pid, name and call.
//
// Millions of rows, so nothing is loaded up front. The row count comes from
// RequestLogQuery (which knows it without scanning); rows are read in pages
// of pageRows by a RequestLogFetcher in a worker thread with its own database
// connection, never in the GUI thread. A row whose page has not arrived yet
// shows as "loading…" (LoadingRole) and is filled with dataChanged() when it
// does. At most cachedPages pages are kept, the least recently used one goes
// first; the most recently asked-for page is read first, so jumping far away
// shows rows at once however many pages scrolling passed on the way.
//
// While the session is live (setLive()), refreshLive() re-counts at most
// every liveRefreshIntervalMs; new rows are appended with beginInsertRows()
// so views keep selection and scroll position (the Requests dock's "Follow"
// scrolls to them).
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        PidColumn,
        NameColumn,
        CallColumn,
        SizeColumn, // bytes
        SizeMibColumn,
        AddressColumn,
        ProtColumn,
        FlagsColumn,
        FdColumn,
        ResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // The raw value of a cell (numbers as numbers).
        RawValueRole = Qt::UserRole + 1,
        // True while the row's page is being read.
        LoadingRole,
        EventIdRole,
        PidRole,
        // True for a memory call the kernel refused (negative result).
        FailedRole,
    };

    static constexpr int pageRows = 256;
    static constexpr int cachedPages = 64;
    static constexpr int liveRefreshIntervalMs = 250;

    explicit RequestLogModel(QObject *parent = nullptr);
    ~RequestLogModel() override;

    // Shows sessionId of url (a new connection in the worker thread);
    // password for MySQL/MariaDB (unset: DatabasePassword looks for one).
    void setSession(const DatabaseUrl &url, std::int64_t sessionId,
        const std::optional<QString> &password = std::nullopt);
    // Shows nothing and closes the connection.
    void clearSession();
    const DatabaseUrl &url() const { return m_url; }
    std::int64_t sessionId() const { return m_sessionId; }

    void setFilter(const RequestFilter &filter);
    const RequestFilter &filter() const { return m_filter; }

    // Live: re-count every liveRefreshIntervalMs; a last re-count when it ends.
    void setLive(bool live);
    bool isLive() const { return m_liveTimer.isActive(); }

    // CLOCK_REALTIME - CLOCK_MONOTONIC of the recording host, for wall-clock
    // times; unset shows seconds since timeOrigin.
    void setRealtimeOffsetNs(std::optional<std::int64_t> offsetNs);
    void setTimeOriginNs(std::int64_t originNs) { m_timeOriginNs = originNs; }

    // Whether the count of the current session and filter has arrived.
    bool isCounted() const { return m_counted; }
    // Whether every row in [first, last] is loaded.
    bool isLoaded(int first, int last) const;
    // The stored event of row, when its page is cached.
    const StoredEvent *storedEventAt(int row) const;
    QString errorString() const { return m_error; }
    // Pages held now (at most cachedPages).
    int cachedPageCount() const { return int(m_pages.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // Asks for the rows committed since the last count, unless a count is
    // under way.
    void refreshLive();

Q_SIGNALS:
    // The count of the current session and filter arrived (first time, and
    // after every re-count).
    void counted(int rows);
    // Rows [first, last] were loaded (and dataChanged() sent for them).
    void rowsLoaded(int first, int last);
    // Reading failed: one sentence for the user.
    void errorOccurred(const QString &message);

private:
    struct Page
    {
        std::vector<StoredEvent> rows;
        quint64 lastUse = 0;
    };

    void onCountReady(quint64 generation, quint64 rowCount, const QString &error);
    void onRowsReady(quint64 generation, quint64 firstRow, const std::vector<StoredEvent> &rows,
        const QString &error);
    // Notes that row's page is wanted (from data(), hence const).
    void want(qint64 page) const;
    void dispatchFetch() const;
    void setError(const QString &error);
    QVariant display(const StoredEvent &stored, int column) const;
    QVariant rawValue(const StoredEvent &stored, int column) const;
    QString timeText(std::int64_t timestampNs, bool full) const;

    QThread m_thread;
    RequestLogFetcher *m_fetcher = nullptr;
    DatabaseUrl m_url;
    std::int64_t m_sessionId = 0;
    RequestFilter m_filter;
    quint64 m_generation = 0;
    bool m_counted = false;
    bool m_countInFlight = false;
    bool m_recountPending = false;
    int m_rowCount = 0;

    mutable QHash<qint64, Page> m_pages;
    mutable quint64 m_useClock = 0;
    // Pages asked for and not cached, the newest last; bounded.
    mutable std::deque<qint64> m_wanted;
    mutable std::optional<qint64> m_pageInFlight;

    QTimer m_liveTimer;
    std::optional<std::int64_t> m_realtimeOffsetNs;
    std::int64_t m_timeOriginNs = 0;
    QString m_error;
};

} // namespace memtap
