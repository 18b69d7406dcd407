// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "accounting/processfigures.h"

#include <QAbstractTableModel>
#include <QHash>

#include <compare>
#include <cstdint>
#include <vector>

namespace memtap {

// One row per process of a capture session, alive or exited, updated in place
// from the Accountant's ProcessUpdate batches: a new process is inserted, a
// known one changes with dataChanged, nothing is ever reset per update, so
// views keep their selection and scroll position. Exited processes stay.
class ProcessModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PidColumn,
        NameColumn,
        UserColumn,
        MmapCallsColumn,
        MunmapCallsColumn,
        RequestedColumn,
        ReleasedColumn,
        NetColumn,
        LiveColumn,
        RamShareColumn,
        FirstSeenColumn,
        LastSeenColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // The raw value of a cell (numbers as numbers), for sorting.
        SortRole = Qt::UserRole + 1,
        ProcessKeyRole,
        PidRole,
        // The name as text, for filtering.
        NameRole,
        ExitedRole,
        // Whether the live figure is exact (a baseline or a known parent).
        LiveExactRole,
    };

    // Updates that change more known rows than this are announced with
    // bulkUpdateAboutToStart() / bulkUpdateFinished() and report their rows
    // in ranges.
    static constexpr int bulkUpdateRows = 64;

    explicit ProcessModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Inserts the processes it does not know yet (in one block, at the end)
    // and updates the others in place.
    void mergeUpdate(const ProcessUpdate &update);
    // Forgets every process, for switching to another session.
    void clear();

    // MemTotal of the host that recorded the session, for the % of RAM
    // column; unknown (<= 0) leaves the column empty.
    void setMemoryTotal(std::int64_t bytes);
    std::int64_t memoryTotal() const { return m_memoryTotal; }
    // CLOCK_REALTIME - CLOCK_MONOTONIC of the recording host, so the
    // monotonic timestamps of the trace can be shown as wall-clock times.
    // Unknown (0) shows seconds since the first process was seen.
    void setRealtimeOffsetNs(std::int64_t offsetNs);

    const ProcessFigures &figures(int row) const { return m_rows.at(std::size_t(row)); }
    // How leftRow and rightRow order by column's SortRole value, compared
    // without QVariants (a sorting proxy asks this some 10^5 times when it
    // sorts thousands of processes after a live update); unordered for the
    // text columns, which sort locale-aware through SortRole.
    std::partial_ordering compareSortValues(int leftRow, int rightRow, int column) const;
    // The row of a process, -1 if unknown.
    int rowOfProcess(std::uint64_t processKey) const;
    QModelIndex indexOfProcess(std::uint64_t processKey, int column = 0) const;
    // Sum of requested bytes of all processes.
    std::uint64_t totalRequestedBytes() const { return m_totalRequested; }

    static double ramSharePercent(const ProcessFigures &figures, std::int64_t memoryTotal);

Q_SIGNALS:
    // After every mergeUpdate() that changed something, for views that
    // aggregate over all processes (the share chart).
    void processesChanged();
    // Around the dataChanged() signals of a bulk update, so that a sorting
    // proxy can hold its sorting and sort once at the end.
    void bulkUpdateAboutToStart();
    void bulkUpdateFinished();

private:
    QVariant displayData(const ProcessFigures &figures, int column) const;
    QVariant sortData(const ProcessFigures &figures, int column) const;
    QString toolTip(const ProcessFigures &figures, int column) const;
    QString timeText(std::int64_t timestampNs) const;
    // Date and time to the nanosecond, for tooltips.
    QString preciseTimeText(std::int64_t timestampNs) const;
    QString userName(std::int64_t uid) const;

    std::vector<ProcessFigures> m_rows;
    QHash<std::uint64_t, int> m_rowByKey;
    std::int64_t m_memoryTotal = 0;
    std::int64_t m_realtimeOffsetNs = 0;
    std::int64_t m_earliestNs = 0;
    std::uint64_t m_totalRequested = 0;
    mutable QHash<std::int64_t, QString> m_userNames;
};

} // namespace memtap
