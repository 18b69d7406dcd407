// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "storage/storedsession.h"

#include <QAbstractTableModel>

#include <vector>

namespace memtap {

// The stored capture sessions of a database, newest first, for File > Open
// Session: host, backend, start, duration, events and dropped events.
class SessionListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        HostColumn,
        BackendColumn,
        StartColumn,
        DurationColumn,
        EventsColumn,
        DroppedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SessionIdRole = Qt::UserRole + 1,
        // The raw value of a cell, for sorting.
        SortRole,
    };

    explicit SessionListModel(QObject *parent = nullptr);

    // Replaces the list (given oldest first, as SessionRepository reads it).
    void setSessions(std::vector<StoredSession> sessions);
    const StoredSession &session(int row) const { return m_sessions.at(std::size_t(row)); }
    int rowOfSession(std::int64_t sessionId) const;

    // "2 h 05 min", "3 min 12 s", "4.2 s".
    static QString durationText(std::int64_t nanoseconds);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<StoredSession> m_sessions; // newest first
};

} // namespace memtap
