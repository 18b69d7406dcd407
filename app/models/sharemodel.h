// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace memtap {

class ProcessModel;

// Who requested the memory of a session: the top N processes by requested
// bytes and one "Other" row with the sum of the rest (at least two processes;
// a single one left over gets its own row), for the share chart.
// Follows a ProcessModel but recomputes at most once per refresh interval
// (one second by default), whatever the rate of live updates. Rows are in
// rank order; "Other", when there is one, is last.
class ShareModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, RequestedColumn, PercentColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1,
        // 0 for the Other row.
        ProcessKeyRole,
        PidRole,
        IsOtherRole,
        BytesRole,
        // 0..100
        PercentRole,
    };

    static constexpr int defaultTopCount = 10;
    static constexpr int defaultRefreshIntervalMs = 1000;

    struct Entry
    {
        std::uint64_t processKey = 0; // 0: Other
        std::int32_t pid = 0;
        QString name;
        std::uint64_t bytes = 0;
        // Processes the Other row stands for.
        int processCount = 1;
        bool isOther() const { return processKey == 0; }
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    explicit ShareModel(QObject *parent = nullptr);

    // Follows processes; nullptr detaches.
    void setProcessModel(ProcessModel *processes);
    void setTopCount(int count);
    int topCount() const { return m_topCount; }
    void setRefreshInterval(int milliseconds);
    int refreshInterval() const { return m_throttle.interval(); }

    // Recomputes now (a pending throttled refresh is dropped).
    void refreshNow();

    const std::vector<Entry> &entries() const { return m_entries; }
    std::uint64_t totalBytes() const { return m_totalBytes; }
    double percentOf(const Entry &entry) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After each refresh that changed something; the rows are current.
    void refreshed();

private:
    void scheduleRefresh();
    std::vector<Entry> compute() const;

    QPointer<ProcessModel> m_processes;
    std::vector<Entry> m_entries;
    std::uint64_t m_totalBytes = 0;
    int m_topCount = defaultTopCount;
    QTimer m_throttle;
};

} // namespace memtap
